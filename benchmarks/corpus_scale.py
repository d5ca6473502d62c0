"""How the pipeline scales with the size of the corpus: time and memory per stage.

    python -m benchmarks.corpus_scale                  # N = 100 1000 10000
    python -m benchmarks.corpus_scale 500 2000 --dask-max 2000
    python -m benchmarks.corpus_scale --merge-scaling  # merge alone on 2,500 ... 20,000 mentions
    python -m benchmarks.corpus_scale --profile 1000   # where the time goes, by file:function

For each N a deterministic synthetic corpus (benchmarks/synthetic.py) is written as .txt files and
a manifest.csv, then run through the real stages: ingest (ingest.read_directory), tag + extract
(pipeline.analyze_many), merge (merge.merge), store write (the articles, their cached analyses and
the events into a new SQLite store, as pipeline.build and pipeline.sync do), and the cached re-run
on the unchanged corpus (pipeline.sync of the store, and pipeline.build of the same articles), which
fails if it analyses or merges anything.

Each measurement runs in its own child process, so that the maximum resident set size belongs to
one N and one engine, and tracemalloc (which slows allocation down) runs apart from the timings.
The Dask engine (timeline.distributed, a local cluster of two worker processes, start-up included)
is measured on the same corpora up to --dask-max articles, with the in-process engine again in the
same process, and the two engines' mentions are compared.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import pstats
import resource
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
from timeline import ingest, merge, pipeline  # noqa: E402
from timeline.model import Article, Mention  # noqa: E402
from timeline.store import Store  # noqa: E402

DEFAULT_SIZES = (100, 1000, 10000)
MERGE_SIZES = (2500, 5000, 10000, 20000)
TARGETS = {1000: 30.0, 10000: 300.0}
"""End-to-end seconds allowed for a corpus of this many articles (on 2 cores)."""
MEMORY_TARGET_MB = 2048
CACHED_TARGET = 0.5
"""Seconds a cached re-run of an unchanged corpus may take at any N: well under a second."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus_scale", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", help=f"corpus sizes (default: {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dask-max", type=int, default=1000, help="measure the Dask engine up to this many articles")
    parser.add_argument("--no-tracemalloc", action="store_true", help="skip the (slow) Python allocation peak")
    parser.add_argument("--merge-scaling", action="store_true", help="time merge alone on growing numbers of mentions")
    parser.add_argument("--profile", type=int, metavar="N", help="profile every stage on N articles")
    parser.add_argument("--measure", choices=["local", "tracemalloc", "dask"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        (size,) = args.sizes
        print(json.dumps(MEASURES[args.measure](size, args.seed)))
        return 0
    if args.merge_scaling:
        print(merge_scaling(args.sizes or MERGE_SIZES, args.seed))
        return 0
    if args.profile:
        print(profile(args.profile, args.seed))
        return 0
    rows = []
    for size in args.sizes or DEFAULT_SIZES:
        row = _child("local", size, args.seed)
        if not args.no_tracemalloc:
            row["python_peak_mb"] = _child("tracemalloc", size, args.seed)["python_peak_mb"]
        if size <= args.dask_max:
            row["dask"] = _child("dask", size, args.seed)
        rows.append(row)
        print(f"measured N={size}", file=sys.stderr)
    print(report(rows))
    return 0


# -- one measurement (in a child process) -----------------------------------------------------------


def measure_local(size: int, seed: int) -> dict[str, Any]:
    """Every stage with the in-process engine, timed, then the cached re-runs."""
    corpus, generate_s = _timed(generate_corpus, size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "corpus"
        _, write_s = _timed(write_corpus, corpus, directory)
        (articles, problems), ingest_s = _timed(ingest.read_directory, directory)
        analyses, analyze_s = _timed(pipeline.analyze_many, articles)
        events, merge_s = _timed(merge.merge, [m for ms in analyses for m in ms], {a.id: a for a in articles})
        store = Store(Path(tmp) / pipeline.STORE_FILE)
        _, store_s = _timed(write_store, store, articles, analyses, events)
        with _forbidden(pipeline, "analyze"), _forbidden(merge, "merge"):
            synced, sync_s = _timed(pipeline.sync, store)
            rebuilt, build_s = _timed(pipeline.build, articles, store)
        store.close()
    if len(synced) != len(events) or len(rebuilt) != len(events):
        raise AssertionError(f"cached re-run gave {len(synced)} (sync) / {len(rebuilt)} (build) events, not {len(events)}")
    return {
        "n": size,
        "articles": len(articles),
        "problems": len(problems),
        "words": sum(len(a.text.split()) for a in articles),
        "generate_s": generate_s,
        "write_s": write_s,
        "ingest_s": ingest_s,
        "analyze_s": analyze_s,
        "merge_s": merge_s,
        "store_s": store_s,
        "total_s": ingest_s + analyze_s + merge_s + store_s,
        "cached_sync_s": sync_s,
        "cached_build_s": build_s,
        "mentions": sum(len(ms) for ms in analyses),
        "events": len(events),
        "true_events": len({r.event.id for item in corpus for r in item.reports}),
        "max_rss_mb": _max_rss_mb(),
    }


def measure_tracemalloc(size: int, seed: int) -> dict[str, Any]:
    """The peak of Python allocations over the same stages (tracemalloc's overhead makes its times meaningless)."""
    corpus = generate_corpus(size, seed)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "corpus"
        write_corpus(corpus, directory)
        del corpus
        tracemalloc.start()
        articles, _ = ingest.read_directory(directory)
        analyses = pipeline.analyze_many(articles)
        events = merge.merge([m for ms in analyses for m in ms], {a.id: a for a in articles})
        store = Store(Path(tmp) / pipeline.STORE_FILE)
        write_store(store, articles, analyses, events)
        pipeline.sync(store)
        store.close()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"n": size, "python_peak_mb": peak / 2**20}


def measure_dask(size: int, seed: int) -> dict[str, Any]:
    """Tag + extract on a local Dask cluster (start-up and shutdown included), then in this process.

    Both run in one process on the same articles, so the comparison of their mentions cannot be
    upset by code that changed between two processes.
    """
    from timeline import distributed

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "corpus"
        write_corpus(generate_corpus(size, seed), directory)
        articles, _ = ingest.read_directory(directory)
    analyses, analyze_s = _timed(distributed.analyze_many, articles)
    local, local_s = _timed(pipeline.analyze_many, articles)
    return {"n": size, "analyze_s": analyze_s, "local_analyze_s": local_s, "same": analyses == local}


MEASURES: dict[str, Callable[[int, int], dict[str, Any]]] = {"local": measure_local, "tracemalloc": measure_tracemalloc, "dask": measure_dask}


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
    """What adding a new corpus writes: each article with its analysis (one transaction each, as
    pipeline.add_articles does, here with the analyses already timed), then the events."""
    for article, mentions in zip(articles, analyses):
        store.add_analysed_article(article, pipeline.cache_key(article), mentions)
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


def _timed(function: Callable, *args: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(measure: str, size: int, seed: int) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.corpus_scale", str(size), "--seed", str(seed), "--measure", measure]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- reports ------------------------------------------------------------------------------------------


def report(rows: Sequence[dict[str, Any]]) -> str:
    """The figures as Markdown tables, with every missed target named."""
    lines = [
        "| N | ingest s | tag+extract s | merge s | store write s | total s | articles/s | Python peak MB | max RSS MB | mentions | events | true events | cached sync s | cached build s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peak = f"{r['python_peak_mb']:.0f}" if "python_peak_mb" in r else "-"
        lines.append(
            f"| {r['n']:,} | {r['ingest_s']:.2f} | {r['analyze_s']:.2f} | {r['merge_s']:.2f} | {r['store_s']:.2f} | {r['total_s']:.2f} "
            f"| {r['n'] / r['total_s']:.0f} | {peak} | {r['max_rss_mb']:.0f} | {r['mentions']:,} | {r['events']:,} | {r['true_events']:,} "
            f"| {r['cached_sync_s']:.3f} | {r['cached_build_s']:.2f} |"
        )
    peers = [r for r in rows if "dask" in r]
    if peers:
        lines += ["", "| N | tag+extract in-process s | tag+extract Dask (2 workers, start-up included) s | same mentions |", "|---|---|---|---|"]
        for r in peers:
            dask = r["dask"]
            lines.append(f"| {r['n']:,} | {dask['local_analyze_s']:.2f} | {dask['analyze_s']:.2f} | {'yes' if dask['same'] else 'NO'} |")
    misses = [f"N={r['n']:,}: {r['total_s']:.1f} s > {TARGETS[r['n']]:.0f} s" for r in rows if r["n"] in TARGETS and r["total_s"] > TARGETS[r["n"]]]
    misses += [f"N={r['n']:,}: max RSS {r['max_rss_mb']:.0f} MB > {MEMORY_TARGET_MB} MB" for r in rows if r["max_rss_mb"] > MEMORY_TARGET_MB]
    misses += [
        f"N={r['n']:,}: cached {kind} {r[f'cached_{kind}_s']:.2f} s (should be well under 1 s)"
        for r in rows
        for kind in ("sync", "build")
        if r[f"cached_{kind}_s"] >= CACHED_TARGET
    ]
    lines += ["", "Targets missed: " + "; ".join(misses) if misses else "All targets met."]
    return "\n".join(lines)


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
            events, elapsed = _timed(merge.merge, mentions, articles)
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
        analyses = _profiled(sections, "tag + extract", pipeline.analyze_many, articles)
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
