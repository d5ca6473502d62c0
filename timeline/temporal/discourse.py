"""The discourse so far: the dates a text has named up to the expression being normalized, and the
story they tell. Normalizations read it (the date last named, the quarter the text is about, the
date a relative expression counts from); only `tag` adds to it, once a value is settled.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from timeline.model import Timex
from timeline.temporal import calendar
from timeline.temporal.document import Document
from timeline.temporal.engine import Candidate

__all__ = ["Anchor", "Discourse"]

_BC_YEAR = re.compile(r"BC(\d{4})")
_QUARTER = re.compile(r"\d{4}-Q[1-4]")
Span = tuple[dt.date, dt.date, str]


@dataclass(frozen=True)
class Anchor:
    """A date that relative expressions count from, at its granularity, with how it was chosen."""

    date: dt.date
    granularity: str
    account: str
    narrative: bool = False
    """A date of the story told, not the DCT: its tense cues say nothing (a story is told in the past)."""
    from_dct: bool = False
    """The DCT, the time of writing: a value counted from it is not a step of the story."""

    def tense(self, document: Document, candidate: Candidate, future_only: bool = False) -> tuple[str, str]:
        return ("none", "") if self.narrative else document.tense(candidate.start, candidate.end, future_only)

    @property
    def within_year(self) -> bool:
        """A story's date named by its year only: a date said without a year falls in that year."""
        return self.narrative and calendar.RANK[self.granularity] >= calendar.RANK["year"]


class Discourse:
    """The dates found so far and the story they tell; `record` is for `tag` alone."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.found: list[Timex] = []
        """Every date found so far, in text order."""
        self.story: list[Timex] = []
        """Dates of the story told, which a narrative's next dates count from: every date found but
        those counted from the time of writing ("this year" in a history of 1940 is not in 1940)."""
        self._derived: list[bool] = []
        """Whether each date found counted from another date; a shift never counts from it again."""
        self._found_read = 0
        self._story_read = 0
        """How many of `found` and of `story` the look-ups of the dates named last have taken in (see `_catch_up`)."""
        self._last_by_rank: dict[int, tuple[int, Timex, Span]] = {}
        """Granularity rank -> the last date found at it that no shift counted from another (see `reference`)."""
        self._last_quarter: Timex | None = None
        self._last_named_quarter: Timex | None = None
        """The last quarter found, and the last one not counted from another quarter."""
        self._story_date: tuple[Timex, Span] | None = None
        """The story's last date with a calendar interval (see `anchor`)."""
        self._story_era_mark: Timex | None = None
        """The story's last date that has a calendar interval or is a year before Christ (see `story_bc_year`)."""

    def record(self, timex: Timex, derived: bool, in_story: bool) -> None:
        """Add a date found: derived when its value counted from another date, in_story when the
        story moved there."""
        self.found.append(timex)
        self._derived.append(derived)
        if in_story:
            self.story.append(timex)

    def _catch_up(self) -> None:
        """Take the dates found since the last look-up into the dates named last, each once: a
        look-up then costs the same however many dates came before, and a text that never looks
        one up pays nothing."""
        for index in range(self._found_read, len(self.found)):
            timex = self.found[index]
            derived = self._derived[index]
            span = calendar.interval(timex.value)
            if span is not None and not derived:
                self._last_by_rank[calendar.RANK[span[2]]] = (index, timex, span)
            if _QUARTER.fullmatch(timex.value):
                self._last_quarter = timex
                if not derived:
                    self._last_named_quarter = timex
        self._found_read = len(self.found)
        for timex in self.story[self._story_read :]:
            span = calendar.interval(timex.value)
            if span is not None:
                self._story_date = (timex, span)
            if span is not None or _BC_YEAR.match(timex.value):
                self._story_era_mark = timex
        self._story_read = len(self.story)

    def quarter_named_last(self, derived: bool = True) -> Timex | None:
        """The last quarter found ("Q3 1989"); derived False skips those counted from another quarter."""
        self._catch_up()
        return self._last_quarter if derived else self._last_named_quarter

    def reference(self, unit: str) -> tuple[Timex, Span] | None:
        """The last date found whose granularity is at least as fine as unit, for anaphoric shifts."""
        limit = calendar.RANK.get(unit, 5)
        self._catch_up()
        last = max((entry for rank, entry in self._last_by_rank.items() if rank <= limit), key=lambda entry: entry[0], default=None)
        return (last[1], last[2]) if last else None

    def anchor(self, deictic: bool = False) -> Anchor | None:
        """The date relative expressions count from: the DCT of a news report; in a narrative, the
        date the text named last (HeidelTime's narrative mode, chosen per document here), except
        for deictic expressions ("this year", "last Friday"), which count from the time of writing."""
        document = self.document
        if document.narrative and not deictic:
            self._catch_up()
            if self._story_date is not None:
                timex, span = self._story_date
                return Anchor(span[0], span[2], f"the date last named ({timex.text!r})", narrative=True)
        dct = document.dct
        return Anchor(dct, "day", f"DCT {dct}", from_dct=True) if dct else None

    def story_bc_year(self) -> int | None:
        """The year before Christ a narrative is in, when the last year it named is one ("In 481 BC
        ... the following year"): Python's calendar has no such years, so they are counted apart."""
        if not self.document.narrative:
            return None
        self._catch_up()
        if self._story_era_mark is None:
            return None
        bc = _BC_YEAR.match(self._story_era_mark.value)
        return int(bc.group(1)) if bc else None
