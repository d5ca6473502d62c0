"""Durations and the sets (recurrences) built on them: "three years", "a few days" (PXD), "half an
hour", "decades-long"; "every other week", "twice a year", "weekly", "on Sundays"."""

from __future__ import annotations

import re

from timeline.temporal.normalizers.base import Expression, Result, count, normalizer
from timeline.temporal.words import number

_UNIT_CODE = re.compile(r"(\d*)(T?[A-Z]+)")
_SMALLER = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "TH"), "TH": (60, "TM"), "TM": (60, "TS")}
"""A unit's next smaller one and how many of it make one, to write a fraction ("P2Y6M" for 2.5 years)."""
_HALF_OF = {"TH": "PT30M", "D": "PT12H", "Y": "P6M", "10Y": "P5Y", "100Y": "P50Y"}
_AND_A_HALF = {"TM": "PT1M30S", "TH": "PT1H30M", "D": "PT36H", "Y": "P18M", "M": "P1.5M", "W": "P1.5W"}


def duration_value(amount: float | None, code: str) -> str:
    """TIMEX3 duration of amount units: "P3Y", "PT24H", "P2Y6M" for 2.5 years, "PXD" when vague.
    A code may carry a multiplier ("2W" fortnight, "10Y" decade); quarters are counted in months."""
    multiplier, unit = _UNIT_CODE.fullmatch(code).groups()  # type: ignore[union-attr]
    factor = int(multiplier or 1)
    if unit == "Q":
        unit, factor = "M", factor * 3
    if amount is None:
        return f"PTX{unit[1:]}" if unit.startswith("T") else f"PX{unit}"
    amount *= factor
    whole, rest = int(amount), amount - int(amount)
    parts = [(whole, unit)]
    if rest and unit in _SMALLER and (rest * _SMALLER[unit][0]).is_integer():
        size, smaller = _SMALLER[unit]
        parts = [(whole, unit), (int(rest * size), smaller)] if whole else [(int(rest * size), smaller)]
    elif rest:
        parts = [(amount, unit)]  # type: ignore[list-item]
    dates = "".join(f"{count(n)}{u}" for n, u in parts if not u.startswith("T"))
    times = "".join(f"{count(n)}{u[1:]}" for n, u in parts if u.startswith("T"))
    return "P" + dates + (f"T{times}" if times else "")


@normalizer("duration", tables=("unit",))
def amount_of_units(expression: Expression) -> Result | None:
    """"three years", "a few days" (PXD); without a number, one unit ("the past decade" is P10Y);
    with the rule's param vague, an unsaid number ("recent years" is PXY)."""
    code = str(expression.lookup("unit", expression.groups["unit"]))
    vague = expression.params.get("vague", False)
    said = expression.groups.get("num")
    amount = None if vague else (number(said, expression.lang) if said else 1.0)
    if amount is None and not vague and expression.lookup("vague_number", said or "") is None:
        return None
    value = duration_value(amount, code)
    return Result(value, f"duration -> {value}", "DURATION")


@normalizer("half_duration", tables=("unit",))
def half_duration(expression: Expression) -> Result | None:
    """"half an hour" (PT30M), "a year and a half" (P18M)."""
    groups = expression.groups
    if "unit" in groups:
        value = _HALF_OF.get(str(expression.lookup("unit", groups["unit"])))
    else:
        value = _AND_A_HALF.get(str(expression.lookup("unit", groups["unit2"])))
    return Result(value, f"half units -> {value}") if value else None


@normalizer("every", tables=("unit", "every_other"))
def every(expression: Expression) -> Result | None:
    """"every week" (P1W), "every three months", "every other day" (P2D), "twice a year"."""
    groups = expression.groups
    code = str(expression.lookup("unit", groups["unit"]))
    word = groups.get("num", "")
    other = expression.lookup("every_other", word)
    amount: float | None = float(other) if other is not None else (number(word, expression.lang) if word else 1.0)
    value = duration_value(amount, code)
    return Result(value, f"every {count(amount) if amount else 'X'} {groups['unit']} -> {value}")


@normalizer("frequency", tables=("frequency",))
def frequency(expression: Expression) -> Result | None:
    """"daily", "weekly", "annually"."""
    word = expression.groups["word"]
    value = str(expression.lookup("frequency", word))
    return Result(value, f"{word!r} -> {value}")


@normalizer("weekday_set", tables=("weekday", "weekday_plural"))
def weekday_set(expression: Expression) -> Result | None:
    """"on Sundays", "every Monday": that weekday of every week."""
    word = expression.groups["weekday"]
    number_of_day = expression.lookup("weekday", word) or expression.lookup("weekday_plural", word)
    value = f"XXXX-WXX-{number_of_day}"
    return Result(value, f"every {word!r} -> {value}")
