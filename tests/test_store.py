import datetime as dt
import sqlite3
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path

import pytest

from timeline import engines, pipeline
from timeline import store as store_module
from timeline.model import Article, CorpusInfo, Edit, Event, Mention, MentionRef, Source, Timex
from timeline.store import Store

PROJECT = Path(__file__).resolve().parent.parent


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
    assert store.cached_mentions(["key1"]) == {"key1": [mention]}


def test_an_article_analysed_to_no_mentions_still_counts_as_analysed(store):
    store.add_analysed_article(_article("No dates here."), "empty", [])
    assert store.analysed_keys(["empty"]) == {"empty"}
    assert store.cached_mentions(["empty"]) == {}


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


def _import(store: Store, articles: list[Article], failing: str | None = None) -> list[str]:
    """Import each article with its real analysis in its own transaction, as an upload does; the
    analysis of the article whose file is `failing` raises after its first mention is written."""

    def analysis(article: Article):
        for number, mention in enumerate(engines.analyze(article)):
            if article.file == failing and number == 1:
                raise RuntimeError("the tagger failed on this article")
            yield mention

    failed = []
    for article in articles:
        try:
            store.add_analysed_article(article, pipeline.cache_key(article), analysis(article))
        except RuntimeError:
            failed.append(article.file)
    return failed


BATCH = [
    Article(file=f"{n}.txt", text=text, published="2024-11-12", published_source="user")
    for n, text in enumerate(
        [
            "The governor vetoed the housing bill on Monday. Lawmakers will vote again on November 20.",
            "Russia's parliament approved the treaty on November 6. Kim Jong Un ratified it on Monday.",
            "The strike ended on October 30 after talks. Workers returned on November 4.",
        ]
    )
]


def test_an_analysis_failing_mid_import_leaves_the_store_as_before_that_article_and_the_rest_is_stored(store):
    kept = _article("Kept article, signed on June 19.")
    store.add_analysed_article(kept, "kept-key", [_mention(kept)])
    assert _import(store, BATCH, failing="1.txt") == ["1.txt"]
    assert [a.file for a in store.articles()] == ["a.txt", "0.txt", "2.txt"]
    assert store.cached_mentions(["kept-key"]) == {"kept-key": [_mention(kept)]}
    assert store.analysed_keys(pipeline.cache_key(a) for a in BATCH) == {pipeline.cache_key(BATCH[0]), pipeline.cache_key(BATCH[2])}
    assert {m.article_id for ms in store.cached_mentions(pipeline.cache_key(a) for a in BATCH).values() for m in ms} == {BATCH[0].id, BATCH[2].id}
    assert store.cached_mentions([pipeline.cache_key(BATCH[1])]) == {}


CRASHING_IMPORT = """
import os, sys
from timeline import engines, pipeline
from timeline.model import Article
from timeline import store as store_module
from timeline.store import Store

store = Store(sys.argv[1])
first = Article(file="first.txt", text="The strike ended on October 30.", published="2024-11-12")
store.add_analysed_article(first, pipeline.cache_key(first), engines.analyze(first))

def dies_midway(article):
    for mention in engines.analyze(article):
        yield mention
        os._exit(3)  # the process is killed while the second article's mentions are being written

second = Article(file="second.txt", text="The treaty was signed on June 19. It took effect on December 4.", published="2024-12-10")
store.add_analysed_article(second, pipeline.cache_key(second), dies_midway(second))
"""


