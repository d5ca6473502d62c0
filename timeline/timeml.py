"""Measure the temporal tagger on TimeML documents, TempEval-3 style, and say where it goes wrong.

TimeML (.tml) files hold gold TIMEX3 tags inline in a <TEXT> element and the document creation
time (DCT) in <DCT><TIMEX3 value=...>. `read_tml` turns one file into the raw text the tagger sees
plus gold Timex objects with offsets into it; `score` computes the TempEval-3 TIMEX3 figures
(strict and relaxed extraction, value F1, type accuracy); `error_report` groups the differences by
kind of expression so that the tagger's rules can be fixed where it matters most; `run_eval` is the
`python -m timeline eval-timeml` command.

Values are compared as exact strings, as the TempEval-3 scorer does: "1998-01" is not "1998-01-08",
and "P1D" is not "P24H". Quirks of a corpus (the tweets' "2011-11-26-WXX-6") are left as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from timeline.model import Timex

Tagger = Callable[[str, dt.date], list[Timex]]

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
CONTEXT_CHARS = 40


class TimemlError(ValueError):
    """A .tml file that cannot be evaluated; the message says which file and why."""


@dataclass(frozen=True)
class TimemlDocument:
    """One TimeML document: the text to tag, its creation date and the gold TIMEX3s in it."""

    name: str
    text: str
    """The characters of <TEXT> with the tags removed and XML entities decoded."""
    dct: dt.date
    gold: list[Timex]
    """Gold TIMEX3s of <TEXT>, offsets into `text`; rule holds the TIMEX3 tid."""


def read_tml(path: Path | str) -> TimemlDocument:
    """Read one TimeML file; raises TimemlError with the reason when it cannot be evaluated."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as error:
        raise TimemlError(f"{path}: not readable as XML ({error})") from error
    body = root.find("TEXT")
    if body is None:
        raise TimemlError(f"{path}: no <TEXT> element")
    dct = _creation_date(root, path)
    text = _TextBuilder(path)
    text.walk(body, inside_timex=False)
    return TimemlDocument(name=path.stem, text="".join(text.pieces), dct=dct, gold=text.gold)


def _creation_date(root: ET.Element, path: Path) -> dt.date:
    """The calendar date of the DCT TIMEX3 (times of day are dropped: the tagger anchors on days)."""
    timex = root.find("DCT/TIMEX3")
    if timex is None:
        timex = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if timex is None:
        raise TimemlError(f"{path}: no document creation time (<DCT><TIMEX3 value=...>)")
    value = timex.get("value", "")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as error:
        raise TimemlError(f"{path}: creation time {value!r} is not a YYYY-MM-DD date") from error


@dataclass
class _TextBuilder:
    """The characters of an element in document order (.text, children, .tail), and the TIMEX3 spans."""

    path: Path
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    gold: list[Timex] = field(default_factory=list)

    def add(self, piece: str | None) -> None:
        if piece:
            self.pieces.append(piece)
            self.length += len(piece)

    def walk(self, element: ET.Element, *, inside_timex: bool) -> None:
        start, first_piece = self.length, len(self.pieces)
        self.add(element.text)
        for child in element:
            is_timex = child.tag == "TIMEX3"
            if is_timex and inside_timex:
                raise TimemlError(f"{self.path}: TIMEX3 {child.get('tid')} is nested in another TIMEX3")
            self.walk(child, inside_timex=inside_timex or is_timex)
            self.add(child.tail)
        if element.tag == "TIMEX3":
            kind = element.get("type", "")
            if kind not in TIMEX_TYPES:
                raise TimemlError(f"{self.path}: TIMEX3 {element.get('tid')} has type {kind!r}, not one of {', '.join(TIMEX_TYPES)}")
            text = "".join(self.pieces[first_piece:])
            self.gold.append(Timex(start, self.length, text, kind, element.get("value", ""), rule=element.get("tid", "")))


