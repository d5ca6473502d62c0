"""The data that flows between the pipeline's stages.

Every stage takes and returns these frozen dataclasses, so that each stage can be
tested, cached and distributed on its own: ingest -> Article, temporal -> Timex,
events -> Mention, merge -> Event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Literal

DateSource = Literal["metadata", "dateline", "manifest", "user", "unknown"]
"""Where an article's publication date came from; "unknown" means there is none yet."""

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]

Status = Literal["reported", "expected", "denied"]
"""How a text reports an event: as having happened; as scheduled, planned or forecast; or as denied
or only hypothetical ("if", "could")."""

STATUSES: tuple[Status, ...] = ("reported", "expected", "denied")
"""Every status, in the order that decides an event's: any report of it first, then any expectation."""

Granularity = Literal["day", "week", "weekend", "month", "season", "quarter", "half", "year", "decade", "century", "time", "unknown"]


def content_id(text: str) -> str:
    """Stable id of an article: the hash of its text, so that the same article is stored once."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
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
        return self.title or self.file


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Source:
    """One article's report of an event, with everything needed to cite and quote it."""

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


@dataclass(frozen=True)
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

    @property
    def outlets(self) -> list[str]:
        return sorted({s.outlet for s in self.sources if s.outlet})


@dataclass(frozen=True)
class Problem:
    """A file (or row) that could not be ingested, with a message meant for the user."""

    file: str
    message: str
    fatal: bool = True
    """False for a note on an article that was read all the same (its metadata date was unreadable)."""


UNTITLED = "Timeline"
"""What a corpus without a title is called where a file needs a name for it."""

TITLE_CHARS = 200
DESCRIPTION_CHARS = 5000


@dataclass(frozen=True)
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
