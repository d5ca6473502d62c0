"""`python -m timeline`: the same pipeline as the dashboard, headless.

Commands: tag (temporal expressions of one file as JSON lines), build (events of a directory),
export (the events in a chosen format), corpus (the persistent corpus the dashboard shows),
eval-timeml (tagger accuracy on TimeML documents) and eval-tls (key events against journalists'
timelines).

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

from timeline import export, ingest, pipeline, temporal
from timeline.datelines import YEARS
from timeline.model import Article, Event, Problem, counted, printable
from timeline.store import BUSY_TIMEOUT_S, Store, StoreDamaged


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
    build.add_argument("--out", type=Path, help="write {\"events\": [...]} here (default: stdout)")
    _add_cache_options(build)
    build.add_argument("--engine", choices=["local", "dask"], default="local", help="where per-article analysis runs")
    build.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")
    build.set_defaults(run=_build)

    exporter = commands.add_parser("export", help="export events as csv, json, timelinejs, ics or html")
    exporter.add_argument("directory", type=_folder, nargs="?", help="articles to build from (default: the stored corpus)")
    exporter.add_argument("--format", choices=sorted(export.FORMATS), required=True)
    exporter.add_argument("--out", type=Path, help="output file (default: stdout)")
    _add_cache_options(exporter)
    exporter.set_defaults(run=_export)

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
    backup = actions.add_parser("backup", help="write a consistent copy of the corpus store, even while the dashboard runs")
    backup.add_argument("destination", type=Path, help="a new file, or a folder to write timeline-YYYYMMDD-HHMMSS.sqlite into")
    backup.set_defaults(run=_corpus_backup)
    reset = actions.add_parser("reset", help="move a damaged corpus store aside (it is kept) so that the next command starts a new one")
    reset.set_defaults(run=_corpus_reset)

    evaluate = commands.add_parser("eval-timeml", help="score the tagger on TimeML (.tml) files, TempEval-3 style")
    evaluate.add_argument("directory", type=_folder)
    evaluate.add_argument("--report", action="store_true", help="add the error report by category")
    evaluate.add_argument("--limit", type=int, help="at most this many documents")
    evaluate.set_defaults(run=_eval_timeml)

    tls = commands.add_parser("eval-tls", help="score key events against journalists' timelines (Timeline17 layout)")
    tls.add_argument("directory", type=_folder, help="folder of topics, each with articles.jsonl and timelines/*.txt")
    tls.set_defaults(run=_eval_tls)
    return parser


def _add_cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data-dir", type=Path, help="where the analysis cache lives (default: $TIMELINE_DATA_DIR or ./var)")
    command.add_argument("--no-cache", action="store_true", help="analyse every article afresh and cache nothing")


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


def _events_of_directory(args: argparse.Namespace) -> tuple[list[Event], int]:
    articles, problems = ingest.read_directory(args.directory)
    _report(problems)
    _warn_undated(articles)
    if not articles:
        _say(f"{args.directory}: no article could be read")
        return [], 1
    options = {"engine": getattr(args, "engine", "local"), "scheduler": getattr(args, "scheduler", None)}
    if args.no_cache:
        return pipeline.build(articles, None, **options), 0
    with _opened(args.data_dir, sample=False) as store:
        return pipeline.build(articles, store, **options), 0


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


def _build(args: argparse.Namespace) -> int:
    events, status = _events_of_directory(args)
    if status:
        return status
    return _write(export.to_json(events), args.out, counted(len(events), "event"))


def _export(args: argparse.Namespace) -> int:
    if args.directory:
        events, status = _events_of_directory(args)
        if status:
            return status
    else:
        with _opened(args.data_dir) as store:
            events = pipeline.sync(store)
    return _write(export.FORMATS[args.format].write(events), args.out, f"{counted(len(events), 'event')} ({args.format})")


def _corpus_list(args: argparse.Namespace) -> int:
    with _opened(args.data_dir) as store:
        articles = store.articles()
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
        _say(f"backed up the corpus at {store.path} ({counted(len(store.identities()), 'article')}) to {destination}")
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
