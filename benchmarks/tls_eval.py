"""Key events against journalists' timelines (Timeline17 dev), with both baselines and the time taken.

    python benchmarks/tls_eval.py              # ../shared/data/tls/dev beside the project
    python benchmarks/tls_eval.py DIR          # any folder in the same layout

Prints the table of `python -m timeline eval-tls` (Date-F1 of the project's key events, of the days
with the most articles published and of the days dateparser's search_dates finds most often, and
ROUGE-1 F1 of the matched days' labels), then the seconds each of them took in this run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` importable
    sys.path.insert(0, str(PROJECT))

from timeline import tls  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, nargs="?", default=PROJECT.parent / "shared" / "data" / "tls" / "dev")
    args = parser.parse_args()
    started = time.perf_counter()
    topics, problems = tls.read_topics(args.directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    read = time.perf_counter() - started
    run = tls.evaluate(topics)
    print(tls.report(run))
    seconds = " ".join(f"{name}={value:.1f}s" for name, value in run.seconds.items())
    print(f"seconds: reading={read:.1f}s {seconds} total={time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
