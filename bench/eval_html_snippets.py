"""Score the HTML cleaners on trafilatura's evaluation set (970 pages, must/must-not snippets).

Data: ``<data>/trafilatura-eval/`` with ``html/<file>.gz`` and
``expectations.json`` (per page: ``with`` snippets of the main text and
``without`` snippets of boilerplate; see its README).

Split (fixed, never tuned): a page is in the *test* half when the SHA-256
of its file name is odd, else in the *development* half (492 dev, 478
test pages).  Rules are developed on the dev half only; the test half is
scored to report, never read for failures (``--show-failures`` prints
dev pages only).

Metric (upstream's ``tests/eval_common.py``): whitespace is collapsed in
the output and in each snippet, then a case-sensitive substring test.  Per
page: ``with`` snippets found (tp), missed (fn), ``without`` snippets
present (fp) and absent (tn).  Pooled over pages: precision
tp/(tp+fp), recall tp/(tp+fn), F1 2tp/(2tp+fp+fn), accuracy, and the
share of pages that pass (every ``with`` found, no ``without``).  A
crash or empty output finds nothing.  Each system gets the page's raw
bytes (ours decodes them like the indexer does).  Ours is scored on the
standfirst and the passages, as the article page shows them ("main text",
as the snippets expect); "clippings (text only)" is the passages alone.

The paired bootstrap (``bench/bootstrap.py``, 2,000 rounds over pages)
gives ours minus each library in pooled F1 with its 95% interval.

Run: ``python3 bench/eval_html_snippets.py [--data ../shared/corpora] [--split dev|test|all]
[--systems clippings,trafilatura] [--cache DIR] [--show-failures] [--json]``.  To measure a
change of rules: ``--split dev --systems clippings --baseline FILE`` before it (saves our
outputs) and again after it (scores the saved outputs as "baseline" and bootstraps ours minus
them).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pathlib
import re
import sys
import time
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bootstrap import print_versus, versus_rows  # noqa: E402
from bench.html_systems import AGREED, agreed, clippings_body, extractors  # noqa: E402

FOLDER = "trafilatura-eval"
_WS = re.compile(r"\s+")


@dataclass
class Page:
    name: str
    html: bytes
    with_: list[str]
    without: list[str]
    lang: str


def split_of(name: str) -> str:
    """'test' or 'dev', fixed by the file name's SHA-256."""
    return "test" if int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 2 else "dev"


def load(data_dir: pathlib.Path, split: str = "all") -> list[Page]:
    """The pages of one split ('dev', 'test' or 'all'), in file-name order."""
    folder = data_dir if (data_dir / "expectations.json").exists() else data_dir / FOLDER
    expectations = json.loads((folder / "expectations.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(expectations):
        if split != "all" and split_of(name) != split:
            continue
        entry = expectations[name]
        raw = gzip.decompress((folder / "html" / f"{name}.gz").read_bytes())
        pages.append(Page(name, raw, entry["with"], entry["without"], entry.get("lang") or "?"))
    return pages


def norm(text: str) -> str:
    return _WS.sub(" ", text or "").strip()


def page_counts(text: str, page: Page) -> tuple[int, int, int, int]:
    """(tp, fn, fp, tn) of one page's output."""
    text = norm(text)
    found = sum(norm(s) in text for s in page.with_)
    present = sum(norm(s) in text for s in page.without)
    return found, len(page.with_) - found, present, len(page.without) - present


def summary(counts: list[tuple[int, int, int, int]]) -> dict:
    tp, fn, fp, tn = (sum(c[i] for c in counts) for i in range(4))
    return {
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / (tp + fn), 4) if tp + fn else 0.0,
        "f1": round(f1(counts), 4),
        "accuracy": round((tp + tn) / (tp + fn + fp + tn), 4) if counts else 0.0,
        "with_found": tp, "with": tp + fn, "without_present": fp, "without": fp + tn,
        "pass_share": round(sum(c[1] == 0 and c[2] == 0 for c in counts) / len(counts), 4) if counts else 0.0,
    }


def f1(counts) -> float:
    tp = sum(c[0] for c in counts)
    wrong = sum(c[1] + c[2] for c in counts)
    return 2 * tp / (2 * tp + wrong) if tp + wrong else 0.0


def _cache_key(system: str, name: str) -> str:
    return hashlib.sha1(f"{system}\0{name}".encode()).hexdigest()


def run_system(name: str, extract, pages: list[Page], cache: pathlib.Path | None = None) -> tuple[list[str], float | None]:
    """Outputs of one system on ``pages`` and its CPU ms/page (None when read from the cache).

    Only libraries are cached (their outputs do not change while our rules do): none of ours
    ("clippings ...", "agreed ...").
    """
    use_cache = cache is not None and not name.startswith(("clippings", "agreed"))
    if use_cache:
        path = cache / f"{_cache_key(name, ','.join(p.name for p in pages))}.json"
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8")), None
    outputs, elapsed = [], 0.0
    for page in pages:
        start = time.process_time()
        try:
            text = extract(page.html)
        except Exception:  # a failure on one page scores that page as empty
            text = ""
        elapsed += time.process_time() - start
        outputs.append(text or "")
    if use_cache:
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(outputs), encoding="utf-8")
    return outputs, round(1000 * elapsed / max(1, len(pages)), 1)


