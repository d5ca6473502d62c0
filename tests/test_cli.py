import csv
import io
import json
import shutil
import subprocess
import sys
import time
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
    signing = max((e for e in events if e["date"] == "2024-06-19"), key=lambda e: len(e["sources"]))
    assert {s["file"] for s in signing["sources"]} >= {p.name for p in DATA.glob("*.txt")}


GOOD_FILES = {
    "cp1252.txt": "Published: 16 October 2024\nThe minister’s “final” offer — a pay rise of 4% — was rejected by the unions on Monday, officials said.".encode("cp1252"),
    "latin1.txt": "Published: 16 October 2024\nJosé Müller, the Genève delegate, resigned on Tuesday after the vote on the fisheries accord.".encode("latin-1"),
    "utf16.txt": "Published: 16 October 2024\nLawmakers ratified the fisheries treaty on Sunday — “at last”, one said.".encode("utf-16"),
    "shiftjis.txt": "2024年10月16日\n北朝鮮とロシアは6月19日に包括的戦略パートナーシップ条約に署名した。".encode("shift_jis"),
    "scripted.html": (
        b"<html><head><title>Budget</title><script>alert('x')</script></head><body><script>var leak = 'SCRIPT';</script>"
        b"<article><p>The parliament approved the budget on March 3, 2024, after a long debate among the deputies.</p>"
        b"<p>Opposition leaders said they would appeal the decision in court next month.</p></article></body></html>"
    ),
    "rows.csv": b"title,text,published\nVote,Lawmakers voted on June 3 2024 to end the strike.,2024-06-05\nBlank,,2024-06-05\n",
}
BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (bytes(range(256)) * 8, "looks like a binary file (PDF/ZIP/image?), not text"),
    "notext.csv": (b"headline,date\nVote,2024-10-16\n", "CSV has no 'text' column (also accepted: content, body, article, full_text, fulltext; found: headline, date)"),
    "onlyscript.html": (b"<html><head><script>alert(1)</script></head><body><script>document.write('x')</script></body></html>", "no article text found in the web page"),
    "notes.xyz": (b"what is this", "unsupported file type .xyz (supported: "),
}


def _mixed_folder(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(SEED_002, folder / "good.txt")
    (folder / "manifest.csv").write_text("file,title,outlet,published\ngood.txt,Ratified,Wire,2024-11-12\n", encoding="utf-8")
    for name, data in GOOD_FILES.items():
        (folder / name).write_bytes(data)
    for name, (data, _message) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(52_400_000)  # sparse: refused by its size, never read
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    return folder


def test_build_goes_through_a_batch_with_bad_files_and_names_each_problem(tmp_path):
    corpus = _mixed_folder(tmp_path / "corpus")
    out = tmp_path / "events.json"
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "timeline", "build", str(corpus), "--out", str(out), "--no-cache"],
        capture_output=True, text=True, cwd=PROJECT, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert time.perf_counter() - started < 60
    messages = dict(line.split(": ", 1) for line in completed.stderr.splitlines() if ": " in line)
    for name, (_data, message) in BAD_FILES.items():
        assert messages.pop(name).startswith(message), name
    assert messages.pop("huge.txt") == "file is 52.4 MB, over the 20 MB limit"
    assert messages.pop("gone.txt") == "not a file that can be read (a broken link?)"
    assert messages.pop("rows.csv") == "row 2: empty text"
    assert messages.pop("scripted.html") == "no publication date; its relative dates stay off the timeline until one is set"
    assert messages == {}  # nothing said about the other good files: each was read and dated
    text = out.read_text(encoding="utf-8")
    assert "alert(" not in text and "SCRIPT" not in text
    sources = {(e["date"], s["file"]) for e in json.loads(text)["events"] for s in e["sources"]}
    expected = {("2024-11-11", "good.txt"), ("2024-10-14", "cp1252.txt"), ("2024-10-15", "latin1.txt"), ("2024-10-13", "utf16.txt")}
    assert expected | {("2024-03-03", "scripted.html"), ("2024-06-03", "rows.csv#row1")} <= sources


