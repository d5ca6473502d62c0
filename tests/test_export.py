"""Exports keep every event's sources, follow each format's rules, and never pass markup through."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import ingest, pipeline
from timeline.cli import main
from timeline.export import FORMATS, Document, event_to_dict, fold_ics_line, ics_escape, to_csv, to_html, to_ics, to_json, to_timelinejs
from timeline.model import CorpusInfo, Event, Source
from timeline.salience import story_span
from timeline.viz.view import View

PROJECT = Path(__file__).resolve().parent.parent


def source(file="a.txt", sentence="Putin and Kim signed the treaty on June 19.", url="https://example.org/a", outlet="YTN", title="Treaty signed"):
    return Source(
        article_id=file, file=file, title=title, outlet=outlet, published="2024-10-16T09:08+09:00", url=url,
        sentence=sentence, timex_text="June 19", timex_value="2024-06-19", derivation="month name and day, year from the publication date",
    )  # fmt: skip


DAY = Event("d1", "2024-06-19", dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day", "Putin and Kim sign treaty", (source("a.txt"), source("b.txt", url=None, outlet=None, title=None)))
MONTH = Event("m1", "2024-08", dt.date(2024, 8, 1), dt.date(2024, 8, 31), "month", "Kursk incursion", (source("c.txt"),))
YEAR = Event("y1", "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year", "Election year", ())
WEEK = Event("w1", "2024-W42", dt.date(2024, 10, 14), dt.date(2024, 10, 20), "week", "Troops moved", (source("d.txt"),))


def test_event_to_dict_has_the_documented_shape_with_iso_dates():
    data = event_to_dict(DAY)
    assert list(data) == ["id", "date", "start", "end", "granularity", "label", "status", "salience", "key", "sources", "edits"]
    assert data["start"] == data["end"] == "2024-06-19"
    assert list(data["sources"][0]) == ["file", "title", "title_source", "outlet", "published", "url", "sentence", "timex_text", "timex_value", "derivation", "status"]
    assert data["key"] is False and data["edits"] == []
    assert data["sources"][1]["outlet"] is None


def test_json_lists_events_in_order_with_their_sources():
    data = json.loads(to_json([DAY, MONTH]))
    assert list(data) == ["title", "description", "events"] and data["title"] == ""
    assert [e["id"] for e in data["events"]] == ["d1", "m1"]
    assert data["events"][1]["sources"][0]["file"] == "c.txt"


def test_csv_has_a_row_per_source_and_survives_commas_quotes_and_newlines():
    tricky = Event("t", "2024-06-19", DAY.start, DAY.end, "day", 'He said "yes", then left', (source(sentence='A, "quoted"\nline'),))
    rows = list(csv.DictReader(io.StringIO(to_csv([DAY, YEAR, tricky]))))
    assert [r["event_id"] for r in rows] == ["d1", "d1", "y1", "t"]
    assert [r["source_file"] for r in rows[:2]] == ["a.txt", "b.txt"]
    assert rows[0]["n_sources"] == "2" and rows[2]["source_file"] == ""
    assert rows[3]["sentence"] == 'A, "quoted"\nline' and rows[3]["label"] == 'He said "yes", then left'


def test_an_article_quoting_an_event_twice_is_one_source_with_both_quotes_in_every_format():
    twice = Event("t", "2024-06-19", DAY.start, DAY.end, "day", "Treaty", (source("a.txt"), source("a.txt", sentence="Again on June 19.")))
    rows = list(csv.DictReader(io.StringIO(to_csv([twice]))))
    assert len(rows) == 2 and {r["n_sources"] for r in rows} == {"1"}
    text = json.loads(to_timelinejs([twice]))["events"][0]["text"]["text"]
    assert text.count("<li>") == 1 and text.count("<blockquote>") == 2
    description = next(line for line in to_ics([twice]).replace("\r\n ", "").split("\r\n") if line.startswith("DESCRIPTION:"))
    assert description.count("Treaty signed") == 1 and "Again on June 19." in description


def test_timelinejs_starts_carry_only_the_known_parts_and_intervals_span_their_days():
    slides = {s["unique_id"]: s for s in json.loads(to_timelinejs([DAY, MONTH, YEAR, WEEK]))["events"]}
    assert slides["d1"]["start_date"] == {"year": 2024, "month": 6, "day": 19} and "end_date" not in slides["d1"] and "display_date" not in slides["d1"]
    assert slides["m1"]["start_date"] == {"year": 2024, "month": 8} and slides["m1"]["end_date"] == {"year": 2024, "month": 8, "day": 31}
    assert slides["m1"]["display_date"] == "August 2024"
    assert slides["y1"]["start_date"] == {"year": 2024} and slides["y1"]["end_date"] == {"year": 2024, "month": 12, "day": 31}
    assert slides["y1"]["display_date"] == "2024"
    assert slides["w1"]["end_date"] == {"year": 2024, "month": 10, "day": 20}
    assert slides["w1"]["display_date"] == "2024-W42 (week): 14 Oct – 20 Oct 2024"
    assert slides["m1"]["group"] == "month"
    assert slides["d1"]["text"]["headline"] == "Putin and Kim sign treaty"


SLIDE_FIELDS = {"start_date", "end_date", "text", "media", "group", "display_date", "background", "autolink", "unique_id"}
DATE_FIELDS = {"year", "month", "day", "hour", "minute", "second", "millisecond", "display_date", "format"}


def test_timelinejs_uses_only_the_documented_fields_with_whole_number_dates():
    data = json.loads(to_timelinejs([DAY, MONTH, YEAR, WEEK]))
    assert set(data) == {"title", "events"} and set(data["title"]) == {"text"}
    for slide in data["events"]:
        assert set(slide) <= SLIDE_FIELDS and set(slide["text"]) == {"headline", "text"}
        for date in (slide["start_date"], slide.get("end_date", {"year": 1})):
            assert set(date) <= DATE_FIELDS and all(isinstance(date[k], int) for k in date)
    assert len({slide["unique_id"] for slide in data["events"]}) == 4


def test_timelinejs_escapes_article_text_and_links_only_web_addresses():
    attack = Event("x", "2024-06-19", DAY.start, DAY.end, "day", "<script>alert(1)</script>", (source(sentence="<img src=x onerror=alert(1)>", url="javascript:alert(1)"), source("b.txt")))
    data = json.loads(to_timelinejs([attack]))
    slide = data["events"][0]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<img" not in slide["text"]["text"] and "&lt;img src=x" in slide["text"]["text"]
    assert "javascript:" not in slide["text"]["text"]
    assert '<a href="https://example.org/a">' in slide["text"]["text"]
    assert "title" in data and data["title"]["text"]["headline"] == "Timeline"


TITLED = CorpusInfo("Russia & North Korea's <treaty>", "Five articles, October and November 2024.\n\nSources: <b>YTN</b>, HuffPost.")


def test_every_format_with_a_place_for_it_carries_the_corpus_title_and_description_escaped():
    page = to_html([DAY, MONTH], TITLED)
    assert "<title>Russia &amp; North Korea&#x27;s &lt;treaty&gt;</title>" in page and "<h1>Russia &amp; North Korea&#x27;s &lt;treaty&gt;</h1>" in page
    assert "<p>Five articles, October and November 2024.</p><p>Sources: &lt;b&gt;YTN&lt;/b&gt;, HuffPost.</p>" in page
    data = json.loads(to_json([DAY], TITLED))
    assert data["title"] == TITLED.title and data["description"] == TITLED.description
    cover = json.loads(to_timelinejs([DAY], TITLED))["title"]["text"]
    assert cover["headline"] == "Russia &amp; North Korea&#x27;s &lt;treaty&gt;"
    assert cover["text"].startswith("<p>Five articles, October and November 2024.</p><p>Sources: &lt;b&gt;YTN&lt;/b&gt;, HuffPost.</p><p>1 event,")
    calendar = to_ics([DAY], TITLED).replace("\r\n ", "")
    assert "\r\nNAME:Russia & North Korea's <treaty>\r\nX-WR-CALNAME:Russia & North Korea's <treaty>\r\n" in calendar
    assert "\r\nX-WR-CALDESC:Five articles\\, October and November 2024.\\n\\nSources: <b>YTN</b>\\, HuffPost.\r\n" in calendar
    assert calendar.index("X-WR-CALNAME") < calendar.index("BEGIN:VEVENT")
    untitled = to_ics([DAY])
    assert "X-WR-CALNAME:Timeline\r\n" in untitled and "X-WR-CALDESC" not in untitled


def test_ics_has_one_all_day_entry_per_day_event_only():
    text = to_ics([DAY, MONTH, YEAR, WEEK])
    assert text.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20240619\r\n" in text and "DTEND;VALUE=DATE:20240620\r\n" in text
    assert "UID:d1@timeline\r\n" in text and "DTSTAMP:20241016T000000Z\r\n" in text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:") and text.endswith("END:VCALENDAR\r\n")


def test_ics_uses_crlf_and_folds_lines_at_75_octets():
    long = Event("l", "2024-06-19", DAY.start, DAY.end, "day", "Подписание договора " * 10, (source(sentence="Ünïcödé, text; with\\ specials " * 8),))
    text = to_ics([long])
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    summary = next(line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:"))
    assert summary == "SUMMARY:" + ics_escape(long.label)


def test_ics_text_escaping_and_folding_rules():
    assert ics_escape("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    folded = fold_ics_line("X" * 200)
    assert [len(p) for p in folded.split("\r\n")] == [75, 75, 52]
    assert fold_ics_line("é" * 40).split("\r\n")[0] == "é" * 37


def test_ics_is_deterministic_and_lists_sources():
    assert to_ics([DAY]) == to_ics([DAY])
    unfolded = to_ics([DAY]).replace("\r\n ", "")
    assert "Treaty signed (YTN\\, 2024-10-16)" in unfolded and "https://example.org/a" in unfolded and "b.txt" in unfolded


def test_html_is_standalone_and_escapes_labels():
    attack = Event("x", "2024-06-19", DAY.start, DAY.end, "day", "<script>alert(1)</script>", (source(),))
    page = to_html([DAY, MONTH, attack])
    assert page.lower().startswith("<!doctype html>") and not re.search(r"<(script|link)[^>]+(src|href)=", page)
    assert len(page) > 1_000_000
    assert "<script>alert(1)</script>" not in page
    assert re.search(r"Putin and Kim sign treaty", page.replace("<br>", " "))
    assert '"scrollZoom": false' in page and "<title>Timeline</title>" in page


SAMPLE = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def sample_events():
    articles, _ = ingest.read_directory(SAMPLE)
    return pipeline.build(articles)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_command_line_writes_a_directorys_file_from_the_one_function_of_its_format(tmp_path, monkeypatch, sample_events, fmt):
    monkeypatch.setenv("TIMELINE_DATA_DIR", str(tmp_path / "store"))
    out = tmp_path / f"events.{fmt}"
    assert main(["export", str(SAMPLE), "--format", fmt, "--out", str(out), "--no-cache", "--title", TITLED.title, "--description", TITLED.description]) == 0
    articles, _ = ingest.read_directory(SAMPLE)
    assert out.read_bytes() == FORMATS[fmt].write(Document(sample_events, TITLED, View(story=story_span(articles)))).encode("utf-8")


def test_the_html_file_is_the_same_whatever_plotly_template_the_process_defaults_to(sample_events):
    import plotly.io as pio

    plain = to_html(sample_events, TITLED)
    default = pio.templates.default
    pio.templates.default = "seaborn"
    try:
        assert to_html(sample_events, TITLED) == plain
    finally:
        pio.templates.default = default


EXPORT_WITHOUT_DRAWING = """
import datetime as dt, json, sys
from timeline.export import FORMATS, Document
from timeline.model import Event, Source
source = Source("a", "a.txt", "Treaty signed", "YTN", "2024-10-16", None, "They signed it on June 19.", "June 19", "2024-06-19")
document = Document([Event("d1", "2024-06-19", dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day", "Treaty signed", (source,))])
written = {name: len(FORMATS[name].write(document)) for name in sys.argv[1].split(",")}
print(json.dumps({"written": written, "loaded": [name for name in ("plotly", "pandas") if name in sys.modules]}))
"""


def _export_in_a_fresh_process(formats: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", EXPORT_WITHOUT_DRAWING, ",".join(formats)], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_writing_csv_json_ics_and_timelinejs_loads_neither_plotly_nor_pandas():
    result = _export_in_a_fresh_process(["csv", "json", "ics", "timelinejs"])
    assert all(size > 0 for size in result["written"].values()) and len(result["written"]) == 4
    assert result["loaded"] == []
    assert "plotly" in _export_in_a_fresh_process(["html"])["loaded"]
