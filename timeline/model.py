"""The data that flows between the pipeline's stages.

Every stage takes and returns these frozen dataclasses, so that each stage can be
tested, cached and distributed on its own: ingest -> Article, temporal -> Timex,
events -> Mention, merge -> Event; a user's Edit of an event names it by MentionRefs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

DateSource = Literal["metadata", "dateline", "manifest", "user", "unknown"]
"""Where an article's publication date came from; "unknown" means there is none yet."""

TitleSource = Literal["metadata", "manifest", "user", "derived"]
"""Where an article's title came from: the file's own metadata, the manifest, the user, or derived
from its text (timeline.titles) because it had none."""

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]

Status = Literal["reported", "expected", "denied"]
"""How a text reports an event: as having happened; as scheduled, planned or forecast; or as denied
or only hypothetical ("if", "could")."""

STATUSES: tuple[Status, ...] = ("reported", "expected", "denied")
"""Every status, in the order that decides an event's: any report of it first, then any expectation."""

Granularity = Literal["time", "day", "weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century", "unknown"]
"""How precisely a date is known: the calendar period its value names ("time" is a time of day,
"unknown" a value no calendar places)."""


@dataclass(frozen=True, slots=True)
class Scale:
    """What a granularity measures: how coarse it is, how many days its periods last, and which
    calendar period of it holds a day (`period`). GRANULARITIES holds one for each granularity."""

    name: Granularity
    rank: int
    """How coarse it is, for choosing a reference date fine enough for a shift: time and day,
    weekend and week, season and quarter are alike in size and share a rank."""
    shortest_days: int
    """The fewest days a period lasts (0 for a time of day): what fits inside a longer period."""
    longest_days: int
    months: int = 0
    """Months per period when it is counted in calendar months (0: counted in days)."""
    first_month: int = 1
    """The month a period starts in, for periods of several months (meteorological seasons from March)."""

    def period(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The period of this granularity that holds `day`, first and last day inclusive: the day
        itself, its ISO week (Monday to Sunday) or that week's weekend, or the month, season,
        quarter, half, year, decade or century it falls in."""
        if self.name in ("time", "day"):
            return day, day
        if self.name in ("week", "weekend"):
            monday = day - dt.timedelta(days=day.weekday())
            return _days_after(monday, 5 if self.name == "weekend" else 0), _days_after(monday, 6)
        if not self.months:
            raise ValueError(f"a {self.name} granularity has no calendar period")
        offset = self.first_month - 1
        first = (day.year * 12 + day.month - 1 - offset) // self.months * self.months + offset
        following = first + self.months
        start = dt.date(first // 12, first % 12 + 1, 1) if first >= 12 * dt.MINYEAR else dt.date.min
        end = dt.date(following // 12, following % 12 + 1, 1) - dt.timedelta(days=1) if following < 12 * (dt.MAXYEAR + 1) else dt.date.max
        return start, end


def _days_after(day: dt.date, days: int) -> dt.date:
    """The day so many days later, or the calendar's last day (the last week of 9999 has no Sunday)."""
    return day + dt.timedelta(days=days) if day <= dt.date.max - dt.timedelta(days=days) else dt.date.max


GRANULARITIES: dict[Granularity, Scale] = {
    scale.name: scale
    for scale in (
        Scale("time", rank=0, shortest_days=0, longest_days=1),
        Scale("day", rank=0, shortest_days=1, longest_days=1),
        Scale("weekend", rank=1, shortest_days=2, longest_days=2),
        Scale("week", rank=1, shortest_days=7, longest_days=7),
        Scale("month", rank=2, shortest_days=28, longest_days=31, months=1),
        Scale("season", rank=3, shortest_days=90, longest_days=92, months=3, first_month=3),
        Scale("quarter", rank=3, shortest_days=90, longest_days=92, months=3),
        Scale("half", rank=4, shortest_days=181, longest_days=184, months=6),
        Scale("year", rank=5, shortest_days=365, longest_days=366, months=12),
        Scale("decade", rank=6, shortest_days=3652, longest_days=3653, months=120),
        Scale("century", rank=7, shortest_days=36524, longest_days=36525, months=1200),
        Scale("unknown", rank=8, shortest_days=36524, longest_days=36525),
    )
}
"""Every granularity, finest first: the one order in which mentions choose an event's date, the
chart draws its rows and legend, and the filters list them."""


def scale_of(granularity: str) -> Scale:
    """The Scale of a granularity's name; a name that is none is "unknown"."""
    return GRANULARITIES.get(granularity, GRANULARITIES["unknown"])  # type: ignore[call-overload]


def granularity_order(granularity: str) -> int:
    """Where a granularity comes in GRANULARITIES (finest first); names that are none come last."""
    return _ORDER.get(granularity, len(_ORDER))


_ORDER = {name: i for i, name in enumerate(GRANULARITIES)}


def cited_title(title: str | None, title_source: TitleSource, file: str) -> str:
    """How an article is named wherever it is cited: its title, a derived title in square brackets
    (the bibliographer's mark for a title supplied by someone other than the author), else its file."""
    if not title:
        return file
    return f"[{title}]" if title_source == "derived" else title


def content_id(text: str) -> str:
    """Stable id of an article: the hash of its text, so that the same article is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article with the metadata a reader needs to cite it."""

    file: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    """ISO 8601 date or date-time as stated ("2024-10-16", "2024-10-16T09:08+09:00"), or None."""
    published_source: DateSource = "unknown"
    title_source: TitleSource = "metadata"
    language: str = "en"
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))

    @property
    def dct(self) -> dt.date | None:
        """The document creation date the tagger anchors to: the local calendar date of publication."""
        if not self.published:
            return None
        return dt.date.fromisoformat(self.published[:10])

    @property
    def display_name(self) -> str:
        return cited_title(self.title, self.title_source, self.file)


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a text, normalized TIMEX3-style."""

    start: int
    end: int
    text: str
    type: TimexType
    value: str
    """TIMEX3 value: 2024-06-19, 2024-06, 2024, 2024-W42, 2024-W42-WE, 2024-Q1, 2024-SU, P3D, PRESENT_REF..."""
    rule: str = ""
    """Name of the resource rule that matched, for error analysis."""
    derivation: str = ""
    """Human-readable account of the normalization ("Monday, past tense, before 2024-11-12 -> 2024-11-11")."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One event as one article reports it: a date, the clause it anchors, and the sentence quoted."""

    article_id: str
    timex: Timex
    label: str
    """Short "who did what" taken from the clause the date modifies."""
    sentence: str
    sentence_start: int
    """Offset of the sentence in the article text; timex offsets are relative to the article text."""
    start: dt.date
    end: dt.date
    """The calendar interval the date value covers, both ends inclusive."""
    granularity: Granularity
    status: Status = "reported"
    aside: bool = False
    """True when the date sits in an aside (a relative clause, a parenthesis, a quote's attribution)
    rather than in the sentence's main clause: a reader counts such a mention for less."""
    readable: bool = True
    """True when the label stands alone as news (a subject with a verb, not a question nor the
    speaker's own "we're going to..."), so that it can name the event."""


