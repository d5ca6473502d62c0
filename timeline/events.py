"""Event extraction: each placeable date becomes a mention labelled with the clause it anchors.

No parser or language model is available offline, so the clause finder is rule-based: the engine
here is generic and every word list it uses lives in resources/events_<language>.yaml, where it can
be read and extended without touching code. Labels aim at a compact "subject verb object" of the
clause the date modifies, not a copy of the sentence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass

from timeline import temporal
from timeline.model import Article, Mention, Status, Timex
from timeline.resource_files import RESOURCES, find, read_yaml
from timeline.sentences import split_sentences
MARK = "\x00"
"""Stands in for the date inside a sentence while its clause is found."""

_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]{0,40}>")
"""Tags typed into a plain text ("<b>Seoul</b>"): the quote keeps them, a label reads better without."""
_TOKEN = re.compile(rf"\x00|{_MARKUP.pattern}|\d+(?:[.,:]\d+)*|(?:[^\W\d_]\.){{2,}}|\w+(?:[’'.\-]\w+)*['’]?|[^\w\s]")
_QUOTES = set("“”\"‘’«»")
_ALPHANUMERIC = re.compile(r"[^\W_]")
"""A letter or digit (what str.isalnum() accepts): a token holding one is a word, not punctuation."""
_NO_SPACE_BEFORE = set(",.;:!?)]%")
MAX_SENTENCE = 600
"""Characters of a sentence that a date's label and status are read from. A longer "sentence" is
none (a run of page furniture, a list without full stops; 99.5% of the sentences quoted from the
TimeML and Timeline17 news are shorter), so the date's quote is then the QUOTE_REACH characters
either side of it: the work on each date stays the same however long its line."""
QUOTE_REACH = 150
DENIAL_REACH = 30
"""A denial or hedge after the date counts only this close to it and before a comma ("talks on
Monday could not..."), not where the clause has moved on to its consequences."""
_PARENTHETICAL = re.compile(r"(?<!\s)\s*[(\[][^()\[\]\x00]*[)\]]")
"""A parenthesis with the spaces before it; a match starts where the spaces do, so a long run of
them is scanned once."""
_SCARE_QUOTES = re.compile(r"[“\"]\s*([^\W\d_][\w’'-]*(?:\s+[^\W\d_][\w’'-]*){0,4})\s*[”\"]")
"""Quotes around a few words ("yesterday's " historic " meeting") mark a word, not speech: they
do not open a clause."""
_CLAUSE_COMMA = re.compile(r",(?=\s)")
"""A comma between phrases, not inside a number ("1,000")."""
_DASHED_ASIDE = re.compile(r"(?<!\s)\s+(?:—|–|-{1,2})\s+[^—–\x00]{1,80}?\s+(?:—|–|-{1,2})(?=\s)")
"""An aside between two dashes ("Leogane - the epicentre of the earthquake - and elsewhere"), dropped
like a parenthesis when the date is not in it."""


@dataclass(frozen=True)
class Rules:
    """The compiled resource file of one language."""

    teaser_endings: tuple[str, ...]
    min_sentence_words: int
    max_label_words: int
    caption_positions: re.Pattern[str]
    clause_boundaries: re.Pattern[str]
    temporal_prepositions: frozenset[str]
    weekdays: frozenset[str]
    leading_fillers: re.Pattern[str]
    attribution_tail: re.Pattern[str]
    attribution_verbs: frozenset[str]
    titles: frozenset[str]
    title_joiners: frozenset[str]
    verbs: frozenset[str]
    past_suffixes: tuple[str, ...]
    suffixed_verb_min_chars: int
    present_participle_suffixes: tuple[str, ...]
    event_nouns: frozenset[str]
    place_object_verbs: frozenset[str]
    place_preposition: str
    tail_starters: frozenset[str]
    prepositions: frozenset[str]
    function_words: frozenset[str]
    aside_clauses: frozenset[str]
    denied_cue: re.Pattern[str]
    label_prefixes: tuple[re.Pattern[str], ...]
    date_possessives: frozenset[str]
    possessive_endings: tuple[str, ...]
    definite_article: str
    organization_words: frozenset[str]
    unreadable_openers: frozenset[str]
    subject_pronouns: frozenset[str]
    conjunctions: frozenset[str]
    list_conjunctions: frozenset[str]
    particles: frozenset[str]
    relative_pronouns: frozenset[str]
    articles: frozenset[str]


@functools.cache
def rules(language: str = "en") -> Rules:
    """The extraction rules for a language; ResourceError when it has none (see timeline.resource_files)."""
    data = read_yaml(find(RESOURCES, "events_{}.yaml", language, "event"))
    words = data.words
    positions = "|".join(re.escape(p) for p in sorted(data.texts("caption_positions"), key=len, reverse=True))
    boundaries = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in data.entry("clause_boundaries").items())
    fillers = "|".join(f"(?:{pattern})" for pattern in data.texts("leading_fillers"))
    verbs = "|".join(re.escape(v) for v in data.texts("attribution_verbs"))
    phrases = "".join(f"{re.escape(p)}\\b|" for p in data.texts("attribution_phrases"))
    denied = "|".join(f"(?:{cue})" for cue in data.texts("denied_cues"))
    return Rules(
        teaser_endings=tuple(data.texts("teaser_endings")),
        min_sentence_words=data.number("min_sentence_words"),
        max_label_words=data.number("max_label_words"),
        caption_positions=data.compiled("entry 'caption_positions'", rf",\s+(?:{positions})\s*,", re.IGNORECASE),
        clause_boundaries=data.compiled("entry 'clause_boundaries'", boundaries, re.IGNORECASE),
        temporal_prepositions=words("temporal_prepositions"),
        weekdays=words("weekdays"),
        leading_fillers=data.compiled("entry 'leading_fillers'", rf"^(?:{fillers})", re.IGNORECASE),
        attribution_tail=data.compiled(
            "entry 'attribution_phrases'", rf",\s+(?:{phrases}(?:[\w’'.-]+\s+){{0,4}}(?:{verbs})\b)[^\x00]*$", re.IGNORECASE
        ),
        attribution_verbs=words("attribution_verbs"),
        titles=words("titles"),
        title_joiners=frozenset(data.texts("title_joiners")),
        verbs=words("verbs"),
        past_suffixes=tuple(data.texts("past_suffixes")),
        suffixed_verb_min_chars=data.number("suffixed_verb_min_chars"),
        present_participle_suffixes=tuple(data.texts("present_participle_suffixes")),
        event_nouns=words("event_nouns"),
        place_object_verbs=words("place_object_verbs"),
        place_preposition=data.text("place_preposition"),
        tail_starters=words("tail_starters"),
        prepositions=words("prepositions"),
        function_words=words("function_words"),
        aside_clauses=words("aside_clauses"),
        denied_cue=data.compiled("entry 'denied_cues'", f"(?<![\\w'’])(?:{denied})(?!\\w)"),
        label_prefixes=tuple(data.compiled("entry 'label_prefixes'", pattern) for pattern in data.texts("label_prefixes")),
        date_possessives=frozenset(data.texts("date_possessives")),
        possessive_endings=tuple(data.texts("possessive_endings")),
        definite_article=data.text("definite_article"),
        organization_words=words("organization_words"),
        unreadable_openers=words("unreadable_openers"),
        subject_pronouns=words("subject_pronouns"),
        conjunctions=words("conjunctions"),
        list_conjunctions=words("list_conjunctions"),
        particles=words("particles"),
        relative_pronouns=words("relative_pronouns"),
        articles=words("articles"),
    )


