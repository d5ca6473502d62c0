"""Granularities are one table (timeline.model.GRANULARITIES): its order, lengths and calendar
periods hold for every date, and every stage reads its order from it."""

from __future__ import annotations

import datetime as dt

from timeline.model import GRANULARITIES, granularity_order, scale_of
from timeline.temporal import calendar
from timeline.viz.style import GRANULARITY_COLORS


def test_periods_are_iso_weeks_calendar_months_quarters_and_years():
    day = dt.date(2024, 8, 15)
    assert GRANULARITIES["week"].period(day) == (dt.date(2024, 8, 12), dt.date(2024, 8, 18))
    assert GRANULARITIES["month"].period(day) == (dt.date(2024, 8, 1), dt.date(2024, 8, 31))
    assert GRANULARITIES["quarter"].period(day) == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert GRANULARITIES["quarter"].period(dt.date(2024, 12, 31)) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert GRANULARITIES["year"].period(day) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_a_winter_runs_from_december_into_the_next_year_and_a_weekend_is_its_weeks_saturday_and_sunday():
    assert GRANULARITIES["season"].period(dt.date(2025, 1, 10)) == (dt.date(2024, 12, 1), dt.date(2025, 2, 28))
    assert GRANULARITIES["weekend"].period(dt.date(2024, 8, 15)) == (dt.date(2024, 8, 17), dt.date(2024, 8, 18))
    assert GRANULARITIES["half"].period(dt.date(2024, 8, 15)) == (dt.date(2024, 7, 1), dt.date(2024, 12, 31))
    assert GRANULARITIES["decade"].period(dt.date(2024, 8, 15)) == (dt.date(2020, 1, 1), dt.date(2029, 12, 31))
    assert GRANULARITIES["century"].period(dt.date(2024, 8, 15)) == (dt.date(2000, 1, 1), dt.date(2099, 12, 31))


def test_every_period_holds_its_day_and_lasts_between_its_shortest_and_longest_length():
    lengths: dict[str, set[int]] = {name: set() for name in GRANULARITIES if name not in ("time", "unknown")}
    for offset in range(0, 160_000, 5):  # 1700 to 2138, with the leap years' exceptions
        day = dt.date(1700, 1, 1) + dt.timedelta(days=offset)
        for name in lengths:
            first, last = GRANULARITIES[name].period(day)
            assert first <= day <= last or name == "weekend", (name, day)
            lengths[name].add((last - first).days + 1)
    for name, seen in lengths.items():
        assert (min(seen), max(seen)) == (GRANULARITIES[name].shortest_days, GRANULARITIES[name].longest_days), name


def test_a_period_is_the_interval_of_the_value_the_tagger_gives_the_same_day():
    for offset in range(0, 3_000, 3):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=offset)
        for name in ("day", "week", "weekend", "month", "quarter", "half", "year", "decade", "century"):
            assert GRANULARITIES[name].period(day) == calendar.interval(calendar.period_value(day, name))[:2], (name, day)


def test_the_granularities_go_finest_first_and_every_stage_reads_that_one_order():
    names = list(GRANULARITIES)
    assert names[:4] == ["time", "day", "weekend", "week"] and names[-1] == "unknown"
    assert [GRANULARITIES[name].shortest_days for name in names[:-1]] == sorted(GRANULARITIES[name].shortest_days for name in names[:-1])
    assert [GRANULARITIES[name].rank for name in names] == sorted(GRANULARITIES[name].rank for name in names)
    assert calendar.RANK == {name: scale.rank for name, scale in GRANULARITIES.items() if name != "unknown"}
    assert set(GRANULARITY_COLORS) == set(GRANULARITIES)
    assert sorted(["year", "day", "nonsense", "time", "week"], key=granularity_order) == ["time", "day", "week", "year", "nonsense"]
    assert scale_of("nonsense") is GRANULARITIES["unknown"]


def test_the_calendars_first_and_last_periods_end_at_its_bounds_rather_than_fail():
    last = dt.date(9999, 12, 31)
    assert calendar.interval("9999-12") == (dt.date(9999, 12, 1), last, "month")
    assert calendar.interval("9999-WI") == (dt.date(9999, 12, 1), last, "season")
    assert calendar.interval("9999-W52") == (dt.date(9999, 12, 27), last, "week")
    assert GRANULARITIES["century"].period(dt.date(1, 6, 1)) == (dt.date(1, 1, 1), dt.date(99, 12, 31))
    assert calendar.interval("0000") is None
