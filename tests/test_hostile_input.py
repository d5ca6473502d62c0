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
from timeline import events, export, ingest, pipeline
from timeline.model import Article, Event, Source

PROJECT = Path(__file__).resolve().parent.parent


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
    return lambda n: pipeline.analyze(Article(file="long.txt", text=make(n).decode(), published="2024-06-20"))


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


@pytest.mark.parametrize("unit", [b"![a", b"[a](", b" **a", b" _a", b"*a", b"<a "])
def test_reading_markdown_or_a_table_cell_with_unclosed_marks_takes_time_in_proportion_to_it(unit):
    assert_linear(lambda n: ingest.read_upload("notes.md", b"On June 19, 2024 talks began. " + unit * (300 * n)), 10)
    assert_linear(lambda n: ingest.read_upload("rows.csv", b"text\n" + unit * (300 * n) + b" <p>on June 19, 2024"), 10)


def test_the_quote_of_a_date_in_a_line_without_full_stops_is_the_stretch_around_it():
    text = anaphora_chain(400).decode()
    mentions = pipeline.analyze(Article(file="long.txt", text=text, published="2024-06-20"))
    assert len(mentions) == 401
    assert all(len(m.sentence) <= 2 * events.QUOTE_REACH + len(m.timex.text) for m in mentions)
    assert all(text[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence for m in mentions)
    assert all(m.timex.start >= m.sentence_start and m.timex.end <= m.sentence_start + len(m.sentence) for m in mentions)


def test_a_line_of_sentences_is_still_cut_at_each_sentence_but_not_after_an_abbreviation():
    sentences = ["It rained in Moscow.", "Mr. Smith left on Monday.", "Officials said so!", "Gen. J. Doe of the U.S. Army came.", "Prices rose 3.5 percent…", "“Enough,” he said."]
    line = " ".join(sentences * 50)
    assert [line[s:e] for s, e in events.split_sentences(line)] == sentences * 50
