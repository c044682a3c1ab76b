"""Evaluate language detection: the indexer's ``Article.lang`` against known languages.

On the samples of :mod:`bench.language_samples` (trafilatura-eval,
htmldate-mediacloud-2020, PolNeAR, Reuters), each article is right, wrong
or undetermined (None).  Printed per set, and for the gold that is not
py3langid's own word (trafilatura-eval's ``detected`` pages were labelled
by py3langid, the detector we use; the htmldate pages checked by hand):
right %, wrong %, undetermined count, and the detector's CPU time per article.

    python bench/eval_language.py [--data ../shared/corpora] [--show-wrong]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.language_samples import Sample, load_samples  # noqa: E402
from indexer.extract.language import detect_language  # noqa: E402


def row(label: str, samples: list[Sample], seconds: list[float]) -> dict:
    right = sum(s.lang == s.gold for s in samples)
    unknown = sum(s.lang is None for s in samples)
    n = len(samples)
    return {"task": "language", "system": "clippings (py3langid)", "gold": label, "articles": n,
            "correct_pct": 100 * right / n, "wrong_pct": 100 * (n - right - unknown) / n, "unknown": unknown,
            "ms_per_page": 1000 * statistics.fmean(seconds)}


def evaluate(data: Path, show_wrong: bool = False) -> list[dict]:
    samples = [s for s in load_samples(data) if s.gold]
    seconds = []
    for sample in samples:       # the detector alone, on what the pipeline gives it
        started = time.process_time()       # CPU time: the machine may be busy with other work
        detect_language(sample.text, sample.declared)
        seconds.append(time.process_time() - started)
    timing = dict(zip((id(s) for s in samples), seconds))
    groups = {
        "trafilatura-eval": lambda s: s.set == "trafilatura-eval",
        "trafilatura-eval, not py3langid-made": lambda s: s.set == "trafilatura-eval" and s.gold_source != "detected",
        "htmldate-mediacloud-2020": lambda s: s.set == "htmldate-mediacloud-2020",
        "htmldate, checked by hand": lambda s: s.set == "htmldate-mediacloud-2020" and s.gold_source == "hand",
        "polnear (en)": lambda s: s.set == "polnear",
        "reuters (en)": lambda s: s.set == "reuters",
    }
    rows = []
    for label, keep in groups.items():
        chosen = [s for s in samples if keep(s)]
        if chosen:
            rows.append(row(label, chosen, [timing[id(s)] for s in chosen]))
    if show_wrong:
        for s in samples:
            if s.lang != s.gold:
                print(f"{s.set} {s.name}: gold {s.gold}, found {s.lang}, declared {s.declared!r}: "
                      f"{s.text[:100]!r}", file=sys.stderr)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args(argv)
    for r in evaluate(args.data, args.show_wrong):
        print(f"{r['gold']:<40} {r['articles']:>5}  right {r['correct_pct']:5.1f}%  wrong {r['wrong_pct']:4.1f}%"
              f"  undetermined {r['unknown']:>3}  {r['ms_per_page']:.2f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
