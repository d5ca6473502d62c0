"""Status of what articles report (happened, expected, denied) and the salience that ranks events."""

import datetime as dt
from pathlib import Path

import pytest

from timeline import events, ingest, merge, pipeline, salience, temporal
from timeline.model import Article, Event

SEEDS = Path(__file__).resolve().parent.parent / "data"


def _statuses(text: str, published: str = "2024-10-16") -> dict[str, str]:
    article = Article(file="a.txt", text=text, published=published)
    return {m.timex.text: m.status for m in events.extract(article, temporal.tag(text, article.dct))}


@pytest.mark.parametrize(
    ("sentence", "date_text", "status"),
    [
        ("Russia's parliament gave its consent to the treaty on October 6.", "October 6", "reported"),
        ("The ratification will be processed as early as next month.", "next month", "expected"),
        ("Kim Jong Un is set to visit Moscow on Friday, officials said.", "Friday", "expected"),
        ("The two leaders plan to meet again in December in Moscow.", "December", "expected"),
        ("Moscow denied that its troops crossed the border on Monday.", "Monday", "denied"),
        ("If parliament ratifies the pact in November, troops could follow.", "November", "denied"),
        ("The treaty could be signed next week by both governments.", "next week", "denied"),
    ],
)
def test_a_mention_is_reported_expected_or_denied_by_the_words_of_its_clause(sentence, date_text, status):
    assert _statuses(sentence)[date_text] == status


def test_an_event_dated_after_the_article_is_expected_even_without_a_future_cue():
    assert _statuses("Parliament votes on the treaty on December 4 in Moscow.")["December 4"] == "expected"


def test_a_hedge_after_the_date_and_past_a_comma_does_not_deny_the_event():
    sentence = "Yoon Suk-yeol issued a stern caution earlier in the month, implying that his country might arm Ukraine."
    assert _statuses(sentence, "2024-11-12")["earlier in the month"] == "reported"


def test_a_date_in_a_relative_clause_or_parenthesis_is_an_aside():
    text = "Putin met Kim on June 19 in Pyongyang, which he last visited in July 2000.\nThe talks (held on June 18 in private) were long and tense."
    article = Article(file="a.txt", text=text, published="2024-06-20")
    asides = {m.timex.text: m.aside for m in events.extract(article, temporal.tag(text, article.dct))}
    assert asides == {"June 19": False, "July 2000": True, "June 18": True}


def test_the_seed_ratification_is_expected_in_ytn_and_the_consent_reported():
    articles, _ = ingest.read_directory(SEEDS)
    built = pipeline.build(articles)
    consent = next(e for e in built if e.date == "2024-11-06")
    assert consent.status == "reported"
    ytn = [s for s in consent.sources if "as early as next month" in s.sentence]
    assert ytn and all(s.status == "expected" for s in ytn)


def _mention_article(name: str, text: str, published: str) -> Article:
    return Article(file=f"{name}.txt", text=text, title=name, outlet=name, published=published)


def test_an_article_never_reports_as_happened_an_event_that_starts_after_it_was_published():
    early = _mention_article("early", "Russia and North Korea signed a mutual defence pact earlier this year.", "2024-10-16")
    late = _mention_article("late", "Russia and North Korea's mutual defence pact was signed into force on December 4.", "2024-12-05")
    articles = {a.id: a for a in (early, late)}
    mentions = [m for a in (early, late) for m in events.extract(a, temporal.tag(a.text, a.dct))]
    built = merge.merge(mentions, articles)
    december = next(e for e in built if e.date == "2024-12-04")
    assert [s.article_id for s in december.sources] == [late.id]


def test_salience_counts_articles_outlets_nearby_publications_and_day_precision():
    def event_salience(count: int, published: str, value: str = "2024-06-19") -> float:
        first, last, granularity = temporal.interval(value)
        arts = [_mention_article(f"o{i}", f"article {i}", published) for i in range(count)]
        from timeline.model import Mention, Timex

        mentions = [Mention(a.id, Timex(0, 1, "x", "DATE", value), "Putin visited", "x", 0, first, last, granularity) for a in arts]
        return salience.score(mentions, {a.id: a for a in arts}, first, last, granularity, {})

    assert event_salience(5, "2024-10-01") > event_salience(1, "2024-10-01")
    assert event_salience(3, "2024-06-20") > event_salience(3, "2024-10-01")
    assert event_salience(3, "2024-10-01") > event_salience(3, "2024-10-01", "2024-06")


