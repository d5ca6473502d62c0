"""The dashboard runs end to end on a private store: chart, table, uploads, dates, filters, the
story view, the corpus title, exports."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import html
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.scriptrunner.magic import add_magic
from streamlit.testing.v1 import AppTest

PROJECT = Path(__file__).resolve().parent.parent
DASHBOARD = str(PROJECT / "dashboard.py")
NEW_ARTICLE = b"Lawmakers in Seoul approved the defence budget on March 3, 2023, after a long debate.\n"
UNDATED_ARTICLE = b"The governor vetoed the housing bill on Monday after weeks of protests.\n"
MARKUP_ARTICLE = b"The mayor of <b>Springfield</b> signed the <script>alert(1)</script> budget on March 3, 2023.\n"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_DATA_DIR", str(tmp_path))
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


@pytest.fixture
def downloads(monkeypatch):
    """The file each download button serves, by file name, made by the very function Streamlit's
    server calls when the button is clicked (the real MediaFileManager, recorded on the way)."""
    registered: dict[str, tuple] = {}
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        registered[file_name] = (data_callable, mimetype)
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return registered


def events_shown(app) -> int:
    return len(app.dataframe[0].value)


def table_ids(app) -> list[str]:
    return list(app.dataframe[0].value["id"])


def chart(app) -> dict:
    (element,) = app.get("plotly_chart")
    return json.loads(element.proto.spec)


def chart_ids(app) -> list[str]:
    """The events the chart draws: each has one marker (a period's band carries its id too)."""
    return [i for trace in chart(app)["data"] if trace["type"] in ("scatter", "scattergl") for i in trace.get("customdata", [])]


def corpus_titles(app) -> list[str]:
    return list(app.dataframe[1].value["title"])


def corpus_files(app) -> list[str]:
    return list(app.dataframe[1].value["file"])


def click(app, label: str, key: str | None = None):
    """Click the button (or form submit button) with this label (and key), and rerun."""
    buttons = [*app.button, *app.get("form_submit_button")]
    next(b for b in buttons if b.label == label and (key is None or b.key == key)).click()
    return app.run()


def test_the_script_leaves_nothing_for_streamlit_magic_to_print():
    tree = add_magic(Path(DASHBOARD).read_text(encoding="utf-8"), DASHBOARD)
    printed = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "transparent_write"]
    assert printed == []


def test_the_bundled_corpus_renders_a_chart_a_table_and_every_export(app):
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    assert events_shown(app) > 0
    assert len(corpus_titles(app)) == 5
    assert [b.label for b in app.get("download_button") if b.key.startswith("export_")] == ["CSV", "JSON", "TimelineJS", "Calendar (ICS)", "HTML chart"]


def test_an_uploaded_article_adds_its_event_and_bad_files_get_a_message(app):
    before = events_shown(app)
    app.file_uploader(key="uploads").set_value([("budget.txt", NEW_ARTICLE, "text/plain"), ("empty.txt", b"", "text/plain")]).run()
    assert not app.exception
    assert events_shown(app) == before + 1
    assert "budget.txt" in corpus_files(app)
    assert any("empty.txt" in e.value for e in app.error)
    app.run()
    assert events_shown(app) == before + 1


def test_an_unreadable_metadata_date_is_a_warning_and_the_article_is_added_all_the_same(app):
    page = b"---\ntitle: Budget vote\npublished: soon\n---\nLawmakers approved the budget on March 3, 2023.\n"
    app.file_uploader(key="uploads").set_value(("budget.md", page, "text/markdown")).run()
    assert not app.exception
    assert any("budget.md" in w.value and "could not read the date" in w.value for w in app.warning)
    assert not any("budget.md" in e.value for e in app.error)
    assert "Budget vote" in corpus_titles(app)


def test_an_undated_upload_waits_for_the_users_date_before_its_relative_dates_count(app):
    before = events_shown(app)
    app.file_uploader(key="uploads").set_value(("veto.txt", UNDATED_ARTICLE, "text/plain")).run()
    assert any("no publication date" in w.value for w in app.warning)
    assert events_shown(app) == before
    (field,) = [d for d in app.date_input if d.label.startswith("veto.txt: ")]
    field.set_value(dt.date(2023, 5, 10)).run()
    click(app, "Add with these dates")
    assert not app.exception
    assert events_shown(app) == before + 1
    assert not any("no publication date" in w.value for w in app.warning)


