"""timeline.temporal.engine's faster forms of patterns for plain text: a pattern's case-free twin
(casefree), matched on the lower-cased form of plain text (twin_text), finds exactly what the pattern
finds on the text, and so does a pattern with ASCII classes (ascii_classes) on the text itself;
patterns that tell case apart have no twin, and text that is not plain is left to the patterns."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.temporal import engine

DATA = Path(__file__).resolve().parent.parent / "data"
LANGUAGE = engine.load("en")
TWINS = [(rule.name, rule.pattern, rule.casefree) for rule in LANGUAGE.rules if rule.casefree is not None]
TWINS += [("future cues", LANGUAGE.future_cue, LANGUAGE.future_casefree), ("past cues", LANGUAGE.past_cue, LANGUAGE.past_casefree)]
ASCII_FORMS = [(rule.name, rule.pattern, rule.ascii) for rule in LANGUAGE.rules if rule.ascii is not None]
PHRASES = [
    "two weeks ago", "the past three years", "about five and a half years", "for years", "in 3 weeks", "the 1990s", "the twenties",
    "the 19th century", "the third quarter of 2024", "the 2024 fourth quarter", "last quarter", "the quarter", "the first half of 2024",
    "early summer of 2023", "next spring", "in the late autumn", "summer", "yesterday morning", "tonight", "this evening",
    "last Monday afternoon", "next week", "earlier this month", "the end of this year", "the weekend", "year-end", "year's end",
    "year-earlier results", "the day before", "the following week", "that same day", "recently", "the past decade",
    "the last few months", "half an hour", "an hour and a half", "9 o'clock", "noon", "every other week", "daily",
    "three times a week", "5 per year", "2024-10-16", "2024/10/16", "10/16/2024", "16.10.2024", "mid-2024", "in 1998",
    "1998-99", "+1 (555) 123-4567", "20 mph", "three-quarters", "a second", "he said", "will be held", "is expected to",
    "planned to", "would", "going to", "was set to", "is due to", "the meeting ended", "today", "tomorrow night", "in the 90s",
    "last spring", "the following month", "at midnight", "$5 a year", "June 19, 2024", "19 June 2024", "in March", "May 2024",
    "March of that year", "Christmas Day", "on Mondays", "every Monday", "9:30 a.m. EST", "14:00 GMT", "2024-10-16T09:30",
    "Q3 2024", "300 BC", "AD 1066", "nineteen ninety-eight", "its former chief", "9am on Sunday", "Sunday at 9am",
]
PIECES = st.one_of(st.sampled_from(PHRASES), st.text(st.characters(max_codepoint=127), max_size=3), st.sampled_from(["’", "“", "—", "…", "é", "\xa0", "\x1c"]))
CASES = st.sampled_from([str.lower, str.upper, str.title, str.capitalize, str.swapcase])
TEXTS = st.lists(st.tuples(PIECES, CASES).map(lambda piece: piece[1](piece[0])), max_size=10).map(" ".join)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(match.span(group) for group in range(pattern.groups + 1)) for match in pattern.finditer(text)]


def _assert_plain_forms_find_what_the_patterns_find(text: str, lowered: str) -> None:
    for name, pattern, twin in TWINS:
        assert _matches(twin, lowered) == _matches(pattern, text), name
    for name, pattern, form in ASCII_FORMS:
        assert _matches(form, text) == _matches(pattern, text), name
    assert engine.anchor_positions(text, LANGUAGE, lowered) == engine.anchor_positions(text, LANGUAGE)


def test_every_english_rule_has_a_twin_or_ascii_classes_and_most_a_twin() -> None:
    assert len(TWINS) - 2 > len(LANGUAGE.rules) // 2
    assert len(TWINS) - 2 + len(ASCII_FORMS) == len(LANGUAGE.rules)
    assert all(form.flags & re.ASCII for _, _, form in ASCII_FORMS)
    assert LANGUAGE.future_casefree is not None and LANGUAGE.past_casefree is not None


@pytest.mark.parametrize("case", [str, str.upper, str.title, str.swapcase])
def test_on_the_sample_articles_in_any_case_plain_forms_find_what_the_patterns_find(case: Callable[[str], str]) -> None:
    plain = 0
    for path in sorted(DATA.glob("*.txt")):
        text = case(path.read_text(encoding="utf-8"))
        lowered = engine.twin_text(text)
        if lowered is not None:
            plain += 1
            _assert_plain_forms_find_what_the_patterns_find(text, lowered)
    assert plain >= 4  # curly quotes and dashes keep an article plain; Korean words do not


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_on_plain_text_plain_forms_find_what_the_patterns_find(text: str) -> None:
    lowered = engine.twin_text(text)
    if lowered is not None:
        _assert_plain_forms_find_what_the_patterns_find(text, lowered)


@pytest.mark.parametrize(
    ("text", "plain"),
    [("He said “no” on Monday – twice…", True), ("Fête on Monday", False), ("Monday\xa0morning", False), ("two\x1cweeks ago", False), ("오전 9시", False)],
)
def test_plain_text_has_caseless_marks_at_most_beyond_ascii_and_no_unicode_only_spaces(text: str, plain: bool) -> None:
    assert (engine.twin_text(text) is not None) == plain


@pytest.mark.parametrize("text", ["two\xa0weeks ago", "two\x1cweeks ago", "two weeksé ago", "ſix weeks ago"])
def test_on_text_that_is_not_plain_the_twins_would_find_other_matches(text: str) -> None:
    """Why twin_text declines it: a Unicode-only space or letter, or a letter that folds to ASCII."""
    assert engine.twin_text(text) is None
    assert any(_matches(twin, text.lower()) != _matches(pattern, text) for _, pattern, twin in TWINS)


@pytest.mark.parametrize(
    "regex",
    [
        r"(?-i:May)\s+\d+",  # a case-sensitive part with letters
        r"\d{4}-\d\d-\d\dT\d\d",  # an upper-case letter
        r"[A-Z]{2,4}T",  # a set of upper-case letters only
        r"stra[ßs]e",  # a non-ASCII letter
        r"(?P<word>\w+) (?-i:(?P=word))",  # a case-sensitive repeat of a group
    ],
)
def test_patterns_that_tell_case_apart_have_no_twin(regex: str) -> None:
    assert engine.casefree(re.compile(regex, re.IGNORECASE)) is None


@pytest.mark.parametrize("regex", [r"(?<!\w)(?:a\.?m\.?|[aApP]\.?[mM]|o['’]clock)(?!\w)", r"(?-i:\d+)\s*(?:st|nd|rd|th)", r"(?P<w>\w+) (?P=w)"])
def test_patterns_that_ignore_case_throughout_have_a_twin(regex: str) -> None:
    assert engine.casefree(re.compile(regex, re.IGNORECASE)) is not None


def test_a_case_sensitive_pattern_has_no_twin() -> None:
    assert engine.casefree(re.compile(r"\d+ days")) is None


@pytest.mark.parametrize(("regex", "flags"), [(r"(?i:ſ)ix", 0), (r"x[é]", re.IGNORECASE), (r"(?u)\w+", 0)])
def test_ascii_classes_leave_a_pattern_that_folds_a_non_ascii_letter_or_asks_for_unicode(regex: str, flags: int) -> None:
    pattern = re.compile(regex, flags)
    assert engine.ascii_classes(pattern) is pattern


@pytest.mark.parametrize(("regex", "flags"), [(r"\d+\s+ans", 0), (r"[é]t[é]", 0), (r"(?<!\w)(?:two|\d+)\s+weeks", re.IGNORECASE)])
def test_ascii_classes_serve_other_patterns(regex: str, flags: int) -> None:
    assert engine.ascii_classes(re.compile(regex, flags)).flags & re.ASCII
