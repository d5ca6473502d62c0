"""The interactive timeline chart and the small HTML snippets that show an event's sources.

Dates are drawn as precisely as the articles state them and no more: a day is a point, while a
week, month, quarter or year is what an article says vaguely ("in November", "earlier this month"):
some day in that period, so it is drawn as "sometime in" it, a faint band over the whole interval
with a point at its middle, never a solid bar that would read as a duration. Events go into lanes in
date order from top to bottom, each with its whole label, wrapped to two lines; labels are cut only
when the chart is crowded (the hover keeps the whole text), and dropped (hover only) beyond that.
When the events would need more lanes than a chart can show, they are counted per period instead,
and a click on a period zooms into it. Every string that comes from an article is HTML-escaped
before Plotly or Streamlit sees it, because both render a subset of HTML and article text is
untrusted.

Every figure carries its own template (fonts and colours whose contrast passes WCAG AA), so it looks
the same in the dashboard and in the exported HTML file, whatever template the process defaults to
(importing Streamlit makes its own the default). A mouse wheel over a chart scrolls the page; the
zoom tools, the range slider under the axis and the reset button move the chart.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go

from timeline.filters import source_count
from timeline.model import GRANULARITIES, Article, Event, Granularity, Source, granularity_order, scale_of

WEBGL_THRESHOLD = 1000
"""Above this many point events the points are drawn with WebGL, which stays fluid at 10,000."""

LABEL_THRESHOLD = 40
"""Up to this many events each carries a visible label; beyond, labels would pile up: hover only."""

MAX_LANES = 50
"""More lanes than this leave too little height per event to read: the chart then counts the events
of each period instead of drawing them one by one (a reader zooms in with the date filters)."""

MAX_CELLS = 160
"""At most about this many periods across the counting chart, so a period stays a few pixels wide."""

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

# -- how the charts look ------------------------------------------------------------------------------

TEXT_COLOR = "#31333F"
"""Labels, legend and hover text: Streamlit's text colour, 12.6:1 against the white background."""
AXIS_TEXT_COLOR = "#555867"
"""Tick labels: 7.0:1 against white. WCAG AA asks 4.5:1 of all text."""
BACKGROUND = "#FFFFFF"
GRID_COLOR = "#E6E8EE"
HIGHLIGHT_COLOR = "#B42318"
"""The event a story view is on: a dark red line and ring (6.5:1 against white)."""
CHART_FONT = '"Source Sans", "Source Sans Pro", Arial, "Liberation Sans", Helvetica, sans-serif'
"""The dashboard's own font first; a saved HTML file, offline, falls back to Arial or its metric twin."""
FONT_PX = 13

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

CHART_CONFIG = {
    "scrollZoom": False,
    "displayModeBar": True,
    "displaylogo": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "responsive": True,
}
"""Plotly.js options for every chart, in the dashboard and the HTML file: the wheel scrolls the page,
not the chart; the tool bar (zoom, pan, zoom in and out, reset) stays in sight."""

OVERVIEW_CONFIG = {"scrollZoom": False, "displayModeBar": False}
"""The story view's overview is for seeing where one is and clicking elsewhere, not for zooming."""

_INTERACTION_LAYOUT = dict(barmode="overlay", clickmode="event+select", dragmode=False, hovermode="closest")
"""How every chart answers the mouse: bars over one another, a click selects, a drag does nothing
until a zoom or pan tool is chosen (so a finger on a phone scrolls the page). Streamlit turns a drag
into a pan when a chart's clicks are listened to."""

RANGE_SLIDER = dict(visible=True, thickness=0.08, bgcolor="#F3F4F7", bordercolor=GRID_COLOR, borderwidth=1)
RANGE_SLIDER_TICKS_PX = 50
"""Height Plotly adds under the plot for the tick labels when the range slider is shown."""
SLIDER_AXIS_TRACE = go.Scatter(x=[], y=[], mode="markers", hoverinfo="skip", showlegend=False, name="range slider")

