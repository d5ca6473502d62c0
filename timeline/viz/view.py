"""What a chart shows besides its events: the date window, the story's span and the current event
(View); the order a reader follows (date_order); the periods a crowded chart counts in; and the
period a click on a counted bar asks for (Zoom)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.model import GRANULARITIES, Event, Granularity


MAX_CELLS = 160
"""At most about this many periods across the counting chart, so a period stays a few pixels wide."""

COUNTING_PERIODS: tuple[Granularity, ...] = ("day", "week", "month", "quarter", "year")
"""The periods a crowded chart counts events in, finest first."""


def date_order(events: Sequence[Event]) -> list[Event]:
    """The order a reader follows a timeline in: by first day, the narrower period first, then by
    label. The chart's lanes go down in it and the story view steps through it."""
    return sorted(events, key=date_key)


def date_key(event: Event) -> tuple:
    """date_order's key, which the lanes sort by too."""
    return event.start, event.end, event.label, event.id


@dataclass(frozen=True)
class View:
    """What a chart shows besides its events.

    start, end: the date window the reader asked for (the date filter); None shows the events' own
    dates. story: the span of the story (salience.story_span), where a chart that counts events per
    period opens when no window is asked, so that a century named in passing does not squeeze the
    story into one column. current: the event a story view is on, marked on the chart.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    story: tuple[dt.date, dt.date] | None = None
    current: str | None = None


def shown_dates(events: Sequence[Event], start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last day a chart of the events shows: theirs, within the date filter's."""
    first, last = min(e.start for e in events), max(e.end for e in events)
    return max(first, start or first), min(last, end or last)


def counting_period(first: dt.date, last: dt.date) -> str:
    """The finest period that cuts the days from first to last into at most MAX_CELLS pieces."""
    span = (last - first).days + 1
    return next((name for name in COUNTING_PERIODS if span / GRANULARITIES[name].longest_days <= MAX_CELLS), "year")


@dataclass(frozen=True)
class Zoom:
    """What a click on a bar of counted or shared events asks the filters for: that bar's period,
    and for the events that span the whole view, their granularity alone (else they span it again)."""

    start: dt.date
    end: dt.date
    granularity: str | None = None

    @property
    def customdata(self) -> str:
        """As carried by the bar: an ISO 8601 interval ("2024-06-01/2024-06-30"), then "/year"
        when the granularity is narrowed too; never mistaken for an event id, which has no slash."""
        interval = f"{self.start.isoformat()}/{self.end.isoformat()}"
        return f"{interval}/{self.granularity}" if self.granularity else interval


def zoom_of(customdata: object) -> Zoom | None:
    """The zoom a clicked bar asks for, or None when the click was on an event."""
    parts = str(customdata).split("/")
    if len(parts) not in (2, 3):
        return None
    try:
        start, end = dt.date.fromisoformat(parts[0]), dt.date.fromisoformat(parts[1])
    except ValueError:
        return None
    return Zoom(start, end, parts[2] if len(parts) == 3 else None)