def extract(article: Article, timexes: list[Timex]) -> list[Mention]:
    """One mention per DATE/TIME expression that can be placed on a timeline.

    Dates in page furniture (sentences of a few words, truncated teasers for other stories) and
    values with no calendar interval (PRESENT_REF, durations, "XXXX-06") give no mention; so do
    expressions whose offsets do not fit the text, which would otherwise quote the wrong sentence.
    """
    r = rules(article.language)
    text = article.text
    spans = split_sentences(text, article.language)
    starts = [s for s, _ in spans]
    lines = _Lines(text)
    mentions = []
    for timex in sorted(timexes, key=lambda t: (t.start, t.end, t.value)):
        if timex.type not in ("DATE", "TIME") or not 0 <= timex.start < timex.end <= len(text):
            continue
        found = temporal.interval(timex.value)
        if found is None:
            continue
        index = bisect.bisect_right(starts, timex.start) - 1
        if index < 0 or timex.end > spans[index][1]:
            continue
        start, end = _around(text, *spans[index], timex)
        sentence = text[start:end]
        if _is_furniture(sentence, lines.is_teaser(start, r), r):
            continue
        others = tuple(t.text for t in timexes if t is not timex and start <= t.start and t.end <= end)
        label, kind, clause = _label_and_clause(sentence, timex.start - start, timex.end - start, r, others)
        first, last, granularity = found
        status = _status(clause, first, article, r)
        aside = kind in r.aside_clauses or _in_parentheses(sentence, timex.start - start)
        readable = is_readable(label, article.language) and not _is_question(sentence) and not any(o in label for o in others)
        mentions.append(Mention(article.id, timex, label, sentence, start, first, last, granularity, status, aside, readable))
    return mentions