def test_build_fails_when_no_article_can_be_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, (data, _message) in BAD_FILES.items():
        (corpus / name).write_bytes(data)
    completed = subprocess.run(
        [sys.executable, "-m", "timeline", "build", str(corpus), "--out", str(tmp_path / "events.json")],
        capture_output=True, text=True, cwd=PROJECT, timeout=120,
    )
    assert completed.returncode == 1
    assert all(f"{name}: " in completed.stderr for name in BAD_FILES)
    assert f"{corpus}: no article could be read" in completed.stderr
    assert not (tmp_path / "events.json").exists()


def test_build_of_a_file_rather_than_a_folder_is_a_usage_error_that_says_so(tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["build", str(SEED_002)])
    assert exited.value.code == 2
    assert f"{SEED_002}: is a file, not a folder" in capsys.readouterr().err


def test_adding_a_batch_with_bad_files_to_the_corpus_keeps_what_was_stored_and_adds_the_good_ones(tmp_path, capsys):
    corpus = _mixed_folder(tmp_path / "corpus")
    assert main(["corpus", "list"]) == 0
    before = _json_lines(capsys.readouterr().out)
    files = sorted(str(path) for path in corpus.iterdir() if path.name != "manifest.csv")
    assert main(["corpus", "add", *files, str(tmp_path / "missing.txt")]) == 0
    err = capsys.readouterr().err
    assert "huge.txt: file is 52.4 MB, over the 20 MB limit" in err and "missing.txt: file not found" in err
    assert "6 added, 1 already in the corpus, 9 problems" in err  # good.txt is seed 002, stored with the sample
    assert main(["corpus", "list"]) == 0
    after = _json_lines(capsys.readouterr().out)
    assert after[: len(before)] == before
    assert {row["file"] for row in after[len(before) :]} == {*GOOD_FILES, "rows.csv#row1"} - {"rows.csv"}