def read_directory(directory: Path, *, limit: int | None = None) -> tuple[dict[str, list[TimemlDocument]], list[str]]:
    """The *.tml files under directory by first subfolder ("." for files directly in it), and a
    message per file skipped. `limit` keeps at most that many files, taken in turn from each
    subfolder so that every one is represented.
    """
    folders: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(Path(directory).rglob("*.tml")):
        parts = path.relative_to(directory).parts
        folders[parts[0] if len(parts) > 1 else "."].append(path)
    if limit is not None:
        kept = set(_take_in_turn(list(folders.values()), limit))
        folders = defaultdict(list, {name: [p for p in paths if p in kept] for name, paths in folders.items()})
    groups: dict[str, list[TimemlDocument]] = {}
    skipped: list[str] = []
    for name, paths in folders.items():
        groups[name] = []
        for path in paths:
            try:
                groups[name].append(read_tml(path))
            except TimemlError as error:
                skipped.append(str(error))
    return {name: docs for name, docs in groups.items() if docs}, skipped


def _take_in_turn(groups: list[list[Path]], limit: int) -> list[Path]:
    taken: list[Path] = []
    for index in range(max(map(len, groups), default=0)):
        taken += [group[index] for group in groups if index < len(group)]
    return taken[: max(limit, 0)]


@dataclass(frozen=True)
class Pair:
    """A gold TIMEX3 and the system Timex aligned with it; either side is None when unmatched."""

    gold: Timex | None
    system: Timex | None

    @property
    def strict(self) -> bool:
        return self.gold is not None and self.system is not None and (self.gold.start, self.gold.end) == (self.system.start, self.system.end)


@dataclass(frozen=True)
class Alignment:
    """One document's gold and system timexes, matched one to one by overlapping span."""

    document: TimemlDocument
    pairs: list[Pair]
    problem: str | None = None
    """Why the tagger produced nothing for this document (it raised), when it did."""


def align(documents: Iterable[TimemlDocument], tagger: Tagger | None = None) -> list[Alignment]:
    """Tag each document and match system to gold spans; a tagger failure is reported, not raised."""
    tagger = tagger or _default_tagger()
    alignments = []
    for document in documents:
        try:
            system = list(tagger(document.text, document.dct))
            problem = None
        except Exception as error:  # a bad document must not stop the measurement of the others
            system, problem = [], f"{document.name}: tagger failed: {type(error).__name__}: {error}"
        alignments.append(Alignment(document, _match(document.gold, system), problem))
    return alignments


def _default_tagger() -> Tagger:
    from timeline import temporal

    return temporal.tag


def _match(gold: Sequence[Timex], system: Sequence[Timex]) -> list[Pair]:
    """One-to-one matching of overlapping spans: exact spans first, then the largest overlaps.

    Greedy by (exact, overlap length) is what the TempEval-3 scorer's relaxed match amounts to on
    real output, where two system spans rarely overlap the same gold span.
    """
    candidates = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                exact = (g.start, g.end) == (s.start, s.end)
                candidates.append((not exact, -overlap, g.start, s.start, gi, si))
    candidates.sort()
    used_gold: dict[int, int] = {}
    used_system: set[int] = set()
    for *_, gi, si in candidates:
        if gi not in used_gold and si not in used_system:
            used_gold[gi] = si
            used_system.add(si)
    pairs = [Pair(g, system[used_gold[gi]] if gi in used_gold else None) for gi, g in enumerate(gold)]
    pairs += [Pair(None, s) for si, s in enumerate(system) if si not in used_system]
    return sorted(pairs, key=lambda p: ((p.gold or p.system).start, p.gold is None))


