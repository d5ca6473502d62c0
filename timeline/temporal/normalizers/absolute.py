"""Absolute dates: everything the text itself says the year of. "June 19, 2024", "10/16/2024",
"June 2024", "1988", "nineteen ninety-six", "1915-17", "480 BC", "the 1990s", "the 4th century BC"."""

from __future__ import annotations

import datetime as dt

from timeline.temporal.calendar import date_or_none
from timeline.temporal.normalizers.base import Expression, Result, normalizer
from timeline.temporal.words import leading_number, month_of, number


def full_date(year: int, month: int, day: int) -> Result | None:
    """A day said with its year; None when the calendar has no such day."""
    date = date_or_none(year, month, day)
    return Result(date.isoformat(), f"absolute date -> {date.isoformat()}") if date else None


@normalizer("ymd")
def year_month_day(expression: Expression) -> Result | None:
    """"June 19, 2024", "19 June 2024", "2024-06-19", and "2024-06-19T09:30" with its time."""
    groups = expression.groups
    month = month_of(groups["month"], expression.lang)
    if month is None:
        return None
    if "hour" not in groups:
        return full_date(int(groups["year"]), month, leading_number(groups["day"]))
    day = date_or_none(int(groups["year"]), month, leading_number(groups["day"]))
    if day is None:
        return None
    value = f"{day.isoformat()}T{groups['hour']}:{groups['minute']}"
    return Result(value, f"absolute date and time -> {value}")


@normalizer("numeric_date")
def numeric_date(expression: Expression) -> Result | None:
    """"10/16/2024", "16/10/24": a part over 12 is the day, else the language's order decides."""
    groups = expression.groups
    a, b, year = int(groups["a"]), int(groups["b"]), int(groups["year"])
    dct = expression.document.dct
    if year < 100:
        pivot = (dct.year if dct else dt.date.today().year) % 100 + 10
        year += 2000 if year <= pivot else 1900
    if a > 12:
        day, month, how = a, b, "day first (first part > 12)"
    elif b > 12:
        day, month, how = b, a, "month first (second part > 12)"
    elif expression.lang.numeric_order == "dmy":
        day, month, how = a, b, "day first (language default)"
    else:
        day, month, how = b, a, "month first (language default)"
    date = date_or_none(year, month, day)
    if date is None:
        return None
    return Result(date.isoformat(), f"numeric date read {how} -> {date.isoformat()}")


@normalizer("ym")
def year_month(expression: Expression) -> Result | None:
    """"June 2024", "late-November 2024"."""
    month = month_of(expression.groups["month"], expression.lang)
    if month is None:
        return None
    value = f"{int(expression.groups['year']):04d}-{month:02d}"
    return Result(value, f"month and year -> {value}")


@normalizer("year")
def stated_year(expression: Expression) -> Result | None:
    value = f"{int(expression.groups['year']):04d}"
    return Result(value, f"year -> {value}")


@normalizer("spoken_year", tables=("spoken_year_zero",))
def year_in_words(expression: Expression) -> Result | None:
    """A year said in words: "nineteen ninety-six" is 1996, "nineteen oh five" 1905, "two thousand
    and one" 2001; with a month before it, that month of the year."""
    groups, lang = expression.groups, expression.lang
    if "thousands" in groups:
        thousands = number(groups["thousands"], lang)
        rest = number(groups["rest2"], lang) if "rest2" in groups else 0.0
        if thousands is None:
            return None
        said = thousands + (rest or 0)
    else:
        words = _without_zero(groups["rest"].lower(), expression)
        rest = number(words, lang) if words else 0.0
        hundreds = number(groups["hundreds"], lang)
        if rest is None or hundreds is None:
            return None
        said = hundreds * 100 + rest
    value = f"{int(said):04d}"
    if "month" in groups:
        value += f"-{month_of(groups['month'], lang):02d}"
    return Result(value, f"year in words -> {value}")


def _without_zero(words: str, expression: Expression) -> str:
    """The last two digits of a year said in words without the word that says they are or start
    with a zero ("hundred" in "nineteen hundred", "oh" in "nineteen oh five")."""
    for zero in expression.lang.tables["spoken_year_zero"]:
        if words == zero or (words.startswith(zero) and not words[len(zero)].isalpha()):
            return words[len(zero) :].strip(" -")
    return words


@normalizer("range_end_year")
def range_end_year(expression: Expression) -> Result | None:
    """The second year of a range ("1915-17", "1861-1863"), which must come after the first."""
    first, said = expression.groups["first"], expression.groups["year"]
    end = int(first[: 4 - len(said)] + said)
    if end <= int(first):
        return None
    return Result(f"{end:04d}", f"end of the range from {first} -> {end:04d}")


@normalizer("era_year", tables=("era", "season"))
def year_of_era(expression: Expression) -> Result | None:
    """A year with its era, and the month or season in it: "499 BC" is BC0499, "August 480 BC"
    BC0480-08, "AD 800" 0800."""
    groups = expression.groups
    number_of_year = int(groups.get("year") or groups["year2"])
    era = groups.get("era") or groups["era2"]
    value = f"BC{number_of_year:04d}" if expression.lookup("era", era) == "BC" else f"{number_of_year:04d}"
    if "month" in groups:
        value += f"-{month_of(groups['month'], expression.lang):02d}"
    elif "season" in groups:
        value += f"-{expression.lookup('season', groups['season'])}"
    return Result(value, f"year of era {era!r} -> {value}")


@normalizer("decade", tables=("era", "decade_word"))
def decade(expression: Expression) -> Result | None:
    """"the 1990s", "the 470s BC", "the nineties", "the '60s"."""
    groups = expression.groups
    if "era" in groups:
        tens = int(groups["decade"]) // 10
        value = f"BC{tens:03d}" if expression.lookup("era", groups["era"]) == "BC" else f"{tens:03d}"
    elif "decade" in groups:
        value = groups["decade"][:3]
    elif "word" in groups:
        value = str(expression.lookup("decade_word", groups["word"]))
    else:
        value = f"19{groups['short'][0]}"
    return Result(value, f"decade -> {value}")


@normalizer("century", tables=("century_word", "era"))
def century(expression: Expression) -> Result | None:
    """"the 19th century", "the twentieth century", "the 4th century BC"."""
    groups = expression.groups
    word = groups["ordinal"]
    ordinal = leading_number(word) if word[0].isdigit() else expression.lookup("century_word", word)
    if not ordinal:
        return None
    value = f"{ordinal - 1:02d}"
    if "era" in groups and expression.lookup("era", groups["era"]) == "BC":
        value = f"BC{ordinal - 1:02d}"
    return Result(value, f"century {ordinal} -> {value}")