@dataclass(frozen=True, slots=True)
class Source:
    """One article's report of an event, with everything needed to cite and quote it.

    Slotted, like Event: a corpus of 100,000 articles holds half a million sources, which the store
    reads back by setting one slot of every source at a time (timeline.store), and which take a
    quarter less memory than with a dict each."""

    article_id: str
    file: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    sentence: str
    timex_text: str
    timex_value: str
    derivation: str = ""
    label: str = ""
    status: Status = "reported"
    """The mention's status as this article can know it: an article published before the event's
    date can only expect it."""
    sentence_start: int = -1
    timex_start: int = -1
    """Where the sentence and the date expression start in the article's text (-1: not known), so
    that an edit can name this mention in any later analysis."""
    title_source: TitleSource = "metadata"

    @property
    def display_name(self) -> str:
        """The article as this source cites it (see cited_title)."""
        return cited_title(self.title, self.title_source, self.file)

    @property
    def ref(self) -> MentionRef:
        return MentionRef(self.article_id, self.sentence_start, self.timex_start, self.timex_text, self.timex_value)


@dataclass(frozen=True, slots=True)
class MentionRef:
    """Names one mention across analyses: its article, and where its sentence and date expression
    start in the article's text.

    An article's id is the hash of its text, so these offsets hold for as long as the article is in
    the corpus, whatever the rules or its publication date; the expression's text and value are
    kept to say what was named (a re-dated article re-anchors "on Monday" to another value).
    """

    article_id: str
    sentence_start: int
    timex_start: int
    timex_text: str = ""
    timex_value: str = ""


