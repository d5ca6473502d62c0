"""The timeline in the formats other tools read: CSV, JSON, TimelineJS, iCalendar and standalone HTML.

Every exporter is a pure function of the events, so the CLI and the dashboard's download buttons
produce byte-identical files, and every export keeps each event's sources: a date without the
sentence that states it cannot be checked.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from timeline.filters import source_count
from timeline.model import Event, Source
from timeline.viz import CHART_CONFIG, STATUS_NAMES, View, safe_url, sources_by_article, timeline_figure

CSV_COLUMNS = [
    "event_id", "date", "start", "end", "granularity", "label", "status", "salience", "n_sources",
    "source_file", "title", "outlet", "published", "url", "sentence", "source_status",
]  # fmt: skip

SOURCE_FIELDS = ["file", "title", "outlet", "published", "url", "sentence", "timex_text", "timex_value", "derivation", "status"]

ICS_PRODID = "-//timeline//news event timeline//EN"

YEAR_LEVEL = {"year", "decade", "century"}
MONTH_LEVEL = {"month"}
"""Granularities whose TimelineJS start dates are given only to the year or month they are known
to; every other granularity starts on its exact first day."""


def event_to_dict(event: Event) -> dict:
    """An event as plain JSON data (ISO dates), the shape of `to_json` and of `build --out`."""
    return {
        "id": event.id,
        "date": event.date,
        "start": event.start.isoformat(),
        "end": event.end.isoformat(),
        "granularity": event.granularity,
        "label": event.label,
        "status": event.status,
        "salience": event.salience,
        "sources": [{name: getattr(source, name) for name in SOURCE_FIELDS} for source in event.sources],
    }


def to_json(events: Sequence[Event]) -> str:
    return json.dumps({"events": [event_to_dict(e) for e in events]}, ensure_ascii=False, indent=2) + "\n"


def to_csv(events: Sequence[Event]) -> str:
    """One row per (event, quote), so a spreadsheet can sort and filter quotes; n_sources counts the
    distinct articles; an event without sources still gets one row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        head = [event.id, event.date, event.start.isoformat(), event.end.isoformat(), event.granularity, event.label, event.status, event.salience, source_count(event)]
        for source in event.sources or [None]:
            if source is None:
                writer.writerow(head + [""] * 7)
            else:
                writer.writerow(head + [source.file, source.title or "", source.outlet or "", source.published or "", source.url or "", source.sentence, source.status])
    return buffer.getvalue()


