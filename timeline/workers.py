"""Work spread over this machine's cores: batches mapped in worker processes, results in order.

Workers are started with "spawn", so that no thread of the caller (a Streamlit server) is forked
into them; each imports what it runs afresh, about a third of a CPU second.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

__all__ = ["cores", "map_batches"]

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0))


def map_batches(
    function: Callable[[Batch], Result],
    batches: Sequence[Batch],
    workers: int,
    done: Callable[[int], None] | None = None,
) -> list[Result]:
    """function(batch) of each batch, computed in `workers` processes, in the order of the batches.

    `function` must be importable by name (a module's top-level function); `done(i)` is called in
    this process as batch i comes back, in whatever order they finish.
    """
    results: list[Result | None] = [None] * len(batches)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        position = {pool.submit(function, batch): i for i, batch in enumerate(batches)}
        for future in as_completed(position):
            i = position[future]
            results[i] = future.result()
            if done:
                done(i)
    return results  # type: ignore[return-value]  # every slot was filled above
