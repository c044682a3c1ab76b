"""Outlet accuracy on web pages and plain text, the issue's target set and sets never tuned on.

Each file is run through the full extraction pipeline without being told
its source, so only what the file itself says counts.

Sets (``--sets``):

- ``aeb``: the article-extraction benchmark's 181 pages; gold is the site
  of each page's URL (``ground-truth.json``).  The rules were developed on
  it: it is the issue's target set.
- ``trafilatura``: trafilatura-eval's 970 pages (968 with a URL; a Wayback
  Machine capture counts as the page it holds); held out.
- ``mediacloud``: htmldate-mediacloud-2020's 200 pages; held out.
- ``polnear``: PolNeAR's 1,012 plain-text articles (train, dev, test); gold
  is ``metadata.tsv``'s publisher; an answer naming the wire service the
  metadata credits (``wire`` column) is counted apart (``wire``): by the
  rules a wire dateline is the outlet when nothing names the publishing
  site, and these files name none.  Held out.

For each HTML set a second row scores the same pages as plain text that
states its source: the page's extracted title and text under a `` url ...``
header line, as a user's clipped article would be (the share of known
outlets is the issue's target there: 100%).

An outlet name matches a site when it folds to the site's main label ("The
Hill" ~ thehill.com, "Los Angeles Times" ~ latimes.com via its initials,
"cleveland.com" ~ cleveland.com), when the registry maps the site to it, or
when ``bench/data/outlet_gold_names.csv`` (hand-checked names of article
benchmark sites whose names cannot be derived from the host) lists it.
This judge is the evaluation's own code: it does not use the extractor's
rules for names and domains.
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
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from anyascii import anyascii

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.extract import Context, ExtractionError, extract_bytes, extract_text  # noqa: E402
from indexer.extract.outlets import load_registry  # noqa: E402

BENCH = "article-extraction-benchmark"
SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}
STOP_WORDS = {"the", "of", "and", "de", "da", "do", "la", "le", "el"}
GOLD_NAMES = Path(__file__).with_name("data") / "outlet_gold_names.csv"
SETS = ("aeb", "trafilatura", "mediacloud", "polnear")
DEVELOPED_ON = {"aeb"}
#: PolNeAR's publisher codes and the names they go by.
POLNEAR_NAMES = {
    "breitbart": {"Breitbart", "Breitbart News"}, "huff-post": {"HuffPost", "The Huffington Post", "Huffington Post"},
    "nyt": {"The New York Times"}, "politico": {"Politico", "POLITICO"}, "usa-today": {"USA Today", "USA TODAY"},
    "wash-post": {"The Washington Post"}, "west-journal": {"The Western Journal", "Western Journal", "WesternJournal"},
}
POLNEAR_WIRES = {"ap": "Associated Press", "afp": "Agence France-Presse", "reuters": "Reuters",
                 "upi": "United Press International"}
#: Gold URLs that are a feed or search redirector's address, not the site's: no gold outlet.
_REDIRECTOR = re.compile(r"^https?://(?:feedproxy\.google\.com|news\.google\.com|www\.google\.com|feeds\.)", re.I)
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/(.+)$", re.I)


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
    """Ways a publication name can be written as a site label (names in other scripts romanised)."""
    folded = anyascii(unicodedata.normalize("NFKC", name)).lower()
    words = re.findall(r"[a-z0-9]+", folded)
    if not words:
        return set()
    forms = {"".join(words), "".join(w for w in words if w not in STOP_WORDS)}
    if re.fullmatch(r"[\w-]+(\.[\w-]+)+", folded):      # a domain: its labels before the suffix
        labels = folded.removeprefix("www.").split(".")
        forms.add(re.sub(r"[^a-z0-9]", "", labels[-3] if len(labels) >= 3 and labels[-2] in SECOND_LEVEL
                         else labels[-2]))
    if words[0] == "the" and len(words) > 1:
        words = words[1:]
        forms.add("".join(words))
    forms.add("".join(w[0] for w in words))
    if len(words) > 1:
        forms.add("".join(w[0] for w in words[:-1]) + words[-1])
    return forms


def load_gold_names() -> dict[str, set[str]]:
    """Hand-checked names of sites whose name cannot be derived from the host."""
    names: dict[str, set[str]] = {}
    with open(GOLD_NAMES, encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            names.setdefault(row["host"], set()).add(row["name"])
    return names


def matches(outlet: str, url: str, registry, gold_names: dict[str, set[str]]) -> bool:
    url = original(url)
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if outlet in gold_names.get(host, ()):
        return True
    known = registry.from_url(url)
    if known:
        return known == outlet
    label = site_label(url)
    return any(form == label or (len(form) >= 5 and (label.startswith(form) or form.startswith(label)))
               or (min(len(form), len(label)) >= 5 and (label in form or form in label))
               for form in name_forms(outlet))


def original(url: str) -> str:
    """The page a Wayback Machine address holds."""
    match = _ARCHIVED.match(url)
    return match.group(1) if match else url


class Tally:
    """Right / wrong / unknown (and wire) counts of one set, with the errors kept for --show-errors."""

    def __init__(self, data: str, developed: bool):
        self.data, self.developed = data, developed
        self.counts: Counter = Counter()
        self.errors: list[str] = []
        self.skipped = 0        # files without a gold outlet (or, as plain text, without text)
        self.started = time.perf_counter()
        self.seconds: float | None = None

    def finish(self, seconds: float | None = None) -> None:
        self.seconds = time.perf_counter() - self.started if seconds is None else seconds

    def add(self, verdict: str, outlet: str | None, where: str) -> None:
        self.counts[verdict] += 1
        if verdict != "right":
            self.errors.append(f"{verdict:8} {outlet!r:45} {where}")

    def row(self) -> dict:
        files = sum(self.counts.values())
        row = {"task": "outlets", "system": "clippings", "data": self.data,
               "developed_on": self.developed, "pages": files}
        for verdict in ("right", "wrong", "unknown", "wire"):
            if verdict in self.counts or verdict != "wire":
                row[verdict] = self.counts[verdict]
                row[f"{verdict}_pct"] = round(100 * self.counts[verdict] / files, 1) if files else 0.0
        row["known_pct"] = round(100 * (files - self.counts["unknown"]) / files, 1) if files else 0.0
        if self.skipped:
            row["skipped"] = self.skipped
        row["ms_per_page"] = round(1000 * (self.seconds or 0.0) / max(files, 1), 1)
        return row


def html_pages(data_dir: Path, name: str):
    """(file name, page bytes, gold URL) of one HTML set."""
    if name == "aeb":
        folder = data_dir / BENCH
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        for page_id, gold in sorted(truth.items()):
            yield page_id, gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes()), gold["url"]
    elif name == "trafilatura":
        folder = data_dir / "trafilatura-eval"
        expectations = json.loads((folder / "expectations.json").read_text(encoding="utf-8"))
        for file, entry in sorted(expectations.items()):
            if entry.get("url"):
                yield file, gzip.decompress((folder / "html" / f"{file}.gz").read_bytes()), entry["url"]
    elif name == "mediacloud":
        folder = data_dir / "htmldate-mediacloud-2020"
        truth = json.loads((folder / "ground-truth-dates.json").read_text(encoding="utf-8"))
        for url, entry in sorted(truth.items(), key=lambda item: item[1]["file"]):
            yield entry["file"], gzip.decompress((folder / "html" / f"{entry['file']}.gz").read_bytes()), url


def evaluate_html(data_dir: Path, name: str, registry, gold_names) -> list[Tally]:
    """One set of web pages, as pages and as plain text with a url header."""
    context = Context(outlets=registry)
    pages = Tally(name, name in DEVELOPED_ON)
    plain = Tally(f"{name} as plain text + url header", name in DEVELOPED_ON)
    plain_seconds = 0.0
    for file, data, url in html_pages(data_dir, name):
        if _REDIRECTOR.match(url):
            pages.skipped += 1
            plain.skipped += 1
            continue
        try:
            article = extract_bytes(f"{file}.html", data, context)
        except ExtractionError:
            article = None
        outlet = article.outlet if article else None
        pages.add(_verdict(outlet, url, registry, gold_names), outlet, url)
        if article is None or not article.passages:     # no text to make a plain-text article of
            plain.skipped += 1
            continue
        started = time.perf_counter()
        text = f" url {url}\n{article.title}\n\n{article.text}\n"
        try:
            outlet = extract_text(f"{file}.txt", text, context).outlet
        except ExtractionError:
            outlet = None
        plain_seconds += time.perf_counter() - started
        plain.add(_verdict(outlet, url, registry, gold_names), outlet, url)
    pages.finish()
    pages.seconds -= plain_seconds
    plain.finish(plain_seconds)
    return [pages, plain]


def _verdict(outlet: str | None, url: str, registry, gold_names) -> str:
    if outlet is None:
        return "unknown"
    return "right" if matches(outlet, url, registry, gold_names) else "wrong"


def evaluate_polnear(data_dir: Path, registry) -> Tally:
    folder = data_dir / "polnear"
    tally = Tally("polnear (plain text, no url)", False)
    context = Context(outlets=registry)
    with open(folder / "metadata.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for row in rows:
        if row["compartment"] not in ("train", "dev", "test"):
            continue
        path = folder / row["compartment"] / "text" / f"{row['filename']}.txt"
        if not path.exists():
            continue
        try:
            outlet = extract_bytes(path.name, path.read_bytes(), context).outlet
        except ExtractionError:
            outlet = None
        names = {registry.normalize(n) for n in POLNEAR_NAMES.get(row["publisher"], ())}
        wire = POLNEAR_WIRES.get((row.get("wire") or "").strip().lower())
        if outlet is None:
            verdict = "unknown"
        elif outlet in names:
            verdict = "right"
        elif wire and outlet == registry.normalize(wire):
            verdict = "wire"
        else:
            verdict = "wrong"
        tally.add(verdict, outlet, f"{row['compartment']}/{row['filename']} ({row['publisher']})")
    tally.finish()
    return tally


def evaluate(data_dir: Path, show: bool = False, sets: tuple[str, ...] = SETS) -> list[dict]:
    registry = load_registry()
    gold_names = load_gold_names()
    tallies: list[Tally] = []
    for name in sets:
        if name == "polnear":
            tallies.append(evaluate_polnear(Path(data_dir), registry))
        else:
            tallies.extend(evaluate_html(Path(data_dir), name, registry, gold_names))
    if show:
        for tally in tallies:
            for line in tally.errors:
                print(f"[{tally.data}] {line}")
    return [tally.row() for tally in tallies]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ", ".join(SETS))
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
    sets = tuple(s.strip() for s in args.sets.split(",") if s.strip())
    for row in evaluate(args.data, show=args.show_errors, sets=sets):
        print(row)


if __name__ == "__main__":
    main()
