"""Narrowing a timeline down to what a reader asks for; pure, so the dashboard stays wiring only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from timeline import salience
from timeline.model import GRANULARITIES, STATUSES, Event

__all__ = ["NO_OUTLET", "STATUSES", "source_count", "outlet_names", "granularity_names", "date_bounds", "filter_events", "key_view"]

NO_OUTLET = "(no outlet)"
"""How sources without a known outlet are named in the outlet filter, so they can be kept or hidden."""


def source_count(event: Event) -> int:
    """How many articles report the event; one article quoting it twice is one source."""
    return len({source.article_id for source in event.sources})


def outlet_names(events: Sequence[Event]) -> list[str]:
    """Every outlet that reports any of the events, sorted, NO_OUTLET last when some source lacks one."""
    names = {s.outlet or NO_OUTLET for e in events for s in e.sources}
    return sorted(names - {NO_OUTLET}) + ([NO_OUTLET] if NO_OUTLET in names else [])


def granularity_names(events: Sequence[Event], order: Sequence[str] = tuple(GRANULARITIES)) -> list[str]:
    """The granularities the events have, in the given order (finest first by default; unknown names last)."""
    rank = {name: i for i, name in enumerate(order)}
    return sorted({e.granularity for e in events}, key=lambda name: (rank.get(name, len(rank)), name))


def date_bounds(events: Sequence[Event], earliest: dt.date, latest: dt.date) -> tuple[dt.date, dt.date]:
    """Bounds for a date filter: at least earliest..latest, widened to whole years around every
    event, so any period the chart counts in can be chosen."""
    first = min([earliest, *(e.start for e in events)]).replace(month=1, day=1)
    last = max([latest, *(e.end for e in events)]).replace(month=12, day=31)
    return first, last


def filter_events(
    events: Sequence[Event],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    outlets: Collection[str] | None = None,
    keyword: str = "",
    min_sources: int = 1,
    granularities: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
) -> list[Event]:
    """The events, in order, that match every given criterion.

    - start/end: the event's interval overlaps [start, end] (so "June" stays when June 19 is in range);
    - outlets: at least one source comes from one of them (NO_OUTLET matches sources without one);
    - keyword: case-insensitive, found in the label or in any source's label or quoted sentence;
    - min_sources: at least this many sources (distinct articles);
    - granularities: the event's granularity is one of them (None keeps all);
    - statuses: the event's status is one of them ("reported" alone hides what is only expected).
    """
    needle = keyword.strip().casefold()
    wanted_outlets = set(outlets) if outlets is not None else None
    wanted_granularities = set(granularities) if granularities is not None else None
    return [
        event
        for event in events
        if (start is None or event.end >= start)
        and (end is None or event.start <= end)
        and source_count(event) >= min_sources
        and (wanted_granularities is None or event.granularity in wanted_granularities)
        and (statuses is None or event.status in statuses)
        and (wanted_outlets is None or any((s.outlet or NO_OUTLET) in wanted_outlets for s in event.sources))
        and (not needle or _mentions(event, needle))
    ]


def _mentions(event: Event, needle: str) -> bool:
    return needle in event.label.casefold() or any(
        needle in source.sentence.casefold() or needle in source.label.casefold() for source in event.sources
    )


def key_view(events: Sequence[Event], count: int, span: tuple[dt.date, dt.date] | None) -> list[Event]:
    """The `count` most salient events inside `span` and those a user marked key, in the events' own
    (date) order; all of them when there are no more than `count`, so a small corpus shows everything
    it has."""
    if len(events) <= count:
        return list(events)
    chosen = {e.id for e in salience.key_events(events, count, span)}
    return [e for e in events if e.id in chosen]
