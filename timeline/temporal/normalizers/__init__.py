"""The normalizations, one module per family of expressions, each registered under the name the
resource files use (`@normalizer("year")`, named by rules as `normalize: year`):

    absolute   dates that say their year: "June 19, 2024", "1988", "480 BC", "the 1990s"
    yearless   dates without one: "June 19", "in March", "Christmas", "August of that year"
    periods    quarters, halves and seasons: "the third quarter", "last spring"
    relative   dates counted from the DCT or the date last named: "yesterday", "last Friday", "two days ago"
    durations  durations and sets: "three years", "half an hour", "every other week", "weekly"
    times      times of day: "9 a.m.", "noon Thursday", "the night of April 18"

`check` holds a language's rules to them when its resources load.
"""

from __future__ import annotations

from timeline.resource_files import ResourceError
from timeline.temporal import narrative, words
from timeline.temporal.engine import Language
from timeline.temporal.normalizers import absolute, durations, periods, relative, times, yearless
from timeline.temporal.normalizers.base import NORMALIZERS, Expression, Normalizer, Result, normalizer

__all__ = ["NORMALIZERS", "Expression", "Normalizer", "Result", "normalizer", "check", "date_times"]

date_times = times.date_times

_FAMILIES = (absolute, durations, periods, relative, times, yearless)  # imported for their registrations


@normalizer("reject")
def reject(expression: Expression) -> Result | None:
    """Negative rules (type NONE): the span only keeps other rules from matching inside it."""
    return None


def check(language: Language) -> Language:
    """The language itself, once its rules are found to fit the normalizations: every rule names one
    that exists, every table a rule or its normalization reads exists, and every normalization is
    used by some rule (one no rule uses is dead code, or a rule lost in an edit). ResourceError,
    naming the file and the rule, otherwise."""
    used: set[str] = set()
    for rule in language.rules:
        where = f"{language.file} rule {rule.name!r}"
        found = NORMALIZERS.get(rule.normalize)
        if found is None:
            raise ResourceError(f"{where}: unknown normalize {rule.normalize!r} (known: {', '.join(sorted(NORMALIZERS))})")
        used.add(rule.normalize)
        named = [*found.tables, *([str(rule.params["table"])] if "table" in rule.params else [])]
        missing = [table for table in named if table not in language.tables]
        if missing:
            raise ResourceError(f"{where}: normalize {rule.normalize!r} reads table {missing[0]!r}, which the file lacks")
    missing = [table for table in (*words.TABLES, *narrative.TABLES) if table not in language.tables]
    if missing:
        raise ResourceError(f"{language.file}: no table {missing[0]!r}, which every language needs")
    unused = sorted(set(NORMALIZERS) - used)
    if unused:
        raise ResourceError(f"{language.file}: no rule uses the normalize {unused[0]!r}")
    return language
