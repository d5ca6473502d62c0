"""A user's corrections of the timeline, kept apart from the analysis and applied on top of every one.

The machine's events change whenever the rules, an article's date or the corpus change: their ids
(a hash of date and label) and their order with them. An edit therefore names an event by its
mentions (model.MentionRef: an article and where the sentence and the date expression start in its
text), which hold as long as the article is in the corpus, and finds its event again in any later
analysis:

- a mention is found by its date expression's place in the text, else by its sentence when exactly
  one event quotes that sentence (a rule change that widens "June 19" to "Wednesday, June 19");
- an edit applies to the event holding most of the mentions it names, and says so when some are gone
  or now in other events ("partly");
- when none is left ("stale"), or they are split evenly between events ("ambiguous"), it is not
  applied but reported, never dropped in silence or applied to a guess.

Edits apply in the order they were made, each to the events as the ones before it left them; an
event an edit touches keeps its id, so a selection survives it. Events made by an edit (sources moved
into an event of their own) take an id from their first mention, so they keep it across analyses.

The edits file (`events export-edits`) is a JSON list of edits; applied to another corpus, an edit
finds its events there when that corpus holds the same articles (an article's id is its text's hash).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from timeline import temporal
from timeline.merge import event_status
from timeline.model import Edit, Event, Granularity, MentionRef, Source
from timeline.store import edit_from_dict, edit_to_dict
from timeline.temporal.calendar import period_value

__all__ = [
    "EditError", "Outcome", "Applied",
    "relabel", "redate", "merge", "move", "hide", "mark_key", "date_value",
    "apply", "describe", "dumps", "loads", "EDITS_FILE_FORMAT", "DATE_PRECISIONS",
]  # fmt: skip

EDITS_FILE_FORMAT = "timeline-edits/1"

DATE_PRECISIONS = ("day", "week", "month", "quarter", "year")
"""The precisions a date can be given at in the dashboard (the CLI takes any TIMEX3 date value)."""


class EditError(ValueError):
    """An edit that cannot be made as asked (an empty label, a date no calendar places, an event
    merged with itself); the message is meant for the user."""


OutcomeState = Literal["applied", "partly", "stale", "ambiguous"]


@dataclass(frozen=True)
class Outcome:
    """What became of one edit on the current analysis."""

    edit: Edit
    state: OutcomeState
    note: str = ""
    """Why it was not applied, or what of it did not hold ("1 of its 3 mentions is gone")."""

    @property
    def applied(self) -> bool:
        return self.state in ("applied", "partly")


@dataclass(frozen=True)
class Applied:
    """The events with the edits applied, and what became of each edit."""

    events: list[Event]
    outcomes: list[Outcome]

    @property
    def unapplied(self) -> list[Outcome]:
        """The edits that found nothing to apply to: each must be shown to the user."""
        return [o for o in self.outcomes if not o.applied]


# -- making edits ---------------------------------------------------------------------------------


def relabel(event: Event, label: str, author: str = "") -> Edit:
    label = " ".join(label.split())
    if not label:
        raise EditError("a label cannot be empty")
    if label == event.label:
        raise EditError("that is already the event's label")
    return _edit("relabel", event, author, value=label, replaced=event.label)


def redate(event: Event, value: str, author: str = "") -> Edit:
    """Date the event to a TIMEX3 value: 2024-06-19 (a day), 2024-W25, 2024-06, 2024-Q2, 2024-SU, 2024..."""
    value = value.strip()
    _interval(value)
    if value == event.date:
        raise EditError(f"the event is already dated {value}")
    return _edit("redate", event, author, value=value, replaced=event.date)


def merge(event: Event, other: Event, author: str = "") -> Edit:
    """Merge `other` into `event`: one event with both's sources, `event`'s label and date (the finer
    date when one contains the other)."""
    if other.id == event.id:
        raise EditError("an event cannot be merged with itself")
    return _edit("merge", event, author, mentions=_refs(other.sources), replaced=other.label)


def move(event: Event, sources: Sequence[Source], into: Event | None = None, author: str = "") -> Edit:
    """Move some of the event's sources out of it: into `into`, or into an event of their own."""
    if not sources:
        raise EditError("choose at least one source to move")
    if not set(sources) <= set(event.sources):
        raise EditError("only an event's own sources can be moved out of it")
    if into is not None and into.id == event.id:
        raise EditError("the sources are already in that event")
    if into is None and len(sources) == len(event.sources):
        raise EditError("these are all of the event's sources: relabel or redate it instead")
    return Edit(
        "move",
        event=_refs(into.sources) if into else (),
        mentions=_refs(sources),
        label=event.label,
        replaced=into.label if into else "",
        author=author,
    )


