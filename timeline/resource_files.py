"""The language resource files: every word list, pattern and rule a stage reads is found, read and
checked here, so that a broken file fails the same way whichever stage reads it.

A stage names its file by a pattern and a language ("events_{}.yaml", "en"). A language is named by
its ISO 639-1 code, and a regional tag reads as its language ("en-US" and "en_GB" are "en"). A
language without the file raises ResourceError naming the languages that have one: tagging French
text with English rules would put wrong dates on a timeline without a word, so there is no quiet
fallback to English anywhere. Every other fault (a missing entry, a word that YAML read as a
boolean, a regular expression that does not compile, a pattern that misses its own example) raises
ResourceError too, naming the file and the entry or line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["RESOURCES", "EXAMPLE", "ResourceError", "YamlResource", "Line", "language_code", "find", "read_yaml", "read_lines", "read_patterns"]

RESOURCES = Path(__file__).resolve().parent / "resources"
"""The resource files of the stages outside `temporal` (which keeps its own beside its engine)."""

EXAMPLE = "# e.g. "
"""Opens a comment line of a line-based resource file that gives an example of the pattern below it."""

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?=$|[-_])")
_CODE = re.compile(r"[a-z]{2,3}")


class ResourceError(ValueError):
    """A resource file that is missing or cannot be used; the message names the file and the entry."""


def language_code(language: str) -> str:
    """The code a language's resource files are named by: "en" for "en", "EN", "en-US" or "en_GB"."""
    found = _LANGUAGE.match(language.strip())
    return found.group().lower() if found else language.strip()


def find(directory: Path, pattern: str, language: str, what: str) -> Path:
    """The resource file `pattern` (with "{}" for the language code) of a language in directory;
    ResourceError when the language has none, naming the languages that have one."""
    code = language_code(language)
    path = directory / pattern.format(code)
    if not path.is_file():
        prefix, _, suffix = pattern.partition("{}")
        named = (p.name[len(prefix) : len(p.name) - len(suffix)] for p in directory.glob(pattern.format("*")))
        known = sorted(name for name in named if _CODE.fullmatch(name))  # not "en.merge" of events_en.merge.yaml
        raise ResourceError(f"no {what} resources for language {code!r} (no {path.name}; known: {', '.join(known) or 'none'})")
    return path


@dataclass(frozen=True)
class YamlResource:
    """A YAML resource file's top-level entries, read by name; a fault names the file and the entry."""

    path: Path
    data: dict[str, Any]

    def error(self, where: str, problem: str) -> ResourceError:
        return ResourceError(f"{self.path.name} {where}: {problem}")

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def entry(self, key: str) -> Any:
        if key not in self.data:
            raise self.error(f"entry {key!r}", "missing")
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def texts(self, key: str) -> list[str]:
        """A list entry whose items must all be text (YAML reads a bare on/no/yes/off as a boolean)."""
        entries = self.entry(key)
        if not isinstance(entries, list):
            raise self.error(f"entry {key!r}", "is not a list")
        return self.checked_texts(key, entries)

    def checked_texts(self, key: str, entries: list[Any]) -> list[str]:
        bad = [w for w in entries if not isinstance(w, str)]
        if bad:
            raise self.error(f"entry {key!r}", f"has entries that are not text: {bad!r} (quote on/no/yes/off)")
        return entries

    def words(self, key: str) -> frozenset[str]:
        """A list entry as a set of lower-case words."""
        return frozenset(w.lower() for w in self.texts(key))

    def text(self, key: str) -> str:
        value = self.entry(key)
        if not isinstance(value, str):
            raise self.error(f"entry {key!r}", f"is not text: {value!r} (quote on/no/yes/off)")
        return value

    def number(self, key: str) -> int:
        value = self.entry(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(f"entry {key!r}", f"is not a whole number: {value!r}")
        return value

    def compiled(self, where: str, regex: str, flags: int = 0) -> re.Pattern[str]:
        """A regular expression of the file, compiled; `where` names its entry in the error."""
        try:
            return re.compile(regex, flags)
        except re.error as error:
            raise self.error(where, f"bad regular expression ({error})") from None


def read_yaml(path: Path) -> YamlResource:
    """A YAML resource file whose top level is a mapping."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ResourceError(f"{path.name}: not valid YAML ({error})") from None
    if not isinstance(data, dict):
        raise ResourceError(f"{path.name}: not a mapping of entries")
    return YamlResource(path, data)


@dataclass(frozen=True)
class Line:
    """An entry of a line-based resource file: its line number, its text and the examples given in
    the comment lines just above it."""

    number: int
    text: str
    examples: tuple[str, ...]


def read_lines(path: Path) -> list[Line]:
    """The entries of a line-based resource file: one per line that is neither blank nor a comment."""
    entries = []
    examples: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(EXAMPLE):
            examples.append(line[len(EXAMPLE) :])
        elif line.strip() and not line.lstrip().startswith("#"):
            entries.append(Line(number, line.strip(), tuple(examples)))
            examples = []
    return entries


def read_patterns(path: Path, flags: int, examples: bool) -> tuple[re.Pattern[str], ...]:
    """The regular expressions of a line-based resource file, one a line. With examples, each must
    have an example above it that it matches: a pattern that misses its own example would silently
    let through what it was written for."""
    patterns = []
    for line in read_lines(path):
        try:
            pattern = re.compile(line.text, flags)
        except re.error as error:
            raise ResourceError(f"{path.name} line {line.number}: not a valid regular expression ({error}): {line.text}") from None
        if examples:
            if not line.examples:
                raise ResourceError(f"{path.name} line {line.number}: no '{EXAMPLE.strip()}' comment above the pattern")
            missed = [e for e in line.examples if not pattern.search(e)]
            if missed:
                raise ResourceError(f"{path.name} line {line.number}: the pattern does not match its example {missed[0]!r}")
        patterns.append(pattern)
    return tuple(patterns)
