"""Normalization functions: turn one rule match into a TIMEX3 value, with an account of how.

Each function is named by rules in the resource files (`normalize: weekday`) and gets the match's
named groups, the document context (DCT, tense of the sentence, dates already found) and the rule.
Words are looked up in the language's tables, so nothing here is English.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from timeline.model import Timex
from timeline.temporal import calendar
from timeline.temporal.engine import Candidate, Language, Rule

_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z])|\n\s*")
_ORDINAL_SUFFIX = re.compile(r"(?<=\d)(?:st|nd|rd|th)$", re.IGNORECASE)
_NUMBER_SPLIT = re.compile(r"-|\s+and\s+|\s+")
_UNIT_CALENDAR = {"D": "day", "W": "week", "2W": "week", "M": "month", "Q": "quarter", "Y": "year", "10Y": "decade", "100Y": "century"}
_UNIT_CODE = re.compile(r"(\d*)(T?[A-Z]+)")
_FRACTION = re.compile(r"(\d+)\s+1/2")
_SMALLER = {"Y": (12, "M"), "W": (7, "D"), "D": (24, "TH"), "TH": (60, "TM"), "TM": (60, "TS")}
_PASSIVE = re.compile(r"\b(?:be|been|being)\s+$", re.IGNORECASE)
SENTENCE_REACH = 240
"""Characters either side of an expression searched for its sentence's bounds and tense cues."""
CUE_REACH = 150
"""Characters either side of an expression searched for tense cues: the nearest decides anyway."""
NARRATIVE_MIN_YEARS = 3
"""A text must state at least this many years before it is judged a narrative (see is_narrative)."""
NEWS_FUTURE_WEIGHT = 1.5
"""Without a future cue, a news report's date without a year is in the future only when it is less
than 1/1.5 as far ahead as behind (measured: +8 right values on TimeBank/AQUAINT, none lost)."""
ASIDE_GAP = 2
"""Years further than this from the story's years around them are asides (see `asides`)."""
_BC_YEAR = re.compile(r"BC(\d{4})")
_QUARTER = re.compile(r"\d{4}-Q[1-4]")
_PENDING_TIME = "T"
"""Prefix of a time-of-day value still waiting for its date (see Context.anchor_times)."""


@dataclass(frozen=True)
class Result:
    value: str
    derivation: str
    type: str | None = None
    """Overrides the rule's type (e.g. "yesterday morning" is a TIME, "in two weeks" a DATE)."""
    flashback: bool = False
    """A step back from the story's date ("the previous year", "two decades earlier"): said in
    passing, it does not move the story on (see Context.story)."""


@dataclass(frozen=True)
class Anchor:
    """A date that relative expressions count from, at its granularity, with how it was chosen."""

    date: dt.date
    granularity: str
    account: str
    narrative: bool = False
    """A date of the story told, not the DCT: its tense cues say nothing (a story is told in the past)."""

    def tense(self, context: Context, candidate: Candidate, future_only: bool = False) -> tuple[str, str]:
        return ("none", "") if self.narrative else context.tense(candidate.start, candidate.end, future_only)