def _event(day: str, weight: float) -> Event:
    start = dt.date.fromisoformat(day)
    return Event(day, day, start, start, "day", day, salience=weight)


def test_key_events_are_the_most_salient_inside_the_span():
    built = [_event("2011-01-25", 3.0), _event("2011-01-28", 9.0), _event("1981-10-06", 20.0), _event("2011-02-11", 8.0)]
    span = (dt.date(2010, 12, 25), dt.date(2011, 2, 13))
    assert [e.date for e in salience.key_events(built, 2, span)] == ["2011-01-28", "2011-02-11"]


def test_key_events_give_each_date_one_entry_before_a_busy_date_gets_a_second():
    def on(day: str, weight: float, label: str) -> Event:
        start = dt.date.fromisoformat(day)
        return Event(label, day, start, start, "day", label, salience=weight)

    busy = [on("2011-01-28", 10.0, "protests"), on("2011-01-28", 9.9, "curfew"), on("2011-01-28", 9.8, "army")]
    quiet = [on("2011-01-26", 8.5, "water cannons"), on("2011-01-27", 8.0, "ElBaradei returns")]
    chosen = [e.label for e in salience.key_events(busy + quiet, 4)]
    assert chosen == ["protests", "water cannons", "ElBaradei returns", "curfew"]


def test_the_story_span_ignores_a_few_far_off_articles_and_the_default_count_grows_with_it():
    articles = [_mention_article(f"a{i}", f"article {i}", f"2011-02-{1 + i % 12:02d}") for i in range(99)]
    articles.append(_mention_article("anniversary", "x", "2013-02-11"))
    span = salience.story_span(articles)
    assert span == (dt.date(2011, 1, 1), dt.date(2011, 2, 12))
    assert 10 <= salience.default_count(span) <= 25 < salience.default_count((dt.date(2008, 1, 1), dt.date(2008, 12, 31)))
    assert salience.story_span([_mention_article("undated", "x", None)]) is None


def test_the_key_view_keeps_date_order_and_shows_a_small_corpus_whole():
    from timeline import filters

    built = [_event("2011-01-25", 3.0), _event("2011-01-28", 9.0), _event("2011-02-11", 8.0)]
    assert [e.date for e in filters.key_view(built, 2, None)] == ["2011-01-28", "2011-02-11"]
    assert filters.key_view(built, 5, None) == built


def test_exports_carry_each_events_status_and_salience():
    import csv
    import io
    import json

    from timeline import export
    from timeline.model import Source

    source = Source("a", "a.txt", "A", "Wire", "2024-10-16", None, "It will be ratified on November 20.", "November 20", "2024-11-20", status="expected")
    event = Event("e", "2024-11-20", dt.date(2024, 11, 20), dt.date(2024, 11, 20), "day", "Ratification", (source,), "expected", 1.5)
    data = json.loads(export.to_json([event]))["events"][0]
    assert (data["status"], data["salience"], data["sources"][0]["status"]) == ("expected", 1.5, "expected")
    row = next(csv.DictReader(io.StringIO(export.to_csv([event]))))
    assert (row["status"], row["salience"], row["source_status"]) == ("expected", "1.5", "expected")
    assert "expected" in export.to_ics([event]) and "expected" in export.to_timelinejs([event])


def test_an_event_no_article_states_readably_counts_less_than_one_that_is_stated():
    article = Article(file="a.txt", text="x", published="2011-01-29")
    day = dt.date(2011, 1, 29)

    def mention(readable: bool):
        from timeline.model import Mention, Timex

        return Mention(article.id, Timex(0, 5, "today", "DATE", "2011-01-29"), "label", "sentence", 0, day, day, "day",
                       readable=readable)

    stated = salience.score([mention(True)], {article.id: article}, day, day, "day", {})
    chatter = salience.score([mention(False)], {article.id: article}, day, day, "day", {})
    assert chatter == pytest.approx(stated * salience.UNSTATED_WEIGHT, rel=1e-4)
