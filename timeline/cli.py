"""`python -m timeline`: the same pipeline as the dashboard, headless.

Commands: tag (temporal expressions of one file as JSON lines), build (events of a directory),
export (the events in a chosen format), story (the key events one by one, as the dashboard's story
view tells them), corpus (the persistent corpus the dashboard shows, its title and description),
events (list and edit the corpus' events, as the dashboard does), eval-timeml (tagger accuracy on
TimeML documents) and eval-tls (key events against journalists' timelines).

Exit status: 0 when the command did its work, 1 when it could not (no article could be read, a
damaged store, an unknown article id), 2 for a usage error (a missing folder or file, a bad
option). Messages go to stderr, each naming the file it is about, with control characters
escaped; a reader that closes the output early (`| head`) ends the command quietly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from timeline import edits, export, filters, ingest, pipeline, salience, temporal
from timeline.datelines import YEARS
from timeline.engines import Engine
from timeline.model import Article, CorpusInfo, Edit, Event, Problem, Source, counted, printable
from timeline.store import BUSY_TIMEOUT_S, Store, StoreDamaged
from timeline.story import Story, slide_text
from timeline.viz.view import View


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()
        return status
    except StoreDamaged as error:
        _say(str(error))
        return 1
    except sqlite3.OperationalError as error:
        if "locked" not in str(error):
            raise
        _say(f"the corpus store is busy: another process kept it locked for {BUSY_TIMEOUT_S:g} s ({error}); try again when it is done")
        return 1
    except BrokenPipeError:  # the reader of our output has gone (`| head`): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m timeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    tag = commands.add_parser("tag", help="print each temporal expression in FILE as a JSON line (a dateline's with \"role\": \"dateline\")")
    tag.add_argument("file", type=_existing_file)
    tag.add_argument("--dct", type=_iso_date, help="publication date to anchor relative dates (default: the file's own)")
    tag.set_defaults(run=_tag)

    build = commands.add_parser("build", help="build the merged events of every article in DIR")
    build.add_argument("directory", type=_folder)
    build.add_argument("--out", type=Path, help="write the events as JSON, {\"title\": \"\", \"description\": \"\", \"events\": [...]}, here (default: stdout)")
    _add_cache_options(build)
    build.add_argument("--edits", type=Path, help="apply the edits in this file (from `events export-edits`) to the events")
    build.set_defaults(run=_build)

    exporter = commands.add_parser("export", help="export events as csv, json, timelinejs, ics or html")
    exporter.add_argument("directory", type=_folder, nargs="?", help="articles to build from (default: the stored corpus)")
    exporter.add_argument("--format", choices=sorted(export.FORMATS), required=True)
    exporter.add_argument("--out", type=Path, help="output file (default: stdout)")
    exporter.add_argument("--edits", type=Path, help="with DIRECTORY: apply the edits in this file (the stored corpus' own edits always apply)")
    exporter.add_argument("--title", help="the timeline's title in this file (default: the stored corpus' title)")
    exporter.add_argument("--description", help="its description in this file (default: the stored corpus' description)")
    _add_cache_options(exporter)
    exporter.set_defaults(run=_export)

    story = commands.add_parser("story", help="print the key events one by one in date order, with what each source says")
    story.add_argument("directory", type=_folder, nargs="?", help="articles to build from (default: the stored corpus)")
    story.add_argument("--all", action="store_true", help="every event, not only the key ones")
    story.add_argument("--count", type=int, help="how many key events (default: as many as the story's span calls for)")
    _add_cache_options(story)
    story.set_defaults(run=_story)

    corpus = commands.add_parser("corpus", help="list, add, remove or re-date the stored corpus")
    corpus.add_argument("--data-dir", type=Path, help="corpus location (default: $TIMELINE_DATA_DIR or ./var)")
    actions = corpus.add_subparsers(required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="the stored articles, one per line")
    listing.set_defaults(run=_corpus_list)
    add = actions.add_parser("add", help="add article files to the corpus")
    add.add_argument("files", type=Path, nargs="+")
    add.add_argument("--published", type=_iso_date, help="publication date of these files (replaces any they state)")
    add.set_defaults(run=_corpus_add)
    remove = actions.add_parser("remove", help="remove an article (by id) and its events")
    remove.add_argument("article_id")
    remove.set_defaults(run=_corpus_remove)
    redate = actions.add_parser("set-date", help="set an article's publication date")
    redate.add_argument("article_id")
    redate.add_argument("published", type=_iso_date)
    redate.set_defaults(run=_corpus_set_date)
    setter = actions.add_parser("set", help="set an article's title, outlet, URL or publication date")
    setter.add_argument("article_id")
    setter.add_argument("--title", help="its title (an empty string derives one from its text again)")
    setter.add_argument("--outlet", help="who published it (an empty string clears it)")
    setter.add_argument("--url", help="its web address, http(s)://... (an empty string clears it)")
    setter.add_argument("--published", type=_iso_date, help="its publication date, YYYY-MM-DD")
    setter.set_defaults(run=_corpus_set)
    titling = actions.add_parser("title", help="show, set or clear (\"\") the corpus' title, which the dashboard and every export carry")
    titling.add_argument("title", nargs="?", help="the new title (omit it to print the current title and description)")
    titling.add_argument("--description", help="the new description (default: keep the current one)")
    titling.set_defaults(run=_corpus_title)
    backup = actions.add_parser("backup", help="write a consistent copy of the corpus store, even while the dashboard runs")
    backup.add_argument("destination", type=Path, help="a new file, or a folder to write timeline-YYYYMMDD-HHMMSS.sqlite into")
    backup.set_defaults(run=_corpus_backup)
    reset = actions.add_parser("reset", help="move a damaged corpus store aside (it is kept) so that the next command starts a new one")
    reset.set_defaults(run=_corpus_reset)

    _add_events_parser(commands)

    evaluate = commands.add_parser("eval-timeml", help="score the tagger on TimeML (.tml) files, TempEval-3 style")
    evaluate.add_argument("directory", type=_folder)
    evaluate.add_argument("--report", action="store_true", help="add the error report by category")
    evaluate.add_argument("--limit", type=int, help="at most this many documents")
    evaluate.set_defaults(run=_eval_timeml)

    tls = commands.add_parser("eval-tls", help="score key events against journalists' timelines (Timeline17 layout)")
    tls.add_argument("directory", type=_folder, help="folder of topics, each with articles.jsonl and timelines/*.txt")
    tls.set_defaults(run=_eval_tls)
    return parser


def _add_events_parser(commands: argparse._SubParsersAction) -> None:
    events = commands.add_parser(
        "events", help="list the corpus' events and edit them (relabel, redate, merge, split, move, hide, key, undo)",
        description="The stored corpus' events as the dashboard shows them, and the user's edits of them. An edit is "
        "kept in the store apart from the analysis and applied on top of every later one; EVENT is an id as "
        "`events list` prints it (or its first characters), SOURCE an article id as `events show` prints it, "
        "alone (all of that article's quotes in the event) or as ARTICLE@OFFSET (one quote).",
    )  # fmt: skip
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, help="corpus location (default: $TIMELINE_DATA_DIR or ./var)")
    common.add_argument("--by", help="who makes the edit, for the log (default: $TIMELINE_USER or the login name)")
    subparsers = events.add_subparsers(required=True, metavar="ACTION")

    def action(name: str, **kwargs: str) -> argparse.ArgumentParser:
        return subparsers.add_parser(name, parents=[common], **kwargs)

    listing = action("list", help="the events, one per line: id, date, granularity, sources, status, label, edits")
    listing.add_argument("--key", action="store_true", help="only the key events (the most salient, and those marked key)")
    listing.add_argument("--json", action="store_true", help="one JSON object per event, as the JSON export writes it")
    listing.set_defaults(run=_events_list)
    show = action("show", help="one event with each source: its SOURCE name, article, outlet, date and quote")
    show.add_argument("event")
    show.set_defaults(run=_events_show)
    relabel = action("relabel", help="give an event a new label")
    relabel.add_argument("event")
    relabel.add_argument("label")
    relabel.set_defaults(run=_events_edit, make=lambda events, args: edits.relabel(_event(events, args.event), args.label, args.by))
    redate = action("redate", help="give an event a new date: 2024-06-19, 2024-W25, 2024-06, 2024-Q2, 2024 ...")
    redate.add_argument("event")
    redate.add_argument("date", help="a TIMEX3 date value: its form is its granularity (2024-06 is the month of June)")
    redate.set_defaults(run=_events_edit, make=lambda events, args: edits.redate(_event(events, args.event), args.date, args.by))
    merge = action("merge", help="merge OTHER into EVENT: one event with both's sources, EVENT's label")
    merge.add_argument("event")
    merge.add_argument("other")
    merge.set_defaults(run=_events_edit, make=lambda events, args: edits.merge(_event(events, args.event), _event(events, args.other), args.by))
    split = action("split", help="move sources out of an event into an event of their own")
    split.add_argument("event")
    split.add_argument("sources", nargs="+", metavar="SOURCE")
    split.set_defaults(run=_events_edit, make=lambda events, args: _move(events, args, into=None))
    move = action("move", help="move sources out of an event into another event")
    move.add_argument("event")
    move.add_argument("sources", nargs="+", metavar="SOURCE")
    move.add_argument("--into", required=True, metavar="EVENT", help="the event they join")
    move.set_defaults(run=_events_edit, make=lambda events, args: _move(events, args, into=_event(events, args.into)))
    hide = action("hide", help="hide an event from the timeline and every export (undo shows it again)")
    hide.add_argument("event")
    hide.set_defaults(run=_events_edit, make=lambda events, args: edits.hide(_event(events, args.event), args.by))
    key = action("key", help="mark an event as key: among the key events whatever its salience (--off: unmark it)")
    key.add_argument("event")
    key.add_argument("--off", action="store_true", help="undo the edits that marked it key")
    key.set_defaults(run=_events_key)
    log = action("edits", help="the edits in force, oldest first, each with what became of it on the current analysis")
    log.add_argument("--all", action="store_true", help="undone edits too")
    log.set_defaults(run=_events_log)
    undo = action("undo", help="undo one edit, by its number in `events edits`")
    undo.add_argument("edit", type=int)
    undo.set_defaults(run=_events_undo)
    out = action("export-edits", help="write the edits in force to an edits file (JSON)")
    out.add_argument("--out", type=Path, help="output file (default: stdout)")
    out.set_defaults(run=_events_export_edits)
    into = action("apply-edits", help="add the edits of an edits file to this corpus, and say what each found here")
    into.add_argument("file", type=Path)
    into.set_defaults(run=_events_apply_edits)


def _add_cache_options(command: argparse.ArgumentParser) -> None:
    """Where the analysis is cached and where it runs, for every command that may analyse articles."""
    command.add_argument("--data-dir", type=Path, help="where the analysis cache lives (default: $TIMELINE_DATA_DIR or ./var)")
    command.add_argument("--no-cache", action="store_true", help="analyse every article afresh and cache nothing")
    command.add_argument("--engine", choices=pipeline.ENGINES, default="local", help="where the analysis and the merge run")
    command.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")


def _engine(args: argparse.Namespace) -> Engine:
    return pipeline.engine_named(args.engine, args.scheduler)


def _folder(value: str) -> Path:
    path = Path(value)
    if path.is_file():
        raise argparse.ArgumentTypeError(f"{printable(value)}: is a file, not a folder")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{printable(value)}: folder not found")
    return path


def _existing_file(value: str) -> Path:
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{printable(value)}: is a folder, not a file")
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{printable(value)}: file not found")
    return path


def _iso_date(value: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
    if date.year not in YEARS:
        raise argparse.ArgumentTypeError(f"expected a publication date from {YEARS[0]} to {YEARS[-1]}, got {value}")
    return date


def _say(message: str) -> None:
    """One message line on stderr, control characters escaped (see model.printable)."""
    print(printable(message), file=sys.stderr)


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        _say(str(problem))


def _tag(args: argparse.Namespace) -> int:
    text, dct, problems, datelines = ingest.read_text_for_tagging(args.file)
    _report(problems)
    if text is None:
        return 1
    anchor = args.dct or dct
    if anchor is None:
        _say(f"{args.file}: no publication date found; relative dates are left unresolved (set one with --dct)")
    for timex in temporal.tag(text, anchor):
        row = {"start": timex.start, "end": timex.end, "text": timex.text, "type": timex.type, "value": timex.value}
        if any(start < timex.end and timex.start < end for start, end in datelines):
            row["role"] = "dateline"  # the article's own date, which build blanks: not an event
        print(json.dumps(row, ensure_ascii=False))
    return 0


@contextmanager
def _opened(data_dir: Path | None, sample: bool = True) -> Iterator[Store]:
    """The corpus store (with the sample loaded into a new one); afterwards, what was found
    damaged in its cache and redone is said, and the store is closed."""
    store = pipeline.open_store(data_dir)
    try:
        if sample:
            _report(pipeline.ensure_sample_corpus(store))
        yield store
    finally:
        for repair in store.repairs:
            _say(f"{store.path}: {repair}")
        store.close()


def _events_of_directory(args: argparse.Namespace) -> tuple[list[Article], list[Event], int]:
    articles, problems = ingest.read_directory(args.directory)
    _report(problems)
    _warn_undated(articles)
    if not articles:
        _say(f"{args.directory}: no article could be read")
        return [], [], 1
    if args.no_cache:
        return articles, pipeline.build(articles, None, engine=_engine(args)), 0
    with _opened(args.data_dir, sample=False) as store:
        return articles, pipeline.build(articles, store, engine=_engine(args)), 0


def _articles_and_events(args: argparse.Namespace) -> tuple[list[Article], list[Event], CorpusInfo, int]:
    """The articles and events of DIR, or else of the stored corpus (its edits applied, those that
    could not be reported; its articles without their texts, of which only the metadata is cited)
    with the stored title and description."""
    if args.directory:
        articles, events, status = _events_of_directory(args)
        return articles, events, CorpusInfo(), status
    with _opened(args.data_dir) as store:
        applied = pipeline.edited_events(store, engine=_engine(args))
        articles, info = store.articles(texts=False), store.corpus_info()
    _report_unapplied(applied)
    return articles, applied.events, info, 0


def _warn_undated(articles: Sequence[Article]) -> None:
    for article in articles:
        if article.published is None:
            _say(f"{article.file}: no publication date; its relative dates stay off the timeline until one is set")


def _write(text: str, out: Path | None, what: str) -> int:
    """Write to `out` (stdout without one) and say what was written where; 1 when it cannot be."""
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        _say(f"{out}: could not write it ({error.strerror or error})")
        return 1
    _say(f"{what} written to {out}")
    return 0


def _with_edits_file(events: list[Event], path: Path | None) -> list[Event] | None:
    """The events with an edits file's edits applied (each unapplied one reported), None when the
    file cannot be read."""
    if path is None:
        return events
    try:
        applied = edits.apply(events, edits.loads(path.read_text(encoding="utf-8")))
    except (OSError, edits.EditError) as error:
        _say(f"{path}: {error.strerror if isinstance(error, OSError) else error}")
        return None
    _report_unapplied(applied)
    return applied.events


def _report_unapplied(applied: edits.Applied) -> None:
    for outcome in applied.unapplied:
        _say(f"edit {outcome.edit.id} not applied ({outcome.state}: {outcome.note}): {edits.describe(outcome.edit)}")


def _build(args: argparse.Namespace) -> int:
    _, events, status = _events_of_directory(args)
    if status:
        return status
    edited = _with_edits_file(events, args.edits)
    if edited is None:
        return 1
    return _write(export.to_json(edited), args.out, counted(len(edited), "event"))


def _export(args: argparse.Namespace) -> int:
    """The file the dashboard's download button gives for the same events (all of them, unfiltered)."""
    if args.edits and not args.directory:
        _say("--edits applies to a DIRECTORY's events; the stored corpus has its own (events apply-edits FILE adds a file's)")
        return 2
    articles, events, info, status = _articles_and_events(args)
    if status:
        return status
    edited = _with_edits_file(events, args.edits)
    if edited is None:
        return 1
    try:
        info = CorpusInfo.of(info.title if args.title is None else args.title, info.description if args.description is None else args.description)
    except ValueError as error:
        _say(f"export: {error}")
        return 2
    document = export.Document(edited, info, View(story=salience.story_span(articles)))
    return _write(export.FORMATS[args.format].write(document), args.out, f"{counted(len(edited), 'event')} ({args.format})")