@pytest.mark.parametrize("argv", [["tag", "--dct", "9999-12-31", str(SEED_002)], ["corpus", "set-date", "any", "0001-01-01"]])
def test_a_date_outside_the_years_articles_are_published_in_is_refused_with_a_message(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "expected a publication date from 1900 to 2100" in capsys.readouterr().err


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


def _events(capsys, *extra: str) -> dict[str, list[str]]:
    """`events list`: each event's fields by label."""
    assert main(["events", "list", *extra]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    return {row[5]: row for row in rows}


def _edit(capsys, *argv: str) -> str:
    assert main(["events", *argv, "--by", "ana"]) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_events_are_relabelled_redated_marked_key_and_undone_from_the_command_line(capsys):
    listed = _events(capsys)
    visit = listed["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"]
    assert visit[1:4] == ["2024-06-19", "day", "5 sources"]
    assert _edit(capsys, "relabel", visit[0][:6], "Putin and Kim sign the treaty").startswith("edit 1: relabel")
    _edit(capsys, "redate", visit[0], "2024-06")
    consent = listed["Russia's parliament gave its consent to the treaty"]
    _edit(capsys, "key", consent[0])
    after = _events(capsys)
    signed = after["Putin and Kim sign the treaty"]
    assert signed[0] == visit[0] and signed[1:3] == ["2024-06", "month"] and signed[6] == "[edited: relabel, redate]"
    assert _events(capsys, "--key")["Russia's parliament gave its consent to the treaty"][6] == "[edited: key]"
    assert main(["events", "key", "--off", consent[0]]) == 0 and "undone edit 3: mark" in capsys.readouterr().out
    assert main(["events", "key", "--off", consent[0]]) == 1 and "not marked key" in capsys.readouterr().err
    _edit(capsys, "key", consent[0])

    assert main(["events", "edits"]) == 0
    log = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [(row[0], row[2], row[3]) for row in log] == [("1", "ana", "applied"), ("2", "ana", "applied"), ("4", "ana", "applied")]
    assert main(["events", "undo", "1"]) == 0
    assert "undone edit 1" in capsys.readouterr().out
    assert _events(capsys)["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"][1] == "2024-06"
    assert main(["events", "undo", "1"]) == 1 and "already undone" in capsys.readouterr().err


def test_events_are_merged_split_moved_and_hidden_by_their_sources(capsys):
    listed = _events(capsys)
    visit, consent = listed["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"][0], listed["Russia's parliament gave its consent to the treaty"][0]
    assert main(["events", "show", visit]) == 0
    sources = [line.split("\t")[0].strip() for line in capsys.readouterr().out.splitlines()[1:]]
    ytn = next(name for name in sources if name.startswith("8129209fc11cc538@"))
    _edit(capsys, "split", visit, ytn)
    split = _events(capsys)
    assert split["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"][3] == "5 sources" and len(split) == len(listed) + 1
    one_quote = [row for label, row in split.items() if row[6:] == ["[edited: move]"] and row[3] == "1 source"]
    assert len(one_quote) == 1
    _edit(capsys, "move", visit, "05f2f88fa54d716a", "--into", consent)
    assert _events(capsys)["Russia's parliament gave its consent to the treaty"][3] == "3 sources"
    ministry = listed["A Russian foreign ministry spokesperson also criticized the provocation as a violation of North Korea's sovereignty"][0]
    spokesman = listed["Vladimir Putin’s spokesperson had a rather cagey response to questions about Russia’s deal with North Korea"][0]
    _edit(capsys, "merge", spokesman, ministry)
    _edit(capsys, "hide", listed["Ukraine invaded Kursk"][0])
    final = _events(capsys)
    assert "A Russian foreign ministry spokesperson also criticized the provocation as a violation of North Korea's sovereignty" not in final
    assert "Ukraine invaded Kursk" not in final
    assert final["Vladimir Putin’s spokesperson had a rather cagey response to questions about Russia’s deal with North Korea"][3] == "2 sources"


def test_an_event_or_source_that_names_nothing_and_an_impossible_edit_get_a_message(capsys):
    visit = _events(capsys)["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"][0]
    assert main(["events", "relabel", "nothing", "x"]) == 1 and "no event 'nothing'" in capsys.readouterr().err
    assert main(["events", "redate", visit, "next week"]) == 1 and "not a date" in capsys.readouterr().err
    assert main(["events", "split", visit, "no-such-article"]) == 1 and "none of the event's sources" in capsys.readouterr().err
    assert main(["events", "edits"]) == 0 and capsys.readouterr().out == ""


def test_every_export_of_the_corpus_carries_the_edited_events_and_a_stale_edit_is_reported(tmp_path, capsys):
    listed = _events(capsys)
    _edit(capsys, "relabel", listed["Kim Jong Un officially sanctioned the Treaty of Comprehensive Strategic Partnerships with Russia"][0], "Kim ratifies the treaty")
    _edit(capsys, "key", listed["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"][0])
    assert main(["export", "--format", "json", "--out", str(tmp_path / "t.json")]) == 0
    exported = {e["label"]: e for e in json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["events"]}
    assert [(e["kind"], e["value"], e["author"]) for e in exported["Kim ratifies the treaty"]["edits"]] == [("relabel", "Kim ratifies the treaty", "ana")]
    assert exported["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"]["key"] is True
    for fmt, marker in [("csv", "Kim ratifies the treaty"), ("timelinejs", "Kim ratifies the treaty"), ("ics", "Kim ratifies the treaty"), ("html", "Kim ratifies the treaty")]:
        assert main(["export", "--format", fmt, "--out", str(tmp_path / f"t.{fmt}")]) == 0
        assert marker in (tmp_path / f"t.{fmt}").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    assert {r["edits"] for r in rows if r["label"] == "Kim ratifies the treaty"} == {"relabel"}
    assert {r["title_source"] for r in rows if r["source_file"].startswith("002_")} == {"derived"}

    assert main(["corpus", "remove", "9e46421a585b9b87"]) == 0
    assert main(["export", "--format", "json", "--out", str(tmp_path / "t.json")]) == 0
    assert "edit 1 not applied (stale: none of its mentions" in capsys.readouterr().err
    assert main(["events", "edits"]) == 0
    assert "\tstale (none of its mentions" in capsys.readouterr().out


def test_an_edits_file_is_exported_and_applied_to_another_corpus_and_to_a_built_directory(tmp_path, capsys):
    listed = _events(capsys)
    _edit(capsys, "relabel", listed["Vladimir Putin and Kim Jong Un signed a strategic partnership pact"][0], "Putin and Kim sign the treaty")
    _edit(capsys, "hide", listed["Ukraine invaded Kursk"][0])
    assert main(["events", "export-edits", "--out", str(tmp_path / "edits.json")]) == 0
    other = ["--data-dir", str(tmp_path / "other")]
    assert main(["events", "apply-edits", str(tmp_path / "edits.json"), *other]) == 0
    out = capsys.readouterr().out
    assert "edit 1: applied: relabel" in out and "edit 2: applied: hide" in out
    assert main(["events", "apply-edits", str(tmp_path / "edits.json"), *other]) == 0
    assert "0 edits added, 2 already in the corpus" in capsys.readouterr().err
    assert "Putin and Kim sign the treaty" in _events(capsys, *other)

    assert main(["build", str(DATA), "--no-cache", "--edits", str(tmp_path / "edits.json"), "--out", str(tmp_path / "b.json")]) == 0
    labels = {e["label"] for e in json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["events"]}
    assert "Putin and Kim sign the treaty" in labels and "Ukraine invaded Kursk" not in labels
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert main(["events", "apply-edits", str(tmp_path / "bad.json")]) == 1 and "not an edits file" in capsys.readouterr().err


def test_corpus_set_changes_an_articles_title_outlet_url_and_date_and_a_cleared_title_is_derived_again(capsys):
    article = "9e46421a585b9b87"
    assert main(["corpus", "set", article, "--title", "North Korea ratifies treaty with Russia", "--outlet", "Korea Times", "--url", "https://example.org/a", "--published", "2024-11-13"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["title"], row["title_source"], row["outlet"], row["url"], row["published"], row["published_source"]) == (
        "North Korea ratifies treaty with Russia", "user", "Korea Times", "https://example.org/a", "2024-11-13", "user"
    )  # fmt: skip
    assert _events(capsys)["Kim Jong Un officially sanctioned the Treaty of Comprehensive Strategic Partnerships with Russia"][1] == "2024-11-11"
    assert main(["corpus", "set", article, "--title", ""]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["title_source"] == "derived" and row["title"].startswith("In a move that has evoked")
    assert main(["corpus", "set", article, "--url", "javascript:alert(1)"]) == 1 and "http://" in capsys.readouterr().err
    assert main(["corpus", "set", article]) == 2 and "nothing to set" in capsys.readouterr().err
    assert main(["corpus", "set", "missing", "--title", "x"]) == 1


def test_the_corpus_is_titled_shown_and_cleared_from_the_command_line_and_every_export_carries_it(capsys):
    assert main(["corpus", "title"]) == 0
    assert capsys.readouterr().out.startswith("(untitled)")
    assert main(["corpus", "title", "Russia and  North Korea's treaty\n", "--description", "Five articles."]) == 0
    assert main(["corpus", "title"]) == 0
    assert capsys.readouterr().out == "Russia and North Korea's treaty\n\nFive articles.\n"
    assert main(["export", "--format", "ics"]) == 0
    assert "X-WR-CALNAME:Russia and North Korea's treaty\r\n" in capsys.readouterr().out
    assert main(["export", "--format", "json", "--title", "Just this file"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Just this file"
    assert main(["corpus", "title", "x" * 201]) == 2
    assert "keep it to 200" in capsys.readouterr().err
    assert main(["corpus", "title", "--description", "Five articles, retitled."]) == 0
    assert main(["corpus", "title"]) == 0
    assert capsys.readouterr().out == "Russia and North Korea's treaty\n\nFive articles, retitled.\n"
    assert main(["corpus", "title", ""]) == 0
    assert main(["corpus", "title"]) == 0
    assert capsys.readouterr().out.startswith("(untitled)")


def test_story_prints_the_key_events_one_by_one_in_date_order_with_their_quotes(capsys):
    assert main(["story", str(DATA), "--no-cache"]) == 0
    slides = capsys.readouterr().out.split("\n\n[")
    assert len(slides) == 10 and slides[1].startswith("2/10] 19 June 2024 · reported · 5 sources\nVladimir Putin and Kim Jong Un signed")
    assert slides[2].startswith("3/10] Sometime in August 2024")
    assert "[June 19]" in slides[1] and "— Putin's Spokesperson Has A Rather Cagey Response" in slides[1]
    assert main(["story", str(DATA), "--no-cache", "--count", "3"]) == 0
    assert capsys.readouterr().out.count("\n\n[") == 2
