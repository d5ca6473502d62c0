"""The interactive timeline chart and the small HTML snippets that show an event's sources.

Dates are drawn as precisely as the articles state them and no more: a day is a point, while a
month, quarter, week or year is a bar over the whole interval it covers, so "in June" never turns
into a made-up June 1st. Events go into lanes wide enough for their labels, so labels never pile
up; when the events would need more lanes than a chart can show, they are counted per period
instead, and a click on a period zooms into it. Every string that comes from an article is
HTML-escaped before Plotly or Streamlit sees it, because both render a subset of HTML and article
text is untrusted.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go

from timeline.filters import source_count
from timeline.model import Article, Event, Source

WEBGL_THRESHOLD = 1000
"""Above this many point events the points are drawn with WebGL, which stays fluid at 10,000."""

LABEL_THRESHOLD = 40
"""Up to this many events each carries a visible label; beyond, labels would pile up: hover only."""

MAX_LANES = 50
"""More lanes than this leave too little height per event to read: the chart then counts the events
of each period instead of drawing them one by one (a reader zooms in with the date filters)."""

MAX_CELLS = 160
"""At most about this many periods across the counting chart, so a period stays a few pixels wide."""

LABEL_CHARS = 32
SENTENCE_CHARS = 200
WRAP_CHARS = 80
HOVER_SOURCES = 3
"""Sources quoted in a hover box (Plotly clips a box taller than the chart)."""
HOVER_NAMED = 5
"""Further sources named on one line each, without their quote; any beyond are counted, and the
detail panel lists them all."""
NAMED_CHARS = 70
HOVER_EVENTS = 5
"""Events named in the hover box of a counted period, those with the most sources first."""

PACKING_WIDTH_PX = 720
"""Plot width the lanes are packed for, about the dashboard's plot area on a laptop screen: a wider
plot only adds room between labels, and zooming in only spreads events apart."""
LABEL_FONT_PX = 12
LABEL_CHAR_PX = 6.6
"""Generous mean glyph advance at LABEL_FONT_PX: Source Sans, the dashboard's font, measures 5.5 px
in Chromium, Plotly's default Open Sans about 6.3 px."""
LABEL_PAD_PX = 4
LANE_GAP_PX = 8
EDGE_PX = 12
MIN_SPAN_DAYS = 7

GRANULARITY_COLORS = {
    "day": "#1f77b4",
    "time": "#17becf",
    "week": "#2ca02c",
    "weekend": "#98df8a",
    "month": "#ff7f0e",
    "season": "#bcbd22",
    "quarter": "#d62728",
    "half": "#9467bd",
    "year": "#8c564b",
    "decade": "#e377c2",
    "century": "#7f7f7f",
    "unknown": "#c7c7c7",
}

GRANULARITY_DAYS = {
    "time": 0, "day": 1, "weekend": 2, "week": 7, "month": 28, "season": 89, "quarter": 89,
    "half": 181, "year": 365, "decade": 3652, "century": 36524, "unknown": 36524,
}  # fmt: skip
"""The shortest length of each granularity's interval: what fits inside a counting period."""

PERIODS = {"day": 1, "week": 7, "month": 31, "quarter": 92, "year": 366}
"""Counting periods, finest first, with their longest length in days."""

MS_PER_DAY = 86_400_000


