"""The interactive timeline chart, in Plotly.

A day is a point and a period said vaguely a faint "sometime in" band with a point at its middle,
in the lanes of `timeline.viz.lanes`. When the events would need more lanes than a chart can show,
they are counted per period instead, and a click on a period zooms into it.

Every figure carries its own template (fonts and colours from `timeline.viz.style`), so it looks
the same in the dashboard and in the exported HTML file, whatever template the process defaults to
(importing Streamlit makes its own the default). A mouse wheel over a chart scrolls the page; the
zoom tools, the range slider under the axis and the reset button move the chart.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import plotly.graph_objects as go

from timeline.filters import source_count
from timeline.model import GRANULARITIES, Event, Granularity, granularity_order, scale_of
from timeline.titles import shorten
from timeline.viz.cards import WRAP_CHARS, hover_text, plotly_escape, wrapped
from timeline.viz.lanes import (
    EDGE_PX, LABEL_PAD_PX, LABEL_STYLES, LABELLED_PLOT_PX, Layout, lay_out, text_width_px,
)  # fmt: skip
from timeline.viz.style import (
    AXIS_TEXT_COLOR, BACKGROUND, BAND_OPACITY, CHART_FONT, FONT_PX, GRANULARITY_COLORS, GRID_COLOR, HIGHLIGHT_COLOR,
    STATUS_SYMBOLS, TEXT_COLOR, bar_thickness, marker_size,
)  # fmt: skip
from timeline.viz.view import View, Zoom, counting_period, shown_dates


WEBGL_THRESHOLD = 1000
"""Above this many point events the points are drawn with WebGL, which stays fluid at 10,000."""

LABEL_THRESHOLD = 40
"""Up to this many events each carries a visible label; beyond, labels would pile up: hover only."""

MAX_LANES = 50
"""More lanes than this leave too little height per event to read: the chart then counts the events
of each period instead of drawing them one by one (a reader zooms in with the date filters)."""

HOVER_EVENTS = 5
"""Events named in the hover box of a counted period, those with the most sources first."""

CHART_TEMPLATE = go.layout.Template(
    layout=dict(
        font=dict(family=CHART_FONT, size=FONT_PX, color=TEXT_COLOR),
        paper_bgcolor=BACKGROUND,
        plot_bgcolor=BACKGROUND,
        hoverlabel=dict(bgcolor=BACKGROUND, bordercolor=AXIS_TEXT_COLOR, align="left", font=dict(family=CHART_FONT, size=FONT_PX, color=TEXT_COLOR)),
        xaxis=dict(gridcolor=GRID_COLOR, linecolor=AXIS_TEXT_COLOR, tickfont=dict(color=AXIS_TEXT_COLOR), zeroline=False),
        yaxis=dict(gridcolor=GRID_COLOR, tickfont=dict(color=AXIS_TEXT_COLOR), zeroline=False),
        legend=dict(font=dict(color=TEXT_COLOR), title=dict(font=dict(color=TEXT_COLOR))),
        title=dict(font=dict(color=TEXT_COLOR)),
    )
)
"""Set on every figure, so that no process-wide default (Plotly's, Streamlit's) decides how it looks."""

_INTERACTION_LAYOUT = dict(barmode="overlay", clickmode="event+select", dragmode=False, hovermode="closest")
"""How every chart answers the mouse: bars over one another, a click selects, a drag does nothing
until a zoom or pan tool is chosen (so a finger on a phone scrolls the page). Streamlit turns a drag
into a pan when a chart's clicks are listened to."""

RANGE_SLIDER = dict(visible=True, thickness=0.08, bgcolor="#F3F4F7", bordercolor=GRID_COLOR, borderwidth=1)

RANGE_SLIDER_TICKS_PX = 50
"""Height Plotly adds under the plot for the tick labels when the range slider is shown."""

SLIDER_AXIS_TRACE = go.Scatter(x=[], y=[], mode="markers", hoverinfo="skip", showlegend=False, name="range slider")
MS_PER_DAY = 86_400_000
OVERVIEW_LANE_PX = 12
OVERVIEW_MARKER_PX = 9
MIN_PLOT_PX = 200


