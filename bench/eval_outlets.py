"""Outlet accuracy on the article-extraction benchmark's pages.

Gold is the site of each page's URL (from ``ground-truth.json``); the page
is run through the full extraction pipeline without being told its URL, so
only what the page itself says counts.  An outlet name matches a site when
the name folds to the site's main label ("The Hill" ~ thehill.com,
"Los Angeles Times" ~ latimes.com via its initials, "cleveland.com" ~
cleveland.com), or the registry maps the site to that name.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.extract import Context, ExtractionError, extract_bytes  # noqa: E402
from indexer.extract.outlets import load_registry  # noqa: E402

BENCH = "article-extraction-benchmark"
SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}
STOP_WORDS = {"the", "of", "and", "de", "da", "do", "la", "le", "el"}
GOLD_NAMES = Path(__file__).with_name("data") / "outlet_gold_names.csv"


def site_label(url: str) -> str:
    """The main label of a URL's host: www.latimes.com -> latimes, bbc.co.uk -> bbc."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in SECOND_LEVEL:
        label = parts[-3]
    else:
        label = parts[-2] if len(parts) >= 2 else host
    return re.sub(r"[^a-z0-9]", "", label)


def name_forms(name: str) -> set[str]:
    """Ways a publication name can be written as a site label."""
    folded = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", folded)
    if not words:
        return set()
    forms = {"".join(words), "".join(w for w in words if w not in STOP_WORDS)}
    if words[0] == "the" and len(words) > 1:
        words = words[1:]
        forms.add("".join(words))
    forms.add("".join(w[0] for w in words))
    if len(words) > 1:
        forms.add("".join(w[0] for w in words[:-1]) + words[-1])
    if len(words) > 1 and words[-1] in {"com", "net", "org", "co", "uk", "in", "br", "ru", "it", "kr"}:
        forms.add("".join(words[:-1]))
        forms.add(words[-2] if len(words) > 2 else words[0])
    return forms


def load_gold_names() -> dict[str, set[str]]:
    """Hand-checked names of sites whose name cannot be derived from the host."""
    names: dict[str, set[str]] = {}
    with open(GOLD_NAMES, encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            names.setdefault(row["host"], set()).add(row["name"])
    return names


def matches(outlet: str, url: str, registry, gold_names: dict[str, set[str]]) -> bool:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if outlet in gold_names.get(host, ()):
        return True
    known = registry.from_url(url)
    if known:
        return known == outlet
    label = site_label(url)
    return any(form == label or (len(form) >= 5 and (label.startswith(form) or form.startswith(label)))
               for form in name_forms(outlet))


def evaluate(data_dir: Path, show: bool = False) -> list[dict]:
    folder = Path(data_dir) / BENCH
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    registry = load_registry()
    gold_names = load_gold_names()
    context = Context(outlets=registry)
    right = unknown = wrong = 0
    started = time.perf_counter()
    for page_id, gold in sorted(truth.items()):
        data = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        try:
            outlet = extract_bytes(f"{page_id}.html", data, context).outlet
        except ExtractionError:
            outlet = None
        if outlet is None:
            unknown += 1
            verdict = "unknown"
        elif matches(outlet, gold["url"], registry, gold_names):
            right += 1
            verdict = "right"
        else:
            wrong += 1
            verdict = "WRONG"
        if show and verdict != "right":
            print(f"{verdict:8} {outlet!r:40} {gold['url']}")
    pages = len(truth)
    return [{"task": "outlets", "system": "clippings", "pages": pages, "right": right, "unknown": unknown,
             "wrong": wrong, "right_pct": round(100 * right / pages, 1),
             "wrong_pct": round(100 * wrong / pages, 1),
             "ms_per_page": round(1000 * (time.perf_counter() - started) / pages, 1)}]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    for row in evaluate(args.data, show=args.show_errors):
        print(row)


if __name__ == "__main__":
    main()