def timeline_figure(events: Sequence[Event], start: dt.date | None = None, end: dt.date | None = None) -> go.Figure:
    """A Plotly timeline of events: points for single days, bars for longer intervals, in lanes.

    One trace per granularity (a legend entry, one colour), built from lists in one pass, so the
    figure stays cheap for thousands of events. Each point's customdata is its event id. `start`
    and `end` (the date filter) bound the dates shown, so a year-long bar does not stretch a
    week's view. When the events need more than MAX_LANES lanes, those spanning the whole view
    (say the year-level events of a week) share one bar per period, as they are drawn alike
    anyway; if that is not enough, the figure counts all events per period instead, unless only
    one day is shown (which cannot be cut finer).
    """
    if not events:
        return _empty_figure()
    first, last = shown_dates(events, start, end)
    labelled = len(events) <= LABEL_THRESHOLD
    focus, spanning = list(events), []
    layout = lay_out(focus, labelled, start, end)
    if layout.n_lanes > MAX_LANES:
        spanning = [e for e in events if e.start <= first and e.end >= last and e.end > e.start]
        focus = [e for e in events if not (e.start <= first and e.end >= last and e.end > e.start)]
        layout = lay_out(focus, labelled, start, end)
    shared = _cells(spanning, period=None)
    n_lanes = len(shared) + layout.n_lanes
    if n_lanes > MAX_LANES and last > first:
        return counts_figure(events, start, end)

    figure = go.Figure()
    biggest = max((len(members) for members in shared.values()), default=1)
    for lane, ((granularity, period_start, period_end), members) in enumerate(shared.items()):
        name = f"{granularity} ({len(members)}, spanning the view)"
        figure.add_trace(_cells_bar(name, granularity, [(period_start, period_end, members)], [lane], biggest, None))

    traces: dict[tuple[str, bool], _Trace] = {}
    for event, lane in zip(focus, layout.lanes):
        is_point = event.start == event.end
        trace = traces.setdefault((event.granularity, is_point), _Trace())
        trace.add(event, len(shared) + lane, labelled, last)
    many_points = sum(len(t.ids) for (_, is_point), t in traces.items() if is_point) > WEBGL_THRESHOLD
    for (granularity, is_point), trace in sorted(traces.items(), key=lambda item: _granularity_order(item[0][0])):
        name = f"{granularity} ({len(trace.ids)})"
        color = GRANULARITY_COLORS.get(granularity, GRANULARITY_COLORS["unknown"])
        if is_point:
            figure.add_trace(trace.points(name, color, labelled, webgl=many_points))
        else:
            figure.add_trace(trace.bars(name, color))
            if labelled:
                figure.add_trace(trace.bar_labels())

    x_range = layout.x_range if focus else (first.toordinal() - 0.5, last.toordinal() + 1.5)
    figure.update_layout(
        height=max(440, min(900, 120 + 34 * n_lanes), 120 + 17 * n_lanes),
        margin=dict(l=20, r=20, t=40, b=40),
        **_INTERACTION_LAYOUT,
        legend=_legend(),
    )
    figure.update_xaxes(type="date", showgrid=True, range=[_day_to_iso(day) for day in x_range])
    figure.update_yaxes(visible=False, autorange="reversed")
    return figure


def _empty_figure() -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text="No events to show", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    figure.update_layout(height=320, margin=dict(l=20, r=20, t=20, b=20))
    return figure


_INTERACTION_LAYOUT = dict(hoverlabel=dict(align="left"), barmode="overlay", clickmode="event+select", dragmode="pan")
"""How both charts (events one by one, and counted) answer the mouse: left-aligned hover boxes,
bars over one another, a click selects, a drag pans."""

def _legend() -> dict:
    """A one-row legend above the plot, its title on the same row, so no item is cut at the left."""
    return dict(
        title=dict(text="granularity (events)", side="left"),
        orientation="h",
        x=0,
        xanchor="left",
        y=1.0,
        yanchor="bottom",
    )


