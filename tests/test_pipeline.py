from dataclasses import replace
from pathlib import Path

import pytest

from timeline import engines, ingest, merge, pipeline
from timeline.model import Article

DATA = Path(__file__).resolve().parent.parent / "data"

UNDATED = Article(file="undated.txt", text="The governor vetoed the housing bill on Monday after weeks of protests.\n")


@pytest.fixture
def store(tmp_path):
    opened = pipeline.open_store(tmp_path)
    yield opened
    opened.close()


def _files(events) -> set[str]:
    return {s.file for e in events for s in e.sources}


def test_the_sample_corpus_is_loaded_once_and_stays_removed_when_removed(store):
    assert pipeline.ensure_sample_corpus(store) == []
    articles = store.articles()
    assert len(articles) == 5
    store.remove_article(articles[0].id)
    pipeline.ensure_sample_corpus(store)
    assert len(store.articles()) == 4


def test_sync_of_an_unchanged_corpus_returns_the_stored_events_without_analysing(store, monkeypatch):
    pipeline.ensure_sample_corpus(store)
    events = pipeline.sync(store)
    monkeypatch.setattr(engines, "analyze", lambda article: pytest.fail("an unchanged article was analysed again"))
    assert pipeline.sync(store) == events


def test_an_undated_article_places_no_relative_date_until_the_user_gives_one(store):
    result = pipeline.add_articles(store, [UNDATED])
    assert [a.id for a in result.undated] == [UNDATED.id]
    assert "undated.txt" not in _files(pipeline.sync(store))
    store.set_published(UNDATED.id, "2024-11-12")
    events = pipeline.sync(store)
    vetoes = [e for e in events if "undated.txt" in {s.file for s in e.sources}]
    assert [e.date for e in vetoes] == ["2024-11-11"]


def test_an_article_whose_analysis_fails_is_reported_and_leaves_nothing_while_the_batch_goes_on(store, monkeypatch):
    dated = Article(file="budget.txt", text="The council approved the budget on March 3, 2023, after a debate.\n", published="2023-03-10")
    real_analyze = engines.analyze

    def analyze(article):
        if article.file == "undated.txt":
            raise RuntimeError("tagger bug")
        return real_analyze(article)

    monkeypatch.setattr(engines, "analyze", analyze)
    result = pipeline.add_articles(store, [UNDATED, dated])
    assert [a.file for a in result.added] == ["budget.txt"]
    assert [(p.file, "tagger bug" in p.message) for p in result.problems] == [("undated.txt", True)]
    assert [a.file for a in store.articles()] == ["budget.txt"]
    assert "budget.txt" in _files(pipeline.sync(store))


def test_fixing_a_date_reanalyses_only_that_article(store, monkeypatch):
    pipeline.ensure_sample_corpus(store)
    pipeline.add_articles(store, [UNDATED])
    pipeline.sync(store)
    analysed = []
    real_analyze = engines.analyze
    monkeypatch.setattr(engines, "analyze", lambda article: analysed.append(article.file) or real_analyze(article))
    store.set_published(UNDATED.id, "2024-11-12")
    pipeline.sync(store)
    assert analysed == ["undated.txt"]


def test_removing_an_article_takes_its_events_with_it(store):
    pipeline.ensure_sample_corpus(store)
    seed_002 = next(a for a in store.articles() if a.file.startswith("002_"))
    assert any(e.date == "2024-11-11" for e in pipeline.sync(store))
    store.remove_article(seed_002.id)
    events = pipeline.sync(store)
    assert seed_002.file not in _files(events)
    assert not any(e.date == "2024-11-11" for e in events)


def test_uploads_are_added_once_and_bad_files_are_reported_without_losing_the_rest(store):
    good = ("treaty.txt", "Lawmakers ratified the fisheries treaty on March 3, 2024, in Oslo.\n".encode())
    result = pipeline.ingest_files(store, [good, ("empty.txt", b""), good], published={"treaty.txt": "2024-03-05"})
    assert [a.file for a in result.added] == ["treaty.txt"]
    assert [a.file for a in result.duplicates] == ["treaty.txt"]
    assert [p.file for p in result.problems] == ["empty.txt"]
    assert result.added[0].published_source == "user"
    assert any(e.date == "2024-03-03" for e in pipeline.sync(store))


def test_building_an_unchanged_set_again_neither_analyses_nor_merges_and_a_changed_citation_merges_anew(store, monkeypatch):
    articles, _ = ingest.read_directory(DATA)
    events = pipeline.build(articles, store)
    monkeypatch.setattr(engines, "analyze", lambda article: pytest.fail("an unchanged article was analysed again"))
    monkeypatch.setattr(merge, "merge", lambda *args: pytest.fail("an unchanged set was merged again"))
    assert pipeline.build(articles, store) == events
    monkeypatch.undo()
    retitled = [replace(articles[0], title="A new title"), *articles[1:]]
    assert "A new title" in {s.title for e in pipeline.build(retitled, store) for s in e.sources}


