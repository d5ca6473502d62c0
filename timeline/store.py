"""The persistent corpus: articles, their analysed mentions and the merged events, in SQLite.

SQLite rather than DuckDB: the store's work is small transactional row writes (one article with
its mentions at a time, each all-or-nothing) and point look-ups by content hash, which is what an
OLTP engine is for; it ships with Python, so the store adds no dependency, and one file under the
data directory is easy to back up or delete. Nothing here needs DuckDB's columnar analytics: the
largest query reads every cached mention once per corpus change.

Mentions are cached by a key of the article's content hash, anchor date, language and the
pipeline version, so that an unchanged article is never analysed twice, a date fix re-analyses
exactly that article, and a new release of the rules invalidates everything at once. Merged events
are kept under a fingerprint of every article's key and cited metadata, so that an unchanged set of
articles is not merged twice either.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields, replace
from pathlib import Path

from timeline.model import Article, CorpusInfo, DateSource, Event, Mention, Source, Timex

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    title TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    published_source TEXT NOT NULL,
    language TEXT NOT NULL,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS mentions (
    cache_key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (cache_key, position)
);
CREATE INDEX IF NOT EXISTS mentions_by_article ON mentions (article_id);
CREATE TABLE IF NOT EXISTS analysed (
    cache_key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
);
DROP TABLE IF EXISTS events;
CREATE TABLE IF NOT EXISTS event_sets (
    fingerprint TEXT PRIMARY KEY,
    saved INTEGER NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

ARTICLE_COLUMNS = ("id", "file", "title", "outlet", "url", "published", "published_source", "language", "text")

CITED_COLUMNS = ("id", "published", "language", "file", "title", "outlet", "url")
"""What merged events depend on besides the rules: the analysis (text, date, language) and what
each source cites."""

EVENT_SETS_KEPT = 4
"""Merged event sets kept, most recent first: the stored corpus and the last few directories built."""

CITED_BY_SOURCE = 6
"""A Source's first fields (article id, file, title, outlet, published, URL) describe its article:
an event set stores them once per article, so they are decoded once and shared."""

EVENT_SET_FORMAT = [[f.name for f in fields(Event)], [f.name for f in fields(Source)], CITED_BY_SOURCE]
"""Stored with each event set: a set written before the model changed is not read back."""


class Store:
    """A corpus of articles and a cache of their analysis, in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all.

        A failed COMMIT is rolled back too, and nothing is rolled back twice: SQLite undoes a
        transaction itself on some errors (a full disk), and a second ROLLBACK would raise "no
        transaction is active" in place of the error that says what went wrong.
        """
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    # -- articles -----------------------------------------------------------------------------

    def add_article(self, article: Article) -> bool:
        """Add one article; False when the same content is already stored (it is kept once)."""
        with self.transaction() as db:
            return self._insert_article(db, article)

    def _insert_article(self, db: sqlite3.Connection, article: Article) -> bool:
        cursor = db.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(ARTICLE_COLUMNS)}, added_at) VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 1))})",
            (*(getattr(article, c) for c in ARTICLE_COLUMNS), dt.datetime.now(dt.timezone.utc).isoformat()),
        )
        return cursor.rowcount == 1

    def add_analysed_article(self, article: Article, cache_key: str, mentions: Iterable[Mention]) -> bool:
        """Add an article together with its analysis, atomically: a failure leaves neither, even
        one raised by a lazy analysis while its mentions are being written."""
        with self.transaction() as db:
            added = self._insert_article(db, article)
            self._insert_mentions(db, cache_key, article.id, mentions)
            return added

    def articles(self) -> list[Article]:
        rows = self._db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY added_at, file").fetchall()
        return [Article(**dict(zip(ARTICLE_COLUMNS, row))) for row in rows]

    def identities(self) -> list[tuple[str | None, ...]]:
        """The CITED_COLUMNS of every article: what its analysis and its sources depend on, without the texts."""
        return self._db.execute(f"SELECT {', '.join(CITED_COLUMNS)} FROM articles ORDER BY id").fetchall()

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article(**dict(zip(ARTICLE_COLUMNS, row))) if row else None

    def remove_article(self, article_id: str) -> bool:
        """Remove an article and its cached analysis; False when it was not in the corpus."""
        with self.transaction() as db:
            db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
            db.execute("DELETE FROM analysed WHERE article_id = ?", (article_id,))
            return db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount == 1

    def set_published(self, article_id: str, published: str | None, source: DateSource = "user") -> Article:
        """Fix an article's publication date; its relative dates are re-anchored on the next sync."""
        article = self.article(article_id)
        if article is None:
            raise KeyError(f"no article with id {article_id} in the corpus")
        updated = replace(article, published=published, published_source=source if published else "unknown")
        with self.transaction() as db:
            db.execute(
                "UPDATE articles SET published = ?, published_source = ? WHERE id = ?",
                (updated.published, updated.published_source, article_id),
            )
        return updated

    # -- mention cache ------------------------------------------------------------------------

    def analysed_keys(self, cache_keys: Iterable[str]) -> set[str]:
        """Which of these cache keys already have a stored analysis (possibly of zero mentions)."""
        return {key for (key,) in self._select_by_keys("SELECT cache_key FROM analysed WHERE cache_key IN ({})", cache_keys)}

    def cached_mentions(self, cache_keys: Iterable[str]) -> list[Mention]:
        """Every stored mention under these cache keys, in article order."""
        rows = self._select_by_keys("SELECT payload FROM mentions WHERE cache_key IN ({}) ORDER BY cache_key, position", cache_keys)
        with _bulk_decoding():
            return [mention_from_dict(json.loads(payload)) for (payload,) in rows]

    def _select_by_keys(self, query: str, keys: Iterable[str]) -> Iterator[tuple]:
        """Run an IN (...) query in chunks that stay under SQLite's bound-parameter limit."""
        keys = list(keys)
        for chunk_start in range(0, len(keys), 500):
            chunk = keys[chunk_start : chunk_start + 500]
            yield from self._db.execute(query.format(", ".join("?" * len(chunk))), chunk)

    def save_mentions(self, cache_key: str, article_id: str, mentions: Iterable[Mention]) -> None:
        with self.transaction() as db:
            self._insert_mentions(db, cache_key, article_id, mentions)

    def _insert_mentions(self, db: sqlite3.Connection, cache_key: str, article_id: str, mentions: Iterable[Mention]) -> None:
        db.execute("DELETE FROM mentions WHERE cache_key = ?", (cache_key,))
        db.executemany(
            "INSERT INTO mentions (cache_key, article_id, position, payload) VALUES (?, ?, ?, ?)",
            [(cache_key, article_id, i, json.dumps(mention_to_dict(m))) for i, m in enumerate(mentions)],
        )
        db.execute("INSERT OR REPLACE INTO analysed (cache_key, article_id) VALUES (?, ?)", (cache_key, article_id))

    # -- settings ----------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def corpus_info(self) -> CorpusInfo:
        """The corpus' title and description, empty until the user gives them."""
        return CorpusInfo(self.get_meta("title") or "", self.get_meta("description") or "")

    def set_corpus_info(self, title: str, description: str = "") -> CorpusInfo:
        """Title and describe the corpus (both at once; empty strings clear them). The title is one
        line; a ValueError says what is too long, and nothing is stored then."""
        info = CorpusInfo.of(title, description)
        with self.transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [("title", info.title), ("description", info.description)])
        return info

    # -- events ---------------------------------------------------------------------------------

    def save_events(self, events: Sequence[Event], fingerprint: str) -> None:
        """Keep the events merged from the articles whose state is `fingerprint`, with the last few other sets.

        One compressed row per set: reading it back is one decode, not one per event.
        """
        articles: dict[tuple, int] = {}
        rows = [_event_row(e, articles) for e in events]
        data = {"format": EVENT_SET_FORMAT, "articles": list(articles), "events": rows}
        payload = zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 1)
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO event_sets (fingerprint, saved, payload) VALUES (?, (SELECT COALESCE(MAX(saved), 0) + 1 FROM event_sets), ?)",
                (fingerprint, payload),
            )
            db.execute(
                "DELETE FROM event_sets WHERE fingerprint NOT IN (SELECT fingerprint FROM event_sets ORDER BY saved DESC LIMIT ?)",
                (EVENT_SETS_KEPT,),
            )

    def events(self, fingerprint: str) -> list[Event] | None:
        """The events merged from the articles whose state is `fingerprint`, None when there are none."""
        row = self._db.execute("SELECT payload FROM event_sets WHERE fingerprint = ?", (fingerprint,)).fetchone()
        if row is None:
            return None
        with _bulk_decoding():
            return _decode_event_set(row[0])