def _story(args: argparse.Namespace) -> int:
    articles, events, _, status = _articles_and_events(args)
    if status:
        return status
    if not args.all:
        span = salience.story_span(articles)
        events = filters.key_view(events, args.count or salience.default_count(span), span)
    story = Story.of(events)
    print("\n\n".join(slide_text(event, i, len(story)) for i, event in enumerate(story.events, start=1)))
    return 0


def _corpus_store(args: argparse.Namespace):
    store = pipeline.open_store(args.data_dir)
    _report(pipeline.ensure_sample_corpus(store))
    return store


def _corpus_list(args: argparse.Namespace) -> int:
    with _opened(args.data_dir) as store:
        articles = store.articles(texts=False)
        for article in articles:
            print(json.dumps({k: v for k, v in asdict(article).items() if k != "text"}, ensure_ascii=False))
        _say(f"{counted(len(articles), 'article')} in the corpus at {store.path}")
    return 0


def _corpus_add(args: argparse.Namespace) -> int:
    with _opened(args.data_dir) as store:
        loaded = [(path.name, ingest.read_bytes(path)) for path in args.files]
        unread = [data for _, data in loaded if isinstance(data, Problem)]
        _report(unread)
        files = [(name, data) for name, data in loaded if isinstance(data, bytes)]
        published = {name: args.published.isoformat() for name, _ in files} if args.published else None
        result = pipeline.ingest_files(store, files, published)
        _report(result.problems)
        _warn_undated(result.undated)
        problems = counted(len(unread) + len(result.problems), "problem")
        _say(f"{len(result.added):,} added, {len(result.duplicates):,} already in the corpus, {problems}; corpus: {store.path}")
    return 0 if result.added or result.duplicates else 1