GRANULARITY_COLORS: dict[Granularity, str] = {
    "time": "#17becf",
    "day": "#1f77b4",
    "weekend": "#98df8a",
    "week": "#2ca02c",
    "month": "#ff7f0e",
    "season": "#bcbd22",
    "quarter": "#d62728",
    "half": "#9467bd",
    "year": "#8c564b",
    "decade": "#e377c2",
    "century": "#7f7f7f",
    "unknown": "#c7c7c7",
}
"""A colour for each granularity's points, bands and bars (the chart orders them as GRANULARITIES does)."""

BAND_OPACITY = 0.22
"""A period said vaguely is a faint band: it says where the day lies, not that the event lasted."""

COUNTING_PERIODS: tuple[Granularity, ...] = ("day", "week", "month", "quarter", "year")
"""The periods a crowded chart counts events in, finest first."""

MS_PER_DAY = 86_400_000

# -- labels and lanes ---------------------------------------------------------------------------------

PACKING_WIDTH_PX = 720
"""Plot width the lanes are packed for, about the dashboard's plot area on a laptop screen: a wider
plot only adds room between labels, and zooming in only spreads events apart. The dashboard never
draws the chart narrower (a phone scrolls it sideways)."""
LABEL_PAD_PX = 4
LANE_GAP_PX = 8
EDGE_PX = 12
MIN_SPAN_DAYS = 7


@dataclass(frozen=True)
class LabelStyle:
    """How much of each label a chart draws: at most `lines` lines of about `line_chars` characters
    (a label longer than `split_chars` is split into two balanced lines when two are allowed), in
    lanes `lane_px` pixels high."""

    lines: int
    line_chars: int
    lane_px: int
    split_chars: int = 24


LABEL_STYLES = (
    LabelStyle(lines=2, line_chars=60, lane_px=42),
    LabelStyle(lines=2, line_chars=30, lane_px=42),
    LabelStyle(lines=1, line_chars=34, lane_px=26),
)
"""Tried in order until the lanes fit LABELLED_PLOT_PX: whole labels (up to 120 characters, about
the 16 words a label may have) on two lines; then, the chart being crowded, labels cut to two
shorter lines, then to one."""
LABELLED_PLOT_PX = 600
"""Height the lanes of a labelled chart may take: most of a laptop screen."""
UNLABELLED_LANE_PX = 17
OVERVIEW_LANE_PX = 12
OVERVIEW_MARKER_PX = 9
MIN_PLOT_PX = 200

GLYPH_WIDTHS = {
    191: "'",
    222: "ijl‘’",
    260: "|",
    278: " !,./:;I[\\]ft",
    333: "()-`r“”",
    355: '"',
    389: "*",
    469: "^",
    500: "Jckrsvxyz",
    556: "0123456789#$?L_abdeghnopqu–",
    584: "+<=>~",
    611: "FTZ",
    667: "&ABEKPSVXY",
    722: "CDHNRUw",
    778: "GOQ",
    833: "Mm",
    889: "%",
    944: "W",
    1000: "—…",
    1015: "@",
}
"""Advance widths in thousandths of the font size, of Helvetica and its metric twins Arial and
Liberation Sans: the widest of the chart's fonts (Source Sans, the dashboard's, is about 7% narrower),
so a label's width is never underestimated."""
_GLYPH_WIDTH = {char: width for width, chars in GLYPH_WIDTHS.items() for char in chars}
OTHER_GLYPH_WIDTH = 667
WIDE_GLYPH_WIDTH = 1000
"""Characters not in the table: a wide Latin letter, or a full em for East Asian wide characters."""
WIDTH_MARGIN = 1.04


def text_width_px(text: str, font_px: float = FONT_PX) -> float:
    """How wide `text` is drawn at font_px, at most (see GLYPH_WIDTHS)."""
    total = 0
    for char in text:
        width = _GLYPH_WIDTH.get(char)
        if width is None:
            width = WIDE_GLYPH_WIDTH if unicodedata.east_asian_width(char) in "WF" else OTHER_GLYPH_WIDTH
        total += width
    return total * font_px * WIDTH_MARGIN / 1000


