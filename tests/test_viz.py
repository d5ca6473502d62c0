"""The timeline chart draws dates honestly, escapes article text, and scales to many events."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go

from timeline.filters import NO_OUTLET, date_bounds, filter_events, granularity_names, outlet_names
from timeline.model import Article, Event, Source
from timeline.viz import (
    PACKING_WIDTH_PX, articles_table, event_heading_html, events_table, highlight_timex, hover_text,
    Zoom, lay_out, period_around, safe_url, source_card_html, sources_by_article, timeline_figure, zoom_of,
)  # fmt: skip


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


def events_drawn(figure):
    """The traces that draw events (each with their ids), leaving out the bars' label traces."""
    return [t for t in figure.data if t.customdata is not None]


def test_a_day_is_a_point_and_a_month_is_a_bar_over_the_whole_month():
    figure = timeline_figure([event(), month_event()])
    points = [t for t in events_drawn(figure) if isinstance(t, go.Scatter)]
    bars = [t for t in figure.data if isinstance(t, go.Bar)]
    assert len(points) == 1 and list(points[0].x) == ["2024-06-19"]
    assert len(bars) == 1 and list(bars[0].base) == ["2024-08-01"]
    assert list(bars[0].x) == [31 * 86_400_000]
    assert bars[0].orientation == "h"


def test_each_point_carries_its_event_id_for_selection():
    figure = timeline_figure([event(id="abc"), month_event()])
    ids = {i for trace in events_drawn(figure) for i in trace.customdata}
    assert ids == {"abc", "m1"}


def test_more_sources_give_a_bigger_marker():
    figure = timeline_figure([event(id="one"), event(id="two", sources=[source("a.txt"), source("b.txt"), source("c.txt")])])
    (trace,) = figure.data
    sizes = dict(zip(trace.customdata, trace.marker.size))
    assert sizes["two"] > sizes["one"]


def test_a_bars_label_follows_its_end_or_the_views_edge_when_it_runs_past_it():
    labels = [t for t in timeline_figure([event(), month_event()]).data if isinstance(t, go.Scatter) and t.mode == "text"]
    assert [list(t.x) for t in labels] == [["2024-09-01"]] and labels[0].text == ("Kursk incursion",) and labels[0].hoverinfo == "skip"
    clipped = timeline_figure([event(start=(2024, 8, 10)), month_event()], dt.date(2024, 8, 5), dt.date(2024, 8, 15))
    assert [list(t.x) for t in clipped.data if isinstance(t, go.Scatter) and t.mode == "text"] == [["2024-08-16"]]


def test_one_trace_per_granularity_with_a_legend_entry():
    events = [event(id=f"d{i}", start=(2024, 6, i + 1)) for i in range(5)] + [month_event()]
    figure = timeline_figure(events)
    assert sorted(t.name for t in events_drawn(figure)) == ["day (5)", "month (1)"]


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
    lanes = lay_out([a, b, c], labelled=False).lanes
    assert lanes[0] != lanes[1]
    assert lanes[2] == 0


def test_a_label_keeps_the_next_event_of_its_lane_away_but_a_bare_marker_does_not():
    close = [event(id="a", start=(2024, 1, 1)), event(id="b", start=(2024, 1, 20)), event(id="c", start=(2024, 12, 31))]
    assert len(set(lay_out(close, labelled=False).lanes)) == 1
    assert lay_out(close, labelled=True).lanes[:2] == [0, 1]


SEED_LIKE = [
    event(id="signing", start=(2024, 6, 19), label="Vladimir Putin and Kim Jong Un signed a strategic partnership pact", sources=[source()] * 10),
    month_event(),
    event(id="w1", date="2024-W42", start=(2024, 10, 14), end=(2024, 10, 20), granularity="week", label="Dmitry Peskov did nothing to dampen those fears"),
    event(id="w2", date="2024-W42", start=(2024, 10, 14), end=(2024, 10, 20), granularity="week", label="Volodymyr Zelenskyy also alleged that North Korea had been sending personnel"),
    event(id="d1", start=(2024, 10, 15), label="A Russian foreign ministry spokesperson also criticized the provocation"),
    event(id="d2", start=(2024, 10, 15), label="Vladimir Putin's spokesperson had a cagey response"),
    event(id="m2", date="2024-11", start=(2024, 11, 1), end=(2024, 11, 30), granularity="month", label="Yoon Suk-yeol issued a stern warning"),
    event(id="d3", start=(2024, 11, 6), label="Russia's parliament gave its consent to the treaty", sources=[source(), source()]),
    event(id="d4", start=(2024, 11, 11), label="Kim Jong Un officially sanctioned the treaty"),
]
WIDER = [event(id="budget", start=(2023, 3, 3), label="Seoul approved the defence budget"), *SEED_LIKE]