def test_a_process_killed_mid_import_leaves_the_articles_before_and_nothing_of_the_one_being_written(tmp_path):
    path = tmp_path / "store.sqlite"
    killed = subprocess.run([sys.executable, "-c", CRASHING_IMPORT, str(path)], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert killed.returncode == 3, killed.stderr
    second = Article(file="second.txt", text="The treaty was signed on June 19. It took effect on December 4.", published="2024-12-10")
    reopened = Store(path)
    try:
        (first,) = reopened.articles()
        assert first.file == "first.txt"
        assert [m.timex.value for m in reopened.cached_mentions([pipeline.cache_key(first)])[pipeline.cache_key(first)]] == ["2024-10-30"]
        assert reopened.analysed_keys([pipeline.cache_key(second)]) == set()
        assert reopened.cached_mentions([pipeline.cache_key(second)]) == {}
        assert reopened.add_article(second) is True  # and the store takes new writes
    finally:
        reopened.close()


def test_a_full_disk_mid_import_says_so_and_leaves_the_store_as_it_was_and_usable(store):
    first = _article("The strike ended on October 30.")
    store.add_article(first)
    with store.transaction() as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own limit: the disk is full after two pages
    with pytest.raises(sqlite3.OperationalError, match="full"):
        store.add_article(_article("A long report. " * 20_000))
    assert [a.id for a in store.articles()] == [first.id]
    with store.transaction() as db:
        db.execute("PRAGMA max_page_count = 1073741823")
    assert store.add_article(_article("The treaty was signed on June 19.")) is True


def test_uploads_survive_a_restart_with_their_events(tmp_path):
    first = pipeline.open_store(tmp_path)
    upload = ("vote.txt", "Published: 12 November 2024\nThe governor vetoed the housing bill on Monday.\n".encode())
    assert [a.file for a in pipeline.ingest_files(first, [upload]).added] == ["vote.txt"]
    events = pipeline.sync(first)
    first.close()
    restarted = pipeline.open_store(tmp_path)
    try:
        assert [a.file for a in restarted.articles()] == ["vote.txt"]
        assert pipeline.sync(restarted) == events
        assert [(e.date, e.sources[0].file) for e in events] == [("2024-11-11", "vote.txt")]
    finally:
        restarted.close()


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


def test_event_sets_round_trip_with_shared_article_fields_and_only_the_latest_few_are_kept(store, monkeypatch):
    def source(article: str, sentence: str) -> Source:
        return Source(article, f"{article}.txt", article.title(), "Outlet", "2024-11-12", None, sentence, "November 6", "2024-11-06", "from DCT", "approved")

    events = [
        Event("e1", "2024-11-06", dt.date(2024, 11, 6), dt.date(2024, 11, 6), "day", "approved", (source("a", "One."), source("b", "Two."))),
        Event("e2", "2024-11", dt.date(2024, 11, 1), dt.date(2024, 11, 30), "month", "vote", (source("a", "Three."),)),
        Event("e3", "2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year", "no sources"),
    ]
    for n in range(store_module.EVENT_SETS_KEPT + 1):
        store.save_events(events[: n % 3 + 1], f"set-{n}")
    assert store.events("set-0") is None
    assert [store.events(f"set-{n}") for n in range(1, store_module.EVENT_SETS_KEPT + 1)] == [events[: n % 3 + 1] for n in range(1, store_module.EVENT_SETS_KEPT + 1)]
    monkeypatch.setattr(store_module, "EVENT_SET_FORMAT", [["a changed model"], [], 0])
    assert store.events("set-1") is None


def _every_field(events: list[Event]) -> list:
    """Each event's and each source's fields with the type of each value: == alone takes 1 for 1.0 or True."""
    return [
        [(f.name, type(getattr(e, f.name)), getattr(e, f.name)) for f in fields(e) if f.name != "sources"]
        + [[(f.name, type(getattr(s, f.name)), getattr(s, f.name)) for f in fields(s)] for s in e.sources]
        for e in events
    ]


def test_stored_events_read_back_field_for_field_whatever_their_values(tmp_path):
    def source(article: str, **values) -> Source:
        return Source(**{"article_id": article, "file": f"{article}.txt", "title": "Title", "outlet": "Outlet", "published": "2024-11-12", "url": None, "sentence": "S.", "timex_text": "May", "timex_value": "2024-05", **values})

    odd = source("b", title=None, outlet=None, published=None, url="https://example.org/ü?a=1&b=2", sentence="Zero \x00 byte, émigré, 北京, 🙂, \"quotes\".", timex_text="", derivation="", label="", status="denied", sentence_start=2**40, timex_start=-1, title_source="derived")
    events = [
        Event("e1", "2024-05", dt.date(2024, 5, 1), dt.date(2024, 5, 31), "month", "label", (source("a"), odd, source("a", sentence="Other.", sentence_start=0, timex_start=7)), "expected", 0.1 + 0.2),
        Event("e2", "XXXX", dt.date.min, dt.date.max, "unknown", "", (), "denied", -1e-300),
        Event("e3", "2024-05-02", dt.date(2024, 5, 2), dt.date(2024, 5, 2), "day", "None", (source("a"), source("a", title="Retitled")), "reported", 0.0),
    ]
    store = Store(tmp_path / "store.sqlite")
    store.save_events(events, "fingerprint")
    store.close()
    again = Store(tmp_path / "store.sqlite")
    read = again.events("fingerprint")
    again.close()
    assert read == events and _every_field(read) == _every_field(events)
    assert read[0].sources[0].title is read[2].sources[0].title  # an article's fields are kept once


def test_the_events_of_the_sample_and_of_a_synthetic_corpus_come_back_from_the_store_as_merged(tmp_path, monkeypatch):
    from benchmarks.synthetic import generate_corpus, synthetic_mentions
    from timeline import ingest, merge

    store = Store(tmp_path / "store.sqlite")
    articles, _ = ingest.read_directory(PROJECT / "data")
    sample = pipeline.build(articles, store)
    corpus = generate_corpus(400, seed=3)
    synthetic = merge.merge(synthetic_mentions(corpus), {item.article.id: item.article for item in corpus})
    store.save_events(synthetic, "synthetic")
    store.close()
    assert sample and len(synthetic) > 100
    monkeypatch.setattr(merge, "merge", lambda *args: pytest.fail("the stored events were merged again"))
    again = Store(tmp_path / "store.sqlite")
    for merged, read in ((sample, pipeline.build(articles, again)), (synthetic, again.events("synthetic"))):
        assert read == merged and _every_field(read) == _every_field(merged)
    again.close()


@pytest.mark.parametrize(
    ("column", "damage"),
    [("payload", lambda stored: stored[:-1]), ("payload", lambda stored: stored + b"\0"), ("payload", lambda stored: b""), ("header", lambda stored: stored[:-1])],
    ids=["columns cut short", "columns padded", "columns emptied", "header cut short"],
)
def test_an_event_set_cut_short_or_padded_is_dropped_to_be_merged_again(store, column, damage):
    source = Source("id", "a.txt", "A", "Outlet", "2024-11-12", None, "sentence", "November 6", "2024-11-06")
    store.save_events([Event("e1", "2024-11-06", dt.date(2024, 11, 6), dt.date(2024, 11, 6), "day", "approved", (source,))], "fingerprint")
    (stored,) = store._db.execute(f"SELECT {column} FROM event_sets").fetchone()
    store._db.execute(f"UPDATE event_sets SET {column} = ?", (damage(stored),))
    assert store.events("fingerprint") is None
    assert store.repairs == ["the cached events could not be read; they were merged again"]
    assert store._db.execute("SELECT COUNT(*) FROM event_sets").fetchone()[0] == 0


OLD_ARTICLES = """CREATE TABLE articles (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, title TEXT, outlet TEXT, url TEXT, published TEXT,
    published_source TEXT NOT NULL, language TEXT NOT NULL, text TEXT NOT NULL, added_at TEXT NOT NULL
)"""


def test_a_store_written_before_titles_and_edits_opens_and_its_untitled_articles_get_a_derived_title(tmp_path):
    path = tmp_path / pipeline.STORE_FILE
    db = sqlite3.connect(path)
    db.execute(OLD_ARTICLES)
    untitled = Article(file="u.txt", text="Image created by AI\nParliament ratified the treaty on November 6, 2024.\n", published="2024-11-12")
    titled = _article()
    for article in (untitled, titled):
        db.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, article.file, article.title, article.outlet, article.url, article.published, "manifest", "en", article.text, "2024-01-01"),
        )
    db.commit()
    db.close()
    store = pipeline.open_store(tmp_path)
    by_id = {a.id: a for a in store.articles()}
    assert (by_id[untitled.id].title, by_id[untitled.id].title_source) == ("Parliament ratified the treaty on November 6, 2024", "derived")
    assert (by_id[titled.id].title, by_id[titled.id].title_source) == ("A", "metadata")
    assert store.edits() == [] and store.edits_version() == "0:0:0"
    (cited,) = [s for e in pipeline.sync(store) for s in e.sources if s.article_id == untitled.id]
    assert cited.display_name == "[Parliament ratified the treaty on November 6, 2024]"


