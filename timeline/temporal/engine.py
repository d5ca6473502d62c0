"""The tagging engine: compile a language's resource file once, find every rule's matches, keep the
longest non-overlapping ones and normalize each in document order.

The engine knows no words of any language; they all live in resources/<language>.yaml (see its
header for the format), so a new expression or language is a resource change.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).parent / "resources"
_TABLE_REF = re.compile(r"%\{(\w+)\}")
_PATTERN_REF = re.compile(r"%([A-Z][A-Z0-9_]*)")
_APOSTROPHE = re.compile(r"['’]")


class ResourceError(ValueError):
    """A language resource file that cannot be compiled; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    pattern: re.Pattern[str]
    normalize: str
    params: dict[str, Any]
    priority: int
    order: int


@dataclass(frozen=True)
class Language:
    """A compiled resource file: word tables, tense cues and rules."""

    code: str
    tables: dict[str, dict[str, Any]]
    rules: tuple[Rule, ...]
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]
    settings: dict[str, Any]

    def lookup(self, table: str, word: str) -> Any:
        """The value of a word in a table, ignoring case, spacing and the kind of apostrophe."""
        key = " ".join(_APOSTROPHE.sub("'", word).lower().split())
        entries = self.tables[table]
        if key in entries:
            return entries[key]
        return entries.get(key.rstrip("."))


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]


def _word_alternation(words: list[str], cased: bool) -> str:
    """A regex alternation of words, longest first; cased keeps only Capitalised and UPPER forms."""
    forms: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        variants = [word]
        if cased:
            variants = [" ".join(part[:1].upper() + part[1:] for part in word.split(" ")), word.upper()]
        for variant in variants:
            escaped = re.escape(variant).replace("\\ ", r"\s+").replace("'", "['’]")
            if escaped not in forms:
                forms.append(escaped)
    body = "|".join(forms)
    return f"(?-i:{body})" if cased else f"(?:{body})"


def _expand(source: str, tables: dict[str, dict[str, Any]], patterns: dict[str, str], where: str) -> str:
    def table(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.lower() not in tables:
            raise ResourceError(f"{where}: unknown table %{{{name}}}")
        return _word_alternation([str(w) for w in tables[name.lower()]], cased=name[0].isupper())

    def pattern(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in patterns:
            raise ResourceError(f"{where}: unknown pattern %{name}")
        return patterns[name]

    for _ in range(5):  # fragments may refer to other fragments
        expanded = _TABLE_REF.sub(table, _PATTERN_REF.sub(pattern, source))
        if expanded == source:
            break
        source = expanded
    return source


@functools.lru_cache(maxsize=None)
def load(code: str) -> Language:
    """Read and compile resources/<code>.yaml once per process."""
    path = RESOURCES / f"{code}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in RESOURCES.glob("*.yaml")))
        raise ResourceError(f"no temporal resources for language {code!r} (known: {known})")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables = {name: {str(k).lower(): v for k, v in entries.items()} for name, entries in data["tables"].items()}
    patterns = {name: str(p) for name, p in data.get("patterns", {}).items()}
    rules = []
    for order, spec in enumerate(data["rules"]):
        where = f"{path.name} rule {spec.get('name', order)!r}"
        regex = _expand(spec["regex"], tables, patterns, where)
        flags = 0 if spec.get("case") == "sensitive" else re.IGNORECASE
        try:
            pattern = re.compile(rf"(?<!\w)(?:{regex})(?!\w)", flags)
        except re.error as error:
            raise ResourceError(f"{where}: bad regex ({error})") from error
        rules.append(Rule(spec["name"], spec["type"], pattern, spec["normalize"], spec.get("params") or {}, int(spec.get("priority", 0)), order))
    tense = data.get("tense", {})

    def cue(words: list[str]) -> re.Pattern[str]:
        return re.compile(r"(?<![\w'])(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)

    settings = {k: v for k, v in data.items() if k not in {"tables", "patterns", "rules", "tense"}}
    return Language(code, tables, tuple(rules), cue(tense.get("future", [])), cue(tense.get("past", [])), settings)


def candidates(text: str, language: Language) -> list[Candidate]:
    """Every match of every rule, spans narrowed to the group `t` when the rule has one."""
    found = []
    for rule in language.rules:
        has_t = "t" in rule.pattern.groupindex
        for match in rule.pattern.finditer(text):
            start, end = match.span("t") if has_t else match.span()
            if end > start:
                found.append(Candidate(start, end, rule, match))
    return found


def resolve(found: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest first, then higher priority, then the earlier rule."""
    ranked = sorted(found, key=lambda c: (-(c.end - c.start), -c.rule.priority, c.rule.order, c.start))
    taken: list[Candidate] = []
    occupied = bytearray(max((c.end for c in found), default=0))
    for candidate in ranked:
        if any(occupied[candidate.start : candidate.end]):
            continue
        occupied[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)