@dataclass
class _Trace:
    """Columns of one trace, filled event by event, turned into a Plotly trace once."""

    ids: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    durations: list[int] = field(default_factory=list)
    lanes: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    label_starts: list[str] = field(default_factory=list)
    hovers: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)

    def add(self, event: Event, lane: int, labelled: bool, shown_to: dt.date) -> None:
        self.ids.append(event.id)
        self.starts.append(event.start.isoformat())
        self.label_starts.append((min(event.end, shown_to) + dt.timedelta(days=1)).isoformat())
        self.durations.append(((event.end - event.start).days + 1) * MS_PER_DAY)
        self.lanes.append(lane)
        self.sizes.append(source_count(event))
        self.labels.append(plotly_escape(chart_label(event)) if labelled else "")
        self.hovers.append(hover_text(event))
        self.symbols.append(STATUS_SYMBOLS[event.status])

    def points(self, name: str, color: str, labelled: bool, webgl: bool) -> go.Scatter | go.Scattergl:
        kind = go.Scattergl if webgl else go.Scatter
        return kind(
            name=name,
            x=self.starts,
            y=self.lanes,
            mode="markers+text" if labelled else "markers",
            text=self.labels if labelled else None,
            textposition="middle right",
            textfont=dict(size=LABEL_FONT_PX),
            marker=dict(size=[marker_size(n) for n in self.sizes], color=color, symbol=self.symbols, line=dict(width=1, color=color)),
            customdata=self.ids,
            hovertext=self.hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )

    def bars(self, name: str, color: str) -> go.Bar:
        return go.Bar(
            name=name,
            orientation="h",
            base=self.starts,
            x=self.durations,
            y=self.lanes,
            width=[bar_thickness(n) for n in self.sizes],
            marker=dict(color=color, opacity=0.75),
            customdata=self.ids,
            hovertext=self.hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )

    def bar_labels(self) -> go.Scatter:
        """The bars' labels, each where its bar leaves the view: right after its end, or at the
        view's right edge for a bar that runs past it (Plotly would put it beyond, unseen)."""
        return go.Scatter(
            x=self.label_starts,
            y=self.lanes,
            mode="text",
            text=self.labels,
            textposition="middle right",
            textfont=dict(size=LABEL_FONT_PX),
            hoverinfo="skip",
            showlegend=False,
            cliponaxis=False,
        )


def plotly_escape(text: str) -> str:
    """Text made inert for Plotly's HTML subset: <, > and & escaped. Quotes stay as they are:
    Plotly builds no attribute from text, and shows entities such as &quot; literally."""
    return html.escape(text, quote=False)


def _granularity_order(granularity: str) -> int:
    order = list(GRANULARITY_COLORS)
    return order.index(granularity) if granularity in order else len(order)


def marker_size(n_sources: int) -> float:
    """Marker diameter in pixels: grows with the number of sources, slowly, so one big event
    does not hide its neighbours."""
    return min(36.0, 9.0 + 5.0 * math.log2(max(1, n_sources)))


def bar_thickness(n_sources: int) -> float:
    """Bar thickness in lanes: the bar counterpart of marker_size."""
    return min(0.9, 0.35 + 0.12 * math.log2(max(1, n_sources)))


def chart_label(event: Event) -> str:
    """The label drawn beside an event (unescaped), short enough to leave room for its neighbours."""
    return _shorten(event.label, LABEL_CHARS)


@dataclass(frozen=True)
class Layout:
    """Where the events go: a lane each, and the date range (in fractional day ordinals) to show."""

    lanes: list[int]
    x_range: tuple[float, float]

    @property
    def n_lanes(self) -> int:
        return max(self.lanes, default=-1) + 1


