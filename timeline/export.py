"""The timeline in the formats other tools read: CSV, JSON, TimelineJS, iCalendar and standalone HTML.

Every file is written by one function of a Document (the events, the corpus' title and description,
and the view the chart shows), which the CLI and the dashboard's download buttons both call, so they
produce byte-identical files. Every export keeps each event's sources: a date without the sentence
that states it cannot be checked. The title and description go wherever a format has a place for
them: the HTML page, the JSON, TimelineJS's title slide, the calendar's name and description (a CSV
has none that spreadsheets read).
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
from timeline.model import CorpusInfo, Event, Source
from timeline.viz.cards import STATUS_NAMES, safe_url, sources_by_article
from timeline.viz.lanes import PACKING_WIDTH_PX
from timeline.viz.style import BACKGROUND, CHART_CONFIG, CHART_FONT, TEXT_COLOR
from timeline.viz.view import View

CSV_COLUMNS = [
    "event_id", "date", "start", "end", "granularity", "label", "status", "salience", "n_sources",
    "source_file", "title", "outlet", "published", "url", "sentence", "source_status",
    "title_source", "key", "edits",
]  # fmt: skip

SOURCE_FIELDS = ["file", "title", "title_source", "outlet", "published", "url", "sentence", "timex_text", "timex_value", "derivation", "status"]

EDIT_FIELDS = ["id", "kind", "value", "replaced", "author", "made_at"]
"""What an export says of each user edit that shaped an event: the edit log of that event."""

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
        "key": event.key,
        "sources": [{name: getattr(source, name) for name in SOURCE_FIELDS} for source in event.sources],
        "edits": [{name: getattr(edit, name) for name in EDIT_FIELDS} for edit in event.edits],
    }


@dataclass(frozen=True)
class Document:
    """What an export is written from: the events (in order), the corpus' title and description,
    and the view the chart shows (the date window asked for and the story's span)."""

    events: Sequence[Event]
    info: CorpusInfo = CorpusInfo()
    view: View = View()


def to_json(events: Sequence[Event], info: CorpusInfo = CorpusInfo()) -> str:
    document = {"title": info.title, "description": info.description, "events": [event_to_dict(e) for e in events]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_csv(events: Sequence[Event]) -> str:
    """One row per (event, quote), so a spreadsheet can sort and filter quotes; n_sources counts the
    distinct articles; an event without sources still gets one row. A title derived from the text
    says so in title_source; edits names the kinds of user edit that shaped the event. Text that a
    spreadsheet would run as a formula is neutralised (see `spreadsheet_safe`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for event in events:
        head = [event.id, event.date, event.start.isoformat(), event.end.isoformat(), event.granularity, spreadsheet_safe(event.label), event.status, event.salience, source_count(event)]
        tail = ["yes" if event.key else "", " ".join(dict.fromkeys(edit.kind for edit in event.edits))]
        for source in event.sources or [None]:
            if source is None:
                writer.writerow(head + [""] * 8 + tail)
            else:
                cited = (source.file, source.title or "", source.outlet or "", source.published or "", source.url or "", source.sentence)
                writer.writerow(head + [spreadsheet_safe(cell) for cell in cited] + [source.status, source.title_source if source.title else ""] + tail)
    return buffer.getvalue()


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading ' when it starts like a formula, so that a title such as
    =HYPERLINK(...) is shown as text and never run (OWASP's advice for CSV injection); a carriage
    return inside becomes a newline, which the writer quotes (it does not quote a bare \r)."""
    safe = f"'{cell}" if cell.startswith(FORMULA_START) else cell
    return safe.replace("\r\n", "\n").replace("\r", "\n")


def to_timelinejs(events: Sequence[Event], info: CorpusInfo = CorpusInfo()) -> str:
    """TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

    The start date carries only the parts that are known ("June 2024" is {"year": 2024, "month":
    6}), and an event longer than a day ends on its last day, so TimelineJS draws a month as the
    span it is, as the dashboard does, while display_date names the period as the articles do.
    Headline and text are escaped because TimelineJS renders them as HTML. The title slide carries
    the corpus' title and description.
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
    about = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in info.paragraphs)
    counted = f"<p>{n} event{'s' if n != 1 else ''}, each with the articles that report it.</p>"
    document = {"title": {"text": {"headline": html.escape(info.heading), "text": about + counted}}, "events": slides}
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
        name = html.escape(source.display_name)
        name = f'<a href="{html.escape(url, quote=True)}">{name}</a>' if url else name
        quoted = "".join(f"<blockquote>{html.escape(quote.sentence)}</blockquote>" for quote in quotes)
        items.append(f"<li><b>{name}</b>{' (' + cited + ')' if cited else ''}{quoted}</li>")
    status = f"<p><i>{html.escape(STATUS_NAMES[event.status])}</i></p>"
    return status + (f"<ul>{''.join(items)}</ul>" if items else "")


def to_ics(events: Sequence[Event], info: CorpusInfo = CorpusInfo()) -> str:
    """An iCalendar file (RFC 5545) with one all-day entry per day-level event, named and described
    as the corpus is (RFC 7986's NAME and DESCRIPTION, and the X-WR-CALNAME and X-WR-CALDESC that
    older calendars read).

    Month- or year-level events are left out: a calendar entry spanning a whole month would claim
    a duration the articles never stated. Written by hand because the format needs only four rules
    (CRLF, 75-octet folding, TEXT escaping, all-day DATE values) and this adds no dependency.
    DTSTAMP is the newest publication date among the sources, so the same events give the same file.
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ICS_PRODID}", "CALSCALE:GREGORIAN"]
    lines += [f"NAME:{ics_escape(info.heading)}", f"X-WR-CALNAME:{ics_escape(info.heading)}"]
    if info.description:
        lines += [f"DESCRIPTION:{ics_escape(info.description)}", f"X-WR-CALDESC:{ics_escape(info.description)}"]
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
    """The event's status, then a paragraph per article: how to cite it, each of its quotes, its
    address when it is a web (http or https) one, which calendars turn into a link."""
    parts = [f"Status: {STATUS_NAMES[event.status]}"]
    for quotes in sources_by_article(event):
        source = quotes[0]
        cited = ", ".join(p for p in (source.outlet, (source.published or "")[:10]) if p)
        name = source.display_name
        lines = [f"{name} ({cited})" if cited else name, *(f"“{quote.sentence}”" for quote in quotes)]
        url = safe_url(source.url)
        if url:
            lines.append(url)
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


HTML_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0 auto; max-width: 1400px; padding: 16px 20px 32px; background: {background}; color: {color}; font-family: {font}; }}
h1 {{ font-size: 1.8rem; margin: 0.4em 0 0.2em; }}
.description p {{ margin: 0.3em 0; line-height: 1.45; }}
.chart {{ overflow-x: auto; margin-top: 12px; }}
.chart > div {{ min-width: {min_width}px; }}
</style>
</head>
<body>
<h1>{title}</h1>
<div class="description">{description}</div>
<div class="chart">{chart}</div>
</body>
</html>
"""
"""The standalone page: the corpus' title and description above the chart, which never gets
narrower than the lanes were packed for (a phone scrolls it sideways)."""


def to_html(events: Sequence[Event], info: CorpusInfo = CorpusInfo(), view: View = View()) -> str:
    """The interactive chart as one self-contained HTML page (Plotly's JavaScript inlined): works
    offline. It is the dashboard's chart, figure and options alike, under the corpus' title and
    description. The chart's element id is fixed (Plotly draws a random one) so the same events
    always give the same file."""
    from timeline.viz.figure import timeline_figure  # Plotly is loaded only for the one format that draws

    chart = timeline_figure(events, view).to_html(include_plotlyjs=True, full_html=False, div_id="timeline-chart", config=CHART_CONFIG)
    return HTML_PAGE.format(
        title=html.escape(info.heading),
        description="".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in info.paragraphs),
        chart=chart,
        background=BACKGROUND,
        color=TEXT_COLOR,
        font=CHART_FONT,
        min_width=PACKING_WIDTH_PX,
    )


@dataclass(frozen=True)
class Format:
    """One export format, as the CLI names it and the dashboard offers it for download."""

    label: str
    write: Callable[[Document], str]
    file_name: str
    mime: str


FORMATS: dict[str, Format] = {
    "csv": Format("CSV", lambda document: to_csv(document.events), "timeline.csv", "text/csv"),
    "json": Format("JSON", lambda document: to_json(document.events, document.info), "timeline.json", "application/json"),
    "timelinejs": Format("TimelineJS", lambda document: to_timelinejs(document.events, document.info), "timeline-timelinejs.json", "application/json"),
    "ics": Format("Calendar (ICS)", lambda document: to_ics(document.events, document.info), "timeline.ics", "text/calendar"),
    "html": Format("HTML chart", lambda document: to_html(document.events, document.info, document.view), "timeline.html", "text/html"),
}
