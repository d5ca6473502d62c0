"""The stages wired together: the one place the CLI and the dashboard both call.

Per-article work (tag + extract) is a pure function of the article, so it is cached in the store
by content hash and can be mapped over a batch by any engine; merging runs once over the collected
mentions, period by period. An engine is where both run: `LocalEngine` (this machine's cores) or
`distributed.DaskEngine` (a Dask cluster), behind the small `Engine` interface.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Protocol

from timeline import events as event_extraction
from timeline import ingest, merge, temporal
from timeline.model import Article, Event, Mention, Problem
from timeline.store import CITED_COLUMNS, Store

PIPELINE_VERSION = "8"
"""Bump when tagging, extraction or merging changes, so every cached analysis is redone."""

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_DIR / "data"
STORE_FILE = "timeline.sqlite"

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, what) while a long step runs."""

STORE_BATCH = 500
"""Articles written to the store in one transaction: a transaction's fixed cost (a WAL commit)
is paid once per batch, and a batch's mentions stay a few megabytes."""


@dataclass
class IngestResult:
    """What happened to a batch of files: what was added, what was already there, what failed."""

    added: list[Article] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def undated(self) -> list[Article]:
        """Added articles with no publication date: their relative dates wait for one."""
        return [a for a in self.added if a.published is None]


def analyze(article: Article) -> list[Mention]:
    """Tag an article's temporal expressions and extract the event each anchors."""
    return event_extraction.extract(article, temporal.tag(article.text, article.dct, article.language))


def cache_key(article: Article) -> str:
    """Identifies one analysis: the same text, anchor date, language and rules give the same result."""
    raw = f"{PIPELINE_VERSION}|{article.id}|{article.published or ''}|{article.language}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def analyze_many(articles: Sequence[Article], progress: Progress | None = None) -> list[list[Mention]]:
    """Analyse articles in this process, in order."""
    results = []
    for i, article in enumerate(articles, start=1):
        results.append(analyze(article))
        if progress:
            progress(i, len(articles), article.display_name)
    return results


def analyze_batch(articles: Sequence[Article]) -> list[list[Mention]]:
    """One task of a pool or a cluster: the mentions of each article of a batch."""
    return [analyze(article) for article in articles]


class Engine(Protocol):
    """Where analysis and merging run. Used as a context manager around one build, so that workers
    started for it serve both stages and are stopped after."""

    def __enter__(self) -> "Engine": ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None: ...

    def analyze(self, articles: Sequence[Article], progress: Progress | None = None) -> list[list[Mention]]:
        """The mentions of each article, in order: `analyze` of each."""
        ...

    def merge(self, mentions: Sequence[Mention], articles: Mapping[str, Article]) -> list[Event]:
        """`merge.merge` of the mentions."""
        ...


PARALLEL_MIN_ARTICLES = 300
"""From this many articles to analyse, the local engine starts one worker process per core: below
it, their start-up (about half a second each) costs more than the second core saves."""

BATCH_SIZE = 64
"""Articles per task sent to a worker: enough to make the cost of sending a task small next to its work."""


