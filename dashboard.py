"""The timeline dashboard: `streamlit run dashboard.py`.

Only wiring: reading, analysing, merging, filtering and exporting all live in the `timeline`
package, which the command line uses too. Article text reaches the page only escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from dataclasses import dataclass
from functools import partial

import streamlit as st

from timeline import export, filters, ingest, pipeline, salience, viz
from timeline.model import Article, CorpusInfo, Event
from timeline.store import Store
from timeline.story import SLIDE_CSS, Story, slide_html

UPLOAD_TYPES = [suffix.lstrip(".") for suffix in ingest.SUPPORTED_SUFFIXES]
SOURCE_COLUMNS = 3
# The date filters accept at least this range, and every event's own dates.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Shown:
    """The events the filters keep, and how the chart shows them (the date range they ask for, the
    story's span)."""

    events: list[Event]
    view: viz.View


# The chart is never drawn narrower than its lanes were packed for (a phone scrolls it sideways), and
# the story's buttons are touch-sized (48 px, WCAG's advice for a finger).
PAGE_CSS = """<style>
.st-key-chart { overflow-x: auto; }
.st-key-chart > [data-testid="stFullScreenFrame"] { min-width: %dpx; }
.st-key-story_prev button, .st-key-story_next button { min-height: 48px; min-width: 7.5rem; font-size: 1.05rem; }
@media (max-width: %dpx) { .st-key-chart_caption::after { content: "Swipe the chart sideways to see all of it →"; font-size: 0.875rem; color: #555867; } }
</style>""" % (viz.PACKING_WIDTH_PX, viz.PACKING_WIDTH_PX + 40)


@st.cache_resource(show_spinner=False, max_entries=8)
def stored_events(data_dir: str, fingerprint: str, _store: Store) -> list[Event] | None:
    """The events merged for this corpus state if the store has them, None when analysis is due.

    Keyed on the corpus fingerprint, so reruns of an unchanged corpus neither re-analyse nor
    re-read anything; the analysis itself runs outside the cache so it can draw a progress bar.
    A resource cache hands out the same list on every rerun, where a data cache would unpickle a
    copy (half a second for 10,000 events): events are frozen, and nothing here mutates the list.
    """
    return _store.events(fingerprint)


def corpus_events(store: Store, data_dir: str) -> list[Event]:
    """The corpus' merged events: cached while the corpus is unchanged, else analysed under a progress bar."""
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
        (st.error if problem.fatal else st.warning)(f"{problem.file}: {problem.message}")
    for article in result.duplicates:
        st.info(f"{article.file}: already in the corpus")
    if result.added:
        st.success(f"Added {len(result.added)} article{'s' if len(result.added) != 1 else ''}.")


def upload_section(store: Store) -> None:
    """New uploads are ingested once (by upload id); the outcome stays visible until the next one."""
    uploads = st.file_uploader(
        "Add articles",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key="uploads",
        help=f"Up to {ingest.MAX_BYTES / 1e6:g} MB a file. A table (CSV, JSONL) holds one article a row: text, title, outlet, url, published.",
    )
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


def title_section(store: Store, info: CorpusInfo) -> None:
    """The corpus' title and description, which the page and every export carry."""
    with st.expander("Title and description"):
        with st.form("about"):
            title = st.text_input("Title", value=info.title, key="corpus_title", placeholder="e.g. Russia and North Korea's treaty, 2024")
            description = st.text_area("Description", value=info.description, key="corpus_description")
            saved = st.form_submit_button("Save title")
        if saved:
            try:
                store.set_corpus_info(title, description)
            except ValueError as error:
                st.error(f"Not saved: {error}.")
                return
            st.rerun()


def filter_section(events: list[Event], articles: list[Article]) -> Shown:
    st.header("Filter")
    span = salience.story_span(articles)
    key_only = st.radio("Show", ["Key events", "All events"], key="view", horizontal=True) == "Key events"
    count = st.number_input(
        "How many key events", min_value=1, max_value=500, value=salience.default_count(span), step=1, key="key_count",
        disabled=not key_only, help="The most salient events inside the story's span (where most articles' dates fall)",
    )
    statuses = st.multiselect("Status", list(filters.STATUSES), key="status", placeholder="every status", help="Pick “reported” to hide what is only expected or denied")
    first, last = (min(e.start for e in events), max(e.end for e in events)) if events else (None, None)
    low, high = filters.date_bounds(events, EARLIEST, LATEST)
    start = st.date_input("From", value=None, key="from", help=f"Earliest event: {first}" if first else None, min_value=low, max_value=high)
    end = st.date_input("To", value=None, key="to", help=f"Latest event: {last}" if last else None, min_value=low, max_value=high)
    outlets = st.multiselect("Outlets", filters.outlet_names(events), key="outlets", placeholder="all outlets")
    keyword = st.text_input("Keyword", key="keyword", help="Found in event labels and quoted sentences")
    min_sources = st.number_input("Minimum number of sources", min_value=1, value=1, step=1, key="min_sources")
    present = filters.granularity_names(events, list(viz.GRANULARITY_COLORS))
    granularities = st.multiselect("Granularity", present, key="granularity", placeholder="all granularities", help="Pick “day” to hide events known only to the month or year")
    kept = filters.filter_events(
        events,
        start=start,
        end=end,
        outlets=outlets or None,
        keyword=keyword,
        min_sources=int(min_sources),
        granularities=granularities or None,
        statuses=statuses or None,
    )
    if key_only:
        kept = filters.key_view(kept, int(count), None if start or end else span)
    return Shown(kept, viz.View(start, end, story=span))


def select_from_chart() -> None:
    """A click on an event opens its details; a click on a bar of counted or shared events sets
    the filters to show those events one by one."""
    points = st.session_state["chart"].selection.points
    if not points:
        return
    picked = points[0].get("customdata")
    zoom = viz.zoom_of(picked)
    if zoom is None:
        st.session_state["detail"] = picked
        return
    st.session_state["from"], st.session_state["to"] = zoom.start, zoom.end
    if zoom.granularity:
        st.session_state["granularity"] = [zoom.granularity]


def select_from_table() -> None:
    rows = st.session_state["table"].selection.rows
    if rows:
        st.session_state["detail"] = st.session_state["table_ids"][rows[0]]


def event_detail(event: Event) -> None:
    """The event, then each article that reports it side by side, SOURCE_COLUMNS to a row."""
    st.html(viz.event_heading_html(event))
    articles = viz.sources_by_article(event)
    for offset in range(0, len(articles), SOURCE_COLUMNS):
        for column, quotes in zip(st.columns(SOURCE_COLUMNS), articles[offset : offset + SOURCE_COLUMNS]):
            column.html(viz.source_card_html(quotes))


def timeline_tab(events: list[Event], selection: Shown, info: CorpusInfo) -> None:
    mode = st.segmented_control("Read as", ["Chart", "Story"], default="Chart", required=True, key="mode", help="Story: one event at a time, in date order (← and → step through)")
    if mode == "Story":
        story_section(events, selection)
    else:
        chart_section(events, selection)
    st.divider()
    export_section(export.Document(selection.events, info, selection.view))


def chart_section(events: list[Event], selection: Shown) -> None:
    shown = selection.events
    with st.container(key="chart_caption", gap=None):
        st.caption(f"{len(shown):,} of {len(events):,} events. Click a point or a table row for its sources.")
    figure = viz.timeline_figure(shown, selection.view)
    st.plotly_chart(figure, on_select=select_from_chart, selection_mode="points", key="chart", theme=None, config=viz.CHART_CONFIG)
    st.session_state["table_ids"] = [e.id for e in shown]
    st.dataframe(
        viz.events_table(shown),
        column_order=["date", "granularity", "event", "status", "salience", "sources", "outlets"],
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


def story_section(events: list[Event], selection: Shown) -> None:
    """The events shown, one at a time in date order: previous and next (buttons, arrow keys), the
    chart as an overview with the current event marked (a click on it goes there), then the slide."""
    story = Story.of(selection.events)
    if not story.events:
        st.info("No events to tell: widen the filters.")
        return
    by_id = {e.id: e for e in events}
    index = story.locate(by_id.get(st.session_state.get("story_event")))
    current = story.events[index]
    st.session_state["story_event"] = current.id
    overview = viz.overview_figure(story.events, viz.View(selection.view.start, selection.view.end, current=current.id))
    st.plotly_chart(overview, on_select=partial(select_from_overview, story), selection_mode="points", key="story_chart", theme=None, config=viz.OVERVIEW_CONFIG)
    with st.container(horizontal=True, vertical_alignment="center", key="story_nav"):
        st.button("Previous", key="story_prev", on_click=go_to, args=(story.events[story.step(index, -1)].id,), disabled=index == 0, shortcut="Left")
        st.markdown(f"**{index + 1} of {len(story)}**")
        st.button("Next", key="story_next", on_click=go_to, args=(story.events[story.step(index, 1)].id,), disabled=index == len(story) - 1, shortcut="Right")
    st.html(SLIDE_CSS + slide_html(current))


def go_to(event_id: str) -> None:
    st.session_state["story_event"] = event_id


def select_from_overview(story: Story) -> None:
    """A click on the overview goes to that event (or to the first event of a counted period)."""
    points = st.session_state["story_chart"].selection.points
    if not points:
        return
    picked = points[0].get("customdata")
    zoom = viz.zoom_of(picked)
    if zoom is None:
        st.session_state["story_event"] = picked
        return
    index = story.index_starting_in(zoom.start, zoom.end)
    if index is not None:
        st.session_state["story_event"] = story.events[index].id


def export_section(document: export.Document) -> None:
    """Downloads of the events shown, each file written by the function the CLI calls, only when
    its button is clicked."""
    st.write("Download the events shown:")
    for column, fmt in zip(st.columns(len(export.FORMATS)), export.FORMATS.values()):
        column.download_button(fmt.label, data=partial(fmt.write, document), file_name=fmt.file_name, mime=fmt.mime, on_click="ignore", key=f"export_{fmt.file_name}")


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

    info = store.corpus_info()
    with st.sidebar:
        upload_section(store)
        paste_section(store)
        title_section(store, info)
        articles = store.articles()
        undated_section(store, articles)

    events = corpus_events(store, str(data_dir))

    with st.sidebar:
        shown = filter_section(events, articles)

    st.html(PAGE_CSS)
    st.title(info.title or "timeline")
    if info.description:
        st.html("".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in info.paragraphs))
    timeline, corpus = st.tabs(["Timeline", f"Corpus ({len(articles)} articles)"])
    with timeline:
        timeline_tab(events, shown, info)
    with corpus:
        corpus_tab(store, articles, events)


main()
