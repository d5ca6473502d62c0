"""Timeline summarization evaluation: do the key events fall on the dates journalists chose?

Reads topic folders in the Timeline17 layout (`<topic>/articles.jsonl` and `<topic>/timelines/*.txt`
in the tilse format: a `YYYY-MM-DD` line, that date's summary sentences, a line of dashes) and
scores, per gold timeline, Date-F1 as news-tls defines it: the system's day-level dates inside the
gold timeline's span, the k best (k = the gold's number of dates), F1 against the gold dates. Two
baselines are scored on the same articles in the same run, and the labels of the matched days get
ROUGE-1 F1 against the journalists' summaries.
"""

from __future__ import annotations

import collections
import concurrent.futures
import datetime as dt
import os
import re
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline import ingest, pipeline, salience
from timeline.model import Article, Event

__all__ = ["Topic", "Score", "read_topics", "read_timeline", "chosen_dates", "date_f1", "rouge1_f1", "evaluate", "report"]

_DATE_LINE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"[^\W_]+")
_DETOKENIZE = re.compile(r"\s+(?='s\b|n't\b)")


@dataclass(frozen=True)
class Topic:
    name: str
    articles: tuple[Article, ...]
    timelines: dict[str, dict[dt.date, str]]
    """Each gold timeline by file stem: date -> the summary of that date."""


@dataclass
class Score:
    topic: str
    timeline: str
    k: int
    project: float
    pubcount: float
    dateparser: float
    rouge1: float


@dataclass
class Run:
    scores: list[Score] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: collections.defaultdict(float))


def read_timeline(path: Path) -> dict[dt.date, str]:
    """A tilse timeline file; a date given twice keeps both summaries."""
    summaries: dict[dt.date, list[str]] = {}
    current: dt.date | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if _DATE_LINE.fullmatch(stripped):
            current = dt.date.fromisoformat(stripped)
            summaries.setdefault(current, [])
        elif stripped.startswith("---"):
            current = None
        elif stripped and current is not None:
            summaries[current].append(stripped)
    return {day: " ".join(lines) for day, lines in summaries.items()}


def read_topics(directory: Path) -> tuple[list[Topic], list[str]]:
    """The topic folders under `directory`, and a message for each folder that cannot be scored."""
    topics, problems = [], []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
        corpus = folder / "articles.jsonl"
        timelines = {p.stem: read_timeline(p) for p in sorted((folder / "timelines").glob("*.txt"))}
        timelines = {name: gold for name, gold in timelines.items() if gold}
        if not corpus.is_file() or not timelines:
            problems.append(f"{folder}: needs articles.jsonl and timelines/*.txt with dated entries; skipped")
            continue
        articles, unread = ingest.read_path(corpus)
        problems += [f"{p.file}: {p.message}" for p in unread if p.fatal]
        if not articles:
            problems.append(f"{corpus}: no article could be read; skipped")
            continue
        topics.append(Topic(folder.name, tuple(articles), timelines))
    return topics, problems


def chosen_dates(ranked: Sequence[dt.date], gold: Collection[dt.date]) -> list[dt.date]:
    """The k best distinct ranked dates inside the gold's span, k = the number of gold dates."""
    if not gold:
        return []
    first, last = min(gold), max(gold)
    return [d for d in dict.fromkeys(ranked) if first <= d <= last][: len(gold)]


def date_f1(ranked: Sequence[dt.date], gold: Iterable[dt.date]) -> float:
    """news-tls Date-F1: the k best ranked dates inside the gold's span against the gold dates."""
    gold = set(gold)
    chosen = chosen_dates(ranked, gold)
    hits = len(gold.intersection(chosen))
    if not hits:
        return 0.0
    precision, recall = hits / len(chosen), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def _unigrams(text: str) -> collections.Counter[str]:
    return collections.Counter(_WORD.findall(_DETOKENIZE.sub("", text.replace("’", "'")).lower()))