@dataclass
class LocalEngine:
    """Analysis in this machine's processes, merging in this one.

    A corpus of PARALLEL_MIN_ARTICLES or more is analysed by `workers` processes (default: one per
    core this process may use), started with "spawn" so that no thread of the caller (a Streamlit
    server) is forked; the mentions are the same as one process finds, in article order.
    """

    workers: int | None = None

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def analyze(self, articles: Sequence[Article], progress: Progress | None = None) -> list[list[Mention]]:
        workers = self.workers or len(os.sched_getaffinity(0))
        if workers < 2 or len(articles) < PARALLEL_MIN_ARTICLES:
            return analyze_many(articles, progress)
        batches = [articles[i : i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
        results: list[list[list[Mention]]] = [[] for _ in batches]
        done = 0
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            position = {pool.submit(analyze_batch, batch): i for i, batch in enumerate(batches)}
            for future in as_completed(position):
                i = position[future]
                results[i] = future.result()
                done += len(batches[i])
                if progress:
                    progress(done, len(articles), batches[i][-1].display_name)
        return [mentions for batch in results for mentions in batch]

    def merge(self, mentions: Sequence[Mention], articles: Mapping[str, Article]) -> list[Event]:
        return merge.merge(mentions, articles)


def engine_named(name: str, scheduler: str | None = None) -> Engine:
    """The engine the CLI's --engine names: "local", or "dask" on the scheduler given or a local cluster."""
    if name == "local":
        return LocalEngine()
    if name == "dask":
        from timeline import distributed

        return distributed.DaskEngine(scheduler)
    raise ValueError(f"unknown engine {name!r} (expected 'local' or 'dask')")


def analyze_all(
    articles: Sequence[Article],
    store: Store | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> list[Mention]:
    """Mentions of every article, reusing the store's cached analyses and caching new ones
    (a transaction per STORE_BATCH articles)."""
    keys = [cache_key(a) for a in articles]
    done = store.analysed_keys(keys) if store else set()
    pending = [(a, k) for a, k in zip(articles, keys) if k not in done]
    analyses = (engine or LocalEngine()).analyze([a for a, _ in pending], progress) if pending else []
    if not store:
        return [m for mentions in analyses for m in mentions]
    rows = [(article.id, key, mentions) for (article, key), mentions in zip(pending, analyses)]
    for start in range(0, len(rows), STORE_BATCH):
        store.save_analyses(rows[start : start + STORE_BATCH])
    return store.cached_mentions(keys)


def build(
    articles: Sequence[Article],
    store: Store | None = None,
    progress: Progress | None = None,
    engine: Engine | str = "local",
    scheduler: str | None = None,
) -> list[Event]:
    """The merged events of a set of articles; with a store, an unchanged set is not merged again.

    `engine` is an Engine, or a name for `engine_named` (with `scheduler`).
    """
    fingerprint = events_fingerprint(articles)
    cached = store.events(fingerprint) if store else None
    if cached is not None:
        return cached
    with engine_named(engine, scheduler) if isinstance(engine, str) else engine as running:
        events = running.merge(analyze_all(articles, store, progress, running), {a.id: a for a in articles})
    if store:
        store.save_events(events, fingerprint)
    return events


def default_data_dir() -> Path:
    """Where the corpus lives: $TIMELINE_DATA_DIR, else var/ inside the project (ignored by git)."""
    return Path(os.environ.get("TIMELINE_DATA_DIR") or PROJECT_DIR / "var")


def open_store(data_dir: Path | None = None) -> Store:
    return Store((data_dir or default_data_dir()) / STORE_FILE)


def ensure_sample_corpus(store: Store, directory: Path = SAMPLE_DIR) -> list[Problem]:
    """Load the bundled sample articles into a new store, once: removed articles stay removed."""
    if store.get_meta("sample_loaded"):
        return []
    articles, problems = ingest.read_directory(directory)
    problems += add_articles(store, articles).problems
    store.set_meta("sample_loaded", "1")
    return problems


def add_articles(store: Store, articles: Iterable[Article], engine: Engine | None = None) -> IngestResult:
    """Add articles to the corpus with their analysis, STORE_BATCH articles to a transaction.

    An article that cannot be analysed is reported and leaves nothing behind, and the others go on;
    a batch that cannot be written (a full disk) is reported article by article and leaves nothing
    of it behind, while the batches written before it stay.
    """
    result = IngestResult()
    fresh: list[Article] = []
    seen: set[str] = set()
    for article in articles:
        if article.id in seen or store.article(article.id) is not None:
            result.duplicates.append(article)
            continue
        seen.add(article.id)
        fresh.append(article)
    for start in range(0, len(fresh), STORE_BATCH):
        batch = fresh[start : start + STORE_BATCH]
        analysed = []
        for article, mentions in zip(batch, _analyses(batch, engine, result)):
            if mentions is not None:
                analysed.append((article, cache_key(article), mentions))
        try:
            store.add_analysed_articles(analysed)
        except Exception as error:  # a failed batch must not stop the import or break the corpus
            result.problems += [Problem(a.file, f"could not be added ({type(error).__name__}: {error}); nothing of it was stored") for a, _, _ in analysed]
            continue
        result.added += [article for article, _, _ in analysed]
    return result


def _analyses(batch: list[Article], engine: Engine | None, result: IngestResult) -> list[list[Mention] | None]:
    """Each article's mentions, or None (with its problem reported) for one whose analysis fails."""
    try:
        return (engine or LocalEngine()).analyze(batch)
    except Exception:  # find which article fails, alone
        pass
    analyses: list[list[Mention] | None] = []
    for article in batch:
        try:
            analyses.append(analyze(article))
        except Exception as error:  # one article's failure must not stop the batch or break the corpus
            result.problems.append(Problem(article.file, f"could not be added ({type(error).__name__}: {error}); nothing of it was stored"))
            analyses.append(None)
    return analyses


def ingest_files(
    store: Store,
    files: Sequence[tuple[str, bytes]],
    published: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read uploaded files and add their articles; `published` sets dates by file name."""
    result = IngestResult()
    for i, (name, data) in enumerate(files, start=1):
        articles, problems = ingest.read_upload(name, data)
        result.problems.extend(problems)
        if published and published.get(name):
            articles = [replace(a, published=published[name], published_source="user") for a in articles]
        batch = add_articles(store, articles)
        result.added += batch.added
        result.duplicates += batch.duplicates
        result.problems += batch.problems
        if progress:
            progress(i, len(files), name)
    return result


def events_fingerprint(articles: Iterable[Article]) -> str:
    """Changes whenever the merged events could: an article's analysis or what its sources cite, or the rules."""
    return _fingerprint(tuple(getattr(a, column) for column in CITED_COLUMNS) for a in articles)


def corpus_fingerprint(store: Store) -> str:
    """events_fingerprint of the stored corpus, without reading the articles' texts."""
    return _fingerprint(store.identities())


def _fingerprint(identities: Iterable[tuple]) -> str:
    rows = sorted(repr(tuple(identity)) for identity in identities)
    return hashlib.sha256("\n".join([PIPELINE_VERSION, *rows]).encode()).hexdigest()[:24]


def sync(store: Store, progress: Progress | None = None, engine: Engine | str = "local") -> list[Event]:
    """The corpus' events: analyses only what changed, merges only when the corpus changed."""
    cached = store.events(corpus_fingerprint(store))
    return cached if cached is not None else build(store.articles(), store, progress, engine)