def drawn_boxes(figure):
    """Each event's horizontal extent in pixels at PACKING_WIDTH_PX, label included, by lane.

    Independent of the packing code: 6 px a character (Source Sans at 12 px measures 5.5), the
    marker's own diameter, a bar's own length."""
    first, last = (dt.datetime.fromisoformat(v) for v in figure.layout.xaxis.range)
    px_per_day = PACKING_WIDTH_PX / ((last - first).total_seconds() / 86400)

    def px(value, extra_days=0.0):
        return ((dt.datetime.fromisoformat(value) - first).total_seconds() / 86400 + extra_days) * px_per_day

    boxes = []
    for trace in figure.data:
        for i, lane in enumerate(trace.y):
            if isinstance(trace, go.Bar):
                boxes.append((lane, px(trace.base[i]), px(trace.base[i], trace.x[i] / 86_400_000)))
            elif trace.mode == "text":
                boxes.append((lane, px(trace.x[i]), px(trace.x[i]) + 6 * len(trace.text[i])))
            else:
                radius = trace.marker.size[i] / 2
                boxes.append((lane, px(trace.x[i]) - radius, px(trace.x[i]) + radius + 6 * len(trace.text[i])))
    return boxes


def test_labels_of_one_lane_never_overlap_and_stay_inside_the_chart_however_wide_the_range():
    for events in (SEED_LIKE, WIDER):
        boxes = drawn_boxes(timeline_figure(events))
        assert len(boxes) == len(events) + sum(e.start != e.end for e in events)
        for lane in {lane for lane, _, _ in boxes}:
            row = sorted((left, right) for l, left, right in boxes if l == lane)
            assert all(right <= next_left for (_, right), (next_left, _) in zip(row, row[1:])), row
        assert all(left >= 0 and right <= PACKING_WIDTH_PX for _, left, right in boxes)


def test_the_date_filter_is_the_charts_window_so_a_year_long_bar_does_not_stretch_a_week():
    year = event(id="y", date="2024", start=(2024, 1, 1), end=(2024, 12, 31), granularity="year", label="Election year")
    week = [event(id=f"d{day}", start=(2024, 6, day)) for day in range(17, 22)]
    first, last = (dt.datetime.fromisoformat(v) for v in timeline_figure([year, *week], dt.date(2024, 6, 17), dt.date(2024, 6, 23)).layout.xaxis.range)
    assert dt.datetime(2024, 6, 10) < first <= dt.datetime(2024, 6, 17) and dt.datetime(2024, 6, 24) <= last < dt.datetime(2024, 7, 15)
    first, _ = (dt.datetime.fromisoformat(v) for v in timeline_figure([year, *week]).layout.xaxis.range)
    assert first < dt.datetime(2024, 1, 2)


def crowd(n_days, per_day, granularity="day"):
    base = dt.date(2022, 1, 3)
    return [
        event(id=f"{d}-{k}", date=(base + dt.timedelta(days=d)).isoformat(), start=(base + dt.timedelta(days=d)).timetuple()[:3], label=f"Event {d} {k} <b>x</b>", granularity=granularity)
        for d in range(n_days) for k in range(per_day)
    ]  # fmt: skip


def test_too_many_events_for_the_lanes_are_counted_per_period_and_each_bar_zooms_to_its_period():
    events = crowd(n_days=700, per_day=8)
    figure = timeline_figure(events)
    assert all(isinstance(t, go.Bar) for t in figure.data)
    zooms = [zoom_of(c) for t in figure.data for c in t.customdata]
    assert all(z and z.end - z.start == dt.timedelta(days=6) and z.start.weekday() == 0 and z.granularity is None for z in zooms)
    counts = [int(h.split("</b>")[0].removeprefix("<b>").split()[0]) for t in figure.data for h in t.hovertext]
    assert sum(counts) == len(events)
    assert "counted per week" in figure.layout.title.text
    assert "&lt;b&gt;x&lt;/b&gt;" in figure.data[0].hovertext[0] and "<b>x" not in figure.data[0].hovertext[0]