def _corpus_remove(args: argparse.Namespace) -> int:
    with _opened(args.data_dir) as store:
        article = store.article(args.article_id)
        if article is None or not store.remove_article(args.article_id):
            _say(f"no article with id {args.article_id} in the corpus at {store.path}")
            return 1
        _say(f"removed {article.display_name} ({article.id}) and its events from the corpus at {store.path}")
    return 0


def _corpus_set_date(args: argparse.Namespace) -> int:
    with _opened(args.data_dir) as store:
        try:
            article = store.set_published(args.article_id, args.published.isoformat())
        except KeyError as error:
            _say(f"{error.args[0]} at {store.path}")
            return 1
        _say(f"{article.display_name} ({article.id}): publication date set to {article.published} in the corpus at {store.path}")
    return 0


def _corpus_backup(args: argparse.Namespace) -> int:
    destination = args.destination
    if destination.is_dir():
        destination = destination / f"timeline-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite"
    if destination.exists():
        _say(f"{destination}: already exists; name a new file or a folder")
        return 2
    if not destination.parent.is_dir():
        _say(f"{destination.parent}: folder not found")
        return 2
    if not pipeline.store_path(args.data_dir).exists():
        _say(f"no corpus store at {pipeline.store_path(args.data_dir)}: nothing to back up")
        return 1
    with _opened(args.data_dir, sample=False) as store:
        store.backup(destination)
        _say(f"backed up the corpus at {store.path} ({counted(len(store.article_fields(['id'])), 'article')}) to {destination}")
    return 0


