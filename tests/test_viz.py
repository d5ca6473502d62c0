"""The timeline chart draws dates honestly, escapes article text, and scales to many events."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go

from timeline.filters import NO_OUTLET, filter_events, outlet_names
from timeline.model import Article, Event, Source
from timeline.viz import articles_table, assign_lanes, events_table, highlight_timex, hover_text, safe_url, timeline_figure


def source(file="a.txt", outlet="YTN", sentence="Putin and Kim signed the treaty on June 19.", timex="June 19", label="", published="2024-10-16T09:08+09:00", url=None, title=None):
    return Source(
        article_id=file, file=file, title=title, outlet=outlet, published=published, url=url,
        sentence=sentence, timex_text=timex, timex_value="2024-06-19", derivation="", label=label,
    )  # fmt: skip


def event(id="e1", date="2024-06-19", start=(2024, 6, 19), end=None, granularity="day", label="Putin and Kim sign treaty", sources=None):
    return Event(
        id=id, date=date, start=dt.date(*start), end=dt.date(*(end or start)), granularity=granularity,
        label=label, sources=tuple(sources if sources is not None else [source()]),
    )  # fmt: skip


def month_event(**kw):
    return event(id="m1", date="2024-08", start=(2024, 8, 1), end=(2024, 8, 31), granularity="month", label="Kursk incursion", **kw)


def test_a_day_is_a_point_and_a_month_is_a_bar_over_the_whole_month():
    figure = timeline_figure([event(), month_event()])
    points = [t for t in figure.data if isinstance(t, go.Scatter)]
    bars = [t for t in figure.data if isinstance(t, go.Bar)]
    assert len(points) == 1 and list(points[0].x) == ["2024-06-19"]
    assert len(bars) == 1 and list(bars[0].base) == ["2024-08-01"]
    assert list(bars[0].x) == [31 * 86_400_000]
    assert bars[0].orientation == "h"


def test_each_point_carries_its_event_id_for_selection():
    figure = timeline_figure([event(id="abc"), month_event()])
    ids = {i for trace in figure.data for i in trace.customdata}
    assert ids == {"abc", "m1"}


def test_more_sources_give_a_bigger_marker():
    figure = timeline_figure([event(id="one"), event(id="two", sources=[source("a.txt"), source("b.txt"), source("c.txt")])])
    (trace,) = figure.data
    sizes = dict(zip(trace.customdata, trace.marker.size))
    assert sizes["two"] > sizes["one"]


def test_one_trace_per_granularity_with_a_legend_entry():
    events = [event(id=f"d{i}", start=(2024, 6, i + 1)) for i in range(5)] + [month_event()]
    figure = timeline_figure(events)
    assert sorted(t.name for t in figure.data) == ["day (5)", "month (1)"]


def test_few_events_are_labelled_and_many_are_hover_only():
    few = timeline_figure([event()])
    assert few.data[0].mode == "markers+text" and few.data[0].text == ("Putin and Kim sign treaty",)
    many = timeline_figure([event(id=str(i), start=(2024, 1 + i % 12, 1 + i % 28)) for i in range(41)])
    assert many.data[0].mode == "markers"


def test_thousands_of_points_use_webgl():
    base = dt.date(2020, 1, 1)
    events = [Event(str(i), "", base + dt.timedelta(days=i % 1500), base + dt.timedelta(days=i % 1500), "day", f"e{i}", (source(),)) for i in range(1200)]
    figure = timeline_figure(events)
    assert [type(t).__name__ for t in figure.data] == ["Scattergl"]
    assert len(figure.data[0].x) == 1200


def test_no_events_give_an_empty_chart_with_a_note():
    figure = timeline_figure([])
    assert not figure.data
    assert figure.layout.annotations[0].text == "No events to show"


def test_overlapping_events_go_to_different_lanes_and_later_ones_reuse_lanes():
    a = event(id="a", start=(2024, 1, 1), end=(2024, 1, 31), granularity="month")
    b = event(id="b", start=(2024, 1, 15))
    c = event(id="c", start=(2024, 12, 1))
    lanes = assign_lanes([a, b, c], min_gap=0.01)
    assert lanes[0] != lanes[1]
    assert lanes[2] == 0


def test_lanes_leave_room_for_labels():
    close = [event(id="a", start=(2024, 1, 1)), event(id="b", start=(2024, 1, 3)), event(id="c", start=(2024, 12, 31))]
    assert len(set(assign_lanes(close, min_gap=0.0))) == 1
    assert assign_lanes(close, min_gap=0.2)[:2] == [0, 1]


def test_hover_names_the_date_granularity_and_every_source():
    e = event(sources=[source("a.txt", outlet="YTN", title="Troops sent"), source("b.txt", outlet=None)])
    text = hover_text(e)
    assert text.startswith("<b>Putin and Kim sign treaty</b>")
    assert "2024-06-19 (day)" in text and "2 sources" in text
    assert "Troops sent" in text and "YTN, 2024-10-16" in text and "b.txt" in text
    assert "signed the treaty on June 19." in text


def test_hover_truncates_long_quotes_and_counts_unlisted_sources():
    long = "word " * 100
    e = event(sources=[source(f"{i}.txt", sentence=long) for i in range(8)])
    text = hover_text(e)
    assert "and 5 more sources" in text
    assert len(text) < 8 * 260


def test_article_markup_is_escaped_in_the_figure_and_never_raw():
    attack = "<script>alert(1)</script>"
    e = event(label=f"Treaty {attack}", sources=[source(sentence=f"Signed {attack} <b>bold</b>", title=attack, outlet="<i>x</i>")])
    decoded = json.dumps(json.loads(timeline_figure([e]).to_json()), ensure_ascii=False)
    assert "<script>" not in decoded and "<b>bold" not in decoded and "<i>x" not in decoded
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in decoded
    assert "&lt;b&gt;bold&lt;/b&gt;" in decoded


def test_highlight_marks_the_date_expression_after_escaping():
    s = source(sentence="On <b>June 19</b>, they signed.", timex="June 19")
    assert highlight_timex(s) == "On &lt;b&gt;<mark>June 19</mark>&lt;/b&gt;, they signed."


def test_highlight_without_the_expression_in_the_sentence_only_escapes():
    assert highlight_timex(source(sentence="a <i>b</i>", timex="June")) == "a &lt;i&gt;b&lt;/i&gt;"


def test_only_web_addresses_become_links():
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url(None) is None


def test_events_table_has_one_row_per_event_in_order():
    table = events_table([event(id="x"), month_event()])
    assert list(table["id"]) == ["x", "m1"]
    assert list(table["granularity"]) == ["day", "month"]


EVENTS = [
    event(id="treaty", sources=[source("a.txt", outlet="YTN"), source("b.txt", outlet=None)]),
    month_event(sources=[source("c.txt", outlet="HuffPost", sentence="Ukraine entered Kursk in August.", timex="August")]),
    event(id="ratify", start=(2024, 11, 11), label="Kim ratifies the treaty", sources=[source("c.txt", outlet="HuffPost", sentence="Kim ratified it on Monday.")]),
]


def ids(events):
    return [e.id for e in events]


def test_no_criteria_keep_every_event():
    assert ids(filter_events(EVENTS)) == ["treaty", "m1", "ratify"]


def test_date_range_keeps_events_whose_interval_overlaps_it():
    assert ids(filter_events(EVENTS, start=dt.date(2024, 8, 15), end=dt.date(2024, 10, 1))) == ["m1"]
    assert ids(filter_events(EVENTS, start=dt.date(2024, 11, 1))) == ["ratify"]


def test_outlet_filter_keeps_events_with_a_source_from_the_outlet():
    assert ids(filter_events(EVENTS, outlets=["HuffPost"])) == ["m1", "ratify"]
    assert ids(filter_events(EVENTS, outlets=[NO_OUTLET])) == ["treaty"]
    assert outlet_names(EVENTS) == ["HuffPost", "YTN", NO_OUTLET]


def test_keyword_matches_labels_and_quotes_case_insensitively():
    assert ids(filter_events(EVENTS, keyword="KURSK")) == ["m1"]
    assert ids(filter_events(EVENTS, keyword="ratif")) == ["ratify"]


def test_minimum_sources_and_granularity_filters():
    assert ids(filter_events(EVENTS, min_sources=2)) == ["treaty"]
    assert ids(filter_events(EVENTS, granularities=["day"])) == ["treaty", "ratify"]


def test_articles_table_counts_the_events_each_article_reports():
    a = Article(file="a.txt", text="A", title="Treaty signed", outlet="YTN", published="2024-10-16", published_source="manifest", id="a.txt")
    b = Article(file="b.txt", text="B", id="b.txt")
    table = articles_table([a, b], EVENTS)
    assert list(table["title"]) == ["Treaty signed", "b.txt"]
    assert list(table["events"]) == [1, 1]
    assert list(table["date from"]) == ["manifest", "unknown"]


def test_hover_lines_are_wrapped_for_reading():
    e = event(sources=[source(sentence="word " * 60)])
    quote = hover_text(e).split("<br>")
    assert all(len(line) <= 82 for line in quote)