def test_a_period_zoomed_into_shows_its_events_one_by_one_and_a_single_day_is_never_counted():
    events = crowd(n_days=700, per_day=8)
    week = filter_events(events, start=dt.date(2023, 1, 2), end=dt.date(2023, 1, 8))
    assert {t.type for t in timeline_figure(week, dt.date(2023, 1, 2), dt.date(2023, 1, 8)).data} == {"scatter"}
    one_day = crowd(n_days=1, per_day=60)
    figure = timeline_figure(one_day, dt.date(2022, 1, 3), dt.date(2022, 1, 3))
    assert sum(len(t.customdata) for t in figure.data) == 60 and zoom_of(figure.data[0].customdata[0]) is None


def test_events_spanning_a_crowded_view_share_a_bar_that_zooms_to_them_alone():
    years = [event(id=f"y{i}", date="2022", start=(2022, 1, 1), end=(2022, 12, 31), granularity="year", label=f"Year event {i}") for i in range(55)]
    days = crowd(n_days=7, per_day=3)
    figure = timeline_figure(years + filter_events(days, start=dt.date(2022, 1, 3), end=dt.date(2022, 1, 9)), dt.date(2022, 1, 3), dt.date(2022, 1, 9))
    assert lay_out(years, labelled=False).n_lanes > 50
    (shared,) = [t for t in figure.data if "spanning the view" in t.name]
    assert list(shared.customdata) == ["2022-01-01/2022-12-31/year"] and shared.name == "year (55, spanning the view)"
    assert sum(len(t.customdata) for t in figure.data if t is not shared) == 21
    assert zoom_of(shared.customdata[0]) == Zoom(dt.date(2022, 1, 1), dt.date(2022, 12, 31), "year")


