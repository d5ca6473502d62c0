"""Parts of a year: quarters ("the third quarter", "Q3 1989", "the year-ago quarter"), halves
("the second half of 2008") and seasons ("last spring", "the summer of 1789")."""

from __future__ import annotations

import datetime as dt

from timeline.temporal import calendar
from timeline.temporal.normalizers.base import Expression, Result, normalizer, tense_account
from timeline.temporal.normalizers.yearless import in_bc_story
from timeline.temporal.words import direction, is_deictic


def part_of_year(count: int, index: int, expression: Expression, letter: str, counted_from_dct: bool = False) -> Result | None:
    """Quarter (count 4) or half (count 2) number index of a stated year, else the one the tense
    picks; counted_from_dct when the index itself was (see `quarter`)."""
    groups = expression.groups
    stated = groups.get("year") or groups.get("year2") or groups.get("year0")
    if stated:
        value = f"{int(stated):04d}-{letter}{index}"
        return Result(value, f"{letter}{index} of {stated} -> {value}", counted_from_dct=counted_from_dct)
    anchor = expression.discourse.anchor()
    if anchor is None:
        return Result(f"XXXX-{letter}{index}", f"{letter}{index}, no DCT for the year", counted_from_dct=counted_from_dct)
    base = anchor.date
    current = (base.month - 1) * count // 12 + 1
    tense, cue = anchor.tense(expression.document, expression.candidate)
    if index <= current or tense == "future" or anchor.within_year:
        year_of = base.year
    else:
        year_of = base.year - 1
    value = f"{year_of:04d}-{letter}{index}"
    return Result(value, f"{letter}{index}, {tense_account(tense, cue)}, {anchor.account} -> {value}", counted_from_dct=counted_from_dct or anchor.from_dct)


@normalizer("quarter", tables=("ordinal",))
def quarter(expression: Expression) -> Result | None:
    """"the third quarter", "Q3 1989", "the 1988 quarter" (the quarter the text is about, in 1988)."""
    groups = expression.groups
    counted = False
    if "number" in groups:
        index = int(groups["number"])
    elif "ordinal" in groups:
        index = expression.lookup("ordinal", groups["ordinal"])
    else:
        named = expression.discourse.quarter_named_last()
        dct = expression.document.dct
        if named is not None:
            index = int(named.value[-1])
        elif dct is not None:
            index, counted = int(calendar.period_value(dct, "quarter", -1)[-1]), True
        else:
            return None
    return part_of_year(4, int(index), expression, "Q", counted) if index else None


@normalizer("half", tables=("half_number",))
def half(expression: Expression) -> Result | None:
    """"the second half of 2008", "the first half"."""
    index = expression.lookup("half_number", expression.groups["half"])
    return part_of_year(2, int(index), expression, "H") if index else None


@normalizer("quarter_relative", tables=("quarter_reference",), derived=True)
def quarter_relative(expression: Expression) -> Result | None:
    """"the quarter", "the latest quarter", "the year-ago quarter": the quarter the text is about
    (the last one it named, else the last one finished before the DCT), or the one its table entry
    in quarter_reference says: the DCT's ("current"), the one after it ("next"), the one before it
    ("previous", when the text named one), a year before the one the text is about ("year_before")."""
    dct = expression.document.dct
    reference = expression.lookup("quarter_reference", expression.groups["which"])
    named = expression.discourse.quarter_named_last(derived=False)
    if dct is None and named is None:
        return None

    def result(value: str, derivation: str) -> Result:
        return Result(value, derivation, counted_from_dct=dct is not None)

    if named is not None:
        base_year, base_quarter, how = int(named.value[:4]), int(named.value[-1]), f"the quarter last named ({named.text!r})"
    else:
        assert dct is not None
        value = calendar.period_value(dct, "quarter", -1)
        base_year, base_quarter, how = int(value[:4]), int(value[-1]), f"the last quarter finished before DCT {dct}"
    if reference == "current" and dct is not None:
        value = calendar.period_value(dct, "quarter")
        return result(value, f"the DCT's quarter -> {value}")
    if reference == "next" and dct is not None:
        value = calendar.period_value(dct, "quarter", 1)
        return result(value, f"the quarter after the DCT's -> {value}")
    if reference == "year_before":
        if named is None and expression.params.get("year_when_no_quarter"):
            assert dct is not None
            value = f"{dct.year - 1:04d}"
            return result(value, f"a year before DCT {dct} -> {value}")
        value = f"{base_year - 1:04d}-Q{base_quarter}"
        return result(value, f"a year before {how} -> {value}")
    if reference == "previous" and named is not None and dct is not None:
        value = calendar.period_value(dct, "quarter", -1)
        return result(value, f"the quarter before the DCT's -> {value}")
    value = f"{base_year:04d}-Q{base_quarter}"
    return result(value, f"{how} -> {value}")


@normalizer("season", tables=("season",))
def season(expression: Expression) -> Result | None:
    """"summer 2024", "last spring", "in the winter": the season of the year stated, else of the year
    the direction word, the story or the tense picks (a winter runs into the next year)."""
    groups = expression.groups
    code = str(expression.lookup("season", groups["season"]))
    if "year" in groups:
        value = f"{int(groups['year']):04d}-{code}"
        return Result(value, f"season of {groups['year']} -> {value}")
    shared = expression.document.year_stated_after(expression.candidate) if "direction" not in groups else None
    if shared is not None:
        value = f"{shared[0]:04d}-{code}"
        return Result(value, f"season {groups['season']!r}, the year of the range it opens ({shared[0]}) -> {value}")
    if "direction" not in groups and (in_story := in_bc_story(expression, code, f"season {groups['season']!r}")):
        return in_story
    anchor = expression.discourse.anchor(deictic=is_deictic(groups, expression.lang))
    if anchor is None:
        return Result(f"XXXX-{code}", "season, no DCT for the year")
    base = anchor.date
    # the season containing a date in Jan/Feb is the previous year's winter
    current_year = base.year - 1 if code == "WI" and base.month <= 2 else base.year
    step = direction(groups, expression.lang)
    if step is not None:
        year_of, how = current_year + step, f"{groups['direction']!r} from {anchor.account}"
    elif anchor.within_year:
        year_of, how = base.year, f"in the year of {anchor.account}"
    elif anchor.narrative:
        year_of = min((current_year - 1, current_year, current_year + 1), key=lambda y: _distance_to_season(base, y, code))
        how = f"the nearest to {anchor.account}"
    else:
        tense, cue = anchor.tense(expression.document, expression.candidate)
        start, end = calendar.season_bounds(current_year, code)
        if tense == "future":
            year_of = current_year if end >= base else current_year + 1
        else:
            year_of = current_year if start <= base else current_year - 1
        how = f"{tense_account(tense, cue)}, {anchor.account}"
    value = f"{year_of:04d}-{code}"
    return Result(value, f"season {groups['season']!r}, {how} -> {value}", counted_from_dct=anchor.from_dct)


def _distance_to_season(day: dt.date, year: int, code: str) -> int:
    """Days from day to the season code of year (0 inside it)."""
    start, end = calendar.season_bounds(year, code)
    return 0 if start <= day <= end else min(abs((start - day).days), abs((day - end).days))
