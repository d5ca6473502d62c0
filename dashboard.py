"""The timeline dashboard: `streamlit run dashboard.py`.

Only wiring: reading, analysing, merging, filtering and exporting all live in the `timeline`
package, which the command line uses too. Article text reaches the page only escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from functools import partial

import streamlit as st

from timeline import export, filters, pipeline, viz
from timeline.model import Article, Event
from timeline.store import Store

UPLOAD_TYPES = ["txt", "md", "html", "htm", "csv", "jsonl", "docx", "pdf"]
EXPORTS = [
    ("CSV", export.to_csv, "timeline.csv", "text/csv"),
    ("JSON", export.to_json, "timeline.json", "application/json"),
    ("TimelineJS", export.to_timelinejs, "timeline-timelinejs.json", "application/json"),
    ("Calendar (ICS)", export.to_ics, "timeline.ics", "text/calendar"),
    ("HTML chart", export.to_html, "timeline.html", "text/html"),
]
SOURCE_COLUMNS = 3
# The date filters accept at least this range, and every event's own dates.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@st.cache_data(show_spinner=False, max_entries=8)
def stored_events(data_dir: str, fingerprint: str, _store: Store) -> list[Event] | None:
    """The events merged for this corpus state if the store has them, None when analysis is due.

    Keyed on the corpus fingerprint, so reruns of an unchanged corpus neither re-analyse nor
    re-read anything; the analysis itself runs outside the cache so it can draw a progress bar.
    """
    return _store.events(fingerprint)


def corpus_events(store: Store, data_dir: str) -> list[Event]:
    fingerprint = pipeline.corpus_fingerprint(store)
    events = stored_events(data_dir, fingerprint, store)
    if events is None:
        stored_events.clear(data_dir, fingerprint)
        report, slot = progress_bar("Analysing")
        events = pipeline.sync(store, report)
        slot.empty()
    return events


def progress_bar(label: str) -> tuple[pipeline.Progress, st.delta_generator.DeltaGenerator]:
    """A progress callback drawing into a bar that the caller empties when done."""
    slot = st.empty()

    def report(done: int, total: int, what: str) -> None:
        slot.progress(done / max(total, 1), text=f"{label} {done}/{total}: {what}")

    return report, slot


def show_ingest_result(result: pipeline.IngestResult) -> None:
    for problem in result.problems:
        st.error(f"{problem.file}: {problem.message}")
    for article in result.duplicates:
        st.info(f"{article.file}: already in the corpus")
    if result.added:
        st.success(f"Added {len(result.added)} article{'s' if len(result.added) != 1 else ''}.")


def upload_section(store: Store) -> None:
    """New uploads are ingested once (by upload id); the outcome stays visible until the next one."""
    uploads = st.file_uploader("Add articles", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads")
    seen: set[str] = st.session_state.setdefault("ingested_uploads", set())
    new = [f for f in uploads or [] if f.file_id not in seen]
    if new:
        report, slot = progress_bar("Reading")
        st.session_state["last_ingest"] = pipeline.ingest_files(store, [(f.name, f.getvalue()) for f in new], progress=report)
        slot.empty()
        seen.update(f.file_id for f in new)
    if "last_ingest" in st.session_state:
        show_ingest_result(st.session_state["last_ingest"])


def paste_section(store: Store) -> None:
    with st.expander("Paste an article"):
        with st.form("paste", clear_on_submit=True):
            text = st.text_area("Article text", key="paste_text")
            title = st.text_input("Title", key="paste_title")
            outlet = st.text_input("Outlet", key="paste_outlet")
            url = st.text_input("URL", key="paste_url")
            published = st.date_input("Published", value=None, key="paste_published", help="Leave empty when unknown: relative dates then wait for it.")
            submitted = st.form_submit_button("Add article")
        if submitted:
            if not text.strip():
                st.error("Paste the article's text first.")
                return
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
            article = Article(
                file=f"pasted-{digest}.txt",
                text=text,
                title=title.strip() or None,
                outlet=outlet.strip() or None,
                url=url.strip() or None,
                published=published.isoformat() if published else None,
                published_source="user" if published else "unknown",
            )
            st.session_state["last_ingest"] = pipeline.add_articles(store, [article])
            st.rerun()


def undated_section(store: Store, articles: list[Article]) -> None:
    """Articles without a publication date wait for one from the user: the date is never guessed."""
    undated = [a for a in articles if a.published is None]
    if not undated:
        return
    st.warning(f"{len(undated)} article{'s have' if len(undated) != 1 else ' has'} no publication date: relative dates such as “on Monday” stay off the timeline until you set one.")
    dates = {a.id: st.date_input(a.display_name, value=None, key=f"undated_{a.id}") for a in undated}
    if st.button("Add with these dates", disabled=not any(dates.values())):
        for article_id, day in dates.items():
            if day:
                store.set_published(article_id, day.isoformat())
        st.rerun()


def filter_section(events: list[Event]) -> list[Event]:
    st.header("Filter")
    first, last = (min(e.start for e in events), max(e.end for e in events)) if events else (None, None)
    bounds = dict(min_value=min(filter(None, [first, EARLIEST])), max_value=max(filter(None, [last, LATEST])))
    start = st.date_input("From", value=None, key="from", help=f"Earliest event: {first}" if first else None, **bounds)
    end = st.date_input("To", value=None, key="to", help=f"Latest event: {last}" if last else None, **bounds)
    outlets = st.multiselect("Outlets", filters.outlet_names(events), key="outlets", placeholder="all outlets")
    keyword = st.text_input("Keyword", key="keyword", help="Found in event labels and quoted sentences")
    min_sources = st.number_input("Minimum number of sources", min_value=1, value=1, step=1, key="min_sources")
    present = sorted({e.granularity for e in events}, key=list(viz.GRANULARITY_COLORS).index)
    granularities = st.multiselect("Granularity", present, key="granularity", placeholder="all granularities", help="Pick “day” to hide events known only to the month or year")
    return filters.filter_events(
        events,
        start=start,
        end=end,
        outlets=outlets or None,
        keyword=keyword,
        min_sources=int(min_sources),
        granularities=granularities or None,
    )


def select_from_chart() -> None:
    points = st.session_state["chart"].selection.points
    if points:
        st.session_state["detail"] = points[0]["customdata"]


def select_from_table() -> None:
    rows = st.session_state["table"].selection.rows
    if rows:
        st.session_state["detail"] = st.session_state["table_ids"][rows[0]]


def event_detail(event: Event) -> None:
    st.html(f"<h3>{html.escape(event.label)}</h3>")
    st.markdown(f"**{event.date}** ({event.granularity}) · {event.start:%d %b %Y}" + (f" – {event.end:%d %b %Y}" if event.end != event.start else ""))
    for offset in range(0, len(event.sources), SOURCE_COLUMNS):
        row = event.sources[offset : offset + SOURCE_COLUMNS]
        for column, source in zip(st.columns(SOURCE_COLUMNS), row):
            with column:
                name = html.escape(source.title or source.file)
                url = viz.safe_url(source.url)
                heading = f'<a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener noreferrer">{name}</a>' if url else name
                cited = " · ".join(html.escape(p) for p in (source.outlet, (source.published or "")[:10]) if p)
                how = html.escape(f"“{source.timex_text}” → {source.timex_value}" + (f": {source.derivation}" if source.derivation else ""))
                st.html(
                    f"<div><b>{heading}</b><br><small>{cited}</small>"
                    f"<blockquote>{viz.highlight_timex(source)}</blockquote><small>{how}</small></div>"
                )


def timeline_tab(events: list[Event], shown: list[Event]) -> None:
    st.caption(f"{len(shown)} of {len(events)} events. Click a point or a table row for its sources.")
    st.plotly_chart(viz.timeline_figure(shown), on_select=select_from_chart, selection_mode="points", key="chart", config={"scrollZoom": True})
    st.session_state["table_ids"] = [e.id for e in shown]
    st.dataframe(
        viz.events_table(shown),
        column_order=["date", "granularity", "event", "sources", "outlets"],
        hide_index=True,
        on_select=select_from_table,
        selection_mode="single-row",
        key="table",
    )
    by_id = {e.id: e for e in shown}
    if st.session_state.get("detail") not in by_id:
        st.session_state["detail"] = None
    chosen = st.selectbox(
        "Event details",
        list(by_id),
        index=None,
        key="detail",
        format_func=lambda event_id: f"{by_id[event_id].date} · {by_id[event_id].label}",
        placeholder="choose an event (or click it above)",
    )
    if chosen:
        event_detail(by_id[chosen])
    st.divider()
    st.write("Download the events shown:")
    for column, (label, exporter, file_name, mime) in zip(st.columns(len(EXPORTS)), EXPORTS):
        column.download_button(label, data=partial(exporter, shown), file_name=file_name, mime=mime, on_click="ignore", key=f"export_{file_name}")


def corpus_tab(store: Store, articles: list[Article], events: list[Event]) -> None:
    st.dataframe(viz.articles_table(articles, events), column_order=["title", "outlet", "published", "date from", "events", "file"], hide_index=True)
    if not articles:
        return
    by_id = {a.id: a for a in articles}
    chosen = st.selectbox("Article", list(by_id), format_func=lambda article_id: by_id[article_id].display_name, key="corpus_article")
    article = by_id[chosen]
    day = st.date_input("Publication date", value=article.dct, key=f"published_{article.id}", help="Relative dates in the article are anchored to this date.")
    fix, remove = st.columns(2)
    if fix.button("Set date", disabled=day is None or day == article.dct):
        store.set_published(article.id, day.isoformat())
        st.rerun()
    if remove.button("Remove article", type="secondary"):
        store.remove_article(article.id)
        st.rerun()


def main() -> None:
    st.set_page_config(layout="wide", page_title="timeline")
    data_dir = pipeline.default_data_dir()
    store = pipeline.open_store(data_dir)
    for problem in pipeline.ensure_sample_corpus(store):
        st.warning(f"{problem.file}: {problem.message}")

    with st.sidebar:
        upload_section(store)
        paste_section(store)
        articles = store.articles()
        undated_section(store, articles)

    events = corpus_events(store, str(data_dir))

    with st.sidebar:
        shown = filter_section(events)

    st.title("timeline")
    timeline, corpus = st.tabs(["Timeline", f"Corpus ({len(articles)} articles)"])
    with timeline:
        timeline_tab(events, shown)
    with corpus:
        corpus_tab(store, articles, events)


main()