def test_a_clicked_event_is_told_apart_from_a_clicked_period():
    assert zoom_of("2024-06-01/2024-06-30") == Zoom(dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert zoom_of(Zoom(dt.date(2024, 6, 1), dt.date(2024, 6, 30), "month").customdata).granularity == "month"
    assert zoom_of("3f2a9c0d1e2b4a5c") is None and zoom_of("a/b") is None


def test_periods_are_iso_weeks_calendar_months_quarters_and_years():
    day = dt.date(2024, 8, 15)
    assert period_around(day, "week") == (dt.date(2024, 8, 12), dt.date(2024, 8, 18))
    assert period_around(day, "month") == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    assert period_around(day, "quarter") == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert period_around(dt.date(2024, 12, 31), "quarter") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert period_around(day, "year") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_hover_names_the_date_granularity_and_every_source():
    e = event(sources=[source("a.txt", outlet="YTN", title="Troops sent"), source("b.txt", outlet=None)])
    text = hover_text(e)
    assert text.startswith("<b>Putin and Kim sign treaty</b>")
    assert "2024-06-19 (day)" in text and "2 sources" in text
    assert "Troops sent" in text and "YTN, 2024-10-16" in text and "b.txt" in text
    assert "signed the treaty on June 19." in text


def test_hover_quotes_three_sources_names_five_more_and_counts_the_rest():
    long = "word " * 100
    e = event(sources=[source(f"{i}.txt", sentence=long, outlet=f"Outlet {i}") for i in range(10)])
    text = hover_text(e)
    assert text.count("“") == 3 and all(f"{i}.txt" in text for i in range(8)) and "9.txt" not in text
    assert "<b>7.txt</b> <i>Outlet 7, 2024-10-16</i>" in text
    assert text.endswith("<i>and 2 more sources</i>")
    assert len(text) < 10 * 260
    assert "more source" not in hover_text(event(sources=e.sources[:8]))


def test_article_markup_is_escaped_in_the_figure_and_never_raw():
    attack = "<script>alert(1)</script>"
    e = event(label=f"Treaty {attack}", sources=[source(sentence=f"Signed {attack} <b>bold</b>", title=attack, outlet="<i>x</i>")])
    decoded = json.dumps(json.loads(timeline_figure([e]).to_json()), ensure_ascii=False)
    assert "<script>" not in decoded and "<b>bold" not in decoded and "<i>x" not in decoded
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in decoded
    assert "&lt;b&gt;bold&lt;/b&gt;" in decoded


def test_the_detail_panel_escapes_article_text_links_only_web_addresses_and_says_how_the_date_was_found():
    attack = source(sentence="On <b>Monday</b> <script>x()</script> they met.", timex="Monday", title="<img src=x>", outlet="<i>o</i>", url="https://example.org/a?b=1&c=2")
    attack = Source(**{**attack.__dict__, "timex_value": "2024-11-11", "derivation": "weekday, past tense <b>", "published": "2024-11-12T08:00"})
    card = source_card_html([attack])
    assert "<script>" not in card and "<img" not in card and "<i>o" not in card and "<b>Monday" not in card
    assert "&lt;b&gt;<mark>Monday</mark>&lt;/b&gt;" in card
    assert '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">&lt;img src=x&gt;</a>' in card
    assert "“Monday” in an article of 2024-11-12 → 2024-11-11 (weekday, past tense &lt;b&gt;)" in card
    assert "<a " not in source_card_html([source(url="javascript:alert(1)")])
    heading = event_heading_html(event(label="<script>alert(1)</script>", sources=[attack, source("b.txt")]))
    assert heading.startswith("<h3>&lt;script&gt;") and "2024-06-19</b> (day) · 19 Jun 2024 · 2 sources" in heading


def test_the_detail_panel_shows_the_events_status_and_salience_and_each_articles_status():
    expected = Source(**{**source().__dict__, "status": "expected"})
    e = Event("e", "2024-06-19", dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day", "Treaty signed", (source(), expected), "reported", 2.5)
    assert "· 1 source, 2 quotes · reported · salience 2.50</p>" in event_heading_html(e)
    card = source_card_html([source(), expected])
    assert "<small>reported · “June 19”" in card and "<small>expected, not yet reported · “June 19”" in card


def test_an_article_quoting_an_event_twice_is_one_source_with_both_quotes():
    twice = event(sources=[source("a.txt", sentence="They signed it on June 19."), source("a.txt", sentence="The June 19 pact holds."), source("b.txt")])
    assert "· 2 sources" in hover_text(twice) and hover_text(twice).count("<b>a.txt</b>") == 1
    assert "2 sources, 3 quotes" in event_heading_html(twice)
    (first, second) = sources_by_article(twice)
    card = source_card_html(first)
    assert card.count("<blockquote>") == 2 and card.count("a.txt") == 1
    once = timeline_figure([event(id="once", sources=[source("c.txt")]), event(id="twice", start=(2024, 6, 20), sources=twice.sources[:2])])
    assert len(set(once.data[0].marker.size)) == 1
    assert ids(filter_events([twice, event(id="solo", sources=twice.sources[:2])], min_sources=2)) == ["e1"]
    assert list(events_table([twice])["sources"]) == [2]


def test_quotes_and_apostrophes_reach_plotly_as_themselves_since_it_shows_entities_literally():
    e = event(label="Kim's \"pact\" & more", sources=[source(title='North Korea..."3,000 troops"', sentence="He said \"June\" & 'July'.")])
    text = hover_text(e)
    assert "Kim's \"pact\" &amp; more" in text and 'North Korea..."3,000 troops"' in text and "He said \"June\" &amp; 'July'." in text
    assert "&quot;" not in text and "&#x27;" not in text
    assert timeline_figure([e]).data[0].text == ("Kim's \"pact\" &amp; more",)


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


def test_granularities_are_listed_finest_first_and_date_bounds_cover_whole_years():
    assert granularity_names(EVENTS, ["day", "week", "month"]) == ["day", "month"]
    assert date_bounds(EVENTS, dt.date(2024, 7, 1), dt.date(2024, 7, 2)) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert date_bounds([], dt.date(1900, 1, 1), dt.date(2100, 12, 31)) == (dt.date(1900, 1, 1), dt.date(2100, 12, 31))


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
