"""The story view: the timeline told one event at a time, in date order, as TimelineJS reads.

The order, which event is current and the steps between them are plain logic here, with the slide as
HTML (the dashboard) and as text (`python -m timeline story`), so both tell the same story. Article
text is escaped before it reaches the HTML; only the date expression's <mark> and the link are ours.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass

from timeline.filters import source_count
from timeline.model import Event, Source
from timeline.viz.cards import STATUS_NAMES, highlight_timex, safe_url, sources_by_article, when_text
from timeline.viz.view import date_order

__all__ = ["Story", "slide_html", "slide_text", "SLIDE_CSS"]


@dataclass(frozen=True)
class Story:
    """Events in reading order (date_order, the chart's top-to-bottom order)."""

    events: tuple[Event, ...]

    @classmethod
    def of(cls, events: Sequence[Event]) -> Story:
        return cls(tuple(date_order(events)))

    def __len__(self) -> int:
        return len(self.events)

    def locate(self, event: Event | None) -> int:
        """Where the story stands for a reader who was on `event`: that event, else (the filters
        changed and it left the story) the first one from its day on, else the last; the first
        event when there was none."""
        if event is None or not self.events:
            return 0
        for i, candidate in enumerate(self.events):
            if candidate.id == event.id:
                return i
        later = [i for i, candidate in enumerate(self.events) if candidate.start >= event.start]
        return later[0] if later else len(self.events) - 1

    def step(self, index: int, by: int) -> int:
        """The index `by` events on from `index`, held at the first and last event."""
        return max(0, min(len(self.events) - 1, index + by))

    def index_starting_in(self, first_day: dt.date, last_day: dt.date) -> int | None:
        """The first event that starts within [first_day, last_day] (a clicked period), if any."""
        return next((i for i, e in enumerate(self.events) if first_day <= e.start <= last_day), None)


SLIDE_CSS = """<style>
.story-slide { max-width: 52rem; }
.story-slide .when { margin: 0; font-size: 1rem; color: #31333F; }
.story-slide h2 { margin: 0.15em 0 0.5em; font-size: 1.7rem; line-height: 1.25; }
.story-source { margin: 0 0 1.1em; }
.story-source blockquote { margin: 0; padding: 0.1em 0 0.1em 0.9em; border-left: 4px solid #B8BCC8; font-size: 1.08rem; line-height: 1.5; }
.story-source mark { background: #FFE58F; color: #1A1C24; padding: 0 0.1em; }
.story-source .cite { margin: 0.35em 0 0 0.9em; font-size: 0.95rem; color: #4A4D5A; }
.story-source .cite a { color: #1F5FBF; }
@media (max-width: 640px) { .story-slide h2 { font-size: 1.35rem; } .story-source blockquote { font-size: 1rem; } }
</style>"""
"""How a slide reads: a headline, quotes at a comfortable measure, every colour at 4.5:1 or more."""


def slide_html(event: Event) -> str:
    """The event as a slide: when it happened (said as vaguely as the articles say it), its label as
    the headline, then what each article says: its quotes with the date expression marked, and
    the article (a link when it has a web address), outlet, date and status."""
    n = source_count(event)
    when = f"{_capitalized(when_text(event))} · {STATUS_NAMES[event.status]} · {n} source{'s' if n != 1 else ''}"
    parts = [f'<div class="story-slide"><p class="when">{html.escape(when)}</p><h2>{html.escape(event.label)}</h2>']
    for quotes in sources_by_article(event):
        parts.append(_source_html(quotes))
    parts.append("</div>")
    return "".join(parts)


def _source_html(quotes: Sequence[Source]) -> str:
    source = quotes[0]
    name = html.escape(source.title or source.file)
    url = safe_url(source.url)
    linked = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{name}</a>' if url else name
    cited = [linked, *(html.escape(part) for part in (source.outlet, (source.published or "")[:10]) if part)]
    if source.status != "reported":
        cited.append(html.escape(STATUS_NAMES[source.status]))
    quoted = "".join(f"<blockquote>{highlight_timex(quote)}</blockquote>" for quote in quotes)
    return f'<div class="story-source">{quoted}<p class="cite">— {" · ".join(cited)}</p></div>'


def slide_text(event: Event, position: int, total: int) -> str:
    """The slide as plain text for a terminal: position, when, headline, then each article's quotes
    (the date expression in brackets) and how to cite it."""
    n = source_count(event)
    lines = [f"[{position}/{total}] {_capitalized(when_text(event))} · {STATUS_NAMES[event.status]} · {n} source{'s' if n != 1 else ''}", event.label, ""]
    for quotes in sources_by_article(event):
        source = quotes[0]
        for quote in quotes:
            lines.append(f"  “{_bracketed(quote)}”")
        cited = ", ".join(part for part in (source.title or source.file, source.outlet, (source.published or "")[:10], source.url) if part)
        lines.append(f"    — {cited}")
    return "\n".join(lines)


def _bracketed(source: Source) -> str:
    """The sentence with its date expression in [brackets]."""
    sentence, needle = source.sentence, source.timex_text
    at = sentence.find(needle) if needle else -1
    if at < 0:
        return sentence
    return f"{sentence[:at]}[{needle}]{sentence[at + len(needle):]}"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