def rouge1_f1(candidate: str, reference: str) -> float:
    """ROUGE-1 F1: unigram overlap (lower-cased, punctuation dropped, stopwords kept) of two texts."""
    ours, theirs = _unigrams(candidate), _unigrams(reference)
    overlap = sum((ours & theirs).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(ours.values()), overlap / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def ranked_days(events: Sequence[Event]) -> list[tuple[dt.date, Event]]:
    """The days of the day-level key events in the order they are chosen, each with its first."""
    day_level = [e for e in events if e.granularity in salience.DAY_LEVEL]
    best: dict[dt.date, Event] = {}
    for event in salience.key_events(day_level, len(day_level)):
        best.setdefault(event.start, event)
    return list(best.items())


def pubcount_days(articles: Sequence[Article]) -> list[dt.date]:
    """Baseline: days by the number of articles published on them."""
    counts = collections.Counter(a.dct for a in articles if a.dct is not None)
    return [day for day, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def dateparser_days(articles: Sequence[Article]) -> list[dt.date]:
    """Baseline: days by how many articles dateparser's search_dates finds them in, each article
    anchored at its publication date (an article counts once per day it names). dateparser takes
    most of an evaluation's time, so the articles are shared among a process per core."""
    dated = [(a.text, a.dct) for a in articles if a.dct is not None]
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and len(dated) > 20:
        with concurrent.futures.ProcessPoolExecutor(workers) as pool:
            found = list(pool.map(_dateparser_days_of, dated, chunksize=8))
    else:
        found = [_dateparser_days_of(item) for item in dated]
    counts = collections.Counter(day for days in found for day in days)
    return [day for day, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def _dateparser_days_of(item: tuple[str, dt.date]) -> set[dt.date]:
    from dateparser.search import search_dates

    text, published = item
    base = dt.datetime.combine(published, dt.time())
    found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
    return {when.date() for _, when in found}


def evaluate(topics: Sequence[Topic]) -> Run:
    run = Run()
    for topic in topics:
        started = time.perf_counter()
        days = ranked_days(pipeline.build(topic.articles))
        run.seconds["project"] += time.perf_counter() - started
        started = time.perf_counter()
        published = pubcount_days(topic.articles)
        run.seconds["pubcount"] += time.perf_counter() - started
        started = time.perf_counter()
        mentioned = dateparser_days(topic.articles)
        run.seconds["dateparser"] += time.perf_counter() - started
        ours = [day for day, _ in days]
        best = dict(days)
        for name, gold in topic.timelines.items():
            matched = [rouge1_f1(best[day].label, gold[day]) for day in chosen_dates(ours, gold) if day in gold]
            run.scores.append(
                Score(topic.name, name, len(gold), date_f1(ours, gold), date_f1(published, gold), date_f1(mentioned, gold),
                      sum(matched) / len(matched) if matched else 0.0)
            )
    return run


def report(run: Run) -> str:
    """One row per gold timeline, the means, and a machine-readable last line."""
    rows = [f"{'topic':8} {'timeline':44} {'k':>3} {'project':>8} {'pubcount':>8} {'dateparser':>10} {'label_r1':>8}"]
    for s in run.scores:
        rows.append(f"{s.topic:8} {s.timeline[:44]:44} {s.k:3} {s.project:8.3f} {s.pubcount:8.3f} {s.dateparser:10.3f} {s.rouge1:8.3f}")
    n = len(run.scores) or 1
    mean = {key: sum(getattr(s, key) for s in run.scores) / n for key in ("project", "pubcount", "dateparser", "rouge1")}
    rows.append(f"{'mean':8} {'':44} {'':3} {mean['project']:8.3f} {mean['pubcount']:8.3f} {mean['dateparser']:10.3f} {mean['rouge1']:8.3f}")
    rows.append(
        f"project_date_f1={mean['project']:.3f} pubcount_date_f1={mean['pubcount']:.3f} "
        f"dateparser_date_f1={mean['dateparser']:.3f} label_rouge1={mean['rouge1']:.3f} timelines={len(run.scores)}"
    )
    return "\n".join(rows)