def timeline_figure(events: Sequence[Event], view: View = View()) -> go.Figure:
    """A Plotly timeline of events: points for single days, "sometime in" bands for longer periods,
    in lanes, each labelled where there is room, with a range slider under the date axis.

    One trace per granularity (a legend entry, one colour), built from lists in one pass, so the
    figure stays cheap for thousands of events. Each point's customdata is its event id. The view's
    window bounds the dates shown, so a year-long band does not stretch a week's view. When the
    events need more than MAX_LANES lanes, those spanning the whole view (say the year-level events
    of a week) share one bar per period, as they are drawn alike anyway; if that is not enough, the
    figure counts all events per period instead, unless only one day is shown (which cannot be cut
    finer).
    """
    return _events_figure(events, view, overview=False)


def overview_figure(events: Sequence[Event], view: View) -> go.Figure:
    """The story view's overview: the same chart, compact and without labels, legend or slider,
    with the view's current event marked."""
    return _events_figure(events, view, overview=True)


def _events_figure(events: Sequence[Event], view: View, overview: bool) -> go.Figure:
    if not events:
        return _empty_figure()
    first, last = shown_dates(events, view.start, view.end)
    focus, spanning = list(events), []
    layout = None
    if not overview and len(events) <= LABEL_THRESHOLD:
        for style in LABEL_STYLES:
            candidate = lay_out(focus, style, view.start, view.end)
            if candidate.n_lanes * style.lane_px <= LABELLED_PLOT_PX:
                layout = candidate
                break
    if layout is None:
        layout = lay_out(focus, None, view.start, view.end)
        if layout.n_lanes > MAX_LANES:
            spanning = [e for e in events if e.start <= first and e.end >= last and e.end > e.start]
            focus = [e for e in events if not (e.start <= first and e.end >= last and e.end > e.start)]
            layout = lay_out(focus, None, view.start, view.end)
    shared = _cells(spanning, period=None)
    n_lanes = len(shared) + layout.n_lanes
    if n_lanes > MAX_LANES and last > first:
        return counts_figure(events, view, overview)

    data = []
    biggest = max((len(members) for members in shared.values()), default=1)
    for lane, ((granularity, period_start, period_end), members) in enumerate(shared.items()):
        name = f"{granularity} ({len(members)}, spanning the view)"
        data.append(_cells_bar(name, granularity, [(period_start, period_end, members)], [lane], biggest, None))

    traces: dict[tuple[str, bool], _Trace] = {}
    for event, lane in zip(focus, layout.lanes):
        is_point = event.start == event.end
        trace = traces.setdefault((event.granularity, is_point), _Trace())
        trace.add(event, len(shared) + lane)
    many_points = sum(len(t.ids) for t in traces.values()) > WEBGL_THRESHOLD
    for (granularity, is_point), trace in sorted(traces.items(), key=lambda item: granularity_order(item[0][0])):
        name = f"{granularity} ({len(trace.ids)})"
        color = GRANULARITY_COLORS.get(granularity, GRANULARITY_COLORS["unknown"])
        if not is_point:
            data.append(trace.bands(name, color, granularity))
        data.append(trace.points(name, color, granularity, webgl=many_points, in_legend=is_point, overview=overview))

    x_range = layout.x_range if focus else (first.toordinal() - 0.5, last.toordinal() + 1.5)
    lane_px = OVERVIEW_LANE_PX if overview else layout.lane_px
    plot_px = max(MIN_PLOT_PX // (2 if overview else 1), (n_lanes + overview) * lane_px)
    pad = 1.0 if overview else 0.5
    chart = dict(
        xaxis=dict(type="date", showgrid=True, range=[_day_to_iso(day) for day in x_range]),
        yaxis=dict(visible=False, range=[n_lanes - 1 + pad, -pad], fixedrange=True),
        annotations=_label_annotations(focus, layout, len(shared), last) if layout.labels else [],
        shapes=[],
    )
    current = [e for e in focus if e.id == view.current]
    if current:
        (event,) = current
        ring = (OVERVIEW_MARKER_PX if overview else marker_size(source_count(event))) + 10
        chart["shapes"].append(_current_shape(event))
        data.append(_current_ring(event, len(shared) + layout.lanes[focus.index(event)], ring))
    return _figure(data, chart, events, plot_px, overview, top=50)


def _figure(data: list, layout: dict, events: Sequence[Event], plot_px: float, overview: bool, top: int, title: dict | None = None, left: int = 20) -> go.Figure:
    """The figure, built in one call (Plotly validates a layout given whole several times faster than
    one set piece by piece): template, interaction, legend, the height that gives the plot plot_px,
    the margins (set, not left to Plotly's automargin, which costs drawing passes; `left` holds the
    rows' names), and the range slider.

    The range slider spans every event (however far the view opens from them) and draws no trace:
    it would draw every trace of its axis again, doubling the cost of drawing the chart and squashing
    its markers into a strip, and even one line of events per period costs 40 ms. So the events lie
    on a twin axis that follows the slider's (matches), and the slider is a bare track with its
    handles and its grey outside the window. An empty trace keeps the slider's own axis drawn (an
    axis that no trace or annotation uses is left out, slider and all)."""
    if overview:
        layout.update(height=plot_px + 50, margin=dict(l=12, r=12, t=8, b=36), showlegend=False)
        return go.Figure(data=data, layout=dict(template=CHART_TEMPLATE, **layout, **_INTERACTION_LAYOUT))
    for trace in data:
        trace.xaxis = "x2"
    bottom = 20
    height = top + bottom + (plot_px + RANGE_SLIDER_TICKS_PX) / (1 - RANGE_SLIDER["thickness"])
    layout.update(height=round(height), margin=dict(l=left, r=20, t=top, b=bottom), legend=_legend())
    shown_from, shown_to = layout["xaxis"]["range"]
    first, last = min(e.start for e in events).isoformat(), (max(e.end for e in events) + dt.timedelta(days=1)).isoformat()
    layout["xaxis"]["rangeslider"] = {**RANGE_SLIDER, "range": [min(first, shown_from), max(last, shown_to)]}
    layout["xaxis2"] = dict(type="date", matches="x", overlaying="x", visible=False)
    if title:
        layout["title"] = title
    return go.Figure(data=[*data, SLIDER_AXIS_TRACE], layout=dict(template=CHART_TEMPLATE, **layout, **_INTERACTION_LAYOUT))


def _empty_figure() -> go.Figure:
    note = dict(text="No events to show", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    layout = dict(annotations=[note], xaxis=dict(visible=False), yaxis=dict(visible=False), height=320, margin=dict(l=20, r=20, t=20, b=20))
    return go.Figure(layout=dict(template=CHART_TEMPLATE, **layout))


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


def _label_annotations(events: Sequence[Event], layout: Layout, first_lane: int, shown_to: dt.date) -> list[dict]:
    """Each event's label beside it: right of a point's marker, or right of where a band leaves the
    view (its end, or the view's right edge), clear of the band's middle point. Annotations, not
    text traces, so that the range slider does not draw them again; a cut label shows its whole text
    on hover."""
    annotations = []
    for event, lane, lines in zip(events, layout.lanes, layout.labels):
        radius = marker_size(source_count(event)) / 2
        if event.start == event.end:
            x, shift = event.start.isoformat(), radius + LABEL_PAD_PX
        else:
            right = min(event.end, shown_to).toordinal() + 1
            middle = (event.start.toordinal() + event.end.toordinal() + 1) / 2
            shift = LABEL_PAD_PX + max(0.0, radius - (right - middle) / layout.days_per_px)
            x = (min(event.end, shown_to) + dt.timedelta(days=1)).isoformat()
        cut = " ".join(lines) != " ".join(event.label.split())
        annotations.append(
            dict(
                x=x, y=first_lane + lane, xref="x", yref="y", xanchor="left", yanchor="middle", align="left",
                xshift=shift, showarrow=False, text="<br>".join(plotly_escape(line) for line in lines),
                font=dict(size=FONT_PX, color=TEXT_COLOR), bgcolor="rgba(255,255,255,0.8)",
                hovertext=wrapped(event.label) if cut else None,
            )  # fmt: skip
        )
    return annotations


def _current_shape(event: Event) -> dict:
    """The event a story view is on, down the whole chart: a line at its day, a shaded column over
    its period."""
    if event.start == event.end:
        x = event.start.isoformat()
        return dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=dict(color=HIGHLIGHT_COLOR, width=2), layer="below")
    end = (event.end + dt.timedelta(days=1)).isoformat()
    return dict(type="rect", xref="x", yref="paper", x0=event.start.isoformat(), x1=end, y0=0, y1=1, fillcolor=HIGHLIGHT_COLOR, opacity=0.15, line=dict(width=0), layer="below")


def _current_ring(event: Event, lane: int, size: float) -> go.Scatter:
    """A ring around the current event's point."""
    x = event.start.isoformat() if event.start == event.end else _day_to_iso((event.start.toordinal() + event.end.toordinal() + 1) / 2)
    return go.Scatter(
        x=[x], y=[lane], mode="markers", name="this event", showlegend=False, hoverinfo="skip",
        marker=dict(size=size, symbol="circle-open", color=HIGHLIGHT_COLOR, line=dict(width=3, color=HIGHLIGHT_COLOR)),
    )  # fmt: skip


@dataclass
class _Trace:
    """Columns of one trace, filled event by event, turned into Plotly traces once."""

    ids: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    middles: list[str] = field(default_factory=list)
    durations: list[int] = field(default_factory=list)
    lanes: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    hovers: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)

    def add(self, event: Event, lane: int) -> None:
        self.ids.append(event.id)
        self.starts.append(event.start.isoformat())
        if event.start == event.end:
            self.middles.append(self.starts[-1])
        else:
            self.middles.append(_day_to_iso((event.start.toordinal() + event.end.toordinal() + 1) / 2))
        self.durations.append(((event.end - event.start).days + 1) * MS_PER_DAY)
        self.lanes.append(lane)
        self.sizes.append(source_count(event))
        self.hovers.append(hover_text(event))
        self.symbols.append(STATUS_SYMBOLS[event.status])

    def points(self, name: str, color: str, granularity: str, webgl: bool, in_legend: bool, overview: bool) -> go.Scatter | go.Scattergl:
        """A marker per event, on its day or in the middle of its period; hollow when only expected.
        An overview's markers are all small, as its lanes are thin."""
        kind = go.Scattergl if webgl else go.Scatter
        sizes = [OVERVIEW_MARKER_PX] * len(self.sizes) if overview else [marker_size(n) for n in self.sizes]
        return kind(
            name=name,
            legendgroup=granularity,
            showlegend=in_legend,
            x=self.middles,
            y=self.lanes,
            mode="markers",
            marker=dict(size=sizes, color=color, symbol=self.symbols, line=dict(width=1 if webgl else 1.5, color=color)),
            customdata=self.ids,
            hovertext=self.hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )

    def bands(self, name: str, color: str, granularity: str) -> go.Bar:
        """A faint band over each event's period: the day lies somewhere in it."""
        return go.Bar(
            name=name,
            legendgroup=granularity,
            orientation="h",
            base=self.starts,
            x=self.durations,
            y=self.lanes,
            width=[bar_thickness(n) for n in self.sizes],
            marker=dict(color=color, opacity=BAND_OPACITY, line=dict(width=0)),
            customdata=self.ids,
            hovertext=self.hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )


