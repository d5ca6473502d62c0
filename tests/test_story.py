"""The story view's logic: date order, which event is current when the filters change, steps held at
the ends, and slides that escape article text and mark the date expression."""

from __future__ import annotations

import datetime as dt

from timeline.model import Event, Source
from timeline.story import Story, slide_html, slide_text


def source(file="a.txt", sentence="Kim ratified the treaty on Monday.", timex="Monday", url="https://example.org/a", status="reported"):
    return Source(file, file, "Treaty ratified", "YTN", "2024-11-12T08:00", url, sentence, timex, "2024-11-11", status=status)


def event(id, start, end=None, label="Kim ratified the treaty", granularity="day", sources=None):
    first = dt.date(*start)
    return Event(id, first.isoformat(), first, dt.date(*(end or start)), granularity, label, tuple(sources or [source()]))


NOVEMBER = event("nov", (2024, 11, 1), (2024, 11, 30), "Yoon issued a caution", "month")
EVENTS = [event("c", (2024, 11, 11)), event("a", (2024, 6, 19), label="Putin visited Pyongyang"), NOVEMBER, event("b", (2024, 11, 6), label="The Duma consented")]


def test_the_story_goes_in_date_order_a_period_before_the_days_in_it():
    assert [e.id for e in Story.of(EVENTS).events] == ["a", "nov", "b", "c"]


def test_steps_are_held_at_the_first_and_last_event():
    story = Story.of(EVENTS)
    assert story.step(0, -1) == 0 and story.step(0, 1) == 1 and story.step(3, 1) == 3


def test_the_story_stays_on_its_event_or_moves_to_the_next_one_by_date_when_the_filters_drop_it():
    story = Story.of(EVENTS)
    assert story.locate(None) == 0
    assert story.locate(EVENTS[3]) == 2
    narrowed = Story.of([e for e in EVENTS if e.id != "b"])
    assert narrowed.events[narrowed.locate(EVENTS[3])].id == "c"
    assert Story.of(EVENTS[1:2]).locate(EVENTS[0]) == 0


def test_a_clicked_period_goes_to_its_first_event():
    story = Story.of(EVENTS)
    assert story.events[story.index_starting_in(dt.date(2024, 11, 4), dt.date(2024, 11, 10))].id == "b"
    assert story.index_starting_in(dt.date(2023, 1, 1), dt.date(2023, 1, 7)) is None


def test_a_slide_escapes_the_article_marks_the_date_and_links_only_web_addresses():
    attack = source(sentence="On <b>Monday</b> <script>x()</script> it passed.", url="javascript:alert(1)", status="expected")
    html = slide_html(event("x", (2024, 11, 11), label="<img src=x>", sources=[attack, source("b.txt")]))
    assert "<script>" not in html and "<img" not in html and "<b>Monday" not in html
    assert "&lt;b&gt;<mark>Monday</mark>&lt;/b&gt;" in html and "<h2>&lt;img src=x&gt;</h2>" in html
    assert "javascript:" not in html and '<a href="https://example.org/a"' in html
    assert "11 November 2024 · reported · 2 sources" in html and "expected, not yet reported" in html
    assert "Sometime in November 2024" in slide_html(NOVEMBER)


def test_a_slide_as_text_brackets_the_date_expression_and_cites_the_article():
    text = slide_text(EVENTS[0], 4, 4)
    assert text.splitlines()[:2] == ["[4/4] 11 November 2024 · reported · 1 source", "Kim ratified the treaty"]
    assert "“Kim ratified the treaty on [Monday].”" in text and "— Treaty ratified, YTN, 2024-11-12, https://example.org/a" in text