def _status(clause: str, first: dt.date, article: Article, r: Rules) -> Status:
    """Denied when the date's clause denies or doubts its event; expected when the tense cue nearest
    the date is a future one ("will", "is set to", "plans to"; cues before the date first, so that
    "..., officials said" does not undo "will"), or when the event starts after the article was
    published; reported otherwise."""
    to_denial = _cue_distance(r.denied_cue, clause, after=DENIAL_REACH)
    if to_denial is not None:
        return "denied"
    future, past = temporal.tense_cues(article.language)
    to_future, to_past = _cue_distance(future, clause, after=0), _cue_distance(past, clause, after=0)
    if to_future is None and to_past is None:
        to_future, to_past = _cue_distance(future, clause), _cue_distance(past, clause)
    if to_future is not None and (to_past is None or to_future < to_past):
        return "expected"
    dct = article.dct
    return "expected" if dct is not None and first > dct else "reported"


def _cue_distance(cue: re.Pattern[str], clause: str, after: int | None = None) -> int | None:
    """Characters between the date (MARK) and the nearest match of `cue` in its clause, None for
    none; with `after`, only matches that close past the date and before the next comma count."""
    at = clause.find(MARK)
    end = len(clause)
    if after is not None:
        comma = re.search(r"[,;:]", clause[at:])
        end = min(at + after, at + comma.start() if comma else end)
    before = [at - m.end() for m in cue.finditer(clause, 0, at)]
    return min([*before, *(m.start() - at for m in cue.finditer(clause, at, end))], default=None)


def _is_question(sentence: str) -> bool:
    return sentence.rstrip("\"”’»)] ").endswith("?")


def _in_parentheses(sentence: str, offset: int) -> bool:
    before = sentence[:offset]
    return before.count("(") > before.count(")")


def _around(text: str, start: int, end: int, timex: Timex) -> tuple[int, int]:
    """The sentence text[start:end] holding the timex; when it is longer than MAX_SENTENCE, the
    QUOTE_REACH characters either side of the timex, cut at spaces."""
    if end - start <= MAX_SENTENCE:
        return start, end
    low, high = max(start, timex.start - QUOTE_REACH), min(end, timex.end + QUOTE_REACH)
    if low > start:
        space = text.find(" ", low, timex.start)
        low = space + 1 if space >= 0 else low
    if high < end:
        space = text.rfind(" ", timex.end, high)
        high = space if space > timex.end else high
    return low, high