def label_lines(label: str, style: LabelStyle) -> list[str]:
    """The label as the chart draws it: one line when short, else two lines of about equal length;
    cut at a word with an ellipsis only past the style's room."""
    text = " ".join(label.split())
    if style.lines == 1 or len(text) <= style.split_chars:
        return [_shorten(text, style.line_chars)]
    text = _shorten(text, style.lines * style.line_chars)
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return [text]
    at = min(spaces, key=lambda i: max(i, len(text) - i - 1))
    return [text[:at], text[at + 1 :]]


def date_order(events: Sequence[Event]) -> list[Event]:
    """The order a reader follows a timeline in: by first day, the narrower period first, then by
    label. The chart's lanes go down in it and the story view steps through it."""
    return sorted(events, key=_date_key)


def _date_key(event: Event) -> tuple:
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
                hovertext=_wrapped(event.label) if cut else None,
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


def plotly_escape(text: str) -> str:
    """Text made inert for Plotly's HTML subset: <, > and & escaped. Quotes stay as they are:
    Plotly builds no attribute from text, and shows entities such as &quot; literally."""
    return html.escape(text, quote=False)


def marker_size(n_sources: int) -> float:
    """Marker diameter in pixels: grows with the number of sources, slowly, so one big event
    does not hide its neighbours."""
    return min(36.0, 9.0 + 5.0 * math.log2(max(1, n_sources)))


def bar_thickness(n_sources: int) -> float:
    """Band thickness in lanes: the band counterpart of marker_size."""
    return min(0.7, 0.35 + 0.08 * math.log2(max(1, n_sources)))


@dataclass(frozen=True)
class Layout:
    """Where the events go: a lane each, the date range (in fractional day ordinals) to show and its
    scale, each event's label lines (none when unlabelled) and the lanes' height in pixels."""

    lanes: list[int]
    x_range: tuple[float, float]
    days_per_px: float = 1.0
    labels: list[list[str]] = field(default_factory=list)
    lane_px: int = UNLABELLED_LANE_PX

    @property
    def n_lanes(self) -> int:
        return max(self.lanes, default=-1) + 1


