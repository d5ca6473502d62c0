"""The tagging engine: compile a language's resource file once, find every rule's matches, keep the
longest non-overlapping ones and normalize each in document order.

The engine knows no words of any language; they all live in resources/<language>.yaml (see its
header for the format), so a new expression or language is a resource change.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline.resource_files import YamlResource, find, read_yaml

try:  # how re parses a pattern, for `casefree`
    from re import _constants as sre, _parser as sre_parse
except ImportError:  # Python 3.10
    import sre_constants as sre
    import sre_parse

RESOURCES = Path(__file__).parent / "resources"
_TABLE_REF = re.compile(r"%\{(\w+)\}")
_PATTERN_REF = re.compile(r"%([A-Z][A-Z0-9_]*)")
_APOSTROPHE = re.compile(r"['’]")
_TOKEN = re.compile(r"\w+")
_PLAIN = re.compile(r"[\w' ]+")
_YEAR4 = re.compile(r"(?:1[6-9]|20)\d\d(?!\d)")
_NOT_PLAIN_ASCII = re.compile("[^\x00-\x1b\x20-\x7f]")
REACH = (40, 24)
"""How far (characters) a match may extend before and after the anchor word it contains, unless its
rule says otherwise (`reach: [before, after]`)."""


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    pattern: re.Pattern[str]
    normalize: str
    """The name a normalization is registered under (timeline.temporal.normalizers)."""
    params: dict[str, Any]
    priority: int
    order: int
    example: str
    """Text the rule is written for: it must match there when the file loads, and tagging it must
    give the rule's own expression (tests/test_temporal_resources.py)."""
    anchors: tuple[str, ...] = ()
    """Anchor classes (see the resource file's header); empty: tried everywhere."""
    reach: tuple[int, int] = REACH
    casefree: re.Pattern[str] | None = None
    """The pattern's twin for lower-cased plain text, when it has one (see `casefree`)."""
    ascii: re.Pattern[str] | None = None
    """For a rule without a twin: what searches plain text itself in the pattern's place, the
    pattern with ASCII classes when they are exact (see `ascii_classes`)."""


@dataclass(frozen=True)
class Scan:
    """Rules tried in the same stretches of a text: those with the same anchors and reach."""

    anchors: tuple[str, ...]
    reach: tuple[int, int]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Language:
    """A compiled resource file: word tables, tense cues and rules."""

    code: str
    file: str
    tables: dict[str, dict[str, Any]]
    rules: tuple[Rule, ...]
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]
    future_casefree: re.Pattern[str] | None
    past_casefree: re.Pattern[str] | None
    """The cues' twins for lower-cased plain text (see `casefree`)."""
    passive_before: re.Pattern[str]
    """What, just before a past cue, makes it a participle ("will be held"), searched at the cue."""
    numeric_order: str
    """How 10/06/2024 reads when both parts could be the month: "mdy" or "dmy"."""
    number_link: re.Pattern[str]
    """What separates the words of a number said in words ("twenty-one", "two hundred and five")."""
    anchor_words: dict[str, frozenset[str]]
    """Lower-case word -> the anchor classes it belongs to."""
    anchor_word: re.Pattern[str]
    """Any anchor word, on lower-cased text."""
    anchor_patterns: dict[str, re.Pattern[str]]
    """'re:...' anchor classes (case-sensitive, so that a leading digit class keeps the scan fast)."""
    plain_anchors: tuple[re.Pattern[str], dict[str, re.Pattern[str]]]
    """anchor_word and anchor_patterns with ASCII classes, for plain text (see `twin_text`), where
    they find the same a little faster."""
    range_link: re.Pattern[str]
    """What may stand between two dates of one range or pair ("May 15 to August 16, 1988"), so
    that the first takes the year stated with the second."""
    scans: tuple[Scan, ...]
    """The rules grouped by the stretches they are tried in, so that a text's stretches are
    worked out once per group, and not at all for a group whose anchors it lacks."""

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