EditKind = Literal["relabel", "redate", "merge", "move", "hide", "key"]
EDIT_KINDS: tuple[EditKind, ...] = ("relabel", "redate", "merge", "move", "hide", "key")


@dataclass(frozen=True, slots=True)
class Edit:
    """A user's decision about an event, kept apart from the analysis and applied on top of every
    later one (timeline.edits). It names events by their mentions, never by an event's id or row."""

    kind: EditKind
    event: tuple[MentionRef, ...]
    """The mentions of the event it applies to; for merge the event kept, for move the event the
    mentions join (empty: an event of their own)."""
    mentions: tuple[MentionRef, ...] = ()
    """merge: the other event's mentions; move: the mentions moved."""
    value: str = ""
    """relabel: the new label; redate: the new TIMEX3 value."""
    label: str = ""
    """The event's label when the edit was made, as the user saw it, for the log."""
    replaced: str = ""
    """What the edit replaced, for the log: relabel the old label, redate the old date, merge the
    label of the event merged in, move the label of the event the mentions joined (empty: their own)."""
    author: str = ""
    made_at: str = ""
    """ISO 8601 date-time (UTC) the edit was made."""
    id: int = 0
    """Its number in the store's log (0 until stored)."""
    undone: str = ""
    """When it was undone (ISO 8601, UTC); empty while it is in force."""


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world event merged from every mention of it across articles and granularities."""

    id: str
    date: str
    """TIMEX3 value at the finest granularity any source gives."""
    start: dt.date
    end: dt.date
    granularity: Granularity
    label: str
    sources: tuple[Source, ...] = field(default_factory=tuple)
    status: Status = "reported"
    """"reported" when any source reports it as having happened, else "expected" when any expects
    it, else "denied"."""
    salience: float = 0.0
    """How much a reader's timeline needs this event (see timeline.salience): higher is more key."""
    edits: tuple[Edit, ...] = ()
    """The user's edits applied to it, oldest first; empty for an event as the analysis made it."""

    @property
    def outlets(self) -> list[str]:
        return sorted({s.outlet for s in self.sources if s.outlet})

    @property
    def key(self) -> bool:
        """Marked key by a user: among the key events whatever its salience."""
        return any(edit.kind == "key" for edit in self.edits)


@dataclass(frozen=True, slots=True)
class Problem:
    """A file (or row) that could not be ingested, with a message meant for the user."""

    file: str
    message: str
    fatal: bool = True
    """False for a note on an article that was read all the same (its metadata date was unreadable)."""

    def __str__(self) -> str:
        """The line a user reads: "file: message", control characters shown as escapes (see `printable`)."""
        return printable(f"{self.file}: {self.message}")


def printable(text: str) -> str:
    """Text with its control and format characters shown as escapes ("\\n", "\\u202e"): a file name
    (or a message quoting one) is data, and a newline or a direction override in it must not
    forge or reorder the lines a user reads."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def counted(n: int, noun: str) -> str:
    """"1 problem", "2 problems": a count with its noun (regular plurals)."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


UNTITLED = "Timeline"
"""What a corpus without a title is called where a file needs a name for it."""

TITLE_CHARS = 200
DESCRIPTION_CHARS = 5000


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    """What the corpus is about, in its user's words: shown above the timeline and carried by every
    export that has a place for it (the HTML chart, the JSON, TimelineJS's title slide, the
    calendar's name and description)."""

    title: str = ""
    description: str = ""

    @classmethod
    def of(cls, title: str, description: str = "") -> CorpusInfo:
        """As a user typed them: the title made one line, both trimmed; a ValueError says what is
        too long."""
        info = cls(" ".join(title.split()), description.strip())
        if len(info.title) > TITLE_CHARS:
            raise ValueError(f"the title has {len(info.title)} characters; keep it to {TITLE_CHARS}")
        if len(info.description) > DESCRIPTION_CHARS:
            raise ValueError(f"the description has {len(info.description)} characters; keep it to {DESCRIPTION_CHARS}")
        return info

    @property
    def heading(self) -> str:
        return self.title or UNTITLED

    @property
    def paragraphs(self) -> list[str]:
        """The description's paragraphs (split at blank lines), each on one line."""
        return [" ".join(part.split()) for part in self.description.replace("\r\n", "\n").split("\n\n") if part.strip()]
