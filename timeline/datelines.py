"""Publication dates as articles state them: datelines at the top of a text, and date strings in metadata.

Both end up as the ISO strings `Article.published` holds ("2024-10-16", "2024-10-16T09:08",
"2024-10-16T09:08+09:00"). A date is only ever read from what the source says: missing parts are
never filled in from today, and relative phrases ("2 hours ago") are not dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import dateparser

YEARS = range(1900, 2101)
"""Publication years taken as dates: anything else in a date field is a typo or not a date."""

DATELINE_LINES = 6
"""How many non-blank lines at the top of a text may hold its dateline."""

_MAX_DATELINE_WORDS = 10
"""A line this short may carry its date anywhere (a byline "By Jane Doe | Oct 16, 2024")."""

_MAX_LINE_CHARS = 300
"""A dateline fits in this many characters; a longer line is only looked at this far."""

_MAX_DATE_WORDS = 9
"""Words (as _BYLINE_WORD finds them) a date pattern's match can overlap: weekday, month, "of", an
ordinal's "th", "at", two meridiems and a time zone, and one word running into the match. A line
with more than _MAX_DATELINE_WORDS + _MAX_DATE_WORDS words cannot be a byline wherever its date is."""

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9

_TIME_ZONES = {
    "UTC": "+00:00", "GMT": "+00:00", "Z": "+00:00", "KST": "+09:00", "JST": "+09:00", "MSK": "+03:00",
    "CET": "+01:00", "CEST": "+02:00", "BST": "+01:00", "EET": "+02:00", "EEST": "+03:00",
    "EST": "-05:00", "EDT": "-04:00", "PST": "-08:00", "PDT": "-07:00",
}  # only abbreviations that name one offset; "CST" or "IST" do not

_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(calendar.day_name) + "|" + "|".join(calendar.day_abbr) + r")\.?,?\s+)?"
_DATES = [
    r"(?P<y>\d{4})\s*[년年]\s*(?P<m>\d{1,2})\s*[월月]\s*(?P<d>\d{1,2})\s*[일日]",
    r"(?P<y>\d{4})\s*[./-]\s*(?P<m>\d{1,2})\s*[./-]\s*(?P<d>\d{1,2})\.?(?!\d)",
    _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)",
    r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<y>\d{4})(?!\d)",
    r"(?<![\d./])(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?!\d)",
]
_MERIDIEM = r"오전|오후|[AaPp]\.?[Mm]\.?"
_TIME = (
    r"(?:\s*(?:,|at|-|–|—|\|)?\s*(?P<mer1>" + _MERIDIEM + r")?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2})?"
    r"(?:\s*(?P<mer2>" + _MERIDIEM + r"))?(?:\s*(?P<tz>[+-]\d{2}:?\d{2}|[A-Z]{1,4}(?![a-z])))?)?"
)
_DATE_PATTERNS = [re.compile(_WEEKDAY + date + _TIME, re.IGNORECASE) for date in _DATES]
_DAY_FIRST_NUMERIC = _DATE_PATTERNS[-1]
"""Numeric dates with slashes or dots are read day first ("16/10/2024"), month first only when
the day-first reading is impossible ("10/16/2024")."""

_LABEL = re.compile(
    r"^(?P<label>(?:first\s+)?published|posted|(?:last\s+)?updated|modified|dated?|issued|released)\b"
    r"(?:\s+(?:on|at))?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_SEPARATOR_AFTER = re.compile(r"\s*(?:$|[–—|(/]|-\s|--|,\s|:\s)")
_WIRE_PLACE = re.compile(r"(?:[A-Z][A-Z.'’&-]*\s+){0,3}[A-Z][A-Z.'’&-]+,(?:\s+[A-Z][a-z]{1,12}\.?,)?\s+")
"""The place a wire story opens with, in capitals ("WASHINGTON, ", "SAN FRANCISCO, Calif., ")."""
_WIRE_TAIL = re.compile(r"\s*(?:\([^()\n]{1,40}\)|/[^/\n]{1,40}/)?\s*(?:--?|–|—|\.)?")
"""What follows a wire dateline's date: the agency and a dash ("(Reuters) -", "/TASS/.")."""
_YEARLESS = re.compile(
    _WEEKDAY + r"(?:" + _MONTH + r"\s+(?P<d>\d{1,2})|(?P<d2>\d{1,2})\s+(?:of\s+)?" + _MONTH.replace("?P<mon>", "?P<mon2>") + r")(?:st|nd|rd|th)?(?![\d,]*\s*\d{4})",
    re.IGNORECASE,
)
"""A day and month with no year, as wire datelines give them ("Oct. 16", "16 October")."""
_BYLINE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_BYLINE_WORDS = {"by", "and", "at", "on", "updated", "published", "posted", "last", "first", "kst", "gmt", "utc", "am", "pm"}