def _day_to_iso(day: float) -> str:
    whole = math.floor(day)
    return (dt.datetime.fromordinal(whole) + dt.timedelta(days=day - whole)).isoformat(timespec="minutes")


def counts_figure(events: Sequence[Event], view: View = View(), overview: bool = False) -> go.Figure:
    """The events counted per period, a row per granularity: the chart for too many events to draw.

    Events finer than the counting period (a week, a month...) are counted in the period they start
    in; coarser ones in their own interval, so a bar never claims a precision the articles lack.
    A bar's thickness grows with its count; its hover names the events with the most sources, and
    its customdata is the Zoom to its period. The axis opens on the view's window, else on the
    story's span (the range slider shows the rest), and the period is chosen for what it opens on.
    """
    if not events:
        return _empty_figure()
    shown_from, shown_to = shown_dates(events, view.start, view.end)
    opened_from, opened_to = shown_from, shown_to
    if view.start is None and view.end is None and view.story:
        opened_from, opened_to = max(shown_from, view.story[0]), min(shown_to, view.story[1])
        if opened_from > opened_to:
            opened_from, opened_to = shown_from, shown_to
    period = counting_period(opened_from, opened_to)
    cells = _cells(events, period, shown_from)
    rows = sorted({granularity for granularity, _, _ in cells}, key=granularity_order)
    biggest = max(len(members) for members in cells.values())
    data = []
    for row, granularity in enumerate(rows):
        mine = [(first, last, members) for (g, first, last), members in cells.items() if g == granularity]
        name = f"{granularity} ({sum(len(m) for _, _, m in mine)})"
        data.append(_cells_bar(name, granularity, mine, [row] * len(mine), biggest, period))
    first_shown, last_shown = GRANULARITIES[period].period(opened_from)[0], GRANULARITIES[period].period(opened_to)[1]
    chart = dict(
        xaxis=dict(type="date", showgrid=True, range=[first_shown.isoformat(), (last_shown + dt.timedelta(days=1)).isoformat()]),
        yaxis=dict(tickvals=list(range(len(rows))), ticktext=rows, range=[len(rows) - 0.5, -0.5], showgrid=False, fixedrange=True),
        shapes=[_current_shape(e) for e in events if e.id == view.current] if view.current else [],
    )
    title = dict(
        text=f"<b>{len(events):,} events, counted per {period}</b><br><span style='font-size:12px'>Click a bar (or set From and To) to see them one by one</span>",
        x=0, xanchor="left", xref="container", y=1, yanchor="top", yref="container", pad=dict(t=20, l=20), font=dict(size=14),
    )  # fmt: skip
    left = round(EDGE_PX + max(text_width_px(row) for row in rows))
    return _figure(data, chart, events, max(120, 70 * len(rows)), overview, top=110, title=title, left=left)


