"""The stages wired together: the one place the CLI and the dashboard both call.

Per-article work (tag + extract) is cached in the store by content hash and runs on an engine
(timeline.engines: this machine's cores, or a Dask cluster), which merges the collected mentions
too; every function that may analyse takes the engine, so building a directory, syncing the
stored corpus, exporting it and the dashboard can all run on a cluster. The user's edits of events
(timeline.edits) are applied on top of the merged events of the stored corpus, so the CLI, the
exports and the dashboard all show the edited timeline.
"""

from __future__ import annotations

import getpass
import hashlib
import operator
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from timeline import edits as event_edits
from timeline import engines, ingest
from timeline.datelines import normalize_date
from timeline.engines import Engine, LocalEngine, Progress
from timeline.model import Article, Edit, Event, Mention, Problem
from timeline.store import DamagedCache, Store, move_aside
from timeline.titles import derive_title

PIPELINE_VERSION = "11"
"""Bump when tagging, extraction or merging changes, so every cached analysis is redone."""

PROJECT_DIR = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_DIR / "data"
STORE_FILE = "timeline.sqlite"

CITED_FIELDS = ("id", "published", "language", "file", "title", "outlet", "url", "title_source")
"""What an article's part in the merged events depends on besides the rules: its analysis (text,
date, language) and what each of its sources cites. The events' fingerprint is made of them."""

STORE_BATCH = 500
"""Articles written to the store in one transaction: a transaction's fixed cost (a WAL commit)
is paid once per batch, and a batch's mentions stay a few megabytes."""


@dataclass
class IngestResult:
    """What happened to a batch of files: what was added, what was already there, what failed."""

    added: list[Article] = field(default_factory=list)
    duplicates: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def undated(self) -> list[Article]:
        """Added articles with no publication date: their relative dates wait for one."""
        return [a for a in self.added if a.published is None]


def cache_key(article: Article) -> str:
    """Identifies one analysis: the same text, anchor date, language and rules give the same result."""
    raw = f"{PIPELINE_VERSION}|{article.id}|{article.published or ''}|{article.language}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


ENGINES = ("local", "dask")

SCHEDULER_VARIABLE = "TIMELINE_SCHEDULER"
"""A Dask scheduler's address ("tcp://host:8786"): when set, the dashboard analyses on that cluster."""


def engine_named(name: str, scheduler: str | None = None) -> Engine:
    """The engine the CLI's --engine names: "local", or "dask" on the scheduler given or a local
    cluster. Dask is imported only when it is asked for."""
    if name == "local":
        return LocalEngine()
    if name == "dask":
        from timeline.dask_engine import DaskEngine

        return DaskEngine(scheduler)
    raise ValueError(f"unknown engine {name!r} (expected {' or '.join(map(repr, ENGINES))})")


def default_engine() -> Engine:
    """The dashboard's engine: Dask on $TIMELINE_SCHEDULER when it is set, else this machine's cores."""
    scheduler = os.environ.get(SCHEDULER_VARIABLE)
    return engine_named("dask", scheduler) if scheduler else LocalEngine()