def hide(event: Event, author: str = "") -> Edit:
    return _edit("hide", event, author)


def mark_key(event: Event, author: str = "") -> Edit:
    if event.key:
        raise EditError("the event is already marked key")
    return _edit("key", event, author)


def date_value(day: dt.date, precision: str) -> str:
    """The TIMEX3 value of the `precision` (DATE_PRECISIONS) that holds `day`."""
    if precision not in DATE_PRECISIONS:
        raise EditError(f"unknown precision {precision!r} (known: {', '.join(DATE_PRECISIONS)})")
    return period_value(day, precision)


def _interval(value: str) -> tuple[dt.date, dt.date, Granularity]:
    found = temporal.interval(value)
    if found is None:
        raise EditError(f"{value!r} is not a date (give a day 2024-06-19, a week 2024-W25, a month 2024-06, a quarter 2024-Q2 or a year 2024)")
    return found


def _edit(kind: str, event: Event, author: str, **values: object) -> Edit:
    return Edit(kind, event=_refs(event.sources), label=event.label, author=author, **values)  # type: ignore[arg-type]


def _refs(sources: Iterable[Source]) -> tuple[MentionRef, ...]:
    refs = tuple(s.ref for s in sources)
    if any(ref.timex_start < 0 for ref in refs):
        raise EditError("these events were made before sources recorded where they are in their article; re-run the analysis")
    return refs


# -- applying edits -------------------------------------------------------------------------------


def apply(events: Sequence[Event], edits: Sequence[Edit]) -> Applied:
    """The events with the edits in force applied in order (see the module doc); `events` is not changed."""
    edits = [edit for edit in edits if not edit.undone]
    if not edits:
        return Applied(list(events), [])
    bench = _Bench(events, {ref.article_id for edit in edits for ref in (*edit.event, *edit.mentions)})
    outcomes = [bench.apply(edit) for edit in edits]
    return Applied(bench.result(), outcomes)


