"""The words of a match read through the language's tables: numbers, months, days of the month and
the direction words ("last", "next") that decide which way a date counts. Nothing here is a word
of any language; each table is named in resources/<language>.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from timeline.temporal.engine import Language

__all__ = ["number", "month_of", "leading_number", "direction", "is_deictic", "TABLES"]

TABLES = ("number", "article_number", "vague_number", "month", "month_abbr", "direction", "deictic_direction")
"""The tables these readings look words up in: every language's resources must have them."""

_FRACTION = re.compile(r"(\d+)\s+1/2")
_LEADING_DIGITS = re.compile(r"\d+")


def number(text: str, lang: Language) -> float | None:
    """A number said in digits or words ("21", "twenty-one", "a"); None when vague ("several")."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        return int(fraction.group(1)) + 0.5
    if lang.lookup("vague_number", text) is not None:
        return None
    whole = lang.lookup("number", text)
    if whole is None:
        whole = lang.lookup("article_number", text)
    if whole is not None:
        return float(whole)
    total, current = 0.0, 0.0
    for token in lang.number_link.split(text.lower()):
        value = lang.lookup("number", token)
        if value is None:
            return None
        if value in (100, 1000):
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        else:
            current += value
    return total + current


def month_of(text: str, lang: Language) -> int | None:
    """The number of a month named ("June", "Sept.") or given in digits."""
    found = lang.lookup("month", text)
    if found is None:
        found = lang.lookup("month_abbr", text)
    if found is None and text.isdigit():
        found = int(text)
    return found


def leading_number(text: str) -> int:
    """The number written in digits at the start of a day or an ordinal ("19", "19th", "4th")."""
    return int(_LEADING_DIGITS.match(text).group())  # type: ignore[union-attr]


def direction(groups: Mapping[str, str], lang: Language) -> int | None:
    """The step the match's direction word says (last -1, this 0, next 1), None without one."""
    return lang.lookup("direction", groups["direction"]) if "direction" in groups else None


def is_deictic(groups: Mapping[str, str], lang: Language) -> bool:
    """Whether the match's direction word counts from the time of writing ("next spring"), not from
    the story's last date ("the next spring")."""
    return "direction" in groups and bool(lang.lookup("deictic_direction", groups["direction"]))
