"""Where the per-article analysis and the merge run: the `Engine` interface and the local engine.

Per-article work (tag + extract) is a pure function of the article, so any engine can map it over
batches; the merge runs once over the collected mentions, period by period. `LocalEngine` uses this
machine's cores; `timeline.dask_engine.DaskEngine` a Dask cluster. The pipeline takes any Engine
(`pipeline.build`, `pipeline.sync`), so the CLI, the exports and the dashboard can all run on either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol

from timeline import events as event_extraction
from timeline import merge, temporal
from timeline.model import Article, Event, Mention
from timeline.workers import Workers, cores

__all__ = ["Engine", "LocalEngine", "Progress", "analyze", "analyze_many", "analyze_batch", "count_period", "cluster_period"]

Progress = Callable[[int, int, str], None]
"""Called as progress(done, total, what) while a long step runs."""


def analyze(article: Article) -> list[Mention]:
    """Tag an article's temporal expressions and extract the event each anchors."""
    return event_extraction.extract(article, temporal.tag(article.text, article.dct, article.language))


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


def count_period(task: tuple[list[Mention], Mapping[str, Article]]) -> tuple[dict[str, int], int]:
    """One task of a pool: the word counts of one period's mentions, given what their sources cite
    of their articles (everything but the text). The parse is not kept: a pool's worker keeps
    nothing between tasks, and sending it back would cost the caller the memory of every period."""
    mentions, cited = task
    return merge.parse(mentions, cited).counts


def cluster_period(task: tuple[list[Mention], Mapping[str, float], Mapping[str, Article]]) -> list[Event]:
    """One task of a pool: the events of one period's mentions, parsed again, given the corpus'
    word weights and what their sources cite of their articles."""
    mentions, idf, cited = task
    return merge.cluster(merge.parse(mentions, cited), idf, cited)


class Engine(Protocol):
    """Where analysis and merging run. Used as a context manager around one build, so that workers
    started for it serve every batch of both stages and are stopped after; outside a `with`, each
    call starts and stops its own. Entering an engine already entered joins that context: the
    workers stop at the outermost exit, so a function may enter the engine it is given without
    stopping the workers of a caller that holds them."""

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

PARALLEL_MIN_MENTIONS = 20_000
"""From this many mentions (about 4,000 articles) spread over several periods, the local engine
clusters the periods in worker processes: below it, starting them and sending each its period cost
more than the second core saves."""

BATCH_SIZE = 64
"""Articles per task sent to a worker: enough to make the cost of sending a task small next to its work."""


@dataclass
class LocalEngine:
    """Analysis and merging in this machine's processes.

    A corpus of PARALLEL_MIN_ARTICLES or more is analysed by `workers` processes (default: one per
    core this process may use; see timeline.workers), and PARALLEL_MIN_MENTIONS or more mentions
    over several periods are clustered by them; the mentions and events are the same as one process
    finds, in the same order. The processes start with the first batch that needs them and serve
    every call until the outermost `with` exits, so a small corpus never starts them.
    """

    workers: int | None = None
    _pool: Workers = field(init=False, repr=False, compare=False)
    _entered: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._pool = Workers(self.workers or cores())

    def __enter__(self) -> "LocalEngine":
        self._entered += 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._entered -= 1
        if not self._entered:
            self._pool.close()

    def analyze(self, articles: Sequence[Article], progress: Progress | None = None) -> list[list[Mention]]:
        if self._pool.count < 2 or len(articles) < PARALLEL_MIN_ARTICLES:
            return analyze_many(articles, progress)
        batches = [articles[i : i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
        done = 0

        def returned(i: int) -> None:
            nonlocal done
            done += len(batches[i])
            if progress:
                progress(done, len(articles), batches[i][-1].display_name)

        with self:  # the caller's workers, or workers for this call alone
            analysed = self._pool.map(analyze_batch, batches, returned)
        return [mentions for batch in analysed for mentions in batch]

    def merge(self, mentions: Sequence[Mention], articles: Mapping[str, Article]) -> list[Event]:
        """`merge.merge`; from PARALLEL_MIN_MENTIONS mentions over several periods, the worker
        processes count each period's words (the word weights need all of them), then parse each
        period again and cluster it, the largest first: the same events as one process, while
        this process holds no period's parse."""
        parts = merge.partitions(mentions)
        if self._pool.count < 2 or len(parts) < 2 or len(mentions) < PARALLEL_MIN_MENTIONS:
            return merge.merge(mentions, articles)
        parts.sort(key=len, reverse=True)
        cited = [merge.cited_articles(part, articles) for part in parts]
        with self:
            idf = merge.weights(self._pool.map(count_period, list(zip(parts, cited))))
            clustered = self._pool.map(cluster_period, [(part, idf, of_part) for part, of_part in zip(parts, cited)])
        return merge.sort_events(event for events in clustered for event in events)