class _Bench:
    """The events being edited, each in a slot, with an index from the named articles' mentions to
    the slot holding them; only articles that some edit names are indexed."""

    def __init__(self, events: Sequence[Event], named: set[str]) -> None:
        self.slots: list[Event | None] = list(events)
        self.hidden: set[int] = set()
        self.changed = False
        self.named = named
        self.by_timex: dict[tuple[str, int], int] = {}
        self.by_sentence: dict[tuple[str, int], dict[int, int]] = {}
        """(article, sentence start) -> {slot: how many of its sources quote that sentence}"""
        for slot, event in enumerate(self.slots):
            for source in event.sources:
                if source.article_id in named:
                    self._count(slot, source, 1)

    def _index(self, slot: int, event: Event, sign: int = 1) -> None:
        for source in event.sources:
            if source.article_id in self.named:
                self._count(slot, source, sign)

    def _count(self, slot: int, source: Source, sign: int) -> None:
        """Count a named article's source in (sign 1) or out of (sign -1) the slot."""
        timex = (source.article_id, source.timex_start)
        key = (source.article_id, source.sentence_start)
        holders = self.by_sentence.get(key)
        if holders is None:
            holders = self.by_sentence[key] = {}
        held = holders[slot] = holders.get(slot, 0) + sign
        if held <= 0:
            del holders[slot]
        if sign > 0:
            self.by_timex[timex] = slot
        elif self.by_timex.get(timex) == slot:
            del self.by_timex[timex]

    def _put(self, slot: int, event: Event | None) -> None:
        self.changed = True
        old = self.slots[slot]
        if old is not None:
            self._index(slot, old, -1)
        self.slots[slot] = event
        if event is not None:
            self._index(slot, event)

    def find(self, ref: MentionRef) -> int | None:
        """The slot of the event holding the mention: by its date expression, else by its sentence
        when only one event quotes that sentence."""
        slot = self.by_timex.get((ref.article_id, ref.timex_start))
        if slot is not None:
            return slot
        holders = self.by_sentence.get((ref.article_id, ref.sentence_start))
        return next(iter(holders)) if holders and len(holders) == 1 else None

    def resolve(self, refs: Sequence[MentionRef], what: str = "its mentions") -> tuple[int | None, OutcomeState, str]:
        """The slot of the event holding most of the mentions, the state of that finding and a note."""
        found = Counter(slot for slot in map(self.find, refs) if slot is not None)
        if not found:
            return None, "stale", f"none of {what} ({_count(len(refs), 'mention')}) is in any event now"
        ranked = found.most_common(2)
        if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
            return None, "ambiguous", f"{what} are now split evenly between {len(found)} events"
        slot, held = ranked[0]
        notes = []
        if len(refs) - sum(found.values()):
            notes.append(f"{_count(len(refs) - sum(found.values()), 'mention')} of {_count(len(refs), 'mention')} gone")
        if sum(found.values()) - held:
            notes.append(f"{_count(sum(found.values()) - held, 'mention')} now in other events")
        return slot, ("partly" if notes else "applied"), "; ".join(notes)

    def apply(self, edit: Edit) -> Outcome:
        if edit.kind == "move":
            return self._move(edit)
        slot, state, note = self.resolve(edit.event)
        if slot is None:
            return Outcome(edit, state, note)
        event = self.slots[slot]
        assert event is not None
        if edit.kind == "merge":
            return self._merge(edit, slot, event, state, note)
        if edit.kind == "relabel":
            event = replace(event, label=edit.value)
        elif edit.kind == "redate":
            start, end, granularity = _interval(edit.value)
            event = replace(event, date=edit.value, start=start, end=end, granularity=granularity)
        elif edit.kind == "hide":
            self.hidden.add(slot)
        self._put(slot, replace(event, edits=(*event.edits, edit)))
        return Outcome(edit, state, note)

    def _merge(self, edit: Edit, slot: int, event: Event, state: OutcomeState, note: str) -> Outcome:
        other_slot, other_state, other_note = self.resolve(edit.mentions, "the other event's mentions")
        if other_slot is None:
            return Outcome(edit, other_state, other_note)
        notes = "; ".join(n for n in (note, other_note) if n)
        state = "partly" if "partly" in (state, other_state) else "applied"
        if other_slot == slot:
            return Outcome(edit, state, notes or "already one event")
        other = self.slots[other_slot]
        assert other is not None
        start, end, date, granularity = event.start, event.end, event.date, event.granularity
        if event.start <= other.start and other.end <= event.end and (other.start, other.end) != (event.start, event.end):
            start, end, date, granularity = other.start, other.end, other.date, other.granularity
        sources = _ordered((*event.sources, *other.sources))
        merged = replace(
            event, date=date, start=start, end=end, granularity=granularity, sources=sources, status=event_status(sources),
            salience=max(event.salience, other.salience), edits=(*event.edits, *other.edits, edit),
        )  # fmt: skip
        if other_slot in self.hidden:
            self.hidden.discard(other_slot)
        self._put(other_slot, None)
        self._put(slot, merged)
        return Outcome(edit, state, notes)

    def _move(self, edit: Edit) -> Outcome:
        into = None
        state: OutcomeState = "applied"
        notes = []
        if edit.event:
            into, state, note = self.resolve(edit.event, "the mentions of the event they were moved into")
            if into is None:
                return Outcome(edit, state, note)
            notes.append(note)
        taken: dict[int, list[Source]] = {}
        for ref in edit.mentions:
            slot = self.find(ref)
            source = self._source(slot, ref) if slot is not None else None
            if source is not None and slot != into and source not in taken.get(slot, []):
                taken.setdefault(slot, []).append(source)
        found = sum(self.find(ref) is not None for ref in edit.mentions)
        if not found:
            return Outcome(edit, "stale", f"none of the {_count(len(edit.mentions), 'mention')} it moves is in any event now")
        if found < len(edit.mentions):
            state = "partly"
            notes.append(f"{_count(len(edit.mentions) - found, 'mention')} of {_count(len(edit.mentions), 'mention')} gone")
        moved = [source for sources in taken.values() for source in sources]
        if not moved:
            return Outcome(edit, state, "; ".join(n for n in (*notes, "already where it moves them") if n))
        salience = max(self.slots[slot].salience for slot in taken)  # type: ignore[union-attr]
        for slot, sources in taken.items():
            event = self.slots[slot]
            assert event is not None
            left = tuple(s for s in event.sources if s not in sources)
            self._put(slot, replace(event, sources=left, status=event_status(left), edits=(*event.edits, edit)) if left else None)
            if not left:
                self.hidden.discard(slot)
        if into is None:
            self.slots.append(None)
            self._put(len(self.slots) - 1, _own_event(moved, salience, edit))
        else:
            target = self.slots[into]
            assert target is not None
            sources = _ordered((*target.sources, *moved))
            self._put(into, replace(target, sources=sources, status=event_status(sources), edits=(*target.edits, edit)))
        return Outcome(edit, state, "; ".join(n for n in notes if n))

    def _source(self, slot: int, ref: MentionRef) -> Source | None:
        event = self.slots[slot]
        assert event is not None
        mine = [s for s in event.sources if s.article_id == ref.article_id]
        return next((s for s in mine if s.timex_start == ref.timex_start), None) or next((s for s in mine if s.sentence_start == ref.sentence_start), None)

    def result(self) -> list[Event]:
        kept = [event for slot, event in enumerate(self.slots) if event is not None and slot not in self.hidden]
        return sorted(kept, key=_EVENT_ORDER) if self.changed else kept


