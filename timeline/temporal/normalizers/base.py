"""What every normalization is: a function from one rule match (an Expression) to a TIMEX3 value
with an account of how it was reached (a Result), registered under the name the resource files
give it (`@normalizer("weekday")`, which rules name by `normalize: weekday`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from timeline.temporal.discourse import Discourse
from timeline.temporal.document import Document
from timeline.temporal.engine import Candidate, Language

__all__ = ["Expression", "Result", "Normalizer", "NORMALIZERS", "normalizer", "tense_account", "PENDING_TIME"]

PENDING_TIME = "T"
"""Prefix of a time-of-day value still waiting for its date (see times.date_times)."""


@dataclass(frozen=True)
class Expression:
    """One rule match being normalized, with what it may read besides its own words."""

    groups: Mapping[str, str]
    """The named groups of the rule's regex that matched."""
    candidate: Candidate
    document: Document
    discourse: Discourse

    @property
    def lang(self) -> Language:
        return self.document.language

    @property
    def params(self) -> dict[str, Any]:
        return self.candidate.rule.params

    def lookup(self, table: str, word: str) -> Any:
        """The value of a word in one of the language's tables (see engine.Language.lookup)."""
        return self.document.language.lookup(table, word)

    def tense(self, future_only: bool = False) -> tuple[str, str]:
        """The tense cue nearest the expression in its sentence (see Document.tense)."""
        return self.document.tense(self.candidate.start, self.candidate.end, future_only)


@dataclass(frozen=True)
class Result:
    value: str
    derivation: str
    type: str | None = None
    """Overrides the rule's type (e.g. "yesterday morning" is a TIME, "in two weeks" a DATE)."""
    flashback: bool = False
    """A step back from the story's date ("the previous year", "two decades earlier"): said in
    passing, it does not move the story on."""
    counted_from_dct: bool = False
    """The value counts from the time of writing ("yesterday", "two days ago"): in a narrative the
    story does not move there."""


@dataclass(frozen=True)
class Normalizer:
    name: str
    function: Callable[[Expression], Result | None]
    tables: tuple[str, ...]
    """The tables of the language's resources it looks words up in: checked when they load."""
    derived: bool
    """Its values count from another date found (the one last named, the quarter the text is
    about): an anaphoric shift never counts from them again."""


NORMALIZERS: dict[str, Normalizer] = {}
"""Every normalization by the name the resource files give it."""


def normalizer(name: str, *, tables: tuple[str, ...] = (), derived: bool = False) -> Callable[[Callable[[Expression], Result | None]], Callable[[Expression], Result | None]]:
    """Register a function as the normalization rules name by `normalize: <name>`."""

    def register(function: Callable[[Expression], Result | None]) -> Callable[[Expression], Result | None]:
        if name in NORMALIZERS:
            raise ValueError(f"two normalizations named {name!r}: {NORMALIZERS[name].function.__qualname__} and {function.__qualname__}")
        NORMALIZERS[name] = Normalizer(name, function, tables, derived)
        return function

    return register


def tense_account(tense: str, cue: str) -> str:
    return f"{tense} tense ('{cue}')" if cue else "no tense cue, news reports the past"


def count(value: float) -> str:
    """A number as a TIMEX3 value writes it: "3", "2.5"."""
    return str(int(value)) if value == int(value) else f"{value:g}"
