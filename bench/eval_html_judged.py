"""Precision of the HTML cleaners judged by hand on news pages without gold bodies.

Data: ``<data>/htmldate-mediacloud-2020/html/<id>.html.gz`` (200 news pages,
184 sites, many languages; no body gold).  The sample: the pages of the
*test* half (the SHA-256 of the stored file name ``<id>.html.gz`` is odd, as
in ``eval_html_snippets.py``), the first ``SAMPLE`` of them in name order.  The
rules were developed on the other half; these pages were only judged.

Judgments (``bench/data/html_judged.json``, no page text): for each page, the
fingerprints (:func:`fingerprint`: SHA-1 of the lowercased ``\\w+`` words) of
the output lines that are article text (headline excluded: standfirst, body
paragraphs, subheads, lists and quotes of the story) and of those that are
not (navigation, teasers, captions and credits, bylines and datelines,
bios, share and subscription prompts, comments, legal lines).  Every line any
system printed was judged, so the systems are scored on the same verdicts.

Per system, pooled over pages: precision = characters of article lines /
characters of judged lines; recall = characters of article lines found /
characters of the article lines any system found on the page (a relative
recall: what no system found is unknown).  Lines that were never judged
(outputs that changed since) are counted and reported, not scored.  A
paired bootstrap over pages compares ours with each library in precision.

Run: ``python3 bench/eval_html_judged.py [--data ../shared/corpora]``; to
judge new lines: ``--worksheet FILE`` writes them (``?`` before each line),
replace each ``?`` by ``+`` (article) or ``-`` (not), then ``--record FILE``.
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

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bootstrap import versus_line, versus_rows  # noqa: E402
from bench.eval_html_snippets import split_of  # noqa: E402
from bench.html_systems import AGREED, agreed, extractors  # noqa: E402

FOLDER = "htmldate-mediacloud-2020"
JUDGMENTS = ROOT / "bench" / "data" / "html_judged.json"
SAMPLE = 40
_WORD = re.compile(r"\w+")


def fingerprint(line: str) -> str:
    return hashlib.sha1(" ".join(_WORD.findall(line.lower())).encode("utf-8")).hexdigest()[:12]


def lines_of(text: str) -> list[str]:
    """The non-empty lines of an output that hold a word."""
    return [line.strip() for line in (text or "").splitlines() if _WORD.search(line)]


def sample(data_dir: pathlib.Path, size: int = SAMPLE) -> list[pathlib.Path]:
    folder = data_dir if (data_dir / "html").is_dir() and (data_dir / "ground-truth-dates.json").exists() \
        else data_dir / FOLDER
    return [p for p in sorted((folder / "html").glob("*.html.gz")) if split_of(p.name) == "test"][:size]


def load_judgments(path: pathlib.Path = JUDGMENTS) -> dict[str, dict[str, list[str]]]:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("pages", {})


def outputs(pages: list[pathlib.Path], only: list[str] | None = None,
            alternatives: bool = False) -> tuple[dict[str, list[str]], dict]:
    """Each system's lines per page (``{system: [lines of page 1, ...]}``) and its CPU ms/page."""
    systems, _ = extractors()
    if alternatives:
        systems[AGREED] = agreed
    if only:
        systems = {k: v for k, v in systems.items() if any(k.startswith(o) for o in only)}
    raw = [gzip.decompress(p.read_bytes()) for p in pages]
    found, speed = {}, {}
    for name, extract in systems.items():
        start = time.process_time()
        texts = []
        for data in raw:
            try:
                texts.append(extract(data))
            except Exception:  # a failure on one page is an empty output
                texts.append("")
        speed[name] = round(1000 * (time.process_time() - start) / max(1, len(raw)), 1)
        found[name] = [lines_of(t) for t in texts]
    return found, speed


def page_record(lines: list[str], verdicts: dict[str, list[str]]) -> tuple[int, int, int, set[str]]:
    """(article chars, judged chars, unjudged chars, article fingerprints) of one output."""
    body, bad = set(verdicts.get("body", ())), set(verdicts.get("not_body", ()))
    good = judged = unjudged = 0
    found = set()
    for line in lines:
        fp = fingerprint(line)
        if fp in body:
            good += len(line)
            judged += len(line)
            found.add(fp)
        elif fp in bad:
            judged += len(line)
        else:
            unjudged += len(line)
    return good, judged, unjudged, found


