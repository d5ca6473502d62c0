"""How the pipeline scales with the size of the corpus: time and memory per stage.

    python -m benchmarks.corpus_scale                  # N = 100 1000 10000
    python -m benchmarks.corpus_scale --large          # N = 1000 10000 30000 100000 (takes many minutes)
    python -m benchmarks.corpus_scale 500 2000 --dask-max 2000
    python -m benchmarks.corpus_scale --merge-scaling  # merge alone on 2,500 ... 20,000 mentions
    python -m benchmarks.corpus_scale --profile 1000   # where the time goes, by file:function

For each N a deterministic synthetic corpus (benchmarks/synthetic.py) is written as .txt files and
a manifest.csv, then run through the real stages: ingest (ingest.read_directory), tag + extract
(engines.LocalEngine, one process per core from PARALLEL_MIN_ARTICLES articles), merge
(engines.LocalEngine, each year in a worker process from PARALLEL_MIN_MENTIONS mentions), store write (the articles with their cached analyses, a transaction per batch as
pipeline.add_articles writes them, and the events), and the cached re-run on the unchanged corpus
(pipeline.sync of the store, and pipeline.build of the same articles), which fails if it analyses or
merges anything. Tagging with extraction and the merge run in one LocalEngine context, so that
one set of worker processes serves both, as in pipeline.build. The re-run is timed in new
processes, as a user re-running a command meets it (nothing of the run that wrote the store is in
memory), CACHED_RUNS times: the median is printed. Each stage prints its wall seconds and its CPU
seconds (user + system, of this process and of its worker processes): on a machine shared with
other work the wall clock stretches, CPU time much less.

The corpus is generated and written by the calling process; each measurement runs in its own
child process on the files, so that the maximum resident set size belongs to one N and one engine
(and not to the generator), and tracemalloc (which slows allocation down) runs apart from the timings.
The Dask engine (timeline.dask_engine.DaskEngine, a local cluster of two worker processes, start-up
included) is measured on the same corpora up to --dask-max articles: tagging and extraction, then
the merge on the workers, against the in-process engine in the same process; the two engines'
mentions and events are compared field for field.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import math
import multiprocessing
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` and `benchmarks` importable
    sys.path.insert(0, str(PROJECT))

from benchmarks.synthetic import SyntheticArticle, generate_corpus, manifest_rows, synthetic_mentions  # noqa: E402
from timeline import engines, ingest, merge, pipeline  # noqa: E402
from timeline.model import Article, Mention  # noqa: E402
from timeline.store import Store  # noqa: E402

DEFAULT_SIZES = (100, 1000, 10000)
LARGE_SIZES = (1000, 10000, 30000, 100000)
MERGE_SIZES = (2500, 5000, 10000, 20000)
TARGETS = {10000: 25.0, 100000: 300.0}
"""End-to-end seconds allowed for a corpus of this many articles (on 2 cores)."""
MEMORY_TARGET_MB = 2048
CACHED_TARGET = 1.0
"""Seconds a cached re-run of an unchanged corpus may take at any N."""
CACHED_RUNS = 3
"""New processes the cached re-run is timed in; the median counts."""
GROWTH_TARGET = 2.2
"""Merge time per doubling of mentions, at most."""
EVENTS_TOLERANCE = 0.05
"""Events found may differ from the true events by this share."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus_scale", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", help=f"corpus sizes (default: {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--large", action="store_true", help=f"corpus sizes {' '.join(map(str, LARGE_SIZES))}")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dask-max", type=int, default=1000, help="measure the Dask engine up to this many articles")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the (slow) Python allocation peak")
    parser.add_argument("--merge-scaling", action="store_true", help="time merge alone on growing numbers of mentions")
    parser.add_argument("--profile", type=int, metavar="N", help="profile every stage on N articles")
    parser.add_argument("--measure", choices=["local", "tracemalloc", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--true-events", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--rerun", type=Path, metavar="STORE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rerun:
        print(json.dumps(measure_rerun(args.rerun)))
        return 0
    if args.measure:
        (size,) = args.sizes
        print(json.dumps(MEASURES[args.measure](size, args.corpus, args.true_events)))
        return 0
    if args.merge_scaling:
        print(merge_scaling(args.sizes or MERGE_SIZES, args.seed))
        return 0
    if args.profile:
        print(profile(args.profile, args.seed))
        return 0
    rows = []
    for size in args.sizes or (LARGE_SIZES if args.large else DEFAULT_SIZES):
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp) / "corpus"
            true_events = write_synthetic(size, args.seed, directory)
            row = _child("local", size, directory, true_events)
            if not args.no_tracemalloc:
                row["python_peak_mb"] = _child("tracemalloc", size, directory, true_events)["python_peak_mb"]
            if size <= args.dask_max:
                row["dask"] = _child("dask", size, directory, true_events)
        rows.append(row)
        print(f"measured N={size}", file=sys.stderr)
    print(report(rows))
    return 0


# -- one measurement (in a child process) -----------------------------------------------------------


def measure_local(size: int, directory: Path, true_events: int) -> dict[str, Any]:
    """Every stage with the local engine, timed, then the cached re-runs."""
    with tempfile.TemporaryDirectory() as tmp:
        (articles, problems), ingest_s = _timed(ingest.read_directory, directory)
        with engines.LocalEngine() as engine:  # one set of workers for both stages, as pipeline.build runs them
            analyses, analyze_s = _timed(engine.analyze, articles)
            events, merge_s = _timed(engine.merge, [m for ms in analyses for m in ms], {a.id: a for a in articles})
        store = Store(Path(tmp) / pipeline.STORE_FILE)
        _, store_s = _timed(write_store, store, articles, analyses, events)
        store.close()
        worker_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # before the re-runs' processes
        reruns = [_rerun_child(Path(tmp) / pipeline.STORE_FILE) for _ in range(CACHED_RUNS)]
    for rerun in reruns:
        if rerun["synced"] != len(events) or rerun["rebuilt"] != len(events):
            raise AssertionError(f"cached re-run gave {rerun['synced']} (sync) / {rerun['rebuilt']} (build) events, not {len(events)}")
    cached = {f"cached_{kind}_{unit}": statistics.median(rerun[kind][i] for rerun in reruns) for kind in ("sync", "build") for i, unit in enumerate(("s", "cpu"))}
    stages = {"ingest": ingest_s, "analyze": analyze_s, "merge": merge_s, "store": store_s}
    return {
        "n": size,
        "articles": len(articles),
        "problems": len(problems),
        "words": sum(len(a.text.split()) for a in articles),
        **{f"{name}_s": wall for name, (wall, _) in stages.items()},
        **{f"{name}_cpu": cpu for name, (_, cpu) in stages.items()},
        "total_s": sum(wall for wall, _ in stages.values()),
        "total_cpu": sum(cpu for _, cpu in stages.values()),
        **cached,
        "mentions": sum(len(ms) for ms in analyses),
        "events": len(events),
        "true_events": true_events,
        "max_rss_mb": _max_rss_mb(),
        "worker_rss_mb": worker_rss_mb,
    }


def measure_tracemalloc(size: int, directory: Path, true_events: int) -> dict[str, Any]:
    """The peak of Python allocations over the same stages (tracemalloc's overhead makes its times meaningless)."""
    with tempfile.TemporaryDirectory() as tmp:
        tracemalloc.start()
        articles, _ = ingest.read_directory(directory)
        analyses = engines.analyze_many(articles)  # in this process: tracemalloc sees no other
        events = merge.merge([m for ms in analyses for m in ms], {a.id: a for a in articles})
        store = Store(Path(tmp) / pipeline.STORE_FILE)
        write_store(store, articles, analyses, events)
        pipeline.sync(store)
        store.close()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"n": size, "python_peak_mb": peak / 2**20}


def measure_dask(size: int, directory: Path, true_events: int) -> dict[str, Any]:
    """Tag + extract and the merge on a local Dask cluster (start-up and shutdown included), then
    with the local engine in this process.

    Both run in one process on the same articles, so the comparison of their results cannot be
    upset by code that changed between two processes.
    """
    from timeline import dask_engine

    articles, _ = ingest.read_directory(directory)
    by_id = {a.id: a for a in articles}

    def on_dask() -> tuple[list[list[Mention]], list]:
        with dask_engine.DaskEngine() as engine:
            analyses = engine.analyze(articles)
            return analyses, engine.merge([m for ms in analyses for m in ms], by_id)

    (analyses, events), (dask_s, _) = _timed(on_dask)
    local, (local_analyze_s, _) = _timed(engines.LocalEngine().analyze, articles)
    local_events, (local_merge_s, _) = _timed(merge.merge, [m for ms in local for m in ms], by_id)
    return {
        "n": size, "dask_s": dask_s, "local_s": local_analyze_s + local_merge_s, "local_merge_s": local_merge_s,
        "same": analyses == local, "same_events": events == local_events, "events": len(events),
    }  # fmt: skip


def measure_rerun(path: Path) -> dict[str, Any]:
    """The cached re-run in this new process: pipeline.sync of the store, then pipeline.build of its
    articles (read from the store, untimed, as `build` would have them from the files), each
    failing if it analyses or merges anything; wall and CPU seconds of each."""
    store = Store(path)
    with _forbidden(engines.LocalEngine, "analyze"), _forbidden(engines.LocalEngine, "merge"), _forbidden(merge, "merge"):
        synced, sync_s = _timed(pipeline.sync, store)
        articles = store.articles()
        rebuilt, build_s = _timed(pipeline.build, articles, store)
    store.close()
    return {"sync": sync_s, "build": build_s, "synced": len(synced), "rebuilt": len(rebuilt)}


MEASURES: dict[str, Callable[[int, Path, int], dict[str, Any]]] = {"local": measure_local, "tracemalloc": measure_tracemalloc, "dask": measure_dask}


def write_synthetic(size: int, seed: int, directory: Path) -> int:
    """Write the synthetic corpus of `size` articles into `directory`; returns its number of true
    events. Run in the calling process, so that the generator's memory is not the measured one's."""
    corpus = generate_corpus(size, seed)
    write_corpus(corpus, directory)
    return len({r.event.id for item in corpus for r in item.reports})


def write_corpus(corpus: Sequence[SyntheticArticle], directory: Path) -> None:
    """The corpus as a user would hand it over: one .txt per article and a manifest.csv."""
    directory.mkdir(parents=True)
    for item in corpus:
        (directory / item.article.file).write_text(item.article.text, encoding="utf-8")
    with open(directory / "manifest.csv", "w", newline="", encoding="utf-8") as manifest:
        writer = csv.DictWriter(manifest, fieldnames=["file", "title", "outlet", "published", "url"])
        writer.writeheader()
        writer.writerows(manifest_rows(corpus))


def write_store(store: Store, articles: Sequence[Article], analyses: Sequence[Sequence[Mention]], events) -> None:
    """What adding a new corpus writes: the articles with their analyses, STORE_BATCH to a
    transaction as pipeline.add_articles writes them (here with the analyses already timed), then the events."""
    rows = [(article, pipeline.cache_key(article), mentions) for article, mentions in zip(articles, analyses)]
    for start in range(0, len(rows), pipeline.STORE_BATCH):
        store.add_analysed_articles(rows[start : start + pipeline.STORE_BATCH])
    store.save_events(events, pipeline.corpus_fingerprint(store))


@contextmanager
def _forbidden(module: Any, name: str) -> Iterator[None]:
    """Make a cached re-run fail loudly if it analyses or merges anything after all."""
    real = getattr(module, name)

    def refuse(*args: Any) -> None:
        raise AssertionError(f"the cached re-run called {module.__name__}.{name}")

    setattr(module, name, refuse)
    try:
        yield
    finally:
        setattr(module, name, real)


def _timed(function: Callable, *args: Any) -> tuple[Any, tuple[float, float]]:
    """The result, with the wall seconds and the CPU seconds (user + system, this process and its
    worker processes) that it took."""
    start, cpu = time.perf_counter(), _cpu()
    result = function(*args)
    return result, (time.perf_counter() - start, _cpu() - cpu)


def _cpu() -> float:
    """CPU seconds of this process, of the children it has waited for, and of those still running
    (the engine's workers live from one stage to the next)."""
    running = sum(_cpu_of(process.pid) for process in multiprocessing.active_children())  # joins the finished ones first
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system + running


def _cpu_of(pid: int | None) -> float:
    """User + system seconds of a running process, from /proc/PID/stat (fields 14 and 15)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # it ended meanwhile: os.times counts it once it is joined
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(measure: str, size: int, directory: Path, true_events: int) -> dict[str, Any]:
    return _run_child([str(size), "--measure", measure, "--corpus", str(directory), "--true-events", str(true_events)])


def _rerun_child(store: Path) -> dict[str, Any]:
    return _run_child(["--rerun", str(store)])


def _run_child(arguments: list[str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.corpus_scale", *arguments]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- reports ------------------------------------------------------------------------------------------


def report(rows: Sequence[dict[str, Any]]) -> str:
    """The figures as Markdown tables (each stage as wall seconds / CPU seconds), with every missed target named."""
    lines = [
        "| N | ingest s | tag+extract s | merge s | store write s | total s | articles/s | Python peak MB | max RSS MB (workers) "
        "| mentions | events | true events | cached sync s | cached build s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peak = f"{r['python_peak_mb']:.0f}" if "python_peak_mb" in r else "-"
        stages = " | ".join(f"{r[f'{stage}_s']:.2f} / {r[f'{stage}_cpu']:.2f}" for stage in ("ingest", "analyze", "merge", "store", "total"))
        lines.append(
            f"| {r['n']:,} | {stages} | {r['n'] / r['total_s']:.0f} | {peak} | {r['max_rss_mb']:.0f} ({r['worker_rss_mb']:.0f}) "
            f"| {r['mentions']:,} | {r['events']:,} ({r['events'] / r['true_events'] - 1:+.1%}) | {r['true_events']:,} "
            f"| {r['cached_sync_s']:.2f} / {r['cached_sync_cpu']:.2f} | {r['cached_build_s']:.2f} / {r['cached_build_cpu']:.2f} |"
        )
    growth = merge_growth(rows)
    if growth:
        lines += ["", "Merge CPU time per doubling of mentions: " + ", ".join(f"{a:,} -> {b:,} mentions: {g:.2f}x" for a, b, g in growth)]
    peers = [r for r in rows if "dask" in r]
    if peers:
        lines += [
            "",
            "| N | tag+extract + merge, local engine s | the same on Dask (2 workers, start-up included) s | same mentions | same events |",
            "|---|---|---|---|---|",
        ]
        for r in peers:
            dask = r["dask"]
            lines.append(f"| {r['n']:,} | {dask['local_s']:.2f} | {dask['dask_s']:.2f} | {'yes' if dask['same'] else 'NO'} | {'yes' if dask['same_events'] else 'NO'} |")
    misses = [f"N={r['n']:,}: {r['total_s']:.1f} s > {TARGETS[r['n']]:.0f} s" for r in rows if r["n"] in TARGETS and r["total_s"] > TARGETS[r["n"]]]
    misses += [f"N={r['n']:,}: max RSS {r['max_rss_mb']:.0f} MB > {MEMORY_TARGET_MB} MB" for r in rows if r["max_rss_mb"] > MEMORY_TARGET_MB]
    misses += [
        f"N={r['n']:,}: cached {kind} {r[f'cached_{kind}_s']:.2f} s (should be under {CACHED_TARGET:.0f} s)"
        for r in rows
        for kind in ("sync", "build")
        if r[f"cached_{kind}_s"] >= CACHED_TARGET
    ]
    misses += [
        f"N={r['n']:,}: {r['events']:,} events for {r['true_events']:,} true ones"
        for r in rows
        if r["n"] >= 10000 and abs(r["events"] / r["true_events"] - 1) > EVENTS_TOLERANCE
    ]
    misses += [f"merge {g:.2f}x per doubling from {a:,} mentions (target {GROWTH_TARGET}x)" for a, _, g in growth if g > GROWTH_TARGET]
    misses += [f"N={r['n']:,}: Dask gave other events than the local engine" for r in peers if not r["dask"]["same_events"]]
    lines += ["", "Targets missed: " + "; ".join(misses) if misses else "All targets met."]
    return "\n".join(lines)


def merge_growth(rows: Sequence[dict[str, Any]]) -> list[tuple[int, int, float]]:
    """Between consecutive sizes, the factor by which merge CPU time grows per doubling of mentions."""
    ordered = sorted(rows, key=lambda r: r["mentions"])
    return [
        (a["mentions"], b["mentions"], (b["merge_cpu"] / a["merge_cpu"]) ** (1 / math.log2(b["mentions"] / a["mentions"])))
        for a, b in zip(ordered, ordered[1:])
        if b["mentions"] > a["mentions"] and a["merge_cpu"] > 0
    ]


def merge_scaling(sizes: Sequence[int], seed: int) -> str:
    """Merge alone on growing numbers of synthetic mentions; a near-linear merge doubles its time per doubling."""
    lines = ["| mentions | articles | events | merge s (best of 3) | ratio to previous |", "|---|---|---|---|---|"]
    previous = None
    for size in sorted(sizes):
        corpus = _corpus_with_mentions(size, seed)
        mentions = synthetic_mentions(corpus)[:size]
        articles = {item.article.id: item.article for item in corpus}
        seconds = []
        for _ in range(3):
            events, (elapsed, _) = _timed(merge.merge, mentions, articles)
            seconds.append(elapsed)
        best = min(seconds)
        ratio = f"{best / previous:.2f}x" if previous else "-"
        lines.append(f"| {size:,} | {len(corpus):,} | {len(events):,} | {best:.3f} | {ratio} |")
        previous = best
    return "\n".join(lines)


def _corpus_with_mentions(size: int, seed: int) -> list[SyntheticArticle]:
    """The smallest generated corpus (growing in steps of 10%) that reports at least `size` dates."""
    n = max(10, size // 6)
    while True:
        corpus = generate_corpus(n, seed)
        if sum(len(item.reports) for item in corpus) >= size:
            return corpus
        n = int(n * 1.1) + 1


def profile(size: int, seed: int, top: int = 25) -> str:
    """cProfile of every stage on one corpus: the functions where the time is spent, by file:function."""
    corpus = generate_corpus(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "corpus"
        write_corpus(corpus, directory)
        sections = []
        articles, _ = _profiled(sections, "ingest", ingest.read_directory, directory)
        analyses = _profiled(sections, "tag + extract", engines.analyze_many, articles)
        events = _profiled(sections, "merge", merge.merge, [m for ms in analyses for m in ms], {a.id: a for a in articles})
        store = Store(Path(tmp) / pipeline.STORE_FILE)
        _profiled(sections, "store write", write_store, store, articles, analyses, events)
        _profiled(sections, "cached sync", pipeline.sync, store)
        _profiled(sections, "cached build", pipeline.build, articles, store)
        store.close()
    return "\n\n".join(f"== {name} (N={size}) ==\n{_top(stats, top)}" for name, stats in sections)


def _profiled(sections: list, name: str, function: Callable, *args: Any) -> Any:
    profiler = cProfile.Profile()
    result = profiler.runcall(function, *args)
    sections.append((name, pstats.Stats(profiler)))
    return result


def _top(stats: pstats.Stats, top: int) -> str:
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


if __name__ == "__main__":
    sys.exit(main())