def _corpus_reset(args: argparse.Namespace) -> int:
    moved = pipeline.reset_store(args.data_dir)
    if not moved:
        _say(f"no corpus store at {pipeline.store_path(args.data_dir)}: nothing to move")
        return 0
    for old, new in moved:
        _say(f"moved {old} aside to {new} (kept: move it back to restore it)")
    _say("the next command starts a new corpus with the sample articles")
    return 0


def _corpus_set(args: argparse.Namespace) -> int:
    changes = pipeline.ArticleChanges(
        title=args.title, outlet=args.outlet, url=args.url, published=args.published.isoformat() if args.published else None
    )
    if changes == pipeline.ArticleChanges():
        _say("nothing to set: give --title, --outlet, --url or --published")
        return 2
    try:
        article = pipeline.edit_article(_corpus_store(args), args.article_id, changes)
    except KeyError as error:
        _say(error.args[0])
        return 1
    except ValueError as error:
        _say(str(error))
        return 1
    print(json.dumps({k: v for k, v in asdict(article).items() if k != "text"}, ensure_ascii=False))
    return 0


# -- events ------------------------------------------------------------------------------------------


class _NotFound(LookupError):
    """An EVENT or SOURCE argument that names nothing, or more than one thing; the message says which."""


def _events_store(args: argparse.Namespace) -> Store:
    args.by = args.by or pipeline.default_author()
    return _corpus_store(args)


