"""The persistent corpus: articles, their analysed mentions, the merged events and the user's edit
log, in SQLite.

SQLite rather than DuckDB: the store's work is transactional row writes (a batch of articles with
their mentions at a time, each batch all-or-nothing) and point look-ups by content hash, which is what an
OLTP engine is for; it ships with Python, so the store adds no dependency, and one file under the
data directory is easy to back up or delete. Nothing here needs DuckDB's columnar analytics: the
largest query reads every cached mention once per corpus change.

Mentions are cached by a key of the article's content hash, anchor date, language and the
pipeline version, so that an unchanged article is never analysed twice, a date fix re-analyses
exactly that article, and a new release of the rules invalidates everything at once. Merged events
are kept under a fingerprint of every article's key and cited metadata, so that an unchanged set of
articles is not merged twice either.

The user's edits of events are a log of their own, never written into the cached analysis, so that
they are applied on top of every later one (timeline.edits); undoing one marks it, the record stays.
The schema is versioned (PRAGMA user_version): a store written by an earlier version is migrated
once, when this version first opens it (MIGRATIONS).
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import gc
import itertools
import json
import os
import sqlite3
import sys
import time
import urllib.parse
import uuid
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields, replace
from pathlib import Path

from timeline.model import EDIT_KINDS, Article, CorpusInfo, DateSource, Edit, Event, Mention, MentionRef, Source, Timex, counted

TABLES = """
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
    added_at TEXT NOT NULL,
    title_source TEXT NOT NULL DEFAULT 'metadata'
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
CREATE TABLE IF NOT EXISTS event_sets (
    fingerprint TEXT PRIMARY KEY,
    saved INTEGER NOT NULL,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    author TEXT NOT NULL,
    made_at TEXT NOT NULL,
    undone_at TEXT
);
"""
"""Every table as stores had them before the schema was versioned (version 0): what the first
migration brings a new store, or a store of any earlier release, to."""


def _tables_of_unversioned_stores(db: sqlite3.Connection) -> None:
    """Version 1: every table, without the merged-events table of the first releases, and with the
    articles' title_source, which stores written before titles were derived lack."""
    _execute_script(db, TABLES)
    db.execute("DROP TABLE IF EXISTS events")
    if "title_source" not in {row[1] for row in db.execute("PRAGMA table_info(articles)")}:
        db.execute("ALTER TABLE articles ADD COLUMN title_source TEXT NOT NULL DEFAULT 'metadata'")


def _mentions_belong_to_their_analysis(db: sqlite3.Connection) -> None:
    """Version 2: a mention belongs to its article's analysis (a foreign key, ON DELETE CASCADE),
    so that dropping an analysis (a removed article, a damaged cache entry) drops its mentions.
    An analysis does not belong to a stored article: a directory built with the store caches its
    articles' analyses without adding the articles to the corpus."""
    _execute_script(
        db,
        """
        CREATE TABLE mentions_owned (
            cache_key TEXT NOT NULL REFERENCES analysed (cache_key) ON DELETE CASCADE,
            article_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (cache_key, position)
        );
        INSERT INTO mentions_owned SELECT cache_key, article_id, position, payload FROM mentions
            WHERE cache_key IN (SELECT cache_key FROM analysed);
        DROP TABLE mentions;
        ALTER TABLE mentions_owned RENAME TO mentions;
        CREATE INDEX analysed_by_article ON analysed (article_id);
        """,
    )


def _event_sets_by_column(db: sqlite3.Connection) -> None:
    """Version 3: each event set written column by column (_encode_event_set: a header, which has a
    text column of its own, and the columns, in the payload) instead of as one compressed JSON
    document read back value by value. Sets of the JSON layout are rewritten, as merging them again
    takes minutes for a large corpus; one that cannot be read, or was written from another model, is
    dropped, to be merged again."""
    db.execute("ALTER TABLE event_sets ADD COLUMN header TEXT NOT NULL DEFAULT ''")
    layout = [[f.name for f in fields(Event)], [f.name for f in fields(Source)], list(CITED_BY_SOURCE)]
    for fingerprint, payload in db.execute("SELECT fingerprint, payload FROM event_sets").fetchall():
        try:
            data = json.loads(zlib.decompress(payload))
            events = [_event_of_json_row(row, data["articles"]) for row in data["events"]] if data["format"] == layout else None
        except _UNREADABLE:
            events = None
        if events is None:
            db.execute("DELETE FROM event_sets WHERE fingerprint = ?", (fingerprint,))
        else:
            db.execute("UPDATE event_sets SET header = ?, payload = ? WHERE fingerprint = ?", (*_encode_event_set(events), fingerprint))