@contextmanager
def _bulk_decoding() -> Iterator[None]:
    """Pause the cycle collector while a large cached result is decoded.

    Decoding 10,000 articles' events or mentions allocates about a million objects, which otherwise
    sets off collections that re-scan the growing heap: they took two thirds of the time. Nothing
    decoded here forms a reference cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def mention_to_dict(mention: Mention) -> dict:
    data = asdict(mention)
    data["start"] = mention.start.isoformat()
    data["end"] = mention.end.isoformat()
    return data


def mention_from_dict(data: dict) -> Mention:
    return Mention(
        **{
            **data,
            "timex": Timex(**data["timex"]),
            "start": dt.date.fromisoformat(data["start"]),
            "end": dt.date.fromisoformat(data["end"]),
        }
    )


def _decode_event_set(payload: bytes) -> list[Event] | None:
    """The events of a stored set; the decoded JSON is freed before the collector runs again."""
    data = json.loads(zlib.decompress(payload))
    if data["format"] != EVENT_SET_FORMAT:
        return None
    return [_event_from_row(row, data["articles"]) for row in data["events"]]


def _event_row(event: Event, articles: dict[tuple, int]) -> list:
    """An event as plain values in EVENT_SET_FORMAT's order, each source citing its article by number."""
    sources = []
    for source in event.sources:
        values = [getattr(source, f.name) for f in fields(Source)]
        cited = tuple(values[:CITED_BY_SOURCE])
        sources.append([articles.setdefault(cited, len(articles)), *values[CITED_BY_SOURCE:]])
    return [event.id, event.date, event.start.isoformat(), event.end.isoformat(), event.granularity, event.label, sources, event.status, event.salience]


def _event_from_row(row: list, articles: list[list]) -> Event:
    identity, date, start, end, granularity, label, sources, status, salience = row
    return Event(
        identity,
        date,
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end),
        granularity,
        label,
        tuple(Source(*articles[article], *own) for article, *own in sources),
        status,
        salience,
    )
