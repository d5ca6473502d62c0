"""TimeML reading, TempEval-3 scoring and the error report, with hand-made tagger output."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline import timeml
from timeline.cli import main
from timeline.model import Timex

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"
DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml" / "dev"
LAST_LINE = re.compile(r"value_f1=\d\.\d{3} strict_f1=\d\.\d{3} relaxed_f1=\d\.\d{3} docs=\d+ timexes=\d+")


def _at(text: str, phrase: str, value: str, kind: str = "DATE", rule: str = "fake") -> Timex:
    start = text.index(phrase)
    return Timex(start, start + len(phrase), phrase, kind, value, rule=rule)


def _fake_wire_tagger(text: str, dct: dt.date) -> list[Timex]:
    """On wire_profits: 2 exact hits (one with a wrong value), 1 overlap-only hit, 1 miss, 2 spurious."""
    return [
        _at(text, "Wednesday", "1998-01-07"),
        _at(text, "years", "P3Y", "DATE"),
        _at(text, "today", "PRESENT_REF"),
        _at(text, "in a row", "P1D", "DURATION"),
        _at(text, "AT&T", "1998"),
    ]


@pytest.fixture
def wire() -> timeml.TimemlDocument:
    return timeml.read_tml(FIXTURES / "wire_profits.tml")


def test_gold_offsets_point_at_the_tagged_text_after_entities_and_nested_tags():
    for path in FIXTURES.glob("*.tml"):
        document = timeml.read_tml(path)
        assert document.gold, path
        for timex in document.gold:
            assert document.text[timex.start : timex.end] == timex.text


def test_text_is_the_body_without_tags_with_entities_decoded(wire):
    assert wire.text == (
        "\nAT&T said Wednesday that profits rose for three years in a row. "
        "Shares fell today, ahead of the first quarter results.\n"
    )
    assert [(t.text, t.type, t.value, t.rule) for t in wire.gold] == [
        ("Wednesday", "DATE", "1998-01-07", "t1"),
        ("three years", "DURATION", "P3Y", "t2"),
        ("today", "DATE", "1998-01-08", "t3"),
        ("the first quarter", "DATE", "1998-Q1", "t4"),
    ]


def test_creation_date_drops_the_time_of_day_and_is_found_outside_dct():
    assert timeml.read_tml(FIXTURES / "council_vote.tml").dct == dt.date(1999, 3, 15)
    assert timeml.read_tml(FIXTURES / "tweet_christmas.tml").dct == dt.date(2014, 10, 14)


def test_scores_count_strict_relaxed_value_and_type_matches(wire):
    scores = timeml.score([wire], tagger=_fake_wire_tagger)
    assert (scores.gold, scores.system, scores.strict, scores.relaxed, scores.value, scores.type) == (4, 5, 2, 3, 2, 2)
    assert scores.strict_prf == pytest.approx((0.4, 0.5, 4 / 9))
    assert scores.relaxed_prf == pytest.approx((0.6, 0.75, 2 / 3))
    assert scores.value_prf == pytest.approx((0.4, 0.5, 4 / 9))
    assert scores.value_accuracy == pytest.approx(2 / 3)
    assert scores.type_accuracy == pytest.approx(2 / 3)


def test_relaxed_matching_is_one_to_one_and_prefers_the_exact_span(wire):
    def two_on_one(text: str, dct: dt.date) -> list[Timex]:
        return [_at(text, "three", "P3Y", "DURATION"), _at(text, "three years", "P3Y", "DURATION")]

    scores = timeml.score([wire], tagger=two_on_one)
    assert (scores.system, scores.strict, scores.relaxed) == (2, 1, 1)


def test_a_failing_tagger_is_reported_and_its_document_counts_as_all_missed(wire):
    def broken(text: str, dct: dt.date) -> list[Timex]:
        raise RuntimeError("no rules loaded")

    scores = timeml.score([wire], tagger=broken)
    assert (scores.gold, scores.system, scores.relaxed) == (4, 0, 0)
    assert scores.problems == ("wire_profits: tagger failed: RuntimeError: no rules loaded",)


def test_error_report_puts_each_difference_in_its_categories(wire):
    report = timeml.error_report([wire], tagger=_fake_wire_tagger)
    assert report.category_counts() == {"missed": 1, "spurious": 2, "wrong value": 1, "wrong type": 1, "span mismatch": 1}
    kinds = {(e.category, e.gold.text if e.gold else e.system.text): e.kind for e in report.errors}
    assert kinds[("missed", "the first quarter")] == ("quarter/season/half", "number words")
    assert kinds[("wrong value", "today")] == ("full date", "today/now word")
    assert kinds[("span mismatch", "three years")] == ("duration", "number words")
    assert kinds[("spurious", "in a row")] == ("duration", "number words")
    text = report.format()
    assert "missed | quarter/season/half | number words: 1" in text
    assert "gold 'today'=1998-01-08 (DATE); system 'today'=PRESENT_REF (DATE) rule=fake" in text
    assert "for three [years] in a row" not in text and "for [three years] in a row" in text


@pytest.mark.parametrize(
    ("value", "kind", "shape"),
    [
        ("1998-01-08", "DATE", "full date"),
        ("1998-01", "DATE", "month"),
        ("1998", "DATE", "year"),
        ("199", "DATE", "decade/century"),
        ("1998-W02", "DATE", "week"),
        ("1998-W02-WE", "DATE", "week"),
        ("1998-SU", "DATE", "quarter/season/half"),
        ("P3Y", "DURATION", "duration"),
        ("1998-01-08T14:30", "TIME", "time"),
        ("XXXX-WXX-1", "SET", "set"),
        ("PAST_REF", "DATE", "REF"),
        ("XXXX-06", "DATE", "underspecified"),
    ],
)
def test_value_shapes(value, kind, shape):
    assert timeml.value_shape(Timex(0, 1, "x", kind, value)) == shape


def test_run_eval_prints_figures_per_subfolder_and_ends_with_the_summary_line(tmp_path):
    for folder, name in (("news", "wire_profits.tml"), ("news", "council_vote.tml"), ("tweets", "tweet_christmas.tml")):
        (tmp_path / folder).mkdir(exist_ok=True)
        shutil.copy(FIXTURES / name, tmp_path / folder / name)
    (tmp_path / "tweets" / "broken.tml").write_text("<TimeML><TEXT>unclosed", encoding="utf-8")

    output = timeml.run_eval(tmp_path, report=True, tagger=_fake_wire_tagger_or_nothing)
    lines = output.splitlines()
    assert lines[-1] == "value_f1=0.235 strict_f1=0.235 relaxed_f1=0.353 docs=3 timexes=12"
    assert "[news]" in lines and "[tweets]" in lines and "[all]" in lines
    assert any(line.startswith("skipped ") and "broken.tml: not readable as XML" in line for line in lines)
    assert "errors by category: missed 9, spurious 2" in output


def _fake_wire_tagger_or_nothing(text: str, dct: dt.date) -> list[Timex]:
    return _fake_wire_tagger(text, dct) if "AT&T said" in text else []


def test_run_eval_limit_takes_documents_in_turn_from_each_subfolder(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for name in ("wire_profits.tml", "council_vote.tml"):
            shutil.copy(FIXTURES / name, tmp_path / folder / name)
    output = timeml.run_eval(tmp_path, limit=2, tagger=lambda text, dct: [])
    assert output.splitlines()[-1] == "value_f1=0.000 strict_f1=0.000 relaxed_f1=0.000 docs=2 timexes=8"
    assert "[a]" in output and "[b]" in output


def test_run_eval_on_a_missing_directory_says_so():
    output = timeml.run_eval(Path("/nonexistent/timeml"), tagger=lambda text, dct: [])
    assert "no TimeML documents to score under /nonexistent/timeml (not a directory)" in output
    assert output.splitlines()[-1] == "value_f1=0.000 strict_f1=0.000 relaxed_f1=0.000 docs=0 timexes=0"


@pytest.mark.skipif(not (DEV / "timebank").is_dir(), reason=f"shared TimeML dev data not found at {DEV / 'timebank'}")
def test_run_eval_with_the_real_tagger_on_timebank_documents():
    output = timeml.run_eval(DEV / "timebank", report=True, limit=10)
    last = output.splitlines()[-1]
    assert LAST_LINE.fullmatch(last), last
    assert " docs=10 " in last
    assert "problem:" not in output


def test_the_tagger_gets_every_value_of_the_hand_made_news_tweet_and_history_documents():
    last = timeml.run_eval(FIXTURES).splitlines()[-1]
    assert last == "value_f1=1.000 strict_f1=1.000 relaxed_f1=1.000 docs=4 timexes=22"


def test_eval_timeml_command_ends_with_the_summary_line(capsys):
    assert main(["eval-timeml", str(FIXTURES), "--report"]) == 0
    output = capsys.readouterr().out
    assert "errors by category" in output
    assert LAST_LINE.fullmatch(output.splitlines()[-1])


def test_benchmark_scores_the_tagger_and_dateparser_on_the_same_documents():
    script = Path(__file__).resolve().parent.parent / "benchmarks" / "tagger_vs_dateparser.py"
    completed = subprocess.run([sys.executable, str(script), str(FIXTURES)], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert any(line.startswith("== ours:") and "documents/s" in line and "characters/s" in line for line in lines)
    assert any(line.startswith("== dateparser:") and "documents/s" in line for line in lines)
    assert re.search(r"value F1\s+1\.000 / \d\.\d{3}", completed.stdout)
    assert re.search(r"throughput ratio \(ours/dateparser\): \d+\.\dx", completed.stdout)