_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["absolute-time"],
}


def normalize_date(value: str) -> str | None:
    """An ISO publication date from a metadata string, or None when it is not a full calendar date."""
    value = value.strip()
    if not value:
        return None
    iso = _from_iso(value)
    if iso is not None:
        return iso
    for pattern in _DATE_PATTERNS:
        match = pattern.search(value)
        if match:
            found = _from_match(match)
            if found is not None:
                return found
    return _from_dateparser(value)


@dataclass(frozen=True)
class Dateline:
    """A dateline near the top of a text: what it states and where it is, so that once read it can
    be blanked and its date does not come back from the tagger as an event ("Published" on 16 Oct)."""

    published: str | None
    """The ISO date it states; None when it names no year ("WASHINGTON, Oct. 16 (Reuters) -")."""
    start: int
    end: int
    """Offsets of the label and date in the text (a byline's name and a wire's place stay)."""
    updated: bool = False
    """An "Updated:"/"Modified:" line, which a publication date beats."""


def find_datelines(text: str) -> list[Dateline]:
    """Every dateline among the first DATELINE_LINES non-blank lines ("2024.10.16 09:08",
    "Published: 16 Oct 2024", "By Jane Doe | Oct. 16, 2024", "WASHINGTON, Oct. 16 (Reuters) -").

    A date counts only when it opens its line (after a label such as "Updated:" or a wire's place
    name) and is followed by the end of the line or a separator, or when it sits in a short
    byline-like line; a sentence that mentions a date ("The treaty was signed on June 19, 2024.")
    is not a dateline. Only the first _MAX_LINE_CHARS of a line are looked at, so a text that is one
    huge line costs no more than a short one.
    """
    found: list[Dateline] = []
    seen = 0
    start = 0
    while seen < DATELINE_LINES and start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        raw = text[start : min(end, start + _MAX_LINE_CHARS)]
        line = raw.strip()
        if line:
            seen += 1
            dateline = _dateline_of(line, start + len(raw) - len(raw.lstrip()), whole=end - start <= _MAX_LINE_CHARS)
            if dateline is not None:
                found.append(dateline)
        start = end + 1
    return found


def publication_date(datelines: list[Dateline]) -> str | None:
    """The date the datelines give for publication: the first dated one, a "published" date
    before an "updated" one."""
    dated = [d for d in datelines if d.published]
    return next((d.published for d in dated if not d.updated), next((d.published for d in dated), None))


def blank_datelines(text: str, datelines: list[Dateline]) -> str:
    """The text with each dateline's label and date replaced by spaces, so offsets and lines hold."""
    for dateline in datelines:
        text = text[: dateline.start] + " " * (dateline.end - dateline.start) + text[dateline.end :]
    return text