def lay_out(
    events: Sequence[Event],
    style: LabelStyle | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    width_px: float = PACKING_WIDTH_PX,
) -> Layout:
    """Lanes such that no two events of one lane overlap, labels included, at `width_px`.

    Each event occupies, in pixels, its marker (a point) or its interval within [start, end] (a
    band), then its label in `style` (None: no labels). Pixels become days once the date range is
    known, and the range is chosen first, as the narrowest that keeps every label inside the plot.

    Labelled events go down the lanes in date order: one lane each when LABELLED_PLOT_PX holds
    them all, else round the lanes that fit, each event taking the next lane whose previous event
    it clears. When that fails, and always for unlabelled events, greedy interval partitioning in
    order of left edges gives each event the lowest free lane (the fewest lanes; O(n log n), so
    10,000 events stay instant). A band running in from before the view reserves the widest
    marker's radius on its left, so such bands take the top lanes rather than the first day's points.
    """
    if not events:
        return Layout([], (0.0, 1.0))
    low = start.toordinal() if start else -math.inf
    high = end.toordinal() + 1 if end else math.inf
    labels = [label_lines(event.label, style) for event in events] if style else []
    label_px = [LABEL_PAD_PX + max(text_width_px(line) for line in lines) for lines in labels] if style else [0.0] * len(events)
    extents = [_extent(event, marker_size(source_count(event)) / 2, px, low, high) for event, px in zip(events, label_px)]
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
    rightmost = [x1 + (right + LANE_GAP_PX) * days_per_px for _, x1, _, right in extents]
    lanes = None
    if style:
        in_order = sorted(range(len(events)), key=lambda i: _date_key(events[i]))
        lanes = _down_in_date_order(in_order, leftmost, rightmost, LABELLED_PLOT_PX // style.lane_px)
    if lanes is None:
        lanes = _fewest_lanes(leftmost, rightmost, extents)
    return Layout(lanes, (origin, origin + span), days_per_px, labels, style.lane_px if style else UNLABELLED_LANE_PX)


def _down_in_date_order(in_order: Sequence[int], leftmost: Sequence[float], rightmost: Sequence[float], n_lanes: int) -> list[int] | None:
    """Lanes taken in date order, each event the next lane down (from the top again after the
    last) whose previous event it clears; None when some event clears none."""
    lanes = [0] * len(in_order)
    if len(in_order) <= n_lanes:
        for lane, i in enumerate(in_order):
            lanes[i] = lane
        return lanes
    busy = [-math.inf] * n_lanes
    lane = -1
    for i in in_order:
        for step in range(1, n_lanes + 1):
            candidate = (lane + step) % n_lanes
            if busy[candidate] <= leftmost[i]:
                break
        else:
            return None
        lane = candidate
        lanes[i] = lane
        busy[lane] = rightmost[i]
    return lanes


def _fewest_lanes(leftmost: Sequence[float], rightmost: Sequence[float], extents: Sequence[tuple[float, float, float, float]]) -> list[int]:
    """Greedy interval partitioning in order of left edges: each event the lowest free lane."""
    order = sorted(range(len(leftmost)), key=lambda i: (leftmost[i], extents[i][0] - extents[i][1]))
    lanes = [0] * len(leftmost)
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    n_lanes = 0
    for i in order:
        while busy and busy[0][0] <= leftmost[i]:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, n_lanes = n_lanes, n_lanes + 1
        lanes[i] = lane
        heapq.heappush(busy, (rightmost[i], lane))
    return lanes


def _extent(event: Event, radius: float, label_px: float, low: float, high: float) -> tuple[float, float, float, float]:
    """(left, right) in day ordinals, and the pixels drawn left and right of them: a point (of
    `radius`) is centred on its day, a band covers its days within [low, high) with its middle
    point; the label follows either, clear of the point."""
    if event.start == event.end:
        return event.start.toordinal(), event.start.toordinal(), radius, radius + label_px
    return max(low, event.start.toordinal()), min(high, event.end.toordinal() + 1), radius, radius + label_px


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


SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}


def when_text(event: Event) -> str:
    """When the event happened, as a reader says it: "19 June 2024" for a day, and for a period
    said vaguely "sometime in November 2024" (the week of, the first half of, the 2020s...): one
    day in it, not the whole period."""
    start, end = event.start, event.end
    if start == end:
        return f"{start.day} {start:%B %Y}"
    granularity = event.granularity
    if granularity == "month":
        return f"sometime in {start:%B %Y}"
    if granularity == "year":
        return f"sometime in {start.year}"
    if granularity == "quarter":
        return f"sometime in Q{(start.month - 1) // 3 + 1} {start.year}"
    if granularity == "half":
        return f"sometime in the {'first' if start.month <= 6 else 'second'} half of {start.year}"
    if granularity in ("week", "weekend"):
        return f"sometime in the {granularity} of {start.day} {start:%b %Y}"
    if granularity == "season" and event.date[-2:] in SEASONS:
        return f"sometime in the {SEASONS[event.date[-2:]]} of {event.date[:4]}"
    if granularity == "decade":
        return f"sometime in the {start.year}s"
    return f"sometime between {start.day} {start:%b %Y} and {end.day} {end:%b %Y}"


def hover_text(event: Event, quoted: int = HOVER_SOURCES, named: int = HOVER_NAMED) -> str:
    """The hover box of an event as Plotly's HTML subset: what, when, and who says so, escaped.

    A source is an article: one quoting the event twice is listed once, with its first sentence.
    The first `quoted` sources come with their sentence, the next `named` on a line each.
    """
    articles = sources_by_article(event)
    n = len(articles)
    lines = [
        f"<b>{_wrapped(event.label)}</b>",
        f"{plotly_escape(when_text(event))} ({plotly_escape(event.date)}, {plotly_escape(event.granularity)}) · {STATUS_NAMES[event.status]} · {n} source{'s' if n != 1 else ''}",
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
