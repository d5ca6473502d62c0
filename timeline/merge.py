"""Merging: mentions of the same real event, across articles and granularities, become one Event.

Two mentions are the same event when their date intervals nest (June 19 lies in "in June") and their
words are alike: content words of label (full weight) and sentence (less weight), normalized by a
synonym table (resources/events_<language>.merge.yaml) and weighted by IDF over the corpus' sentences
so that words every article uses ("Russia", "North Korea") count less than the ones that tell events
apart ("Kursk", "ratify").

It scales by blocking and partitioning: a mention is only compared with mentions whose interval is
its own or contains it and that share one of its rarest words there, never with everything, and
each calendar year is clustered on its own (`partitions`), with word weights over the whole corpus,
so that a cluster can merge one year per worker. Clustering goes over the candidate pairs, best pair first, and joins the two groups they belong to
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
from dataclasses import dataclass, field, replace

from timeline import salience
from timeline.model import STATUSES, Article, Event, Mention, Source, Status, granularity_order
from timeline.resource_files import RESOURCES, find, read_yaml

CONTEXT_WEIGHT = 0.3
"""Weight of a sentence word outside the label: context helps, the label says what happened."""

THRESHOLDS = {"day": 0.2, "month": 0.22, "year": 0.4}
"""Least similarity to merge, by the coarser side's span: a year-level mention ("earlier this year")
must match an event's wording strongly, two mentions of the same day need less."""

BLOCK_TOKENS = 6
"""How many of a mention's heaviest words it is indexed and looked up by."""

COARSER_TOKENS = 2
"""How many of those words a node is looked up by in an interval that contains its own: the ones
fewest nodes of that interval share. A coarser mention must be much alike to join ("earlier this
year" needs 0.4), so it shares a finer mention's rarest words."""

MAX_POSTINGS = 200
"""A word shared by more mentions than this in one date bucket is too common to find pairs with."""

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
    canonical: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Each token met so far with the word `words` makes of it ("" for one it drops): a corpus
    repeats its vocabulary, so each token is stemmed and looked up once."""


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
    known = lex.canonical
    for token in re.findall(r"[^\W\d][\w]*", lowered):
        canonical = known.get(token)
        if canonical is None:
            canonical = known[token] = _canonical(token, lex)
        if canonical:
            out.append(canonical)
    return out


def _canonical(token: str, lex: Lexicon) -> str:
    """The word a token counts as: a joined phrase as it is, a synonym's first form, a stem; "" for
    a stopword or a single letter."""
    if token in lex.joined:
        return token
    if token in lex.stopwords or len(token) < 2:
        return ""
    return lex.synonyms.get(token) or lex.synonyms.get(stem(token, lex)) or stem(token, lex)


@dataclass
class _Item:
    mention: Mention
    label_words: frozenset[str]
    vector: Vector
    """TF-IDF weights scaled to unit length, so that a dot product is a cosine."""

    @property
    def span(self) -> Interval:
        return self.mention.start, self.mention.end


@dataclass
class Partition:
    """The mentions of one period with their words, ready to be weighted and clustered.

    `frequency` counts, for each word, the distinct sentences of the partition that hold it, so the
    corpus' document frequencies are the sum over partitions (see `weights`).
    """

    period: int
    mentions: list[Mention]
    bags: list[tuple[frozenset[str], frozenset[str]]]
    """Each mention's label words and the words of the rest of its sentence."""
    frequency: dict[str, int]
    documents: int

    @property
    def counts(self) -> tuple[dict[str, int], int]:
        """What `weights` needs of a partition: its sentence frequencies and its number of sentences."""
        return self.frequency, self.documents


def period(mention: Mention) -> int:
    """The partition a mention is clustered in: the calendar year its interval ends in.

    Two mentions can join only when their intervals nest, and every interval shorter than a year
    lies in one calendar year, so partitions by year lose no pair of such mentions. An interval
    that crosses a New Year ("since 2019", "this winter") joins events of the year it ends in.
    """
    return mention.end.year


def partitions(mentions: Iterable[Mention]) -> list[list[Mention]]:
    """The mentions grouped by `period`, in period order, each group in a fixed order."""
    grouped: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        grouped[period(m)].append(m)
    return [sorted(grouped[key], key=_mention_key) for key in sorted(grouped)]


def merge(mentions: Iterable[Mention], articles: Mapping[str, Article]) -> list[Event]:
    """The events the mentions report, each with every source, sorted by (start, label).

    The result does not depend on the order of the mentions. Each period is parsed and clustered on
    its own, with word weights over the whole corpus: this is what the Dask engine runs on workers.
    """
    parsed = [parse(part, articles) for part in partitions(mentions)]
    idf = weights(part.counts for part in parsed)
    return sort_events(event for part in parsed for event in cluster(part, idf, articles))