def _dateline_of(line: str, offset: int, whole: bool) -> Dateline | None:
    """The dateline in one stripped line that starts at `offset` in the text, if it is one;
    `whole` is False when the line was cut at _MAX_LINE_CHARS (it can then be no byline)."""
    labelled = _LABEL.match(line)
    label = labelled.group("label").lower() if labelled else ""
    updated = label.endswith(("updated", "modified"))
    rest_at = labelled.end() if labelled else 0
    place = None if labelled else _WIRE_PLACE.match(line)
    at = place.end() if place else rest_at

    def made(published: str | None, end: int, start: int = 0) -> Dateline:
        if place:  # the whole "WASHINGTON, Oct. 16 (Reuters) -", so the story's first clause stands alone
            end = _WIRE_TAIL.match(line, end).end()
        return Dateline(published, offset + start, offset + end, updated)

    for pattern in _DATE_PATTERNS:
        match = pattern.match(line, at)
        if match and (label or _SEPARATOR_AFTER.match(line, match.end())):
            found = _from_match(match)
            if found is not None:
                return made(found, match.end())
    if place:
        match = _YEARLESS.match(line, at)
        if match and _SEPARATOR_AFTER.match(line, match.end()):
            return made(None, match.end())
    if not whole:
        return None
    rest = line[rest_at:]
    short = len(_BYLINE_WORD.findall(rest)) <= _MAX_DATELINE_WORDS + _MAX_DATE_WORDS
    for pattern in _DATE_PATTERNS if short else ():
        match = pattern.search(rest)
        if match and _is_byline(rest[: match.start()] + " " + rest[match.end() :]):
            found = _from_match(match)
            if found is not None:
                return made(found, rest_at + match.end(), 0 if labelled else rest_at + match.start())
    if label and len(rest.split()) <= _MAX_DATELINE_WORDS and not rest.rstrip().endswith((".", "!", "?")):
        found = _from_dateparser(rest)
        return made(found, len(line)) if found else None
    return None


def _is_byline(remainder: str) -> bool:
    words = _BYLINE_WORD.findall(remainder)
    if len(words) > _MAX_DATELINE_WORDS or remainder.rstrip().endswith((".", "!", "?")):
        return False
    return all(word[0].isupper() or word.lower() in _BYLINE_WORDS for word in words)


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month = _MONTHS.get(parts["mon"].lower().rstrip(".")) if parts.get("mon") else int(parts["m"])
    day, year = int(parts["d"]), int(parts["y"])
    if match.re is _DAY_FIRST_NUMERIC and month > 12 >= day:
        day, month = month, day
    try:
        date = dt.date(year, month or 0, day)
    except ValueError:
        return None
    if date.year not in YEARS:
        return None
    if parts.get("H") is None:
        return date.isoformat()
    hour, minute = int(parts["H"]), int(parts["M"])
    meridiem = (parts.get("mer1") or parts.get("mer2") or "").lower().replace(".", "")
    if meridiem in ("pm", "오후") and hour < 12:
        hour += 12
    elif meridiem in ("am", "오전") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return date.isoformat()
    return f"{date.isoformat()}T{hour:02d}:{minute:02d}{_offset(parts.get('tz'))}"


def _offset(zone: str | None) -> str:
    if not zone:
        return ""
    if zone[0] in "+-":
        digits = zone.replace(":", "")
        return f"{digits[:3]}:{digits[3:]}"
    return _TIME_ZONES.get(zone.upper(), "")


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?", re.IGNORECASE)


def _from_iso(value: str) -> str | None:
    if not _ISO.fullmatch(value):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value[:10] + "T" + value[11:].replace(" ", "") if len(value) > 10 else value)
    except ValueError:
        return None
    if parsed.year not in YEARS:
        return None
    if len(value) == 10:
        return parsed.date().isoformat()
    return _format(parsed)


def _format(moment: dt.datetime) -> str:
    text = moment.strftime("%Y-%m-%dT%H:%M")
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{text}{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _from_dateparser(value: str) -> str | None:
    if not re.search(r"\d{4}", value):
        return None  # a year must be stated; dateparser would otherwise borrow today's
    try:
        parsed = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input; any of them means "not a date"
        return None
    if parsed is None or parsed.year not in YEARS:
        return None
    if re.search(r"\d{1,2}:\d{2}", value):
        return _format(parsed)
    return parsed.date().isoformat()
