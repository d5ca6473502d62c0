"""The Dask engine: per-article analysis mapped over batches on a Dask cluster.

Tagging and extraction are a pure function of one article, so a corpus splits into independent
batches; batching (rather than one task per article) keeps the scheduler's per-task overhead small
next to the work, and the batches are scattered to the workers first, so that the articles' texts
travel to the workers directly instead of inside the task graph through the scheduler. Merging needs every mention at once and stays in the caller's process.
Dask is imported only here, so the in-process engine never pays for it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from distributed import Client, LocalCluster, as_completed

from timeline import pipeline
from timeline.model import Article, Mention

LOCAL_WORKERS = 2
"""Worker processes of the cluster started when no scheduler is given: one per core of a small machine."""

PRIVATE_HTTP = {"dashboard_address": "127.0.0.1:0"}
"""Even without a dashboard a scheduler serves health checks over HTTP, on port 8787 by default, with
a warning when another cluster holds it: a local cluster takes any free port on loopback instead."""

WORKER_WAIT_SECONDS = 30
"""How long a given scheduler may take to have a worker before the run is refused."""


def analyze_many(
    articles: Sequence[Article],
    scheduler: str | None = None,
    progress: pipeline.Progress | None = None,
    batch_size: int = 64,
) -> list[list[Mention]]:
    """Mentions of each article, in order: the same result as `pipeline.analyze_many`.

    Runs on the Dask scheduler at `scheduler` ("tcp://host:8786"), or on a local cluster of
    LOCAL_WORKERS single-threaded processes started (and closed) for this call when it is None.
    Progress counts articles and is reported as each batch completes.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if not articles:
        return []
    batches = [list(articles[i : i + batch_size]) for i in range(0, len(articles), batch_size)]
    results: list[list[list[Mention]] | None] = [None] * len(batches)
    with _client(scheduler) as client:
        futures = client.map(analyze_batch, client.scatter(batches), pure=False)
        position = {future.key: i for i, future in enumerate(futures)}
        done = 0
        for future, analyses in as_completed(futures, with_results=True):
            i = position[future.key]
            results[i] = analyses
            done += len(batches[i])
            if progress:
                progress(done, len(articles), batches[i][-1].display_name)
    return [mentions for batch in results for mentions in batch]


def analyze_batch(articles: list[Article]) -> list[list[Mention]]:
    """One task: the mentions of each article of a batch (runs on a worker)."""
    return [pipeline.analyze(article) for article in articles]


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
            "timeline package; install requirements.txt and put the project on PYTHONPATH on the scheduler and on every worker"
        )
