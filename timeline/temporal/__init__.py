"""Find and normalize temporal expressions (TIMEX3) in news text, HeidelTime style: the words and
rules of each language are data (resources/<language>.yaml), the engine and normalizations are code.

    tag(text, dct)      -> sorted, non-overlapping Timex list with values anchored to the DCT
    interval(value)     -> (first day, last day, granularity) a value covers, or None
    tense_cues(lang)    -> (future, past) patterns of the words that set a sentence's tense

The package, in the order a text goes through it:

    engine       compiles resources/<language>.yaml; finds every rule's matches, keeps the longest
    document     the text as tagging reads it: DCT, sentences, expressions, tense cues (immutable)
    narrative    whether the text tells of another time than its publication, and its asides
    discourse    the dates found so far and the story they tell (only `tag` adds to it)
    normalizers/ one module per family of expressions, each normalization registered by name
    words        numbers, months and direction words read through the language's tables
    calendar     arithmetic on TIMEX3 values, language-free
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from timeline.model import Timex
from timeline.resource_files import ResourceError
from timeline.temporal import engine
from timeline.temporal.calendar import interval
from timeline.temporal.discourse import Discourse
from timeline.temporal.document import Document
from timeline.temporal.engine import Language
from timeline.temporal.normalizers import NORMALIZERS, Expression, check, date_times

__all__ = ["tag", "interval", "tense_cues", "load", "require", "ResourceError"]


@functools.lru_cache(maxsize=None)
def load(language: str) -> Language:
    """A language's compiled resources, checked against the normalizations (see normalizers.check);
    ResourceError for a language without resources ("en-US" reads English, see timeline.resource_files)."""
    return check(engine.load(language))


def require(language: str) -> None:
    """ResourceError, naming the languages there are, unless the language has tagging resources;
    reads and compiles nothing, so a reader can refuse an article it could never date cheaply."""
    engine.resource_file(language)


def tag(text: str, dct: dt.date | None, language: str = "en") -> list[Timex]:
    """Temporal expressions of text with TIMEX3 values, offsets into text, in text order.

    Relative expressions are anchored to dct (the publication date) and to the tense of their
    sentence; without a dct they get X placeholders ("XXXX-06") or are left out, while absolute
    dates are still normalized. Raises ResourceError for a language without resources.
    """
    document = Document.read(text, dct, load(language))
    discourse = Discourse(document)
    for candidate in document.candidates:
        rule = candidate.rule
        if rule.type == "NONE":
            continue
        normalization = NORMALIZERS[rule.normalize]
        groups = {k: v for k, v in candidate.match.groupdict().items() if v is not None}
        try:
            result = normalization.function(Expression(groups, candidate, document, discourse))
        except OverflowError:  # the value would fall off the calendar ("tomorrow" of 9999-12-31): it has none
            continue
        if result is None:
            continue
        timex = Timex(candidate.start, candidate.end, text[candidate.start : candidate.end], result.type or rule.type, result.value, rule=rule.name, derivation=result.derivation)  # type: ignore[arg-type]
        in_story = not (result.counted_from_dct or result.flashback or candidate.start in document.asides or document.is_planned(candidate))
        discourse.record(timex, normalization.derived, in_story)
    return date_times(discourse)


def tense_cues(language: str = "en") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The future and past cues of a language's resources ("will", "is set to"; "said", "was"), so
    that event extraction reads an event's tense with the same words the tagger anchors dates by."""
    lang = load(language)
    return lang.future_cue, lang.past_cue
