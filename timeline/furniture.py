"""Page furniture: what a copied web page drags along besides the article body.

Comment counters, "What's Hot" menus, contact boxes and teasers for unrelated stories would
otherwise be read as article sentences, and their dates placed on the timeline. Only the tail is
cut (scanning up from the end, stopping at the first line that reads like body text), so every
line that is kept keeps its line number and every offset into the kept text stays valid.

Furniture inside the body (live-blog update stamps, transcript headers, tweet stamps, photo
credits) sits next to real sentences, so it is not cut but blanked: replaced by spaces of the same
length, which keeps offsets and lets the news beside it be read without the stamp's time.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
# The standard library's own parser of regular expressions: `required_text` reads from its parse
# what every match of a pattern must contain.
from re import _constants as regex_codes
from re import _parser as regex_parser

from timeline.resource_files import RESOURCES, find, read_lines, read_patterns

MAX_LABEL_WORDS = 4
"""A line this short without sentence punctuation is a menu item or label ("Entertainment"), and
one ending in an ellipsis a link ("Read more...", "Weiterlesen …")."""

MIN_TEASER_WORDS = 12
MIN_BODY_WORDS = 80
MAX_SHARED_VOCABULARY = 0.1
"""A closing paragraph of at least MIN_TEASER_WORDS content words, of which at most this share
occurs in the (at least MIN_BODY_WORDS) content words above it, is about another story. On the
seeds, genuine paragraphs with that much context share 15% or more; the Storm Ashley teaser 8%."""

MIN_STOPWORD_SHARE = 0.2
"""The comparison only judges a paragraph and a text written in the language of the stopword list
(English): at least this share of their words are in it. English prose has 35-50%; German, Polish
or Russian under 10%, and their inflected words would share little vocabulary with anything."""

MAX_TEASER_CHARS = 2_000
MAX_CONTEXT_CHARS = 100_000
"""A teaser is a paragraph of at most MAX_TEASER_CHARS (the Storm Ashley one has 400), compared with
at most MAX_CONTEXT_CHARS of text above it: far more than an article, and it keeps a 20 MB file
that is one huge line from costing seconds."""

MAX_INLINE_LINE_CHARS = 20_000
"""A line longer than this is not a page's paragraph (the longest of 1,120 scraped news articles has
1,431 characters) but a text that is one huge line; it is not searched for inline furniture, which
would cost seconds."""

_SENTENCE_PUNCTUATION = re.compile(r"[.!?\"“”。！？]")
_EXCERPT_MARK = re.compile(r"\[(…|\.\.\.)\]\s*$")
"""A teaser's cut ("[…]"): what sites and feeds put at the end of an excerpt of another page."""
_ELLIPSIS = re.compile(r"(…|\.\.\.)\]?\s*$")
"""A line cut off with an ellipsis, bare or as an excerpt mark."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def cut_trailing_furniture(text: str) -> str:
    """The text without the furniture lines at its end; unchanged when there are none.

    From the end up, a line is furniture when it matches a marker in resources/furniture_en.txt,
    is a short label, or is a teaser cut off with an excerpt mark ("[…]"); a line ending in a bare
    ellipsis is a teaser only in a run of them (a list of excerpts), as a story's own closing line
    may trail off ("…"). The first other line is body, except that one closing paragraph sharing
    almost no vocabulary with the rest is taken for a teaser of another story. A text that would
    lose everything is returned as it is.
    """
    lines = text.split("\n")
    last = len(lines) - 1
    cut_any = False
    teaser_cut = False
    excerpt_below = False
    while last >= 0:
        line = lines[last].strip()
        if line and not is_furniture(line):
            if _ELLIPSIS.search(line) and (excerpt_below or _ELLIPSIS.search(_line_above(lines, last))):
                excerpt_below = True
            elif teaser_cut or not is_unrelated(line, lines[:last]):
                break
            else:
                teaser_cut = True
        elif line:
            excerpt_below = bool(_ELLIPSIS.search(line))
        cut_any = cut_any or bool(line)
        last -= 1
    if not cut_any or last < 0:
        return text
    return "\n".join(lines[: last + 1]).rstrip()


def is_furniture(line: str) -> bool:
    """Whether one stripped line is page furniture rather than article prose."""
    if any(marker.fullmatch(line) for marker in _markers()):
        return True
    if _EXCERPT_MARK.search(line):
        return True
    if len(line.split()) > MAX_LABEL_WORDS:
        return False
    return not _SENTENCE_PUNCTUATION.search(line) or bool(_ELLIPSIS.search(line))


def _line_above(lines: list[str], index: int) -> str:
    """The nearest non-blank line above lines[index], stripped ("" at the top)."""
    return next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")


def blank_inline_furniture(text: str) -> str:
    """The text with every match of resources/furniture_inline_en.txt replaced by as many spaces.

    Patterns are searched line by line, so that a match never swallows a line break; lines over
    MAX_INLINE_LINE_CHARS are left as they are. A pattern is only searched in the lines that hold
    every piece of text it cannot match without (`required_text`): most patterns occur in no line
    of an article, and searching for a piece of plain text is far cheaper than for the pattern.
    """
    chars: list[str] | None = None
    folded = _folded(text)
    for pattern, required in _inline_patterns():
        if not all(piece in (folded if ignore_case else text) for _, piece, ignore_case in required):
            continue
        for start, end in _lines_holding(text, [found for found, _, _ in required]):
            if end - start > MAX_INLINE_LINE_CHARS:
                continue
            for found in pattern.finditer(text[start:end]):
                if found.end() > found.start():
                    chars = chars if chars is not None else list(text)
                    chars[start + found.start() : start + found.end()] = " " * (found.end() - found.start())
    return text if chars is None else "".join(chars)


def _lines_holding(text: str, required: list[re.Pattern[str]]) -> list[tuple[int, int]]:
    """(start, end) of each line of the text that holds a match of every one of `required`
    (each line, when nothing is required)."""
    if not required:
        bounds, start = [], 0
        for line in text.split("\n"):
            bounds.append((start, start + len(line)))
            start += len(line) + 1
        return bounds
    starts = sorted({text.rfind("\n", 0, found.start()) + 1 for found in required[0].finditer(text)})
    bounds = [(start, len(text) if (end := text.find("\n", start)) < 0 else end) for start in starts]
    return [(start, end) for start, end in bounds if all(piece.search(text, start, end) for piece in required[1:])]


def required_text(pattern: re.Pattern[str]) -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """Pieces of literal text that every match of `pattern` contains, longest first, each as a
    pattern with the case sensitivity it has in `pattern`, as the text a `_folded` text holds when
    the piece is in it, and whether case is ignored; () when it has none that can be told.

    Read from the parsed expression: runs of literal characters in its top-level sequence, in
    its groups and in what it repeats at least once (a branch, an optional part or a character
    class has none).
    """
    pieces = _literal_runs(regex_parser.parse(pattern.pattern, pattern.flags).data, bool(pattern.flags & re.IGNORECASE))
    pieces.sort(key=lambda piece: -len(piece[0]))
    return tuple(
        (re.compile(re.escape(piece), re.IGNORECASE if ignore_case else 0), _folded(piece) if ignore_case else piece, ignore_case)
        for piece, ignore_case in pieces
    )


def _folded(text: str) -> str:
    """The text with case folded so that a piece of text a case-insensitive regular expression
    finds in it is, folded the same way, a substring of it (`in` is far faster than a search):
    lowercased, the characters `re` also takes for one another ("ſ" for "s") made one, and the dot
    that lowercasing adds to "İ" dropped, as `re` reads "İ" as "i"."""
    return text.lower().translate(_CASE_CLASSES)


def _case_classes() -> dict[int, int | None]:
    """A translation to one character of each set that `re` matches for one another besides
    lowercase (re._casefix lists them), and the removal of the combining dot above."""
    from re._casefix import _EXTRA_CASES  # the standard library's table behind re.IGNORECASE

    classes: dict[int, set[int]] = {}
    for lower, others in _EXTRA_CASES.items():
        joined = {lower, *others}.union(*(classes.get(member, ()) for member in (lower, *others)))
        for member in joined:
            classes[member] = joined
    table: dict[int, int | None] = {member: min(joined) for member, joined in classes.items()}
    table[0x0307] = None
    return table


_CASE_CLASSES = _case_classes()


def _literal_runs(items: list, ignore_case: bool) -> list[tuple[str, bool]]:
    """(text, ignore case) of each run of literal characters a parsed sequence must match."""
    runs: list[tuple[str, bool]] = []
    run: list[str] = []
    for code, argument in items:
        if code is regex_codes.LITERAL:
            run.append(chr(argument))
            continue
        if code in (regex_codes.AT, regex_codes.ASSERT, regex_codes.ASSERT_NOT):
            continue  # zero-width: the characters on either side are adjacent in the text
        if run:
            runs.append(("".join(run), ignore_case))
            run = []
        if code is regex_codes.SUBPATTERN:
            _, added, removed, body = argument
            runs += _literal_runs(body, (ignore_case or bool(added & re.IGNORECASE)) and not removed & re.IGNORECASE)
        elif code in (regex_codes.MAX_REPEAT, regex_codes.MIN_REPEAT) and argument[0] >= 1:
            runs += _literal_runs(argument[2], ignore_case)
    if run:
        runs.append(("".join(run), ignore_case))
    return runs


def is_unrelated(paragraph: str, before: list[str]) -> bool:
    """Whether a closing paragraph shares too little vocabulary with the text above to belong to it;
    never for a paragraph or a text in a language other than the stopword list's."""
    if len(paragraph) > MAX_TEASER_CHARS:
        return False
    context = "\n".join(before[-MAX_CONTEXT_CHARS:])[-MAX_CONTEXT_CHARS:]
    paragraph_words, context_words = _WORD.findall(paragraph.lower()), _WORD.findall(context.lower())
    words, body = _content_words(paragraph_words), _content_words(context_words)
    if len(words) < MIN_TEASER_WORDS or len(body) < MIN_BODY_WORDS:
        return False
    if _stopword_share(paragraph_words) < MIN_STOPWORD_SHARE or _stopword_share(context_words) < MIN_STOPWORD_SHARE:
        return False
    return len(words & body) / len(words) <= MAX_SHARED_VOCABULARY


