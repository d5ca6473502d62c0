"""The project's HTML ingestion against the libraries it is built on, on their own evaluation pages.

    python benchmarks/ingest_vs_libraries.py                # ../shared/data/web beside the project
    python benchmarks/ingest_vs_libraries.py DIR --workers 1 --limit 100

DIR holds dates.json (htmldate's evaluation set: a gold publication date per page), text.json
(trafilatura's: snippets the main text must contain, `with`, and must leave out, `without`) and the
pages under pages/. Each page goes through, in one process and in turn (the order rotates from page to
page, so that no system always finds the libraries' caches warm):

- ingest: `timeline.ingest.read_upload`, all that a user's upload goes through (decoding, extraction,
  furniture, datelines); its date and its text are scored;
- htmldate `find_date(html, original_date=True)` with and without `extensive_search`, as htmldate's
  tests/comparison.py runs it (on the decoded page, no URL);
- trafilatura `extract(page)` with its defaults, and as its tests/evaluate.py runs it
  (`include_comments=False`, tables, no formatting);
- trafilatura `bare_extraction(page, **timeline.webpages.EXTRACTION)`: the settings ingestion gives it.

Scores are those the libraries give themselves. Dates, per gold entry: the gold date is a true
positive, no date a false negative, another date a false positive; accuracy = right / entries,
F = 2tp / (2tp + fp + fn). Text: each `with` snippet found (whitespace-normalized substring) is a true
positive, each missing a false negative, each `without` snippet found a false positive, each absent a
true negative. Milliseconds per page are the mean time inside each call over the pages it ran on, as
CPU time of the process (what the machine's other load changes least) and as wall-clock time; the
workers (--workers, default 2) share the machine alike for every system.

It then sorts the project's errors into categories, each with example files: a date it misses or
gets wrong (by where it came from, and whether its own date search on the uncut page or htmldate's
extensive search has it right), a `with` snippet it loses (refused page, cut as closing furniture,
blanked, left out by one of ingestion's trafilatura settings, missed by trafilatura too) and a
`without` snippet it keeps.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` importable
    sys.path.insert(0, str(PROJECT))

import trafilatura  # noqa: E402
from charset_normalizer import detect  # noqa: E402
from dateparser import DateDataParser  # noqa: E402
from htmldate import find_date  # noqa: E402

from timeline import furniture, webpages  # noqa: E402
from timeline.ingest import read_upload  # noqa: E402

DEFAULT_DIRECTORY = PROJECT.parent / "shared" / "data" / "web"
EXAMPLES = 4
WARM_UP = b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1><p>" + b"Lawmakers ratified the treaty on Monday. " * 20 + b"</p></article></body></html>"


@dataclass(frozen=True)
class Output:
    """What one system gives for one page."""

    date: str | None = None
    """YYYY-MM-DD."""
    text: str | None = None
    date_source: str = ""


def decoded(data: bytes) -> str:
    """The page as htmldate's comparison reads it: UTF-8, else the detected encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = detect(data)["encoding"] or "latin-1"
        return data.decode(encoding, errors="replace")


def run_ingest(name: str, data: bytes) -> Output:
    upload = name if name.lower().endswith((".html", ".htm")) else f"{name}.html"
    articles, _ = read_upload(upload, data)
    if not articles:
        return Output()
    article = articles[0]
    return Output((article.published or "")[:10] or None, article.text, article.published_source)


def run_htmldate_extensive(name: str, data: bytes) -> Output:
    return Output(find_date(decoded(data), extensive_search=True, original_date=True))


def run_htmldate_fast(name: str, data: bytes) -> Output:
    return Output(find_date(decoded(data), extensive_search=False, original_date=True))


def run_trafilatura_defaults(name: str, data: bytes) -> Output:
    return Output(text=trafilatura.extract(data))


def run_trafilatura_evaluation(name: str, data: bytes) -> Output:
    return Output(text=trafilatura.extract(data, include_comments=False, include_tables=True, include_formatting=False))


def run_trafilatura_ingest_settings(name: str, data: bytes) -> Output:
    document = trafilatura.bare_extraction(data, **webpages.EXTRACTION)
    return Output(text=document.text if document is not None else None)


@dataclass(frozen=True)
class System:
    name: str
    run: Callable[[str, bytes], Output]
    dates: bool
    text: bool


