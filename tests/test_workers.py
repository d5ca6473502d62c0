"""Worker processes: started once for a build, shared by its batches, gone when it ends.

Real spawned processes throughout; the tasks below run in them, so they are top-level functions.
"""

import multiprocessing
import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from timeline.workers import Workers


def process_id(batch: int) -> int:
    return os.getpid()


def fail_on_two(batch: int) -> int:
    if batch == 2:
        raise ValueError("batch 2 failed")
    return batch


def die(batch: int) -> int:
    os._exit(3)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def child_ids() -> set[int]:
    """The processes this one has started and not yet joined."""
    return {process.pid for process in multiprocessing.active_children()}


def test_workers_are_started_once_and_serve_every_map_until_the_with_exits():
    before = child_ids()
    with Workers(2) as workers:
        assert child_ids() == before  # nothing is started before a map needs it
        seen = [set(workers.map(process_id, range(6))) for _ in range(3)]
        started = child_ids() - before
    every = set().union(*seen)
    assert len(every) <= 2 and every <= started
    assert not any(alive(pid) for pid in every)


def test_a_batch_that_raises_is_raised_leaves_the_workers_for_the_next_map_and_none_after_exit():
    before = child_ids()
    with pytest.raises(ValueError, match="batch 2 failed"):
        with Workers(2) as workers:
            workers.map(process_id, range(4))
            started = child_ids() - before
            with pytest.raises(ValueError, match="batch 2 failed"):
                workers.map(fail_on_two, range(6))
            assert workers.map(fail_on_two, [0, 1]) == [0, 1]
            assert set(workers.map(process_id, range(4))) <= started == child_ids() - before
            workers.map(fail_on_two, [2])
    assert started and not any(alive(pid) for pid in started)


def test_a_worker_that_dies_breaks_its_map_and_the_next_map_starts_new_workers():
    with Workers(2) as workers:
        with pytest.raises(BrokenProcessPool):
            workers.map(die, [0])
        assert workers.map(fail_on_two, [0, 1, 3]) == [0, 1, 3]
        pids = set(workers.map(process_id, range(4)))
    assert not any(alive(pid) for pid in pids)
