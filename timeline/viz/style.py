"""How the charts look, in the dashboard and in the exported HTML page alike: text and background
colours whose contrast passes WCAG AA, the font, a colour per granularity, a marker per status,
and how big an event is drawn for its number of sources."""

from __future__ import annotations

import math

from timeline.model import Granularity


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


def marker_size(n_sources: int) -> float:
    """Marker diameter in pixels: grows with the number of sources, slowly, so one big event
    does not hide its neighbours."""
    return min(36.0, 9.0 + 5.0 * math.log2(max(1, n_sources)))


def bar_thickness(n_sources: int) -> float:
    """Band thickness in lanes: the band counterpart of marker_size."""
    return min(0.7, 0.35 + 0.08 * math.log2(max(1, n_sources)))


STATUS_SYMBOLS = {"reported": "circle", "expected": "circle-open", "denied": "x-thin-open"}
"""Markers by status: a filled point happened, a hollow one is only expected, a cross is denied."""
