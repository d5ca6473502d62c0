"""Salience: which events a reader's timeline needs, and the span of the story they belong to.

An event is key when a reader would count it so: many distinct articles and outlets report it, several
of them were published close to it (news is written when things happen, background is repeated
later), its date sits in the sentence's main clause rather than an aside, its mentions name one day
rather than "in November", and some article says plainly what happened (not only "we're going to
cover it today"). A day the whole coverage turns to lends weight to its events: real
news words one event many ways, so one day's reports are spread over several merged events, and
the day's attention says what the split hides. A clock-time event counts for its day.

    salience = (log2(1 + support + near) + OUTLET_WEIGHT * log2(1 + outlets) + DAY_WEIGHT * attention)
               * PRECISION[granularity] * (CONCENTRATION_FLOOR + (1 - CONCENTRATION_FLOOR) * concentration)
               * (1 if any mention states it readably else UNSTATED_WEIGHT)

where support sums, over distinct articles, 1 for a main-clause mention and ASIDE_WEIGHT for one in an
aside; near counts the articles published from the event's first day to NEAR_DAYS after its last;
concentration is the share of those articles that name the event's own interval (not a coarser one);
attention, for a day-level event, is log2(1 + the articles that name its day, weighted as support is),
and 0 for coarser ones. (Articles published on a day add nothing to it: on the Timeline17 dev topics they
changed no chosen date, and in a small corpus they lift every publication day.)
"""

from __future__ import annotations

import collections
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from timeline.model import Article, Event, Granularity, Mention

__all__ = ["day_attention", "score", "key_events", "story_span", "default_count", "DAY_LEVEL"]

ASIDE_WEIGHT = 0.5
OUTLET_WEIGHT = 0.5
NEAR_DAYS = 2
DAY_WEIGHT = 1.0
CONCENTRATION_FLOOR = 0.5
UNSTATED_WEIGHT = 0.8
"""An event that no mention states readably (only "We're going to cover it today", "He said") counts this much."""

PRECISION: Mapping[str, float] = {
    "time": 1.0, "day": 1.0, "weekend": 0.6, "week": 0.5, "month": 0.35, "season": 0.25, "quarter": 0.25,
    "half": 0.2, "year": 0.15, "decade": 0.05, "century": 0.02, "unknown": 0.0,
}  # fmt: skip
"""How much of a reader's timeline an event at each granularity can fill: a day is a date on it,
"in November" only a hint of one."""

DAY_LEVEL: frozenset[Granularity] = frozenset({"time", "day"})
"""Granularities that name one calendar day."""

SAME_DATE_DECAY = 0.8
"""How much less a date's next event counts, per more salient event of that date, among key events."""

SPAN_QUANTILE = 0.05
"""The story's span holds the articles' publication dates between this quantile and its complement..."""
UNDATED_COUNT = 20
"""Key events shown when no article is dated, so that no span can be told."""
SPAN_LEAD = dt.timedelta(days=31)
"""...and reaches this far before them, where the background that the coverage recalls lies."""


def day_attention(mentions: Iterable[Mention]) -> dict[dt.date, float]:
    """Each day's attention in the coverage (see the module doc), for the days it has any."""
    naming: dict[dt.date, dict[str, float]] = {}
    for m in mentions:
        if m.granularity in DAY_LEVEL:
            weights = naming.setdefault(m.start, {})
            weights[m.article_id] = max(weights.get(m.article_id, 0.0), ASIDE_WEIGHT if m.aside else 1.0)
    return {day: math.log2(1 + sum(weights.values())) for day, weights in naming.items()}


def score(mentions: Iterable[Mention], articles: Mapping[str, Article], start: dt.date, end: dt.date, granularity: Granularity, attention: Mapping[dt.date, float]) -> float:
    """The salience of the event at [start, end] that these mentions report (formula in the module
    doc), with `attention` from day_attention."""
    weight: dict[str, float] = {}
    exact: set[str] = set()
    readable = False
    for m in mentions:
        readable = readable or m.readable
        weight[m.article_id] = max(weight.get(m.article_id, 0.0), ASIDE_WEIGHT if m.aside else 1.0)
        if (m.start, m.end) == (start, end) or m.granularity == "time":
            exact.add(m.article_id)
    if not weight:
        return 0.0
    near = 0
    outlets = set()
    for article_id in weight:
        article = articles.get(article_id)
        if article is None:
            continue
        if article.outlet:
            outlets.add(article.outlet.casefold())
        dct = article.dct
        if dct is not None and start <= dct <= end + dt.timedelta(days=NEAR_DAYS):
            near += 1
    concentration = len(exact) / len(weight)
    raw = math.log2(1 + sum(weight.values()) + near) + OUTLET_WEIGHT * math.log2(1 + len(outlets))
    if granularity in DAY_LEVEL:
        raw += DAY_WEIGHT * attention.get(start, 0.0)
    stated = 1.0 if readable else UNSTATED_WEIGHT
    return round(raw * PRECISION.get(granularity, 0.0) * (CONCENTRATION_FLOOR + (1 - CONCENTRATION_FLOOR) * concentration) * stated, 6)


def story_span(articles: Sequence[Article]) -> tuple[dt.date, dt.date] | None:
    """Where the story lies: the bulk of the articles' publication dates and the month before them.

    A few articles far from the rest (an anniversary piece, a page dated years later) do not stretch
    it; None when no article is dated.
    """
    days = sorted(a.dct for a in articles if a.dct is not None)
    if not days:
        return None
    cut = int(len(days) * SPAN_QUANTILE)
    return days[cut] - SPAN_LEAD, days[len(days) - 1 - cut]


def default_count(span: tuple[dt.date, dt.date] | None) -> int:
    """About as many dates as a journalist's timeline of that span holds: 10 for a week, ~20 for a
    month, ~35 for a year, at most 50; UNDATED_COUNT when there is no span."""
    if span is None:
        return UNDATED_COUNT
    days = (span[1] - span[0]).days + 1
    return max(10, min(50, round(10 + 1.3 * math.sqrt(days))))


def key_events(events: Sequence[Event], count: int, span: tuple[dt.date, dt.date] | None = None) -> list[Event]:
    """The events a user marked key (all of them, wherever they lie), then the other key events
    (inside `span` when given), `count` in all unless more are marked; most salient first, spread over
    the dates.

    An event counts SAME_DATE_DECAY times less for each more salient event of its date (its interval;
    a clock time's is its day): a reader's timeline gives the story's dates one entry each before it
    gives a busy date a second one.
    """
    marked = sorted((e for e in events if e.key), key=_by_salience)
    inside = sorted((e for e in events if not e.key and (span is None or (span[0] <= e.start and e.end <= span[1]))), key=_by_salience)
    before: collections.Counter[tuple[dt.date, dt.date]] = collections.Counter()
    spread = []
    for event in inside:
        spread.append((event.salience * SAME_DATE_DECAY ** before[event.start, event.end], event))
        before[event.start, event.end] += 1
    ranked = marked + [event for _, event in sorted(spread, key=lambda item: (-item[0], *_by_salience(item[1])))]
    return ranked[: max(count, len(marked))]


def _by_salience(event: Event) -> tuple:
    return (-event.salience, event.start, event.label)