def _event_of_json_row(row: list, articles: list[list]) -> Event:
    """An event as the JSON layout of versions 1 and 2 stored it: its fields but the edits, dates in
    ISO format, each source as the number of its article's CITED_BY_SOURCE values followed by its
    other fields."""
    own = [f.name for f in fields(Source) if f.name not in CITED_BY_SOURCE]
    values = dict(zip([f.name for f in fields(Event) if f.name != "edits"], row))
    values.update(
        start=dt.date.fromisoformat(values["start"]),
        end=dt.date.fromisoformat(values["end"]),
        sources=tuple(Source(**dict(zip(CITED_BY_SOURCE, articles[article])), **dict(zip(own, rest))) for article, *rest in values["sources"]),
    )
    return Event(**values)


def _articles_changes_counted(db: sqlite3.Connection) -> None:
    """Version 4: every change of the articles table (an article added, removed or changed, by any
    process) counts one in articles_changes, so that what is worked out from every article can be
    kept until the next change (Store.articles_digest)."""
    db.execute("CREATE TABLE articles_changes (changes INTEGER NOT NULL)")
    db.execute("INSERT INTO articles_changes VALUES (0)")
    for event, name in (("INSERT", "article_added"), ("UPDATE", "article_changed"), ("DELETE", "article_removed")):
        db.execute(f"CREATE TRIGGER {name} AFTER {event} ON articles BEGIN UPDATE articles_changes SET changes = changes + 1; END")


def _execute_script(db: sqlite3.Connection, script: str) -> None:
    """Run SQL statements one by one inside the caller's transaction (executescript would commit it first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_tables_of_unversioned_stores, _mentions_belong_to_their_analysis, _event_sets_by_column, _articles_changes_counted)
"""The schema's history: migration n brings a store from version n (PRAGMA user_version) to n + 1.
Each runs once, in the transaction that records the new version, when a store of an earlier
version is opened; a new store is built by running them all."""

SCHEMA_VERSION = len(MIGRATIONS)

ARTICLE_COLUMNS = ("id", "file", "title", "outlet", "url", "published", "published_source", "title_source", "language", "text")

EVENT_SETS_KEPT = 4
"""Merged event sets kept, most recent first: the stored corpus and the last few directories built."""

CITED_BY_SOURCE = ("article_id", "file", "title", "outlet", "published", "url", "title_source")
"""A Source's fields that describe its article: an event set stores them once per article, so they
are decoded once and shared."""

_KINDS = {
    "str": "text", "str | None": "text", "Status": "text", "Granularity": "text", "TitleSource": "text",
    "int": "int", "float": "float", "dt.date": "date", "tuple[Source, ...]": "sources",
}  # fmt: skip
"""How an event set stores a field, by its annotation in timeline.model: text (a string or None) as
its number in the set's table of distinct strings, an int or a float as it is, a date as its day
number, an event's sources as how many they are. A field of another type needs a kind here first:
importing the store fails until it has one."""

_TYPECODES = {"text": "I", "int": "q", "float": "d", "date": "I", "sources": "I"}
"""The array type of each kind's column: 4-byte unsigned numbers, 8-byte signed ints, doubles."""