@dataclass
class Context:
    """What a normalization may look at besides its own match."""

    text: str
    dct: dt.date | None
    lang: Language
    found: list[Timex] = field(default_factory=list)
    narrative: bool = False
    """The text tells of another time than its publication (see `is_narrative`): dates said
    without a year belong near the last date it named, not near the DCT."""
    story: list[Timex] = field(default_factory=list)
    """Dates of the story told, which a narrative's next dates count from: every date found but
    those counted from the time of writing ("this year" in a history of 1940 is not in 1940)."""
    counted_from_dct: bool = False
    """Whether the normalization under way counted from the DCT (see `now` and `anchor`)."""
    candidates: list[Candidate] = field(default_factory=list)
    """Every expression of the text in order, so that one can look at the next (see `year_stated_after`)."""
    asides: frozenset[int] = frozenset()
    """Starts of the expressions whose year stands apart from the story around them (see `asides`)."""
    lowered: str | None = None
    """The text the cues' case-free twins match in its place (engine.twin_text), None when the text
    is not plain and the cues themselves must match it."""
    _found_read: int = field(default=0, init=False, repr=False)
    _story_read: int = field(default=0, init=False, repr=False)
    """How many of `found` and of `story` the look-ups of the dates named last have taken in (see `_catch_up`)."""
    _last_by_rank: dict[int, tuple[int, Timex, tuple[dt.date, dt.date, str]]] = field(default_factory=dict, init=False, repr=False)
    """Granularity rank -> the last date found at it that no shift counted from another (see `reference`)."""
    _last_quarter: Timex | None = field(default=None, init=False, repr=False)
    _last_named_quarter: Timex | None = field(default=None, init=False, repr=False)
    """The last quarter found, and the last one not counted from another quarter."""
    _story_date: tuple[Timex, tuple[dt.date, dt.date, str]] | None = field(default=None, init=False, repr=False)
    """The story's last date with a calendar interval (see `anchor`)."""
    _story_era_mark: Timex | None = field(default=None, init=False, repr=False)
    """The story's last date that has a calendar interval or is a year before Christ (see `story_bc_year`)."""

    def _catch_up(self) -> None:
        """Take the dates found since the last look-up into the dates named last, each once: a
        look-up then costs the same however many dates came before, and a text that never looks
        one up pays nothing."""
        for index in range(self._found_read, len(self.found)):
            timex = self.found[index]
            derived = timex.rule in self.derived_rules
            span = calendar.interval(timex.value)
            if span is not None and not derived:
                self._last_by_rank[calendar.RANK[span[2]]] = (index, timex, span)
            if _QUARTER.fullmatch(timex.value):
                self._last_quarter = timex
                if not derived:
                    self._last_named_quarter = timex
        self._found_read = len(self.found)
        for timex in self.story[self._story_read :]:
            span = calendar.interval(timex.value)
            if span is not None:
                self._story_date = (timex, span)
            if span is not None or _BC_YEAR.match(timex.value):
                self._story_era_mark = timex
        self._story_read = len(self.story)

    def quarter_named_last(self, derived: bool = True) -> Timex | None:
        """The last quarter found ("Q3 1989"); derived False skips those counted from another quarter."""
        self._catch_up()
        return self._last_quarter if derived else self._last_named_quarter

    @functools.cached_property
    def _next_candidate(self) -> dict[int, Candidate]:
        return {a.start: b for a, b in zip(self.candidates, self.candidates[1:])}

    def year_stated_after(self, candidate: Candidate) -> tuple[int, int | None] | None:
        """The year (and month) of the date that closes a range or pair this one opens ("May 15 to
        August 16, 1988", "between March and April 1918"): the year they share."""
        following = self._next_candidate.get(candidate.start)
        if following is None or not self.lang.range_link.fullmatch(self.text, candidate.end, following.start):
            return None
        groups = following.match.groupdict()
        stated = groups.get("year")
        if not stated or len(stated) != 4:
            return None
        month_word = groups.get("month")
        return int(stated), month_of(month_word, self.lang) if month_word else None

    @functools.cached_property
    def derived_rules(self) -> frozenset[str]:
        """Rules whose values count from another date; a shift never counts from them again."""
        return frozenset(r.name for r in self.lang.rules if r.normalize in ("shift", "quarter_relative"))

    def sentence(self, position: int) -> tuple[int, int]:
        """Bounds of the sentence around a position, looked for no further than SENTENCE_REACH."""
        low, high = max(0, position - SENTENCE_REACH), min(len(self.text), position + SENTENCE_REACH)
        start, end = low, high
        for found in _SENTENCE_BREAK.finditer(self.text, low, high):
            if found.end() <= position:
                start = found.end()
            else:
                end = found.end()
                break
        return start, end

    def tense(self, start: int, end: int, future_only: bool = False) -> tuple[str, str]:
        """("future" | "past" | "none", cue): the tense cue nearest the expression in its sentence.
        A cue's case-free twin, when it has one, finds the same cues on the lower-cased text about
        three times as fast. With future_only, a past tense reads as "none", so past cues are only
        looked for when there is a future cue they might be nearer than (most of the time there is
        none, and the past cue pattern is the slower one)."""
        s, e = self.sentence(start)
        s, e = max(s, start - CUE_REACH), min(e, end + CUE_REACH)
        best: tuple[int, str, int, int] | None = None
        for name, pattern, twin in (("future", self.lang.future_cue, self.lang.future_casefree), ("past", self.lang.past_cue, self.lang.past_casefree)):
            if name == "past" and future_only and best is None:
                break
            text, finder = (self.lowered, twin) if twin is not None and self.lowered is not None else (self.text, pattern)
            for cue in finder.finditer(text, s, e):
                if name == "past" and _PASSIVE.search(self.text, max(s, cue.start() - 8), cue.start()):
                    continue  # "will be held": a participle, not a past tense
                if cue.end() <= start:
                    distance = start - cue.end()
                elif cue.start() >= end:
                    distance = cue.start() - end
                else:
                    continue
                if best is None or distance < best[0]:
                    best = (distance, name, cue.start(), cue.end())
                if cue.start() >= end:
                    break  # the cues after it are further away
        if best is None or (future_only and best[1] != "future"):
            return "none", ""
        return best[1], self.text[best[2] : best[3]]

    def reference(self, unit: str) -> tuple[Timex, tuple[dt.date, dt.date, str]] | None:
        """The last date found whose granularity is at least as fine as unit, for anaphoric shifts."""
        limit = calendar.RANK.get(unit, 5)
        self._catch_up()
        last = max((entry for rank, entry in self._last_by_rank.items() if rank <= limit), key=lambda entry: entry[0], default=None)
        return (last[1], last[2]) if last else None

    def anchor(self, deictic: bool = False) -> Anchor | None:
        """The date relative expressions count from: the DCT of a news report; in a narrative, the
        date the text named last (HeidelTime's narrative mode, chosen per document here), except
        for deictic expressions ("this year", "last Friday"), which count from the time of writing."""
        if self.narrative and not deictic:
            self._catch_up()
            if self._story_date is not None:
                timex, span = self._story_date
                return Anchor(span[0], span[2], f"the date last named ({timex.text!r})", narrative=True)
        now = self.now()
        return Anchor(now, "day", f"DCT {now}") if now else None

    def story_bc_year(self) -> int | None:
        """The year before Christ a narrative is in, when the last year it named is one ("In 481 BC
        ... the following year"): Python's calendar has no such years, so they are counted apart."""
        if not self.narrative:
            return None
        self._catch_up()
        if self._story_era_mark is None:
            return None
        bc = _BC_YEAR.match(self._story_era_mark.value)
        return int(bc.group(1)) if bc else None

    def now(self) -> dt.date | None:
        """The time of writing (the DCT), for what always counts from it ("yesterday", "two days ago")."""
        self.counted_from_dct = self.dct is not None
        return self.dct

    def anchor_times(self, timexes: list[Timex]) -> list[Timex]:
        """Give each time of day ("9am", "midnight") the date it is on: a day named right after it
        ("9am on Sunday"), else the last day named before it in its sentence, else the DCT."""
        days = [t for t in timexes if t.type in ("DATE", "TIME") and not t.value.startswith(_PENDING_TIME) and _is_day(t.value)]
        starts, ends = [d.start for d in days], [d.end for d in days]  # in text order, as the dates do not overlap
        story_days = {id(t) for t in self.story}
        told_days = [d for d in days if id(d) in story_days]
        told_ends = [d.end for d in told_days]
        anchored = []
        for timex in timexes:
            if not timex.value.startswith(_PENDING_TIME):
                anchored.append(timex)
                continue
            s, e = self.sentence(timex.start)
            following = bisect.bisect_left(starts, timex.end)
            after = days[following] if following < len(days) and starts[following] <= timex.end + 12 and starts[following] < e else None
            preceding = bisect.bisect_right(ends, timex.start) - 1
            before = days[preceding] if preceding >= 0 and s <= starts[preceding] else None
            told = bisect.bisect_right(told_ends, timex.start) - 1
            if after:
                day, how = after.value[:10], f"on the day named after it ({after.text!r})"
            elif before:
                day, how = before.value[:10], f"on the day named before it ({before.text!r})"
            elif self.narrative and told >= 0:
                day, how = told_days[told].value[:10], f"on the story's last day ({told_days[told].text!r})"
            elif self.dct is not None:
                day, how = self.dct.isoformat(), "on the DCT"
            else:
                day, how = "XXXX-XX-XX", "no DCT to date it"
            value = day + timex.value
            anchored.append(dataclasses.replace(timex, value=value, derivation=f"{timex.derivation}, {how} -> {value}"))
        return anchored