INGEST = "ingest"
EXTENSIVE = "htmldate extensive"
INGEST_SETTINGS = "trafilatura, ingest's settings"
DEFAULTS = "trafilatura defaults"
SYSTEMS = (
    System(INGEST, run_ingest, dates=True, text=True),
    System(EXTENSIVE, run_htmldate_extensive, dates=True, text=False),
    System("htmldate fast", run_htmldate_fast, dates=True, text=False),
    System(DEFAULTS, run_trafilatura_defaults, dates=False, text=True),
    System("trafilatura, its evaluation's settings", run_trafilatura_evaluation, dates=False, text=True),
    System(INGEST_SETTINGS, run_trafilatura_ingest_settings, dates=False, text=True),
)


@dataclass(frozen=True)
class Task:
    index: int
    path: str
    gold_dates: tuple[str, ...] = ()
    """One per URL of dates.json that names the page (two URLs share one file)."""
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()


@dataclass
class PageResult:
    file: str
    gold_dates: tuple[str, ...]
    dates: dict[str, str | None] = field(default_factory=dict)
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    found_with: dict[str, tuple[bool, ...]] = field(default_factory=dict)
    found_without: dict[str, tuple[bool, ...]] = field(default_factory=dict)
    date_category: str | None = None
    lost: list[str] = field(default_factory=list)
    """The category of each `with` snippet ingest misses."""
    kept: list[str] = field(default_factory=list)
    """The category of each `without` snippet ingest keeps."""


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def found(snippets: Sequence[str], text: str | None) -> tuple[bool, ...]:
    normalized = norm(text) if text else None
    return tuple(normalized is not None and norm(s) in normalized for s in snippets)


def warm_up() -> None:
    """Pay each system's one-time costs before any page is timed: imports, and dateparser's loading
    of its 200 locales, which htmldate's extensive search triggers on the first date string no
    language claims (1.7 s, once per process)."""
    DateDataParser().get_date_data("2001 - 2020 warm-up")
    for system in SYSTEMS:
        system.run("warm-up.html", WARM_UP)


def measure(task: Task) -> PageResult:
    path = Path(task.path)
    data = path.read_bytes()
    result = PageResult(path.name, task.gold_dates)
    wanted = [s for s in SYSTEMS if (s.dates and task.gold_dates) or (s.text and task.with_)]
    turn = task.index % len(wanted)
    outputs: dict[str, Output] = {}
    for system in wanted[turn:] + wanted[:turn]:
        began, began_cpu = time.perf_counter(), time.process_time()
        try:
            outputs[system.name] = system.run(path.name, data)
        except Exception:  # a library failing on a page counts as finding nothing there, as in its own scoring
            outputs[system.name] = Output()
        result.cpu_seconds[system.name] = time.process_time() - began_cpu
        result.seconds[system.name] = time.perf_counter() - began
    for system in wanted:
        output = outputs[system.name]
        if system.dates and task.gold_dates:
            result.dates[system.name] = output.date
        if system.text and task.with_:
            result.found_with[system.name] = found(task.with_, output.text)
            result.found_without[system.name] = found(task.without, output.text)
    gold = task.gold_dates[0] if task.gold_dates else None
    if gold and outputs[INGEST].date != gold:
        result.date_category = date_category(data, gold, outputs)
    if task.with_:
        result.lost, result.kept = text_categories(data, task, result, outputs)
    return result


def date_category(data: bytes, gold: str, outputs: dict[str, Output]) -> str:
    extensive = outputs[EXTENSIVE].date == gold
    html = decoded(data)
    uncut = find_date(html, **webpages.MARKUP_DATE) or find_date(html, **webpages.TEXT_DATE)
    if outputs[INGEST].date is None:
        if uncut == gold:
            return "undated; ingest's date search on the whole page is right (a cut block or the story's sentences held it)"
        return "undated; htmldate's extensive search is right" if extensive else "undated; no library is right"
    if outputs[INGEST].date_source == "dateline":
        return "wrong date from a dateline"
    if uncut == gold:
        return "wrong date; ingest's date search on the whole page is right (a cut block or the story's sentences held it)"
    return "wrong date; htmldate's extensive search is right" if extensive else "wrong date; so is htmldate's extensive search"


