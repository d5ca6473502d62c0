"""Blanking inline furniture: the CPU time per article of every pattern searched in every line,
against searching a pattern only in the lines that hold the text it requires, and the same output.

    python -m benchmarks.furniture_speed               # 2,000 synthetic articles, Timeline17 dev, the sample
    python -m benchmarks.furniture_speed --rounds 7 --synthetic 5000

Both ways run on the same texts in this process, in alternating rounds (the machine may be busy),
and the median CPU milliseconds per article of each is printed. The blanked texts must be equal,
character for character, on every article, else the benchmark fails: the real pages are the
Timeline17 dev articles (../shared/data/tls/dev/*/articles.jsonl) and the bundled sample.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a file: make `timeline` and `benchmarks` importable
    sys.path.insert(0, str(PROJECT))

from benchmarks.synthetic import generate_corpus  # noqa: E402
from timeline import furniture  # noqa: E402


def blank_every_line(text: str) -> str:
    """The peer: every pattern searched in every line (at most MAX_INLINE_LINE_CHARS long)."""
    chars: list[str] | None = None
    start = 0
    for line in text.split("\n"):
        for pattern, _ in furniture._inline_patterns() if len(line) <= furniture.MAX_INLINE_LINE_CHARS else ():
            for found in pattern.finditer(line):
                if found.end() > found.start():
                    chars = chars if chars is not None else list(text)
                    chars[start + found.start() : start + found.end()] = " " * (found.end() - found.start())
        start += len(line) + 1
    return text if chars is None else "".join(chars)


def cpu_ms_per_text(blank: Callable[[str], str], texts: Sequence[str]) -> float:
    started = time.process_time()
    for text in texts:
        blank(text)
    return (time.process_time() - started) / len(texts) * 1000


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.furniture_speed", description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic articles (benchmarks/synthetic.py)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--tls", type=Path, default=PROJECT.parent / "shared" / "data" / "tls" / "dev")
    args = parser.parse_args(argv)
    corpora = {
        "synthetic": [item.article.text for item in generate_corpus(args.synthetic, 0)],
        "Timeline17 dev": [json.loads(line)["text"] for path in sorted(args.tls.glob("*/articles.jsonl")) for line in path.open(encoding="utf-8")],
        "sample": [path.read_text(encoding="utf-8") for path in sorted((PROJECT / "data").glob("*.txt"))],
    }
    lines = ["| texts | articles | blanked | every line, ms/article | lines holding the required text, ms/article | same output |", "|---|---|---|---|---|---|"]
    failed = False
    for name, texts in corpora.items():
        if not texts:
            lines.append(f"| {name} | 0 | | | | (not found) |")
            continue
        times: dict[Callable[[str], str], list[float]] = {blank_every_line: [], furniture.blank_inline_furniture: []}
        for _ in range(args.rounds):
            for blank in times:
                times[blank].append(cpu_ms_per_text(blank, texts))
        peer = [blank_every_line(text) for text in texts]
        same = peer == [furniture.blank_inline_furniture(text) for text in texts]
        failed = failed or not same
        medians = [statistics.median(values) for values in times.values()]
        changed = sum(blanked != text for blanked, text in zip(peer, texts))
        lines.append(f"| {name} | {len(texts):,} | {changed:,} | {medians[0]:.2f} | {medians[1]:.2f} | {'yes' if same else 'NO'} |")
    print("\n".join(lines))
    if failed:
        print("The two ways blanked some text differently.", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