def is_narrative(candidates: list[Candidate], stated: list[tuple[int, int]], dct: dt.date | None, lang: Language) -> bool:
    """Whether a text tells of another time than its publication (a history, a profile): it states
    years far from the DCT's (at least NARRATIVE_MIN_YEARS of them) more often than it
    speaks of its own time, by years near the DCT or deictic words ("today", "Friday", "this week").
    A news report with a historical aside still speaks of its own time often enough to stay news.
    stated is the text's years (see `stated_years`)."""
    if dct is None:
        return False
    years = [year for _, year in stated]
    far = sum(abs(y - dct.year) > 1 for y in years)
    if far < NARRATIVE_MIN_YEARS:
        return False
    own_time = len(years) - far + sum(_counts_from_now(c, lang) for c in candidates)
    return far > own_time


def stated_years(candidates: list[Candidate], lang: Language) -> list[tuple[int, int]]:
    """(start, year) of every year stated in full, years before Christ as negative numbers: what
    `is_narrative` and `asides` read."""
    stated = []
    for candidate in candidates:
        groups = candidate.match.groupdict()
        era = groups.get("era") or groups.get("era2")
        for key in ("year", "year2", "year0"):
            said = groups.get(key)
            if said and era and lang.lookup("era", era) == "BC":
                stated.append((candidate.start, 1 - int(said)))
            elif said and len(said) == 4:
                stated.append((candidate.start, int(said)))
    return stated


def asides(stated: list[tuple[int, int]]) -> frozenset[int]:
    """Starts of the years a narrative states in passing ("found in 2004", "the largest cavalry
    battle since 1813" in a story of 1920): a year far from the story's, after which the text comes
    back to the story's year before it names another year near the aside's ("in 1614 ... as in
    1614 ... the 1614 rules" is one aside), or names no year again. A year the text keeps naming
    with no other year after it is where the story went."""
    found: set[int] = set()
    story: int | None = None
    places: dict[int, list[int]] = {}
    for index, (_, year) in enumerate(stated):
        places.setdefault(year, []).append(index)

    def next_place(year: int, index: int) -> int | None:
        """Where the text next states `year` after stated[index], looked up rather than scanned for."""
        indices = places.get(year, ())
        after = bisect.bisect_right(indices, index)
        return indices[after] if after < len(indices) else None

    for index, (start, year) in enumerate(stated):
        if story is None or abs(year - story) <= ASIDE_GAP:
            story = year
            continue
        near = {y for centre in (story, year) for y in range(centre - ASIDE_GAP, centre + ASIDE_GAP + 1)} - {year}
        coming = [(place, stated[place][1]) for y in near if (place := next_place(y, index)) is not None]
        returns = min(coming)[1] if coming else None
        if (next_place(year, index) is None) if returns is None else (abs(returns - story) <= ASIDE_GAP and abs(returns - year) > ASIDE_GAP):
            found.add(start)
        else:
            story = year
    return frozenset(found)


def _counts_from_now(candidate: Candidate, lang: Language) -> bool:
    groups = {k: v for k, v in candidate.match.groupdict().items() if v is not None}
    return bool(candidate.rule.params.get("deictic")) or _deictic(groups, lang)


def _is_day(value: str) -> bool:
    span = calendar.interval(value)
    return span is not None and span[2] in ("day", "time")


Normalizer = Callable[[dict[str, str], Context, Candidate], Result | None]
NORMALIZERS: dict[str, Normalizer] = {}


def normalizer(function: Normalizer) -> Normalizer:
    NORMALIZERS[function.__name__] = function
    return function


def normalize(candidate: Candidate, context: Context) -> Timex | None:
    """The Timex of a resolved candidate, or None when its rule rejects it or it has no value."""
    rule: Rule = candidate.rule
    if rule.type == "NONE":
        return None
    function = NORMALIZERS.get(rule.normalize)
    if function is None:
        raise KeyError(f"rule {rule.name!r} names unknown normalization {rule.normalize!r}")
    groups = {k: v for k, v in candidate.match.groupdict().items() if v is not None}
    context.counted_from_dct = False
    try:
        result = function(groups, context, candidate)
    except OverflowError:  # the value would fall off the calendar ("tomorrow" of 9999-12-31): it has none
        return None
    if result is None:
        return None
    text = context.text[candidate.start : candidate.end]
    timex = Timex(candidate.start, candidate.end, text, result.type or rule.type, result.value, rule=rule.name, derivation=result.derivation)  # type: ignore[arg-type]
    context.found.append(timex)
    if not (context.counted_from_dct or result.flashback or candidate.start in context.asides or _planned(candidate, context)):
        context.story.append(timex)
    return timex


def _planned(candidate: Candidate, context: Context) -> bool:
    """A date a narrative gives for what was planned or expected ("the big push planned for
    1976"): the story does not move there (measured: +14 right values on WikiWars, none lost)."""
    return context.narrative and context.tense(candidate.start, candidate.end, future_only=True)[0] == "future"


# --- shared helpers ---------------------------------------------------------------------------------