def _stored_fields(cls: type, leave_out: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    return tuple((f.name, _KINDS[f.type]) for f in fields(cls) if f.name not in leave_out)  # type: ignore[index]


_EVENT_STORED = _stored_fields(Event, ("edits",))
"""What an event set keeps of each event: the analysis, never the user's edits (applied on top)."""
_OWN_STORED = _stored_fields(Source, CITED_BY_SOURCE)
"""What an event set keeps of each source beside the number of its article."""

EVENT_SET_FORMAT = {"events": [list(f) for f in _EVENT_STORED], "sources": [list(f) for f in _OWN_STORED], "cited": list(CITED_BY_SOURCE)}
"""The model an event set was written from, stored with it: a set written from another model is not
read back (merged again), as its layout, which follows from these names and kinds, may differ."""

BUSY_TIMEOUT_S = 30.0
"""How long opening or writing waits for another process's lock (an add, a dashboard, a backup)."""

_DAMAGE = {11: "SQLITE_CORRUPT", 26: "SQLITE_NOTADB"}
"""SQLite's primary result codes for a file that is not, or no longer, a sound database."""


class StoreDamaged(Exception):
    """The store's file is not a sound SQLite database; the message names it and what to do."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            f"the corpus store {path} is damaged ({reason}); nothing was changed. Restore it from a copy "
            "(made by `python -m timeline corpus backup`), or run `python -m timeline corpus reset` to move it "
            "aside (it is kept, not deleted) and start a new corpus with the sample articles."
        )


class StoreTooNew(StoreDamaged):
    """The store was written by a later version of timeline, whose schema this one cannot know."""

    def __init__(self, path: str, version: int) -> None:
        self.path = path
        self.reason = f"schema version {version}; this version of timeline reads up to {SCHEMA_VERSION}"
        Exception.__init__(
            self,
            f"the corpus store {path} was written by a later version of timeline ({self.reason}); nothing was changed. "
            "Run that version, or upgrade this one (`pip install -e .` in an updated copy of the project).",
        )


class DamagedCache(Exception):
    """Cached analyses that could not be read and were dropped: the articles under these keys need analysing again."""

    def __init__(self, cache_keys: list[str]) -> None:
        super().__init__(f"{len(cache_keys)} cached analyses could not be read")
        self.cache_keys = cache_keys


_UNREADABLE = (zlib.error, ValueError, TypeError, KeyError, IndexError, AttributeError)
"""What decoding a damaged cache entry raises (bad deflate, bad JSON or UTF-8, the wrong shape)."""


def _is_damage(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.DatabaseError) and (getattr(error, "sqlite_errorcode", 0) & 0xFF) in _DAMAGE


def _reporting_damage(method: Callable) -> Callable:
    """A Store method that turns SQLite's "malformed" and "not a database" errors, wherever a
    damaged page is met, into StoreDamaged naming the file."""

    @functools.wraps(method)
    def checked(self: "Store", *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as error:
            if _is_damage(error):
                raise StoreDamaged(self.path, str(error)) from error
            raise

    return checked


def _reports_damage(cls: type) -> type:
    """Every public method of the class reports a damaged file as StoreDamaged: a damaged page can
    surface in any query, and a method added later is covered too."""
    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, _reporting_damage(member))
    return cls


@_reports_damage
class Store:
    """A corpus of articles and a cache of their analysis, in one SQLite file.

    A new store is built under a private name and linked into place complete, so that two
    processes opening it for the first time at once never both create it; an existing file that
    is empty or not a database is reported as damaged (StoreDamaged), never silently replaced.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.repairs: list[str] = []
        """What was found damaged in the cache and redone (see `events`, `cached_mentions`), for the user."""
        if self.path == ":memory:":
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys=ON")
            _migrate(self._db, self.path)
            return
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        if not os.path.exists(self.path):
            _create(self.path)
        self._db = _connect(self.path)
        try:
            self._settle()
        except BaseException:
            self._db.close()
            raise

    @_reporting_damage
    def _settle(self) -> None:
        """Wait out a process still creating this file; refuse an empty one; WAL mode and the schema."""
        if os.path.getsize(self.path) == 0:
            self._db.execute("BEGIN IMMEDIATE")  # returns once another writer of the new file has committed
            self._db.execute("ROLLBACK")
            if os.path.getsize(self.path) == 0:
                raise StoreDamaged(self.path, "the file is empty (0 bytes)")
        _retry_busy(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
        self._db.execute("PRAGMA foreign_keys=ON")
        _migrate(self._db, self.path)

    def close(self) -> None:
        self._db.close()

    @_reporting_damage
    def backup(self, destination: str | Path) -> None:
        """A consistent copy of the store at `destination` (SQLite's online backup: it reads one
        snapshot, so adds running meanwhile in other processes are either wholly in it or not)."""
        target = sqlite3.connect(destination)
        try:
            self._db.backup(target)
        finally:
            target.close()

    @contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Reads inside see one state of the store, whatever other processes write meanwhile."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            if self._db.in_transaction:  # SQLite may have ended it itself on an error
                self._db.execute("COMMIT")

    def _stored_bytes(self, table: str, column: str, rowid: int) -> bytes:
        """A stored value's bytes read straight into one bytes object (SQLite's blob I/O): a SELECT
        would copy a large value once more, and decode a text value too."""
        with self._db.blobopen(table, column, rowid, readonly=True) as stored:
            return stored.read()

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

    def add_analysed_articles(self, analysed: Sequence[tuple[Article, str, Iterable[Mention]]]) -> list[bool | Exception]:
        """Add articles with their analyses (article, cache key, mentions) in one transaction, so
        that a table of many rows costs one commit, not one disk sync per row; each article is
        written in a savepoint of its own, undone alone when it fails. Returns, in order, whether
        each was added (False: already stored) or the error that undid it. Raises when the
        transaction itself fails (a full disk), and then nothing of the batch is stored."""
        outcomes: list[bool | Exception] = []
        with self.transaction() as db:
            for article, cache_key, mentions in analysed:
                db.execute("SAVEPOINT article")
                try:
                    added = self._insert_article(db, article)
                    self._insert_mentions(db, cache_key, article.id, mentions)
                except Exception as error:  # this article is undone; the batch goes on
                    if not db.in_transaction:  # SQLite undid the whole transaction itself (a full disk)
                        raise
                    db.execute("ROLLBACK TO article")
                    db.execute("RELEASE article")
                    outcomes.append(error)
                    continue
                db.execute("RELEASE article")
                outcomes.append(added)
        return outcomes

    def articles(self, texts: bool = True) -> list[Article]:
        """Every article, in the order they were added; with `texts` False, each with its text left
        empty (its id kept), for listing a large corpus's metadata without reading every text."""
        columns = ARTICLE_COLUMNS if texts else tuple(name for name in ARTICLE_COLUMNS if name != "text")
        rows = self._named(f"SELECT {', '.join(columns)} FROM articles ORDER BY added_at, file")
        return [Article(**row) for row in rows] if texts else [Article(text="", **row) for row in rows]

    def article_fields(self, names: Sequence[str]) -> list[tuple]:
        """The given fields of every article (without reading the texts unless asked), ordered by id."""
        unknown = set(names) - set(ARTICLE_COLUMNS)
        if unknown:
            raise ValueError(f"not an article field: {', '.join(sorted(unknown))}")
        return self._db.execute(f"SELECT {', '.join(names)} FROM articles ORDER BY id").fetchall()

    def articles_digest(self, purpose: str, names: Sequence[str], digest: Callable[[list[tuple]], str]) -> str:
        """`digest` of the given fields of every article (as article_fields gives them), kept in the
        store under `purpose` and worked out again only after an article was added, removed or
        changed: reading every article's fields is slow for a large corpus, and the dashboard asks
        on every rerun. `purpose` names the digest, everything it depends on besides these fields
        included."""
        key = f"digest {purpose} of {','.join(names)}"
        with self._snapshot():
            (changes,) = self._db.execute("SELECT changes FROM articles_changes").fetchone()
            kept = self.get_meta(key)
            if kept is not None and kept.startswith(f"{changes} "):
                return kept.split(" ", 1)[1]
            rows = self.article_fields(names)
        value = digest(rows)
        self.set_meta(key, f"{changes} {value}")  # kept under the count it was read at: a later change makes it stale
        return value

    def article(self, article_id: str) -> Article | None:
        row = self._named(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article(**row) if row else None

    def _named(self, query: str, parameters: Sequence = ()) -> sqlite3.Cursor:
        """The rows of a query as sqlite3.Row, read by column name."""
        cursor = self._db.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(query, parameters)

    def remove_article(self, article_id: str) -> bool:
        """Remove an article and its cached analysis; False when it was not in the corpus."""
        with self.transaction() as db:
            db.execute("DELETE FROM analysed WHERE article_id = ?", (article_id,))  # and its mentions, by cascade
            return db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount == 1

    def untitled(self) -> list[tuple[str, str, str]]:
        """(id, text, language) of the articles without a title: stored before titles were derived."""
        return self._db.execute("SELECT id, text, language FROM articles WHERE title IS NULL OR title = ''").fetchall()

    def set_metadata(self, article_id: str, **values: str | None) -> Article:
        """Set an article's title, title_source, outlet or url (its date: set_published)."""
        unknown = set(values) - {"title", "title_source", "outlet", "url"}
        if unknown:
            raise ValueError(f"not an article field that can be set here: {', '.join(sorted(unknown))}")
        article = self.article(article_id)
        if article is None:
            raise KeyError(f"no article with id {article_id} in the corpus")
        if not values:
            return article
        with self.transaction() as db:
            db.execute(f"UPDATE articles SET {', '.join(f'{name} = ?' for name in values)} WHERE id = ?", (*values.values(), article_id))
        return replace(article, **values)

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

    def cached_mentions(self, cache_keys: Iterable[str]) -> dict[str, list[Mention]]:
        """The stored mentions under each of these cache keys, in the article's order (a key whose
        analysis found none is absent).

        Raises DamagedCache after dropping the analyses whose stored mentions cannot be read, so
        that the caller analyses those articles again.
        """
        rows = self._select_by_keys("SELECT cache_key, payload FROM mentions WHERE cache_key IN ({}) ORDER BY cache_key, position", cache_keys)
        mentions: dict[str, list[Mention]] = collections.defaultdict(list)
        damaged: set[str] = set()
        with _bulk_decoding():
            for key, payload in rows:
                try:
                    mentions[key].append(mention_from_dict(json.loads(payload)))
                except _UNREADABLE:
                    damaged.add(key)
        if damaged:
            with self.transaction() as db:
                db.executemany("DELETE FROM analysed WHERE cache_key = ?", [(key,) for key in damaged])
            self.repairs.append(f"the cached analysis of {counted(len(damaged), 'article')} could not be read; it was analysed again")
            raise DamagedCache(sorted(damaged))
        return dict(mentions)

    def _select_by_keys(self, query: str, keys: Iterable[str]) -> Iterator[tuple]:
        """Run an IN (...) query in chunks that stay under SQLite's bound-parameter limit."""
        keys = list(keys)
        for chunk_start in range(0, len(keys), 500):
            chunk = keys[chunk_start : chunk_start + 500]
            yield from self._db.execute(query.format(", ".join("?" * len(chunk))), chunk)

    def save_analyses(self, analyses: Iterable[tuple[str, str, Iterable[Mention]]]) -> None:
        """Cache the analyses of a batch of articles, (article id, cache key, mentions) each, in one transaction."""
        with self.transaction() as db:
            for article_id, cache_key, mentions in analyses:
                self._insert_mentions(db, cache_key, article_id, mentions)

    def _insert_mentions(self, db: sqlite3.Connection, cache_key: str, article_id: str, mentions: Iterable[Mention]) -> None:
        """Store an analysis in place of any under its key: the analysis first, then the mentions that belong to it."""
        db.execute("DELETE FROM analysed WHERE cache_key = ?", (cache_key,))
        db.execute("INSERT INTO analysed (cache_key, article_id) VALUES (?, ?)", (cache_key, article_id))
        db.executemany(
            "INSERT INTO mentions (cache_key, article_id, position, payload) VALUES (?, ?, ?, ?)",
            [(cache_key, article_id, i, json.dumps(mention_to_dict(m))) for i, m in enumerate(mentions)],
        )

    # -- settings ----------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- the user's edits of events --------------------------------------------------------------

    def add_edit(self, edit: Edit) -> Edit:
        """Log an edit; it is applied on top of every later analysis until undone. Returns it with
        its number (and the time, when it had none)."""
        made_at = edit.made_at or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO edits (kind, payload, author, made_at) VALUES (?, ?, ?, ?)",
                (edit.kind, json.dumps(_edit_payload(edit), ensure_ascii=False), edit.author, made_at),
            )
        return replace(edit, id=cursor.lastrowid, made_at=made_at, undone="")

    def edits(self, include_undone: bool = False) -> list[Edit]:
        """The logged edits, oldest first: those in force, or every one ever made."""
        query = "SELECT * FROM edits"
        if not include_undone:
            query += " WHERE undone_at IS NULL"
        return [_edit_from_row(row) for row in self._named(query + " ORDER BY id")]

    def undo_edit(self, edit_id: int) -> Edit:
        """Take an edit out of force (it stays in the log, marked undone)."""
        row = self._named("SELECT * FROM edits WHERE id = ?", (edit_id,)).fetchone()
        if row is None:
            raise KeyError(f"no edit number {edit_id}")
        if row["undone_at"] is not None:
            raise ValueError(f"edit {edit_id} was already undone on {row['undone_at']}")
        undone = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self.transaction() as db:
            db.execute("UPDATE edits SET undone_at = ? WHERE id = ?", (undone, edit_id))
        return replace(_edit_from_row(row), undone=undone)

    def edits_version(self) -> str:
        """Changes whenever an edit is made or undone: what cached edited events are kept under."""
        count, last, undone = self._db.execute("SELECT COUNT(*), MAX(id), COUNT(undone_at) FROM edits").fetchone()
        return f"{count}:{last or 0}:{undone}"

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

        One row per set, its fields column by column (see _encode_event_set).
        """
        header, columns = _encode_event_set(events)
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO event_sets (fingerprint, saved, header, payload) VALUES (?, (SELECT COALESCE(MAX(saved), 0) + 1 FROM event_sets), ?, ?)",
                (fingerprint, header, columns),
            )
            db.execute(
                "DELETE FROM event_sets WHERE fingerprint NOT IN (SELECT fingerprint FROM event_sets ORDER BY saved DESC LIMIT ?)",
                (EVENT_SETS_KEPT,),
            )

    def events(self, fingerprint: str) -> list[Event] | None:
        """The events merged from the articles whose state is `fingerprint`, None when there are
        none; a stored set that cannot be read is dropped (and noted in `repairs`), so that it is merged again."""
        with self._snapshot():
            row = self._db.execute("SELECT rowid FROM event_sets WHERE fingerprint = ?", (fingerprint,)).fetchone()
            if row is None:
                return None
            header, payload = (self._stored_bytes("event_sets", column, row[0]) for column in ("header", "payload"))
        try:
            with _bulk_decoding():
                return _decode_event_set(header, payload)
        except _UNREADABLE:
            with self.transaction() as db:
                db.execute("DELETE FROM event_sets WHERE fingerprint = ?", (fingerprint,))
            self.repairs.append("the cached events could not be read; they were merged again")
            return None


def move_aside(path: str | Path) -> list[tuple[Path, Path]]:
    """Rename a store file, with its -wal and -shm files, to timeline-damaged-<time>.sqlite beside
    it; what was moved where (nothing when there is no store). Nothing is deleted: moving the
    files back restores the store as it was."""
    path = Path(path)
    aside = path.with_name(f"{path.stem}-damaged-{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        old, new = Path(f"{path}{suffix}"), Path(f"{aside}{suffix}")
        if old.exists():
            os.rename(old, new)
            moved.append((old, new))
    return moved


def _connect(path: str) -> sqlite3.Connection:
    """A connection to an existing store file that waits BUSY_TIMEOUT_S for locks; the busy
    timeout is set before any statement, and the file is never created here (mode=rw)."""
    uri = f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=rw"
    db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    return db


def _create(path: str) -> None:
    """Build a new store under a private name and link it into place whole: of several processes
    creating it at once, one link wins and the others open that store."""
    building = f"{path}.{os.getpid()}-{uuid.uuid4().hex[:8]}.new"
    try:
        db = sqlite3.connect(building, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            _migrate(db, path)
        finally:
            db.close()
        try:
            os.link(building, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not os.path.exists(path):
                os.replace(building, path)
    finally:
        for leftover in (building, f"{building}-wal", f"{building}-shm"):
            if os.path.exists(leftover):
                os.remove(leftover)


def _schema_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _migrate(db: sqlite3.Connection, path: str) -> None:
    """Bring the store to SCHEMA_VERSION, each migration at most once: the version is read again
    under the write lock, so that of two processes opening an old store at once one migrates it
    and the other finds it done. A store of a later version is refused, unchanged."""
    if _schema_version(db) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _schema_version(db)
        if version > SCHEMA_VERSION:
            raise StoreTooNew(path, version)
        for migration in MIGRATIONS[version:]:
            migration(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _retry_busy(statement: Callable[[], object]) -> None:
    """Run a statement that SQLite may refuse with "database is locked" without waiting (changing
    the journal mode while another connection upgrades its lock), until BUSY_TIMEOUT_S has passed."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def _bulk_decoding() -> Iterator[None]:
    """Pause the cycle collector while a large cached result is decoded, then file what was decoded
    with the oldest objects.

    Decoding 10,000 articles' events or mentions allocates about a million objects, which otherwise
    sets off collections that re-scan the growing heap: they took two thirds of the time. Once the
    collector is back, its next collections would still go through every object decoded on their
    way to the oldest generation, so freezing and unfreezing moves them there at once, unless
    something else keeps objects frozen. Nothing decoded here forms a reference cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_TIMEX_FIELDS = tuple(f.name for f in fields(Timex))


def mention_to_dict(mention: Mention) -> dict:
    """A mention as JSON data: what dataclasses.asdict gives, built field by field (asdict's deep
    copy took half the time of writing a table's rows)."""
    if not isinstance(mention, Mention):
        raise TypeError(f"only mentions are stored, not {type(mention).__name__}")
    data = {name: getattr(mention, name) for name in _MENTION_FIELDS}
    data["timex"] = {name: getattr(mention.timex, name) for name in _TIMEX_FIELDS}
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


def _edit_payload(edit: Edit) -> dict:
    """What an edit says beyond who made it and when: the mentions it names and its values."""
    return {
        "event": [asdict(ref) for ref in edit.event],
        "mentions": [asdict(ref) for ref in edit.mentions],
        "value": edit.value,
        "label": edit.label,
        "replaced": edit.replaced,
    }


def edit_to_dict(edit: Edit) -> dict:
    """An edit as plain JSON data: the shape of an edits file."""
    return {"id": edit.id, "kind": edit.kind, **_edit_payload(edit), "author": edit.author, "made_at": edit.made_at, "undone": edit.undone}


def edit_from_dict(data: dict) -> Edit:
    """The edit of edit_to_dict's data; KeyError, TypeError or ValueError when the data is not one."""
    if data["kind"] not in EDIT_KINDS:
        raise ValueError(f"unknown kind of edit {data['kind']!r} (known: {', '.join(EDIT_KINDS)})")
    return Edit(
        kind=data["kind"],
        event=tuple(MentionRef(**ref) for ref in data.get("event", [])),
        mentions=tuple(MentionRef(**ref) for ref in data.get("mentions", [])),
        value=str(data.get("value", "")),
        label=str(data.get("label", "")),
        replaced=str(data.get("replaced", "")),
        author=str(data.get("author", "")),
        made_at=str(data.get("made_at", "")),
        id=int(data.get("id", 0)),
        undone=str(data.get("undone") or ""),
    )


def _edit_from_row(row: sqlite3.Row) -> Edit:
    return edit_from_dict({**json.loads(row["payload"]), "id": row["id"], "kind": row["kind"], "author": row["author"], "made_at": row["made_at"], "undone": row["undone_at"]})


def _encode_event_set(events: Sequence[Event]) -> tuple[str, bytes]:
    """An event set as a header (JSON) and each stored field of the events as a column.

    The header holds EVENT_SET_FORMAT, how many articles, events and sources there are, and every
    distinct string (or None) the set holds. The columns follow one another, each a little-endian
    array of one field's values (_TYPECODES): per article, its CITED_BY_SOURCE fields; per event,
    its _EVENT_STORED fields; per source, in the order of the events, the number of its article,
    then its _OWN_STORED fields. Reading it back is a C loop per field instead of a parse per value,
    and an article's fields are kept once however often it is cited.
    """
    strings: dict[str | None, int] = {}
    articles: dict[tuple, int] = {}
    event_columns = [(kind, array(_TYPECODES[kind])) for _, kind in _EVENT_STORED]
    article_numbers = array(_TYPECODES["sources"])
    source_columns = [(kind, array(_TYPECODES[kind])) for _, kind in _OWN_STORED]
    for event in events:
        for (name, _), (kind, column) in zip(_EVENT_STORED, event_columns):
            column.append(_stored_value(kind, getattr(event, name), strings))
        for source in event.sources:
            article_numbers.append(articles.setdefault(tuple(getattr(source, name) for name in CITED_BY_SOURCE), len(articles)))
            for (name, _), (kind, column) in zip(_OWN_STORED, source_columns):
                column.append(_stored_value(kind, getattr(source, name), strings))
    cited_columns = [array(_TYPECODES["text"], [_stored_value("text", article[i], strings) for article in articles]) for i in range(len(CITED_BY_SOURCE))]
    header = {"format": EVENT_SET_FORMAT, "articles": len(articles), "events": len(events), "sources": len(article_numbers), "strings": list(strings)}
    columns = [*cited_columns, *(column for _, column in event_columns), article_numbers, *(column for _, column in source_columns)]
    if sys.byteorder == "big":
        for column in columns:
            column.byteswap()
    return json.dumps(header, ensure_ascii=False), b"".join(column.tobytes() for column in columns)


def _stored_value(kind: str, value: object, strings: dict[str | None, int]) -> int | float:
    if kind == "text":
        if value is not None and not isinstance(value, str):
            raise TypeError(f"an event set stores text fields as strings or None, not {type(value).__name__}")
        return strings.setdefault(value, len(strings))
    if kind == "date":
        return value.toordinal()  # type: ignore[attr-defined]
    if kind == "sources":
        return len(value)  # type: ignore[arg-type]
    return value  # type: ignore[return-value]


class _Columns:
    """Reads an event set's columns in the order they were written, each checked to be whole; on a
    little-endian machine each is a view of the stored bytes, not a copy."""

    def __init__(self, payload: bytes, strings: list[str | None]) -> None:
        self.payload = memoryview(payload)
        self.position = 0
        self.strings = strings

    def numbers(self, kind: str, count: int) -> Sequence:
        typecode = _TYPECODES[kind]
        end = self.position + count * array(typecode).itemsize
        if end > len(self.payload):
            raise ValueError("the event set ends inside a column")
        stored, self.position = self.payload[self.position : end], end
        if sys.byteorder == "little":
            return stored.cast(typecode)
        column = array(typecode, stored.tobytes())
        column.byteswap()
        return column

    def values(self, kind: str, count: int) -> Iterable:
        """A column of `count` values as the model holds them (see _KINDS), each made as it is read."""
        column = self.numbers(kind, count)
        if kind == "text":
            return map(self.strings.__getitem__, column)
        if kind == "date":
            return map(dt.date.fromordinal, column)
        return column

    def finish(self) -> None:
        if self.position != len(self.payload):
            raise ValueError("the event set has bytes after its last column")


def _decode_event_set(header_json: bytes, payload: bytes) -> list[Event] | None:
    """The events of a stored set (see _encode_event_set); None when it was written from another model."""
    header = json.loads(header_json)
    if header["format"] != EVENT_SET_FORMAT:
        return None
    columns = _Columns(payload, header["strings"])
    cited = {name: list(columns.values("text", header["articles"])) for name in CITED_BY_SOURCE}
    event_values = {name: columns.values(kind, header["events"]) for name, kind in _EVENT_STORED}
    article_numbers = columns.numbers("sources", header["sources"]).tolist()
    own = {name: columns.values(kind, header["sources"]) for name, kind in _OWN_STORED}
    columns.finish()
    if sum(event_values["sources"]) != len(article_numbers):
        raise ValueError("the event set's sources do not add up")
    sources = _instances(Source, len(article_numbers), {**own, **{name: map(values.__getitem__, article_numbers) for name, values in cited.items()}})
    ends = list(itertools.accumulate(event_values["sources"]))
    event_values["sources"] = map(tuple, map(sources.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    event_values["edits"] = itertools.repeat(())
    return _instances(Event, header["events"], event_values)


def _instances(cls: type, count: int, columns: dict[str, Iterable]) -> list:
    """`count` instances of a slotted frozen dataclass without __post_init__, given a column of
    values for each field: what __init__ would make of each row, made one field at a time for all
    instances (a C loop per field), where __init__ makes a Python call per field and instance
    (frozen, it sets each through object.__setattr__)."""
    if hasattr(cls, "__post_init__") or "__slots__" not in vars(cls):
        raise TypeError(f"{cls.__name__} is not a slotted dataclass without __post_init__: make it with its __init__")
    instances = list(map(object.__new__, itertools.repeat(cls, count)))
    for field in fields(cls):
        collections.deque(map(getattr(cls, field.name).__set__, instances, columns[field.name]), maxlen=0)
    return instances
