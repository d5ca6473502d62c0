"""The document being tagged: what every normalization may read and none may change. Its text, DCT
and language; every expression the rules found in it; whether it is a narrative; the sentence around
a position (timeline.sentences.tense_scope) and the tense cues in it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from timeline.sentences import tense_scope
from timeline.temporal import engine
from timeline.temporal.engine import Candidate, Language
from timeline.temporal.narrative import asides, is_narrative, stated_years
from timeline.temporal.words import month_of

__all__ = ["Document", "SENTENCE_REACH", "CUE_REACH"]

SENTENCE_REACH = 240
"""Characters either side of an expression searched for the bounds of its sentence."""
CUE_REACH = 150
"""Characters either side of an expression searched for tense cues: the nearest decides anyway."""


@dataclass(frozen=True)
class Document:
    text: str
    dct: dt.date | None
    language: Language
    candidates: tuple[Candidate, ...]
    """Every expression of the text, resolved (no two overlap), in text order."""
    narrative: bool
    """The text tells of another time than its publication (see narrative.is_narrative): dates said
    without a year belong near the last date it named, not near the DCT."""
    asides: frozenset[int]
    """Starts of the expressions whose year stands apart from the story around them (see narrative.asides)."""
    lowered: str | None
    """The text the cues' case-free twins match in its place (engine.twin_text), None when the text
    is not plain and the cues themselves must match it."""

    @classmethod
    def read(cls, text: str, dct: dt.date | None, language: Language) -> Document:
        """The text with its expressions found and resolved, and its kind (news or narrative) judged."""
        lowered = engine.twin_text(text)
        resolved = engine.resolve(engine.candidates(text, language, lowered))
        stated = stated_years(resolved, language)
        narrative = is_narrative(resolved, stated, dct, language)
        return cls(text, dct, language, tuple(resolved), narrative, asides(stated) if narrative else frozenset(), lowered)

    def sentence(self, position: int) -> tuple[int, int]:
        """Bounds of the sentence around a position that tense cues are read from, no further than
        SENTENCE_REACH from it."""
        return tense_scope(self.text, position, SENTENCE_REACH)

    def tense(self, start: int, end: int, future_only: bool = False) -> tuple[str, str]:
        """("future" | "past" | "none", cue): the tense cue nearest the expression in its sentence.
        A cue's case-free twin, when it has one, finds the same cues on the lower-cased text about
        three times as fast. With future_only, a past tense reads as "none", so past cues are only
        looked for when there is a future cue they might be nearer than (most of the time there is
        none, and the past cue pattern is the slower one)."""
        lang = self.language
        s, e = self.sentence(start)
        s, e = max(s, start - CUE_REACH), min(e, end + CUE_REACH)
        best: tuple[int, str, int, int] | None = None
        for name, pattern, twin in (("future", lang.future_cue, lang.future_casefree), ("past", lang.past_cue, lang.past_casefree)):
            if name == "past" and future_only and best is None:
                break
            text, finder = (self.lowered, twin) if twin is not None and self.lowered is not None else (self.text, pattern)
            for cue in finder.finditer(text, s, e):
                if name == "past" and lang.passive_before.search(self.text, max(s, cue.start() - 8), cue.start()):
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

    def is_planned(self, candidate: Candidate) -> bool:
        """A date a narrative gives for what was planned or expected ("the big push planned for
        1976"): the story does not move there (measured: +14 right values on WikiWars, none lost)."""
        return self.narrative and self.tense(candidate.start, candidate.end, future_only=True)[0] == "future"

    @functools.cached_property
    def _next_candidate(self) -> dict[int, Candidate]:
        return {a.start: b for a, b in zip(self.candidates, self.candidates[1:])}

    def year_stated_after(self, candidate: Candidate) -> tuple[int, int | None] | None:
        """The year (and month) of the date that closes a range or pair this one opens ("May 15 to
        August 16, 1988", "between March and April 1918"): the year they share."""
        following = self._next_candidate.get(candidate.start)
        if following is None or not self.language.range_link.fullmatch(self.text, candidate.end, following.start):
            return None
        groups = following.match.groupdict()
        stated = groups.get("year")
        if not stated or len(stated) != 4:
            return None
        month_word = groups.get("month")
        return int(stated), month_of(month_word, self.language) if month_word else None