_EVENT_ORDER = operator.attrgetter("start", "label", "end", "id")
"""The merge's order of events."""


def _ordered(sources: Iterable[Source]) -> tuple[Source, ...]:
    """Sources in the merge's order: by publication date, file and place in the text."""
    return tuple(sorted(sources, key=lambda s: (s.published or "", s.file, s.article_id, s.sentence_start, s.timex_start)))


def _own_event(sources: list[Source], salience: float, edit: Edit) -> Event:
    """An event of the moved sources alone, dated by the finest of their dates and labelled by its
    mention; as salient as the event they left, so that a key event's part stays in view."""
    placed = [(interval, s) for s in sources if (interval := temporal.interval(s.timex_value)) is not None]
    (start, end, granularity), anchor = min(placed, key=lambda item: ((item[0][1] - item[0][0]).days, item[0][0]))
    ordered = _ordered(sources)
    identity = hashlib.sha256(f"moved|{anchor.article_id}|{anchor.timex_start}".encode()).hexdigest()[:16]
    return Event(identity, anchor.timex_value, start, end, granularity, anchor.label or edit.label, ordered, event_status(ordered), salience, (edit,))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


# -- reading and writing edits --------------------------------------------------------------------


def describe(edit: Edit) -> str:
    """One line saying what the edit does, for the log."""
    if edit.kind == "relabel":
        return f"relabel “{edit.replaced}” as “{edit.value}”"
    if edit.kind == "redate":
        return f"redate “{edit.label}” from {edit.replaced} to {edit.value}"
    if edit.kind == "merge":
        return f"merge “{edit.replaced}” into “{edit.label}”"
    if edit.kind == "move":
        articles = len({ref.article_id for ref in edit.mentions})
        where = f"into “{edit.replaced}”" if edit.event else "into an event of their own"
        return f"move {_count(len(edit.mentions), 'source')} from {_count(articles, 'article')} out of “{edit.label}” {where}"
    if edit.kind == "hide":
        return f"hide “{edit.label}”"
    return f"mark “{edit.label}” as key"


def dumps(edits: Sequence[Edit]) -> str:
    """An edits file: every edit with the mentions it names, who made it and when."""
    return json.dumps({"format": EDITS_FILE_FORMAT, "edits": [edit_to_dict(edit) for edit in edits]}, ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> list[Edit]:
    """The edits of an edits file; EditError saying what is wrong when it is not one."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise EditError(f"not a JSON file ({error})") from None
    if not isinstance(data, dict) or data.get("format") != EDITS_FILE_FORMAT or not isinstance(data.get("edits"), list):
        raise EditError(f"not an edits file (expected {{\"format\": \"{EDITS_FILE_FORMAT}\", \"edits\": [...]}}, as `events export-edits` writes)")
    edits = []
    for number, item in enumerate(data["edits"], start=1):
        try:
            edit = edit_from_dict(item)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise EditError(f"edit {number}: not a valid edit ({type(error).__name__}: {error})") from None
        if edit.kind == "redate":
            try:
                _interval(edit.value)
            except EditError as error:
                raise EditError(f"edit {number}: {error}") from None
        if edit.kind == "relabel" and not edit.value.strip():
            raise EditError(f"edit {number}: a label cannot be empty")
        if not edit.event and edit.kind != "move" or edit.kind in ("merge", "move") and not edit.mentions:
            raise EditError(f"edit {number}: names no mention of an event")
        edits.append(edit)
    return edits