def test_a_pasted_article_is_added_like_an_upload(app):
    before = events_shown(app)
    app.text_area(key="paste_text").input(NEW_ARTICLE.decode())
    app.text_input(key="paste_title").input("Budget passed")
    app.date_input(key="paste_published").set_value(dt.date(2023, 3, 4))
    next(b for b in app.button if b.label == "Add article").click().run()
    assert not app.exception
    assert "Budget passed" in corpus_titles(app)
    assert events_shown(app) == before + 1


def test_each_filter_narrows_the_chart_and_the_table_alike(app):
    everything = table_ids(app)
    assert sorted(chart_ids(app)) == sorted(everything)
    for set_filter, clear_filter in [
        (lambda: app.text_input(key="keyword").input("Kursk"), lambda: app.text_input(key="keyword").input("")),
        (lambda: app.number_input(key="min_sources").set_value(2), lambda: app.number_input(key="min_sources").set_value(1)),
        (lambda: app.date_input(key="from").set_value(dt.date(2024, 10, 1)), lambda: app.date_input(key="from").set_value(None)),
        (lambda: app.multiselect(key="outlets").select("YTN"), lambda: app.multiselect(key="outlets").unselect("YTN")),
        (lambda: app.multiselect(key="granularity").select("day"), lambda: app.multiselect(key="granularity").unselect("day")),
    ]:
        set_filter()
        app.run()
        assert not app.exception
        assert 0 < events_shown(app) < len(everything)
        assert sorted(chart_ids(app)) == sorted(table_ids(app))
        clear_filter()
        app.run()
        assert table_ids(app) == everything


def test_the_date_filter_bounds_the_charts_dates_even_when_a_month_long_event_reaches_past_them(app):
    app.date_input(key="from").set_value(dt.date(2024, 11, 1))
    app.date_input(key="to").set_value(dt.date(2024, 11, 7)).run()
    assert "month" in set(app.dataframe[0].value["granularity"])
    first, last = (dt.datetime.fromisoformat(v) for v in chart(app)["layout"]["xaxis"]["range"])
    assert dt.datetime(2024, 10, 25) < first <= dt.datetime(2024, 11, 1) and dt.datetime(2024, 11, 8) <= last < dt.datetime(2024, 11, 25)


def test_every_export_holds_exactly_the_filtered_events(app, downloads):
    everything = table_ids(app)
    app.text_input(key="keyword").input("treaty").run()
    shown = set(table_ids(app))
    assert shown and len(shown) < len(everything)
    write, mime = downloads["timeline.csv"]
    assert mime == "text/csv" and {row["event_id"] for row in csv.DictReader(io.StringIO(write()))} == shown
    write, mime = downloads["timeline.json"]
    exported = json.loads(write())["events"]
    assert {e["id"] for e in exported} == shown
    write, mime = downloads["timeline-timelinejs.json"]
    assert {e["unique_id"] for e in json.loads(write())["events"]} == shown
    write, mime = downloads["timeline.ics"]
    calendar = write()
    assert mime == "text/calendar" and calendar.startswith("BEGIN:VCALENDAR\r\n")
    day_level = {e["id"] for e in exported if e["granularity"] == "day"}
    assert day_level and {line[4:].removesuffix("@timeline") for line in calendar.split("\r\n") if line.startswith("UID:")} == day_level
    write, mime = downloads["timeline.html"]
    page = write()
    assert mime == "text/html" and page.startswith("<!doctype html>")
    assert all(event_id in page for event_id in shown)


def test_article_markup_never_reaches_the_page_unescaped(app):
    app.file_uploader(key="uploads").set_value(("markup.txt", MARKUP_ARTICLE, "text/plain")).run()
    assert not app.exception
    (row,) = [i for i, label in enumerate(app.dataframe[0].value["event"]) if "Springfield" in label]
    spec = chart(app)
    assert "<script>" not in json.dumps(spec, ensure_ascii=False) and "<b>Springfield</b>" not in json.dumps(spec, ensure_ascii=False)
    assert any("&lt;b&gt;Springfield&lt;/b&gt;" in hover for trace in spec["data"] for hover in trace["hovertext"])
    detail = app.selectbox(key="detail")
    detail.select(table_ids(app)[row]).run()
    cards = [h.proto.body for h in app.get("html")]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in card for card in cards)
    assert not any("<script>" in card or "<b>Springfield</b>" in card for card in cards)


