"""Find and normalize temporal expressions (TIMEX3) in news text, HeidelTime style: the words and
rules of each language are data (resources/<language>.yaml), the engine and normalizations are code.

    tag(text, dct)      -> sorted, non-overlapping Timex list with values anchored to the DCT
    interval(value)     -> (first day, last day, granularity) a value covers, or None
    tense_cues(lang)    -> (future, past) patterns of the words that set a sentence's tense
"""

from __future__ import annotations

import datetime as dt
import re

from timeline.model import Timex
from timeline.temporal import engine
from timeline.temporal.calendar import interval
from timeline.temporal.normalize import Context, asides, is_narrative, normalize, stated_years

__all__ = ["tag", "interval", "tense_cues"]


def tag(text: str, dct: dt.date | None, language: str = "en") -> list[Timex]:
    """Temporal expressions of text with TIMEX3 values, offsets into text, in text order.

    Relative expressions are anchored to dct (the publication date) and to the tense of their
    sentence; without a dct they get X placeholders ("XXXX-06") or are left out, while absolute
    dates are still normalized. Raises engine.ResourceError for an unknown language.
    """
    lang = engine.load(language)
    lowered = engine.twin_text(text)
    resolved = engine.resolve(engine.candidates(text, lang, lowered))
    stated = stated_years(resolved, lang)
    narrative = is_narrative(resolved, stated, dct, lang)
    context = Context(text, dct, lang, narrative=narrative, candidates=resolved, asides=asides(stated) if narrative else frozenset(), lowered=lowered)
    for candidate in resolved:
        normalize(candidate, context)
    return context.anchor_times(context.found)


def tense_cues(language: str = "en") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The future and past cues of a language's resources ("will", "is set to"; "said", "was"), so
    that event extraction reads an event's tense with the same words the tagger anchors dates by."""
    lang = engine.load(language)
    return lang.future_cue, lang.past_cue