def cited_articles(mentions: Iterable[Mention], articles: Mapping[str, Article]) -> dict[str, Article]:
    """What the events of these mentions cite of their articles: everything but the text, which is
    all that clustering a period elsewhere (a worker process, a Dask worker) needs to be sent."""
    return {m.article_id: replace(articles[m.article_id], text="") for m in mentions if m.article_id in articles}


def sort_events(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.start, e.label, e.end, e.id))


def parse(mentions: list[Mention], articles: Mapping[str, Article]) -> Partition:
    """Each mention's words (label, rest of its sentence) and the partition's sentence frequencies.

    Labels and sentences recur across a corpus (wire copy, boilerplate), so each text is split into
    words once.
    """
    split: dict[tuple[str, str], frozenset[str]] = {}

    def bag(text: str, language: str) -> frozenset[str]:
        key = (language, text)
        found = split.get(key)
        if found is None:
            found = split[key] = frozenset(words(text, lexicon(language)))
        return found

    bags = []
    by_sentence: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        article = articles.get(m.article_id)
        language = article.language if article else "en"
        start = max(m.timex.start - m.sentence_start, 0)
        context = m.sentence[:start] + " " + m.sentence[start + len(m.timex.text) :]
        label, rest = bag(m.label, language), bag(context, language)
        bags.append((label, rest))
        by_sentence[m.sentence] |= label | rest
    frequency: dict[str, int] = defaultdict(int)
    for sentence_words in by_sentence.values():
        for word in sentence_words:
            frequency[word] += 1
    return Partition(period(mentions[0]) if mentions else 0, mentions, bags, dict(frequency), len(by_sentence))


def weights(counts: Iterable[tuple[Mapping[str, int], int]]) -> dict[str, float]:
    """IDF of every word over the whole corpus, from each partition's `counts`."""
    frequency: dict[str, int] = defaultdict(int)
    documents = 0
    for part_frequency, part_documents in counts:
        documents += part_documents
        for word, n in part_frequency.items():
            frequency[word] += n
    return {w: math.log((documents + 1) / (n + 1)) + 1 for w, n in frequency.items()}


def cluster(part: Partition, idf: Mapping[str, float], articles: Mapping[str, Article]) -> list[Event]:
    """The events of one partition, unsorted.

    Mentions with the same interval and the same words are one node from the start (they would be
    the first pairs joined, at similarity 1); a node's words count once per mention, as its
    members' would. A mention with no content words is like nothing and stays alone. Clustering
    goes over the candidate pairs of nodes, best first.
    """
    if not part.mentions:
        return []
    items = _items(part, idf)
    node_of: dict[tuple[Interval, int], int] = {}
    members: list[list[int]] = []
    for i, item in enumerate(items):
        same = id(item.vector) if item.vector else -1 - i
        node = node_of.setdefault((item.span, same), len(members))
        if node == len(members):
            members.append([])
        members[node].append(i)
    vectors = [items[group[0]].vector for group in members]
    span = [items[group[0]].span for group in members]
    horizon = [min(_horizon(items[i].mention, articles) for i in group) for group in members]
    totals = [{w: v * len(group) for w, v in vector.items()} for vector, group in zip(vectors, members)]
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    bits = _index_bits(len(members))
    mask = (1 << bits) - 1
    for edge in sorted(_edges(span, vectors)):
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
    groups: dict[int, list[_Item]] = defaultdict(list)
    for node, group in enumerate(members):
        groups[find(node)].extend(items[i] for i in group)
    attention = salience.day_attention(part.mentions)
    return [_event(group, articles, attention) for group in groups.values()]


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


def _items(part: Partition, idf: Mapping[str, float]) -> list[_Item]:
    """Each mention's TF-IDF vector; mentions with the same words share one."""
    vectors: dict[tuple[frozenset[str], frozenset[str]], Vector] = {}
    items = []
    for m, (label, context) in zip(part.mentions, part.bags):
        vector = vectors.get((label, context))
        if vector is None:
            raw = {w: idf[w] * (1.0 if w in label else CONTEXT_WEIGHT) for w in sorted(label | context)}
            norm = _norm(raw)
            vector = vectors[(label, context)] = {w: v / norm for w, v in raw.items()}
        items.append(_Item(m, label, vector))
    return items


def _containing(spans: Iterable[Interval]) -> dict[Interval, list[Interval]]:
    """For each distinct interval, the distinct intervals that contain it (itself first).

    Intervals are calendar units and ranges of them, so an interval has few containers however large
    the corpus: a day lies in its week, month, quarter, year and a few ranges.
    """
    distinct = sorted(set(spans), key=lambda s: (s[0], -_length(s)))
    by_end = sorted(distinct, key=lambda s: s[1])
    containing = {}
    for inner in distinct:
        first = bisect.bisect_left(by_end, inner[1], key=operator.itemgetter(1))
        containing[inner] = [inner] + [s for s in by_end[first:] if s[0] <= inner[0] and s != inner]
    return containing


