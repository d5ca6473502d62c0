"""Find and normalize temporal expressions (TIMEX3) in news text, HeidelTime style: the words and
rules of each language are data (resources/<language>.yaml), the engine and normalizations are code.

    tag(text, dct)      -> sorted, non-overlapping Timex list with values anchored to the DCT
    interval(value)     -> (first day, last day, granularity) a value covers, or None
"""

from __future__ import annotations

import datetime as dt

from timeline.model import Timex
from timeline.temporal import engine
from timeline.temporal.calendar import interval
from timeline.temporal.normalize import Context, asides, is_narrative, normalize, stated_years

__all__ = ["tag", "interval"]


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
