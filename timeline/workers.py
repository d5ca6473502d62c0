"""Work spread over this machine's cores: batches mapped in worker processes, results in order.

Workers are started with "spawn", so that no thread of the caller (a Streamlit server) is forked
into them; each imports what it runs afresh, about a third of a CPU second, and never the caller's
script (see `_without_script_main`). `Workers` keeps its processes from the first batch that needs
them until it is closed, so that every batch of a build (analysis, merge, one store transaction
after another) shares that start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from types import ModuleType, TracebackType
from typing import TypeVar

__all__ = ["Workers", "cores", "map_batches"]

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0))


class Workers:
    """Up to `count` worker processes, started when a map first needs them and kept for the next
    maps until `close`, which `with` calls on exit.

    A batch that raises leaves the workers running for the next map; a worker that dies (killed,
    out of memory) breaks the set, and the next map starts new ones.
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def map(self, function: Callable[[Batch], Result], batches: Sequence[Batch], done: Callable[[int], None] | None = None) -> list[Result]:
        """function(batch) of each batch, computed in the workers, in the order of the batches.

        `function` must be importable by name (a module's top-level function); `done(i)` is called in
        this process as batch i comes back, in whatever order they finish. When a batch raises, the
        batches not yet started are dropped and the error is raised here.
        """
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"))
        results: list[Result | None] = [None] * len(batches)
        with _without_script_main():  # a submit may start a worker
            position = {self._pool.submit(function, batch): i for i, batch in enumerate(batches)}
        try:
            for future in as_completed(position):
                i = position[future]
                results[i] = future.result()
                if done:
                    done(i)
        except BrokenProcessPool:
            self.close()
            raise
        except BaseException:
            for future in position:
                future.cancel()
            raise
        return results  # type: ignore[return-value]  # every slot was filled above

    def close(self) -> None:
        """Stop the workers (those running a batch finish it first); a later map starts new ones."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _without_script_main() -> Iterator[None]:
    """A bare `__main__` while worker processes start. A spawned process first runs its parent's
    `__main__` from its file, and under Streamlit (or its AppTest) that module is the dashboard
    script, which would run again, store and all, in every worker; the workers only run functions
    importable by name and need nothing of it."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def map_batches(
    function: Callable[[Batch], Result],
    batches: Sequence[Batch],
    workers: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """`Workers.map` in `workers` processes started for this call alone."""
    with Workers(workers) as pool:
        return pool.map(function, batches, done)