def _index_bits(count: int) -> int:
    return max(count - 1, 1).bit_length()


def _edges(spans: list[Interval], vectors: list[Vector]) -> list[int]:
    """Candidate pairs of nodes found through the blocking index, kept when similar enough for their dates.

    The index is keyed by an exact interval and a word: a node is looked up under its own interval
    and under each interval that contains it, by its BLOCK_TOKENS heaviest words, and a list of more
    than MAX_POSTINGS nodes is not used. So a node has at most (its containing intervals) x
    BLOCK_TOKENS x MAX_POSTINGS candidates whatever the size of the corpus, and only nodes whose
    intervals nest are ever compared.

    Each pair is looked at once: from its earlier node within one interval, from its finer node
    across intervals. Nodes that share a vector are visited in a row, so that each similarity
    between two distinct vectors is computed once for them all.

    An edge is one int that sorts like the tuple (-similarity to 9 places, i, j) with i < j: in the
    high bits 2*10^9 minus the similarity in billionths, then i, then j. Millions of edges are held
    and sorted at once, and an int takes a third of that tuple's memory.
    """
    bits = _index_bits(len(spans))
    lengths = [_length(span) for span in spans]
    thresholds = [THRESHOLDS[_level(span)] for span in spans]
    numbering: dict[int, int] = {}
    numbers = [numbering.setdefault(id(vector), len(numbering)) for vector in vectors]
    keys = [sorted(vector, key=lambda w: (-vector[w], w))[:BLOCK_TOKENS] for vector in vectors]
    index: dict[tuple[Interval, str], list[int]] = defaultdict(list)
    for i, (span, block) in enumerate(zip(spans, keys)):
        for word in block:
            index[(span, word)].append(i)
    containing = _containing(spans)
    edges = []
    current, similarities = -1, {}
    for i in sorted(range(len(spans)), key=numbers.__getitem__):
        if numbers[i] != current:
            current, similarities = numbers[i], {}
        own, block = spans[i], keys[i]
        candidates: set[int] = set()
        for word in block:
            postings = index.get((own, word))
            if postings is not None and len(postings) <= MAX_POSTINGS:
                # postings are in node order: within i's own interval only the nodes after i are new pairs
                candidates.update(postings[bisect.bisect_right(postings, i) :])
        for searched in containing[own][1:]:
            found = [postings for postings in (index.get((searched, word)) for word in block) if postings]
            for postings in sorted(found, key=len)[:COARSER_TOKENS]:
                if len(postings) <= MAX_POSTINGS:
                    candidates.update(postings)
        vector = vectors[i]
        for j in candidates:
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
    anchor = min(finest, key=lambda m: (granularity_order(m.mention.granularity), m.mention.timex.value))
    date, granularity = anchor.mention.timex.value, anchor.mention.granularity
    if granularity == "time" and len({m.mention.timex.value for m in finest if m.mention.granularity == "time"}) > 1:
        date, granularity = finest_span[0].isoformat(), "day"
    sources = _sources(members, articles, finest_span[0])
    status = event_status(sources)
    label = _best_label(members, finest_span, status, articles)
    identity = hashlib.sha256(f"{date}|{label}".encode()).hexdigest()[:16]
    weight = salience.score((m.mention for m in members), articles, *finest_span, granularity, attention)
    return Event(identity, date, *finest_span, granularity, label, sources, status, weight)


def event_status(sources: Iterable[Source]) -> Status:
    """Reported when any source reports it, else expected when any expects it, else denied."""
    statuses = {s.status for s in sources}
    return next((status for status in STATUSES if status in statuses), STATUSES[0])


def _best_label(members: list[_Item], finest_span: Interval, status: Status, articles: Mapping[str, Article]) -> str:
    """The label of the mention most like all the others (its sentence's words against theirs, as a
    summarizer picks a centroid sentence), a readable one before one that is not, one of the event's
    status before one that is not (an event reported as happened is not labelled by a forecast of
    it), and a main clause's before an aside's; finer mentions win ties."""
    centroid: Vector = defaultdict(float)
    for member in members:
        for word, weight in member.vector.items():
            centroid[word] += weight

    def score(member: _Item) -> tuple:
        shared = sum((centroid[w] - v) * v for w, v in member.vector.items())
        m = member.mention
        other_status = _source_status(m, articles.get(m.article_id), finest_span[0]) != status
        return (not m.readable, other_status, m.aside, -round(shared, 9), member.span != finest_span, -len(member.label_words), m.label)

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
