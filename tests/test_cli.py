import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline.cli import main

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"
SEED_002 = DATA / "002_2242d72101a81298.txt"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMELINE_DATA_DIR", str(tmp_path / "store"))


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_tag_prints_one_json_object_per_expression_with_offsets_into_the_file(capsys):
    assert main(["tag", "--dct", "2024-11-12", str(SEED_002)]) == 0
    rows = _json_lines(capsys.readouterr().out)
    text = SEED_002.read_text(encoding="utf-8")
    assert rows and all(set(row) == {"start", "end", "text", "type", "value"} for row in rows)
    assert all(text[row["start"] : row["end"]] == row["text"] for row in rows)
    assert any(r["text"].endswith("Monday") and r["value"] == "2024-11-11" for r in rows)
    assert any(r["text"].endswith("November 6") and r["value"] == "2024-11-06" for r in rows)


def test_tag_without_a_date_says_so_instead_of_guessing_today(tmp_path, capsys):
    article = tmp_path / "undated.txt"
    article.write_text("The minister resigned on Monday. The treaty was signed on June 19, 2024.", encoding="utf-8")
    assert main(["tag", str(article)]) == 0
    captured = capsys.readouterr()
    assert "no publication date" in captured.err
    values = {row["text"]: row["value"] for row in _json_lines(captured.out)}
    assert values["June 19, 2024"] == "2024-06-19"
    assert not values.get("Monday", "X").startswith("20")


def test_build_writes_events_with_dates_intervals_labels_and_sources(tmp_path):
    out = tmp_path / "events.json"
    assert main(["build", str(DATA), "--out", str(out)]) == 0
    events = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert events
    for event in events:
        assert {"date", "start", "end", "label", "sources"} <= set(event)
        assert event["start"] <= event["end"]
        for source in event["sources"]:
            assert {"file", "title", "outlet", "published", "sentence"} <= set(source)
    signing = [e for e in events if e["date"] == "2024-06-19"]
    assert signing and {s["file"] for s in signing[0]["sources"]} >= {p.name for p in DATA.glob("*.txt")}


def test_build_goes_through_a_batch_with_bad_files_and_names_each_problem(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_002, corpus / "good.txt")
    (corpus / "manifest.csv").write_text("file,title,outlet,published\ngood.txt,Ratified,Wire,2024-11-12\n", encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (corpus / "scripted.html").write_text(
        "<html><head><title>Page</title><script>alert('x')</script></head><body><article><p>"
        "The parliament approved the budget on March 3, 2024, after a long debate among the deputies.</p>"
        "<p>Opposition leaders said they would appeal the decision in court next month.</p></article></body></html>",
        encoding="utf-8",
    )
    (corpus / "notes.xyz").write_text("what is this", encoding="utf-8")
    out = tmp_path / "events.json"
    assert main(["build", str(corpus), "--out", str(out), "--no-cache"]) == 0
    err = capsys.readouterr().err
    for name in ("empty.txt", "binary.txt", "notes.xyz"):
        assert name in err
    events = json.loads(out.read_text(encoding="utf-8"))["events"]
    assert any(e["date"] == "2024-11-11" for e in events)
    assert any(e["date"] == "2024-03-03" and e["sources"][0]["file"] == "scripted.html" for e in events)
    assert "alert(" not in out.read_text(encoding="utf-8")


def test_build_fails_when_no_article_can_be_read(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    assert main(["build", str(corpus), "--out", str(tmp_path / "events.json")]) != 0
    assert "empty.txt" in capsys.readouterr().err


def test_a_second_build_of_an_unchanged_corpus_reuses_the_cache(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert main(["build", str(DATA), "--out", str(first)]) == 0
    assert main(["build", str(DATA), "--out", str(second)]) == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_corpus_commands_add_list_redate_and_remove_articles(tmp_path, capsys):
    article = tmp_path / "new.txt"
    article.write_text("The governor signed the water bill on Monday, officials said.", encoding="utf-8")
    assert main(["corpus", "add", str(article)]) == 0
    assert "no publication date" in capsys.readouterr().err
    assert main(["corpus", "list"]) == 0
    listed = {row["file"]: row for row in _json_lines(capsys.readouterr().out)}
    assert listed["new.txt"]["published_source"] == "unknown"
    assert len(listed) == 6
    added_id = listed["new.txt"]["id"]
    assert main(["corpus", "set-date", added_id, "2024-11-12"]) == 0
    assert main(["export", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert any(e["date"] == "2024-11-11" and any(s["file"] == "new.txt" for s in e["sources"]) for e in events)
    assert main(["corpus", "remove", added_id]) == 0
    assert main(["export", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)["events"]
    assert not any(s["file"] == "new.txt" for e in events for s in e["sources"])


@pytest.mark.parametrize("fmt, marker", [("csv", "sentence"), ("json", '"events"'), ("timelinejs", '"events"'), ("ics", "BEGIN:VCALENDAR"), ("html", "<html")])
def test_export_writes_every_format_from_a_directory(tmp_path, fmt, marker):
    out = tmp_path / f"events.{fmt}"
    assert main(["export", str(DATA), "--format", fmt, "--out", str(out)]) == 0
    assert marker in out.read_text(encoding="utf-8")


def test_python_dash_m_timeline_runs_the_cli(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "timeline", "tag", "--dct", "2024-11-12", str(SEED_002)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert any(json.loads(line)["value"] == "2024-06-19" for line in completed.stdout.splitlines())
