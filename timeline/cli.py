"""`python -m timeline`: the same pipeline as the dashboard, headless.

Commands: tag (temporal expressions of one file as JSON lines), build (events of a directory),
export (the events in a chosen format), story (the key events one by one, as the dashboard's story
view tells them), corpus (the persistent corpus the dashboard shows, its title and description),
eval-timeml (tagger accuracy on TimeML documents) and eval-tls (key events against journalists'
timelines).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from timeline import export, filters, ingest, pipeline, salience, temporal, viz
from timeline.datelines import YEARS
from timeline.model import Article, CorpusInfo, Event, Problem
from timeline.story import Story, slide_text

def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m timeline", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    tag = commands.add_parser("tag", help="print each temporal expression in FILE as a JSON line")
    tag.add_argument("file", type=Path)
    tag.add_argument("--dct", type=_iso_date, help="publication date to anchor relative dates (default: the file's own)")
    tag.set_defaults(run=_tag)

    build = commands.add_parser("build", help="build the merged events of every article in DIR")
    build.add_argument("directory", type=Path)
    build.add_argument("--out", type=Path, help="write the events as JSON, {\"title\": \"\", \"description\": \"\", \"events\": [...]}, here (default: stdout)")
    _add_cache_options(build)
    build.add_argument("--engine", choices=["local", "dask"], default="local", help="where per-article analysis runs")
    build.add_argument("--scheduler", help="Dask scheduler address (default: start a local cluster)")
    build.set_defaults(run=_build)

    exporter = commands.add_parser("export", help="export events as csv, json, timelinejs, ics or html")
    exporter.add_argument("directory", type=Path, nargs="?", help="articles to build from (default: the stored corpus)")
    exporter.add_argument("--format", choices=sorted(export.FORMATS), required=True)
    exporter.add_argument("--out", type=Path, help="output file (default: stdout)")
    exporter.add_argument("--title", help="the timeline's title in this file (default: the stored corpus' title)")
    exporter.add_argument("--description", help="its description in this file (default: the stored corpus' description)")
    _add_cache_options(exporter)
    exporter.set_defaults(run=_export)

    story = commands.add_parser("story", help="print the key events one by one in date order, with what each source says")
    story.add_argument("directory", type=Path, nargs="?", help="articles to build from (default: the stored corpus)")
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
    titling = actions.add_parser("title", help="show, set or clear (\"\") the corpus' title, which the dashboard and every export carry")
    titling.add_argument("title", nargs="?", help="the new title (omit it to print the current title and description)")
    titling.add_argument("--description", help="the new description (default: keep the current one)")
    titling.set_defaults(run=_corpus_title)

    evaluate = commands.add_parser("eval-timeml", help="score the tagger on TimeML (.tml) files, TempEval-3 style")
    evaluate.add_argument("directory", type=Path)
    evaluate.add_argument("--report", action="store_true", help="add the error report by category")
    evaluate.add_argument("--limit", type=int, help="at most this many documents")
    evaluate.set_defaults(run=_eval_timeml)

    tls = commands.add_parser("eval-tls", help="score key events against journalists' timelines (Timeline17 layout)")
    tls.add_argument("directory", type=Path, help="folder of topics, each with articles.jsonl and timelines/*.txt")
    tls.set_defaults(run=_eval_tls)
    return parser


def _add_cache_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--data-dir", type=Path, help="where the analysis cache lives (default: $TIMELINE_DATA_DIR or ./var)")
    command.add_argument("--no-cache", action="store_true", help="analyse every article afresh and cache nothing")


def _iso_date(value: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
    if date.year not in YEARS:
        raise argparse.ArgumentTypeError(f"expected a publication date from {YEARS[0]} to {YEARS[-1]}, got {value}")
    return date


def _report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"{problem.file}: {problem.message}", file=sys.stderr)


def _tag(args: argparse.Namespace) -> int:
    text, dct, problems = ingest.read_text_for_tagging(args.file)
    _report(problems)
    if text is None:
        return 1
    anchor = args.dct or dct
    if anchor is None:
        print(f"{args.file}: no publication date found; relative dates are left unresolved (set one with --dct)", file=sys.stderr)
    for timex in temporal.tag(text, anchor):
        print(json.dumps({"start": timex.start, "end": timex.end, "text": timex.text, "type": timex.type, "value": timex.value}, ensure_ascii=False))
    return 0


def _events_of_directory(args: argparse.Namespace) -> tuple[list[Article], list[Event], int]:
    articles, problems = ingest.read_directory(args.directory)
    _report(problems)
    _warn_undated(articles)
    if not articles:
        print(f"{args.directory}: no article could be read", file=sys.stderr)
        return [], [], 1
    store = None if args.no_cache else pipeline.open_store(args.data_dir)
    engine = getattr(args, "engine", "local")
    return articles, pipeline.build(articles, store, engine=engine, scheduler=getattr(args, "scheduler", None)), 0


def _articles_and_events(args: argparse.Namespace) -> tuple[list[Article], list[Event], CorpusInfo, int]:
    """The articles and events of DIR, or else of the stored corpus, with the stored title and description."""
    if args.directory:
        articles, events, status = _events_of_directory(args)
        return articles, events, CorpusInfo(), status
    store = pipeline.open_store(args.data_dir)
    _report(pipeline.ensure_sample_corpus(store))
    events = pipeline.sync(store)
    return store.articles(), events, store.corpus_info(), 0


def _warn_undated(articles: Sequence[Article]) -> None:
    for article in articles:
        if article.published is None:
            print(f"{article.file}: no publication date; its relative dates stay off the timeline until one is set", file=sys.stderr)


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _build(args: argparse.Namespace) -> int:
    _, events, status = _events_of_directory(args)
    if status:
        return status
    _write(export.to_json(events), args.out)
    if args.out:
        print(f"{len(events)} events written to {args.out}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    """The file the dashboard's download button gives for the same events (all of them, unfiltered)."""
    articles, events, info, status = _articles_and_events(args)
    if status:
        return status
    try:
        info = CorpusInfo.of(info.title if args.title is None else args.title, info.description if args.description is None else args.description)
    except ValueError as error:
        print(f"export: {error}", file=sys.stderr)
        return 2
    document = export.Document(events, info, viz.View(story=salience.story_span(articles)))
    _write(export.FORMATS[args.format].write(document), args.out)
    return 0


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
    store = _corpus_store(args)
    for article in store.articles():
        print(json.dumps({k: v for k, v in asdict(article).items() if k != "text"}, ensure_ascii=False))
    return 0


