"""eval-tls: Date-F1 and ROUGE-1 as news-tls computes them, and the command end to end."""

import datetime as dt
from pathlib import Path

import pytest

from timeline import cli, tls

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "tls"
D = dt.date


def test_date_f1_is_one_for_the_gold_dates_and_zero_for_disjoint_ones():
    gold = [D(2011, 1, 25), D(2011, 1, 28)]
    assert tls.date_f1([D(2011, 1, 28), D(2011, 1, 25)], gold) == 1.0
    assert tls.date_f1([D(2011, 1, 26), D(2011, 1, 27)], gold) == 0.0


def test_date_f1_ignores_dates_outside_the_gold_span_and_keeps_only_the_k_best():
    gold = [D(2011, 1, 25), D(2011, 1, 28), D(2011, 2, 11)]
    ranked = [D(2010, 6, 1), D(2011, 1, 25), D(2011, 1, 26), D(2011, 1, 28), D(2011, 2, 11)]
    # outside the span: 2010-06-01 is skipped; k = 3 keeps Jan 25, Jan 26, Jan 28: 2 hits of 3
    assert round(tls.date_f1(ranked, gold), 3) == round(2 / 3, 3)


def test_rouge1_f1_counts_shared_unigrams_case_free_and_reads_treebank_clitics():
    # "egypt s" on both sides: candidate 5 unigrams, reference 6, all 5 shared: P 1, R 5/6
    score = tls.rouge1_f1("Mubarak sacks Egypt's cabinet", "Mubarak sacks Egypt 's whole Cabinet")
    assert round(score, 3) == round(2 * (5 / 6) / (1 + 5 / 6), 3)
    assert tls.rouge1_f1("Protesters chanted", "Mubarak resigns") == 0.0


def test_a_tilse_timeline_reads_dates_with_their_summaries():
    gold = tls.read_timeline(FIXTURE / "mini" / "timelines" / "gold.txt")
    assert list(gold) == [D(2011, 1, 25), D(2011, 1, 28)]
    assert gold[D(2011, 1, 28)].startswith("Mubarak sacks his Cabinet")


def test_eval_tls_scores_each_timeline_and_ends_on_a_machine_readable_line(capsys):
    assert cli.main(["eval-tls", str(FIXTURE)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    figures = dict(pair.split("=") for pair in lines[-1].split())
    assert set(figures) == {"project_date_f1", "pubcount_date_f1", "dateparser_date_f1", "label_rouge1", "timelines"}
    assert figures["timelines"] == "1"
    assert float(figures["project_date_f1"]) == 1.0
    assert 0 < float(figures["label_rouge1"]) <= 1


def test_eval_tls_on_a_folder_without_topics_says_so_without_a_traceback(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["eval-tls", str(tmp_path / "missing")])
    assert exited.value.code == 2  # a usage error
    assert "missing: folder not found" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert cli.main(["eval-tls", str(tmp_path)]) == 1
    assert "needs articles.jsonl" in capsys.readouterr().err