def test_an_articles_title_outlet_and_url_are_set_and_kept(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    article = _article()
    store.add_article(article)
    updated = store.set_metadata(article.id, title="Treaty ratified", title_source="user", outlet="Gazette", url="https://g.example/a")
    assert (updated.title, updated.title_source, updated.outlet, updated.url) == ("Treaty ratified", "user", "Gazette", "https://g.example/a")
    store.close()
    assert Store(tmp_path / "s.sqlite").article(article.id) == updated
    with pytest.raises(ValueError):
        Store(tmp_path / "s.sqlite").set_metadata(article.id, text="no")
    with pytest.raises(KeyError):
        Store(tmp_path / "s.sqlite").set_metadata("missing", title="x")


def test_the_edit_log_keeps_each_edit_with_who_when_and_what_it_named_and_undo_marks_it(tmp_path):
    store = Store(tmp_path / "s.sqlite")
    ref = MentionRef("a1", 0, 41, "November 6", "2024-11-06")
    made = store.add_edit(Edit("relabel", (ref,), value="Parliament ratifies", label="approved", replaced="approved", author="ana"))
    assert made.id == 1 and made.made_at.endswith("+00:00")
    version = store.edits_version()
    store.close()
    reopened = Store(tmp_path / "s.sqlite")
    assert reopened.edits() == [made]
    undone = reopened.undo_edit(made.id)
    assert undone.undone and reopened.edits() == [] and reopened.edits(include_undone=True) == [undone]
    assert reopened.edits_version() != version
    with pytest.raises(ValueError, match="already undone"):
        reopened.undo_edit(made.id)
    with pytest.raises(KeyError):
        reopened.undo_edit(99)


def test_an_article_that_fails_inside_a_batch_is_undone_alone_and_the_rest_of_the_batch_is_written(store):
    kept = _article("Kept article, signed on June 19.")
    store.add_analysed_articles([(kept, "kept-key", [_mention(kept)])])
    good, broken = BATCH[0], BATCH[1]
    outcomes = store.add_analysed_articles([(broken, "broken-key", [object()]), (good, "good-key", engines.analyze(good))])
    assert isinstance(outcomes[0], TypeError) and outcomes[1] is True
    assert {a.id for a in store.articles()} == {kept.id, good.id}
    assert store.analysed_keys(["kept-key", "good-key", "broken-key"]) == {"kept-key", "good-key"}


def test_a_full_disk_while_adding_a_batch_names_each_of_its_articles_and_keeps_the_batch_before(store, monkeypatch):
    monkeypatch.setattr(pipeline, "STORE_BATCH", 2)
    monkeypatch.setattr(engines, "analyze", lambda article: [])  # the disk is what fails here
    articles = [*BATCH, Article(file="long.txt", text="A long report. " * 20_000, published="2024-11-12")]
    added = pipeline.add_articles(store, articles[:2])
    with store.transaction() as db:
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0] + 2}")
    result = pipeline.add_articles(store, articles[2:])
    assert [a.file for a in added.added] == ["0.txt", "1.txt"]
    assert result.added == [] and [p.file for p in result.problems] == ["2.txt", "long.txt"]
    assert all("full" in p.message and "nothing of it was stored" in p.message for p in result.problems)
    assert [a.file for a in store.articles()] == ["0.txt", "1.txt"]


