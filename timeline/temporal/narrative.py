"""Narrative detection: whether a text tells of another time than its publication (a history, a
profile), and which of its years are said in passing. In a narrative, dates said without a year
count from the date the story reached, not from the DCT (HeidelTime's narrative mode, chosen per
document here).
"""

from __future__ import annotations

import bisect
import datetime as dt

from timeline.temporal.engine import Candidate, Language
from timeline.temporal.words import is_deictic

__all__ = ["is_narrative", "stated_years", "asides", "TABLES"]

TABLES = ("era",)
"""The tables narrative detection reads, besides those of timeline.temporal.words."""

NARRATIVE_MIN_YEARS = 3
"""A text must state at least this many years before it is judged a narrative (see is_narrative)."""
ASIDE_GAP = 2
"""Years further than this from the story's years around them are asides (see `asides`)."""


def is_narrative(candidates: list[Candidate], stated: list[tuple[int, int]], dct: dt.date | None, lang: Language) -> bool:
    """Whether a text tells of another time than its publication (a history, a profile): it states
    years far from the DCT's (at least NARRATIVE_MIN_YEARS of them) more often than it
    speaks of its own time, by years near the DCT or deictic words ("today", "Friday", "this week").
    A news report with a historical aside still speaks of its own time often enough to stay news.
    stated is the text's years (see `stated_years`)."""
    if dct is None:
        return False
    years = [year for _, year in stated]
    far = sum(abs(y - dct.year) > 1 for y in years)
    if far < NARRATIVE_MIN_YEARS:
        return False
    own_time = len(years) - far + sum(_counts_from_now(c, lang) for c in candidates)
    return far > own_time


def stated_years(candidates: list[Candidate], lang: Language) -> list[tuple[int, int]]:
    """(start, year) of every year stated in full, years before Christ as negative numbers: what
    `is_narrative` and `asides` read."""
    stated = []
    for candidate in candidates:
        groups = candidate.match.groupdict()
        era = groups.get("era") or groups.get("era2")
        for key in ("year", "year2", "year0"):
            said = groups.get(key)
            if said and era and lang.lookup("era", era) == "BC":
                stated.append((candidate.start, 1 - int(said)))
            elif said and len(said) == 4:
                stated.append((candidate.start, int(said)))
    return stated


def asides(stated: list[tuple[int, int]]) -> frozenset[int]:
    """Starts of the years a narrative states in passing ("found in 2004", "the largest cavalry
    battle since 1813" in a story of 1920): a year far from the story's, after which the text comes
    back to the story's year before it names another year near the aside's ("in 1614 ... as in
    1614 ... the 1614 rules" is one aside), or names no year again. A year the text keeps naming
    with no other year after it is where the story went."""
    found: set[int] = set()
    story: int | None = None
    places: dict[int, list[int]] = {}
    for index, (_, year) in enumerate(stated):
        places.setdefault(year, []).append(index)

    def next_place(year: int, index: int) -> int | None:
        """Where the text next states `year` after stated[index], looked up rather than scanned for."""
        indices = places.get(year, ())
        after = bisect.bisect_right(indices, index)
        return indices[after] if after < len(indices) else None

    for index, (start, year) in enumerate(stated):
        if story is None or abs(year - story) <= ASIDE_GAP:
            story = year
            continue
        near = {y for centre in (story, year) for y in range(centre - ASIDE_GAP, centre + ASIDE_GAP + 1)} - {year}
        coming = [(place, stated[place][1]) for y in near if (place := next_place(y, index)) is not None]
        returns = min(coming)[1] if coming else None
        if (next_place(year, index) is None) if returns is None else (abs(returns - story) <= ASIDE_GAP and abs(returns - year) > ASIDE_GAP):
            found.add(start)
        else:
            story = year
    return frozenset(found)


def _counts_from_now(candidate: Candidate, lang: Language) -> bool:
    groups = {k: v for k, v in candidate.match.groupdict().items() if v is not None}
    return bool(candidate.rule.params.get("deictic")) or is_deictic(groups, lang)
