"""The timeline dashboard: `streamlit run dashboard.py` (with $TIMELINE_SCHEDULER set to a Dask
scheduler's address, articles are analysed on that cluster).

Only wiring: reading, analysing, merging, filtering and exporting all live in the `timeline`
package, which the command line uses too. Article text reaches the page only escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from dataclasses import dataclass
from collections.abc import Callable
from functools import partial

import streamlit as st

from timeline import edits, export, filters, ingest, pipeline, salience
from timeline.model import Article, CorpusInfo, Edit, Event, Source, printable
from timeline.store import Store, StoreDamaged
from timeline.story import SLIDE_CSS, Story, slide_html
from timeline.viz import tables
from timeline.viz.cards import event_heading_html, source_card_html, sources_by_article
from timeline.viz.figure import overview_figure, timeline_figure
from timeline.viz.lanes import PACKING_WIDTH_PX
from timeline.viz.style import CHART_CONFIG, OVERVIEW_CONFIG
from timeline.viz.view import View, Zoom, zoom_of

UPLOAD_TYPES = [suffix.lstrip(".") for suffix in ingest.SUPPORTED_SUFFIXES]
SOURCE_COLUMNS = 3
# Events offered as the other side of a merge or a move: the ones shown, nearest in date first.
CHOICES = 200
# New articles whose details can be checked right under the uploader; more are in the Corpus tab.
REVIEWED_UPLOADS = 10
OWN_EVENT = "__own__"
# The date filters accept at least this range, and every event's own dates.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Shown:
    """The events the filters keep, and how the chart shows them (the date range they ask for, the
    story's span)."""

    events: list[Event]
    view: View


# The chart is never drawn narrower than its lanes were packed for (a phone scrolls it sideways), and
# the story's buttons are touch-sized (48 px, WCAG's advice for a finger).
PAGE_CSS = """<style>
.st-key-chart { overflow-x: auto; }
.st-key-chart > [data-testid="stFullScreenFrame"] { min-width: %dpx; }
.st-key-story_prev button, .st-key-story_next button { min-height: 48px; min-width: 7.5rem; font-size: 1.05rem; }
@media (max-width: %dpx) { .st-key-chart_caption::after { content: "Swipe the chart sideways to see all of it →"; font-size: 0.875rem; color: #555867; } }
</style>""" % (PACKING_WIDTH_PX, PACKING_WIDTH_PX + 40)


@st.cache_resource(show_spinner=False, max_entries=8)
def stored_events(data_dir: str, fingerprint: str, _store: Store) -> list[Event] | None:
    """The events merged for this corpus state if the store has them, None when analysis is due.

    Keyed on the corpus fingerprint, so reruns of an unchanged corpus neither re-analyse nor
    re-read anything; the analysis itself runs outside the cache so it can draw a progress bar.
    A resource cache hands out the same list on every rerun, where a data cache would unpickle a
    copy (half a second for 10,000 events): events are frozen, and nothing here mutates the list.
    """
    return _store.events(fingerprint)


@st.cache_resource(show_spinner=False, max_entries=8)
def edited_events(data_dir: str, fingerprint: str, edits_version: str, _events: list[Event], _store: Store) -> edits.Applied:
    """The events with the user's edits applied: redone only when the corpus or the edits change."""
    return edits.apply(_events, _store.edits())


def corpus_events(store: Store, data_dir: str) -> edits.Applied:
    """The corpus' events, edited: cached while the corpus and the edits are unchanged, else
    analysed under a progress bar."""
    fingerprint = pipeline.corpus_fingerprint(store)
    events = stored_events(data_dir, fingerprint, store)
    if events is None:
        stored_events.clear(data_dir, fingerprint)
        report, slot = progress_bar("Analysing")
        events = pipeline.analysed_events(store, report, pipeline.default_engine())
        slot.empty()
    return edited_events(data_dir, fingerprint, store.edits_version(), events, store)


def progress_bar(label: str) -> tuple[pipeline.Progress, st.delta_generator.DeltaGenerator]:
    """A progress callback drawing into a bar that the caller empties when done."""
    slot = st.empty()

    def report(done: int, total: int, what: str) -> None:
        slot.progress(done / max(total, 1), text=f"{label} {done}/{total}: {what}")

    return report, slot


def show_ingest_result(result: pipeline.IngestResult) -> None:
    for problem in result.problems:
        (st.error if problem.fatal else st.warning)(str(problem))
    for article in result.duplicates:
        st.info(printable(f"{article.file}: already in the corpus"))
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
        st.session_state["last_ingest"] = pipeline.ingest_files(store, [(f.name, f.getvalue()) for f in new], progress=report, engine=pipeline.default_engine())
        slot.empty()
        seen.update(f.file_id for f in new)
    if "last_ingest" in st.session_state:
        show_ingest_result(st.session_state["last_ingest"])
        review_uploads(store, st.session_state["last_ingest"].added)


def review_uploads(store: Store, added: list[Article]) -> None:
    """The new articles' title, outlet, URL and date, to check and fix before reading on."""
    current = [a for a in (store.article(article.id) for article in added[:REVIEWED_UPLOADS]) if a is not None]
    if not current:
        return
    st.caption("Check the new articles' details (a title in [brackets] was derived from the text):")
    for article in current:
        with st.expander(article_label(article)):
            article_form(store, article, "upload")
    if len(added) > REVIEWED_UPLOADS:
        st.caption(f"The other {len(added) - REVIEWED_UPLOADS} are in the Corpus tab.")


def article_form(store: Store, article: Article, where: str) -> None:
    """Title, outlet, URL and publication date of an article, saved together."""
    derived = article.title_source == "derived"
    with st.form(f"{where}_article_{article.id}", border=False):
        title = st.text_input(
            "Title", value=article.title or "", key=f"{where}_title_{article.id}",
            help="Derived from the article's first line or sentence, as it has none: type its real title."
            if derived else "Leave empty to derive one from the text.",
        )  # fmt: skip
        outlet_field, url_field, day_field = st.columns([2, 3, 2]) if where == "corpus" else (st, st, st)
        outlet = outlet_field.text_input("Outlet", value=article.outlet or "", key=f"{where}_outlet_{article.id}")
        url = url_field.text_input("URL", value=article.url or "", key=f"{where}_url_{article.id}", placeholder="https://")
        day = day_field.date_input("Publication date", value=article.dct, key=f"{where}_published_{article.id}", help="Relative dates in the article are anchored to this date.")
        saved = st.form_submit_button("Save details", key=f"{where}_save_{article.id}")
    if derived:
        st.caption("The title is derived from the text and shown in [brackets] wherever it is cited.")
    if saved:
        changes = pipeline.ArticleChanges(
            title=None if derived and title == article.title else title,
            outlet=outlet,
            url=url,
            published=day.isoformat() if day and day != article.dct else None,
        )
        try:
            pipeline.edit_article(store, article.id, changes)
        except ValueError as error:
            st.error(str(error))
            return
        st.rerun()


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
    dates = {a.id: st.date_input(article_label(a), value=None, key=f"undated_{a.id}") for a in undated}
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
    present = filters.granularity_names(events)
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
    return Shown(kept, View(start, end, story=span))


def clicked(chart_key: str) -> tuple[str, Zoom | None] | None:
    """What a click on the chart under `chart_key` picked: an event's id, with the period to zoom to
    when it was a bar of counted or shared events; None when nothing was."""
    points = st.session_state[chart_key].selection.points
    if not points:
        return None
    picked = points[0].get("customdata")
    return picked, zoom_of(picked)


def select_from_chart() -> None:
    """A click on an event opens its details; a click on a bar of counted or shared events sets
    the filters to show those events one by one."""
    click = clicked("chart")
    if click is None:
        return
    picked, zoom = click
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


def save_edit(store: Store, make: Callable[[], Edit]) -> None:
    """Make an edit and log it, then redraw; a message says what was done (or why it could not be),
    and the event's edit controls stay open."""
    st.session_state["edited_event"] = st.session_state.get("detail")
    try:
        edit = store.add_edit(make())
    except edits.EditError as error:
        st.session_state["edit_message"] = ("error", str(error))
    else:
        st.session_state["edit_message"] = ("success", f"Edit {edit.id}: {edits.describe(edit)}. Undo it in “Your edits” below.")
    st.rerun()


def show_edit_message() -> None:
    if "edit_message" in st.session_state:
        kind, text = st.session_state.pop("edit_message")
        (st.error if kind == "error" else st.success)(text)


def author() -> str:
    return st.session_state.get("editor") or pipeline.default_author()


def nearest(event: Event, events: list[Event]) -> list[Event]:
    """The other events, nearest in date to this one first, at most CHOICES."""
    others = [e for e in events if e.id != event.id]
    return sorted(others, key=lambda e: (abs((e.start - event.start).days), e.start, e.label))[:CHOICES]


def event_name(event: Event) -> str:
    return f"{event.date} · {event.label}"


def event_detail(store: Store, event: Event, shown: list[Event]) -> None:
    """The event, its edit controls, then each article that reports it side by side, SOURCE_COLUMNS
    to a row, each with a control that moves it out of the event."""
    st.html(event_heading_html(event))
    if event.edits:
        st.caption("Edited: " + "; ".join(f"{edits.describe(e)} (by {e.author or 'unknown'}, {e.made_at[:10]})" for e in event.edits))
    others = nearest(event, shown)
    by_id = {e.id: e for e in others}
    with st.expander("Edit this event", expanded=st.session_state.get("edited_event") == event.id):
        label_field, label_button = st.columns([4, 1], vertical_alignment="bottom")
        label = label_field.text_input("Label", value=event.label, key=f"edit_label_{event.id}")
        if label_button.button("Save label", key=f"save_label_{event.id}"):
            save_edit(store, lambda: edits.relabel(event, label, author()))
        day_field, precision_field, date_button = st.columns([2, 2, 1], vertical_alignment="bottom")
        day = day_field.date_input("Date", value=event.start, key=f"edit_day_{event.id}", min_value=EARLIEST, max_value=LATEST)
        precisions = list(edits.DATE_PRECISIONS)
        precision = precision_field.selectbox(
            "Precision", precisions, index=precisions.index(event.granularity) if event.granularity in precisions else 0,
            key=f"edit_precision_{event.id}", help="A month or a year is drawn as the whole period, as the articles say it.",
        )  # fmt: skip
        if date_button.button("Save date", key=f"save_date_{event.id}", disabled=day is None):
            save_edit(store, lambda: edits.redate(event, edits.date_value(day, precision), author()))
        merge_field, merge_button = st.columns([4, 1], vertical_alignment="bottom")
        other = merge_field.selectbox(
            "Merge with", list(by_id), index=None, key=f"merge_with_{event.id}", format_func=lambda i: event_name(by_id[i]),
            placeholder="another event shown, nearest in date first", help="Its sources join this event, which keeps its label and date.",
        )  # fmt: skip
        if merge_button.button("Merge into this", key=f"merge_{event.id}", disabled=other is None):
            save_edit(store, lambda: edits.merge(event, by_id[other], author()))
        key_button, hide_button = st.columns(2)
        if event.key:
            if key_button.button("Unmark key", key=f"unkey_{event.id}", help="Undo the edit that marked it key"):
                pipeline.unmark_key(store, event)
                st.session_state["edit_message"] = ("success", "The event is no longer marked key.")
                st.rerun()
        elif key_button.button("Mark as key", key=f"key_{event.id}", help="It stays among the key events whatever its salience"):
            save_edit(store, lambda: edits.mark_key(event, author()))
        if hide_button.button("Hide event", key=f"hide_{event.id}", help="Off the timeline and every export; undo it in “Your edits”"):
            save_edit(store, lambda: edits.hide(event, author()))
    articles = sources_by_article(event)
    destinations = [OWN_EVENT, *by_id]
    for offset in range(0, len(articles), SOURCE_COLUMNS):
        for column, quotes in zip(st.columns(SOURCE_COLUMNS), articles[offset : offset + SOURCE_COLUMNS]):
            column.html(source_card_html(quotes))
            if len(articles) > 1 or others:
                move_source(store, column, event, quotes, destinations, by_id)


def move_source(store: Store, column, event: Event, quotes: list[Source], destinations: list[str], by_id: dict[str, Event]) -> None:
    """A control under a source card: move this article's quotes out of the event."""
    article_id = quotes[0].article_id
    choices = destinations if len(sources_by_article(event)) > 1 else destinations[1:]
    target = column.selectbox(
        "Move this source to", choices, key=f"move_to_{event.id}_{article_id}",
        format_func=lambda i: "an event of its own" if i == OWN_EVENT else event_name(by_id[i]),
    )  # fmt: skip
    if column.button("Move", key=f"move_{event.id}_{article_id}", help="This article's quotes leave the event, for the one chosen above"):
        save_edit(store, lambda: edits.move(event, quotes, None if target == OWN_EVENT else by_id[target], author()))


def events_table(store: Store, shown: list[Event]) -> None:
    """The events shown, one a row: a click opens an event's details, or, in edit mode, labels,
    dates, key marks and hiding are edited in the cells."""
    table = tables.events_table(shown)
    st.session_state["table_ids"] = [e.id for e in shown]
    if not st.toggle("Edit in the table", key="table_edit", help="Change labels and dates (2024-06-19, 2024-06, 2024), mark key events or hide events, in the cells"):
        st.dataframe(
            table,
            column_order=["date", "granularity", "event", "status", "salience", "sources", "outlets", "key", "edited"],
            hide_index=True,
            on_select=select_from_table,
            selection_mode="single-row",
            key="table",
        )
        return
    table["hide"] = False
    editor = f"table_editor_{st.session_state.setdefault('table_editor', 0)}"
    st.data_editor(
        table,
        column_order=["date", "granularity", "event", "key", "hide", "status", "salience", "sources", "outlets", "edited"],
        column_config={
            "date": st.column_config.TextColumn("date", help="A day 2024-06-19, a week 2024-W25, a month 2024-06, a quarter 2024-Q2 or a year 2024"),
            "event": st.column_config.TextColumn("event", required=True),
            "key": st.column_config.CheckboxColumn("key", help="Among the key events whatever its salience"),
            "hide": st.column_config.CheckboxColumn("hide", help="Off the timeline and every export; undo it in “Your edits”"),
        },
        disabled=["granularity", "status", "salience", "sources", "outlets", "edited"],
        hide_index=True,
        key=editor,
    )
    changed = st.session_state.get(editor, {}).get("edited_rows", {})
    if changed:
        st.session_state["table_editor"] += 1
        save_table_edits(store, shown, changed)


def save_table_edits(store: Store, shown: list[Event], changed: dict) -> None:
    """Each changed cell becomes one edit of its row's event, all logged together."""
    made, problems = [], []
    for row, cells in sorted(changed.items(), key=lambda item: int(item[0])):
        event = shown[int(row)]
        for column, value in cells.items():
            try:
                if column == "event":
                    made.append(edits.relabel(event, str(value or ""), author()))
                elif column == "date":
                    made.append(edits.redate(event, str(value or ""), author()))
                elif column == "key" and value and not event.key:
                    made.append(edits.mark_key(event, author()))
                elif column == "key" and not value:
                    pipeline.unmark_key(store, event)
                elif column == "hide" and value:
                    made.append(edits.hide(event, author()))
            except edits.EditError as error:
                problems.append(f"{event_name(event)}: {error}")
    logged = [store.add_edit(edit) for edit in made]
    if problems:
        st.session_state["edit_message"] = ("error", " ".join(problems))
    elif logged:
        st.session_state["edit_message"] = ("success", "; ".join(f"Edit {e.id}: {edits.describe(e)}" for e in logged))
    st.rerun()


def edits_section(store: Store, applied: edits.Applied) -> None:
    """The edit log: who changed what, what became of it on this analysis, undo; the edits file."""
    outcomes = {o.edit.id: o for o in applied.outcomes}
    log = store.edits()
    with st.expander(f"Your edits ({len(log)})", expanded=bool(applied.unapplied)):
        st.text_input("Your name, for the edit log", key="editor")
        if not log:
            st.caption("No edits yet: relabel, redate, merge, move, hide or mark an event key in its details or in the table.")
        for edit in reversed(log):
            outcome = outcomes.get(edit.id)
            text, undo = st.columns([6, 1], vertical_alignment="center")
            state = "" if outcome is None or outcome.state == "applied" else f" — **{outcome.state}**: {outcome.note}"
            text.markdown(f"{edit.id}. {escape_markdown(edits.describe(edit))} · {escape_markdown(edit.author or 'unknown')}, {edit.made_at[:16].replace('T', ' ')}{escape_markdown(state)}")
            if undo.button("Undo", key=f"undo_{edit.id}"):
                store.undo_edit(edit.id)
                st.session_state["edit_message"] = ("success", f"Undone: {edits.describe(edit)}")
                st.rerun()
        download, upload = st.columns(2)
        download.download_button(
            "Download the edits file", data=partial(edits.dumps, log), file_name="timeline-edits.json", mime="application/json",
            disabled=not log, on_click="ignore", key="edits_download",
        )  # fmt: skip
        incoming = upload.file_uploader("Apply an edits file", type=["json"], key="edits_upload", help="Edits exported from this or another corpus of the same articles")
        if incoming is not None and st.session_state.get("edits_applied") != incoming.file_id:
            st.session_state["edits_applied"] = incoming.file_id
            try:
                added = pipeline.import_edits(store, edits.loads(incoming.getvalue().decode("utf-8", errors="replace")))
            except edits.EditError as error:
                st.session_state["edit_message"] = ("error", f"{incoming.name}: {error}")
            else:
                st.session_state["edit_message"] = ("success", f"{incoming.name}: {len(added)} edit{'s' if len(added) != 1 else ''} added.")
            st.rerun()


def keep_choice(key: str, name: Callable[[str], str]) -> None:
    """Keep a selectbox on its choice when the choice's name changes (a relabelled event, a retitled
    article): the browser holds the name, not the value, so it is sent again under the new name.
    Call before the selectbox is drawn."""
    chosen = st.session_state.get(key)
    shown = name(chosen) if chosen is not None else None
    if chosen is not None and st.session_state.get(f"{key}_name") not in (None, shown):
        st.session_state[key] = chosen
    st.session_state[f"{key}_name"] = shown


def escape_markdown(text: str) -> str:
    """Text shown as itself in st.markdown: its markup characters escaped."""
    return "".join("\\" + char if char in "\\`*_{}[]<>()#+-.!|~$" else char for char in text)


def timeline_tab(store: Store, applied: edits.Applied, selection: Shown, info: CorpusInfo) -> None:
    for outcome in applied.unapplied:
        st.warning(f"Edit {outcome.edit.id} no longer applies ({outcome.state}: {outcome.note}): {edits.describe(outcome.edit)}. Undo it, or redo it on the events as they are now.")
    mode = st.segmented_control("Read as", ["Chart", "Story"], default="Chart", required=True, key="mode", help="Story: one event at a time, in date order (← and → step through)")
    if mode == "Story":
        story_section(applied.events, selection)
    else:
        chart_section(store, applied, selection)
    edits_section(store, applied)
    st.divider()
    export_section(export.Document(selection.events, info, selection.view))


def chart_section(store: Store, applied: edits.Applied, selection: Shown) -> None:
    events, shown = applied.events, selection.events
    with st.container(key="chart_caption", gap=None):
        st.caption(f"{len(shown):,} of {len(events):,} events. Click a point or a table row for its sources.")
    figure = timeline_figure(shown, selection.view)
    st.plotly_chart(figure, on_select=select_from_chart, selection_mode="points", key="chart", theme=None, config=CHART_CONFIG)
    events_table(store, shown)
    show_edit_message()
    by_id = {e.id: e for e in shown}
    if st.session_state.get("detail") not in by_id:
        st.session_state["detail"] = None
    keep_choice("detail", lambda event_id: event_name(by_id[event_id]))
    chosen = st.selectbox(
        "Event details",
        list(by_id),
        index=None,
        key="detail",
        format_func=lambda event_id: event_name(by_id[event_id]),
        placeholder="choose an event (or click it above)",
    )
    if chosen:
        event_detail(store, by_id[chosen], shown)


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
    overview = overview_figure(story.events, View(selection.view.start, selection.view.end, current=current.id))
    st.plotly_chart(overview, on_select=partial(select_from_overview, story), selection_mode="points", key="story_chart", theme=None, config=OVERVIEW_CONFIG)
    with st.container(horizontal=True, vertical_alignment="center", key="story_nav"):
        st.button("Previous", key="story_prev", on_click=go_to, args=(story.events[story.step(index, -1)].id,), disabled=index == 0, shortcut="Left")
        st.markdown(f"**{index + 1} of {len(story)}**")
        st.button("Next", key="story_next", on_click=go_to, args=(story.events[story.step(index, 1)].id,), disabled=index == len(story) - 1, shortcut="Right")
    st.html(SLIDE_CSS + slide_html(current))


def go_to(event_id: str) -> None:
    st.session_state["story_event"] = event_id


def select_from_overview(story: Story) -> None:
    """A click on the overview goes to that event (or to the first event of a counted period)."""
    click = clicked("story_chart")
    if click is None:
        return
    picked, zoom = click
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


def article_label(article: Article) -> str:
    return f"{article.file}: {article.display_name}"


def corpus_tab(store: Store, articles: list[Article], events: list[Event]) -> None:
    st.dataframe(
        tables.articles_table(articles, events),
        column_order=["title", "title from", "outlet", "published", "date from", "events", "url", "file"],
        column_config={"url": st.column_config.LinkColumn("url")},
        hide_index=True,
    )
    st.caption("A title in [brackets] was derived from the article's text, as it had none.")
    if not articles:
        return
    by_id = {a.id: a for a in articles}
    if st.session_state.get("corpus_article") not in by_id:
        st.session_state["corpus_article"] = next(iter(by_id))
    keep_choice("corpus_article", lambda article_id: article_label(by_id[article_id]))
    chosen = st.selectbox("Article", list(by_id), format_func=lambda article_id: article_label(by_id[article_id]), key="corpus_article")
    article = by_id[chosen]
    article_form(store, article, "corpus")
    if st.button("Remove article", type="secondary"):
        store.remove_article(article.id)
        st.rerun()


def main() -> None:
    st.set_page_config(layout="wide", page_title="timeline")
    data_dir = pipeline.default_data_dir()
    store = pipeline.open_store(data_dir)
    for problem in pipeline.ensure_sample_corpus(store):
        st.warning(str(problem))

    info = store.corpus_info()
    with st.sidebar:
        upload_section(store)
        paste_section(store)
        title_section(store, info)
        articles = store.articles(texts=False)
        undated_section(store, articles)

    applied = corpus_events(store, str(data_dir))
    for repair in store.repairs:
        st.warning(f"{store.path}: {repair}")

    with st.sidebar:
        shown = filter_section(applied.events, articles)

    st.html(PAGE_CSS)
    st.title(info.title or "timeline")
    if info.description:
        st.html("".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in info.paragraphs))
    timeline, corpus = st.tabs(["Timeline", f"Corpus ({len(articles)} articles)"])
    with timeline:
        timeline_tab(store, applied, shown, info)
    with corpus:
        corpus_tab(store, articles, applied.events)


try:
    main()
except StoreDamaged as damaged:  # the same message as the command line's, never a traceback
    st.error(str(damaged))
