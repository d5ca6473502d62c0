import datetime as dt

import pytest

from timeline.model import Article, Event, Mention, Source, Timex
from timeline.store import Store


def _article(text: str = "Russia's parliament approved the treaty on November 6.", **fields) -> Article:
    return Article(file="a.txt", text=text, title="A", outlet="Outlet", published="2024-11-12", published_source="manifest", **fields)


def _mention(article: Article) -> Mention:
    timex = Timex(start=41, end=51, text="November 6", type="DATE", value="2024-11-06", rule="month_day", derivation="year from DCT")
    return Mention(article.id, timex, "Russia's parliament approved the treaty", article.text, 0, dt.date(2024, 11, 6), dt.date(2024, 11, 6), "day")


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "store.sqlite")
    yield opened
    opened.close()


def test_the_same_article_added_twice_is_stored_once(store):
    assert store.add_article(_article()) is True
    assert store.add_article(_article()) is False
    assert len(store.articles()) == 1


def test_articles_survive_reopening_the_store(tmp_path):
    first = Store(tmp_path / "s.sqlite")
    first.add_article(_article())
    first.close()
    assert [a.title for a in Store(tmp_path / "s.sqlite").articles()] == ["A"]


def test_cached_mentions_round_trip_exactly(store):
    article = _article()
    mention = _mention(article)
    store.add_analysed_article(article, "key1", [mention])
    assert store.analysed_keys(["key1", "key2"]) == {"key1"}
    assert store.cached_mentions(["key1"]) == [mention]


def test_an_article_analysed_to_no_mentions_still_counts_as_analysed(store):
    store.add_analysed_article(_article("No dates here."), "empty", [])
    assert store.analysed_keys(["empty"]) == {"empty"}
    assert store.cached_mentions(["empty"]) == []


def test_removing_an_article_removes_its_mentions(store):
    article = _article()
    store.add_analysed_article(article, "key1", [_mention(article)])
    assert store.remove_article(article.id) is True
    assert store.articles() == []
    assert store.analysed_keys(["key1"]) == set()
    assert store.remove_article(article.id) is False


def test_a_failing_write_leaves_the_store_as_it_was(store):
    kept = _article("Kept article on June 19.")
    store.add_article(kept)
    broken = _article("Broken article.")
    with pytest.raises(TypeError):
        store.add_analysed_article(broken, "key", [object()])
    assert [a.id for a in store.articles()] == [kept.id]
    assert store.analysed_keys(["key"]) == set()


def test_setting_a_date_records_that_the_user_gave_it(store):
    article = _article()
    store.add_article(article)
    updated = store.set_published(article.id, "2024-11-13")
    assert (updated.published, updated.published_source) == ("2024-11-13", "user")
    assert store.article(article.id).published == "2024-11-13"
    with pytest.raises(KeyError):
        store.set_published("missing", "2024-01-01")


def test_events_are_returned_only_for_the_corpus_state_they_were_merged_from(store):
    source = Source("id", "a.txt", "A", "Outlet", "2024-11-12", None, "sentence", "November 6", "2024-11-06")
    event = Event("e1", "2024-11-06", dt.date(2024, 11, 6), dt.date(2024, 11, 6), "day", "parliament approved", (source,))
    store.save_events([event], "fingerprint-1")
    assert store.events("fingerprint-1") == [event]
    assert store.events("fingerprint-2") is None
