"""Calendar arithmetic on TIMEX3 values: the period a date falls in at a granularity, shifted by n,
and the calendar interval a value covers. Language-free, so every resource file shares it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from timeline.model import GRANULARITIES, Granularity

SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
"""Meteorological seasons: the month each starts (winter runs December to February)."""

RANK: dict[str, int] = {name: scale.rank for name, scale in GRANULARITIES.items() if name != "unknown"}
"""How coarse each granularity is, to choose a reference date fine enough for a shift."""

_INTERVAL_FORMS: list[tuple[re.Pattern[str], Granularity]] = [
    (re.compile(r"(\d{4})-(\d\d)-(\d\d)T.*"), "time"),
    (re.compile(r"(\d{4})-(\d\d)-(\d\d)"), "day"),
    (re.compile(r"(\d{4})-W(\d\d)-WE"), "weekend"),
    (re.compile(r"(\d{4})-W(\d\d)"), "week"),
    (re.compile(r"(\d{4})-(\d\d)"), "month"),
    (re.compile(r"(\d{4})-Q([1-4])"), "quarter"),
    (re.compile(r"(\d{4})-H([12])"), "half"),
    (re.compile(r"(\d{4})-(SP|SU|FA|WI)"), "season"),
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"(\d{3})"), "decade"),
    (re.compile(r"(\d{2})"), "century"),
]


def date_or_none(year: int, month: int, day: int) -> dt.date | None:
    """The day, None when the calendar has no such day (February 30, year 0)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def month_end(year: int, month: int) -> dt.date:
    y, m = add_months(year, month, 1)
    return dt.date(y, m, 1) - dt.timedelta(days=1)


def season_bounds(year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day of the season code of year (a winter runs into the next year)."""
    return GRANULARITIES["season"].period(dt.date(year, SEASON_START[code], 1))


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_value(day: dt.date, unit: str, n: int = 0) -> str:
    """The TIMEX3 value of the period of the given unit containing day, shifted by n such periods."""
    if unit == "day":
        return (day + dt.timedelta(days=n)).isoformat()
    if unit in ("week", "weekend"):
        value = week_value(day + dt.timedelta(weeks=n))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        y, m = add_months(day.year, day.month, n)
        return f"{y:04d}-{m:02d}"
    if unit == "quarter":
        index = day.year * 4 + (day.month - 1) // 3 + n
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "half":
        index = day.year * 2 + (day.month - 1) // 6 + n
        return f"{index // 2:04d}-H{index % 2 + 1}"
    if unit == "year":
        return f"{day.year + n:04d}"
    if unit == "decade":
        return f"{day.year // 10 + n:03d}"
    if unit == "century":
        return f"{day.year // 100 + n:02d}"
    raise ValueError(f"unknown calendar unit {unit!r}")


@functools.lru_cache(maxsize=4096)
def interval(value: str) -> tuple[dt.date, dt.date, Granularity] | None:
    """The calendar interval (first day, last day inclusive, granularity) a TIMEX3 value covers,
    or None for values no calendar can place: durations, sets, *_REF and anything with an X.
    """
    for pattern, granularity in _INTERVAL_FORMS:
        match = pattern.fullmatch(value)
        if match:
            try:
                return _interval_of(granularity, match.groups())
            except ValueError:
                return None
    return None


def _interval_of(granularity: Granularity, parts: tuple[str, ...]) -> tuple[dt.date, dt.date, Granularity]:
    """The first day a value names, and the period of its granularity that holds it (model.GRANULARITIES)."""
    year = int(parts[0])
    if granularity in ("day", "time"):
        first = dt.date(year, int(parts[1]), int(parts[2]))
    elif granularity in ("week", "weekend"):
        first = dt.date.fromisocalendar(year, int(parts[1]), 1)
    elif granularity == "month":
        first = dt.date(year, int(parts[1]), 1)
    elif granularity == "quarter":
        first = dt.date(year, 3 * (int(parts[1]) - 1) + 1, 1)
    elif granularity == "half":
        first = dt.date(year, 6 * (int(parts[1]) - 1) + 1, 1)
    elif granularity == "season":
        first = dt.date(year, SEASON_START[parts[1]], 1)
    elif granularity == "decade":
        first = dt.date(year * 10, 1, 1)
    elif granularity == "century":
        first = dt.date(max(year * 100, 1), 1, 1)
    else:
        first = dt.date(year, 1, 1)
    return (*GRANULARITIES[granularity].period(first), granularity)


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, nth: int, weekday: int) -> dt.date:
    """The nth (1-based; -1 = last) ISO weekday (1 = Monday) of a month."""
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))
    last = month_end(year, month)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
