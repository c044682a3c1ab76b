"""``make eval``: extraction quality on third-party data, ours beside the libraries'.

Runs the evaluations (HTML cleaning on the article-extraction benchmark, on
trafilatura's snippet set in development and held-out halves, by hand on
a held-out htmldate sample, and on extractors' test pages, all held out; publication dates, outlets, speakers, plain-text
layout, languages, and the grouping of wire copies on a labelled Reuters set),
prints one table with each figure's target, and writes the same rows as JSON.
Usage::

    python bench/eval.py --data ../shared/corpora [--json bench/results/eval.json] [--only html,dates]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECTIONS = {"html": "bench.eval_html", "html-snippets": "bench.eval_html_snippets",
            "html-judged": "bench.eval_html_judged",
            "html-fresh": "bench.eval_html_fresh", "dates": "bench.eval_dates",
            "outlets": "bench.eval_outlets", "speakers": "bench.eval_speakers",
            "plaintext": "bench.eval_plaintext", "language": "bench.eval_language",
            "grouping": "bench.eval_grouping"}

# (task, metric, comparison, threshold[, data]) — the issue's targets for our own rows; with a
# data name, only for the rows of that data (or whose data name ends with it).  Rows of a
# development split (``split: dev`` or ``train``) carry no verdict: those targets are judged on held-out data.
TARGETS = [
    ("html", "f1", ">=", 0.982), ("html", "precision", ">=", 0.95), ("html-judged", "precision", ">=", 0.95),
    ("html-fresh", "precision", ">=", 0.95),
    ("dates", "correct_pct", ">=", 90.0), ("dates", "wrong_pct", "<=", 3.0),
    ("outlets", "right_pct", ">=", 97.0, "aeb"), ("outlets", "wrong_pct", "<=", 1.0, "aeb"),
    ("outlets", "known_pct", ">=", 100.0, "url header"),
    ("speakers", "precision", ">=", 0.92), ("speakers", "recall", ">=", 0.85),
    ("grouping", "precision", ">=", 0.98), ("grouping", "recall", ">=", 0.95),
]
SHOWN = ["precision", "recall", "f1", "correct_pct", "wrong_pct", "unknown", "right_pct", "known_pct",
         "kept_pct", "ms_per_page"]


def run(data: Path, only: list[str]) -> list[dict]:
    rows: list[dict] = []
    for name in only:
        started = time.perf_counter()
        try:
            module = importlib.import_module(SECTIONS[name])
            if name == "speakers":   # also the seeds against gold.json, beside the corpora; and the
                # quote level of the dev and train splits beside the held-out test split
                section = module.evaluate(data, seeds_dir=data.parent / "seeds", splits=module.SPLITS)
            else:
                section = module.evaluate(data)
        except Exception as exc:  # one broken section must not hide the others
            traceback.print_exc()
            section = [{"task": name, "system": "clippings", "error": f"{type(exc).__name__}: {exc}"}]
        for row in section:
            row.setdefault("task", name)
        rows.extend(section)
        print(f"[{name}: {time.perf_counter() - started:.0f} s]", file=sys.stderr)
    return rows


def verdicts(row: dict) -> list[str]:
    """'met'/'MISSED' for each target that applies to one of our rows.  A bootstrap row
    (``vs``: ours minus a library, over the same pages) meets "ahead of the library beyond the
    noise" when its 95% interval is above zero."""
    out = []
    if row.get("system") != "clippings" or row.get("level", "article") not in ("article", None) \
            or row.get("gold", "all") != "all" or row.get("subset"):
        return out  # targets hold for whole sets, not for a part of one
    if "vs" in row:
        interval = f"vs {row['vs']}: {row['metric']} {row['diff']:+.3f} [{row['low']:+.3f}, {row['high']:+.3f}]"
        if row.get("split") in ("dev", "train"):
            return [interval]
        return [f"{interval} {'ahead beyond noise: met' if row['low'] > 0 else 'not ahead beyond noise: MISSED'}"]
    if row.get("split") in ("dev", "train"):
        return out
    for task, metric, op, threshold, *where in TARGETS:
        data = str(row.get("data", ""))
        if where and not (data == where[0] or data.endswith(where[0])):
            continue
        if row["task"] == task and metric in row:
            value = row[metric]
            ok = value >= threshold if op == ">=" else value <= threshold
            out.append(f"{metric} {op} {threshold:g}: {'met' if ok else 'MISSED'}")
    return out


def _system(row: dict) -> str:
    return str(row.get("system", "")) + (f" gold={row['gold']}" if "gold" in row else "") \
        + (f" ({row['subset']})" if row.get("subset") else "") \
        + (f" [{row['data']}{'' if row.get('developed_on', True) else ', held out'}]" if "data" in row else "") \
        + (f" [{row['split']}{', held out' if row['split'] == 'test' else ''}]" if "split" in row else "")


def table(rows: list[dict]) -> str:
    width = max([34] + [len(_system(row)) + 1 for row in rows])
    lines = [f"{'task':<14}{'system':<{width}}{'level':<9}" + "".join(f"{m:>12}" for m in SHOWN) + "  targets"]
    for row in rows:
        cells = []
        for metric in SHOWN:
            value = row.get(metric)
            if isinstance(value, float):
                value = f"{value:.3f}" if metric in ("precision", "recall", "f1") else f"{value:.1f}"
            cells.append(f"{'' if value is None else value:>12}")
        extra = row.get("error") or "; ".join(filter(None, [row.get("note"), "; ".join(verdicts(row))]))
        lines.append(f"{row['task']:<14}{_system(row):<{width}}{str(row.get('level', '')):<9}"
                     + "".join(cells) + f"  {extra}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Extraction quality on third-party data.")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "eval.json")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated: " + ", ".join(SECTIONS))
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"no data folder at {args.data} (pass --data PATH to the third-party corpora)")
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}")
    rows = run(args.data, only)
    print(table(rows))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
