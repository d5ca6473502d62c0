"""A title for an article that has none: its headline-like first line, or its first sentence, shortened.

Real scraped news often comes without a title (the Timeline17 articles, three of the five samples, a
pasted text), and a timeline citing `002_2242d72101a81298.txt` tells a reader nothing. A headline
has no final period, so the tagger's sentence splitter already ends a sentence at its line break:
the first sentence of the first line that is not a credit, byline, dateline or page chrome
(resources/titles_en.txt) is the headline when the text has one, its lead sentence otherwise.

A derived title is marked as such wherever it is shown (model.cited_title): it is the tool's
wording, not the outlet's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from timeline.furniture import read_inline_patterns
from timeline.resource_files import RESOURCES, find
from timeline.sentences import split_sentences

__all__ = ["derive_title", "shorten", "TITLE_CHARS"]

TITLE_CHARS = 80
"""A derived title is cut (at a word, with an ellipsis) past this many characters: about a
headline's length."""

LINES_LOOKED_AT = 8
"""Non-empty lines looked at for a title: past the first few the text is the story itself."""

LINE_CHARS = 1_000
"""Characters of a line looked at: a title is in a line's first sentence, and a text that is one
huge line (a 20 MB dump) must not be split into sentences whole."""

_SEPARATORS = " \t|-–—:;,"
_NO_WORD = re.compile(r"^\W*$")


@cache
def _openers(language: str) -> tuple[re.Pattern[str], ...]:
    return read_inline_patterns(find(RESOURCES, "titles_{}.txt", language, "title"))


def derive_title(text: str, language: str = "en") -> str | None:
    """The title a reader would give the text (see the module doc), None when it has no words."""
    openers = _openers(language)
    looked_at = 0
    for line in _lines(text):
        if not line.strip():
            continue
        looked_at += 1
        if looked_at > LINES_LOOKED_AT:
            return None
        line = _without_openers(line[:LINE_CHARS], openers)
        if _NO_WORD.match(line):
            continue
        start, end = split_sentences(line, language)[0]
        sentence = line[start:end].rstrip()
        if sentence.endswith(".") and not sentence.endswith(".."):
            sentence = sentence[:-1]
        return shorten(sentence, TITLE_CHARS)
    return None


def _lines(text: str) -> Iterator[str]:
    """The text's lines, one at a time (a huge text is not split whole for its first few lines)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        yield text[start:end]
        start = end + 1


def _without_openers(line: str, openers: tuple[re.Pattern[str], ...]) -> str:
    """The line without the credits, bylines and datelines at its start, one after another."""
    line = line.lstrip(_SEPARATORS)
    cut = True
    while cut and line:
        cut = False
        for pattern in openers:
            match = pattern.match(line)
            if match and match.end() > 0:
                line = line[match.end() :].lstrip(_SEPARATORS)
                cut = True
    return line.strip()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"