def _cells(events: Sequence[Event], period: str | None, shown_from: dt.date | None = None) -> dict[tuple[str, dt.date, dt.date], list[Event]]:
    """Events grouped by granularity and the interval that holds them: the `period` (day, week...)
    they start in, from shown_from on, when they are finer than it; their own interval otherwise."""
    cells: dict[tuple[str, dt.date, dt.date], list[Event]] = {}
    for event in events:
        if period and _finer(event.granularity, period):
            first, last = GRANULARITIES[period].period(max(event.start, shown_from or event.start))
        else:
            first, last = event.start, event.end
        cells.setdefault((event.granularity, first, last), []).append(event)
    return dict(sorted(cells.items(), key=lambda item: (granularity_order(item[0][0]), item[0][1], item[0][2])))


def _finer(granularity: str, period: Granularity) -> bool:
    """Whether a granularity's periods fit inside a counting period (a week in a month, not a month in a week)."""
    return scale_of(granularity).shortest_days < GRANULARITIES[period].longest_days


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


def _cell_hover(granularity: str, first: dt.date, last: dt.date, period: str | None, events: Sequence[Event]) -> str:
    """What a counting bar holds: how many events of which granularity, when, and the main ones."""
    n = len(events)
    if period and _finer(granularity, period):
        when = ("starting in " if scale_of(granularity).shortest_days > 1 else "in ") + _period_name(first, period)
    else:
        when = f"{plotly_escape(events[0].date)} ({first:%d %b %Y} – {last:%d %b %Y})"
    lines = [f"<b>{n} {plotly_escape(granularity)}-level event{'s' if n != 1 else ''}</b> {when}"]
    top = heapq.nsmallest(HOVER_EVENTS, events, key=lambda e: (-source_count(e), e.start, e.label))
    for event in top:
        k = source_count(event)
        lines.append(f"{plotly_escape(event.date)} · {plotly_escape(shorten(event.label, WRAP_CHARS))} <i>({k} source{'s' if k != 1 else ''})</i>")
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