def test_choosing_an_event_shows_each_source_with_its_date_expression_marked(app):
    detail = app.selectbox(key="detail")
    detail.select(detail.options[0]).run()
    cards = [h.proto.body for h in app.get("html") if "<blockquote>" in h.proto.body]
    assert len(cards) == int(app.dataframe[0].value["sources"].iloc[0])
    assert any("<mark>" in card for card in cards)


def test_removing_an_article_and_fixing_a_date_from_the_corpus_panel(app):
    first = corpus_titles(app)[0]
    app.selectbox(key="corpus_article").select_index(0).run()
    click(app, "Remove article")
    assert not app.exception
    assert first not in corpus_titles(app) and len(corpus_titles(app)) == 4
    chosen = app.selectbox(key="corpus_article").value
    app.date_input(key=f"corpus_published_{chosen}").set_value(dt.date(2020, 1, 1))
    click(app, "Save details")
    assert "2020-01-01" in list(app.dataframe[1].value["published"])


def test_fixing_a_publication_date_in_the_corpus_panel_moves_the_articles_events_at_once(app):
    app.file_uploader(key="uploads").set_value(("veto.txt", UNDATED_ARTICLE, "text/plain")).run()
    next(d for d in app.date_input if d.label.startswith("veto.txt: ")).set_value(dt.date(2023, 5, 10)).run()
    click(app, "Add with these dates")
    dates = dict(zip(app.dataframe[0].value["event"], app.dataframe[0].value["date"]))
    (veto,) = [label for label in dates if "vetoed" in label]
    assert dates[veto] == "2023-05-08"
    corpus = app.selectbox(key="corpus_article")
    corpus.select(next(o for o in corpus.options if "veto.txt" in o)).run()
    chosen = app.selectbox(key="corpus_article").value
    app.date_input(key=f"corpus_published_{chosen}").set_value(dt.date(2023, 5, 20))
    click(app, "Save details")
    assert not app.exception
    dates = dict(zip(app.dataframe[0].value["event"], app.dataframe[0].value["date"]))
    assert dates[veto] == "2023-05-15"


def test_the_dashboard_opens_on_key_events_with_a_count_and_filters_by_status(app):
    total = events_shown(app)
    assert app.radio(key="view").value == "Key events"
    assert app.number_input(key="key_count").value >= 10
    app.number_input(key="key_count").set_value(3).run()
    assert events_shown(app) == 3
    app.radio(key="view").set_value("All events").run()
    assert events_shown(app) == total
    app.multiselect(key="status").set_value(["reported"]).run()
    reported = events_shown(app)
    assert set(app.dataframe[0].value["status"]) == {"reported"}
    app.multiselect(key="status").set_value(["expected", "denied"]).run()
    assert events_shown(app) == total - reported


def event_id(app, words: str) -> str:
    table = app.dataframe[0].value
    (found,) = [i for label, i in zip(table["event"], table["id"]) if words in label]
    return found


def labels(app) -> list[str]:
    return list(app.dataframe[0].value["event"])


def open_detail(app, words: str) -> str:
    chosen = event_id(app, words)
    app.selectbox(key="detail").select(chosen).run()
    return chosen


def test_an_event_relabelled_in_its_details_keeps_the_label_after_a_restart_until_undone(app, tmp_path, monkeypatch):
    chosen = open_detail(app, "signed a strategic partnership pact")
    app.text_input(key="editor").input("ana")
    app.text_input(key=f"edit_label_{chosen}").input("Putin and Kim sign the treaty")
    app.button(key=f"save_label_{chosen}").click().run()
    assert not app.exception
    assert "Putin and Kim sign the treaty" in labels(app) and "Vladimir Putin and Kim Jong Un signed a strategic partnership pact" not in labels(app)
    assert any("Edit 1: relabel" in s.value for s in app.success)
    assert "Putin and Kim sign the treaty" in json.dumps(chart(app)["data"], ensure_ascii=False)
    assert app.selectbox(key="detail").value == chosen
    assert any("<h3>Putin and Kim sign the treaty</h3>" in h.proto.body for h in app.get("html"))

    restarted = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert "Putin and Kim sign the treaty" in labels(restarted)
    assert "relabel" in set(restarted.dataframe[0].value["edited"])
    restarted.button(key="undo_1").click().run()
    assert "Vladimir Putin and Kim Jong Un signed a strategic partnership pact" in labels(restarted) and "Putin and Kim sign the treaty" not in labels(restarted)


