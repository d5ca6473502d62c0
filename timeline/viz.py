"""The interactive timeline chart and the small HTML snippets that show an event's sources.

Dates are drawn as precisely as the articles state them and no more: a day is a point, while a
month, quarter, week or year is a bar over the whole interval it covers, so "in June" never turns
into a made-up June 1st. Every string that comes from an article is HTML-escaped before Plotly or
Streamlit sees it, because both render a subset of HTML and article text is untrusted.
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

from timeline.model import Article, Event, Source

WEBGL_THRESHOLD = 1000
"""Above this many point events the points are drawn with WebGL, which stays fluid at 10,000."""

LABEL_THRESHOLD = 40
"""Up to this many events each carries a visible label; beyond, labels would pile up: hover only."""

LABEL_CHARS = 32
SENTENCE_CHARS = 200
WRAP_CHARS = 80
HOVER_SOURCES = 3
"""Sources listed in a hover box (Plotly clips a box taller than the chart); the rest are counted,
the detail panel lists them all."""

LABEL_GAP = 0.18
MARKER_GAP = 0.004
"""Minimum horizontal room an event reserves in its lane, as a share of the whole span: labels need
about a sixth of a typical chart's width, bare markers only their own diameter."""

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

MS_PER_DAY = 86_400_000


def timeline_figure(events: Sequence[Event]) -> go.Figure:
    """A Plotly timeline of events: points for single days, bars for longer intervals, in lanes.

    One trace per granularity (a legend entry, one colour), built from lists in one pass, so the
    figure stays cheap for thousands of events. Each point's customdata is its event id.
    """
    figure = go.Figure()
    if not events:
        figure.add_annotation(text="No events to show", showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
        figure.update_xaxes(visible=False)
        figure.update_yaxes(visible=False)
        figure.update_layout(height=320, margin=dict(l=20, r=20, t=20, b=20))
        return figure

    labelled = len(events) <= LABEL_THRESHOLD
    lanes = assign_lanes(events, LABEL_GAP if labelled else MARKER_GAP)
    traces: dict[tuple[str, bool], _Trace] = {}
    for event, lane in zip(events, lanes):
        is_point = event.start == event.end
        trace = traces.setdefault((event.granularity, is_point), _Trace())
        trace.add(event, lane, labelled)

    many_points = sum(len(t.ids) for (_, is_point), t in traces.items() if is_point) > WEBGL_THRESHOLD
    for (granularity, is_point), trace in sorted(traces.items(), key=lambda item: _granularity_order(item[0][0])):
        name = f"{granularity} ({len(trace.ids)})"
        color = GRANULARITY_COLORS.get(granularity, GRANULARITY_COLORS["unknown"])
        if is_point:
            figure.add_trace(trace.points(name, color, labelled, webgl=many_points))
        else:
            figure.add_trace(trace.bars(name, color, labelled))

    n_lanes = max(lanes) + 1
    figure.update_layout(
        height=max(440, min(900, 120 + 34 * n_lanes)),
        margin=dict(l=20, r=20, t=30, b=40),
        legend=dict(title="granularity (events)", orientation="h", y=1.02, yanchor="bottom", x=0, xanchor="left"),
        hoverlabel=dict(align="left"),
        barmode="overlay",
        clickmode="event+select",
        dragmode="pan",
    )
    figure.update_xaxes(type="date", showgrid=True, range=_x_range(events, LABEL_GAP if labelled else 0.0))
    figure.update_yaxes(visible=False, autorange="reversed")
    return figure


@dataclass
class _Trace:
    """Columns of one trace, filled event by event, turned into a Plotly trace once."""

    ids: list[str] = field(default_factory=list)
    starts: list[str] = field(default_factory=list)
    durations: list[int] = field(default_factory=list)
    lanes: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    hovers: list[str] = field(default_factory=list)

    def add(self, event: Event, lane: int, labelled: bool) -> None:
        self.ids.append(event.id)
        self.starts.append(event.start.isoformat())
        self.durations.append(((event.end - event.start).days + 1) * MS_PER_DAY)
        self.lanes.append(lane)
        self.sizes.append(len(event.sources))
        self.labels.append(html.escape(_shorten(event.label, LABEL_CHARS)) if labelled else "")
        self.hovers.append(hover_text(event))

    def points(self, name: str, color: str, labelled: bool, webgl: bool) -> go.Scatter | go.Scattergl:
        kind = go.Scattergl if webgl else go.Scatter
        return kind(
            name=name,
            x=self.starts,
            y=self.lanes,
            mode="markers+text" if labelled else "markers",
            text=self.labels if labelled else None,
            textposition="middle right",
            marker=dict(size=[marker_size(n) for n in self.sizes], color=color, line=dict(width=1, color="white")),
            customdata=self.ids,
            hovertext=self.hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )

    def bars(self, name: str, color: str, labelled: bool) -> go.Bar:
        return go.Bar(
            name=name,
            orientation="h",
            base=self.starts,
            x=self.durations,
            y=self.lanes,
            width=[bar_thickness(n) for n in self.sizes],
            marker=dict(color=color, opacity=0.75),
            text=self.labels if labelled else None,
            textposition="outside",
            cliponaxis=False,
            customdata=self.ids,
            hovertext=self.hovers,
            hovertemplate="%{hovertext}<extra></extra>",
        )


def _x_range(events: Sequence[Event], label_room: float) -> list[str]:
    """The whole span with a margin, and room on the right for the last event's label."""
    first = min(e.start for e in events)
    last = max(e.end for e in events) + dt.timedelta(days=1)
    span = (last - first).days
    margin = dt.timedelta(days=max(1.0, 0.03 * span))
    return [(first - margin).isoformat(), (last + margin + dt.timedelta(days=span * label_room)).isoformat()]


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


def assign_lanes(events: Sequence[Event], min_gap: float) -> list[int]:
    """A lane per event, in input order, so that nothing in one lane overlaps.

    Greedy interval partitioning in start order: each event takes the lowest-numbered lane whose
    last occupant ended before it starts. An event occupies its interval plus `min_gap` of the
    whole span, the room its marker and label need. O(n log n), so 10,000 events stay instant.
    """
    if not events:
        return []
    first = min(e.start for e in events).toordinal()
    last = max(e.end for e in events).toordinal() + 1
    gap = max(1.0, (last - first) * min_gap)
    order = sorted(range(len(events)), key=lambda i: (events[i].start, events[i].end, events[i].label))
    lanes = [0] * len(events)
    busy: list[tuple[float, int]] = []
    free: list[int] = []
    n_lanes = 0
    for i in order:
        start = events[i].start.toordinal()
        while busy and busy[0][0] <= start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, n_lanes = n_lanes, n_lanes + 1
        lanes[i] = lane
        heapq.heappush(busy, (events[i].end.toordinal() + 1 + gap, lane))
    return lanes


def hover_text(event: Event, max_sources: int = HOVER_SOURCES) -> str:
    """The hover box of an event as Plotly's HTML subset: what, when, and who says so, escaped."""
    n = len(event.sources)
    lines = [
        f"<b>{_wrapped(event.label)}</b>",
        f"{html.escape(event.date)} ({html.escape(event.granularity)}) · {n} source{'s' if n != 1 else ''}",
    ]
    for source in event.sources[:max_sources]:
        lines.append("")
        lines.append(f"<b>{_wrapped(source.title or source.file)}</b>")
        cited = ", ".join(html.escape(part) for part in (source.outlet, _published_date(source.published)) if part)
        if cited:
            lines.append(f"<i>{cited}</i>")
        lines.append(f"“{_wrapped(_shorten(source.sentence, SENTENCE_CHARS))}”")
    if n > max_sources:
        lines.append("")
        lines.append(f"<i>and {n - max_sources} more source{'s' if n - max_sources != 1 else ''}</i>")
    return "<br>".join(lines)


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
            "sources": [len(e.sources) for e in events],
            "outlets": [", ".join(e.outlets) for e in events],
            "id": [e.id for e in events],
        },
        columns=["date", "granularity", "event", "sources", "outlets", "id"],
    )


def articles_table(articles: Sequence[Article], events: Sequence[Event]) -> pd.DataFrame:
    """One row per article: how to cite it, where its date comes from, how many events it reports."""
    counts = Counter(article_id for e in events for article_id in {s.article_id for s in e.sources})
    return pd.DataFrame(
        {
            "title": [a.display_name for a in articles],
            "outlet": [a.outlet or "" for a in articles],
            "published": [a.published or "" for a in articles],
            "date from": [a.published_source for a in articles],
            "events": [counts.get(a.id, 0) for a in articles],
            "file": [a.file for a in articles],
            "id": [a.id for a in articles],
        },
        columns=["title", "outlet", "published", "date from", "events", "file", "id"],
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
    return "<br>".join(html.escape(part) for part in lines)
