"""Dates relative to the DCT or to the date last named: "yesterday", "tonight", "last Friday", "next
week", "two days ago", "a year earlier", "the following month", "in two weeks", "now"."""

from __future__ import annotations

import dataclasses
import datetime as dt

from timeline.temporal import calendar
from timeline.temporal.discourse import Anchor
from timeline.temporal.normalizers.base import Expression, Result, normalizer, tense_account
from timeline.temporal.normalizers.durations import amount_of_units
from timeline.temporal.words import is_deictic, number

_UNIT_CALENDAR = {"D": "day", "W": "week", "2W": "week", "M": "month", "Q": "quarter", "Y": "year", "10Y": "decade", "100Y": "century"}
"""The calendar unit a duration unit code steps by (a fortnight is two weeks, see `step`)."""
_YEARS_IN = {"year": 1, "decade": 10, "century": 100}


def day_from_dct(offset: int, word: str, expression: Expression, part: tuple[str, str] | None = None) -> Result | None:
    """The day offset days from the DCT ("yesterday" -1), at a part of it (said, code) when one is said."""
    dct = expression.document.dct
    if dct is None:
        return None
    day = dct + dt.timedelta(days=offset)
    if part is not None:
        value = f"{day.isoformat()}T{part[1]}"
        return Result(value, f"{word!r} {offset:+d} day from DCT {dct}, {part[0]} -> {value}", "TIME", counted_from_dct=True)
    return Result(day.isoformat(), f"{word!r} {offset:+d} day from DCT {dct} -> {day}", counted_from_dct=True)


@normalizer("relative_day", tables=("relative_day", "part_of_day"))
def relative_day(expression: Expression) -> Result | None:
    """"today", "yesterday", "tomorrow morning"."""
    groups = expression.groups
    said = groups.get("part")
    part = (said, str(expression.lookup("part_of_day", said))) if said is not None else None
    return day_from_dct(int(expression.lookup("relative_day", groups["word"])), groups["word"], expression, part)


@normalizer("part_of_day", tables=("part_of_day", "relative_day"))
def part_of_day(expression: Expression) -> Result | None:
    """"tonight", "this morning", "last night", "yesterday afternoon": a part of a day near the DCT;
    the rule's params may give the part and the shift in days."""
    dct = expression.document.dct
    if dct is None:
        return None
    params, groups = expression.params, expression.groups
    code = params.get("part") or expression.lookup("part_of_day", groups["part"])
    shift = params.get("shift")
    if shift is None:
        word = groups.get("direction", "")
        relative = expression.lookup("relative_day", word)
        shift = relative if relative is not None else (expression.lookup("direction", word) or 0)
    day = dct + dt.timedelta(days=int(shift))
    value = f"{day.isoformat()}T{code}"
    return Result(value, f"part of day {code}, {int(shift):+d} day from DCT {dct} -> {value}", counted_from_dct=True)


def on_weekday(number_of_day: int, word: str, expression: Expression, direction: str | None = None, part: str | None = None) -> Result | None:
    """The day of the week number_of_day (1 Monday) said as word, in the week of the DCT, the last
    or next one (direction word), else the one the tense picks; at a part of the day (its code)
    when one is said. A weekday counts from the time of writing, even one that steps from the day
    last named ("the following Monday"): the story does not move there."""
    lang, discourse = expression.lang, expression.discourse
    anchor = discourse.anchor(deictic=True)
    if direction is not None and not lang.lookup("deictic_direction", direction) and (named := discourse.reference("day")) is not None:
        anchor = Anchor(named[1][0], "day", f"the day last named ({named[0].text!r})")
    if anchor is None:
        return Result(f"XXXX-WXX-{number_of_day}", "weekday, no DCT to place it")
    dct = anchor.date
    step = lang.lookup("direction", direction) if direction is not None else None
    back = (dct.isoweekday() - number_of_day) % 7
    ahead = (number_of_day - dct.isoweekday()) % 7
    if step == 0:
        day, how = dct + dt.timedelta(days=number_of_day - dct.isoweekday()), "in the week of"
    elif step == -1:
        day, how = dct - dt.timedelta(days=back or 7), "the last such day before"
    elif step == 1:
        day, how = dct + dt.timedelta(days=ahead or 7), "the next such day after"
    else:
        tense, cue = anchor.tense(expression.document, expression.candidate)
        if tense == "future" or (anchor.narrative and ahead < back):
            day, how = dct + dt.timedelta(days=ahead), f"{tense_account(tense, cue)}, on/after"
        else:
            day, how = dct - dt.timedelta(days=back), f"{tense_account(tense, cue)}, on/before"
    value = day.isoformat() + (f"T{part}" if part else "")
    counted = expression.document.dct is not None
    return Result(value, f"weekday {word!r}, {how} {anchor.account} -> {value}", "TIME" if part else None, counted_from_dct=counted)


@normalizer("weekday", tables=("weekday", "weekday_abbr", "part_of_day"))
def weekday(expression: Expression) -> Result | None:
    """"Friday", "last Friday", "next Tue", "Sunday night"."""
    groups = expression.groups
    word = groups["weekday"]
    number_of_day = int(expression.lookup("weekday", word) or expression.lookup("weekday_abbr", word))
    part = expression.lookup("part_of_day", groups["part"]) if "part" in groups else None
    return on_weekday(number_of_day, word, expression, groups.get("direction"), part)