def evaluate(data_dir: pathlib.Path, splits=("dev", "test"), only: list[str] | None = None,
             cache: pathlib.Path | None = None, failures: list | None = None,
             baseline: pathlib.Path | None = None, alternatives: bool = False) -> list[dict]:
    """One row per system and split, then one bootstrap row per library and split.

    ``baseline``: a JSON file of our outputs from another version of the rules
    (``{split: {page: text}}``), scored as the system "baseline" and compared with
    ours; written with this run's outputs when it does not exist yet.
    """
    systems, notes = extractors()
    systems = {"clippings": systems.pop("clippings"), "clippings (text only)": clippings_body, **systems}
    if alternatives:
        systems[AGREED] = agreed
    if only:
        systems = {k: v for k, v in systems.items() if any(k.startswith(o) for o in only + ["agreed"] * alternatives)}
    rows: list[dict] = [{"task": "html-snippets", "system": n.split()[0], "note": n} for n in notes]
    saved = json.loads(baseline.read_text(encoding="utf-8")) if baseline and baseline.exists() else None
    mine: dict[str, dict[str, str]] = {}
    for split in splits:
        pages = load(pathlib.Path(data_dir), split)
        per_system: dict[str, list] = {}
        runs = dict(systems)
        if saved is not None and split in saved:
            runs["baseline"] = None  # read from the file
        for name, extract in runs.items():
            if name == "baseline":
                outputs, ms = [saved[split].get(p.name, "") for p in pages], None
            else:
                outputs, ms = run_system(name, extract, pages, cache)
            if name == "clippings":
                mine[split] = {p.name: text for p, text in zip(pages, outputs)}
            counts = [page_counts(text, page) for text, page in zip(outputs, pages)]
            per_system[name] = counts
            rows.append({"task": "html-snippets", "system": name, "split": split, "pages": len(pages),
                         **summary(counts), "ms_per_page": ms})
            if failures is not None and name == "clippings" and split == "dev":
                failures.extend((page, text, c) for page, text, c in zip(pages, outputs, counts) if c[1] or c[2])
        rows.extend(versus_rows("html-snippets", per_system, {"f1": f1}, split=split, pages=len(pages)))
    if baseline is not None and saved is None and mine:
        baseline.write_text(json.dumps(mine), encoding="utf-8")
    return rows


def _print(rows: list[dict]) -> None:
    print(f"{'system':40} {'split':5} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'pass':>6} {'ms/page':>8}")
    for row in rows:
        if "f1" in row:
            ms = "" if row["ms_per_page"] is None else f"{row['ms_per_page']:8.1f}"
            print(f"{row['system']:40} {row['split']:5} {row['pages']:5} {row['precision']:6.3f} {row['recall']:6.3f} "
                  f"{row['f1']:6.3f} {row['accuracy']:6.3f} {row['pass_share']:6.3f} {ms:>8}")
    print_versus(rows, lambda row: f"{row['split']:5} F1")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "corpora",
                        help="folder holding trafilatura-eval/ (default: ../shared/corpora)")
    parser.add_argument("--split", choices=("dev", "test", "all", "both"), default="both",
                        help="'both' scores dev and test separately (default)")
    parser.add_argument("--systems", default="", help="comma-separated name prefixes (default: all)")
    parser.add_argument("--cache", type=pathlib.Path, help="keep the libraries' outputs here between runs")
    parser.add_argument("--baseline", type=pathlib.Path,
                        help="compare with our outputs saved in this file (written first when absent)")
    parser.add_argument("--alternatives", action="store_true",
                        help=f"also run '{AGREED}' (bench/html_systems.agreed)")
    parser.add_argument("--show-failures", action="store_true",
                        help="print our failing snippets on dev pages (never test pages)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per row")
    args = parser.parse_args(argv)
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    only = [s.strip() for s in args.systems.split(",") if s.strip()] or None
    failures: list | None = [] if args.show_failures else None
    rows = evaluate(args.data, splits, only, args.cache, failures, args.baseline, args.alternatives)
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        _print(rows)
    for page, text, (tp, fn, fp, tn) in failures or ():
        out = norm(text)
        print(f"\n=== {page.name} [{page.lang}] missed {fn}, unwanted {fp}, output {len(out)} chars")
        for s in page.with_:
            if norm(s) not in out:
                print("  MISSED:  ", s[:120])
        for s in page.without:
            if norm(s) in out:
                print("  UNWANTED:", s[:120])
    return 0


if __name__ == "__main__":
    sys.exit(main())