def test_the_corpus_title_and_description_survive_reopening_and_a_bad_one_changes_nothing(tmp_path):
    store = Store(tmp_path / "t.sqlite")
    assert store.corpus_info() == CorpusInfo()
    store.set_corpus_info("  Russia and\nNorth Korea ", "Five articles.\n")
    store.close()
    reopened = Store(tmp_path / "t.sqlite")
    assert reopened.corpus_info() == CorpusInfo("Russia and North Korea", "Five articles.")
    with pytest.raises(ValueError, match="keep it to"):
        reopened.set_corpus_info("New title", "x" * 6000)
    assert reopened.corpus_info().title == "Russia and North Korea"


UNVERSIONED_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, file TEXT NOT NULL, title TEXT, outlet TEXT, url TEXT, published TEXT, published_source TEXT NOT NULL,
    language TEXT NOT NULL, text TEXT NOT NULL, added_at TEXT NOT NULL, title_source TEXT NOT NULL DEFAULT 'metadata'
);
CREATE TABLE IF NOT EXISTS mentions (
    cache_key TEXT NOT NULL, article_id TEXT NOT NULL, position INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (cache_key, position)
);
CREATE INDEX IF NOT EXISTS mentions_by_article ON mentions (article_id);
CREATE TABLE IF NOT EXISTS analysed (cache_key TEXT PRIMARY KEY, article_id TEXT NOT NULL);
DROP TABLE IF EXISTS events;
CREATE TABLE IF NOT EXISTS event_sets (fingerprint TEXT PRIMARY KEY, saved INTEGER NOT NULL, payload BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL, author TEXT NOT NULL, made_at TEXT NOT NULL, undone_at TEXT
);
"""
"""The schema as every store was written before it was versioned (user_version 0), run on every open."""


def _unversioned_store(path: Path, article: Article, cache_key: str) -> Event:
    """A store as the release before versioning wrote it: an article with its analysis, an edit, a
    title, and an event set in that release's encoding (a source's first six fields and its last
    per article, its own fields by position). Returns the stored event."""
    import json
    import zlib

    source = Source(article.id, article.file, article.title, article.outlet, article.published, article.url, article.text, "November 6", "2024-11-06", "year from DCT", "approved", "reported", 0, 41, "metadata")
    event = Event("e1", "2024-11-06", dt.date(2024, 11, 6), dt.date(2024, 11, 6), "day", "parliament approved", (source,), "reported", 0.5)
    fields_of = lambda cls: [f for f in cls.__dataclass_fields__]  # noqa: E731
    payload = {
        "format": [fields_of(Event), fields_of(Source), ["article_id", "file", "title", "outlet", "published", "url", "title_source"]],
        "articles": [[article.id, article.file, article.title, article.outlet, article.published, article.url, "metadata"]],
        "events": [["e1", "2024-11-06", "2024-11-06", "2024-11-06", "day", "parliament approved", [[0, article.text, "November 6", "2024-11-06", "year from DCT", "approved", "reported", 0, 41]], "reported", 0.5]],
    }
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE events (id TEXT)")  # the first releases' table, which opening drops
    db.executescript(UNVERSIONED_SCHEMA)
    db.execute(
        "INSERT INTO articles (id, file, title, outlet, url, published, published_source, language, text, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article.id, article.file, article.title, article.outlet, article.url, article.published, "manifest", "en", article.text, "2024-01-01"),
    )
    db.execute("INSERT INTO mentions VALUES (?, ?, 0, ?)", (cache_key, article.id, json.dumps(store_module.mention_to_dict(_mention(article)))))
    db.execute("INSERT INTO mentions VALUES ('orphan-key', 'gone', 0, '{}')")  # no analysis owns it
    db.execute("INSERT INTO analysed VALUES (?, ?)", (cache_key, article.id))
    db.execute("INSERT INTO meta VALUES ('title', 'The treaty')")
    db.execute("INSERT INTO edits (kind, payload, author, made_at) VALUES ('hide', '{\"event\": [], \"mentions\": [], \"value\": \"\"}', 'ann', '2024-11-13T10:00:00+00:00')")
    db.execute("INSERT INTO event_sets VALUES ('fingerprint-1', 1, ?)", (zlib.compress(json.dumps(payload).encode()),))
    db.commit()
    db.close()
    return event


def test_a_store_written_before_the_schema_was_versioned_is_migrated_and_keeps_everything(tmp_path):
    path, article = tmp_path / "store.sqlite", _article()
    event = _unversioned_store(path, article, "key1")
    store = Store(path)
    try:
        assert store._db.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
        assert [a.id for a in store.articles()] == [article.id] and store.articles()[0].title_source == "metadata"
        assert store.cached_mentions(["key1"]) == {"key1": [_mention(article)]}
        assert [(e.kind, e.author) for e in store.edits()] == [("hide", "ann")]
        assert store.corpus_info().title == "The treaty"
        assert store.events("fingerprint-1") == [event]
        assert pipeline.corpus_fingerprint(store) == pipeline.events_fingerprint(store.articles())
        store.set_metadata(article.id, title="Retitled")
        assert pipeline.corpus_fingerprint(store) == pipeline.events_fingerprint(store.articles())
        tables = {name for (name,) in store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "events" not in tables
        assert store._db.execute("SELECT COUNT(*) FROM mentions WHERE cache_key = 'orphan-key'").fetchone()[0] == 0
    finally:
        store.close()


def test_cached_event_sets_of_the_json_layout_are_rewritten_and_those_of_another_model_or_damaged_dropped(tmp_path):
    import json
    import zlib

    path, article = tmp_path / "store.sqlite", _article()
    event = _unversioned_store(path, article, "key1")
    db = sqlite3.connect(path)
    other_model = {"format": [["id"], ["article_id"], []], "articles": [], "events": []}
    db.execute("INSERT INTO event_sets VALUES ('other-model', 2, ?)", (zlib.compress(json.dumps(other_model).encode()),))
    db.execute("INSERT INTO event_sets VALUES ('damaged', 3, ?)", (b"not deflate",))
    db.commit()
    db.close()
    store = Store(path)
    try:
        assert [name for (name,) in store._db.execute("SELECT fingerprint FROM event_sets")] == ["fingerprint-1"]
        assert store.events("fingerprint-1") == [event] and store.repairs == []
    finally:
        store.close()


def test_each_migration_runs_once_however_often_the_store_is_opened(tmp_path, monkeypatch):
    names = [migration.__name__ for migration in store_module.MIGRATIONS]
    ran: list[str] = []

    def recorded(migration):
        return lambda db: ran.append(migration.__name__) or migration(db)

    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(recorded(m) for m in store_module.MIGRATIONS))
    _unversioned_store(tmp_path / "old.sqlite", _article(), "key1")
    for path in ("old.sqlite", "old.sqlite", "new.sqlite", "new.sqlite", "old.sqlite"):
        Store(tmp_path / path).close()
    assert ran == names * 2


def test_a_removed_articles_analysis_and_mentions_go_with_it_by_the_declared_foreign_key(store):
    article = _article()
    store.add_analysed_article(article, "key1", [_mention(article)])
    (reference,) = store._db.execute("PRAGMA foreign_key_list(mentions)").fetchall()
    assert reference[2:5] == ("analysed", "cache_key", "cache_key") and reference[6] == "CASCADE"
    with pytest.raises(sqlite3.IntegrityError):
        store._db.execute("INSERT INTO mentions VALUES ('no-analysis', ?, 0, '{}')", (article.id,))
    assert store.remove_article(article.id) is True
    assert store._db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 0


def test_a_store_of_a_later_version_is_refused_unchanged_with_what_to_do(tmp_path):
    path = tmp_path / "store.sqlite"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(store_module.StoreDamaged, match="written by a later version of timeline"):
        Store(path)
    assert path.read_bytes() == before


def test_articles_can_be_listed_without_their_texts_keeping_everything_else(store):
    store.add_article(_article("Signed on June 19."))
    store.add_article(_article("Ratified on November 6."))
    listed = store.articles(texts=False)
    assert [a.text for a in listed] == ["", ""]
    assert listed == [replace(a, text="") for a in store.articles()]
