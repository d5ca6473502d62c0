"""The Dask engine: per-article analysis and the merge, on a Dask cluster.

Tagging and extraction are a pure function of one article, so a corpus splits into independent
batches; batching (rather than one task per article) keeps the scheduler's per-task overhead small
next to the work, and the batches are scattered to the workers first, so that the articles' texts
travel to the workers directly instead of inside the task graph through the scheduler.

The merge runs on the workers by period (`merge.partitions`): each period's mentions are parsed
where they land, only their word counts come back to make the corpus-wide word weights, and each
period is clustered into events where it was parsed. The events are those of `merge.merge`, which
runs the same functions one period after another. Dask is imported only here (`pipeline.engine_named`
imports this module when the Dask engine is asked for), so the local engine never pays for it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from distributed import Client, LocalCluster, as_completed

from timeline import engines, merge
from timeline.model import Article, Event, Mention

LOCAL_WORKERS = 2
"""Worker processes of the cluster started when no scheduler is given: one per core of a small machine."""

PRIVATE_HTTP = {"dashboard_address": "127.0.0.1:0"}
"""Even without a dashboard a scheduler serves health checks over HTTP, on port 8787 by default, with
a warning when another cluster holds it: a local cluster takes any free port on loopback instead."""

WORKER_WAIT_SECONDS = 30
"""How long a given scheduler may take to have a worker before the run is refused."""


@dataclass
class DaskEngine:
    """Analysis and merging on the Dask scheduler at `scheduler` ("tcp://host:8786"), or on a local
    cluster of LOCAL_WORKERS single-threaded processes when it is None.

    Inside `with engine:` one client (and local cluster) serves every call, until the outermost
    `with` exits (a `with` inside it joins it); outside, each call opens its own.
    """

    scheduler: str | None = None
    batch_size: int = engines.BATCH_SIZE
    _opened: ExitStack | None = field(default=None, init=False, repr=False)
    _client: Client | None = field(default=None, init=False, repr=False)
    _entered: int = field(default=0, init=False, repr=False)

    def __enter__(self) -> "DaskEngine":
        if not self._entered:
            self._opened = ExitStack()
        self._entered += 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._entered -= 1
        if self._entered:
            return
        opened, self._opened, self._client = self._opened, None, None
        if opened:
            opened.close()

    @contextmanager
    def _connected(self) -> Iterator[Client]:
        if self._client is not None:
            yield self._client
        elif self._opened is not None:
            self._client = self._opened.enter_context(_client(self.scheduler))
            yield self._client
        else:
            with _client(self.scheduler) as client:
                yield client

    def analyze(self, articles: Sequence[Article], progress: engines.Progress | None = None) -> list[list[Mention]]:
        """Mentions of each article, in order: the same result as `engines.analyze_many`.
        Progress counts articles and is reported as each batch completes."""
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {self.batch_size}")
        if not articles:
            return []
        with self._connected() as client:
            return _analyze_on(client, articles, self.batch_size, progress)

    def merge(self, mentions: Sequence[Mention], articles: Mapping[str, Article]) -> list[Event]:
        """`merge.merge` of the mentions, each period parsed and clustered on a worker."""
        parts = merge.partitions(mentions)
        if not parts:
            return []
        with self._connected() as client:
            return _merge_on(client, parts, articles)


def analyze_many(
    articles: Sequence[Article],
    scheduler: str | None = None,
    progress: engines.Progress | None = None,
    batch_size: int = engines.BATCH_SIZE,
) -> list[list[Mention]]:
    """Mentions of each article, in order, on a cluster opened for this call (see DaskEngine)."""
    return DaskEngine(scheduler, batch_size).analyze(articles, progress)


def _analyze_on(client: Client, articles: Sequence[Article], batch_size: int, progress: engines.Progress | None) -> list[list[Mention]]:
    batches = [list(articles[i : i + batch_size]) for i in range(0, len(articles), batch_size)]
    results: list[list[list[Mention]] | None] = [None] * len(batches)
    futures = client.map(engines.analyze_batch, client.scatter(batches), pure=False)
    position = {future.key: i for i, future in enumerate(futures)}
    done = 0
    for future, analyses in as_completed(futures, with_results=True):
        i = position[future.key]
        results[i] = analyses
        done += len(batches[i])
        if progress:
            progress(done, len(articles), batches[i][-1].display_name)
    return [mentions for batch in results for mentions in batch]


def _merge_on(client: Client, parts: list[list[Mention]], articles: Mapping[str, Article]) -> list[Event]:
    """Parse each period on a worker, weigh words over all of them, cluster each where it was parsed.

    Each period travels with what its events cite of its articles (everything but the text).
    """
    cited = [merge.cited_articles(part, articles) for part in parts]
    scattered = client.scatter(list(zip(parts, cited)))
    parsed = client.map(_parse, scattered, pure=False)
    counts = client.gather(client.map(_counts, parsed, pure=False))
    idf = client.scatter(merge.weights(counts), broadcast=True)
    clustered = client.map(_cluster, parsed, scattered, idf=idf, pure=False)
    return merge.sort_events(event for events in client.gather(clustered) for event in events)


def _parse(part: tuple[list[Mention], dict[str, Article]]) -> merge.Partition:
    mentions, articles = part
    return merge.parse(mentions, articles)


def _counts(parsed: merge.Partition) -> tuple[dict[str, int], int]:
    return parsed.counts


def _cluster(parsed: merge.Partition, part: tuple[list[Mention], dict[str, Article]], idf: dict[str, float]) -> list[Event]:
    return merge.cluster(parsed, idf, part[1])


@contextmanager
def _client(scheduler: str | None) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster that lives as long as the client."""
    if scheduler:
        with Client(scheduler) as client:
            _check_cluster(client, scheduler)
            yield client
        return
    with (
        LocalCluster(
            n_workers=LOCAL_WORKERS,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs=PRIVATE_HTTP,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _check_cluster(client: Client, scheduler: str) -> None:
    """Refuse, with the fix, a cluster that could never run a batch: tasks would wait or fail obscurely."""
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        raise RuntimeError(f"the Dask scheduler at {scheduler} has no workers; start some with `dask worker {scheduler}`") from None
    lacking = [] if client.run_on_scheduler(importlib.util.find_spec, "timeline") else ["the scheduler"]
    lacking += sorted(f"worker {worker}" for worker, spec in client.run(importlib.util.find_spec, "timeline").items() if spec is None)
    if lacking:
        raise RuntimeError(
            f"the Dask cluster at {scheduler} cannot run timeline tasks: {', '.join(lacking)} cannot import the "
            "timeline package; install requirements.txt and the package on the scheduler and on every worker (`pip install -e .` "
            "in a copy of the project installs both): an installed package imports whatever the worker's directory"
        )