def lay_out(
    events: Sequence[Event],
    labelled: bool,
    start: dt.date | None = None,
    end: dt.date | None = None,
    width_px: float = PACKING_WIDTH_PX,
) -> Layout:
    """Lanes such that no two events of one lane overlap, labels included, at `width_px`.

    Each event occupies, in pixels, its marker (a point) or its interval within [start, end] (a
    bar), then its label. Pixels become days once the date range is known, and the range is chosen
    first, as the narrowest that keeps every label inside the plot. Then greedy interval
    partitioning in order of left edges gives each event the lowest free lane: O(n log n), so
    10,000 events stay instant. A bar running in from before the view reserves the widest
    marker's radius on its left, so such bars take the top lanes rather than the first day's points.
    """
    if not events:
        return Layout([], (0.0, 1.0))
    low = start.toordinal() if start else -math.inf
    high = end.toordinal() + 1 if end else math.inf
    extents = [_extent(event, labelled, low, high) for event in events]
    first = min(x0 for x0, _, _, _ in extents)
    reach = max(left for _, _, left, _ in extents)
    left_room = reach + EDGE_PX
    span = max(
        MIN_SPAN_DAYS,
        *((x1 - first) / max(0.1, 1 - (right + left_room + EDGE_PX) / width_px) for _, x1, _, right in extents),
    )
    days_per_px = span / width_px
    origin = first - left_room * days_per_px
    leftmost = [
        x0 - (reach if event.start.toordinal() < low else left) * days_per_px
        for event, (x0, _, left, _) in zip(events, extents)
    ]  # fmt: skip
    order = sorted(range(len(events)), key=lambda i: (leftmost[i], extents[i][0] - extents[i][1]))
    lanes = [0] * len(events)
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    n_lanes = 0
    for i in order:
        _, x1, _, right = extents[i]
        while busy and busy[0][0] <= leftmost[i]:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, n_lanes = n_lanes, n_lanes + 1
        lanes[i] = lane
        heapq.heappush(busy, (x1 + (right + LANE_GAP_PX) * days_per_px, lane))
    return Layout(lanes, (origin, origin + span))


def _extent(event: Event, labelled: bool, low: float, high: float) -> tuple[float, float, float, float]:
    """(left, right) in day ordinals, and the pixels drawn left and right of them: a point is
    centred on its day, a bar covers its days within [low, high); the label follows either."""
    label_px = LABEL_PAD_PX + LABEL_CHAR_PX * len(chart_label(event)) if labelled else 0.0
    if event.start == event.end:
        radius = marker_size(source_count(event)) / 2
        return event.start.toordinal(), event.start.toordinal(), radius, radius + label_px
    return max(low, event.start.toordinal()), min(high, event.end.toordinal() + 1), 0.0, label_px


def _day_to_iso(day: float) -> str:
    whole = math.floor(day)
    return (dt.datetime.fromordinal(whole) + dt.timedelta(days=day - whole)).isoformat(timespec="minutes")


def counts_figure(events: Sequence[Event], start: dt.date | None = None, end: dt.date | None = None) -> go.Figure:
    """The events counted per period, a row per granularity: the chart for too many events to draw.

    Events finer than the counting period (a week, a month...) are counted in the period they start
    in; coarser ones in their own interval, so a bar never claims a precision the articles lack.
    A bar's thickness grows with its count; its hover names the events with the most sources, and
    its customdata is the Zoom to its period.
    Only [start, end] is shown, as in timeline_figure.
    """
    if not events:
        return _empty_figure()
    shown_from, shown_to = shown_dates(events, start, end)
    period = counting_period(shown_from, shown_to)
    cells = _cells(events, period, shown_from)
    rows = sorted({granularity for granularity, _, _ in cells}, key=_granularity_order)
    biggest = max(len(members) for members in cells.values())
    figure = go.Figure()
    for row, granularity in enumerate(rows):
        mine = [(first, last, members) for (g, first, last), members in cells.items() if g == granularity]
        name = f"{granularity} ({sum(len(m) for _, _, m in mine)})"
        figure.add_trace(_cells_bar(name, granularity, mine, [row] * len(mine), biggest, period))
    figure.update_layout(
        title=dict(text=f"{len(events):,} events, counted per {period}: click a bar (or set From and To) to see them one by one", font=dict(size=14)),
        height=max(320, 160 + 70 * len(rows)),
        margin=dict(l=20, r=20, t=80, b=40),
        **_INTERACTION_LAYOUT,
        legend=_legend(),
    )
    first_shown, last_shown = period_around(shown_from, period)[0], period_around(shown_to, period)[1]
    figure.update_xaxes(type="date", showgrid=True, range=[first_shown.isoformat(), (last_shown + dt.timedelta(days=1)).isoformat()])
    figure.update_yaxes(tickvals=list(range(len(rows))), ticktext=rows, autorange="reversed", showgrid=False)
    return figure