def _precision(records) -> float:
    judged = sum(r[1] for r in records)
    return sum(r[0] for r in records) / judged if judged else 0.0


def evaluate(data_dir: pathlib.Path, size: int = SAMPLE, alternatives: bool = False) -> list[dict]:
    pages = sample(pathlib.Path(data_dir), size)
    judgments = load_judgments()
    found, speed = outputs(pages, alternatives=alternatives)
    names = [p.name for p in pages]
    # the article lines any system found on each page, with their lengths: the recall base
    union: list[dict[str, int]] = [{} for _ in pages]
    records: dict[str, list] = {}
    for system, per_page in found.items():
        records[system] = []
        for k, lines in enumerate(per_page):
            record = page_record(lines, judgments.get(names[k], {}))
            records[system].append(record)
            for line in lines:
                if fingerprint(line) in record[3]:
                    union[k][fingerprint(line)] = max(union[k].get(fingerprint(line), 0), len(line))
    rows = []
    for system, recs in records.items():
        base = sum(sum(u.values()) for u in union)
        got = sum(sum(union[k][fp] for fp in rec[3]) for k, rec in enumerate(recs))
        rows.append({"task": "html-judged", "system": system, "split": "test", "pages": len(pages),
                     "precision": round(_precision(recs), 4), "recall": round(got / base, 4) if base else 0.0,
                     "unjudged_chars": sum(r[2] for r in recs), "ms_per_page": speed[system]})
    rows.extend(versus_rows("html-judged", records, {"precision": _precision}, split="test", pages=len(pages)))
    return rows


def worksheet(data_dir: pathlib.Path, path: pathlib.Path, size: int = SAMPLE) -> int:
    """Write the lines no judgment covers yet, page by page; returns how many."""
    pages = sample(pathlib.Path(data_dir), size)
    judgments = load_judgments()
    found, _ = outputs(pages)
    out, count = [], 0
    for k, page in enumerate(pages):
        verdicts = judgments.get(page.name, {})
        known = set(verdicts.get("body", ())) | set(verdicts.get("not_body", ()))
        seen: dict[str, tuple[str, list[str]]] = {}
        for system, per_page in found.items():
            for line in per_page[k]:
                fp = fingerprint(line)
                if fp not in known:
                    seen.setdefault(fp, (line, []))[1].append(system.split()[0])
        if seen:
            out.append(f"## {page.name}")
            for fp, (line, systems) in seen.items():
                out.append(f"? {fp} [{','.join(sorted(set(systems)))}] {line}")
                count += 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return count


def record(path: pathlib.Path) -> int:
    """Read a judged worksheet (``+``/``-`` before each line) into the judgments file."""
    data = json.loads(JUDGMENTS.read_text(encoding="utf-8")) if JUDGMENTS.exists() else {"pages": {}}
    page, count = None, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            page = line[3:].strip()
            continue
        match = re.match(r"([+-])\s+([0-9a-f]{12})\b", line)
        if match and page:
            verdicts = data["pages"].setdefault(page, {"body": [], "not_body": []})
            key = "body" if match.group(1) == "+" else "not_body"
            if match.group(2) not in verdicts[key]:
                verdicts[key].append(match.group(2))
                count += 1
    JUDGMENTS.parent.mkdir(parents=True, exist_ok=True)
    JUDGMENTS.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--size", type=int, default=SAMPLE, help=f"pages in the sample (default {SAMPLE})")
    parser.add_argument("--worksheet", type=pathlib.Path, help="write the lines still to judge to this file")
    parser.add_argument("--record", type=pathlib.Path, help="add a judged worksheet to the judgments")
    parser.add_argument("--alternatives", action="store_true", help=f"also run '{AGREED}'")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.worksheet:
        print(f"{worksheet(args.data, args.worksheet, args.size)} lines to judge in {args.worksheet}")
        return 0
    if args.record:
        print(f"{record(args.record)} verdicts recorded in {JUDGMENTS}")
        return 0
    rows = evaluate(args.data, args.size, args.alternatives)
    for row in rows:
        if args.json:
            print(json.dumps(row))
        elif "vs" in row:
            print(versus_line(row, "precision"))
        else:
            print(f"{row['system']:40} P {row['precision']:.3f}  R(rel) {row['recall']:.3f}  "
                  f"unjudged {row['unjudged_chars']:6d} chars  {row['ms_per_page']:6.1f} ms/page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