def number(text: str, lang: Language) -> float | None:
    """A number said in digits or words ("21", "twenty-one", "a"); None when vague ("several")."""
    text = text.strip()
    try:
        return float(text)
    except ValueError:
        pass
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        return int(fraction.group(1)) + 0.5
    if lang.lookup("vague_number", text) is not None:
        return None
    whole = lang.lookup("number", text)
    if whole is None:
        whole = lang.lookup("article_number", text)
    if whole is not None:
        return float(whole)
    total, current = 0.0, 0.0
    for token in _NUMBER_SPLIT.split(text.lower()):
        value = lang.lookup("number", token)
        if value is None:
            return None
        if value in (100, 1000):
            current = max(current, 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        else:
            current += value
    return total + current


def _count(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def month_of(text: str, lang: Language) -> int | None:
    found = lang.lookup("month", text)
    if found is None:
        found = lang.lookup("month_abbr", text)
    if found is None and text.isdigit():
        found = int(text)
    return found


def day_of(text: str) -> int:
    return int(_ORDINAL_SUFFIX.sub("", text))


def _direction(groups: dict[str, str], lang: Language) -> int | None:
    return lang.lookup("direction", groups["direction"]) if "direction" in groups else None


def _deictic(groups: dict[str, str], lang: Language) -> bool:
    """Whether the match's direction word counts from the time of writing ("next spring"), not from
    the story's last date ("the next spring")."""
    return "direction" in groups and bool(lang.lookup("deictic_direction", groups["direction"]))


def _tense_account(tense: str, cue: str) -> str:
    return f"{tense} tense ('{cue}')" if cue else "no tense cue, news reports the past"


def choose(dates: Callable[[int], dt.date | None], dct: dt.date, tense: str, future_weight: float = 1.0) -> dt.date | None:
    """The occurrence of a yearly date the tense points to: the first on or after the DCT for the
    future, the last on or before it for the past, else the one nearest the DCT (a past one on a tie),
    a later one counting future_weight times as far."""
    options = [d for d in (dates(dct.year + k) for k in (-1, 0, 1)) if d is not None]
    later = [d for d in options if d >= dct]
    earlier = [d for d in options if d <= dct]
    if tense == "future":
        return min(later) if later else None
    if tense == "past":
        return max(earlier) if earlier else None
    return min(options, key=lambda d: (abs((d - dct).days) * (future_weight if d > dct else 1.0), d > dct)) if options else None


def _future_weight(anchor: Anchor) -> float:
    """How much further a later occurrence counts than an earlier one: news mostly reports what
    happened, so "In March" in a report of October is last March, not next; a story moves both ways."""
    return 1.0 if anchor.narrative else NEWS_FUTURE_WEIGHT


def _month_day_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --- absolute dates ---------------------------------------------------------------------------------


@normalizer
def ymd(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    month = month_of(groups["month"], context.lang)
    if month is None:
        return None
    day = _month_day_date(int(groups["year"]), month, day_of(groups["day"]))
    if day is None:
        return None
    if "hour" in groups:
        value = f"{day.isoformat()}T{groups['hour']}:{groups['minute']}"
        return Result(value, f"absolute date and time -> {value}")
    return Result(day.isoformat(), f"absolute date -> {day.isoformat()}")


@normalizer
def numeric_date(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    a, b, year = int(groups["a"]), int(groups["b"]), int(groups["year"])
    if year < 100:
        pivot = (context.dct.year if context.dct else dt.date.today().year) % 100 + 10
        year += 2000 if year <= pivot else 1900
    if a > 12:
        day, month, how = a, b, "day first (first part > 12)"
    elif b > 12:
        day, month, how = b, a, "month first (second part > 12)"
    elif context.lang.settings.get("numeric_order", "mdy") == "dmy":
        day, month, how = a, b, "day first (language default)"
    else:
        day, month, how = b, a, "month first (language default)"
    date = _month_day_date(year, month, day)
    if date is None:
        return None
    return Result(date.isoformat(), f"numeric date read {how} -> {date.isoformat()}")


@normalizer
def ym(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    month = month_of(groups["month"], context.lang)
    if month is None:
        return None
    value = f"{int(groups['year']):04d}-{month:02d}"
    return Result(value, f"month and year -> {value}")


@normalizer
def year(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    value = f"{int(groups['year']):04d}"
    return Result(value, f"year -> {value}")


@normalizer
def spoken_year(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """A year said in words: "nineteen ninety-six" is 1996, "nineteen oh five" 1905, "two thousand
    and one" 2001; with a month before it, that month of the year."""
    lang = context.lang
    if "thousands" in groups:
        rest = number(groups["rest2"], lang) if "rest2" in groups else 0.0
        said = 2000 + (rest or 0)
    else:
        words = groups["rest"].lower()
        rest = 0.0 if words == "hundred" else number(words.removeprefix("oh").strip(" -"), lang)
        hundreds = number(groups["hundreds"], lang)
        if rest is None or hundreds is None:
            return None
        said = hundreds * 100 + rest
    value = f"{int(said):04d}"
    if "month" in groups:
        value += f"-{month_of(groups['month'], lang):02d}"
    return Result(value, f"year in words -> {value}")


@normalizer
def range_end_year(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """The second year of a range ("1915-17", "1861-1863"), which must come after the first."""
    first, said = groups["first"], groups["year"]
    end = int(first[: 4 - len(said)] + said)
    if end <= int(first):
        return None
    return Result(f"{end:04d}", f"end of the range from {first} -> {end:04d}")


@normalizer
def era_year(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """A year with its era, and the month or season in it: "499 BC" is BC0499, "August 480 BC"
    BC0480-08, "AD 800" 0800."""
    number_of_year = int(groups.get("year") or groups["year2"])
    era = groups.get("era") or groups["era2"]
    value = f"BC{number_of_year:04d}" if context.lang.lookup("era", era) == "BC" else f"{number_of_year:04d}"
    if "month" in groups:
        value += f"-{month_of(groups['month'], context.lang):02d}"
    elif "season" in groups:
        value += f"-{context.lang.lookup('season', groups['season'])}"
    return Result(value, f"year of era {era!r} -> {value}")


@normalizer
def decade(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    if "era" in groups:
        value = f"BC{int(groups['decade']) // 10:03d}" if context.lang.lookup("era", groups["era"]) == "BC" else f"{int(groups['decade']) // 10:03d}"
    elif "decade" in groups:
        value = groups["decade"][:3]
    elif "word" in groups:
        value = str(context.lang.lookup("decade_word", groups["word"]))
    else:
        value = f"19{groups['short'][0]}"
    return Result(value, f"decade -> {value}")


@normalizer
def century(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    word = groups["ordinal"]
    ordinal = int(_ORDINAL_SUFFIX.sub("", word)) if word[0].isdigit() else context.lang.lookup("century_word", word)
    if not ordinal:
        return None
    value = f"{ordinal - 1:02d}"
    if "era" in groups and context.lang.lookup("era", groups["era"]) == "BC":
        value = f"BC{ordinal - 1:02d}"
    return Result(value, f"century {ordinal} -> {value}")


# --- dates without a year: the tense picks the year ---------------------------------------------------


def _tense_of_year(anchor: Anchor, context: Context, candidate: Candidate) -> tuple[str, str]:
    """The tense that picks the year of a date said without one. Only a future cue counts: past
    cues ("said", "declared") usually belong to the report, not to the date (WSJ: "declared a
    dividend payable Dec. 15"), so without one the occurrence nearest the anchor is taken; in a
    narrative, always the nearest (a story told in the past moves back and forth in time)."""
    return anchor.tense(context, candidate, future_only=True)


def _in_bc_story(context: Context, part: str, said: str) -> Result | None:
    """A month or season (part: "08", "SU") in the year before Christ a narrative is in, if it is in one."""
    bc = context.story_bc_year()
    if bc is None:
        return None
    value = f"BC{bc:04d}-{part}"
    return Result(value, f"{said} in the story's year BC{bc:04d} -> {value}")


def _within_year(anchor: Anchor) -> bool:
    """A story's date named by its year only: a date said without a year falls in that year."""
    return anchor.narrative and calendar.RANK[anchor.granularity] >= calendar.RANK["year"]


def _nearest_account(tense: str, cue: str, anchor: Anchor) -> str:
    if tense == "future":
        return f"future tense ('{cue}'), first on/after {anchor.account}"
    if tense == "past":
        return f"past tense ('{cue}'), last on/before {anchor.account}"
    return f"no future cue, nearest to {anchor.account}"


@normalizer
def month_day(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    month = month_of(groups["month"], context.lang)
    day = day_of(groups["day"])
    if month is None or _month_day_date(2000, month, day) is None:
        return None
    shared = context.year_stated_after(candidate)
    if shared is not None:
        date, how = _month_day_date(_opening_year(month, shared), month, day), f"the year of the range it opens ({shared[0]})"
    elif (anchor := context.anchor()) is None:
        return Result(f"XXXX-{month:02d}-{day:02d}", "month and day, no DCT for the year")
    elif _within_year(anchor):
        date, how = _month_day_date(anchor.date.year, month, day), f"in the year of {anchor.account}"
    else:
        tense, cue = _tense_of_year(anchor, context, candidate)
        date = choose(lambda y: _month_day_date(y, month, day), anchor.date, tense, _future_weight(anchor))
        how = _nearest_account(tense, cue, anchor)
    if date is None:
        return None
    return Result(date.isoformat(), f"month and day, {how} -> {date}")


def _opening_year(month: int, shared: tuple[int, int | None]) -> int:
    """The year of a range's first month: the year after it is stated, the one before when the
    range crosses New Year ("December 20 to January 5, 2024")."""
    stated, closing_month = shared
    return stated - 1 if closing_month is not None and month > closing_month else stated


@normalizer
def month(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    number_of_month = month_of(groups["month"], context.lang)
    if number_of_month is None:
        return None
    shared = context.year_stated_after(candidate)
    if shared is not None and "direction" not in groups:
        value = f"{_opening_year(number_of_month, shared):04d}-{number_of_month:02d}"
        return Result(value, f"month {groups['month']!r}, the year of the range it opens ({shared[0]}) -> {value}")
    if "direction" not in groups and (in_story := _in_bc_story(context, f"{number_of_month:02d}", f"month {groups['month']!r}")):
        return in_story
    anchor = context.anchor(deictic=_deictic(groups, context.lang))
    if anchor is None:
        return Result(f"XXXX-{number_of_month:02d}", "month, no DCT for the year")
    base = anchor.date
    step = _direction(groups, context.lang)
    if step == 0 or _within_year(anchor):
        year_of, how = base.year, f"in the year of {anchor.account}"
    elif step == -1:
        year_of, how = (base.year if number_of_month < base.month else base.year - 1), f"the last before {anchor.account}"
    elif step == 1:
        year_of, how = (base.year if number_of_month > base.month else base.year + 1), f"the next after {anchor.account}"
    elif number_of_month == base.month:
        year_of, how = base.year, f"the month of {anchor.account}"
    else:
        tense, cue = _tense_of_year(anchor, context, candidate)
        ahead = (number_of_month - base.month) % 12
        if tense == "future":
            year_of = base.year + (number_of_month < base.month)
        else:  # nearest in months (see _future_weight), the past one on a tie
            year_of = base.year + (number_of_month < base.month) if ahead * _future_weight(anchor) < 12 - ahead else base.year - (number_of_month > base.month)
        how = _nearest_account(tense, cue, anchor)
    value = f"{year_of:04d}-{number_of_month:02d}"
    return Result(value, f"month {groups['month']!r}, {how} -> {value}")


@normalizer
def in_period_named(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"August of that year", "July 25 of the same year", "the 28th of that month": a month or day
    in the year or month the text named last."""
    unit = "month" if "ordinal_day" in groups else "year"
    shared = context.year_stated_after(candidate) if unit == "month" else None
    if shared is not None and shared[1] is not None:
        date = _month_day_date(shared[0], shared[1], day_of(groups["ordinal_day"]))
        return Result(date.isoformat(), f"day of the month of the range it opens -> {date}") if date else None
    named = context.reference(unit)
    if named is None:
        return None
    timex, (first, _, _) = named
    if unit == "month":
        date = _month_day_date(first.year, first.month, day_of(groups["ordinal_day"]))
        return Result(date.isoformat(), f"day of the month last named ({timex.text!r}) -> {date}") if date else None
    number_of_month = month_of(groups["month"], context.lang)
    if number_of_month is None:
        return None
    if "day" not in groups:
        value = f"{first.year:04d}-{number_of_month:02d}"
        return Result(value, f"month of the year last named ({timex.text!r}) -> {value}")
    date = _month_day_date(first.year, number_of_month, day_of(groups["day"]))
    return Result(date.isoformat(), f"day of the year last named ({timex.text!r}) -> {date}") if date else None


@normalizer
def month_of_relative_year(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    number_of_month = month_of(groups["month"], context.lang)
    step = _direction(groups, context.lang)
    anchor = context.anchor(deictic=True)
    if number_of_month is None or step is None or anchor is None:
        return None
    value = f"{anchor.date.year + int(step):04d}-{number_of_month:02d}"
    return Result(value, f"month of {groups['direction']!r} year from {anchor.account} -> {value}")


@normalizer
def holiday(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    rule = str(context.lang.lookup("holiday", groups["holiday"]))

    def on(year_of: int) -> dt.date | None:
        if rule.startswith("easter"):
            return calendar.easter(year_of) + dt.timedelta(days=int(rule[6:]))
        if "/" in rule:
            month_number, nth, weekday_number = (int(p) for p in rule.split("/"))
            return calendar.nth_weekday(year_of, month_number, nth, weekday_number)
        month_number, day = (int(p) for p in rule.split("-"))
        return _month_day_date(year_of, month_number, day)

    if "year" in groups:
        date = on(int(groups["year"]))
        return Result(date.isoformat(), f"holiday {groups['holiday']!r} of {groups['year']} -> {date}") if date else None
    anchor = context.anchor(deictic=_deictic(groups, context.lang))
    if anchor is None:
        fixed = re.fullmatch(r"(\d\d)-(\d\d)", rule)
        return Result(f"XXXX-{rule}", "holiday, no DCT for the year") if fixed else None
    base = anchor.date
    step = _direction(groups, context.lang)
    if step == 0 or _within_year(anchor):
        date, how = on(base.year), "the year's"
    elif step in (-1, 1):
        tense = "future" if step == 1 else "past"
        date = choose(lambda y: (d if (d := on(y)) and d != base else None), base, tense)
        how = "the next" if step == 1 else "the last"
    else:
        tense, cue = _tense_of_year(anchor, context, candidate)
        date, how = choose(on, base, tense, _future_weight(anchor)), _nearest_account(tense, cue, anchor)
    if date is None:
        return None
    return Result(date.isoformat(), f"holiday {groups['holiday']!r}, {how} -> {date}")


# --- quarters, halves, seasons ------------------------------------------------------------------------


def _part_of_year(count: int, index: int, groups: dict[str, str], context: Context, candidate: Candidate, letter: str) -> Result | None:
    """Quarter (count 4) or half (count 2) number index of a stated year, else the one the tense picks."""
    stated = groups.get("year") or groups.get("year2") or groups.get("year0")
    if stated:
        value = f"{int(stated):04d}-{letter}{index}"
        return Result(value, f"{letter}{index} of {stated} -> {value}")
    anchor = context.anchor()
    if anchor is None:
        return Result(f"XXXX-{letter}{index}", f"{letter}{index}, no DCT for the year")
    base = anchor.date
    current = (base.month - 1) * count // 12 + 1
    tense, cue = anchor.tense(context, candidate)
    if index <= current or tense == "future" or _within_year(anchor):
        year_of = base.year
    else:
        year_of = base.year - 1
    value = f"{year_of:04d}-{letter}{index}"
    return Result(value, f"{letter}{index}, {_tense_account(tense, cue)}, {anchor.account} -> {value}")


@normalizer
def quarter(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    if "number" in groups:
        index = int(groups["number"])
    elif "ordinal" in groups:
        index = context.lang.lookup("ordinal", groups["ordinal"])
    else:  # "the 1988 quarter": the quarter the text is about, in that year
        named = context.quarter_named_last()
        if named is not None:
            index = int(named.value[-1])
        elif (now := context.now()) is not None:
            index = int(calendar.period_value(now, "quarter", -1)[-1])
        else:
            return None
    return _part_of_year(4, int(index), groups, context, candidate, "Q") if index else None


@normalizer
def half(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    index = context.lang.lookup("half_number", groups["half"])
    return _part_of_year(2, int(index), groups, context, candidate, "H") if index else None


@normalizer
def quarter_relative(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"the quarter", "the latest quarter", "the year-ago quarter": the quarter the text is about
    (the last one it named, else the last one finished before the DCT), or the one before or after."""
    now = context.now()
    which = groups["which"].lower()
    named = context.quarter_named_last(derived=False)
    if now is None and named is None:
        return None
    if named is not None:
        base_year, base_quarter, how = int(named.value[:4]), int(named.value[-1]), f"the quarter last named ({named.text!r})"
    else:
        assert now is not None
        value = calendar.period_value(now, "quarter", -1)
        base_year, base_quarter, how = int(value[:4]), int(value[-1]), f"the last quarter finished before DCT {now}"
    if which in ("this", "current") and now is not None:
        value = calendar.period_value(now, "quarter")
        return Result(value, f"the DCT's quarter -> {value}")
    if which in ("next", "coming") and now is not None:
        value = calendar.period_value(now, "quarter", 1)
        return Result(value, f"the quarter after the DCT's -> {value}")
    if which in ("year-ago", "year-earlier"):
        if named is None and candidate.rule.name == "year_earlier_adjective":
            assert now is not None
            value = f"{now.year - 1:04d}"
            return Result(value, f"a year before DCT {now} -> {value}")
        value = f"{base_year - 1:04d}-Q{base_quarter}"
        return Result(value, f"a year before {how} -> {value}")
    if which in ("previous", "prior", "last", "past") and named is not None and now is not None:
        value = calendar.period_value(now, "quarter", -1)
        return Result(value, f"the quarter before the DCT's -> {value}")
    value = f"{base_year:04d}-Q{base_quarter}"
    return Result(value, f"{how} -> {value}")


@normalizer
def season(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    code = str(context.lang.lookup("season", groups["season"]))
    if "year" in groups:
        value = f"{int(groups['year']):04d}-{code}"
        return Result(value, f"season of {groups['year']} -> {value}")
    shared = context.year_stated_after(candidate) if "direction" not in groups else None
    if shared is not None:
        value = f"{shared[0]:04d}-{code}"
        return Result(value, f"season {groups['season']!r}, the year of the range it opens ({shared[0]}) -> {value}")
    if "direction" not in groups and (in_story := _in_bc_story(context, code, f"season {groups['season']!r}")):
        return in_story
    anchor = context.anchor(deictic=_deictic(groups, context.lang))
    if anchor is None:
        return Result(f"XXXX-{code}", "season, no DCT for the year")
    base = anchor.date
    # the season containing a date in Jan/Feb is the previous year's winter
    current_year = base.year - 1 if code == "WI" and base.month <= 2 else base.year
    step = _direction(groups, context.lang)
    if step is not None and groups["direction"].lower() != "the":
        year_of, how = current_year + step, f"{groups['direction']!r} from {anchor.account}"
    elif _within_year(anchor):
        year_of, how = base.year, f"in the year of {anchor.account}"
    elif anchor.narrative:
        year_of = min((current_year - 1, current_year, current_year + 1), key=lambda y: _distance_to_season(base, y, code))
        how = f"the nearest to {anchor.account}"
    else:
        tense, cue = anchor.tense(context, candidate)
        start, end = _season_bounds(current_year, code)
        if tense == "future":
            year_of = current_year if end >= base else current_year + 1
        else:
            year_of = current_year if start <= base else current_year - 1
        how = f"{_tense_account(tense, cue)}, {anchor.account}"
    value = f"{year_of:04d}-{code}"
    return Result(value, f"season {groups['season']!r}, {how} -> {value}")


def _season_bounds(year: int, code: str) -> tuple[dt.date, dt.date]:
    """First and last day of the season code of year (a winter runs into the next year)."""
    start = dt.date(year, calendar.SEASON_START[code], 1)
    return start, calendar.month_end(*calendar.add_months(year, calendar.SEASON_START[code], 2))


def _distance_to_season(day: dt.date, year: int, code: str) -> int:
    """Days from day to the season code of year (0 inside it)."""
    start, end = _season_bounds(year, code)
    return 0 if start <= day <= end else min(abs((start - day).days), abs((day - end).days))


# --- relative to the DCT ------------------------------------------------------------------------------


@normalizer
def relative_day(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    now = context.now()
    if now is None:
        return None
    offset = int(context.lang.lookup("relative_day", groups["word"]))
    day = now + dt.timedelta(days=offset)
    if "part" in groups:
        value = f"{day.isoformat()}T{context.lang.lookup('part_of_day', groups['part'])}"
        return Result(value, f"{groups['word']!r} {offset:+d} day from DCT {now}, {groups['part']} -> {value}", "TIME")
    return Result(day.isoformat(), f"{groups['word']!r} {offset:+d} day from DCT {now} -> {day}")


@normalizer
def part_of_day(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    now = context.now()
    if now is None:
        return None
    params = candidate.rule.params
    code = params.get("part") or context.lang.lookup("part_of_day", groups["part"])
    word = groups.get("direction", "").lower()
    shift = params.get("shift")
    if shift is None:
        relative = context.lang.lookup("relative_day", word)
        shift = relative if relative is not None else (-1 if word == "last" else 0)
    day = now + dt.timedelta(days=int(shift))
    value = f"{day.isoformat()}T{code}"
    return Result(value, f"part of day {code}, {int(shift):+d} day from DCT {now} -> {value}")


@normalizer
def part_of_day_pending(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"in the morning", "at night": that part of the day a clock time would fall on (see Context.anchor_times)."""
    code = context.lang.lookup("part_of_day", groups["part"])
    return Result(f"{_PENDING_TIME}{code}", f"part of day {code}")


@normalizer
def weekday(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    number_of_day = int(context.lang.lookup("weekday", groups["weekday"]) or context.lang.lookup("weekday_abbr", groups["weekday"]))
    part = context.lang.lookup("part_of_day", groups["part"]) if "part" in groups else None
    anchor = context.anchor(deictic=True)
    if "direction" in groups and not _deictic(groups, context.lang) and (named := context.reference("day")) is not None:
        anchor = Anchor(named[1][0], "day", f"the day last named ({named[0].text!r})")
    if anchor is None:
        return Result(f"XXXX-WXX-{number_of_day}", "weekday, no DCT to place it")
    dct = anchor.date
    step = _direction(groups, context.lang)
    back = (dct.isoweekday() - number_of_day) % 7
    ahead = (number_of_day - dct.isoweekday()) % 7
    if step == 0:
        day, how = dct + dt.timedelta(days=number_of_day - dct.isoweekday()), "in the week of"
    elif step == -1:
        day, how = dct - dt.timedelta(days=back or 7), "the last such day before"
    elif step == 1:
        day, how = dct + dt.timedelta(days=ahead or 7), "the next such day after"
    else:
        tense, cue = anchor.tense(context, candidate)
        if tense == "future" or (anchor.narrative and ahead < back):
            day, how = dct + dt.timedelta(days=ahead), f"{_tense_account(tense, cue)}, on/after"
        else:
            day, how = dct - dt.timedelta(days=back), f"{_tense_account(tense, cue)}, on/before"
    value = day.isoformat() + (f"T{part}" if part else "")
    return Result(value, f"weekday {groups['weekday']!r}, {how} {anchor.account} -> {value}", "TIME" if part else None)


@normalizer
def weekday_set(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    word = groups["weekday"]
    number_of_day = context.lang.lookup("weekday", word) or context.lang.lookup("weekday_plural", word)
    value = f"XXXX-WXX-{number_of_day}"
    return Result(value, f"every {word!r} -> {value}")


@normalizer
def calendar_unit(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    anchor = context.anchor(deictic=_deictic(groups, context.lang))
    if anchor is None:
        return None
    dct = anchor.date
    unit = str(context.lang.lookup("calendar_unit", groups["unit"]))
    direction = groups.get("direction", "the").lower()
    step = context.lang.lookup("direction", direction)
    if step is None:  # "the week", "earlier in the month", "at month's end": the anchor's own
        step = 0
    if unit == "weekend" and direction == "the":
        tense, cue = anchor.tense(context, candidate)
        step = 0 if tense == "future" or dct.isoweekday() >= 6 else -1
        value = calendar.period_value(dct, "weekend", step)
        return Result(value, f"'the weekend', {_tense_account(tense, cue)}, {anchor.account} -> {value}")
    value = calendar.period_value(dct, unit, int(step))
    return Result(value, f"{direction!r} {unit} from {anchor.account} ({int(step):+d}) -> {value}")


@normalizer
def year_end(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    anchor = context.anchor(deictic=True)
    if anchor is None:
        return None
    value = f"{anchor.date.year:04d}-12-31"
    return Result(value, f"end of the year of {anchor.account} -> {value}")


@normalizer
def shift(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"two days ago", "a year earlier", "the day before", "the following week": a step from the DCT
    ("ago") or from the last date the text named ("earlier"), at the unit's granularity."""
    lang = context.lang
    word = (groups.get("shift") or groups["shift2"]).lower()
    sign = next((v for v in (lang.lookup(t, word) for t in ("shift_word", "shift_edge", "anaphoric_step")) if v is not None), None)
    if sign is None:
        return None
    amount = number(groups["num"], lang) if "num" in groups else 1.0
    unit_word = groups["unit"]
    code = lang.lookup("unit", unit_word) or lang.lookup("calendar_unit", unit_word)
    unit = _UNIT_CALENDAR.get(str(code), str(code))
    if unit not in calendar.RANK:
        return None
    if amount is None:
        value = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Result(value, f"a vague number of {unit_word} {word} -> {value}")
    if amount != int(amount):
        return None
    steps = int(amount) * (2 if code == "2W" else 1) * int(sign)
    anaphoric = bool(lang.lookup("anaphoric_shift", word)) or "num" not in groups
    if anaphoric and unit in ("year", "decade", "century") and (bc := context.story_bc_year()) is not None:
        years = steps * {"year": 1, "decade": 10, "century": 100}[unit]
        value = f"BC{bc - years:04d}" if bc - years > 0 else f"{years - bc + 1:04d}"
        return Result(value, f"{years:+d} years from the story's year BC{bc:04d} -> {value}", flashback=steps < 0)
    reference = context.reference(unit) if anaphoric or unit == "year" else None
    if reference is not None and unit == "year" and reference[1][2] == "quarter":
        named = reference[0]
        value = f"{int(named.value[:4]) + steps:04d}{named.value[4:]}"
        return Result(value, f"{steps:+d} year from the quarter last named ({named.text!r}) -> {value}")
    if anaphoric and reference is not None:
        anchor, how = reference[1][0], f"the date last named ({reference[0].text!r})"
    elif (now := context.now()) is not None:
        anchor, how = now, f"DCT {now}"
    else:
        return None
    value = calendar.period_value(anchor, unit, steps)
    return Result(value, f"{steps:+d} {unit} from {how} -> {value}", flashback=steps < 0)


@normalizer
def step_from_event(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"five days after the fall of Girona": in a narrative, the date that far from the last date
    named (the event's); in a news report, how long (TimeBank tags the duration, not the date)."""
    if context.narrative:
        step = shift(groups, context, candidate)
        if step is not None:
            return dataclasses.replace(step, type="DATE")
    return duration(groups, context, candidate)


@normalizer
def in_offset(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"in two weeks": a date when the sentence is about the future, else how long something took."""
    now = context.now()
    tense, cue = context.tense(candidate.start, candidate.end, future_only=True)
    if tense == "future" and now is not None:
        amount = number(groups["num"], context.lang)
        code = str(context.lang.lookup("unit", groups["unit"]))
        unit = _UNIT_CALENDAR.get(code)
        if amount is not None and amount == int(amount) and unit:
            steps = int(amount) * (2 if code == "2W" else 1)
            value = calendar.period_value(now, unit, steps)
            return Result(value, f"{_tense_account(tense, cue)}, {steps:+d} {unit} from DCT {now} -> {value}", "DATE")
    return duration(groups, context, candidate)


@normalizer
def reference(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    value = str(context.lang.lookup(candidate.rule.params.get("table", "reference"), groups["word"]))
    return Result(value, f"{groups['word']!r} -> {value}")


# --- durations, times, sets ---------------------------------------------------------------------------


def _duration_value(amount: float | None, code: str) -> str:
    """TIMEX3 duration of amount units: "P3Y", "PT24H", "P2Y6M" for 2.5 years, "PXD" when vague.
    A code may carry a multiplier ("2W" fortnight, "10Y" decade); quarters are counted in months."""
    multiplier, unit = _UNIT_CODE.fullmatch(code).groups()  # type: ignore[union-attr]
    factor = int(multiplier or 1)
    if unit == "Q":
        unit, factor = "M", factor * 3
    if amount is None:
        return f"PTX{unit[1:]}" if unit.startswith("T") else f"PX{unit}"
    amount *= factor
    whole, rest = int(amount), amount - int(amount)
    parts = [(whole, unit)]
    if rest and unit in _SMALLER and (rest * _SMALLER[unit][0]).is_integer():
        size, smaller = _SMALLER[unit]
        parts = [(whole, unit), (int(rest * size), smaller)] if whole else [(int(rest * size), smaller)]
    elif rest:
        parts = [(amount, unit)]  # type: ignore[list-item]
    dates = "".join(f"{_count(n)}{u}" for n, u in parts if not u.startswith("T"))
    times = "".join(f"{_count(n)}{u[1:]}" for n, u in parts if u.startswith("T"))
    return "P" + dates + (f"T{times}" if times else "")


@normalizer
def duration(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"three years", "a few days" (PXD); without a number, one unit ("the past decade" is P10Y)."""
    code = str(context.lang.lookup("unit", groups["unit"]))
    vague = candidate.rule.params.get("vague", False)
    said = groups.get("num")
    amount = None if vague else (number(said, context.lang) if said else 1.0)
    if amount is None and not vague and context.lang.lookup("vague_number", said or "") is None:
        return None
    value = _duration_value(amount, code)
    return Result(value, f"duration -> {value}", "DURATION")


_HALF_OF = {"TH": "PT30M", "D": "PT12H", "Y": "P6M", "10Y": "P5Y", "100Y": "P50Y"}
_AND_A_HALF = {"TM": "PT1M30S", "TH": "PT1H30M", "D": "PT36H", "Y": "P18M", "M": "P1.5M", "W": "P1.5W"}


@normalizer
def half_duration(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    if "unit" in groups:
        value = _HALF_OF.get(str(context.lang.lookup("unit", groups["unit"])))
    else:
        value = _AND_A_HALF.get(str(context.lang.lookup("unit", groups["unit2"])))
    return Result(value, f"half units -> {value}") if value else None


@normalizer
def clock(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    if "word" in groups:
        hour, minute = (24, 0) if groups["word"].lower() == "midnight" else (12, 0)
    else:
        word = groups["hour"]
        hour_number = int(word) if word.isdigit() else number(word, context.lang)
        if hour_number is None:
            return None
        hour = int(hour_number)
        minute = int(groups.get("minute") or 0)
        meridiem = groups.get("ampm", "").lower()
        if meridiem.startswith("p") and hour < 12:
            hour += 12
        elif meridiem.startswith("a") and hour == 12:
            hour = 0
    value = f"{_PENDING_TIME}{hour:02d}:{minute:02d}"
    return Result(value, f"time of day {hour:02d}:{minute:02d}")


def _named_day(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """The day of a %DAY_NAMED match: a weekday, a month and day (with or without a year), or "today"."""
    if "weekday" in groups:
        return weekday({"weekday": groups["weekday"]}, context, candidate)
    if "year" in groups:
        return ymd({"year": groups["year"], "month": groups["month"], "day": groups["day"]}, context, candidate)
    if "month" in groups:
        return month_day({"month": groups["month"], "day": groups["day"]}, context, candidate)
    return relative_day({"word": groups["relday"]}, context, candidate)


@normalizer
def time_on_day(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"10 p.m. Wednesday", "noon Thursday", "Nov. 9, 5 p.m.": the day named, at the time said."""
    time = clock(groups, context, candidate)
    day = _named_day(groups, context, candidate)
    if time is None or day is None:
        return None
    value = day.value[:10] + time.value
    return Result(value, f"{day.derivation}, at {time.value[1:]} -> {value}")


@normalizer
def part_of_named_day(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """"the night of April 18, 1775", "the morning of 30 April": the day named, at that part of it."""
    if "day2" in groups:
        groups = {"day": groups["day2"], "month": groups["month2"]} | ({"year": groups["year2"]} if "year2" in groups else {})  | {"part": groups["part"]}
    day = _named_day(groups, context, candidate)
    if day is None:
        return None
    value = f"{day.value[:10]}T{context.lang.lookup('part_of_day', groups['part'])}"
    return Result(value, f"{day.derivation}, in the {groups['part']} -> {value}")


@normalizer
def every(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    code = str(context.lang.lookup("unit", groups["unit"]))
    word = groups.get("num", "")
    amount: float | None = 2.0 if word.lower() == "other" else (number(word, context.lang) if word else 1.0)
    value = _duration_value(amount, code)
    return Result(value, f"every {_count(amount) if amount else 'X'} {groups['unit']} -> {value}")


@normalizer
def frequency(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    value = str(context.lang.lookup("frequency", groups["word"]))
    return Result(value, f"{groups['word']!r} -> {value}")


@normalizer
def reject(groups: dict[str, str], context: Context, candidate: Candidate) -> Result | None:
    """Negative rules: the span only keeps other rules from matching inside it."""
    return None
