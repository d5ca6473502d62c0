"""timeline.temporal on the seed corpus: every gold TIMEX row is found with its value, no junk dates,
and `interval` places every value form on the calendar."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from timeline.temporal import interval, tag

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"


def _dcts() -> dict[str, dt.date]:
    with (DATA / "manifest.csv").open(encoding="utf-8") as handle:
        return {row["file"]: dt.date.fromisoformat(row["published"][:10]) for row in csv.DictReader(handle)}


def _gold_rows() -> list[tuple[str, int, str, str]]:
    lines = (PROJECT / "tests" / "gold_timexes.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return [(f, int(n), expression, value) for f, n, expression, value in rows[1:]]


@pytest.mark.parametrize(("file", "line", "expression", "value"), _gold_rows())
def test_seed_gold_expression_is_tagged_with_its_value(file: str, line: int, expression: str, value: str) -> None:
    text = (DATA / file).read_text(encoding="utf-8")
    lines = text.split("\n")
    start = sum(len(previous) + 1 for previous in lines[: line - 1]) + lines[line - 1].index(expression)
    end = start + len(expression)
    overlapping = [t for t in tag(text, _dcts()[file]) if t.start < end and t.end > start]
    assert value in [t.value for t in overlapping], f"{expression!r} on line {line}: {overlapping}"


def test_seed_articles_yield_no_dates_from_numbers() -> None:
    """Phone numbers, troop counts, speeds and article numbers must not become events."""
    for path in sorted(DATA.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        timexes = tag(text, _dcts()[path.name])
        for junk in ("02-398-8585", "3,000", "11,000", "50,000", "80mph", "Article 4"):
            at = text.find(junk)
            while at >= 0:
                assert not [t for t in timexes if t.start < at + len(junk) and t.end > at], f"{junk!r} in {path.name}"
                at = text.find(junk, at + 1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-19", (dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day")),
        ("2024-10-20T09:00", (dt.date(2024, 10, 20), dt.date(2024, 10, 20), "time")),
        ("2024-10-16TMO", (dt.date(2024, 10, 16), dt.date(2024, 10, 16), "time")),
        ("2024-W42", (dt.date(2024, 10, 14), dt.date(2024, 10, 20), "week")),
        ("2024-W42-WE", (dt.date(2024, 10, 19), dt.date(2024, 10, 20), "weekend")),
        ("2024-06", (dt.date(2024, 6, 1), dt.date(2024, 6, 30), "month")),
        ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "month")),
        ("2025-Q1", (dt.date(2025, 1, 1), dt.date(2025, 3, 31), "quarter")),
        ("2024-H2", (dt.date(2024, 7, 1), dt.date(2024, 12, 31), "half")),
        ("2024-SU", (dt.date(2024, 6, 1), dt.date(2024, 8, 31), "season")),
        ("2024-WI", (dt.date(2024, 12, 1), dt.date(2025, 2, 28), "season")),
        ("2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "year")),
        ("199", (dt.date(1990, 1, 1), dt.date(1999, 12, 31), "decade")),
        ("19", (dt.date(1900, 1, 1), dt.date(1999, 12, 31), "century")),
    ],
)
def test_interval_of_each_value_form(value: str, expected: tuple[dt.date, dt.date, str]) -> None:
    assert interval(value) == expected


@pytest.mark.parametrize("value", ["P3Y", "PT24H", "XXXX-06", "XXXX-WXX-1", "PRESENT_REF", "PAST_REF", "2024-02-30", "2024-W60", "", "junk"])
def test_interval_is_none_for_values_no_calendar_places(value: str) -> None:
    assert interval(value) is None
