"""Times of day: "9 a.m.", "14:30", "noon", "10 p.m. Wednesday", "the night of April 18, 1775", "in the
morning". A time said without its day waits (its value starts with PENDING_TIME) until `date_times`
gives it the day it is on, once the whole text has been read."""

from __future__ import annotations

import bisect
import dataclasses

from timeline.model import Timex
from timeline.temporal import calendar
from timeline.temporal.discourse import Discourse
from timeline.temporal.normalizers.absolute import full_date
from timeline.temporal.normalizers.base import PENDING_TIME, Expression, Result, normalizer
from timeline.temporal.normalizers.relative import day_from_dct, on_weekday
from timeline.temporal.normalizers.yearless import on_month_day
from timeline.temporal.words import leading_number, month_of, number


@normalizer("clock", tables=("clock_word", "meridiem"))
def clock(expression: Expression) -> Result | None:
    """"9 a.m.", "14:30", "ten o'clock", "noon": the time, waiting for its day."""
    groups = expression.groups
    if "word" in groups:
        hour, minute = (int(part) for part in str(expression.lookup("clock_word", groups["word"])).split(":"))
    else:
        word = groups["hour"]
        hour_number = int(word) if word.isdigit() else number(word, expression.lang)
        if hour_number is None:
            return None
        hour = int(hour_number)
        minute = int(groups.get("minute") or 0)
        meridiem = expression.lookup("meridiem", groups["ampm"]) if "ampm" in groups else None
        if meridiem == "PM" and hour < 12:
            hour += 12
        elif meridiem == "AM" and hour == 12:
            hour = 0
    value = f"{PENDING_TIME}{hour:02d}:{minute:02d}"
    return Result(value, f"time of day {hour:02d}:{minute:02d}")


def day_named(expression: Expression, weekday: str | None, year: str | None, month: str | None, day: str | None, relative: str | None) -> Result | None:
    """The day of a %DAY_NAMED match: a weekday, a month and day (with or without a year), or a day
    relative to the DCT ("today")."""
    lang = expression.lang
    if weekday is not None:
        return on_weekday(int(lang.lookup("weekday", weekday)), weekday, expression)
    if month is not None and day is not None:
        number_of_month = month_of(month, lang)
        if number_of_month is None:
            return None
        if year is not None:
            return full_date(int(year), number_of_month, leading_number(day))
        return on_month_day(number_of_month, leading_number(day), expression)
    assert relative is not None
    return day_from_dct(int(lang.lookup("relative_day", relative)), relative, expression)


@normalizer("time_on_day", tables=("weekday", "relative_day"))
def time_on_day(expression: Expression) -> Result | None:
    """"10 p.m. Wednesday", "noon Thursday", "Nov. 9, 5 p.m.": the day named, at the time said."""
    groups = expression.groups
    time = clock(expression)
    day = day_named(expression, groups.get("weekday"), groups.get("year"), groups.get("month"), groups.get("day"), groups.get("relday"))
    if time is None or day is None:
        return None
    value = day.value[:10] + time.value
    return Result(value, f"{day.derivation}, at {time.value[1:]} -> {value}", counted_from_dct=day.counted_from_dct)


@normalizer("part_of_named_day", tables=("part_of_day", "weekday", "relative_day"))
def part_of_named_day(expression: Expression) -> Result | None:
    """"the night of April 18, 1775", "the morning of 30 April": the day named, at that part of it."""
    groups = expression.groups
    if "day2" in groups:
        day = day_named(expression, None, groups.get("year2"), groups["month2"], groups["day2"], None)
    else:
        day = day_named(expression, groups.get("weekday"), groups.get("year"), groups.get("month"), groups.get("day"), groups.get("relday"))
    if day is None:
        return None
    value = f"{day.value[:10]}T{expression.lookup('part_of_day', groups['part'])}"
    return Result(value, f"{day.derivation}, in the {groups['part']} -> {value}", counted_from_dct=day.counted_from_dct)


@normalizer("part_of_day_pending", tables=("part_of_day",))
def part_of_day_pending(expression: Expression) -> Result | None:
    """"in the morning", "at night": that part of the day a clock time would fall on (see `date_times`)."""
    code = expression.lookup("part_of_day", expression.groups["part"])
    return Result(f"{PENDING_TIME}{code}", f"part of day {code}")


def date_times(discourse: Discourse) -> list[Timex]:
    """The dates found, each time of day ("9am", "midnight") given the date it is on: a day named
    right after it ("9am on Sunday"), else the last day named before it in its sentence, else (in a
    narrative) the story's last day, else the DCT."""
    document, timexes = discourse.document, discourse.found
    days = [t for t in timexes if t.type in ("DATE", "TIME") and not t.value.startswith(PENDING_TIME) and _is_day(t.value)]
    starts, ends = [d.start for d in days], [d.end for d in days]  # in text order, as the dates do not overlap
    story_days = {id(t) for t in discourse.story}
    told_days = [d for d in days if id(d) in story_days]
    told_ends = [d.end for d in told_days]
    dated = []
    for timex in timexes:
        if not timex.value.startswith(PENDING_TIME):
            dated.append(timex)
            continue
        s, e = document.sentence(timex.start)
        following = bisect.bisect_left(starts, timex.end)
        after = days[following] if following < len(days) and starts[following] <= timex.end + 12 and starts[following] < e else None
        preceding = bisect.bisect_right(ends, timex.start) - 1
        before = days[preceding] if preceding >= 0 and s <= starts[preceding] else None
        told = bisect.bisect_right(told_ends, timex.start) - 1
        if after:
            day, how = after.value[:10], f"on the day named after it ({after.text!r})"
        elif before:
            day, how = before.value[:10], f"on the day named before it ({before.text!r})"
        elif document.narrative and told >= 0:
            day, how = told_days[told].value[:10], f"on the story's last day ({told_days[told].text!r})"
        elif document.dct is not None:
            day, how = document.dct.isoformat(), "on the DCT"
        else:
            day, how = "XXXX-XX-XX", "no DCT to date it"
        value = day + timex.value
        dated.append(dataclasses.replace(timex, value=value, derivation=f"{timex.derivation}, {how} -> {value}"))
    return dated


def _is_day(value: str) -> bool:
    span = calendar.interval(value)
    return span is not None and span[2] in ("day", "time")
