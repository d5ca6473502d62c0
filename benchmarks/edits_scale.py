"""What a user's edits cost on 10,000 events: applying them, reading them from the store, and the
event table that shows them, against the same events with no edit (what every reader paid before).

    python -m benchmarks.edits_scale               # 10,000 events; 0, 10, 100 and 1,000 edits
    python -m benchmarks.edits_scale 2000 --edits 50

The events are benchmarks/dashboard_scale.py's (every true event of the synthetic world with every
report as a source). The edits are a seeded mix of what a journalist does: relabels, redates, key
marks, hides, merges of two events of the same week, and sources split out or moved. Each figure is
the median of REPEATS runs in this process. The dashboard applies the edits once per corpus state and
edit log (a cached resource) and then only asks the store whether the log changed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` and `benchmarks` importable
    sys.path.insert(0, str(PROJECT))

from benchmarks.dashboard_scale import synthetic_events  # noqa: E402
from timeline import edits  # noqa: E402
from timeline.model import Edit, Event  # noqa: E402
from timeline.store import Store  # noqa: E402
from timeline.viz.tables import events_table  # noqa: E402

REPEATS = 5


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.edits_scale", description=__doc__.splitlines()[0])
    parser.add_argument("events", type=int, nargs="?", default=10_000)
    parser.add_argument("--edits", type=int, nargs="+", default=[10, 100, 1000], help="numbers of edits to measure")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    events = synthetic_events(args.events, args.seed)
    print(f"{len(events):,} events, {sum(len(e.sources) for e in events):,} sources", file=sys.stderr)
    rows = [("no edit (the unedited path)", *_measure(events, []))]
    for n in args.edits:
        made = make_edits(events, n, args.seed)
        rows.append((f"{n:,} edits ({describe(made)})", *_measure(events, made)))
    table_s = _median(lambda: events_table(events))[1]
    print(report(len(events), rows, table_s))
    return 0


def make_edits(events: Sequence[Event], n: int, seed: int) -> list[Edit]:
    """n edits of random events, each made on the events as the edits before it left them."""
    rng = random.Random(seed)
    current = list(events)
    made: list[Edit] = []
    while len(made) < n:
        event = rng.choice(current)
        kind = rng.choice(["relabel", "relabel", "redate", "key", "hide", "merge", "move"])
        if kind == "relabel":
            edit = edits.relabel(event, f"{event.label} (checked)")
        elif kind == "redate":
            edit = edits.redate(event, f"{event.start:%Y-%m}" if event.granularity == "day" else event.start.isoformat())
        elif kind == "key":
            if event.key:
                continue
            edit = edits.mark_key(event)
        elif kind == "hide":
            edit = edits.hide(event)
        elif kind == "merge":
            near = [e for e in current if e.id != event.id and abs((e.start - event.start).days) <= 7]
            if not near:
                continue
            edit = edits.merge(event, rng.choice(near))
        else:
            if len(event.sources) < 2:
                continue
            edit = edits.move(event, event.sources[:1])
        made.append(edit)
        current = edits.apply(current, [edit]).events
    return made


def describe(made: Sequence[Edit]) -> str:
    counts: dict[str, int] = {}
    for edit in made:
        counts[edit.kind] = counts.get(edit.kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))


def _measure(events: Sequence[Event], made: list[Edit]) -> tuple[float, float, float, int]:
    """Seconds to apply the edits, to read them back from a store, to ask the store whether they
    changed; and how many were not applied."""
    applied, apply_s = _median(lambda: edits.apply(events, made))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "edits.sqlite")
        for edit in made:
            store.add_edit(edit)
        _, read_s = _median(store.edits)
        _, version_s = _median(store.edits_version)
        store.close()
    return apply_s, read_s, version_s, len(applied.unapplied)


def _median(function: Callable[[], Any]) -> tuple[Any, float]:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def report(n: int, rows: list[tuple], table_s: float) -> str:
    lines = [
        f"{n:,} events; each figure the median of {REPEATS} runs",
        "",
        "| edits | apply s | read from the store s | has the log changed? ms | not applied |",
        "|---|---|---|---|---|",
    ]
    for name, apply_s, read_s, version_s, unapplied in rows:
        lines.append(f"| {name} | {apply_s:.3f} | {read_s:.3f} | {version_s * 1000:.2f} | {unapplied} |")
    lines += ["", f"event table of {n:,} events (with its key and edited columns): {table_s:.3f} s"]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
