"""Score the HTML cleaner on the article-extraction benchmark (181 pages with gold bodies).

Data: ``<data>/article-extraction-benchmark/`` with ``html/<id>.html.gz``,
``ground-truth.json`` and ``baseline-output/<library>.json``.

Metric (re-implemented from the benchmark's description): both texts are
tokenised with ``\\w+`` and lowercased, cut into 4-gram shingles with counts
(a text shorter than 4 tokens is one shingle); per page
tp = sum of min(gold, predicted), fp = predicted excess, fn = gold excess,
normalised so tp + fp + fn = 1.  Two averages over pages are reported:

* ``precision``/``recall``/``f1``: the benchmark's own code, i.e. the mean
  of per-page precision (pages with an empty prediction left out) and of
  per-page recall, then F1 of the two means;
* ``*_pooled``: the mean tp, fp and fn over pages, then P = tp/(tp+fp),
  R = tp/(tp+fn) and F1.

The gold bodies never include the headline, so our passages are scored
without the title; nor do they include the standfirst (the benchmark's
gold is the schema.org ``articleBody``), so ours are scored on the
article's ``text`` (passages), without the standfirst.  A paired bootstrap
over pages (``bench/bootstrap.py``) gives ours minus each library in F1.  Rows for the published ``baseline-output`` files check
the metric (trafilatura 2.0.0: 0.958 F1, readability-lxml 0.8.4.1: 0.922).
``ms_per_page`` is CPU time (``time.process_time``) per page, parsing
included, so that a busy machine does not inflate it.

Run: ``python3 bench/eval_html.py [--data ../shared/corpora] [--json]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pathlib
import re
import sys
import time
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bootstrap import versus_line, versus_rows  # noqa: E402
from bench.html_systems import clippings_body, extractors  # noqa: E402
from indexer.extract import html as cleaner  # noqa: E402

BENCHMARK = "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """Lowercased 4-token shingles of ``text`` with their counts."""
    tokens = [t.lower() for t in _TOKEN.findall(text or "")]
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def page_counts(gold: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page, normalised to sum to 1 (all zero if both are empty)."""
    truth, guess = shingles(gold), shingles(predicted)
    tp = sum((truth & guess).values())
    fp = sum((guess - truth).values())
    fn = sum((truth - guess).values())
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def scores(counts: list[tuple[float, float, float]]) -> dict:
    """Precision, recall and F1, both the benchmark's per-page means and pooled."""
    precisions = [1.0 if fp == fn == 0 else tp / (tp + fp) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [1.0 if fp == fn == 0 else tp / (tp + fn) for tp, fp, fn in counts if tp + fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    pp = tp / (tp + fp) if tp + fp else 0.0
    pr = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(_f1(p, r), 4),
        "precision_pooled": round(pp, 4), "recall_pooled": round(pr, 4), "f1_pooled": round(_f1(pp, pr), 4),
    }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def load(data_dir: pathlib.Path) -> tuple[pathlib.Path, dict[str, str], dict[str, str]]:
    """(benchmark folder, gold bodies by id, page HTML by id)."""
    folder = data_dir if (data_dir / "ground-truth.json").exists() else data_dir / BENCHMARK
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {key: value.get("articleBody", "") for key, value in truth.items()}
    pages = {key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
             for key in gold}
    return folder, gold, pages


def _headline_in_gold(gold: dict[str, str], pages: dict[str, str]) -> int:
    """How many gold bodies begin with the headline our cleaner finds."""
    count = 0
    for key, page in pages.items():
        title = cleaner.clean(cleaner.parse(page)).title or ""
        words = [t.lower() for t in _TOKEN.findall(title)]
        head = [t.lower() for t in _TOKEN.findall(gold[key])[:len(words) + 5]]
        if words and any(head[i:i + len(words)] == words for i in range(6)):
            count += 1
    return count


def evaluate(data_dir: pathlib.Path, notes: list[str] | None = None) -> list[dict]:
    """One row per system: published baselines (metric check), then live runs with timing.

    A library that cannot be imported gets a row with a ``note`` instead of scores;
    ``notes``, when given, also receives those notes and the headline-in-gold check.
    """
    folder, gold, pages = load(pathlib.Path(data_dir))
    rows = []
    for path in sorted((folder / "baseline-output").glob("*.json")):
        published = json.loads(path.read_text(encoding="utf-8"))
        output = published.get("output", {})
        counts = [page_counts(gold[key], output.get(key, {}).get("articleBody", "")) for key in gold]
        rows.append({"task": "html", "system": f"{path.stem} {published.get('version', '')} (published)",
                     **scores(counts), "pages": len(gold), "ms_per_page": None})
    systems, skipped = extractors(clippings_body)
    rows.extend({"task": "html", "system": text.split()[0], "note": text} for text in skipped)
    if notes is not None:
        notes.extend(skipped)
        notes.append(f"gold body starts with our headline on {_headline_in_gold(gold, pages)} of {len(gold)} "
                     "pages, so titles are not scored")
    per_system = {}
    for name, extract in systems.items():
        counts, elapsed = [], 0.0
        for key, page in pages.items():
            start = time.process_time()
            try:
                text = extract(page)
            except Exception:  # a library failing on one page scores that page as empty
                text = ""
            elapsed += time.process_time() - start
            counts.append(page_counts(gold[key], text))
        per_system[name] = counts
        rows.append({"task": "html", "system": name, **scores(counts), "pages": len(gold),
                     "ms_per_page": round(1000 * elapsed / len(pages), 1)})
    rows.extend(versus_rows("html", per_system, {"f1": lambda c: scores(c)["f1"]}, pages=len(gold)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "corpora",
                        help="folder holding article-extraction-benchmark/ (default: ../shared/corpora)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per row")
    args = parser.parse_args(argv)
    notes: list[str] = []
    rows = evaluate(args.data, notes)
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        print(f"{'system':44} {'P':>6} {'R':>6} {'F1':>6}   {'P*':>6} {'R*':>6} {'F1*':>6} {'ms/page':>8}")
        for row in rows:
            if "f1" not in row:
                continue  # a skipped library or a bootstrap row: printed below
            ms = "" if row["ms_per_page"] is None else f"{row['ms_per_page']:8.1f}"
            print(f"{row['system']:44} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}   "
                  f"{row['precision_pooled']:6.3f} {row['recall_pooled']:6.3f} {row['f1_pooled']:6.3f} {ms:>8}")
        for row in rows:
            if "vs" in row:
                print(versus_line(row, "F1", width=32))
        print(f"pages: {rows[0].get('pages', 0) if rows else 0}; P/R/F1: benchmark's per-page means; "
              "*: pooled tp/fp/fn; ms/page: CPU time, parsing included; [ ]: paired bootstrap 95% interval")
    for note in notes:
        print("note:", note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
