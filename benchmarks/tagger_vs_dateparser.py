"""Our temporal tagger against dateparser's search_dates on the same TimeML news, same scorer.

    python benchmarks/tagger_vs_dateparser.py                 # all of dev/timebank + dev/aquaint
    python benchmarks/tagger_vs_dateparser.py DIR --limit 60  # at most 60 of the *.tml under DIR

dateparser is the obvious off-the-shelf alternative, so this answers "is our tagger worth having":
both run in this one process on the same documents and are scored by timeline.timeml (TempEval-3
strict/relaxed extraction, value F1). dateparser only finds dates, as (substring, datetime) pairs:
each substring is located in the text in order and its datetime becomes a day value (YYYY-MM-DD),
type DATE, so it cannot score on durations, sets, months or years; that is part of the comparison.
Documents are taken in turn from each directory; each tagger is warmed up once on a short sentence
before timing, so that loading its resources is not counted as throughput, and each makes the same
number of passes over the documents, the median pass being the one timed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` importable
    sys.path.insert(0, str(PROJECT))

from dateparser.search import search_dates  # noqa: E402

from timeline import temporal, timeml  # noqa: E402
from timeline.model import Timex  # noqa: E402

DEV = PROJECT.parent / "shared" / "data" / "timeml" / "dev"
DEFAULT_DIRECTORIES = (DEV / "timebank", DEV / "aquaint")
FIXTURES = PROJECT / "tests" / "fixtures" / "timeml"
FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
WARM_UP = "The talks began on Monday, March 3, two weeks ago."


def dateparser_settings(dct: dt.date) -> dict[str, object]:
    return {"RELATIVE_BASE": dt.datetime.combine(dct, dt.time()), "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


def dateparser_tag(text: str, dct: dt.date) -> list[Timex]:
    """search_dates as a tagger: substrings located in order, datetimes cut to the day."""
    found = search_dates(text, languages=["en"], settings=dateparser_settings(dct)) or []
    timexes, cursor = [], 0
    for substring, when in found:
        start = text.find(substring, cursor)
        if start < 0:
            start = text.find(substring)
        if start < 0:
            continue
        cursor = start + len(substring)
        timexes.append(Timex(start, cursor, substring, "DATE", when.date().isoformat(), rule="dateparser"))
    return timexes


def load(directories: Sequence[Path], limit: int | None) -> tuple[list[timeml.TimemlDocument], list[str]]:
    """Up to limit documents, taken in turn from each directory's *.tml files."""
    per_directory = None if limit is None else math.ceil(limit / len(directories))
    groups, skipped = [], []
    for directory in directories:
        found, messages = timeml.read_directory(directory, limit=per_directory)
        groups.append([d for documents in found.values() for d in documents])
        skipped += messages
    documents = [group[i] for i in range(max(map(len, groups), default=0)) for group in groups if i < len(group)]
    return documents[:limit] if limit is not None else documents, skipped


def measure(tagger: timeml.Tagger, documents: list[timeml.TimemlDocument], passes: int) -> tuple[list[timeml.Alignment], float]:
    """Gold/system alignments and the seconds spent inside the tagger alone on one pass over the
    documents: the median of `passes` passes, so that one disturbed pass does not decide the ratio."""
    tagger(WARM_UP, dt.date(2024, 3, 17))
    timings = []
    for _ in range(passes):
        spent = 0.0

        def timed(text: str, dct: dt.date) -> list[Timex]:
            nonlocal spent
            began = time.perf_counter()
            try:
                return tagger(text, dct)
            finally:
                spent += time.perf_counter() - began

        alignments = timeml.align(documents, tagger=timed)
        timings.append(spent)
    return alignments, statistics.median(timings)


def full_date_recall(alignments: Sequence[timeml.Alignment]) -> tuple[int, int]:
    """Gold day-granularity timexes, and how many got the right value: the fair ground for dateparser."""
    pairs = [p for a in alignments for p in a.pairs if p.gold is not None and FULL_DATE.fullmatch(p.gold.value)]
    return sum(p.system is not None and p.system.value == p.gold.value for p in pairs), len(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, nargs="?", help="TimeML files (default: shared dev timebank + aquaint)")
    parser.add_argument("--limit", type=int, help="at most this many documents (default: all; dateparser takes ~3 s a pass over the 256 news files)")
    parser.add_argument("--passes", type=int, default=3, help="passes over the documents for each tagger; the median pass is timed (default: 3)")
    args = parser.parse_args(argv)
    if args.directory:
        directories: Sequence[Path] = [args.directory]
    elif all(d.is_dir() for d in DEFAULT_DIRECTORIES):
        directories = DEFAULT_DIRECTORIES
    else:
        print(f"shared dev data not found under {DEV}; using the test fixtures")
        directories = [FIXTURES]
    documents, skipped = load(directories, args.limit)
    for message in skipped:
        print(f"skipped {message}")
    if not documents:
        print(f"no TimeML documents under {', '.join(map(str, directories))}")
        return 1
    characters = sum(len(d.text) for d in documents)
    print(f"documents: {len(documents)} from {', '.join(str(d) for d in directories)} ({characters} characters)")
    print(f"gold timexes: {sum(len(d.gold) for d in documents)}")
    example = dateparser_settings(dt.date(1998, 1, 8))
    print(f"dateparser.search.search_dates(text, languages=['en'], settings={example}) with RELATIVE_BASE = each DCT at 00:00")
    results = {}
    for name, tagger in (("ours", temporal.tag), ("dateparser", dateparser_tag)):
        alignments, seconds = measure(tagger, documents, max(args.passes, 1))
        scores = timeml.scores_of(alignments)
        results[name] = (scores, seconds)
        print(f"\n== {name}: {seconds:.2f} s, {len(documents) / seconds:.1f} documents/s, {characters / seconds:,.0f} characters/s")
        print(scores.summary())
        right, total = full_date_recall(alignments)
        print(f"  value recall on gold full dates (YYYY-MM-DD, what dateparser can express) {right / max(total, 1):.3f} ({right}/{total})")
        for problem in scores.problems:
            print(f"  problem: {problem}")
    (ours, ours_s), (theirs, theirs_s) = results["ours"], results["dateparser"]
    print("\n== ours / dateparser")
    print(f"  value F1   {ours.value_prf[2]:.3f} / {theirs.value_prf[2]:.3f}")
    print(f"  strict F1  {ours.strict_prf[2]:.3f} / {theirs.strict_prf[2]:.3f}")
    print(f"  relaxed F1 {ours.relaxed_prf[2]:.3f} / {theirs.relaxed_prf[2]:.3f}")
    print(f"  throughput ratio (ours/dateparser): {theirs_s / ours_s:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