def test_mentions_come_in_article_order_whether_analysed_now_cached_or_some_of_each(store):
    articles, _ = ingest.read_directory(DATA)
    expected = [m for article in articles for m in engines.analyze(article)]
    assert pipeline.analyze_all(articles[1:3], store) == [m for article in articles[1:3] for m in engines.analyze(article)]
    assert pipeline.analyze_all(articles, store) == expected  # two cached, the others analysed now
    assert pipeline.analyze_all(articles, store) == expected  # all cached
    assert pipeline.analyze_all([*articles, articles[0]], store) == expected  # an article twice counts once


def test_the_stored_corpus_and_the_same_articles_built_from_files_share_their_merged_events(store):
    pipeline.ensure_sample_corpus(store)
    assert pipeline.corpus_fingerprint(store) == pipeline.events_fingerprint(store.articles())


def test_the_kept_corpus_fingerprint_changes_whenever_a_cited_field_or_the_rules_change_whoever_writes(store, tmp_path, monkeypatch):
    import sqlite3

    from timeline.store import Store

    articles = [Article(file=f"{n}.txt", text=f"Talks {n} began on June {n}, 2024.", title=f"T{n}", outlet="O", published="2024-06-20") for n in (1, 2, 3)]
    for article in articles:
        store.add_article(article)
    seen = [pipeline.corpus_fingerprint(store)]

    def kept(reason: str) -> str:
        fingerprint = pipeline.corpus_fingerprint(store)
        assert fingerprint == pipeline.events_fingerprint(store.articles()), reason
        assert fingerprint not in seen, f"unchanged after {reason}"
        seen.append(fingerprint)
        return fingerprint

    with monkeypatch.context() as reading:
        reading.setattr(Store, "article_fields", lambda *args: pytest.fail("an unchanged corpus was read again"))
        assert pipeline.corpus_fingerprint(store) == seen[-1]
    store.set_metadata(articles[0].id, title="Retitled")
    kept("a new title")
    store.set_metadata(articles[0].id, outlet="Other", url="https://example.org/1")
    kept("a new outlet and URL")
    store.set_published(articles[1].id, "2024-06-21")
    kept("a new date")
    store.remove_article(articles[2].id)
    kept("a removed article")
    store.add_article(articles[2])  # back to the corpus before it was removed, whose events are kept
    assert pipeline.corpus_fingerprint(store) == seen[-2] == pipeline.events_fingerprint(store.articles())
    other = sqlite3.connect(tmp_path / pipeline.STORE_FILE)  # another program writing the file
    other.execute("UPDATE articles SET title = 'From elsewhere' WHERE id = ?", (articles[1].id,))
    other.commit()
    other.close()
    kept("a title written by another connection")
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", "a later version")
    kept("a new version of the rules")


def test_the_local_engine_analyses_a_large_corpus_in_worker_processes_with_the_mentions_of_one_process(monkeypatch):
    from benchmarks.synthetic import generate_corpus

    monkeypatch.setattr(engines, "PARALLEL_MIN_ARTICLES", 10)
    monkeypatch.setattr(engines, "BATCH_SIZE", 8)
    corpus = [item.article for item in generate_corpus(40, seed=5)]
    calls = []
    analyses = engines.LocalEngine(workers=2).analyze(corpus, lambda *call: calls.append(call))
    assert analyses == engines.analyze_many(corpus)
    assert sorted(done for done, _, _ in calls) == [8, 16, 24, 32, 40]


def test_an_article_whose_analysis_fails_is_reported_and_the_rest_of_its_batch_is_added(store, monkeypatch):
    real = engines.analyze
    monkeypatch.setattr(engines, "analyze", lambda a: (_ for _ in ()).throw(RuntimeError("tagger failed")) if a.file == "b.txt" else real(a))
    articles = [Article(file=f"{name}.txt", text=f"The {name} vote took place on Monday.", published="2024-11-12") for name in "abc"]
    result = pipeline.add_articles(store, articles)
    assert [a.file for a in result.added] == ["a.txt", "c.txt"]
    assert [(p.file, "tagger failed" in p.message) for p in result.problems] == [("b.txt", True)]
    assert sorted(a.file for a in store.articles()) == ["a.txt", "c.txt"]


def test_the_local_engine_clusters_the_periods_of_many_mentions_in_worker_processes_with_the_events_of_one_process(monkeypatch):
    from benchmarks.synthetic import generate_corpus, synthetic_mentions

    corpus = generate_corpus(300, seed=3)
    mentions, articles = synthetic_mentions(corpus), {item.article.id: item.article for item in corpus}
    assert len(merge.partitions(mentions)) > 1
    monkeypatch.setattr(engines, "PARALLEL_MIN_MENTIONS", 100)
    assert engines.LocalEngine(workers=2).merge(mentions, articles) == merge.merge(mentions, articles)