def _content_words(words: list[str]) -> set[str]:
    return {_stem(w) for w in set(words) if len(w) > 2 and w not in _stopwords()}


def _stopword_share(words: list[str]) -> float:
    return sum(w in _stopwords() for w in words) / len(words) if words else 0.0


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude English stem, enough to match "troops" with "troop" and "signed" with "sign"
    (remembered: an article repeats its words, a corpus its vocabulary)."""
    for suffix in ("’s", "'s", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@cache
def _markers() -> tuple[re.Pattern[str], ...]:
    return read_patterns(find(RESOURCES, "furniture_{}.txt", "en", "furniture"), re.IGNORECASE, examples=False)


@cache
def _inline_patterns() -> tuple[tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str, bool], ...]], ...]:
    """Each inline pattern with the text its matches require."""
    patterns = read_inline_patterns(find(RESOURCES, "furniture_inline_{}.txt", "en", "inline furniture"))
    return tuple((pattern, required_text(pattern)) for pattern in patterns)


def read_inline_patterns(path: Path) -> tuple[re.Pattern[str], ...]:
    """The patterns of an inline furniture file (or of a file in its format, titles_en.txt), each
    checked against the examples written above it."""
    return read_patterns(path, re.IGNORECASE | re.MULTILINE, examples=True)


@cache
def _stopwords() -> frozenset[str]:
    path = find(RESOURCES, "stopwords_{}.txt", "en", "stopword")
    return frozenset(word for line in read_lines(path) for word in line.text.split())