def analyze_all(
    articles: Sequence[Article],
    store: Store | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> list[Mention]:
    """Mentions of every article, in article order, reusing the store's cached analyses and caching
    new ones (a transaction per STORE_BATCH articles). Cached analyses found damaged are dropped by
    the store and redone here."""
    keys = [cache_key(a) for a in articles]
    done = store.analysed_keys(keys) if store else set()
    pending = [(a, k) for a, k in zip(articles, keys) if k not in done]
    analyses = (engine or LocalEngine()).analyze([a for a, _ in pending], progress) if pending else []
    found = {key: mentions for (_, key), mentions in zip(pending, analyses)}
    if store:
        rows = [(article.id, key, mentions) for (article, key), mentions in zip(pending, analyses)]
        for start in range(0, len(rows), STORE_BATCH):
            store.save_analyses(rows[start : start + STORE_BATCH])
        try:
            found.update(store.cached_mentions(done))
        except DamagedCache:
            return analyze_all(articles, store, progress, engine)
    return [m for key in dict.fromkeys(keys) for m in found.get(key, ())]


def build(articles: Sequence[Article], store: Store | None = None, progress: Progress | None = None, engine: Engine | None = None) -> list[Event]:
    """The merged events of a set of articles, analysed and merged on `engine` (default: the local
    one); with a store, an unchanged set is not merged again."""
    fingerprint = events_fingerprint(articles)
    cached = store.events(fingerprint) if store else None
    if cached is not None:
        return cached
    with engine or LocalEngine() as running:
        events = running.merge(analyze_all(articles, store, progress, running), {a.id: a for a in articles})
    if store:
        store.save_events(events, fingerprint)
    return events


def default_data_dir() -> Path:
    """Where the corpus lives: $TIMELINE_DATA_DIR, else var/ inside the project (ignored by git)."""
    return Path(os.environ.get("TIMELINE_DATA_DIR") or PROJECT_DIR / "var")


def default_author() -> str:
    """Who an edit is recorded as made by when no name is given: $TIMELINE_USER, else the login name."""
    try:
        return os.environ.get("TIMELINE_USER") or getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return "unknown"


def store_path(data_dir: Path | None = None) -> Path:
    return (data_dir or default_data_dir()) / STORE_FILE


def open_store(data_dir: Path | None = None) -> Store:
    """The corpus store; raises store.StoreDamaged, naming the file, when it is not a sound database."""
    store = Store(store_path(data_dir))
    derive_missing_titles(store)
    return store


def reset_store(data_dir: Path | None = None) -> list[tuple[Path, Path]]:
    """Move the corpus store aside (kept, never deleted), so that the next open starts a new corpus;
    what was moved where."""
    return move_aside(store_path(data_dir))


def derive_missing_titles(store: Store) -> None:
    """Give every untitled article a derived title: articles stored before titles were derived get
    theirs once, when the store is first opened by this version."""
    if store.get_meta("titles_derived"):
        return
    for article_id, text, language in store.untitled():
        title = derive_title(text, language)
        if title:
            store.set_metadata(article_id, title=title, title_source="derived")
    store.set_meta("titles_derived", "1")


def ensure_sample_corpus(store: Store, directory: Path = SAMPLE_DIR) -> list[Problem]:
    """Load the bundled sample articles into a new store, once: removed articles stay removed."""
    if store.get_meta("sample_loaded"):
        return []
    articles, problems = ingest.read_directory(directory)
    problems += add_articles(store, articles).problems
    store.set_meta("sample_loaded", "1")
    return problems


def add_articles(store: Store, articles: Iterable[Article], engine: Engine | None = None, progress: Progress | None = None) -> IngestResult:
    """Add articles to the corpus with their analysis, STORE_BATCH articles to a transaction.

    An article that cannot be analysed or stored is reported and leaves nothing behind, and the
    others go on; a batch that cannot be written (a full disk) is reported article by article and
    leaves nothing of it behind, while the batches written before it stay. An untitled article is
    given a derived title. `progress` counts the new articles analysed.
    """
    result = IngestResult()
    fresh: list[Article] = []
    seen: set[str] = set()
    for article in articles:
        if not article.title:
            article = replace(article, title=derive_title(article.text, article.language), title_source="derived")
        if article.id in seen or store.article(article.id) is not None:
            result.duplicates.append(article)
            continue
        seen.add(article.id)
        fresh.append(article)
    with engine or LocalEngine() as running:  # the same workers for every batch
        for start in range(0, len(fresh), STORE_BATCH):
            batch = fresh[start : start + STORE_BATCH]
            analysed = []
            for article, mentions in zip(batch, _analyses(batch, running, result, _counted_from(start, len(fresh), progress))):
                if mentions is not None:
                    analysed.append((article, cache_key(article), mentions))
            _write(store, analysed, result)
    return result


def _counted_from(before: int, total: int, progress: Progress | None) -> Progress | None:
    """`progress` of one batch's analysis as progress of all `total` articles, `before` of them done."""
    if progress is None:
        return None
    return lambda done, _, what: progress(before + done, total, what)


def _analyses(batch: list[Article], engine: Engine, result: IngestResult, progress: Progress | None) -> list[list[Mention] | None]:
    """Each article's mentions, or None (with its problem reported) for one whose analysis fails."""
    try:
        return engine.analyze(batch, progress)
    except Exception:  # find which article fails, alone
        pass
    analyses: list[list[Mention] | None] = []
    for article in batch:
        try:
            analyses.append(engines.analyze(article))
        except Exception as error:  # one article's failure must not stop the batch or break the corpus
            result.problems.append(_not_added(article, error))
            analyses.append(None)
    return analyses


def _write(store: Store, batch: list[tuple[Article, str, list[Mention]]], result: IngestResult) -> None:
    if not batch:
        return
    try:
        outcomes: list[bool | Exception] = store.add_analysed_articles(batch)
    except Exception as error:  # the transaction failed as a whole: nothing of the batch was stored
        outcomes = [error] * len(batch)
    for (article, _, _), outcome in zip(batch, outcomes):
        if isinstance(outcome, Exception):
            result.problems.append(_not_added(article, outcome))
        else:
            (result.added if outcome else result.duplicates).append(article)


def _not_added(article: Article, error: Exception) -> Problem:
    return Problem(article.file, f"could not be added ({type(error).__name__}: {error}); nothing of it was stored")


def ingest_files(
    store: Store,
    files: Sequence[tuple[str, bytes]],
    published: dict[str, str] | None = None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> IngestResult:
    """Read uploaded files and add their articles, analysed on `engine`; `published` sets dates by
    file name. The articles of all the files are added together, so that many small files are
    analysed by the engine's workers as one table's rows are; `progress` counts the articles."""
    problems: list[Problem] = []
    articles: list[Article] = []
    for name, data in files:
        read, trouble = ingest.read_upload(name, data)
        problems += trouble
        if published and published.get(name):
            read = [replace(a, published=published[name], published_source="user") for a in read]
        articles += read
    result = add_articles(store, articles, engine, progress)
    result.problems[:0] = problems
    return result


def events_fingerprint(articles: Iterable[Article]) -> str:
    """Changes whenever the merged events could: an article's analysis or what its sources cite, or the rules."""
    return _fingerprint(map(operator.attrgetter(*CITED_FIELDS), articles))


def corpus_fingerprint(store: Store) -> str:
    """events_fingerprint of the stored corpus, without reading the articles' texts; the store keeps
    it until an article is added, removed or changed. It is kept under the fingerprint of the field
    names themselves, which changes with the rules' version, the fields and how they are hashed."""
    return store.articles_digest(f"events fingerprint {_fingerprint([CITED_FIELDS])}", CITED_FIELDS, _fingerprint)


def _fingerprint(identities: Iterable[tuple]) -> str:
    rows = sorted(map(repr, map(tuple, identities)))
    return hashlib.sha256("\n".join([PIPELINE_VERSION, *rows]).encode()).hexdigest()[:24]


def analysed_events(store: Store, progress: Progress | None = None, engine: Engine | None = None) -> list[Event]:
    """The corpus' events as the analysis made them: analyses only what changed, merges only when
    the corpus changed."""
    cached = store.events(corpus_fingerprint(store))
    return cached if cached is not None else build(store.articles(), store, progress, engine)


def edited_events(store: Store, progress: Progress | None = None, engine: Engine | None = None) -> event_edits.Applied:
    """The corpus' events with the user's edits applied, and what became of each edit."""
    return event_edits.apply(analysed_events(store, progress, engine), store.edits())


def sync(store: Store, progress: Progress | None = None, engine: Engine | None = None) -> list[Event]:
    """The corpus' events as the user sees them: analysed, merged, then edited."""
    return edited_events(store, progress, engine).events


def unmark_key(store: Store, event: Event) -> list[Edit]:
    """Undo the edits that marked the event key; returns them (none when it was not marked)."""
    return [store.undo_edit(edit.id) for edit in event.edits if edit.kind == "key"]


def import_edits(store: Store, incoming: Iterable[Edit]) -> list[Edit]:
    """Add edits made elsewhere (an edits file) to the corpus, each as it was made (author, time),
    except those it already has in force; returns the ones added, with their new numbers."""
    held = {_edit_identity(edit) for edit in store.edits()}
    added = []
    for edit in incoming:
        if edit.undone or _edit_identity(edit) in held:
            continue
        held.add(_edit_identity(edit))
        added.append(store.add_edit(edit))
    return added


def _edit_identity(edit: Edit) -> tuple:
    return (edit.kind, edit.event, edit.mentions, edit.value)


@dataclass(frozen=True)
class ArticleChanges:
    """What a user changes of an article's metadata; None leaves a field as it is, an empty string
    clears it (a cleared title is derived from the text again)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    """A date as YYYY-MM-DD (or as a page states it); its events are re-anchored at the next sync.
    A date cannot be cleared, only changed."""


def edit_article(store: Store, article_id: str, changes: ArticleChanges) -> Article:
    """Apply a user's changes to an article's metadata; ValueError says what cannot be set, KeyError
    that there is no such article. Nothing is written unless every change is valid."""
    article = store.article(article_id)
    if article is None:
        raise KeyError(f"no article with id {article_id} in the corpus")
    values: dict[str, str | None] = {}
    if changes.title is not None:
        title = " ".join(changes.title.split())
        if title:
            values.update(title=title, title_source="user")
        else:
            values.update(title=derive_title(article.text, article.language), title_source="derived")
    if changes.outlet is not None:
        values["outlet"] = " ".join(changes.outlet.split()) or None
    if changes.url is not None:
        url = changes.url.strip()
        if url and not url.lower().startswith(("http://", "https://")):
            raise ValueError(f"a URL must start with http:// or https:// (got {url!r})")
        values["url"] = url or None
    published = None
    if changes.published is not None and changes.published.strip():
        published = normalize_date(changes.published)
        if published is None:
            raise ValueError(f"could not read the date {changes.published!r} (give it as YYYY-MM-DD)")
    values = {name: value for name, value in values.items() if getattr(article, name) != value}
    if values:
        article = store.set_metadata(article_id, **values)
    if published is not None and published != article.published:
        article = store.set_published(article_id, published)
    return article
