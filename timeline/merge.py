"""Merging: mentions of the same real event, across articles and granularities, become one Event.

Two mentions are the same event when their date intervals nest (June 19 lies in "in June") and their
words are alike: content words of label (full weight) and sentence (less weight), normalized by a
synonym table (resources/events_<language>.merge.yaml) and weighted by IDF over the corpus' sentences
so that words every article uses ("Russia", "North Korea") count less than the ones that tell events
apart ("Kursk", "ratify").

It scales by blocking: a mention is only compared with mentions that share one of its rarest words
in a compatible date bucket (same month, its year, or a wider interval), never with everything.
Clustering goes over the candidate pairs, best pair first, and joins the two groups they belong to
under two guards: dates must stay nested (an event is never dated both June 19 and June 25), and the
groups' words taken together must be as alike as two mentions' must be (centroid linkage). So a
sentence that names two events of one day ("Obama met his advisers as protesters defied the curfew")
cannot chain them into one, and "on Tuesday" events about a drone and about a treaty stay apart even
if a "this week" mention resembles both.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import itertools
import math
import operator
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from timeline import salience
from timeline.model import STATUSES, Article, Event, Mention, Source, Status
from timeline.resource_files import RESOURCES, find, read_yaml

CONTEXT_WEIGHT = 0.3
"""Weight of a sentence word outside the label: context helps, the label says what happened."""

THRESHOLDS = {"day": 0.2, "month": 0.22, "year": 0.4}
"""Least similarity to merge, by the coarser side's span: a year-level mention ("earlier this year")
must match an event's wording strongly, two mentions of the same day need less."""

BLOCK_TOKENS = 6
"""How many of a mention's heaviest words it is indexed and looked up by."""

MAX_POSTINGS = 200
"""A word shared by more mentions than this in one date bucket is too common to find pairs with."""

_GRANULARITY_RANK = {g: i for i, g in enumerate(
    ["time", "day", "weekend", "week", "month", "season", "quarter", "half", "year", "decade", "century", "unknown"]
)}

Interval = tuple[dt.date, dt.date]
Vector = dict[str, float]

_ZEROS = itertools.repeat(0.0)
_PLACES = 10**9


@dataclass(frozen=True)
class Stemming:
    """Suffix stripping (see `stem`), read from the merge vocabulary."""

    suffixes: tuple[tuple[str, str, int], ...]
    kept_endings: tuple[str, ...]
    final: str
    final_min_chars: int


@dataclass(frozen=True)
class Lexicon:
    stopwords: frozenset[str]
    phrases: re.Pattern[str]
    phrase_words: Mapping[str, str]
    joined: frozenset[str]
    synonyms: Mapping[str, str]
    stemming: Stemming