def test_redate_merge_key_and_hide_from_the_detail_panel(app):
    everything = events_shown(app)
    consent = open_detail(app, "parliament gave its consent")
    app.date_input(key=f"edit_day_{consent}").set_value(dt.date(2024, 11, 6))
    app.selectbox(key=f"edit_precision_{consent}").select("month")
    app.button(key=f"save_date_{consent}").click().run()
    table = app.dataframe[0].value
    assert list(table[table["id"] == consent][["date", "granularity"]].iloc[0]) == ["2024-11", "month"]

    spokesman = open_detail(app, "Putin’s spokesperson")
    ministry = event_id(app, "foreign ministry spokesperson")
    app.selectbox(key=f"merge_with_{spokesman}").select(ministry).run()
    app.button(key=f"merge_{spokesman}").click().run()
    assert events_shown(app) == everything - 1 and ministry not in table_ids(app)
    assert int(app.dataframe[0].value.set_index("id").loc[spokesman, "sources"]) == 2

    app.button(key=f"key_{spokesman}").click().run()
    assert bool(app.dataframe[0].value.set_index("id").loc[spokesman, "key"])
    app.button(key=f"unkey_{spokesman}").click().run()
    assert not bool(app.dataframe[0].value.set_index("id").loc[spokesman, "key"])

    app.button(key=f"hide_{spokesman}").click().run()
    assert spokesman not in table_ids(app) and spokesman not in chart_ids(app)
    assert app.selectbox(key="detail").value is None
    assert not app.exception


def test_a_source_moved_out_of_an_event_from_its_card_becomes_an_event_of_its_own(app):
    before = events_shown(app)
    visit = open_detail(app, "signed a strategic partnership pact")
    ytn = "8129209fc11cc538"
    app.selectbox(key=f"move_to_{visit}_{ytn}").select("__own__")
    app.button(key=f"move_{visit}_{ytn}").click().run()
    assert not app.exception
    assert events_shown(app) == before + 1
    assert int(app.dataframe[0].value.set_index("id").loc[visit, "sources"]) == 4
    assert list(app.dataframe[0].value["edited"]).count("move") == 2


