"""Lanes: which row of the chart each event takes, so that no two events of a row overlap, labels
included, and how wide a label is drawn.

Events go into lanes in date order from top to bottom, each with its whole label, wrapped to two
lines; labels are cut only when the chart is crowded (the hover keeps the whole text), and dropped
(hover only) beyond that. Widths are measured in pixels from the font's advance widths, so the
packing needs no browser.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from timeline.filters import source_count
from timeline.model import Event
from timeline.titles import shorten
from timeline.viz.style import FONT_PX, marker_size
from timeline.viz.view import date_key


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
        return [shorten(text, style.line_chars)]
    text = shorten(text, style.lines * style.line_chars)
    spaces = [i for i, char in enumerate(text) if char == " "]
    if not spaces:
        return [text]
    at = min(spaces, key=lambda i: max(i, len(text) - i - 1))
    return [text[:at], text[at + 1 :]]


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
        in_order = sorted(range(len(events)), key=lambda i: date_key(events[i]))
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
