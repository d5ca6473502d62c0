"""The dashboard runs end to end on a private store: chart, table, uploads, dates, filters, exports."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner.magic import add_magic
from streamlit.testing.v1 import AppTest

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
NEW_ARTICLE = b"Lawmakers in Seoul approved the defence budget on March 3, 2023, after a long debate.\n"
UNDATED_ARTICLE = b"The governor vetoed the housing bill on Monday after weeks of protests.\n"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_DATA_DIR", str(tmp_path))
    return AppTest.from_file(DASHBOARD, default_timeout=60).run()


def events_shown(app) -> int:
    return len(app.dataframe[0].value)


def corpus_titles(app) -> list[str]:
    return list(app.dataframe[1].value["title"])


def test_the_script_leaves_nothing_for_streamlit_magic_to_print():
    tree = add_magic(Path(DASHBOARD).read_text(encoding="utf-8"), DASHBOARD)
    printed = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "transparent_write"]
    assert printed == []


def test_the_bundled_corpus_renders_a_chart_a_table_and_every_export(app):
    assert not app.exception
    assert len(app.get("plotly_chart")) == 1
    assert events_shown(app) > 0
    assert len(corpus_titles(app)) == 5
    assert [b.label for b in app.get("download_button")] == ["CSV", "JSON", "TimelineJS", "Calendar (ICS)", "HTML chart"]


def test_an_uploaded_article_adds_its_event_and_bad_files_get_a_message(app):
    before = events_shown(app)
    app.file_uploader(key="uploads").set_value([("budget.txt", NEW_ARTICLE, "text/plain"), ("empty.txt", b"", "text/plain")]).run()
    assert not app.exception
    assert events_shown(app) == before + 1
    assert "budget.txt" in corpus_titles(app)
    assert any("empty.txt" in e.value for e in app.error)
    app.run()
    assert events_shown(app) == before + 1


def test_an_undated_upload_waits_for_the_users_date_before_its_relative_dates_count(app):
    before = events_shown(app)
    app.file_uploader(key="uploads").set_value(("veto.txt", UNDATED_ARTICLE, "text/plain")).run()
    assert any("no publication date" in w.value for w in app.warning)
    assert events_shown(app) == before
    (field,) = [d for d in app.date_input if d.label == "veto.txt"]
    field.set_value(dt.date(2023, 5, 10)).run()
    next(b for b in app.button if b.label == "Add with these dates").click().run()
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


def test_filters_narrow_the_table(app):
    everything = events_shown(app)
    app.text_input(key="keyword").input("Kursk").run()
    assert 0 < events_shown(app) < everything
    app.text_input(key="keyword").input("").run()
    app.number_input(key="min_sources").set_value(2).run()
    assert 0 < events_shown(app) < everything
    app.number_input(key="min_sources").set_value(1).run()
    app.date_input(key="from").set_value(dt.date(2024, 10, 1)).run()
    assert 0 < events_shown(app) < everything


def test_choosing_an_event_shows_each_source_with_its_date_expression_marked(app):
    detail = app.selectbox(key="detail")
    detail.select(detail.options[0]).run()
    cards = [h.proto.body for h in app.get("html") if "<blockquote>" in h.proto.body]
    assert len(cards) == int(app.dataframe[0].value["sources"].iloc[0])
    assert any("<mark>" in card for card in cards)


def test_removing_an_article_and_fixing_a_date_from_the_corpus_panel(app):
    first = corpus_titles(app)[0]
    app.selectbox(key="corpus_article").select_index(0).run()
    next(b for b in app.button if b.label == "Remove article").click().run()
    assert not app.exception
    assert first not in corpus_titles(app) and len(corpus_titles(app)) == 4
    chosen = app.selectbox(key="corpus_article").value
    app.date_input(key=f"published_{chosen}").set_value(dt.date(2020, 1, 1)).run()
    next(b for b in app.button if b.label == "Set date").click().run()
    assert "2020-01-01" in list(app.dataframe[1].value["published"])