class _Lines:
    """Which lines of a text end like a teaser, each worked out once however many dates it holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [found.start() for found in re.finditer("\n", text)]
        self.teasers: dict[int, bool] = {}

    def is_teaser(self, offset: int, r: Rules) -> bool:
        number = bisect.bisect_left(self.breaks, offset)
        if number not in self.teasers:
            begin = self.breaks[number - 1] + 1 if number else 0
            end = self.breaks[number] if number < len(self.breaks) else len(self.text)
            self.teasers[number] = self.text[begin:end].rstrip().endswith(r.teaser_endings)
        return self.teasers[number]


def _is_furniture(sentence: str, teaser: bool, r: Rules) -> bool:
    words = [w for w in sentence.split() if any(c.isalnum() for c in w)]
    return len(words) < r.min_sentence_words or teaser


def is_readable(label: str, language: str = "en") -> bool:
    """Whether a label stands alone as news: a clause (a subject and a verb, two content words; "Mubarak's
    speech" names an event but says nothing of it) whose subject is named ("He swore in a cabinet" is not),
    that does not open on the speaker's own words ("We're going to...", "I talked to...") and does not
    end on an attribution ("Officials said")."""
    r = rules(language)
    tokens = _tokens(label)
    opener = tokens[0].lower() if tokens else ""
    if not opener[:1].isalnum() or opener in r.unreadable_openers or opener in r.subject_pronouns or _is_weak(tokens, r):
        return False
    return any(_is_verb(t, r) for t in tokens) and tokens[-1].lower() not in r.attribution_verbs


def clause_label(sentence: str, start: int, end: int, language: str = "en") -> str:
    """A short "subject verb object" for the clause that the date at sentence[start:end] modifies."""
    return _label_and_clause(sentence, start, end, rules(language))[0]


def _label_and_clause(sentence: str, start: int, end: int, r: Rules, others: tuple[str, ...] = ()) -> tuple[str, str, str]:
    """The label, and the kind and text of the clause holding the date (MARK in its place).

    When the date's own clause cannot stand alone, the label is the sentence's main clause, unless
    that clause holds one of the `others` dates of the sentence: it then tells that date's event.
    """
    text = _without_prefix(sentence[:start] + f" {MARK} " + sentence[end:], r)
    text = r.caption_positions.sub(" ", text)
    text = _DASHED_ASIDE.sub("", _PARENTHETICAL.sub("", _SCARE_QUOTES.sub(r"\1", text)))
    clauses = _clauses(text, r)
    index = next(i for i, (_, clause) in enumerate(clauses) if MARK in clause)
    kind, clause = clauses[index]
    tokens = _tokens(clause)
    tokens, at = _without_date(tokens, tokens.index(MARK), _tokens(sentence[start:end]), r)
    tokens, at = _reported(tokens, at, r, others)
    if index == 0 and at == 0 and tokens and tokens[0].islower() and _is_verb(tokens[0], r):
        tokens = _tokens(sentence[start:end]) + tokens  # the date is the subject: "Sunday is expected to see..."
    label = _focus(tokens, at, r)
    if label is None:
        label = _trim(tokens, r)
        if kind == "where":
            label = _with_place(label, clauses[index - 1][1], r)
        elif kind in ("which", "who") and index > 0:
            label = _trim(_antecedent(_tokens(clauses[index - 1][1]), r) + _tokens(_join(label)), r)
        elif kind == "and" and index > 0 and label and label[0].islower() and _is_verb(label[0], r):
            label = _trim(_subject(_tokens(clauses[index - 1][1]), r) + label, r)
    if _is_weak(label, r):
        mains = (_trim(_tokens(c), r) for kind, c in clauses if kind not in ("intro", "quote") and MARK not in c and not any(o in c for o in others))
        label = next((main for main in mains if not _is_weak(main, r)), label)
    if not _content(label, r):
        label = _trim([t for t in _tokens(text) if t != MARK], r)
    result = _join(label)
    return result[:1].upper() + result[1:], kind, clause


def _without_prefix(text: str, r: Rules) -> str:
    """The sentence without the leading datelines, stamps and bullets (label_prefixes) that do not hold the date."""
    stripped = True
    while stripped:
        stripped = False
        for pattern in r.label_prefixes:
            prefix = pattern.match(text)
            if prefix and prefix.group() and MARK not in prefix.group() and prefix.end() < len(text):
                text, stripped = text[prefix.end() :], True
    return text


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text) if t not in _QUOTES and not _MARKUP.fullmatch(t)]


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and token not in _NO_SPACE_BEFORE and not out.endswith(("(", "[")):
            out += " "
        out += token
    return out


def _clauses(text: str, r: Rules) -> list[tuple[str, str]]:
    """The sentence cut at clause boundaries, each piece with the kind of boundary that opened it.

    Leading fillers are removed, and an introductory phrase ("In an emphatic statement during the
    signing in June, Kim said...") becomes a clause of its own, kind "intro".
    """
    pieces: list[tuple[str, str]] = []
    kind, previous = "main", 0
    for boundary in r.clause_boundaries.finditer(text):
        pieces.append((kind, text[previous : boundary.start()]))
        kind, previous = boundary.lastgroup or "main", boundary.end()
    pieces.append((kind, text[previous:]))
    clauses = []
    for kind, piece in pieces:
        piece = _strip_fillers(piece.strip(" ,.;:!?"), r)
        intro = _intro(piece, r)
        if intro:
            clauses.append(("intro", piece[:intro]))
            piece = _strip_fillers(piece[intro + 1 :].strip(), r)
        if piece:
            clauses.append((kind, piece))
    return clauses


def _strip_fillers(clause: str, r: Rules) -> str:
    while True:
        filler = r.leading_fillers.match(clause)
        if not filler or not filler.group() or MARK in filler.group():
            return clause
        clause = clause[filler.end() :].lstrip()


def _intro(clause: str, r: Rules) -> int:
    """Offset of the comma closing an introductory phrase, or 0 when the clause has none."""
    first = clause.split(" ", 1)[0].lower()
    if first not in r.prepositions and not (first.endswith(r.present_participle_suffixes) and first.islower()):
        return 0
    comma = _CLAUSE_COMMA.search(clause)
    return comma.start() if comma else 0


def _without_date(tokens: list[str], at: int, date: list[str], r: Rules) -> tuple[list[str], int]:
    """The clause without the date (its tokens `date`), its preposition ("back in June") and a weekday
    beside it. A date that qualifies a noun gives way to the article: "in Tuesday's debate" and "in
    the 12 January earthquake" -> "in the debate", "in the earthquake"."""
    left, right = tokens[:at], tokens[at + 1 :]
    possessive = next((n for n in (2, 1) if "".join(right[:n]) in r.date_possessives), 0)
    if possessive:
        return left + [r.definite_article] + right[possessive:], len(left)
    head = right[0] if right else ""
    if (
        head[:1].islower() and _is_word(head) and head not in r.function_words and not _is_verb(head, r)
        and ((date and date[0].lower() in r.articles) or (left and left[-1].lower() in r.articles))
    ):
        return left + date[:1] * (date[0].lower() in r.articles) + right, len(left)
    attached = r.weekdays | r.temporal_prepositions
    while left and (left[-1] == "," or left[-1].lower() in attached):
        left.pop()
    while right and (right[0].lower() in r.weekdays or (right[0] == "," and (not left or left[-1] in ",;:"))):
        right.pop(0)
    return left + right, len(left)


def _reported(tokens: list[str], at: int, r: Rules, others: tuple[str, ...] = ()) -> tuple[list[str], int]:
    """The reported clause when the date belongs to it rather than to the report: "A release says
    Clinton spoke [Saturday night] with Shafiq" is about Clinton's call, while in "Mubarak told ABC News
    [Thursday] that..." the date is the interview's. The date belongs to the reported clause when a verb
    stands between the attribution verb and the date."""
    for i in range(at - 1, -1, -1):
        if tokens[i].lower() in r.attribution_verbs:
            inner = tokens[i + 1 : at]
            if not any(_is_verb(t, r) for t in inner):
                break
            skip = i + 1
            for other in map(_tokens, others):  # the report's own date: "said tonight that..."
                if other and tokens[skip : skip + len(other)] == other:
                    skip += len(other)
            skip += tokens[skip].lower() in r.relative_pronouns
            return tokens[skip:], at - skip
    return tokens, at


def _is_verb(token: str, r: Rules) -> bool:
    lower = token.lower()
    if lower in r.verbs or lower in r.attribution_verbs:
        return True
    return token.islower() and len(token) >= r.suffixed_verb_min_chars and lower.endswith(r.past_suffixes)


def _is_word(token: str) -> bool:
    return _ALPHANUMERIC.search(token) is not None


def _content(tokens: list[str], r: Rules) -> list[str]:
    return [t for t in tokens if _is_word(t) and t.lower() not in r.function_words]


def _focus(tokens: list[str], at: int, r: Rules) -> list[str] | None:
    """The phrase the date belongs to when it is not the clause's own: an event noun in a
    prepositional phrase ("during the accord's signing in June") or a participle modifying a noun
    ("mentioned the treaty signed in June"). None when the date modifies the clause itself."""
    for i in range(at - 1, max(at - 8, 0) - 1, -1):
        token = tokens[i]
        if token.lower() in r.event_nouns:
            phrase = _noun_phrase(tokens, i, r)
            if phrase is not None:
                return _trim(phrase + tokens[i + 1 : at], r)
            break
        if token in ",;:" or _is_verb(token, r):
            break
    verb = next((i for i in range(at - 1, -1, -1) if tokens[i] in ",;:" or _is_verb(tokens[i], r)), None)
    if verb is None or tokens[verb] in ",;:" or not tokens[verb].lower().endswith(r.past_suffixes):
        return None
    begin = verb
    while begin > 0 and _is_word(tokens[begin - 1]) and not _is_verb(tokens[begin - 1], r):
        if tokens[begin - 1].lower() in r.prepositions:
            break
        begin -= 1
    head = tokens[begin:verb]
    if head and head[-1].lower() in r.relative_pronouns:
        return _trim(head[:-1] + tokens[verb:], r)  # "a curfew that started at 3 p.m." -> "A curfew started"
    governor = tokens[begin - 1].lower() if begin > 0 else ""
    if not (_is_verb(governor, r) or governor in r.prepositions or governor.endswith(r.present_participle_suffixes)):
        return None
    if governor in r.prepositions and not any(_is_verb(t, r) or t.lower().endswith(r.present_participle_suffixes) for t in tokens[: begin - 1]):
        return None  # "Residents of Springfield voted": nothing verbal before the preposition, so the -ed word is the clause's verb
    if not _content(head, r) or head[0].lower() in r.subject_pronouns or any(t.lower() in r.conjunctions for t in head):
        return None  # "was seized January 28 and released Monday": a second verb of the clause, not a participle
    return _trim(tokens[begin:], r)


def _noun_phrase(tokens: list[str], noun: int, r: Rules) -> list[str] | None:
    """The noun phrase ending at an event noun, when a preposition governs it (else None);
    a one-word phrase takes in the phrase before its preposition ("a presence since an incursion")."""
    begin = noun
    while begin > 0 and _is_word(tokens[begin - 1]) and tokens[begin - 1].lower() not in r.prepositions:
        if _is_verb(tokens[begin - 1], r):
            return None
        begin -= 1
    if begin == 0 or tokens[begin - 1].lower() not in r.prepositions:
        return None
    phrase = tokens[begin : noun + 1]
    if len(_content(phrase, r)) >= 2:
        return phrase
    before = _noun_phrase_before(tokens, begin - 1, r)
    return before + [tokens[begin - 1]] + phrase if before else None


def _noun_phrase_before(tokens: list[str], end: int, r: Rules) -> list[str]:
    begin = end
    while begin > 0 and _is_word(tokens[begin - 1]) and tokens[begin - 1].lower() not in r.prepositions:
        if _is_verb(tokens[begin - 1], r):
            return []
        begin -= 1
    phrase = tokens[begin:end]
    return phrase if _content(phrase, r) else []


def _antecedent(tokens: list[str], r: Rules) -> list[str]:
    """The noun phrase a relative clause refers to: the end of the clause before it, up to a comma."""
    begin = len(tokens)
    while begin > 0 and _is_word(tokens[begin - 1]) and not _is_verb(tokens[begin - 1], r):
        if tokens[begin - 1].lower() in r.prepositions:
            break
        begin -= 1
    phrase = tokens[begin:]
    if not phrase and "," in tokens:
        return _antecedent(tokens[: len(tokens) - 1 - tokens[::-1].index(",")], r)
    return phrase


def _subject(tokens: list[str], r: Rules) -> list[str]:
    """The subject of a clause: what comes before its first verb, without what modifies it, so that a
    second verb joined by "and" gets it ("A flight ... was diverted, and is due to reach...")."""
    verb = next((i for i, t in enumerate(tokens) if _is_verb(t, r)), 0)
    return _cut_tail(tokens[:verb], r) if _content(tokens[:verb], r) else []


def _with_place(label: list[str], before: str, r: Rules) -> list[str]:
    """A where-clause ending on its verb gets the place it refers to ("Ukraine invaded" + "Kursk")."""
    if not label or not _is_verb(label[-1], r):
        return label
    tokens = _tokens(before)
    last = max((i for i, t in enumerate(tokens) if t.lower() in r.prepositions), default=-1)
    place = tokens[last + 1 :]
    if "," in place:
        place = place[: place.index(",")]
    if not place:
        return label
    joint = [] if label[-1].lower() in r.place_object_verbs else [r.place_preposition]
    return label + joint + place


def _is_weak(label: list[str], r: Rules) -> bool:
    """A label that cannot stand alone: too little content, neither verb nor event noun ("North
    Korea"), or no subject ("posing for a photo")."""
    if len(_content(label, r)) < 2:
        return True
    if not any(_is_verb(t, r) or t.lower() in r.event_nouns for t in label):
        return True
    first = label[0]
    return first.islower() and (first.endswith(r.present_participle_suffixes) or first in r.prepositions)


def _trim(tokens: list[str], r: Rules) -> list[str]:
    """Shorten a clause to its core: no attribution, appositions, titles, trailing modifiers."""
    text = r.attribution_tail.sub("", _strip_fillers(_join(tokens), r))
    tokens = _tokens(text)
    tokens = _without_apposition(tokens, r)
    tokens = _without_titles(tokens, r)
    tokens = _cut_tail(tokens, r)
    words = [t for t in tokens if _is_word(t)]
    cut_short = len(words) > r.max_label_words
    while len(words) > r.max_label_words:
        verb = next((i for i, t in enumerate(tokens) if _is_verb(t, r)), 0)
        cut = max((i for i, t in enumerate(tokens) if i > max(verb + 1, 2) and t.lower() in r.prepositions), default=0)
        tokens = tokens[:cut] if cut else tokens[: _nth_word_end(tokens, r.max_label_words)]
        words = [t for t in tokens if _is_word(t)]
    first_verb = next((i for i, t in enumerate(tokens) if _is_verb(t, r)), len(tokens))
    while tokens and (
        not _is_word(tokens[-1])
        or (tokens[-1].lower() in r.function_words and not (tokens[-1].lower() in r.particles and len(tokens) > 1 and _is_verb(tokens[-2], r)))
        or (cut_short and len(tokens) - 1 > first_verb and _is_verb(tokens[-1], r))
    ):
        tokens = tokens[:-1]  # what a cut leaves dangling: "to try", "a committee chaired"; never "step down"'s particle
    return tokens


def _nth_word_end(tokens: list[str], n: int) -> int:
    seen = 0
    for i, token in enumerate(tokens):
        seen += _is_word(token)
        if seen == n:
            return i + 1
    return len(tokens)


def _is_name(tokens: list[str], r: Rules) -> bool:
    words = [t for t in tokens if _is_word(t)]
    return 0 < len(words) <= 4 and all(w[0].isupper() and w.lower() not in r.titles for w in words)


def _without_apposition(tokens: list[str], r: Rules) -> list[str]:
    """ "North Korea's leader, Kim Jong Un, sanctioned" keeps the name; "Putin, 71, said" keeps the head."""
    if "," not in tokens[:9]:
        return tokens
    first = tokens.index(",")
    second = next((i for i in range(first + 1, min(first + 8, len(tokens))) if tokens[i] == ","), None)
    if second is None or second + 1 >= len(tokens) or tokens[second + 1].lower() in r.list_conjunctions:
        return tokens
    head, apposition = tokens[:first], tokens[first + 1 : second]
    if any(_is_verb(t, r) for t in head + apposition):
        return tokens
    if _is_name(apposition, r) and not _is_name(head, r):
        return apposition + tokens[second + 1 :]
    return head + tokens[second + 1 :]


def _without_titles(tokens: list[str], r: Rules) -> list[str]:
    """Drop a title and its qualifiers before a name: "South Korea's President Yoon Suk-yeol" -> "Yoon
    Suk-yeol", "U.S. Secretary of State Hillary Clinton" -> "Hillary Clinton"; "the State Department" stays."""
    out = list(tokens)
    i = 0
    while i < len(out) - 1:
        title = _without_possessive(out[i].lower(), r)
        following = out[i + 1]
        if (
            title in r.titles and following[:1].isupper() and _is_word(following)
            and following.lower() not in r.titles and following.lower() not in r.organization_words
            and following.lower() not in r.function_words
        ):
            begin = i
            while begin > 0 and _is_word(out[begin - 1]) and (
                out[begin - 1][:1].isupper() or out[begin - 1].lower() in r.titles or out[begin - 1].lower() == r.definite_article
                or (out[begin - 1] in r.title_joiners and begin > 1 and out[begin - 2].lower() in r.titles)
            ):
                begin -= 1
            out[begin : i + 1] = []
            i = begin
        else:
            i += 1
    return out


def _without_possessive(word: str, r: Rules) -> str:
    """ "president's" -> "president", "ministers'" -> "ministers": trailing apostrophes, then one
    possessive ending, go."""
    word = word.rstrip("’'")
    for ending in r.possessive_endings:
        word = word.removesuffix(ending)
    return word


def _cut_tail(tokens: list[str], r: Rules) -> list[str]:
    """Stop before what modifies the object: relative clauses, "aimed at...", a comma after the verb."""
    seen_verb = reported = False
    for i, token in enumerate(tokens):
        lower = token.lower()
        if i >= 2 and lower in r.tail_starters:
            return tokens[:i]
        if i >= 3 and lower in r.relative_pronouns and not _is_verb(tokens[i - 1], r) and not reported:
            return tokens[:i]
        reported = reported or lower in r.attribution_verbs
        if token in ",;:" and seen_verb and i >= 2:
            opened = max((j for j in range(i) if tokens[j].lower() in r.relative_pronouns), default=-1)
            if opened > 0 and not any(_is_verb(t, r) for t in tokens[opened + 1 : i]):
                return tokens[:opened]  # "Clinton told the Haitian people that the US, ..." stops before "that"
            return tokens[:i]
        seen_verb = seen_verb or _is_verb(token, r)
    return tokens