def _trie(words: list[str]) -> str:
    """A regex matching exactly the given words, factored by common prefixes so that the regex
    engine never tries two alternatives with the same first character (much faster than w1|w2|...).
    A space matches any whitespace and an apostrophe either kind."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = []
        for char, child in sorted(node.items()):
            if char:
                piece = r"\s+" if char == " " else "['’]" if char == "'" else re.escape(char)
                branches.append(piece + emit(child))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _word_alternation(words: list[str], cased: bool) -> str:
    """A regex of a table's words; cased keeps only their Capitalised and UPPER CASE forms."""
    if not cased:
        return f"(?:{_trie(words)})"
    forms = {variant for word in words for variant in (" ".join(p[:1].upper() + p[1:] for p in word.split(" ")), word.upper())}
    return f"(?-i:{_trie(sorted(forms))})"


def _expand(source: str, tables: dict[str, dict[str, Any]], patterns: dict[str, str], resource: YamlResource, where: str) -> str:
    def table(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.lower() not in tables:
            raise resource.error(where, f"unknown table %{{{name}}}")
        return _word_alternation([str(w) for w in tables[name.lower()]], cased=name[0].isupper())

    def pattern(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in patterns:
            raise resource.error(where, f"unknown pattern %{name}")
        return patterns[name]

    for _ in range(5):  # fragments may refer to other fragments
        expanded = _TABLE_REF.sub(table, _PATTERN_REF.sub(pattern, source))
        if expanded == source:
            break
        source = expanded
    return source


def resource_file(code: str) -> Path:
    """resources/<code>.yaml ("en-US" is en.yaml); ResourceError naming the languages there are when
    the language has none."""
    return find(RESOURCES, "{}.yaml", code, "temporal")


@functools.lru_cache(maxsize=None)
def load(code: str) -> Language:
    """Read and compile resources/<code>.yaml once per process ("en-US" reads en.yaml; see
    timeline.resource_files); ResourceError naming the file and the entry when it cannot be used.
    Whether its rules name normalizations that exist is checked by timeline.temporal.load."""
    return compile_resource(read_yaml(resource_file(code)))


def compile_resource(resource: YamlResource) -> Language:
    """A language's compiled resource file (see the header of resources/en.yaml for its format)."""
    unknown = sorted(set(resource.data) - _ENTRIES)
    if unknown:
        raise resource.error(f"entry {unknown[0]!r}", f"unknown (the entries are {', '.join(sorted(_ENTRIES))})")
    name = resource.path.name
    tables = {table: {str(k).lower(): v for k, v in entries.items()} for table, entries in resource.entry("tables").items()}
    patterns = {fragment: str(p) for fragment, p in resource.get("patterns", {}).items()}
    rules = tuple(_rule(spec, order, tables, patterns, resource) for order, spec in enumerate(resource.entry("rules")))
    names = [rule.name for rule in rules]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise resource.error(f"rule {twice[0]!r}", "named twice")
    tense = resource.get("tense", {})

    def cue(entries: list[str]) -> re.Pattern[str]:
        """Plain words go into one trie, regex entries stay as they are."""
        words = [e for e in entries if _PLAIN.fullmatch(e)]
        alternatives = [_trie(words)] if words else []
        alternatives += [e for e in entries if not _PLAIN.fullmatch(e)]
        return resource.compiled("entry 'tense'", r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)

    numeric_order = resource.get("numeric_order", "mdy")
    if numeric_order not in ("mdy", "dmy"):
        raise resource.error("entry 'numeric_order'", f"must be mdy or dmy, not {numeric_order!r}")
    range_link = resource.compiled("entry 'range_link'", str(resource.get("range_link", r"(?!)")), re.IGNORECASE)
    number_link = resource.compiled("entry 'number_link'", str(resource.get("number_link", r"\s+")))
    passive = "|".join(re.escape(word) for word in tense.get("passive", ()))
    passive_before = resource.compiled("entry 'tense'", rf"\b(?:{passive})\s+$" if passive else r"(?!)", re.IGNORECASE)
    words: dict[str, set[str]] = {}
    regex_anchors: list[str] = []
    for rule in rules:
        for anchor in rule.anchors:
            if anchor.startswith("re:"):
                if anchor not in regex_anchors:
                    regex_anchors.append(anchor)
            elif anchor in tables:  # a multi-word entry always contains each of its words: the longest is the rarest, mostly
                for entry in tables[anchor]:
                    tokens = _TOKEN.findall(_APOSTROPHE.sub("'", entry))
                    words.setdefault(max(reversed(tokens), key=len), set()).add(anchor)
            elif anchor != "year4":
                words.setdefault(anchor.lower(), set()).add(anchor)
    anchor_words = {w: frozenset(c) for w, c in words.items()}
    anchor_word = re.compile(rf"(?<!\w)(?:{_trie(sorted(anchor_words))})(?!\w)")
    future, past = cue(tense.get("future", [])), cue(tense.get("past", []))
    anchor_patterns = {anchor: resource.compiled(f"anchor {anchor!r}", anchor[3:]) for anchor in regex_anchors}
    plain_anchors = (ascii_classes(anchor_word), {pattern: ascii_classes(compiled) for pattern, compiled in anchor_patterns.items()})
    groups: dict[tuple[tuple[str, ...], tuple[int, int]], list[Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.anchors, rule.reach), []).append(rule)
    scans = tuple(Scan(anchors, reach, tuple(members)) for (anchors, reach), members in groups.items())
    return Language(
        name.removesuffix(".yaml"), name, tables, rules, future, past, casefree(future), casefree(past), passive_before,
        numeric_order, number_link, anchor_words, anchor_word, anchor_patterns, plain_anchors, range_link, scans,
    )


_ENTRIES = frozenset({"numeric_order", "range_link", "number_link", "tables", "tense", "patterns", "rules"})
_RULE_KEYS = frozenset({"name", "regex", "type", "normalize", "params", "priority", "anchor", "reach", "case", "example"})
_TYPES = frozenset({"DATE", "TIME", "DURATION", "SET", "NONE"})


def _rule(spec: dict[str, Any], order: int, tables: dict[str, dict[str, Any]], patterns: dict[str, str], resource: YamlResource) -> Rule:
    """One rule of a resource file, compiled and checked: its keys, type, regex and example."""
    where = f"rule {spec.get('name', order)!r}"
    unknown = sorted(set(spec) - _RULE_KEYS)
    missing = sorted({"name", "regex", "type", "normalize", "example"} - set(spec))
    if unknown or missing:
        raise resource.error(where, f"unknown key {unknown[0]!r}" if unknown else f"no {missing[0]!r}")
    if spec["type"] not in _TYPES:
        raise resource.error(where, f"type must be one of {', '.join(sorted(_TYPES))}, not {spec['type']!r}")
    regex = _expand(spec["regex"], tables, patterns, resource, where)
    flags = 0 if spec.get("case") == "sensitive" else re.IGNORECASE
    pattern = resource.compiled(where, rf"(?<!\w)(?:{regex})(?!\w)", flags)
    example = str(spec["example"])
    if not pattern.search(example):
        raise resource.error(where, f"the regex does not match its example {example!r}")
    anchors = tuple(str(a) for a in spec.get("anchor", ()))
    reach = tuple(int(n) for n in spec.get("reach", REACH))
    if len(reach) != 2:
        raise resource.error(where, "reach must be [before, after]")
    params = spec.get("params") or {}
    return Rule(spec["name"], spec["type"], pattern, spec["normalize"], params, int(spec.get("priority", 0)), order, example, anchors, (reach[0], reach[1]), *_twins(pattern))


def casefree(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern compiled without IGNORECASE and with ASCII classes, when on the lower-cased form
    of any plain text (see `twin_text`) it matches exactly where and what the pattern matches on the
    text itself; else None.

    That holds when nothing in the pattern tells case apart: no letter in a case-sensitive part, no
    upper-case letter (but in a set that holds its lower case too), no non-ASCII letter. It is worth
    having because matching case-sensitively is two to three times faster (the regex engine then
    skips an alternative on its first letter instead of entering it), and ASCII classes a little
    faster than Unicode ones.
    """
    if not pattern.flags & re.IGNORECASE or not all(_folds_away(*test) for test in _tests(pattern)):
        return None
    return _compiled(pattern.pattern, pattern.flags & ~(re.IGNORECASE | re.UNICODE) | re.ASCII)


def ascii_classes(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern with ASCII classes, which read plain text (see `twin_text`) as Unicode ones do and
    a little faster; the pattern itself if it ignores the case of a non-ASCII letter, which Unicode
    may fold onto an ASCII one (the long s onto s)."""
    if any(ignorecase and _names_non_ascii_letter(op, value) for op, value, ignorecase in _tests(pattern)):
        return pattern
    return _compiled(pattern.pattern, pattern.flags & ~re.UNICODE | re.ASCII) or pattern


def _twins(pattern: re.Pattern[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """A rule's case-free twin, or else its pattern with ASCII classes (see Rule)."""
    twin = casefree(pattern)
    return twin, None if twin is not None else ascii_classes(pattern)


def _compiled(regex: str, flags: int) -> re.Pattern[str] | None:
    try:
        return re.compile(regex, flags)
    except ValueError:  # the pattern itself asks for Unicode classes, "(?u)"
        return None


def twin_text(text: str) -> str | None:
    """The text the case-free twins match in place of text: text lower-cased, when text is plain;
    else None, and the patterns themselves must match text.

    Plain text reads the same to ASCII classes as to Unicode ones, and lower-cased as to IGNORECASE:
    it is ASCII, but for caseless marks that are neither letters, digits nor spaces (curly quotes,
    dashes, ellipses), and holds none of the separators \\x1c-\\x1f, which Unicode alone counts as spaces.
    """
    if text.isascii():
        plain = not any(separator in text for separator in "\x1c\x1d\x1e\x1f")
    else:
        plain = all(_caseless_mark(char) for char in set(_NOT_PLAIN_ASCII.findall(text)))
    return text.lower() if plain else None


def _caseless_mark(char: str) -> bool:
    return not (char.isalnum() or char.isspace()) and char.lower() == char.upper() == char.casefold() == char


def _tests(pattern: re.Pattern[str]) -> list[tuple[Any, Any, bool]]:
    """The character tests of a pattern as re parses it (literals, sets, repeats of a group), each
    with whether it ignores case; a node of another kind, unforeseen, comes as a test of its own."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    return list(_walk(parsed, bool(parsed.state.flags & re.IGNORECASE)))


def _walk(items: Any, ignorecase: bool) -> Iterator[tuple[Any, Any, bool]]:
    for op, value in items:
        if op is sre.SUBPATTERN:
            _, added, removed, body = value
            yield from _walk(body, bool(added & re.IGNORECASE) or (ignorecase and not removed & re.IGNORECASE))
        elif op in _NESTING:
            for part in _parts(op, value):
                yield from _walk(part, ignorecase)
        elif op not in (sre.ANY, sre.AT):
            yield op, value, ignorecase


_NESTING = frozenset(getattr(sre, name) for name in ("BRANCH", "MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT", "GROUPREF_EXISTS") if hasattr(sre, name))
"""Parsed nodes that hold others (possessive repeats and atomic groups came with Python 3.11)."""


def _parts(op: Any, value: Any) -> list[Any]:
    """The sub-patterns of a parsed node of _NESTING."""
    if op is sre.BRANCH:
        return value[1]
    if op is sre.GROUPREF_EXISTS:
        return [part for part in value[1:] if part is not None]
    return [value[-1]] if isinstance(value, tuple) else [value]  # repeats (min, max, body), lookarounds (direction, body), atomic groups


def _folds_away(op: Any, value: Any, ignorecase: bool) -> bool:
    """Whether a character test would match lower-cased plain text without IGNORECASE as it matches
    the text itself (see `casefree`); anything unforeseen counts as no."""
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return not _cased(value) or (ignorecase and chr(value).isascii() and chr(value).islower())
    if op is sre.IN:
        return _set_folds_away(value, ignorecase)
    return op is sre.GROUPREF and ignorecase  # a case-sensitive repeat of a group would match another case on lower-cased text


def _set_folds_away(items: Any, ignorecase: bool) -> bool:
    """The same for a set ([...]): with IGNORECASE, an upper-case letter in it needs its lower case
    too; without, it must hold no letter at all."""
    codes = _set_codes(items)
    if codes is None:
        return False
    cased = [code for code in codes if _cased(code)]
    if not ignorecase:
        return not cased
    return all(chr(code).isascii() and (chr(code).islower() or ord(chr(code).lower()) in codes) for code in cased)


def _names_non_ascii_letter(op: Any, value: Any) -> bool:
    """Whether a character test names a letter beyond ASCII; anything unforeseen counts as yes."""
    if op in (sre.LITERAL, sre.NOT_LITERAL):
        return not chr(value).isascii() and _cased(value)
    if op is sre.IN:
        codes = _set_codes(value)
        return codes is None or any(not chr(code).isascii() and _cased(code) for code in codes)
    return op is not sre.GROUPREF


def _set_codes(items: Any) -> set[int] | None:
    """The characters a set names (its ASCII ones, and its non-ASCII letters); None when it names
    too many to tell or holds something unforeseen."""
    codes: set[int] = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            codes.add(value)
        elif kind is sre.RANGE:
            low, high = value
            if high - low > 4096:
                return None
            codes.update(code for code in range(low, high + 1) if code < 128 or _cased(code))
        elif kind not in (sre.NEGATE, sre.CATEGORY):
            return None
    return codes


def _cased(code: int) -> bool:
    char = chr(code)
    return not char.lower() == char.upper() == char.casefold() == char


def anchor_positions(text: str, language: Language, lowered: str | None = None) -> dict[str, list[tuple[int, int]]]:
    """Where each anchor class occurs in text: one pass for the words, one per other class.
    lowered is text's twin text (see `twin_text`), None if text is not plain; plain text is read with
    the anchors' ASCII classes, which are faster."""
    found: dict[str, list[tuple[int, int]]] = {}
    words = language.anchor_words
    anchor_word, anchor_patterns = (language.anchor_word, language.anchor_patterns) if lowered is None else language.plain_anchors
    for match in anchor_word.finditer(text.lower() if lowered is None else lowered):
        span = match.span()
        for name in words[match.group()]:
            found.setdefault(name, []).append(span)
    years = [m.span() for m in _YEAR4.finditer(text) if not text[m.start() - 1 : m.start()].isdigit()]
    if years:
        found["year4"] = years
    for name, pattern in anchor_patterns.items():
        spans = [m.span() for m in pattern.finditer(text)]
        if spans:
            found[name] = spans
    return found


def windows(spans: list[tuple[int, int]], length: int, reach: tuple[int, int] = REACH) -> list[tuple[int, int]]:
    """Merged stretches of text from reach[0] characters before any span to reach[1] after it."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start - reach[0]), min(length, end + reach[1])
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def candidates(text: str, language: Language, lowered: str | None) -> list[Candidate]:
    """Every match of every rule, spans narrowed to the group `t` when the rule has one, grouped
    by scan (their order does not matter: resolve ranks them). lowered is `twin_text(text)`.

    A rule with anchors is only tried within its reach of them: that finds what a scan of the
    whole text would, since no match reaches further from its anchor word.
    """
    positions = anchor_positions(text, language, lowered)
    found: list[Candidate] = []
    for scan in language.scans:
        if scan.anchors:
            spans = [span for anchor in scan.anchors for span in positions.get(anchor, ())]
            if not spans:
                continue
            stretches = windows(spans, len(text), scan.reach)
        else:
            stretches = [(0, len(text))]
        for rule in scan.rules:
            _collect(rule, text, lowered, stretches, found)
    return found


def _collect(rule: Rule, text: str, lowered: str | None, stretches: list[tuple[int, int]], found: list[Candidate]) -> None:
    """The rule's matches in each stretch, as finditer over the stretch finds them. Most stretches
    hold none, so a single search rules each out first, without the cost of an iterator, and on
    plain text (lowered is its lower-cased form, else None) with the rule's case-free twin on the
    lowered text, or else with its pattern's ASCII classes. A scan from the first match then finds
    what a scan from the stretch's beginning finds."""
    has_t = "t" in rule.pattern.groupindex
    if lowered is not None and rule.casefree is not None:
        search, searched = rule.casefree.search, lowered
    else:
        search, searched = (rule.pattern if lowered is None or rule.ascii is None else rule.ascii).search, text
    for begin, end in stretches:
        first = search(searched, begin, end)
        if first is None:
            continue
        for match in rule.pattern.finditer(text, first.start(), end):
            start, stop = match.span("t") if has_t else match.span()
            if stop > start:
                found.append(Candidate(start, stop, rule, match))


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