@normalizer("calendar_unit", tables=("calendar_unit",))
def calendar_unit(expression: Expression) -> Result | None:
    """"this week", "last month", "next year", "earlier this month", "the weekend": the period of the
    anchor's, or the one before or after it; "the weekend" is the coming one in the future tense."""
    groups = expression.groups
    anchor = expression.discourse.anchor(deictic=is_deictic(groups, expression.lang))
    if anchor is None:
        return None
    dct = anchor.date
    unit = str(expression.lookup("calendar_unit", groups["unit"]))
    said = groups.get("direction")
    step = expression.lookup("direction", said) if said is not None else None
    if step is None and unit == "weekend":  # "the weekend", "a long weekend": the one the tense points to
        tense, cue = anchor.tense(expression.document, expression.candidate)
        value = calendar.period_value(dct, "weekend", 0 if tense == "future" or dct.isoweekday() >= 6 else -1)
        return Result(value, f"'the weekend', {tense_account(tense, cue)}, {anchor.account} -> {value}", counted_from_dct=anchor.from_dct)
    if step is None:  # "the week", "earlier in the month", "at month's end": the anchor's own
        step = 0
    value = calendar.period_value(dct, unit, int(step))
    how = f"{said.lower()!r} {unit}" if said is not None else unit
    return Result(value, f"{how} from {anchor.account} ({int(step):+d}) -> {value}", counted_from_dct=anchor.from_dct)


@normalizer("year_end")
def year_end(expression: Expression) -> Result | None:
    """"year-end": the last day of the anchor's year."""
    anchor = expression.discourse.anchor(deictic=True)
    if anchor is None:
        return None
    value = f"{anchor.date.year:04d}-12-31"
    return Result(value, f"end of the year of {anchor.account} -> {value}", counted_from_dct=anchor.from_dct)


@normalizer("shift", tables=("shift_word", "shift_edge", "anaphoric_step", "anaphoric_shift", "unit", "calendar_unit"), derived=True)
def step(expression: Expression) -> Result | None:
    """"two days ago", "a year earlier", "the day before", "the following week": a step from the DCT
    ("ago") or from the last date the text named ("earlier"), at the unit's granularity."""
    groups, lang, discourse = expression.groups, expression.lang, expression.discourse
    word = (groups.get("shift") or groups["shift2"]).lower()
    sign = next((v for v in (lang.lookup(t, word) for t in ("shift_word", "shift_edge", "anaphoric_step")) if v is not None), None)
    if sign is None:
        return None
    amount = number(groups["num"], lang) if "num" in groups else 1.0
    unit_word = groups["unit"]
    code = lang.lookup("unit", unit_word) or lang.lookup("calendar_unit", unit_word)
    unit = _UNIT_CALENDAR.get(str(code), str(code))
    if unit not in calendar.RANK:
        return None
    if amount is None:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Result(value, f"a vague number of {unit_word} {word} -> {value}")
    if amount != int(amount):
        return None
    steps = int(amount) * (2 if code == "2W" else 1) * int(sign)
    anaphoric = bool(lang.lookup("anaphoric_shift", word)) or "num" not in groups
    if anaphoric and unit in _YEARS_IN and (bc := discourse.story_bc_year()) is not None:
        years = steps * _YEARS_IN[unit]
        value = f"BC{bc - years:04d}" if bc - years > 0 else f"{years - bc + 1:04d}"
        return Result(value, f"{years:+d} years from the story's year BC{bc:04d} -> {value}", flashback=steps < 0)
    named = discourse.reference(unit) if anaphoric or unit == "year" else None
    if named is not None and unit == "year" and named[1][2] == "quarter":
        quarter = named[0]
        value = f"{int(quarter.value[:4]) + steps:04d}{quarter.value[4:]}"
        return Result(value, f"{steps:+d} year from the quarter last named ({quarter.text!r}) -> {value}")
    dct = expression.document.dct
    if anaphoric and named is not None:
        start, how, counted = named[1][0], f"the date last named ({named[0].text!r})", False
    elif dct is not None:
        start, how, counted = dct, f"DCT {dct}", True
    else:
        return None
    value = calendar.period_value(start, unit, steps)
    return Result(value, f"{steps:+d} {unit} from {how} -> {value}", flashback=steps < 0, counted_from_dct=counted)


@normalizer("step_from_event")
def step_from_event(expression: Expression) -> Result | None:
    """"five days after the fall of Girona": in a narrative, the date that far from the last date
    named (the event's); in a news report, how long (TimeBank tags the duration, not the date)."""
    if expression.document.narrative:
        stepped = step(expression)
        if stepped is not None:
            return dataclasses.replace(stepped, type="DATE")
    return amount_of_units(expression)


@normalizer("in_offset", tables=("unit",))
def in_offset(expression: Expression) -> Result | None:
    """"in two weeks": a date when the sentence is about the future, else how long something took."""
    dct = expression.document.dct
    tense, cue = expression.tense(future_only=True)
    if tense == "future" and dct is not None:
        amount = number(expression.groups["num"], expression.lang)
        code = str(expression.lookup("unit", expression.groups["unit"]))
        unit = _UNIT_CALENDAR.get(code)
        if amount is not None and amount == int(amount) and unit:
            steps = int(amount) * (2 if code == "2W" else 1)
            value = calendar.period_value(dct, unit, steps)
            return Result(value, f"{tense_account(tense, cue)}, {steps:+d} {unit} from DCT {dct} -> {value}", "DATE", counted_from_dct=True)
    return amount_of_units(expression)


@normalizer("reference", tables=("reference",))
def reference(expression: Expression) -> Result | None:
    """"now", "recently", "the future", "former": PRESENT_REF, PAST_REF or FUTURE_REF from the table
    the rule's params name (reference unless it says otherwise)."""
    word = expression.groups["word"]
    value = str(expression.lookup(expression.params.get("table", "reference"), word))
    return Result(value, f"{word!r} -> {value}")
