"""An event as a reader reads it: when it happened in words, the hover box (Plotly's HTML subset),
the detail panel's heading and one card per source article, each quote with its date expression
marked. Every piece of article text is escaped before it is put in markup; a link is made only of
a web address."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlsplit

from timeline.filters import source_count
from timeline.model import Event, Source
from timeline.titles import shorten


SENTENCE_CHARS = 200
WRAP_CHARS = 80

HOVER_SOURCES = 3
"""Sources quoted in a hover box (Plotly clips a box taller than the chart)."""

HOVER_NAMED = 5
"""Further sources named on one line each, without their quote; any beyond are counted, and the
detail panel lists them all."""

NAMED_CHARS = 70


def plotly_escape(text: str) -> str:
    """Text made inert for Plotly's HTML subset: <, > and & escaped. Quotes stay as they are:
    Plotly builds no attribute from text, and shows entities such as &quot; literally."""
    return html.escape(text, quote=False)


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
        f"<b>{wrapped(event.label)}</b>",
        f"{plotly_escape(when_text(event))} ({plotly_escape(event.date)}, {plotly_escape(event.granularity)}) · {STATUS_NAMES[event.status]} · {n} source{'s' if n != 1 else ''}",
    ]
    for source, *_ in articles[:quoted]:
        lines.append("")
        lines.append(f"<b>{wrapped(source.display_name)}</b>")
        cited = ", ".join(part for part in (_cited(source), STATUS_NAMES[source.status] if source.status != "reported" else "") if part)
        if cited:
            lines.append(f"<i>{plotly_escape(cited)}</i>")
        lines.append(f"“{wrapped(shorten(source.sentence, SENTENCE_CHARS))}”")
    also = articles[quoted : quoted + named]
    if also:
        lines.append("")
        lines.append("<i>Also:</i>")
    for source, *_ in also:
        cited = _cited(source)
        lines.append(f"<b>{plotly_escape(shorten(source.display_name, NAMED_CHARS))}</b>" + (f" <i>{plotly_escape(cited)}</i>" if cited else ""))
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


def _published_date(published: str | None) -> str | None:
    return published[:10] if published else None


def wrapped(text: str) -> str:
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