def text_categories(data: bytes, task: Task, result: PageResult, outputs: dict[str, Output]) -> tuple[list[str], list[str]]:
    text = outputs[INGEST].text
    lost_at = [i for i, hit in enumerate(result.found_with[INGEST]) if not hit]
    kept_at = [i for i, hit in enumerate(result.found_without[INGEST]) if hit]
    if not lost_at and not kept_at:
        return [], []
    page = webpages.read_page(decoded(data))
    extracted = page.text if page else None
    uncut = furniture.cut_trailing_furniture(extracted) if extracted else None
    variants: dict[str, str | None] = {}

    def variant(option: str) -> str | None:
        if option not in variants:
            document = trafilatura.bare_extraction(data, **{**webpages.EXTRACTION, option: not webpages.EXTRACTION[option]})
            variants[option] = document.text if document is not None else None
        return variants[option]

    lost = []
    for i in lost_at:
        snippet = (task.with_[i],)
        if text is None:
            lost.append("page refused (no text)")
        elif found(snippet, extracted)[0] and not found(snippet, uncut)[0]:
            lost.append("cut as closing furniture")
        elif found(snippet, uncut)[0]:
            lost.append("blanked (dateline or inline furniture)")
        elif result.found_with[INGEST_SETTINGS][i]:
            lost.append("in trafilatura's text with ingest's settings, not in ingest's (the page decoded otherwise)")
        elif result.found_with[DEFAULTS][i]:
            options = [option for option, value in webpages.EXTRACTION.items() if isinstance(value, bool)]
            flipped = [f"{option}={webpages.EXTRACTION[option]}" for option in options if found(snippet, variant(option))[0]]
            lost.append(f"left out by ingest's trafilatura settings ({', '.join(flipped) or 'together'}); its defaults keep it")
        else:
            lost.append("missed by trafilatura's defaults too")
    kept = ["kept by trafilatura's defaults too" if result.found_without[DEFAULTS][i] else "kept where trafilatura's defaults leave it out" for i in kept_at]
    return lost, kept


def tasks_of(directory: Path, limit: int | None) -> list[Task]:
    dates = json.loads((directory / "dates.json").read_text(encoding="utf-8"))
    texts = json.loads((directory / "text.json").read_text(encoding="utf-8"))
    by_file: dict[str, dict] = defaultdict(dict)
    for item in list(dates.values())[:limit]:
        by_file[item["file"]]["gold_dates"] = (*by_file[item["file"]].get("gold_dates", ()), item["date"])
    for item in list(texts.values())[:limit]:
        by_file[item["file"]]["with_"] = tuple(item["with"])
        by_file[item["file"]]["without"] = tuple(item["without"])
    return [Task(i, str(directory / "pages" / file), **fields) for i, (file, fields) in enumerate(sorted(by_file.items()))]


def date_scores(results: list[PageResult], system: str) -> tuple[float, float, int, int, int]:
    scored = [(r.dates[system], gold) for r in results if system in r.dates for gold in r.gold_dates]
    right = sum(date == gold for date, gold in scored)
    none = sum(date is None for date, _ in scored)
    wrong = len(scored) - right - none
    f = 2 * right / (2 * right + wrong + none) if scored else 0.0
    return right / max(len(scored), 1), f, right, wrong, none


def text_scores(results: list[PageResult], system: str) -> tuple[float, float, float, float]:
    tp = sum(sum(r.found_with[system]) for r in results if system in r.found_with)
    fn = sum(len(r.found_with[system]) - sum(r.found_with[system]) for r in results if system in r.found_with)
    fp = sum(sum(r.found_without[system]) for r in results if system in r.found_without)
    tn = sum(len(r.found_without[system]) - sum(r.found_without[system]) for r in results if system in r.found_without)
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    return precision, recall, (tp + tn) / max(tp + tn + fp + fn, 1), 2 * tp / max(2 * tp + fp + fn, 1)


def milliseconds(results: list[PageResult], system: str, pages: Callable[[PageResult], bool] = lambda r: True) -> tuple[float, float]:
    """(CPU, wall-clock) milliseconds per page."""
    chosen = [r for r in results if system in r.seconds and pages(r)]
    if not chosen:
        return 0.0, 0.0
    return 1000 * statistics.fmean(r.cpu_seconds[system] for r in chosen), 1000 * statistics.fmean(r.seconds[system] for r in chosen)


