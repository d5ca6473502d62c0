"""Where sentences end. Event extraction quotes and labels a date's sentence and a derived title is a
first sentence, so both read `split_sentences`; the temporal tagger reads a date's tense from the
stretch `tense_scope` gives, which ends at every full stop before a capital, an abbreviation's too.

The abbreviations whose period ends no sentence are the language's resources/sentences_<language>.yaml.
"""

from __future__ import annotations

import functools
import re

from timeline.resource_files import RESOURCES, find, read_yaml

__all__ = ["split_sentences", "tense_scope"]

_SENTENCE_END = re.compile(r"[.!?…](?:(?<![.!?…][.!?…])[.!?…]*+[\"”’»)\]]*+(?=\s|$)|(?<=[a-z]{2}\.)(?=[A-Z][a-z]))")
"""The end of a sentence: a run of stops and closing quotes before a space, or a period glued to a
capitalised word. A run is matched from its first mark and never given back in part (possessive),
so that a long run of "!!!!" is read once, not once per mark; the pattern opens with the stop, so
that the search skips to the next stop rather than trying the pattern at every character."""
_SCOPE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z])|\n\s*")
"""Where the reach of a tense cue ends: a stop (and closing quotes) before a capital or a digit,
whether or not it closes an abbreviation; a stop glued to a capital; a line break."""
_SPACES = re.compile(r"\s*")
_WORD_END = re.compile(r"[\w.]+$")
_LINE = re.compile(r"[^\n]+")


@functools.cache
def _abbreviations(language: str) -> tuple[frozenset[str], int]:
    """A language's abbreviations (written without their period) and the length of the longest."""
    words = read_yaml(find(RESOURCES, "sentences_{}.yaml", language, "sentence")).words("abbreviations")
    return words, max(map(len, words), default=0)


def split_sentences(text: str, language: str = "en") -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a text, without the spaces around them.

    Line breaks always end a sentence (headlines and captions have no final period); within a line a
    sentence ends at . ! ? (and closing quotes) followed by a capital, unless the period closes an
    abbreviation ("Mr.", "Gen.", "U.S.") or an initial.
    """
    abbreviations, longest = _abbreviations(language)
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        body = line.group()
        cuts = []
        for end in _SENTENCE_END.finditer(body):
            next_visible = _SPACES.match(body, end.end()).end()
            if next_visible == len(body) or body[next_visible].islower() or body[next_visible] in ",;:":
                continue
            if end.group().startswith(".") and _closes_abbreviation(body, end.start(), abbreviations, longest):
                continue
            cuts.append(end.end())
        previous = 0
        for cut in [*cuts, len(body)]:
            piece = body[previous:cut]
            stripped = piece.strip()
            if stripped:
                start = line.start() + previous + (len(piece) - len(piece.lstrip()))
                spans.append((start, start + len(stripped)))
            previous = cut
    return spans


def _closes_abbreviation(body: str, at: int, abbreviations: frozenset[str], longest: int) -> bool:
    """Whether the word before body[at] is an abbreviation or an initial. Only the `longest` + 1
    characters before `at` are looked at: a longer word is neither, and looking no further keeps
    a line of many sentences linear."""
    begin = max(0, at - longest - 1)
    word = _WORD_END.search(body, begin, at)
    if not word or (word.start() == begin > 0 and _WORD_END.match(body[begin - 1])):
        return False
    token = word.group()
    return token.lower() in abbreviations or (len(token) == 1 and token.isupper())


def tense_scope(text: str, position: int, reach: int) -> tuple[int, int]:
    """Bounds of the stretch around a position that the tense of a date there is read from: from the
    last _SCOPE_BREAK before it to the first after it, no further than reach either side. Only that
    window is searched, so the cost of a date does not grow with the text."""
    low, high = max(0, position - reach), min(len(text), position + reach)
    start, end = low, high
    for found in _SCOPE_BREAK.finditer(text, low, high):
        if found.end() <= position:
            start = found.end()
        else:
            end = found.end()
            break
    return start, end
