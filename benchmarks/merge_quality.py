"""How well merging groups mentions into events, against the synthetic world's true events.

    python -m benchmarks.merge_quality                 # 1,000 and 3,000 articles
    python -m benchmarks.merge_quality 10000 --seed 1

Each synthetic article is analysed by the real pipeline (tagger and extraction); a mention whose
date expression is one the generator recorded is matched to that report's true event, and the
merged events are scored with B-cubed precision and recall over those mentions (Bagga and Baldwin
1998: for each mention, the share of its event's mentions that report its true event, and the share
of its true event's mentions that its event holds). Precision falls when events are over-merged,
recall when one true event is split. Also printed: events holding matched mentions against the true
events they report, and the largest event.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make `timeline` and `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import generate_corpus
from timeline import engines, merge, pipeline

DEFAULT_SIZES = (1000, 3000)


def bcubed(predicted: dict[object, object], truth: dict[object, object]) -> tuple[float, float]:
    """B-cubed precision and recall of a clustering (item -> cluster) against the truth (item -> class)."""
    clusters: dict[object, set] = collections.defaultdict(set)
    classes: dict[object, set] = collections.defaultdict(set)
    for item, cluster in predicted.items():
        clusters[cluster].add(item)
        classes[truth[item]].add(item)
    precision = recall = 0.0
    for item, cluster in predicted.items():
        same = len(clusters[cluster] & classes[truth[item]])
        precision += same / len(clusters[cluster])
        recall += same / len(classes[truth[item]])
    n = len(predicted) or 1
    return precision / n, recall / n


def measure(size: int, seed: int) -> dict[str, float]:
    corpus = generate_corpus(size, seed)
    articles = [item.article for item in corpus]
    truth_of = {(item.article.id, r.timex.start): r.event.id for item in corpus for r in item.reports}
    mentions = [m for ms in engines.analyze_many(articles) for m in ms]
    started = time.perf_counter()
    events = merge.merge(mentions, {a.id: a for a in articles})
    seconds = time.perf_counter() - started
    by_sentence = {(m.article_id, m.sentence): m for m in mentions}
    predicted, truth = {}, {}
    for event in events:
        for source in event.sources:
            m = by_sentence.get((source.article_id, source.sentence))
            key = (m.article_id, m.timex.start) if m else None
            if key in truth_of:
                predicted[key], truth[key] = event.id, truth_of[key]
    precision, recall = bcubed(predicted, truth)
    holding = collections.Counter(predicted.values())
    return {
        "articles": len(articles), "mentions": len(mentions), "matched": len(predicted),
        "events": len(holding), "true_events": len(set(truth.values())),
        "largest": max(holding.values(), default=0), "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0, "merge_s": seconds,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.merge_quality", description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", help=f"corpus sizes (default: {' '.join(map(str, DEFAULT_SIZES))})")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print("| articles | mentions | matched | events | true events | largest | B3 precision | B3 recall | B3 F1 | merge s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes or DEFAULT_SIZES:
        r = measure(size, args.seed)
        print(f"| {r['articles']:,} | {r['mentions']:,} | {r['matched']:,} | {r['events']:,} | {r['true_events']:,} | {r['largest']} "
              f"| {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['merge_s']:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