def _corpus_add(args: argparse.Namespace) -> int:
    store = _corpus_store(args)
    loaded = [(path.name, ingest.read_bytes(path)) for path in args.files]
    unread = [data for _, data in loaded if isinstance(data, Problem)]
    _report(unread)
    files = [(name, data) for name, data in loaded if isinstance(data, bytes)]
    published = {name: args.published.isoformat() for name, _ in files} if args.published else None
    result = pipeline.ingest_files(store, files, published)
    _report(result.problems)
    _warn_undated(result.undated)
    print(f"{len(result.added)} added, {len(result.duplicates)} already in the corpus, {len(unread) + len(result.problems)} problems", file=sys.stderr)
    return 0 if result.added or result.duplicates else 1


def _corpus_remove(args: argparse.Namespace) -> int:
    if not _corpus_store(args).remove_article(args.article_id):
        print(f"no article with id {args.article_id}", file=sys.stderr)
        return 1
    return 0


def _corpus_set_date(args: argparse.Namespace) -> int:
    try:
        _corpus_store(args).set_published(args.article_id, args.published.isoformat())
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 1
    return 0


def _corpus_title(args: argparse.Namespace) -> int:
    store = _corpus_store(args)
    info = store.corpus_info()
    if args.title is None and args.description is None:
        print(info.title or "(untitled)")
        if info.description:
            print(f"\n{info.description}")
        return 0
    try:
        store.set_corpus_info(info.title if args.title is None else args.title, info.description if args.description is None else args.description)
    except ValueError as error:
        print(f"corpus title: {error}; nothing was changed", file=sys.stderr)
        return 2
    return 0


def _eval_timeml(args: argparse.Namespace) -> int:
    from timeline import timeml

    print(timeml.run_eval(args.directory, report=args.report, limit=args.limit))
    return 0


def _eval_tls(args: argparse.Namespace) -> int:
    from timeline import tls

    if not args.directory.is_dir():
        print(f"{args.directory}: not a folder of topics", file=sys.stderr)
        return 1
    topics, problems = tls.read_topics(args.directory)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not topics:
        print(f"{args.directory}: no topic with articles.jsonl and timelines/*.txt", file=sys.stderr)
        return 1
    print(tls.report(tls.evaluate(topics)))
    return 0
