"""Where the per-article analysis and the merge run: the `Engine` interface and the local engine.

Per-article work (tag + extract) is a pure function of the article, so any engine can map it over
batches; the merge runs once over the collected mentions, period by period. `LocalEngine` uses this
machine's cores; `timeline.dask_engine.DaskEngine` a Dask cluster. The pipeline takes any Engine
(`pipeline.build`, `pipeline.sync`), so the CLI, the exports and the dashboard can all run on either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

from timeline import events as event_extraction
from timeline import merge, temporal
from timeline.model import Article, Event, Mention
from timeline.workers import cores, map_batches

__all__ = ["Engine", "LocalEngine", "Progress", "analyze", "analyze_many", "analyze_batch"]

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
    core this process may use; see timeline.workers); the mentions are the same as one process
    finds, in article order.
    """

    workers: int | None = None

    def __enter__(self) -> "LocalEngine":
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def analyze(self, articles: Sequence[Article], progress: Progress | None = None) -> list[list[Mention]]:
        workers = self.workers or cores()
        if workers < 2 or len(articles) < PARALLEL_MIN_ARTICLES:
            return analyze_many(articles, progress)
        batches = [articles[i : i + BATCH_SIZE] for i in range(0, len(articles), BATCH_SIZE)]
        done = 0

        def returned(i: int) -> None:
            nonlocal done
            done += len(batches[i])
            if progress:
                progress(done, len(articles), batches[i][-1].display_name)

        return [mentions for batch in map_batches(analyze_batch, batches, workers, returned) for mentions in batch]

    def merge(self, mentions: Sequence[Mention], articles: Mapping[str, Article]) -> list[Event]:
        return merge.merge(mentions, articles)