def print_categories(title: str, entries: list[tuple[str, str]]) -> None:
    """entries: (category, file) per error."""
    print(f"\n{title}: {len(entries)}")
    counts = Counter(category for category, _ in entries)
    files: dict[str, list[str]] = defaultdict(list)
    for category, file in entries:
        if file not in files[category]:
            files[category].append(file)
    for category, count in counts.most_common():
        print(f"  {count:4d}  {category} ({len(files[category])} pages){examples(files[category])}")


def examples(files: Sequence[str]) -> str:
    return f", e.g. {', '.join(files[:EXAMPLES])}" if files else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, nargs="?", default=DEFAULT_DIRECTORY, help=f"the evaluation pages (default: {DEFAULT_DIRECTORY})")
    parser.add_argument("--workers", type=int, default=2, help="processes measuring pages side by side (default: 2)")
    parser.add_argument("--limit", type=int, help="at most this many pages of each set (default: all)")
    args = parser.parse_args(argv)
    if not (args.directory / "dates.json").is_file() or not (args.directory / "text.json").is_file():
        print(f"no dates.json and text.json under {args.directory}", file=sys.stderr)
        return 1
    tasks = tasks_of(args.directory, args.limit)
    began = time.perf_counter()
    if args.workers > 1:
        with ProcessPoolExecutor(args.workers, initializer=warm_up) as pool:
            results = list(pool.map(measure, tasks, chunksize=4))
    else:
        warm_up()
        results = [measure(task) for task in tasks]
    elapsed = time.perf_counter() - began
    dated = [r for r in results if r.gold_dates]
    with_text = [r for r in results if r.found_with]
    entries = sum(len(r.gold_dates) for r in dated)
    snippets = sum(len(r.found_with[INGEST]) + len(r.found_without[INGEST]) for r in with_text)
    print(f"{args.directory}: {len(results)} pages, {len(dated)} with a gold date ({entries} entries), {len(with_text)} with gold snippets; "
          f"{args.workers} worker process(es), {elapsed:.0f} s")
    print(f"trafilatura {version('trafilatura')}, htmldate {version('htmldate')}; ingest's trafilatura settings {webpages.EXTRACTION}, "
          f"htmldate settings {webpages.MARKUP_DATE} then {webpages.TEXT_DATE}")

    print(f"\npublication date ({entries} entries)        accuracy  F      right  wrong  none   ms/page CPU  wall")
    for system in (s for s in SYSTEMS if s.dates):
        accuracy, f, right, wrong, none = date_scores(results, system.name)
        cpu, wall = milliseconds(results, system.name, lambda r: bool(r.gold_dates))
        print(f"  {system.name:38s} {accuracy:.3f}  {f:.3f}  {right:5d}  {wrong:5d}  {none:4d}  {cpu:11.1f}  {wall:5.1f}")

    print(f"\nmain text ({len(with_text)} pages, {snippets} snippets)   precision  recall  accuracy  F      ms/page CPU  wall")
    for system in (s for s in SYSTEMS if s.text):
        precision, recall, accuracy, f = text_scores(results, system.name)
        cpu, wall = milliseconds(results, system.name, lambda r: bool(r.found_with))
        print(f"  {system.name:38s} {precision:.3f}      {recall:.3f}   {accuracy:.3f}     {f:.3f}  {cpu:11.1f}  {wall:5.1f}")
    cpu, wall = milliseconds(results, INGEST)
    print(f"\ningest: {cpu:.1f} ms/page CPU, {wall:.1f} wall, over all {len(results)} pages")

    print_categories("ingest's date errors (pages)", [(r.date_category, r.file) for r in dated if r.date_category])
    gold = {r.file: r.gold_dates[0] for r in dated}
    better = [r.file for r in dated if r.dates[INGEST] == gold[r.file] != r.dates[EXTENSIVE]]
    worse = [r.file for r in dated if r.dates[EXTENSIVE] == gold[r.file] != r.dates[INGEST]]
    print(f"  ingest right where htmldate's extensive search is not: {len(better)}{examples(better)}")
    print(f"  htmldate's extensive search right where ingest is not: {len(worse)}{examples(worse)}")
    print_categories("ingest's lost snippets (with)", [(category, r.file) for r in with_text for category in r.lost])
    print_categories("ingest's kept boilerplate (without)", [(category, r.file) for r in with_text for category in r.kept])
    return 0


if __name__ == "__main__":
    sys.exit(main())