def _cells(events: Sequence[Event], period: str | None, shown_from: dt.date | None = None) -> dict[tuple[str, dt.date, dt.date], list[Event]]:
    """Events grouped by granularity and the interval that holds them: the `period` (day, week...)
    they start in, from shown_from on, when they are finer than it; their own interval otherwise."""
    cells: dict[tuple[str, dt.date, dt.date], list[Event]] = {}
    for event in events:
        if period and GRANULARITY_DAYS.get(event.granularity, GRANULARITY_DAYS["unknown"]) < PERIODS[period]:
            first, last = period_around(max(event.start, shown_from or event.start), period)
        else:
            first, last = event.start, event.end
        cells.setdefault((event.granularity, first, last), []).append(event)
    return dict(sorted(cells.items(), key=lambda item: (_granularity_order(item[0][0]), item[0][1], item[0][2])))


def _cells_bar(
    name: str,
    granularity: str,
    cells: Sequence[tuple[dt.date, dt.date, Sequence[Event]]],
    lanes: Sequence[int],
    biggest: int,
    period: str | None,
) -> go.Bar:
    """Bars over the cells' intervals, thicker the more events they hold, each with the Zoom a
    click on it asks for: the period it counts, or (period None: events spanning the view) its
    events alone."""
    return go.Bar(
        name=name,
        orientation="h",
        base=[first.isoformat() for first, _, _ in cells],
        x=[((last - first).days + 1) * MS_PER_DAY for first, last, _ in cells],
        y=list(lanes),
        width=[0.15 + 0.75 * math.sqrt(len(members) / biggest) for _, _, members in cells],
        marker=dict(color=GRANULARITY_COLORS.get(granularity, GRANULARITY_COLORS["unknown"]), opacity=0.8),
        customdata=[Zoom(first, last, None if period else granularity).customdata for first, last, _ in cells],
        hovertext=[_cell_hover(granularity, first, last, period, members) for first, last, members in cells],
        hovertemplate="%{hovertext}<extra></extra>",
    )