def test_labels_dates_key_and_hide_are_edited_in_the_table(app):
    app.toggle(key="table_edit").set_value(True).run()
    (editor,) = app.data_editor
    rows = list(editor.value["event"])
    visit, incursion = rows.index("Vladimir Putin and Kim Jong Un signed a strategic partnership pact"), next(i for i, label in enumerate(rows) if "invaded Kursk" in label)
    consent = rows.index("Russia's parliament gave its consent to the treaty")
    app.session_state[editor.key] = {
        "edited_rows": {visit: {"event": "Putin and Kim sign the treaty", "key": True}, consent: {"date": "2024-11"}, incursion: {"hide": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    app.toggle(key="table_edit").set_value(False).run()
    table = app.dataframe[0].value.set_index("event")
    assert bool(table.loc["Putin and Kim sign the treaty", "key"])
    assert table.loc["Russia's parliament gave its consent to the treaty", "date"] == "2024-11"
    assert not any("invaded Kursk" in label for label in table.index)
    app.toggle(key="table_edit").set_value(True).run()
    (editor,) = app.data_editor
    app.session_state[editor.key] = {"edited_rows": {0: {"date": "soon"}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert any("not a date" in e.value for e in app.error)


def test_an_edit_whose_mentions_are_gone_is_shown_as_a_warning_not_applied_to_another_event(app):
    ratified = open_detail(app, "Kim Jong Un officially sanctioned")
    app.text_input(key=f"edit_label_{ratified}").input("Kim ratifies the treaty")
    app.button(key=f"save_label_{ratified}").click().run()
    corpus = app.selectbox(key="corpus_article")
    corpus.select(next(o for o in corpus.options if o.startswith("002_"))).run()
    click(app, "Remove article")
    assert "Kim ratifies the treaty" not in labels(app)
    assert any("Edit 1 no longer applies (stale" in w.value for w in app.warning)


def test_every_download_carries_the_edited_events_and_the_json_their_edits(app, downloads):
    visit = open_detail(app, "signed a strategic partnership pact")
    app.text_input(key=f"edit_label_{visit}").input("Putin and Kim sign the treaty")
    app.button(key=f"save_label_{visit}").click().run()
    for name in ("timeline.csv", "timeline-timelinejs.json", "timeline.ics", "timeline.html"):
        assert "Putin and Kim sign the treaty" in downloads[name][0]()
    (exported,) = [e for e in json.loads(downloads["timeline.json"][0]())["events"] if e["id"] == visit]
    assert exported["label"] == "Putin and Kim sign the treaty" and [e["kind"] for e in exported["edits"]] == ["relabel"]


def test_derived_titles_are_marked_and_an_articles_title_outlet_and_url_are_edited_in_the_corpus_tab(app):
    assert sum(title.startswith("[") and title.endswith("]") for title in corpus_titles(app)) == 3
    assert list(app.dataframe[1].value["title from"]).count("derived") == 3
    open_detail(app, "Kim Jong Un officially sanctioned")
    cards = [h.proto.body for h in app.get("html") if "<blockquote>" in h.proto.body]
    assert any('title="The article has no title' in card and "[In a move that has evoked" in card for card in cards)

    corpus = app.selectbox(key="corpus_article")
    corpus.select(next(o for o in corpus.options if o.startswith("002_"))).run()
    chosen = app.selectbox(key="corpus_article").value
    app.text_input(key=f"corpus_title_{chosen}").input("North Korea ratifies defence treaty with Russia")
    app.text_input(key=f"corpus_outlet_{chosen}").input("Korea Herald")
    app.text_input(key=f"corpus_url_{chosen}").input("https://example.org/ratified")
    click(app, "Save details")
    assert not app.exception
    row = app.dataframe[1].value.set_index("file").loc["002_2242d72101a81298.txt"]
    assert (row["title"], row["title from"], row["outlet"], row["url"]) == ("North Korea ratifies defence treaty with Russia", "user", "Korea Herald", "https://example.org/ratified")
    assert "Korea Herald" in app.multiselect(key="outlets").options
    app.text_input(key=f"corpus_url_{chosen}").input("ftp://nowhere")
    click(app, "Save details")
    assert any("http://" in e.value for e in app.error)


def test_a_new_uploads_details_are_checked_and_fixed_right_under_the_uploader(app):
    app.file_uploader(key="uploads").set_value(("budget.txt", NEW_ARTICLE, "text/plain")).run()
    (article_id,) = [i for f, i in zip(app.dataframe[1].value["file"], app.dataframe[1].value["id"]) if f == "budget.txt"]
    assert app.text_input(key=f"upload_title_{article_id}").value.startswith("Lawmakers in Seoul approved")
    app.text_input(key=f"upload_title_{article_id}").input("Seoul passes defence budget")
    app.text_input(key=f"upload_outlet_{article_id}").input("Yonhap")
    click(app, "Save details", key=f"upload_save_{article_id}")
    assert not app.exception
    row = app.dataframe[1].value.set_index("file").loc["budget.txt"]
    assert (row["title"], row["outlet"]) == ("Seoul passes defence budget", "Yonhap")


def test_the_edits_file_downloaded_from_one_corpus_applies_its_edits_to_another(app, downloads, tmp_path, monkeypatch):
    visit = open_detail(app, "signed a strategic partnership pact")
    app.text_input(key=f"edit_label_{visit}").input("Putin and Kim sign the treaty")
    app.button(key=f"save_label_{visit}").click().run()
    edits_file = downloads["timeline-edits.json"][0]()

    monkeypatch.setenv("TIMELINE_DATA_DIR", str(tmp_path / "colleague"))
    other = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert "Vladimir Putin and Kim Jong Un signed a strategic partnership pact" in labels(other)
    other.file_uploader(key="edits_upload").set_value(("timeline-edits.json", edits_file.encode(), "application/json")).run()
    assert not other.exception
    assert "Putin and Kim sign the treaty" in labels(other)
    assert any("1 edit added" in s.value for s in other.success)


def test_an_edit_survives_the_reanalysis_a_fixed_publication_date_causes(app):
    ratified = open_detail(app, "Kim Jong Un officially sanctioned")
    app.text_input(key=f"edit_label_{ratified}").input("Kim ratifies the treaty")
    app.button(key=f"save_label_{ratified}").click().run()
    corpus = app.selectbox(key="corpus_article")
    corpus.select(next(o for o in corpus.options if o.startswith("002_"))).run()
    chosen = app.selectbox(key="corpus_article").value
    app.date_input(key=f"corpus_published_{chosen}").set_value(dt.date(2024, 11, 19))
    click(app, "Save details", key=f"corpus_save_{chosen}")
    assert not app.exception
    dates = dict(zip(labels(app), app.dataframe[0].value["date"]))
    assert dates["Kim ratifies the treaty"] == "2024-11-18"
    assert not app.warning


def sample_story() -> list[tuple[str, str]]:
    """(date, label) of the sample's events in date order, as the chart's lanes go down."""
    from timeline import ingest, pipeline
    from timeline.viz.view import date_order

    articles, _ = ingest.read_directory(PROJECT / "data")
    return [(e.date, e.label) for e in date_order(pipeline.build(articles))]


def slide(app) -> tuple[str, str]:
    """The position shown ("3 of 9") and the headline of the story view's slide."""
    (body,) = [h.proto.body for h in app.get("html") if "story-slide" in h.proto.body and "<h2>" in h.proto.body]
    position = next(m.value.strip("*") for m in app.markdown if re.fullmatch(r"\*\*\d+ of \d+\*\*", m.value))
    return position, re.search(r"<h2>(.*?)</h2>", body).group(1)


def test_the_story_view_steps_through_the_events_in_date_order_and_marks_each_on_the_overview(app):
    story = sample_story()
    app.segmented_control(key="mode").set_value("Story").run()
    assert not app.exception and len(app.get("plotly_chart")) == 1  # the overview, in place of the chart
    assert slide(app) == (f"1 of {len(story)}", html.escape(story[0][1]))
    assert app.button(key="story_prev").disabled
    for i in range(1, len(story)):
        app.button(key="story_next").click().run()
        assert slide(app) == (f"{i + 1} of {len(story)}", html.escape(story[i][1]))
        (ring,) = [t for t in chart(app)["data"] if t.get("name") == "this event"]
        assert ring["x"]
    assert app.button(key="story_next").disabled
    app.button(key="story_prev").click().run()
    assert slide(app)[0] == f"{len(story) - 1} of {len(story)}"
    app.segmented_control(key="mode").set_value("Chart").run()
    app.segmented_control(key="mode").set_value("Story").run()
    assert slide(app)[0] == f"{len(story) - 1} of {len(story)}"


def test_the_story_view_follows_the_filters_and_stays_on_its_event_when_it_still_shows(app):
    app.segmented_control(key="mode").set_value("Story").run()
    peskov = "Dmitry Peskov did nothing to dampen those fears"  # one of the two said of "this week"
    for _ in range(10):
        if slide(app)[1] == peskov:
            break
        app.button(key="story_next").click().run()
    _, headline = slide(app)
    assert headline == peskov
    app.text_input(key="keyword").input("this week").run()
    position, kept = slide(app)
    assert kept == headline and position.endswith("of 2")
    app.text_input(key="keyword").input("no such words anywhere").run()
    assert any("No events to tell" in i.value for i in app.info)


CLI_EXPORT = """
import sys
from timeline.cli import main
assert "streamlit" not in sys.modules
for fmt, out in zip(sys.argv[1::2], sys.argv[2::2]):
    assert main(["export", "--format", fmt, "--out", out]) == 0
"""


def test_every_download_is_byte_identical_to_the_command_lines_export_and_carries_the_title(app, downloads, tmp_path):
    from timeline.export import FORMATS

    app.text_input(key="corpus_title").input("Russia and North Korea's treaty")
    app.text_area(key="corpus_description").input("Five articles from October and November 2024.")
    next(b for b in app.button if b.label == "Save title").click().run()
    assert not app.exception
    assert app.title[0].value == "Russia and North Korea's treaty"
    assert any("Five articles from October" in h.proto.body for h in app.get("html"))
    app.radio(key="view").set_value("All events").run()
    outputs = {fmt.file_name: tmp_path / f"cli-{fmt.file_name}" for fmt in FORMATS.values()}
    arguments = [part for name, fmt in FORMATS.items() for part in (name, str(outputs[fmt.file_name]))]
    # The command line runs in a process of its own, where Streamlit (and its Plotly template) was never imported.
    subprocess.run([sys.executable, "-c", CLI_EXPORT, *arguments], env={**os.environ, "TIMELINE_DATA_DIR": str(tmp_path)}, cwd=PROJECT, check=True, timeout=120)
    for file_name, path in outputs.items():
        write, _ = downloads[file_name]
        assert write().encode("utf-8") == path.read_bytes(), file_name
    assert "<title>Russia and North Korea&#x27;s treaty</title>" in downloads["timeline.html"][0]()


def test_a_title_too_long_is_refused_with_a_message_and_the_old_one_kept(app):
    app.text_input(key="corpus_title").input("A first title")
    next(b for b in app.button if b.label == "Save title").click().run()
    app.text_input(key="corpus_title").input("x" * 300)
    next(b for b in app.button if b.label == "Save title").click().run()
    assert any("keep it to 200" in e.value for e in app.error)
    assert app.title[0].value == "A first title"