def _f1(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    precision = correct / system if system else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class TimemlScores:
    """TempEval-3 TIMEX3 counts over a set of documents, with the figures derived from them."""

    documents: int
    gold: int
    system: int
    strict: int
    """Pairs whose spans are identical."""
    relaxed: int
    """Pairs whose spans overlap (one to one)."""
    value: int
    """Relaxed pairs with the same value string."""
    type: int
    """Relaxed pairs with the same type."""
    problems: tuple[str, ...] = ()

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return _f1(self.strict, self.system, self.gold)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return _f1(self.relaxed, self.system, self.gold)

    @property
    def value_prf(self) -> tuple[float, float, float]:
        """TempEval-3 value figures: P = right values / system timexes, R = right values / gold."""
        return _f1(self.value, self.system, self.gold)

    @property
    def value_accuracy(self) -> float:
        """Right values among relaxed matches: how well found expressions are normalized."""
        return self.value / self.relaxed if self.relaxed else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type / self.relaxed if self.relaxed else 0.0

    def summary(self) -> str:
        """Several lines of figures, for people."""
        lines = [f"documents {self.documents}, gold timexes {self.gold}, system timexes {self.system}"]
        for name, (p, r, f) in (("strict", self.strict_prf), ("relaxed", self.relaxed_prf), ("value", self.value_prf)):
            lines.append(f"  {name:<8} P={p:.3f} R={r:.3f} F1={f:.3f}")
        lines.append(f"  value accuracy on relaxed matches {self.value_accuracy:.3f} ({self.value}/{self.relaxed})")
        lines.append(f"  type accuracy on relaxed matches  {self.type_accuracy:.3f} ({self.type}/{self.relaxed})")
        return "\n".join(lines)


def scores_of(alignments: Sequence[Alignment]) -> TimemlScores:
    """Count the matches of already aligned documents."""
    pairs = [p for a in alignments for p in a.pairs]
    matched = [p for p in pairs if p.gold is not None and p.system is not None]
    return TimemlScores(
        documents=len(alignments),
        gold=sum(p.gold is not None for p in pairs),
        system=sum(p.system is not None for p in pairs),
        strict=sum(p.strict for p in matched),
        relaxed=len(matched),
        value=sum(p.gold.value == p.system.value for p in matched),
        type=sum(p.gold.type == p.system.type for p in matched),
        problems=tuple(a.problem for a in alignments if a.problem),
    )


def score(documents: Iterable[TimemlDocument], tagger: Tagger | None = None) -> TimemlScores:
    """TempEval-3 TIMEX3 scores of tagger (default: timeline.temporal.tag) on documents."""
    return scores_of(align(documents, tagger))


ERROR_CATEGORIES = ("missed", "spurious", "wrong value", "wrong type", "span mismatch")

_VALUE_SHAPES = [
    ("full date", re.compile(r"\d{4}-\d{2}-\d{2}")),
    ("month", re.compile(r"\d{4}-\d{2}")),
    ("year", re.compile(r"\d{4}")),
    ("decade/century", re.compile(r"\d{2,3}")),
    ("week", re.compile(r"\d{4}-W\d{2}(-WE)?")),
    ("quarter/season/half", re.compile(r"\d{4}-(Q[1-4]|H[12]|SP|SU|FA|WI)")),
]

_SURFACES = [
    ("weekday", re.compile(r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?s?\b\.?")),
    ("month name", re.compile(r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b")),
    ("today/now word", re.compile(r"\b(today|tonight|yesterday|tomorrow|now|currently|present)\b")),
    ("relative word", re.compile(r"\b(last|next|this|ago|earlier|later|previous|past|coming|recent(ly)?|former|following|since|before|after|current|same|that)\b")),
    ("numeric", re.compile(r"\d")),
    ("number words", re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|hundred|dozen|several|few|a|an|first|second|third|fourth|half)\b")),
]


def value_shape(timex: Timex) -> str:
    """The shape of a TIMEX3 value: full date, month, year, week, duration, time, set, REF..."""
    value = timex.value
    if timex.type == "SET":
        return "set"
    if value.endswith("_REF"):
        return "REF"
    if value.startswith("P"):
        return "duration"
    if "X" in value:
        return "underspecified"
    if "T" in value:
        return "time"
    return next((name for name, pattern in _VALUE_SHAPES if pattern.fullmatch(value)), "other")


def surface_kind(text: str) -> str:
    """The most telling word class of an expression's text: weekday, month name, relative word..."""
    lowered = text.lower()
    return next((name for name, pattern in _SURFACES if pattern.search(lowered)), "other words")


@dataclass(frozen=True)
class TimexError:
    """One difference between gold and system, with what a reader needs to judge it."""

    category: str
    document: str
    gold: Timex | None
    system: Timex | None
    context: str

    @property
    def kind(self) -> tuple[str, str]:
        """(value shape, surface) of the gold expression, or of the system's when there is no gold."""
        timex = self.gold or self.system
        assert timex is not None
        return value_shape(timex), surface_kind(timex.text)


@dataclass(frozen=True)
class ErrorReport:
    """Every gold/system difference, groupable by category and kind of expression."""

    errors: list[TimexError] = field(default_factory=list)

    def category_counts(self) -> Counter[str]:
        return Counter(e.category for e in self.errors)

    def groups(self) -> list[tuple[tuple[str, str, str], list[TimexError]]]:
        """Errors grouped by (category, value shape, surface), largest group first."""
        grouped: dict[tuple[str, str, str], list[TimexError]] = defaultdict(list)
        for error in self.errors:
            grouped[(error.category, *error.kind)].append(error)
        return sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))

    def format(self, top: int = 15, examples: int = 3) -> str:
        """The error counts per category, then the largest groups with a few examples each."""
        counts = self.category_counts()
        lines = ["errors by category: " + ", ".join(f"{c} {counts[c]}" for c in ERROR_CATEGORIES)]
        lines.append(f"largest groups (category | value shape | surface), {examples} examples each:")
        for (category, shape, surface), errors in self.groups()[:top]:
            lines.append(f"- {category} | {shape} | {surface}: {len(errors)}")
            lines += [f"    {_describe(e)}" for e in _spread(errors, examples)]
        return "\n".join(lines)


def _spread(errors: list[TimexError], n: int) -> list[TimexError]:
    """n examples from different documents where possible, so one odd document does not fill the list."""
    chosen, seen = [], set()
    for error in errors:
        if error.document not in seen:
            chosen.append(error)
            seen.add(error.document)
        if len(chosen) == n:
            return chosen
    return chosen + [e for e in errors if e not in chosen][: n - len(chosen)]


def _describe(error: TimexError) -> str:
    gold = f"gold {error.gold.text!r}={error.gold.value} ({error.gold.type})" if error.gold else "gold -"
    system = f"system {error.system.text!r}={error.system.value} ({error.system.type})" if error.system else "system -"
    rule = f" rule={error.system.rule}" if error.system and error.system.rule else ""
    return f"[{error.document}] {gold}; {system}{rule} | …{error.context}…"


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def errors_of(alignments: Sequence[Alignment]) -> ErrorReport:
    """Classify every unmatched or imperfectly matched pair; one pair may fall in several categories."""
    errors = []
    for alignment in alignments:
        document = alignment.document
        for pair in alignment.pairs:
            spans = [t for t in (pair.gold, pair.system) if t is not None]
            context = _context(document.text, min(t.start for t in spans), max(t.end for t in spans))
            if pair.system is None:
                categories = ["missed"]
            elif pair.gold is None:
                categories = ["spurious"]
            else:
                categories = [
                    name
                    for name, wrong in (
                        ("wrong value", pair.gold.value != pair.system.value),
                        ("wrong type", pair.gold.type != pair.system.type),
                        ("span mismatch", not pair.strict),
                    )
                    if wrong
                ]
            errors += [TimexError(c, document.name, pair.gold, pair.system, context) for c in categories]
    return ErrorReport(errors)


def error_report(documents: Iterable[TimemlDocument], tagger: Tagger | None = None) -> ErrorReport:
    """The differences between tagger (default: timeline.temporal.tag) and gold, by category."""
    return errors_of(align(documents, tagger))


def run_eval(directory: Path, *, report: bool = False, limit: int | None = None, tagger: Tagger | None = None) -> str:
    """Score the tagger on every *.tml under directory; the text ends with a one-line summary.

    With subfolders (e.g. timebank/, aquaint/) each gets its own figures as well. `limit` keeps at
    most that many documents, taken in turn from each subfolder. The last line is
    `value_f1=… strict_f1=… relaxed_f1=… docs=N timexes=M`, for scripts.
    """
    directory = Path(directory)
    groups, skipped = read_directory(directory, limit=limit)
    lines = [f"skipped {message}" for message in skipped]
    if not groups:
        reason = "" if directory.is_dir() else " (not a directory)"
        lines.append(f"no TimeML documents to score under {directory}{reason}")
    began = time.perf_counter()
    aligned = {name: align(documents, tagger) for name, documents in groups.items()}
    seconds = time.perf_counter() - began
    alignments = [a for group in aligned.values() for a in group]
    overall = scores_of(alignments)
    lines += [f"problem: {message}" for message in overall.problems]
    if len(aligned) > 1:
        for name, group in aligned.items():
            lines += [f"[{name}]", scores_of(group).summary()]
        lines.append("[all]")
    lines.append(overall.summary())
    characters = sum(len(a.document.text) for a in alignments)
    lines.append(f"tagged {len(alignments)} documents ({characters} characters) in {seconds:.2f} s")
    if report:
        lines.append(errors_of(alignments).format())
    lines.append(
        f"value_f1={overall.value_prf[2]:.3f} strict_f1={overall.strict_prf[2]:.3f} "
        f"relaxed_f1={overall.relaxed_prf[2]:.3f} docs={overall.documents} timexes={overall.gold}"
    )
    return "\n".join(lines)
