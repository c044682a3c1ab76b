"""Score the HTML cleaners on the second held-out set (extractors' test pages, ``bench/fresh_html.py``).

Data: ``<data>/extractor-tests/`` as laid out by ``bench/fresh_html.py --fetch``
(48 pages: 22 from newspaper4k's tests, 26 from Mozilla Readability's).  The
whole set is held out: scored to report, never read for failures.

Metric: the article-extraction benchmark's (``bench/eval_html.py``: lowercased
``\\w+`` 4-gram shingles with counts, per-page tp/fp/fn normalised to sum 1;
P and R are means over pages, F1 of the two).  Ours is scored on what the
article page shows (the standfirst, then the passages: neither gold is a bare
``articleBody``); "clippings (text only)" leaves the standfirst out.  A paired
bootstrap over pages (2,000 rounds) gives ours minus each library in F1 and in
precision, with 95% intervals.  ms/page is CPU time with parsing.

Run: ``python3 bench/eval_html_fresh.py [--data ../shared/corpora] [--systems clippings,trafilatura]
[--cache DIR] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bootstrap import print_versus, versus_rows  # noqa: E402
from bench.eval_html import page_counts, scores  # noqa: E402
from bench.eval_html_snippets import run_system  # noqa: E402
from bench.fresh_html import load  # noqa: E402
from bench.html_systems import AGREED, agreed, clippings_body, extractors  # noqa: E402

DATA_NAME = "extractor-tests"


def evaluate(data_dir: pathlib.Path, only: list[str] | None = None, cache: pathlib.Path | None = None,
             extra: dict | None = None) -> list[dict]:
    """One row per system (all pages, then per source), then bootstrap rows ours minus each library.

    ``extra`` adds systems (name -> extractor) to the run, for measuring alternatives.
    """
    pages = load(pathlib.Path(data_dir))
    if not pages:
        return [{"task": "html-fresh", "system": "clippings",
                 "note": f"no {DATA_NAME}/ data (run bench/fresh_html.py --fetch DIR): skipped"}]
    systems, notes = extractors()
    systems = {"clippings": systems.pop("clippings"), "clippings (text only)": clippings_body, **systems,
               **(extra or {})}
    if only:
        systems = {k: v for k, v in systems.items() if any(k.startswith(o) for o in only)}
    rows: list[dict] = [{"task": "html-fresh", "system": n.split()[0], "note": n} for n in notes]
    per_system: dict[str, list] = {}
    for name, extract in systems.items():
        outputs, ms = run_system(name, extract, pages, cache)
        counts = [page_counts(page.gold, text) for text, page in zip(outputs, pages)]
        per_system[name] = counts
        base = {"task": "html-fresh", "system": name, "data": DATA_NAME, "developed_on": False}
        rows.append({**base, "pages": len(pages), **scores(counts), "ms_per_page": ms})
        for source in ("newspaper", "readability"):
            part = [c for c, p in zip(counts, pages) if p.name.startswith(source + "/")]
            rows.append({**base, "subset": source, "pages": len(part), **scores(part), "ms_per_page": None})
    rows.extend(versus_rows("html-fresh", per_system,
                            {m: lambda c, m=m: scores(c)[m] for m in ("f1", "precision")},
                            data=DATA_NAME, developed_on=False, pages=len(pages)))
    return rows


def _print(rows: list[dict]) -> None:
    print(f"{'system':40} {'subset':12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'ms/page':>8}")
    for row in rows:
        if "f1" in row:
            ms = "" if row["ms_per_page"] is None else f"{row['ms_per_page']:8.1f}"
            print(f"{row['system']:40} {row.get('subset', 'all'):12} {row['pages']:5} {row['precision']:6.3f} "
                  f"{row['recall']:6.3f} {row['f1']:6.3f} {ms:>8}")
    print_versus(rows, lambda row: f"{row['metric']:9}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "corpora",
                        help=f"folder holding {DATA_NAME}/ (default: ../shared/corpora)")
    parser.add_argument("--systems", default="", help="comma-separated name prefixes (default: all)")
    parser.add_argument("--cache", type=pathlib.Path, help="keep the libraries' outputs here between runs")
    parser.add_argument("--alternatives", action="store_true",
                        help=f"also run '{AGREED}' (bench/html_systems.agreed)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per row")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.systems.split(",") if s.strip()] or None
    if only and args.alternatives:
        only.append(AGREED.split()[0])
    rows = evaluate(args.data, only, args.cache, {AGREED: agreed} if args.alternatives else None)
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
