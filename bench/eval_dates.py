"""Evaluate publication-date extraction on the htmldate "mediacloud 2020" pages.

For every page with a gold date, an answer is correct, unknown (None) or
wrong; for pages without one (gold ``NaN``) the right answer is unknown.
The ``htmldate`` library, if installed, runs on the same pages in the same
run with its default settings (``find_date(html, url=url)``, i.e.
``extensive_search=True, original_date=False``) and with
``original_date=True`` (prefer the original publication date).

    python3 bench/eval_dates.py [--data ../shared/corpora] [--show-wrong]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.extract.dates import date_from_html  # noqa: E402

SET = "htmldate-mediacloud-2020"


def load_pages(data_dir: pathlib.Path) -> list[dict]:
    """[{url, file, gold (str or None), html}] for the evaluation set under ``data_dir``."""
    base = data_dir / SET
    truth = json.loads((base / "ground-truth-dates.json").read_text(encoding="utf-8"))
    pages = []
    for url, entry in truth.items():
        gold = entry.get("date")
        if not isinstance(gold, str):  # NaN: no determinable date
            gold = None
        raw = gzip.decompress((base / "html" / (entry["file"] + ".gz")).read_bytes())
        pages.append({"url": url, "file": entry["file"], "gold": gold,
                      "html": raw.decode("utf-8", errors="replace")})
    return pages


def _htmldate(original: bool):
    from htmldate import find_date

    def run(page: dict) -> str | None:
        try:
            return find_date(page["html"], url=page["url"], extensive_search=True,
                             original_date=original)
        except Exception:  # a library failure counts as no answer
            return None
    return run


def score(system: str, answers: list[str | None], pages: list[dict], seconds: float) -> dict:
    """One result row for ``answers`` (aligned with ``pages``)."""
    with_gold = [(a, p) for a, p in zip(answers, pages) if p["gold"]]
    correct = sum(a == p["gold"] for a, p in with_gold)
    unknown = sum(a is None for a, _p in with_gold)
    wrong = len(with_gold) - correct - unknown
    no_gold = [a for a, p in zip(answers, pages) if not p["gold"]]
    n = len(with_gold) or 1
    return {
        "task": "dates", "system": system, "pages": len(pages), "with_gold": len(with_gold),
        "correct": correct, "unknown": unknown, "wrong": wrong,
        "correct_pct": round(100 * correct / n, 1), "wrong_pct": round(100 * wrong / n, 1),
        "no_gold": len(no_gold), "no_gold_unknown": sum(a is None for a in no_gold),
        "ms_per_page": round(1000 * seconds / max(len(pages), 1), 2),
    }


def _run(fn, items) -> tuple[list, float]:
    """Answers of ``fn`` on ``items`` and the seconds taken (after one warm-up call)."""
    if items:
        fn(items[0])  # lazy imports and caches are not per-page costs
    gc.collect()
    start = time.perf_counter()
    answers = [fn(item) for item in items]
    return answers, time.perf_counter() - start


def evaluate(data_dir: pathlib.Path, show_wrong: bool = False) -> list[dict]:
    """Result rows for Clippings (and htmldate when installed) on the evaluation set.

    Clippings' ``ms_per_page`` times ``date_from_html`` on pages already
    parsed (the indexer parses each page once for cleaning anyway);
    ``parse_ms_per_page`` is the BeautifulSoup/lxml parse itself.
    htmldate's figure includes its own parsing of the HTML string.
    """
    from bs4 import BeautifulSoup

    pages = load_pages(pathlib.Path(data_dir))
    soups, parse_secs = _run(lambda p: BeautifulSoup(p["html"], "lxml"), pages)
    answers, secs = _run(lambda pair: date_from_html(pair[0], pair[1]["url"]),
                         list(zip(soups, pages)))
    row = score("clippings", answers, pages, secs)
    row["parse_ms_per_page"] = round(1000 * parse_secs / max(len(pages), 1), 2)
    rows = [row]
    if show_wrong:
        for a, p in zip(answers, pages):
            if a != p["gold"]:
                kind = "WRONG" if a and p["gold"] else "UNKNOWN" if p["gold"] else "NO-GOLD"
                print(f"{kind:8} {p['file']}  gold={p['gold']}  ours={a}  {p['url'][:100]}",
                      file=sys.stderr)
    del soups
    try:
        import htmldate  # noqa: F401
    except ImportError:
        return rows
    for original in (False, True):
        ans, secs = _run(_htmldate(original), pages)
        name = "htmldate (original_date=True)" if original else "htmldate (default)"
        rows.append(score(name, ans, pages, secs))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "corpora",
                        help="folder holding htmldate-mediacloud-2020/ (default: %(default)s)")
    parser.add_argument("--show-wrong", action="store_true",
                        help="list the pages where Clippings is wrong or unknown (to stderr)")
    args = parser.parse_args(argv)
    for row in evaluate(args.data, show_wrong=args.show_wrong):
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