def _event(events: list[Event], name: str) -> Event:
    """The event whose id is `name`, or the only one whose id starts with it (at least 4 characters)."""
    exact = [e for e in events if e.id == name]
    if exact:
        return exact[0]
    found = [e for e in events if len(name) >= 4 and e.id.startswith(name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise _NotFound(f"{name!r} starts {len(found)} event ids; give more of it")
    raise _NotFound(f"no event {name!r} (ids as `events list` prints them; a hidden event is shown again by undoing its edit)")


def _sources(event: Event, names: Sequence[str]) -> list[Source]:
    """The event's sources named as ARTICLE (every quote of that article) or ARTICLE@OFFSET (one)."""
    chosen: list[Source] = []
    for name in names:
        article, _, offset = name.partition("@")
        matches = [s for s in event.sources if article in (s.article_id, s.file) and (not offset or str(s.timex_start) == offset)]
        if not matches:
            raise _NotFound(f"{name!r} is none of the event's sources (as `events show {event.id}` names them)")
        chosen += [s for s in matches if s not in chosen]
    return chosen


def _move(events: list[Event], args: argparse.Namespace, into: Event | None) -> Edit:
    event = _event(events, args.event)
    return edits.move(event, _sources(event, args.sources), into, args.by)


def _event_line(event: Event) -> str:
    marks = ", ".join(dict.fromkeys(edit.kind for edit in event.edits))
    n = filters.source_count(event)
    return "\t".join(
        [event.id, event.date, event.granularity, f"{n} source{'s' if n != 1 else ''}", event.status, event.label, f"[edited: {marks}]" if marks else ""]
    ).rstrip()


def _events_list(args: argparse.Namespace) -> int:
    store = _events_store(args)
    applied = pipeline.edited_events(store)
    _report_unapplied(applied)
    events = applied.events
    if args.key:
        span = salience.story_span(store.articles(texts=False))
        events = filters.key_view(events, salience.default_count(span), span)
    for event in events:
        print(json.dumps(export.event_to_dict(event), ensure_ascii=False) if args.json else _event_line(event))
    return 0


def _events_show(args: argparse.Namespace) -> int:
    events = pipeline.sync(_events_store(args))
    try:
        event = _event(events, args.event)
    except _NotFound as error:
        _say(str(error))
        return 1
    print(_event_line(event))
    for source in event.sources:
        cited = ", ".join(p for p in (source.outlet, (source.published or "")[:10]) if p)
        print(f"  {source.article_id}@{source.timex_start}\t{source.display_name}{' (' + cited + ')' if cited else ''}\t“{source.timex_text}” → {source.timex_value}\t{source.sentence}")
    for edit in event.edits:
        print(f"  edit {edit.id} by {edit.author or 'unknown'} on {edit.made_at[:10]}: {edits.describe(edit)}")
    return 0


def _events_edit(args: argparse.Namespace) -> int:
    store = _events_store(args)
    try:
        edit = args.make(pipeline.sync(store), args)
    except (_NotFound, edits.EditError) as error:
        _say(str(error))
        return 1
    edit = store.add_edit(edit)
    print(f"edit {edit.id}: {edits.describe(edit)}")
    return 0


def _events_key(args: argparse.Namespace) -> int:
    if not args.off:
        args.make = lambda events, args: edits.mark_key(_event(events, args.event), args.by)
        return _events_edit(args)
    store = _events_store(args)
    try:
        undone = pipeline.unmark_key(store, _event(pipeline.sync(store), args.event))
    except _NotFound as error:
        _say(str(error))
        return 1
    if not undone:
        _say(f"event {args.event} is not marked key")
        return 1
    for edit in undone:
        print(f"undone edit {edit.id}: {edits.describe(edit)}")
    return 0


def _events_log(args: argparse.Namespace) -> int:
    store = _events_store(args)
    outcomes = {o.edit.id: o for o in pipeline.edited_events(store).outcomes}
    for edit in store.edits(include_undone=args.all):
        outcome = outcomes.get(edit.id)
        state = f"undone {edit.undone[:10]}" if edit.undone else outcome.state if outcome else ""
        note = f" ({outcome.note})" if outcome and outcome.note else ""
        print(f"{edit.id}\t{edit.made_at[:16].replace('T', ' ')}\t{edit.author}\t{state}{note}\t{edits.describe(edit)}")
    return 0


def _events_undo(args: argparse.Namespace) -> int:
    store = _events_store(args)
    try:
        edit = store.undo_edit(args.edit)
    except (KeyError, ValueError) as error:
        _say(error.args[0])
        return 1
    print(f"undone edit {edit.id}: {edits.describe(edit)}")
    return 0


def _events_export_edits(args: argparse.Namespace) -> int:
    recorded = _events_store(args).edits()
    return _write(edits.dumps(recorded), args.out, counted(len(recorded), "edit"))


def _events_apply_edits(args: argparse.Namespace) -> int:
    """Adds the file's edits that this corpus does not have in force (pipeline.import_edits), then
    says what each found here."""
    store = _events_store(args)
    try:
        incoming = edits.loads(args.file.read_text(encoding="utf-8"))
    except OSError as error:
        _say(f"{args.file}: {error.strerror or error}")
        return 1
    except edits.EditError as error:
        _say(f"{args.file}: {error}")
        return 1
    added = pipeline.import_edits(store, incoming)
    outcomes = {o.edit.id: o for o in pipeline.edited_events(store).outcomes}
    for edit in added:
        outcome = outcomes[edit.id]
        print(f"edit {edit.id}: {outcome.state}{' (' + outcome.note + ')' if outcome.note else ''}: {edits.describe(edit)}")
    _say(f"{counted(len(added), 'edit')} added, {len(incoming) - len(added):,} already in the corpus")
    return 0


def _corpus_title(args: argparse.Namespace) -> int:
    with _opened(args.data_dir) as store:
        info = store.corpus_info()
        if args.title is None and args.description is None:
            print(info.title or "(untitled)")
            if info.description:
                print(f"\n{info.description}")
            return 0
        try:
            store.set_corpus_info(info.title if args.title is None else args.title, info.description if args.description is None else args.description)
        except ValueError as error:
            _say(f"corpus title: {error}; nothing was changed")
            return 2
    return 0


def _eval_timeml(args: argparse.Namespace) -> int:
    from timeline import timeml

    if not any(args.directory.rglob("*.tml")):
        _say(f"{args.directory}: no TimeML (.tml) files in this folder or below")
        return 1
    print(timeml.run_eval(args.directory, report=args.report, limit=args.limit))
    return 0


def _eval_tls(args: argparse.Namespace) -> int:
    from timeline import tls

    topics, problems = tls.read_topics(args.directory)
    for problem in problems:
        _say(problem)
    if not topics:
        _say(f"{args.directory}: no topic with articles.jsonl and timelines/*.txt")
        return 1
    print(tls.report(tls.evaluate(topics)))
    return 0