@functools.cache
def lexicon(language: str = "en") -> Lexicon:
    """The merge vocabulary of a language; ResourceError when it has none (see timeline.resource_files)."""
    resource = read_yaml(find(RESOURCES, "events_{}.merge.yaml", language, "merge"))
    data = {key: resource.entry(key) for key in ("stopwords", "temporal_words", "phrases", "synonyms", "stemming")}
    resource.checked_texts("stopwords", [*data["stopwords"], *data["temporal_words"]])
    resource.checked_texts("phrases", [w for words in data["phrases"].values() for w in words])
    resource.checked_texts("synonyms", [w for group in data["synonyms"] for w in group])
    try:
        stemming = Stemming(
            tuple((str(s["suffix"]), str(s["replacement"]), int(s["shortest"])) for s in data["stemming"]["suffixes"]),
            tuple(resource.checked_texts("stemming", data["stemming"]["kept_endings"])),
            str(data["stemming"]["final"]),
            int(data["stemming"]["final_min_chars"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise resource.error("entry 'stemming'", f"needs suffixes (suffix, replacement, shortest), kept_endings, final and final_min_chars ({error!r})") from None
    phrase_words = {p.lower(): canonical for canonical, words in data["phrases"].items() for p in words}
    synonyms = {w.lower(): group[0].lower() for group in data["synonyms"] for w in group}
    for phrase in [w for w in synonyms if " " in w]:
        phrase_words[phrase] = synonyms.pop(phrase).replace(" ", "_")
    alternatives = "|".join(re.escape(p) for p in sorted(phrase_words, key=len, reverse=True))
    return Lexicon(
        stopwords=frozenset(w.lower() for w in [*data["stopwords"], *data["temporal_words"]]),
        phrases=re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"),
        phrase_words=phrase_words,
        joined=frozenset(phrase_words.values()),
        synonyms=synonyms,
        stemming=stemming,
    )


def stem(word: str, lex: Lexicon) -> str:
    """Light suffix stripping, enough for signed/signing/signs -> sign and treaties -> treaty."""
    rules = lex.stemming
    for suffix, replacement, shortest in rules.suffixes:
        if word.endswith(suffix) and len(word) >= shortest and not word.endswith(rules.kept_endings):
            word = word[: len(word) - len(suffix)] + replacement
            break
    return word[: -len(rules.final)] if word.endswith(rules.final) and len(word) >= rules.final_min_chars else word


def words(text: str, lex: Lexicon) -> list[str]:
    """The content words of a text, normalized: aliases joined, synonyms unified, suffixes stripped."""
    lowered = text.lower().replace("’", "'")
    lowered = re.sub(r"'s\b|'(?=\s|$)", "", lowered)
    lowered = lex.phrases.sub(lambda m: " " + lex.phrase_words[m.group()] + " ", lowered)
    out = []
    for token in re.findall(r"[^\W\d][\w]*", lowered):
        if token in lex.joined:
            out.append(token)
            continue
        if token in lex.stopwords or len(token) < 2:
            continue
        canonical = lex.synonyms.get(token) or lex.synonyms.get(stem(token, lex)) or stem(token, lex)
        out.append(canonical)
    return out


@dataclass
class _Item:
    mention: Mention
    label_words: frozenset[str]
    vector: Vector
    """TF-IDF weights scaled to unit length, so that a dot product is a cosine."""

    @property
    def span(self) -> Interval:
        return self.mention.start, self.mention.end


def merge(mentions: Iterable[Mention], articles: Mapping[str, Article]) -> list[Event]:
    """The events the mentions report, each with every source, sorted by (start, label).

    The result does not depend on the order of the mentions.
    """
    ordered = sorted(mentions, key=_mention_key)
    if not ordered:
        return []
    items = _items(ordered, articles)
    parent = list(range(len(items)))
    span = [item.span for item in items]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    totals = [dict(item.vector) for item in items]
    horizon = [_horizon(item.mention, articles) for item in items]
    bits = _index_bits(len(items))
    mask = (1 << bits) - 1
    for edge in sorted(_edges(items)):
        i, j = (edge >> bits) & mask, edge & mask
        a, b = find(i), find(j)
        if a == b or not _nested(span[a], span[b]):
            continue
        finer = min(span[a], span[b], key=_length)
        if finer[0] > min(horizon[a], horizon[b]):
            continue
        alike = _dot(totals[a], totals[b]) / (_norm(totals[a]) * _norm(totals[b]))
        if alike < THRESHOLDS[_level(max(span[a], span[b], key=_length))]:
            continue
        root, child = min(a, b), max(a, b)
        parent[child] = root
        span[root] = finer
        horizon[root] = min(horizon[a], horizon[b])
        small, large = sorted((totals[a], totals[b]), key=len)
        for word, weight in small.items():
            large[word] = large.get(word, 0.0) + weight
        totals[root], totals[child] = large, {}
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    attention = salience.day_attention(ordered)
    events = [_event([items[i] for i in members], articles, attention) for members in groups.values()]
    return sorted(events, key=lambda e: (e.start, e.label, e.end, e.id))


def _horizon(m: Mention, articles: Mapping[str, Article]) -> dt.date:
    """The latest day an event can start on for this mention to report it as having happened: its
    article's publication date. An expectation, or an undated article, sets no limit."""
    article = articles.get(m.article_id)
    if m.status != "reported" or article is None or article.dct is None:
        return dt.date.max
    return max(article.dct, m.start)


def _mention_key(m: Mention) -> tuple:
    return (m.article_id, m.sentence_start, m.timex.start, m.timex.end, m.timex.value, m.label, m.sentence)


def _length(interval: Interval) -> int:
    return (interval[1] - interval[0]).days


def _nested(a: Interval, b: Interval) -> bool:
    return _contains(a, b) or _contains(b, a)


def _contains(outer: Interval, inner: Interval) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _items(ordered: list[Mention], articles: Mapping[str, Article]) -> list[_Item]:
    """Each mention's words and its TF-IDF vector; document frequencies count distinct sentences.

    Labels and sentences recur across a corpus (wire copy, boilerplate), so each text is split into
    words once and mentions with the same words share one vector.
    """
    split: dict[tuple[str, str], frozenset[str]] = {}

    def bag(text: str, language: str) -> frozenset[str]:
        if (language, text) not in split:
            split[(language, text)] = frozenset(words(text, lexicon(language)))
        return split[(language, text)]

    parsed = []
    for m in ordered:
        article = articles.get(m.article_id)
        language = article.language if article else "en"
        start = m.timex.start - m.sentence_start
        context = m.sentence[: max(start, 0)] + " " + m.sentence[max(start, 0) + len(m.timex.text) :]
        parsed.append((m, bag(m.label, language), bag(context, language)))
    by_sentence: dict[str, set[str]] = defaultdict(set)
    for m, label, context in parsed:
        by_sentence[m.sentence] |= label | context
    frequency: dict[str, int] = defaultdict(int)
    for sentence_words in by_sentence.values():
        for word in sentence_words:
            frequency[word] += 1
    documents = len(by_sentence)
    idf = {w: math.log((documents + 1) / (n + 1)) + 1 for w, n in frequency.items()}
    vectors: dict[tuple[frozenset[str], frozenset[str]], Vector] = {}
    items = []
    for m, label, context in parsed:
        if (label, context) not in vectors:
            vector = {w: idf[w] * (1.0 if w in label else CONTEXT_WEIGHT) for w in sorted(label | context)}
            norm = _norm(vector)
            vectors[(label, context)] = {w: v / norm for w, v in vector.items()}
        items.append(_Item(m, label, vectors[(label, context)]))
    return items


def _bucket(interval: Interval) -> tuple:
    start, end = interval
    if (start.year, start.month) == (end.year, end.month):
        return ("month", start.year, start.month)
    if start.year == end.year:
        return ("year", start.year)
    return ("wide",)


def _searched(bucket: tuple) -> list[tuple]:
    """The buckets that can hold a mention whose interval contains or equals one in `bucket`."""
    if bucket[0] == "month":
        return [bucket, ("year", bucket[1]), ("wide",)]
    if bucket[0] == "year":
        return [bucket, ("wide",)]
    return [bucket]


def _index_bits(count: int) -> int:
    return max(count - 1, 1).bit_length()


def _edges(items: list[_Item]) -> list[int]:
    """Candidate pairs found through the blocking index, kept when similar enough for their dates.

    Each pair is looked at once: from its earlier item within a bucket, from its finer item across
    buckets. This loop runs once per candidate pair, so everything it needs is precomputed per item,
    and items that share a vector are visited in a row, so that each similarity between two distinct
    vectors is computed once for them all (81,000 mentions have 16,000 vectors in the benchmark).

    An edge is one int that sorts like the tuple (-similarity to 9 places, i, j) with i < j: in the
    high bits 2*10^9 minus the similarity in billionths, then i, then j. Millions of edges are held
    and sorted at once, and an int takes a third of that tuple's memory.
    """
    bits = _index_bits(len(items))
    spans = [item.span for item in items]
    buckets = [_bucket(span) for span in spans]
    lengths = [_length(span) for span in spans]
    thresholds = [THRESHOLDS[_level(span)] for span in spans]
    vectors = [item.vector for item in items]
    numbering: dict[int, int] = {}
    numbers = [numbering.setdefault(id(vector), len(numbering)) for vector in vectors]
    keys = [sorted(vector, key=lambda w: (-vector[w], w))[:BLOCK_TOKENS] for vector in vectors]
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, (bucket, block) in enumerate(zip(buckets, keys)):
        for word in block:
            index[(bucket, word)].append(i)
    edges = []
    current, similarities = -1, {}
    for i in sorted(range(len(items)), key=numbers.__getitem__):
        if numbers[i] != current:
            current, similarities = numbers[i], {}
        bucket, block = buckets[i], keys[i]
        candidates: set[int] = set()
        for searched in _searched(bucket):
            for word in block:
                postings = index.get((searched, word))
                if postings is None or len(postings) > MAX_POSTINGS:
                    continue
                # postings are in item order: within i's own bucket only the items after i are new pairs
                candidates.update(postings[bisect.bisect_right(postings, i) :] if searched == bucket else postings)
        start, end = spans[i]
        vector = vectors[i]
        for j in candidates:
            other_start, other_end = spans[j]
            if not (start <= other_start and other_end <= end or other_start <= start and end <= other_end):
                continue
            similarity = similarities.get(numbers[j])
            if similarity is None:
                similarity = similarities[numbers[j]] = _dot(vector, vectors[j])
            if similarity >= (thresholds[i] if lengths[i] >= lengths[j] else thresholds[j]):
                rank = 2 * _PLACES - round(round(similarity, 9) * _PLACES)
                edges.append((((rank << bits) | min(i, j)) << bits) | max(i, j))
    return edges


def _level(interval: Interval) -> str:
    days = _length(interval)
    return "day" if days < 1 else "month" if days <= 31 else "year"


def _dot(small: Vector, large: Vector) -> float:
    """Sum over the smaller vector's words in its own order (a missing word adds an exact 0.0), in C."""
    if len(small) > len(large):
        small, large = large, small
    return sum(map(operator.mul, small.values(), map(large.get, small, _ZEROS)))


def _norm(vector: Vector) -> float:
    return math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _event(members: list[_Item], articles: Mapping[str, Article], attention: Mapping[dt.date, float]) -> Event:
    """One event: dated by its finest mention, labelled by the mention most like all the others.

    A clock time dates the event only when no member gives another one: sources that disagree on the
    hour ("at 9 a.m.", "at 2:30 p.m.") agree on the day, and the event is dated by it.
    """
    finest_span = min((m.span for m in members), key=_length)
    finest = [m for m in members if m.span == finest_span]
    anchor = min(finest, key=lambda m: (_GRANULARITY_RANK.get(m.mention.granularity, 99), m.mention.timex.value))
    date, granularity = anchor.mention.timex.value, anchor.mention.granularity
    if granularity == "time" and len({m.mention.timex.value for m in finest if m.mention.granularity == "time"}) > 1:
        date, granularity = finest_span[0].isoformat(), "day"
    label = _best_label(members, finest_span)
    sources = _sources(members, articles, finest_span[0])
    identity = hashlib.sha256(f"{date}|{label}".encode()).hexdigest()[:16]
    weight = salience.score((m.mention for m in members), articles, *finest_span, granularity, attention)
    return Event(identity, date, *finest_span, granularity, label, sources, event_status(sources), weight)


def event_status(sources: Iterable[Source]) -> Status:
    """Reported when any source reports it, else expected when any expects it, else denied."""
    statuses = {s.status for s in sources}
    return next((status for status in STATUSES if status in statuses), STATUSES[0])


def _best_label(members: list[_Item], finest_span: Interval) -> str:
    """The label of the mention most like all the others (its sentence's words against theirs, as a
    summarizer picks a centroid sentence), a readable one before one that is not and a main clause's
    before an aside's; finer mentions win ties."""
    centroid: Vector = defaultdict(float)
    for member in members:
        for word, weight in member.vector.items():
            centroid[word] += weight

    def score(member: _Item) -> tuple:
        shared = sum((centroid[w] - v) * v for w, v in member.vector.items())
        m = member.mention
        return (not m.readable, m.aside, -round(shared, 9), member.span != finest_span, -len(member.label_words), m.label)

    return min(members, key=score).mention.label


def _sources(members: list[_Item], articles: Mapping[str, Article], start: dt.date) -> tuple[Source, ...]:
    """One source per distinct sentence of each article (a caption printed twice is quoted once);
    an article published before the event's first day can only have expected it."""
    sources = []
    seen = set()
    for item in sorted(members, key=lambda item: _source_key(item.mention, articles)):
        m = item.mention
        if (m.article_id, m.sentence) in seen:
            continue
        seen.add((m.article_id, m.sentence))
        article = articles.get(m.article_id)
        sources.append(
            Source(
                article_id=m.article_id,
                file=article.file if article else m.article_id,
                title=article.title if article else None,
                outlet=article.outlet if article else None,
                published=article.published if article else None,
                url=article.url if article else None,
                sentence=m.sentence,
                timex_text=m.timex.text,
                timex_value=m.timex.value,
                derivation=m.timex.derivation,
                label=m.label,
                status=_source_status(m, article, start),
                sentence_start=m.sentence_start,
                timex_start=m.timex.start,
                title_source=article.title_source if article else "metadata",
            )
        )
    return tuple(sources)


def _source_status(m: Mention, article: Article | None, start: dt.date) -> Status:
    dct = article.dct if article else None
    if m.status == "reported" and dct is not None and dct < start:
        return "expected"
    return m.status


def _source_key(m: Mention, articles: Mapping[str, Article]) -> tuple:
    article = articles.get(m.article_id)
    return ((article.published or "") if article else "", article.file if article else "", *_mention_key(m))
