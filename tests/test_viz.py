"""The timeline chart draws dates honestly, reads in date order with whole labels, escapes article
text, and scales to many events."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import plotly.graph_objects as go

from timeline.filters import NO_OUTLET, date_bounds, filter_events, granularity_names, outlet_names
from timeline.model import Article, Event, Source
from timeline.viz.cards import event_heading_html, highlight_timex, hover_text, safe_url, source_card_html, sources_by_article
from timeline.viz.figure import timeline_figure
from timeline.viz.lanes import LABEL_STYLES, PACKING_WIDTH_PX, lay_out
from timeline.viz.tables import articles_table, events_table
from timeline.viz.view import View, Zoom, zoom_of


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
    """The traces that draw events (each with their ids)."""
    return [t for t in figure.data if t.customdata is not None]


def markers(figure):
    """The marker traces: one marker per event, on its day or in the middle of its period."""
    return [t for t in events_drawn(figure) if t.type in ("scatter", "scattergl")]


def labels(figure):
    """The labels drawn beside events, as {text (its lines joined): (x, lane, xshift)}."""
    return {a.text.replace("<br>", " "): (a.x, a.y, a.xshift) for a in figure.layout.annotations}


def test_a_day_is_a_point_and_a_month_is_a_faint_band_over_the_whole_month_with_a_point_at_its_middle():
    figure = timeline_figure([event(), month_event()])
    bands = [t for t in figure.data if isinstance(t, go.Bar)]
    assert len(bands) == 1 and list(bands[0].base) == ["2024-08-01"] and list(bands[0].x) == [31 * 86_400_000]
    assert bands[0].orientation == "h" and bands[0].marker.opacity < 0.3
    middles = {i: x for t in markers(figure) for i, x in zip(t.customdata, t.x)}
    assert middles == {"e1": "2024-06-19", "m1": "2024-08-16T12:00"}
    assert hover_text(month_event()).split("<br>")[1].startswith("sometime in August 2024 (2024-08, month)")


def test_an_expected_event_is_hollow_and_a_denied_one_a_cross_whether_a_day_or_a_period():
    expected = replace(event(id="x"), status="expected")
    expected_month = replace(month_event(), status="expected")
    denied = replace(event(id="d", start=(2024, 7, 1)), status="denied")
    symbols = {i: symbol for t in markers(timeline_figure([expected, expected_month, denied])) for i, symbol in zip(t.customdata, t.marker.symbol)}
    assert symbols == {"x": "circle-open", "m1": "circle-open", "d": "x-thin-open"}


def test_each_event_carries_its_id_for_selection():
    figure = timeline_figure([event(id="abc"), month_event()])
    assert {i for trace in markers(figure) for i in trace.customdata} == {"abc", "m1"}
    assert {i for trace in events_drawn(figure) for i in trace.customdata} == {"abc", "m1"}


def test_more_sources_give_a_bigger_marker():
    figure = timeline_figure([event(id="one"), event(id="two", sources=[source("a.txt"), source("b.txt"), source("c.txt")])])
    (trace,) = markers(figure)
    sizes = dict(zip(trace.customdata, trace.marker.size))
    assert sizes["two"] > sizes["one"]


def test_a_bands_label_follows_its_end_or_the_views_edge_when_it_runs_past_it():
    drawn = labels(timeline_figure([event(), month_event()]))
    assert drawn["Kursk incursion"][0] == "2024-09-01" and drawn["Putin and Kim sign treaty"][0] == "2024-06-19"
    clipped = labels(timeline_figure([event(start=(2024, 8, 10)), month_event()], View(dt.date(2024, 8, 5), dt.date(2024, 8, 15))))
    assert clipped["Kursk incursion"][0] == "2024-08-16"


def test_a_label_clears_its_marker_and_a_narrow_bands_middle_point():
    big = event(sources=[source(f"{i}.txt") for i in range(8)])
    week = event(id="w", date="2024-W30", start=(2024, 7, 22), end=(2024, 7, 28), granularity="week", label="Troops moved", sources=[source(f"{i}.txt") for i in range(8)])
    drawn = labels(timeline_figure([big, week, event(id="late", start=(2025, 6, 1), label="Late")]))
    radius = (9.0 + 5.0 * 3) / 2
    assert drawn["Putin and Kim sign treaty"][2] >= radius + 4
    assert drawn["Troops moved"][2] > 4 and drawn["Late"][2] == 9.0 / 2 + 4


def test_one_legend_entry_per_granularity():
    events = [event(id=f"d{i}", start=(2024, 6, i + 1)) for i in range(5)] + [month_event()]
    figure = timeline_figure(events)
    assert sorted(t.name for t in figure.data if t.showlegend is not False) == ["day (5)", "month (1)"]


def test_few_events_are_labelled_and_many_are_hover_only():
    assert len(timeline_figure([event()]).layout.annotations) == 1
    many = timeline_figure([event(id=str(i), start=(2024, 1 + i % 12, 1 + i % 28)) for i in range(41)])
    assert not many.layout.annotations and many.data[0].mode == "markers"


def test_thousands_of_points_use_webgl():
    base = dt.date(2020, 1, 1)
    events = [Event(str(i), "", base + dt.timedelta(days=i % 1500), base + dt.timedelta(days=i % 1500), "day", f"e{i}", (source(),)) for i in range(1200)]
    figure = timeline_figure(events)
    assert [type(t).__name__ for t in events_drawn(figure)] == ["Scattergl"]
    assert len(events_drawn(figure)[0].x) == 1200


def test_no_events_give_an_empty_chart_with_a_note():
    figure = timeline_figure([])
    assert not figure.data
    assert figure.layout.annotations[0].text == "No events to show"


def test_overlapping_events_go_to_different_lanes_and_later_ones_reuse_lanes():
    a = event(id="a", start=(2024, 1, 1), end=(2024, 1, 31), granularity="month")
    b = event(id="b", start=(2024, 1, 15))
    c = event(id="c", start=(2024, 12, 1))
    lanes = lay_out([a, b, c], None).lanes
    assert lanes[0] != lanes[1]
    assert lanes[2] == 0


def test_a_label_keeps_the_next_event_of_its_lane_away_but_a_bare_marker_does_not():
    close = [event(id="a", start=(2024, 1, 1)), event(id="b", start=(2024, 1, 20)), event(id="c", start=(2024, 12, 31))]
    assert len(set(lay_out(close, None).lanes)) == 1
    crowded = [event(id=str(i), start=(2024, 1, 1 + i), label="A label long enough to need its own room") for i in range(20)] + close
    lanes = lay_out(crowded, LABEL_STYLES[0]).lanes
    assert lanes[20] != lanes[21]


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
    """Each event's extent in pixels at PACKING_WIDTH_PX, label included, with its lane.

    Independent of the packing code: 6.2 px a character at 13 px (Arial measures 5.9, Source Sans,
    the dashboard's font, 5.5), the marker's own diameter, a band's own length."""
    first, last = (dt.datetime.fromisoformat(v) for v in figure.layout.xaxis.range)
    px_per_day = PACKING_WIDTH_PX / ((last - first).total_seconds() / 86400)

    def px(value, extra_days=0.0):
        return ((dt.datetime.fromisoformat(value) - first).total_seconds() / 86400 + extra_days) * px_per_day

    boxes = []
    for trace in events_drawn(figure):
        for i, lane in enumerate(trace.y):
            if isinstance(trace, go.Bar):
                boxes.append((lane, px(trace.base[i]), px(trace.base[i], trace.x[i] / 86_400_000)))
            else:
                radius = trace.marker.size[i] / 2
                boxes.append((lane, px(trace.x[i]) - radius, px(trace.x[i]) + radius))
    for label in figure.layout.annotations:
        width = 6.2 * max(len(line) for line in label.text.split("<br>"))
        boxes.append((label.y, px(label.x) + label.xshift, px(label.x) + label.xshift + width))
    return boxes


def test_labels_of_one_lane_never_overlap_and_stay_inside_the_chart_however_wide_the_range():
    for events in (SEED_LIKE, WIDER):
        figure = timeline_figure(events)
        boxes = drawn_boxes(figure)
        assert len(figure.layout.annotations) == len(events)
        for lane in {lane for lane, _, _ in boxes}:
            row = sorted((left, right) for l, left, right in boxes if l == lane)
            spans = []
            for left, right in row:
                if spans and left < spans[-1][1] and right <= spans[-1][1] + 1:
                    continue  # a band's middle point, inside its band
                spans.append((left, right))
            assert all(right <= next_left for (_, right), (next_left, _) in zip(spans, spans[1:])), row
        assert all(left >= 0 and right <= PACKING_WIDTH_PX for _, left, right in boxes)


def test_the_lanes_go_down_in_date_order_and_every_label_is_whole_on_at_most_two_lines():
    for events in (SEED_LIKE, WIDER):
        figure = timeline_figure(events)
        lane_of = {i: lane for t in markers(figure) for i, lane in zip(t.customdata, t.y)}
        by_date = sorted(events, key=lambda e: (e.start, e.end, e.label))
        assert [lane_of[e.id] for e in by_date] == list(range(len(events)))
        texts = [a.text for a in figure.layout.annotations]
        assert sorted(t.replace("<br>", " ") for t in texts) == sorted(e.label.replace("&", "&amp;") for e in events)
        assert all(t.count("<br>") <= 1 for t in texts) and not any("…" in t for t in texts)


def test_a_crowded_chart_cuts_labels_and_keeps_the_whole_text_on_hover():
    crowded = [event(id=f"c{i}", start=(2024, 6, 1 + i % 28), label=f"Event number {i} with a label far too long to be drawn whole in a crowded chart") for i in range(36)]
    figure = timeline_figure(crowded)
    cut = [a for a in figure.layout.annotations if "…" in a.text]
    assert cut and all(a.hovertext and "far too long" in a.hovertext.replace("<br>", " ") for a in cut)
    assert figure.layout.height <= 1000


def test_the_wheel_scrolls_the_page_and_the_chart_has_a_range_slider_and_a_reset():
    from timeline.viz.style import CHART_CONFIG

    figure = timeline_figure(SEED_LIKE)
    assert CHART_CONFIG["scrollZoom"] is False and "resetScale2d" not in CHART_CONFIG["modeBarButtonsToRemove"]
    assert figure.layout.dragmode is False and figure.layout.xaxis.rangeslider.visible
    counted = timeline_figure(crowd(n_days=700, per_day=8))
    assert counted.layout.dragmode is False and counted.layout.xaxis.rangeslider.visible


def test_the_range_slider_spans_every_event_and_draws_none_again_as_the_events_lie_on_a_twin_axis():
    events = crowd(n_days=700, per_day=8) + [event(id="1914", date="1914", start=(1914, 1, 1), end=(1914, 12, 31), granularity="year", label="War")]
    for figure in (timeline_figure(SEED_LIKE), timeline_figure(events, View(story=(dt.date(2022, 6, 1), dt.date(2022, 8, 31))))):
        assert {t.xaxis for t in events_drawn(figure)} == {"x2"}
        (axis_keeper,) = [t for t in figure.data if t.xaxis in (None, "x")]
        assert not axis_keeper.x and axis_keeper.hoverinfo == "skip"
        assert figure.layout.xaxis2.matches == "x" and figure.layout.xaxis2.overlaying == "x" and figure.layout.xaxis2.type == "date"
    first, last = figure.layout.xaxis.rangeslider.range
    assert first == "1914-01-01" and last == "2023-12-04"


def test_every_figure_carries_its_own_template_so_no_process_default_restyles_it():
    import plotly.io as pio

    before = timeline_figure(SEED_LIKE).to_json()
    default = pio.templates.default
    pio.templates.default = "ggplot2"
    try:
        assert timeline_figure(SEED_LIKE).to_json() == before
    finally:
        pio.templates.default = default
    layout = json.loads(before)["layout"]["template"]["layout"]
    assert layout["font"]["color"] == layout["hoverlabel"]["font"]["color"] and layout["paper_bgcolor"] == layout["hoverlabel"]["bgcolor"]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(color):
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_chart_text_passes_wcag_aa_contrast():
    from timeline.viz.style import AXIS_TEXT_COLOR, BACKGROUND, HIGHLIGHT_COLOR, TEXT_COLOR

    assert contrast(TEXT_COLOR, BACKGROUND) >= 4.5 and contrast(AXIS_TEXT_COLOR, BACKGROUND) >= 4.5 and contrast(HIGHLIGHT_COLOR, BACKGROUND) >= 4.5
    assert {a.font.color for a in timeline_figure(SEED_LIKE).layout.annotations} == {TEXT_COLOR}


def test_the_story_overview_marks_the_current_event_and_draws_no_labels():
    from timeline.viz.figure import overview_figure

    figure = overview_figure(SEED_LIKE, View(current="d3"))
    assert not figure.layout.annotations and not figure.layout.showlegend
    (ring,) = [t for t in figure.data if t.name == "this event"]
    lane_of = {i: lane for t in markers(figure) for i, lane in zip(t.customdata, t.y)}
    assert list(ring.x) == ["2024-11-06"] and list(ring.y) == [lane_of["d3"]]
    assert [shape.x0 for shape in figure.layout.shapes] == ["2024-11-06"]


def crowd(n_days, per_day, granularity="day"):
    base = dt.date(2022, 1, 3)
    return [
        event(id=f"{d}-{k}", date=(base + dt.timedelta(days=d)).isoformat(), start=(base + dt.timedelta(days=d)).timetuple()[:3], label=f"Event {d} {k} <b>x</b>", granularity=granularity)
        for d in range(n_days) for k in range(per_day)
    ]  # fmt: skip


def test_too_many_events_for_the_lanes_are_counted_per_period_and_each_bar_zooms_to_its_period():
    events = crowd(n_days=700, per_day=8)
    figure = timeline_figure(events)
    assert all(isinstance(t, go.Bar) for t in events_drawn(figure))
    zooms = [zoom_of(c) for t in events_drawn(figure) for c in t.customdata]
    assert all(z and z.end - z.start == dt.timedelta(days=6) and z.start.weekday() == 0 and z.granularity is None for z in zooms)
    counts = [int(h.split("</b>")[0].removeprefix("<b>").split()[0]) for t in events_drawn(figure) for h in t.hovertext]
    assert sum(counts) == len(events)
    assert "counted per week" in figure.layout.title.text
    assert figure.layout.title.yref == "container" and figure.layout.legend.y == 1 and figure.layout.legend.yanchor == "bottom"
    assert figure.layout.margin.t >= 100
    assert "&lt;b&gt;x&lt;/b&gt;" in events_drawn(figure)[0].hovertext[0] and "<b>x" not in events_drawn(figure)[0].hovertext[0]


def test_a_period_zoomed_into_shows_its_events_one_by_one_and_a_single_day_is_never_counted():
    events = crowd(n_days=700, per_day=8)
    week = filter_events(events, start=dt.date(2023, 1, 2), end=dt.date(2023, 1, 8))
    assert {t.type for t in events_drawn(timeline_figure(week, View(dt.date(2023, 1, 2), dt.date(2023, 1, 8))))} == {"scatter"}
    one_day = crowd(n_days=1, per_day=60)
    figure = timeline_figure(one_day, View(dt.date(2022, 1, 3), dt.date(2022, 1, 3)))
    assert sum(len(t.customdata) for t in events_drawn(figure)) == 60 and zoom_of(events_drawn(figure)[0].customdata[0]) is None


def test_events_spanning_a_crowded_view_share_a_bar_that_zooms_to_them_alone():
    years = [event(id=f"y{i}", date="2022", start=(2022, 1, 1), end=(2022, 12, 31), granularity="year", label=f"Year event {i}") for i in range(55)]
    days = crowd(n_days=7, per_day=3)
    figure = timeline_figure(years + filter_events(days, start=dt.date(2022, 1, 3), end=dt.date(2022, 1, 9)), View(dt.date(2022, 1, 3), dt.date(2022, 1, 9)))
    assert lay_out(years, None).n_lanes > 50
    (shared,) = [t for t in figure.data if "spanning the view" in t.name]
    assert list(shared.customdata) == ["2022-01-01/2022-12-31/year"] and shared.name == "year (55, spanning the view)"
    assert sum(len(t.customdata) for t in events_drawn(figure) if t is not shared) == 21
    assert zoom_of(shared.customdata[0]) == Zoom(dt.date(2022, 1, 1), dt.date(2022, 12, 31), "year")


def test_a_counted_chart_opens_on_the_story_not_on_every_year_an_article_names():
    events = crowd(n_days=700, per_day=8) + [event(id="1914", date="1914", start=(1914, 1, 1), end=(1914, 12, 31), granularity="year", label="War")]
    figure = timeline_figure(events, View(story=(dt.date(2022, 6, 1), dt.date(2022, 8, 31))))
    assert figure.layout.xaxis.range == ("2022-06-01", "2022-09-01")
    assert "counted per day" in figure.layout.title.text
    assert sum(len(t.customdata) for t in events_drawn(figure)) > 0
    unfocused = timeline_figure(events)
    assert unfocused.layout.xaxis.range[0] == "1914-01-01"


def test_a_clicked_event_is_told_apart_from_a_clicked_period():
    assert zoom_of("2024-06-01/2024-06-30") == Zoom(dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert zoom_of(Zoom(dt.date(2024, 6, 1), dt.date(2024, 6, 30), "month").customdata).granularity == "month"
    assert zoom_of("3f2a9c0d1e2b4a5c") is None and zoom_of("a/b") is None


def test_hover_names_the_date_granularity_and_every_source():
    e = event(sources=[source("a.txt", outlet="YTN", title="Troops sent"), source("b.txt", outlet=None)])
    text = hover_text(e)
    assert text.startswith("<b>Putin and Kim sign treaty</b>")
    assert "19 June 2024 (2024-06-19, day)" in text and "2 sources" in text
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
    attack = replace(attack, timex_value="2024-11-11", derivation="weekday, past tense <b>", published="2024-11-12T08:00")
    card = source_card_html([attack])
    assert "<script>" not in card and "<img" not in card and "<i>o" not in card and "<b>Monday" not in card
    assert "&lt;b&gt;<mark>Monday</mark>&lt;/b&gt;" in card
    assert '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">&lt;img src=x&gt;</a>' in card
    assert "“Monday” in an article of 2024-11-12 → 2024-11-11 (weekday, past tense &lt;b&gt;)" in card
    assert "<a " not in source_card_html([source(url="javascript:alert(1)")])
    heading = event_heading_html(event(label="<script>alert(1)</script>", sources=[attack, source("b.txt")]))
    assert heading.startswith("<h3>&lt;script&gt;") and "2024-06-19</b> (day) · 19 Jun 2024 · 2 sources" in heading


def test_the_detail_panel_shows_the_events_status_and_salience_and_each_articles_status():
    expected = replace(source(), status="expected")
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
    assert timeline_figure([e]).layout.annotations[0].text == "Kim's \"pact\" &amp; more"


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


def test_a_period_said_vaguely_reads_as_sometime_in_it():
    from timeline.viz.cards import when_text

    assert when_text(event()) == "19 June 2024"
    assert when_text(month_event()) == "sometime in August 2024"
    week = event(date="2024-W42", start=(2024, 10, 14), end=(2024, 10, 20), granularity="week")
    assert when_text(week) == "sometime in the week of 14 Oct 2024"
    assert when_text(event(date="2024", start=(2024, 1, 1), end=(2024, 12, 31), granularity="year")) == "sometime in 2024"
    assert when_text(event(date="2024-Q3", start=(2024, 7, 1), end=(2024, 9, 30), granularity="quarter")) == "sometime in Q3 2024"
    assert when_text(event(date="2024-SU", start=(2024, 6, 1), end=(2024, 8, 31), granularity="season")) == "sometime in the summer of 2024"


def test_label_width_is_never_underestimated_for_the_widest_font_and_wraps_in_balanced_lines():
    from timeline.viz.lanes import label_lines, text_width_px

    assert text_width_px("Mmm WWW") > text_width_px("iii lll")
    assert text_width_px("北朝鮮") >= 3 * 13
    lines = label_lines("Kim Jong Un officially sanctioned the Treaty of Comprehensive Strategic Partnerships", LABEL_STYLES[0])
    assert len(lines) == 2 and abs(len(lines[0]) - len(lines[1])) < 12
    assert label_lines("Putin visited", LABEL_STYLES[0]) == ["Putin visited"]
    assert label_lines("word " * 40, LABEL_STYLES[2])[0].endswith("…")
