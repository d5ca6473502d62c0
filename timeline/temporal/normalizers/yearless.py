"""Dates said without their year: "June 19", "in March", "Christmas", "August of that year". The
year is the one the range they open states, else the one their sentence's tense points to from the
DCT (or, in a narrative, the nearest to the story's date)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from timeline.temporal import calendar
from timeline.temporal.calendar import date_or_none
from timeline.temporal.discourse import Anchor
from timeline.temporal.normalizers.base import Expression, Result, normalizer
from timeline.temporal.words import direction, is_deictic, leading_number, month_of

NEWS_FUTURE_WEIGHT = 1.5
"""Without a future cue, a news report's date without a year is in the future only when it is less
than 1/1.5 as far ahead as behind (measured: +8 right values on TimeBank/AQUAINT, none lost)."""

_MONTH_DAY = re.compile(r"\d\d-\d\d")


def choose(dates: Callable[[int], dt.date | None], dct: dt.date, tense: str, future_weight: float = 1.0) -> dt.date | None:
    """The occurrence of a yearly date the tense points to: the first on or after the DCT for the
    future, the last on or before it for the past, else the one nearest the DCT (a past one on a tie),
    a later one counting future_weight times as far."""
    options = [d for d in (dates(dct.year + k) for k in (-1, 0, 1)) if d is not None]
    later = [d for d in options if d >= dct]
    earlier = [d for d in options if d <= dct]
    if tense == "future":
        return min(later) if later else None
    if tense == "past":
        return max(earlier) if earlier else None
    return min(options, key=lambda d: (abs((d - dct).days) * (future_weight if d > dct else 1.0), d > dct)) if options else None


def future_weight(anchor: Anchor) -> float:
    """How much further a later occurrence counts than an earlier one: news mostly reports what
    happened, so "In March" in a report of October is last March, not next; a story moves both ways."""
    return 1.0 if anchor.narrative else NEWS_FUTURE_WEIGHT


def tense_of_year(anchor: Anchor, expression: Expression) -> tuple[str, str]:
    """The tense that picks the year of a date said without one. Only a future cue counts: past
    cues ("said", "declared") usually belong to the report, not to the date (WSJ: "declared a
    dividend payable Dec. 15"), so without one the occurrence nearest the anchor is taken; in a
    narrative, always the nearest (a story told in the past moves back and forth in time)."""
    return anchor.tense(expression.document, expression.candidate, future_only=True)


def nearest_account(tense: str, cue: str, anchor: Anchor) -> str:
    if tense == "future":
        return f"future tense ('{cue}'), first on/after {anchor.account}"
    if tense == "past":
        return f"past tense ('{cue}'), last on/before {anchor.account}"
    return f"no future cue, nearest to {anchor.account}"


def in_bc_story(expression: Expression, part: str, said: str) -> Result | None:
    """A month or season (part: "08", "SU") in the year before Christ a narrative is in, if it is in one."""
    bc = expression.discourse.story_bc_year()
    if bc is None:
        return None
    value = f"BC{bc:04d}-{part}"
    return Result(value, f"{said} in the story's year BC{bc:04d} -> {value}")


def opening_year(month: int, shared: tuple[int, int | None]) -> int:
    """The year of a range's first month: the year after it is stated, the one before when the
    range crosses New Year ("December 20 to January 5, 2024")."""
    stated, closing_month = shared
    return stated - 1 if closing_month is not None and month > closing_month else stated


def on_month_day(month: int, day: int, expression: Expression) -> Result | None:
    """The day of a month said without a year ("June 19"), in the year of the range it opens, else
    the one the tense picks; None when no year has such a day."""
    if date_or_none(2000, month, day) is None:
        return None
    shared = expression.document.year_stated_after(expression.candidate)
    anchor = None
    if shared is not None:
        date, how = date_or_none(opening_year(month, shared), month, day), f"the year of the range it opens ({shared[0]})"
    elif (anchor := expression.discourse.anchor()) is None:
        return Result(f"XXXX-{month:02d}-{day:02d}", "month and day, no DCT for the year")
    elif anchor.within_year:
        date, how = date_or_none(anchor.date.year, month, day), f"in the year of {anchor.account}"
    else:
        tense, cue = tense_of_year(anchor, expression)
        date = choose(lambda y: date_or_none(y, month, day), anchor.date, tense, future_weight(anchor))
        how = nearest_account(tense, cue, anchor)
    if date is None:
        return None
    return Result(date.isoformat(), f"month and day, {how} -> {date}", counted_from_dct=anchor is not None and anchor.from_dct)


@normalizer("month_day")
def month_and_day(expression: Expression) -> Result | None:
    """"June 19", "19 June", "on April 24 and 25"."""
    month = month_of(expression.groups["month"], expression.lang)
    if month is None:
        return None
    return on_month_day(month, leading_number(expression.groups["day"]), expression)


@normalizer("month")
def month_alone(expression: Expression) -> Result | None:
    """"in March", "last June", "early May": the month in the year the range, the direction word or
    the tense picks."""
    groups = expression.groups
    number_of_month = month_of(groups["month"], expression.lang)
    if number_of_month is None:
        return None
    shared = expression.document.year_stated_after(expression.candidate)
    if shared is not None and "direction" not in groups:
        value = f"{opening_year(number_of_month, shared):04d}-{number_of_month:02d}"
        return Result(value, f"month {groups['month']!r}, the year of the range it opens ({shared[0]}) -> {value}")
    if "direction" not in groups and (in_story := in_bc_story(expression, f"{number_of_month:02d}", f"month {groups['month']!r}")):
        return in_story
    anchor = expression.discourse.anchor(deictic=is_deictic(groups, expression.lang))
    if anchor is None:
        return Result(f"XXXX-{number_of_month:02d}", "month, no DCT for the year")
    base = anchor.date
    step = direction(groups, expression.lang)
    if step == 0 or anchor.within_year:
        year_of, how = base.year, f"in the year of {anchor.account}"
    elif step == -1:
        year_of, how = (base.year if number_of_month < base.month else base.year - 1), f"the last before {anchor.account}"
    elif step == 1:
        year_of, how = (base.year if number_of_month > base.month else base.year + 1), f"the next after {anchor.account}"
    elif number_of_month == base.month:
        year_of, how = base.year, f"the month of {anchor.account}"
    else:
        tense, cue = tense_of_year(anchor, expression)
        ahead = (number_of_month - base.month) % 12
        if tense == "future":
            year_of = base.year + (number_of_month < base.month)
        else:  # nearest in months (see future_weight), the past one on a tie
            year_of = base.year + (number_of_month < base.month) if ahead * future_weight(anchor) < 12 - ahead else base.year - (number_of_month > base.month)
        how = nearest_account(tense, cue, anchor)
    value = f"{year_of:04d}-{number_of_month:02d}"
    return Result(value, f"month {groups['month']!r}, {how} -> {value}", counted_from_dct=anchor.from_dct)


@normalizer("in_period_named")
def in_period_named(expression: Expression) -> Result | None:
    """"August of that year", "July 25 of the same year", "the 28th of that month": a month or day
    in the year or month the text named last."""
    groups = expression.groups
    unit = "month" if "ordinal_day" in groups else "year"
    shared = expression.document.year_stated_after(expression.candidate) if unit == "month" else None
    if shared is not None and shared[1] is not None:
        date = date_or_none(shared[0], shared[1], leading_number(groups["ordinal_day"]))
        return Result(date.isoformat(), f"day of the month of the range it opens -> {date}") if date else None
    named = expression.discourse.reference(unit)
    if named is None:
        return None
    timex, (first, _, _) = named
    if unit == "month":
        date = date_or_none(first.year, first.month, leading_number(groups["ordinal_day"]))
        return Result(date.isoformat(), f"day of the month last named ({timex.text!r}) -> {date}") if date else None
    number_of_month = month_of(groups["month"], expression.lang)
    if number_of_month is None:
        return None
    if "day" not in groups:
        value = f"{first.year:04d}-{number_of_month:02d}"
        return Result(value, f"month of the year last named ({timex.text!r}) -> {value}")
    date = date_or_none(first.year, number_of_month, leading_number(groups["day"]))
    return Result(date.isoformat(), f"day of the year last named ({timex.text!r}) -> {date}") if date else None


@normalizer("month_of_relative_year")
def month_of_relative_year(expression: Expression) -> Result | None:
    """"March next year", "June last year"."""
    groups = expression.groups
    number_of_month = month_of(groups["month"], expression.lang)
    step = direction(groups, expression.lang)
    anchor = expression.discourse.anchor(deictic=True)
    if number_of_month is None or step is None or anchor is None:
        return None
    value = f"{anchor.date.year + int(step):04d}-{number_of_month:02d}"
    return Result(value, f"month of {groups['direction']!r} year from {anchor.account} -> {value}", counted_from_dct=anchor.from_dct)


@normalizer("holiday", tables=("holiday",))
def holiday(expression: Expression) -> Result | None:
    """"Christmas", "last Thanksgiving", "Easter 2024": the holiday's table entry is a month-day
    ("12-25"), a month/nth/weekday ("11/4/4", the fourth Thursday of November) or easter+days."""
    groups = expression.groups
    rule = str(expression.lookup("holiday", groups["holiday"]))

    def on(year_of: int) -> dt.date | None:
        if rule.startswith("easter"):
            return calendar.easter(year_of) + dt.timedelta(days=int(rule[6:]))
        if "/" in rule:
            month_number, nth, weekday_number = (int(p) for p in rule.split("/"))
            return calendar.nth_weekday(year_of, month_number, nth, weekday_number)
        month_number, day = (int(p) for p in rule.split("-"))
        return date_or_none(year_of, month_number, day)

    if "year" in groups:
        date = on(int(groups["year"]))
        return Result(date.isoformat(), f"holiday {groups['holiday']!r} of {groups['year']} -> {date}") if date else None
    anchor = expression.discourse.anchor(deictic=is_deictic(groups, expression.lang))
    if anchor is None:
        return Result(f"XXXX-{rule}", "holiday, no DCT for the year") if _MONTH_DAY.fullmatch(rule) else None
    base = anchor.date
    step = direction(groups, expression.lang)
    if step == 0 or anchor.within_year:
        date, how = on(base.year), "the year's"
    elif step in (-1, 1):
        tense = "future" if step == 1 else "past"
        date = choose(lambda y: (d if (d := on(y)) and d != base else None), base, tense)
        how = "the next" if step == 1 else "the last"
    else:
        tense, cue = tense_of_year(anchor, expression)
        date, how = choose(on, base, tense, future_weight(anchor)), nearest_account(tense, cue, anchor)
    if date is None:
        return None
    return Result(date.isoformat(), f"holiday {groups['holiday']!r}, {how} -> {date}", counted_from_dct=anchor.from_dct)
