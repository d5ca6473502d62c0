"""Worker processes: started once for a build, shared by its batches, gone when it ends.

Real spawned processes throughout; the tasks below run in them, so they are top-level functions.
"""

import json
import multiprocessing
import os
import sys
import types
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

import pytest

from timeline import engines, merge, pipeline
from timeline.resource_files import ResourceError
from timeline.workers import Workers


def process_id(batch: int) -> int:
    return os.getpid()


def fail_on_two(batch: int) -> int:
    if batch == 2:
        raise ValueError("batch 2 failed")
    return batch


def die(batch: int) -> int:
    os._exit(3)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def child_ids() -> set[int]:
    """The processes this one has started and not yet joined."""
    return {process.pid for process in multiprocessing.active_children()}


@pytest.fixture
def small_thresholds(monkeypatch):
    """Worker processes from 10 articles, 8 to a batch, 500 to a store transaction... of 8, and from
    100 mentions for the merge: so that a corpus of 40 articles has several batches of each."""
    monkeypatch.setattr(engines, "PARALLEL_MIN_ARTICLES", 10)
    monkeypatch.setattr(engines, "BATCH_SIZE", 8)
    monkeypatch.setattr(engines, "PARALLEL_MIN_MENTIONS", 100)
    monkeypatch.setattr(pipeline, "STORE_BATCH", 16)


@pytest.fixture(scope="module")
def corpus():
    from benchmarks.synthetic import generate_corpus

    return [item.article for item in generate_corpus(40, seed=5)]


def test_workers_are_started_once_and_serve_every_map_until_the_with_exits():
    before = child_ids()
    with Workers(2) as workers:
        assert child_ids() == before  # nothing is started before a map needs it
        seen = [set(workers.map(process_id, range(6))) for _ in range(3)]
        started = child_ids() - before
    every = set().union(*seen)
    assert len(every) <= 2 and every <= started
    assert not any(alive(pid) for pid in every)


def test_a_batch_that_raises_is_raised_leaves_the_workers_for_the_next_map_and_none_after_exit():
    before = child_ids()
    with pytest.raises(ValueError, match="batch 2 failed"):
        with Workers(2) as workers:
            workers.map(process_id, range(4))
            started = child_ids() - before
            with pytest.raises(ValueError, match="batch 2 failed"):
                workers.map(fail_on_two, range(6))
            assert workers.map(fail_on_two, [0, 1]) == [0, 1]
            assert set(workers.map(process_id, range(4))) <= started == child_ids() - before
            workers.map(fail_on_two, [2])
    assert started and not any(alive(pid) for pid in started)


def test_a_worker_that_dies_breaks_its_map_and_the_next_map_starts_new_workers():
    with Workers(2) as workers:
        with pytest.raises(BrokenProcessPool):
            workers.map(die, [0])
        assert workers.map(fail_on_two, [0, 1, 3]) == [0, 1, 3]
        pids = set(workers.map(process_id, range(4)))
    assert not any(alive(pid) for pid in pids)


def test_one_local_engine_context_analyses_and_merges_on_the_same_workers_with_the_results_of_one_process(small_thresholds, corpus):
    before = child_ids()
    with engines.LocalEngine(workers=2) as engine:
        first = engine.analyze(corpus[:20])
        started = child_ids() - before
        second = engine.analyze(corpus[20:])
        assert child_ids() - before == started
        mentions = [m for ms in first + second for m in ms]
        by_id = {a.id: a for a in corpus}
        assert len(mentions) >= 100 and len(merge.partitions(mentions)) > 1
        events = engine.merge(mentions, by_id)
        assert child_ids() - before == started
    assert len(started) == 2 and not any(alive(pid) for pid in started)
    assert first + second == engines.analyze_many(corpus)
    assert events == merge.merge(mentions, by_id)


def test_a_local_engine_used_outside_a_with_stops_its_workers_after_each_call(small_thresholds, corpus):
    before = child_ids()
    engine = engines.LocalEngine(workers=2)
    assert engine.analyze(corpus[:20]) == engines.analyze_many(corpus[:20])
    assert child_ids() == before


def test_adding_articles_in_the_callers_engine_context_keeps_its_workers_and_stops_them_only_at_its_exit(small_thresholds, corpus, tmp_path):
    store = pipeline.open_store(tmp_path)
    before = child_ids()
    with engines.LocalEngine(workers=2) as engine:
        assert len(pipeline.add_articles(store, corpus[:20], engine).added) == 20
        started = child_ids() - before
        assert len(pipeline.add_articles(store, corpus[20:], engine).added) == 20
        assert child_ids() - before == started
    assert started and not any(alive(pid) for pid in started)
    stored = [m for ms in store.cached_mentions([pipeline.cache_key(a) for a in corpus]).values() for m in ms]
    assert sorted(stored, key=repr) == sorted((m for ms in engines.analyze_many(corpus) for m in ms), key=repr)
    store.close()


def test_files_ingested_together_are_analysed_together_on_one_set_of_workers_stopped_at_the_end(small_thresholds, corpus, tmp_path):
    store = pipeline.open_store(tmp_path)
    files = [
        (f"part{i}.jsonl", "\n".join(json.dumps({"title": a.title, "text": a.text, "published": a.published}) for a in part).encode())
        for i, part in enumerate((corpus[:20], corpus[20:]))
    ]
    before = child_ids()
    running = []
    result = pipeline.ingest_files(store, files, progress=lambda done, total, _: running.append((done, total, child_ids() - before)))
    assert len(result.added) == 40 and not result.problems
    assert running[-1][:2] == (40, 40) and len(running) >= 2  # counted article by article over both files
    workers = running[0][2]
    assert workers and all(seen == workers for _, _, seen in running)
    assert not any(alive(pid) for pid in workers)
    store.close()


def test_an_article_failing_in_a_worker_is_reported_the_others_added_and_no_worker_is_left(small_thresholds, corpus, tmp_path):
    store = pipeline.open_store(tmp_path)
    unreadable = replace(corpus[3], language="zz")
    articles = [*corpus[:3], unreadable, *corpus[4:]]
    before = child_ids()
    with pytest.raises(ResourceError):
        engines.LocalEngine(workers=2).analyze(articles)
    assert child_ids() == before
    result = pipeline.add_articles(store, articles, engines.LocalEngine(workers=2))
    assert child_ids() == before
    assert [p.file for p in result.problems] == [unreadable.file] and len(result.added) == 39
    store.close()


def test_workers_never_run_the_callers_script_as_streamlit_leaves_it_in_main(tmp_path, monkeypatch):
    marker = tmp_path / "the script ran"
    script = tmp_path / "dashboard_like.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\n")
    streamlit_main = types.ModuleType("__main__")  # what Streamlit's script runner puts there
    streamlit_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", streamlit_main)
    with Workers(2) as workers:
        assert len(workers.map(process_id, [1, 2, 3])) == 3
    assert not marker.exists()
    assert sys.modules["__main__"] is streamlit_main