def to_timelinejs(events: Sequence[Event], title: str = "Timeline") -> str:
    """TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

    The start date carries only the parts that are known ("June 2024" is {"year": 2024, "month":
    6}), and an event longer than a day ends on its last day, so TimelineJS draws a month as the
    span it is, as the dashboard does, while display_date names the period as the articles do.
    Headline and text are escaped because TimelineJS renders them as HTML.
    """
    slides = []
    for event in events:
        slide: dict = {
            "unique_id": event.id,
            "start_date": _timelinejs_date(event.start, event.granularity),
            "text": {"headline": html.escape(event.label), "text": _sources_html(event)},
            "group": event.granularity,
        }
        if event.start != event.end:
            slide["end_date"] = _timelinejs_date(event.end, "day")
            slide["display_date"] = _display_date(event)
        slides.append(slide)
    n = len(events)
    document = {
        "title": {"text": {"headline": html.escape(title), "text": f"{n} event{'s' if n != 1 else ''}, each with the articles that report it."}},
        "events": slides,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _timelinejs_date(day: dt.date, granularity: str) -> dict:
    if granularity in YEAR_LEVEL:
        return {"year": day.year}
    if granularity in MONTH_LEVEL:
        return {"year": day.year, "month": day.month}
    return {"year": day.year, "month": day.month, "day": day.day}


def _display_date(event: Event) -> str:
    if event.granularity in YEAR_LEVEL:
        return html.escape(event.date)
    if event.granularity in MONTH_LEVEL:
        return f"{event.start:%B %Y}"
    return f"{html.escape(event.date)} ({event.granularity}): {event.start:%d %b} – {event.end:%d %b %Y}"


def _sources_html(event: Event) -> str:
    """The event's status, then one list item per article, with each of its quotes."""
    items = []
    for quotes in sources_by_article(event):
        source = quotes[0]
        cited = ", ".join(html.escape(p) for p in (source.outlet, (source.published or "")[:10]) if p)
        url = safe_url(source.url)
        name = html.escape(source.title or source.file)
        name = f'<a href="{html.escape(url, quote=True)}">{name}</a>' if url else name
        quoted = "".join(f"<blockquote>{html.escape(quote.sentence)}</blockquote>" for quote in quotes)
        items.append(f"<li><b>{name}</b>{' (' + cited + ')' if cited else ''}{quoted}</li>")
    status = f"<p><i>{html.escape(STATUS_NAMES[event.status])}</i></p>"
    return status + (f"<ul>{''.join(items)}</ul>" if items else "")


def to_ics(events: Sequence[Event]) -> str:
    """An iCalendar file (RFC 5545) with one all-day entry per day-level event.

    Month- or year-level events are left out: a calendar entry spanning a whole month would claim
    a duration the articles never stated. Written by hand because the format needs only four rules
    (CRLF, 75-octet folding, TEXT escaping, all-day DATE values) and this adds no dependency.
    DTSTAMP is the newest publication date among the sources, so the same events give the same file.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ICS_PRODID}", "CALSCALE:GREGORIAN"]
    for event in events:
        if event.granularity not in ("day", "time"):
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.id}@timeline",
            f"DTSTAMP:{_dtstamp(event)}",
            f"DTSTART;VALUE=DATE:{event.start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.start + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(event.label)}",
            f"DESCRIPTION:{ics_escape(_sources_text(event))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold_ics_line(line) + "\r\n" for line in lines)


def _dtstamp(event: Event) -> str:
    published = [s.published[:10] for s in event.sources if s.published]
    day = max(dt.date.fromisoformat(p) for p in published) if published else event.start
    return f"{day:%Y%m%d}T000000Z"


def _sources_text(event: Event) -> str:
    """The event's status, then a paragraph per article: how to cite it, each of its quotes, its address."""
    parts = [f"Status: {STATUS_NAMES[event.status]}"]
    for quotes in sources_by_article(event):
        source = quotes[0]
        cited = ", ".join(p for p in (source.outlet, (source.published or "")[:10]) if p)
        name = source.title or source.file
        lines = [f"{name} ({cited})" if cited else name, *(f"“{quote.sentence}”" for quote in quotes)]
        if source.url:
            lines.append(source.url)
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def ics_escape(text: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_ics_line(line: str, limit: int = 75) -> str:
    """Fold a content line into pieces of at most `limit` octets, never splitting a UTF-8 character;
    continuation lines start with one space (RFC 5545 section 3.1)."""
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        room = limit if not pieces else limit - 1
        if size + width > room:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def to_html(events: Sequence[Event], view: View = View()) -> str:
    """The interactive chart as one self-contained HTML page (Plotly's JavaScript inlined): works
    offline. It is the dashboard's chart, figure and options alike, in the view the dashboard shows
    (its date window, the story's span). The chart's element id is fixed (Plotly draws a random one)
    so the same events always give the same file."""
    return timeline_figure(events, view).to_html(include_plotlyjs=True, full_html=True, div_id="timeline-chart", config=CHART_CONFIG)


@dataclass(frozen=True)
class Format:
    """One export format, as the CLI names it and the dashboard offers it for download."""

    label: str
    write: Callable[..., str]
    """The exporter: events first; `to_html` also takes the view the chart shows."""
    file_name: str
    mime: str


FORMATS: dict[str, Format] = {
    "csv": Format("CSV", to_csv, "timeline.csv", "text/csv"),
    "json": Format("JSON", to_json, "timeline.json", "application/json"),
    "timelinejs": Format("TimelineJS", to_timelinejs, "timeline-timelinejs.json", "application/json"),
    "ics": Format("Calendar (ICS)", to_ics, "timeline.ics", "text/calendar"),
    "html": Format("HTML chart", to_html, "timeline.html", "text/html"),
}
