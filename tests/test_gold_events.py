"""The spec: every event of tests/gold_events.tsv appears exactly once when the seed articles go through
tagging, extraction and merging."""

import csv
from pathlib import Path

import pytest

from timeline import events, merge, temporal
from timeline.model import Article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _seed_articles() -> list[Article]:
    with open(DATA / "manifest.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        Article(
            file=row["file"],
            text=(DATA / row["file"]).read_text(encoding="utf-8"),
            title=row["title"] or None,
            outlet=row["outlet"] or None,
            published=row["published"],
            published_source="manifest",
        )
        for row in rows
    ]


def _gold() -> list[tuple[str, str, set[str]]]:
    lines = [line for line in (ROOT / "tests" / "gold_events.tsv").read_text().splitlines() if not line.startswith("#")]
    return [(date, what, set(files.split(","))) for date, what, files in (line.split("\t") for line in lines[1:])]


@pytest.fixture(scope="module")
def seed_events():
    articles = _seed_articles()
    mentions = [m for a in articles for m in events.extract(a, temporal.tag(a.text, a.dct, a.language))]
    return merge.merge(mentions, {a.id: a for a in articles})


@pytest.mark.parametrize(("date", "what", "files"), _gold(), ids=[g[1] for g in _gold()])
def test_each_gold_event_appears_once_citing_every_article_that_reports_it(seed_events, date, what, files):
    found = seed_events
    gold_start, gold_end, _ = temporal.interval(date)
    dated = [e for e in found if e.date == date and files <= {s.file for s in e.sources}]
    assert len(dated) == 1, f"{what}: {[(e.date, e.label) for e in found]}"
    split_copies = [
        e for e in found
        if e is not dated[0] and e.start <= gold_start and gold_end <= e.end and len(files & {s.file for s in e.sources}) > 1
    ]
    assert split_copies == [], f"{what} is also reported as {[(e.date, e.label) for e in split_copies]}"


def test_page_furniture_and_teasers_give_no_events(seed_events):
    found = seed_events
    assert not [e for e in found if any("Storm Ashley" in s.sentence or "storm" in s.sentence for s in e.sources)]