def shown_dates(events: Sequence[Event], start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The first and last day a chart of the events shows: theirs, within the date filter's."""
    first, last = min(e.start for e in events), max(e.end for e in events)
    return max(first, start or first), min(last, end or last)


def counting_period(first: dt.date, last: dt.date) -> str:
    """The finest period that cuts the days from first to last into at most MAX_CELLS pieces."""
    span = (last - first).days + 1
    return next((name for name, days in PERIODS.items() if span / days <= MAX_CELLS), "year")


def period_around(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    """The day, ISO week (Monday to Sunday), month, quarter or year that contains `day`."""
    if period == "day":
        return day, day
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if period == "month":
        first = day.replace(day=1)
    elif period == "quarter":
        first = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    else:
        first = day.replace(month=1, day=1)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    following = dt.date(first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


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


def _cell_hover(granularity: str, first: dt.date, last: dt.date, period: str | None, events: Sequence[Event]) -> str:
    """What a counting bar holds: how many events of which granularity, when, and the main ones."""
    n = len(events)
    if period and GRANULARITY_DAYS.get(granularity, GRANULARITY_DAYS["unknown"]) < PERIODS[period]:
        when = ("starting in " if GRANULARITY_DAYS.get(granularity, 0) > 1 else "in ") + _period_name(first, period)
    else:
        when = f"{plotly_escape(events[0].date)} ({first:%d %b %Y} – {last:%d %b %Y})"
    lines = [f"<b>{n} {plotly_escape(granularity)}-level event{'s' if n != 1 else ''}</b> {when}"]
    top = heapq.nsmallest(HOVER_EVENTS, events, key=lambda e: (-source_count(e), e.start, e.label))
    for event in top:
        k = source_count(event)
        lines.append(f"{plotly_escape(event.date)} · {plotly_escape(_shorten(event.label, WRAP_CHARS))} <i>({k} source{'s' if k != 1 else ''})</i>")
    if n > len(top):
        lines.append(f"<i>and {n - len(top)} more</i>")
    lines.append("<i>Click to see them one by one</i>" if period else "<i>They span the whole view: click to see them one by one</i>")
    return "<br>".join(lines)


def _period_name(first: dt.date, period: str) -> str:
    if period == "day":
        return f"{first:%d %b %Y}"
    if period == "week":
        return f"the week of {first:%d %b %Y}"
    if period == "month":
        return f"{first:%b %Y}"
    if period == "quarter":
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    return str(first.year)


STATUS_SYMBOLS = {"reported": "circle", "expected": "circle-open", "denied": "x-thin-open"}
"""Markers by status: a filled point happened, a hollow one is only expected, a cross is denied."""
STATUS_NAMES = {"reported": "reported", "expected": "expected, not yet reported", "denied": "denied or hypothetical"}
DERIVED_TITLE_NOTE = "The article has no title: this one, in square brackets, is derived from its first line or sentence."


def hover_text(event: Event, quoted: int = HOVER_SOURCES, named: int = HOVER_NAMED) -> str:
    """The hover box of an event as Plotly's HTML subset: what, when, and who says so, escaped.

    A source is an article: one quoting the event twice is listed once, with its first sentence.
    The first `quoted` sources come with their sentence, the next `named` on a line each.
    """
    articles = sources_by_article(event)
    n = len(articles)
    lines = [
        f"<b>{_wrapped(event.label)}</b>",
        f"{plotly_escape(event.date)} ({plotly_escape(event.granularity)}) · {STATUS_NAMES[event.status]} · {n} source{'s' if n != 1 else ''}",
    ]
    for source, *_ in articles[:quoted]:
        lines.append("")
        lines.append(f"<b>{_wrapped(source.display_name)}</b>")
        cited = ", ".join(part for part in (_cited(source), STATUS_NAMES[source.status] if source.status != "reported" else "") if part)
        if cited:
            lines.append(f"<i>{plotly_escape(cited)}</i>")
        lines.append(f"“{_wrapped(_shorten(source.sentence, SENTENCE_CHARS))}”")
    also = articles[quoted : quoted + named]
    if also:
        lines.append("")
        lines.append("<i>Also:</i>")
    for source, *_ in also:
        cited = _cited(source)
        lines.append(f"<b>{plotly_escape(_shorten(source.display_name, NAMED_CHARS))}</b>" + (f" <i>{plotly_escape(cited)}</i>" if cited else ""))
    unlisted = n - quoted - len(also)
    if unlisted > 0:
        lines.append(f"<i>and {unlisted} more source{'s' if unlisted != 1 else ''}</i>")
    return "<br>".join(lines)


def _cited(source: Source) -> str:
    return ", ".join(part for part in (source.outlet, _published_date(source.published)) if part)


def highlight_timex(source: Source) -> str:
    """The quoted sentence as safe HTML with the date expression wrapped in <mark>.

    Each part is escaped on its own and the <mark> is added afterwards, so nothing from the
    article can open a tag.
    """
    sentence, needle = source.sentence, source.timex_text
    at = sentence.find(needle) if needle else -1
    if at < 0 and needle:
        at = sentence.casefold().find(needle.casefold())
    if at < 0:
        return html.escape(sentence)
    end = at + len(needle)
    return f"{html.escape(sentence[:at])}<mark>{html.escape(sentence[at:end])}</mark>{html.escape(sentence[end:])}"


def sources_by_article(event: Event) -> list[list[Source]]:
    """The event's quotes grouped by the article they come from, in the order articles first appear."""
    groups: dict[str, list[Source]] = {}
    for source in event.sources:
        groups.setdefault(source.article_id, []).append(source)
    return list(groups.values())


def event_heading_html(event: Event) -> str:
    """The detail panel's title: the label, the normalized date, its granularity and interval, how
many report it, its status and salience."""
    when = f"{event.start:%d %b %Y}" + (f" – {event.end:%d %b %Y}" if event.end != event.start else "")
    n, quotes = source_count(event), len(event.sources)
    counted = f"{n} source{'s' if n != 1 else ''}" + (f", {quotes} quotes" if quotes != n else "")
    return (
        f"<h3>{html.escape(event.label)}</h3>"
        f"<p><b>{html.escape(event.date)}</b> ({html.escape(event.granularity)}) · {when} · {counted}"
        f" · {html.escape(STATUS_NAMES[event.status])} · salience {event.salience:.2f}</p>"
    )


def source_card_html(quotes: Sequence[Source]) -> str:
    """One article's report of an event in the detail panel, as safe HTML: the article (a link when
    its URL is a web address), outlet and date, then each sentence with its date expression marked
    and this article's status for it and how that expression became the event's date."""
    source = quotes[0]
    name = html.escape(source.display_name)
    if source.title and source.title_source == "derived":
        name = f'<span title="{DERIVED_TITLE_NOTE}">{name}</span>'
    url = safe_url(source.url)
    heading = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{name}</a>' if url else name
    published = _published_date(source.published)
    cited = " · ".join(html.escape(part) for part in (source.outlet, published) if part)
    anchored = f" in an article of {published}" if published else ""
    parts = [f"<div><b>{heading}</b><br><small>{cited}</small>"]
    for quote in quotes:
        how = f"{STATUS_NAMES[quote.status]} · “{quote.timex_text}”{anchored} → {quote.timex_value}" + (f" ({quote.derivation})" if quote.derivation else "")
        parts.append(f"<blockquote>{highlight_timex(quote)}</blockquote><small>{html.escape(how)}</small>")
    parts.append("</div>")
    return "".join(parts)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a web address a link may point to; None for javascript:, data: and the like."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def events_table(events: Sequence[Event]) -> pd.DataFrame:
    """One row per event, in the events' order, for a table beside the chart."""
    return pd.DataFrame(
        {
            "date": [e.date for e in events],
            "granularity": [e.granularity for e in events],
            "event": [e.label for e in events],
            "status": [e.status for e in events],
            "salience": [round(e.salience, 2) for e in events],
            "sources": [source_count(e) for e in events],
            "outlets": [", ".join(e.outlets) for e in events],
            "key": [bool(e.edits) and e.key for e in events],
            "edited": [", ".join(dict.fromkeys(edit.kind for edit in e.edits)) if e.edits else "" for e in events],
            "id": [e.id for e in events],
        },
        columns=["date", "granularity", "event", "status", "salience", "sources", "outlets", "key", "edited", "id"],
    )


def articles_table(articles: Sequence[Article], events: Sequence[Event]) -> pd.DataFrame:
    """One row per article: how to cite it, where its title and date come from, how many events it
    reports. A derived title shows in square brackets, as everywhere it is cited."""
    counts = Counter(article_id for e in events for article_id in {s.article_id for s in e.sources})
    return pd.DataFrame(
        {
            "title": [a.display_name for a in articles],
            "title from": [a.title_source if a.title else "" for a in articles],
            "outlet": [a.outlet or "" for a in articles],
            "url": [a.url or "" for a in articles],
            "published": [a.published or "" for a in articles],
            "date from": [a.published_source for a in articles],
            "events": [counts.get(a.id, 0) for a in articles],
            "file": [a.file for a in articles],
            "id": [a.id for a in articles],
        },
        columns=["title", "title from", "outlet", "url", "published", "date from", "events", "file", "id"],
    )

def _published_date(published: str | None) -> str | None:
    return published[:10] if published else None


def _shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _wrapped(text: str) -> str:
    """Escaped text broken into lines of about WRAP_CHARS, since Plotly hover boxes never wrap.

    A plain greedy word fill: textwrap does the same five times slower, which shows at 10,000 events.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > WRAP_CHARS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(plotly_escape(part) for part in lines)
