"""The Dask engine gives the in-process engine's results (mentions in order, events field for field), on a real local cluster."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import LocalCluster

from benchmarks.synthetic import generate_corpus
from timeline import dask_engine, engines, ingest, pipeline

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"


@pytest.fixture(scope="module")
def articles():
    read, problems = ingest.read_directory(DATA)
    assert not problems and len(read) == 5
    return read


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, scheduler_kwargs=dask_engine.PRIVATE_HTTP) as running:
        yield running


@pytest.fixture(scope="module")
def scheduler(cluster):
    return cluster.scheduler_address


def test_the_dask_engine_builds_the_events_the_in_process_engine_builds(articles):
    local = pipeline.build(articles)
    assert local
    assert pipeline.build(articles, engine=dask_engine.DaskEngine()) == local


def test_on_a_corpus_of_several_batches_the_dask_engine_gives_the_same_events_field_for_field():
    corpus = [item.article for item in generate_corpus(150, seed=3)]
    local = pipeline.build(corpus)
    assert len(local) > 50 and any(len(e.sources) > 1 for e in local)
    assert pipeline.build(corpus, engine=dask_engine.DaskEngine()) == local


def test_batches_on_a_given_scheduler_come_back_in_article_order_with_progress_per_batch(articles, scheduler):
    calls = []
    analyses = dask_engine.analyze_many(articles, scheduler=scheduler, progress=lambda *call: calls.append(call), batch_size=2)
    assert analyses == engines.analyze_many(articles)
    done = [done for done, _, _ in calls]  # running totals, in the order the batches finish
    assert done[-1] == 5 and sorted(b - a for a, b in zip([0, *done], done)) == [1, 2, 2]
    assert {total for _, total, _ in calls} == {5}


def test_nothing_to_analyse_needs_no_cluster():
    assert dask_engine.analyze_many([], scheduler="tcp://127.0.0.1:9") == []


def test_a_batch_size_below_one_is_refused(articles):
    with pytest.raises(ValueError, match="batch_size"):
        dask_engine.analyze_many(articles, batch_size=0)


def test_the_cli_with_the_dask_engine_on_a_local_cluster_or_a_given_scheduler_writes_what_the_local_engine_writes(tmp_path, scheduler):
    runs = {"local": ["--engine", "local"], "dask": ["--engine", "dask"], "scheduler": ["--engine", "dask", "--scheduler", scheduler]}
    outputs = {}
    for name, options in runs.items():
        out = tmp_path / f"{name}.json"
        command = [sys.executable, "-m", "timeline", "build", str(DATA), *options, "--no-cache", "--out", str(out)]
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs[name] = json.loads(out.read_text(encoding="utf-8"))
    assert outputs["local"]["events"]
    assert outputs["dask"] == outputs["scheduler"] == outputs["local"]


def test_a_scheduler_without_workers_is_refused_with_the_command_that_starts_one(articles, monkeypatch):
    monkeypatch.setattr(dask_engine, "WORKER_WAIT_SECONDS", 1)
    with LocalCluster(n_workers=0, processes=True, dashboard_address=None, scheduler_kwargs=dask_engine.PRIVATE_HTTP) as empty:
        with pytest.raises(RuntimeError, match="has no workers; start some with `dask worker"):
            dask_engine.analyze_many(articles, scheduler=empty.scheduler_address)


def test_a_worker_that_cannot_import_timeline_is_named_with_the_fix(articles, tmp_path):
    with LocalCluster(n_workers=0, processes=True, dashboard_address=None, scheduler_kwargs=dask_engine.PRIVATE_HTTP) as cluster:
        command = [sys.executable, "-m", "dask", "worker", cluster.scheduler_address, "--nthreads", "1", "--no-dashboard"]
        worker = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with pytest.raises(RuntimeError, match=r"worker tcp://\S+ cannot import the timeline package; install requirements.txt"):
                dask_engine.analyze_many(articles, scheduler=cluster.scheduler_address)
        finally:
            worker.terminate()
            worker.wait(timeout=30)


def test_the_merge_on_the_workers_period_by_period_gives_the_in_process_events(scheduler):
    from benchmarks.synthetic import synthetic_mentions
    from timeline import merge

    corpus = generate_corpus(300, seed=4)
    mentions = synthetic_mentions(corpus)
    articles = {item.article.id: item.article for item in corpus}
    assert len(merge.partitions(mentions)) >= 3
    with dask_engine.DaskEngine(scheduler) as engine:
        assert engine.merge(mentions, articles) == merge.merge(mentions, articles)
        assert engine.merge([], articles) == []


def test_the_stored_corpus_exports_on_a_given_scheduler_the_file_this_machine_exports(tmp_path, scheduler):
    outputs = {}
    for name, options in {"local": [], "dask": ["--engine", "dask", "--scheduler", scheduler]}.items():
        out = tmp_path / f"{name}.json"
        command = [sys.executable, "-m", "timeline", "export", "--format", "json", "--data-dir", str(tmp_path / name), *options, "--out", str(out)]
        done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs[name] = json.loads(out.read_text(encoding="utf-8"))
    assert outputs["local"]["events"] and outputs["dask"] == outputs["local"]


def test_a_corpus_added_and_synced_on_dask_has_the_events_of_one_added_and_synced_here(articles, tmp_path, scheduler):
    on_dask, here = pipeline.open_store(tmp_path / "dask"), pipeline.open_store(tmp_path / "here")
    try:
        engine = dask_engine.DaskEngine(scheduler)
        assert len(pipeline.add_articles(on_dask, articles, engine).added) == len(pipeline.add_articles(here, articles).added) == 5
        assert pipeline.sync(on_dask, engine=engine) == pipeline.sync(here)
    finally:
        on_dask.close()
        here.close()


def test_files_added_together_on_a_scheduler_are_analysed_through_one_client(articles, tmp_path, cluster):
    store = pipeline.open_store(tmp_path)
    connected = []  # the scheduler's clients as articles are done (a closed one may linger a moment)
    try:
        files = [(article.file, article.text.encode()) for article in articles[:2]]
        engine = dask_engine.DaskEngine(cluster.scheduler_address)
        result = pipeline.ingest_files(store, files, progress=lambda *_: connected.append(set(cluster.scheduler.clients.copy()) - {"fire-and-forget"}), engine=engine)
    finally:
        store.close()
    assert len(result.added) == 2
    assert connected and connected[0] and all(clients <= connected[0] for clients in connected)


def test_the_dashboard_analyses_on_the_scheduler_its_environment_names(monkeypatch):
    monkeypatch.setenv(pipeline.SCHEDULER_VARIABLE, "tcp://10.0.0.5:8786")
    assert pipeline.default_engine() == dask_engine.DaskEngine("tcp://10.0.0.5:8786")
    monkeypatch.delenv(pipeline.SCHEDULER_VARIABLE)
    assert isinstance(pipeline.default_engine(), engines.LocalEngine)
