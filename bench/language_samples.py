"""Articles of known language from the third-party corpora, as the indexer's extraction sees them.

Four sets, each a list of :class:`Sample` (the cleaned title and passages,
the language the page declares, and the gold language):

- ``trafilatura-eval``: 970 web pages, mostly German; gold is
  ``expectations.json``'s ``lang`` (the declared language confirmed by
  py3langid on trafilatura's text, else detected by py3langid, 4 by hand:
  see its README; the pages where it is py3langid's word alone are marked
  ``gold_source="detected"``; a row in ``bench/data/language_gold.csv``
  would correct one, none does);
- ``htmldate-mediacloud-2020``: 200 news pages in a dozen languages, no
  language gold upstream: ours, checked by hand, in ``bench/data/language_gold.csv``;
- ``polnear``: the 84 test and 84 dev articles (English);
- ``reuters``: the first ``REUTERS_SAMPLE`` stories with a body (English).

``python bench/language_samples.py --data ../shared/corpora --out samples.jsonl``
writes them as JSON lines (so detectors that are not project dependencies
can be compared on the same texts: ``bench/language_candidates.py``).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.corpus.decode import decode  # noqa: E402
from indexer.extract import html  # noqa: E402
from indexer.extract.pipeline import ExtractionError, extract_text, load_context  # noqa: E402

REUTERS_SAMPLE = 300
GOLD_FILE = ROOT / "bench" / "data" / "language_gold.csv"


@dataclass
class Sample:
    set: str
    name: str
    gold: str | None          # ISO 639-1; None: no gold
    gold_source: str          # declared, detected, manual, hand, consensus, corpus
    declared: str             # the page's <html lang> ("" for plain text)
    title: str
    passages: list[str]
    lang: str | None = None   # what the indexer found (None when it found none)

    @property
    def text(self) -> str:
        return "\n\n".join([self.title, *self.passages])


def hand_gold() -> dict[tuple[str, str], tuple[str, str]]:
    """(set, file name) -> (language, how it was decided), from ``bench/data/language_gold.csv``."""
    if not GOLD_FILE.exists():
        return {}
    with GOLD_FILE.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {(row["set"], row["file"]): (row["lang"], row["how"]) for row in rows}


def _article(name: str, raw: bytes, context, **fields) -> Sample | None:
    try:
        text = decode(raw)
        article = extract_text(name, text, context)
    except (ExtractionError, ValueError):
        return None
    declared = html.scan_head(html.parse(text)).lang if name.endswith(".html") else ""
    return Sample(name=name, declared=declared, title=article.title,
                  passages=[p.text for p in article.passages], lang=getattr(article, "lang", None), **fields)


def trafilatura_eval(data: Path, context, gold: dict) -> Iterator[Sample]:
    base = data / "trafilatura-eval"
    expectations = json.loads((base / "expectations.json").read_text(encoding="utf-8"))
    for name, entry in expectations.items():
        source = entry["lang_source"]
        kind = "manual" if source.startswith("manual") else "detected" if source.startswith("detected") else "declared"
        lang = entry["lang"]
        if ("trafilatura-eval", name) in gold:
            lang, kind = gold["trafilatura-eval", name]
        raw = gzip.decompress((base / "html" / f"{name}.gz").read_bytes())
        sample = _article(name if name.endswith(".html") else name + ".html", raw, context,
                          set="trafilatura-eval", gold=lang, gold_source=kind)
        if sample:
            yield sample


def htmldate(data: Path, context, gold: dict) -> Iterator[Sample]:
    base = data / "htmldate-mediacloud-2020"
    for path in sorted((base / "html").glob("*.html.gz")):
        name = path.name[:-3]
        lang, how = gold.get(("htmldate-mediacloud-2020", name), (None, "none"))
        sample = _article(name, gzip.decompress(path.read_bytes()), context, set="htmldate-mediacloud-2020",
                          gold=lang, gold_source=how)
        if sample:
            yield sample


def polnear(data: Path, context) -> Iterator[Sample]:
    for split in ("test", "dev"):
        for path in sorted((data / "polnear" / split / "text").glob("*.txt")):
            sample = _article(path.name, path.read_bytes(), context, set="polnear", gold="en",
                              gold_source="corpus")
            if sample:
                yield sample


def reuters(data: Path, context) -> Iterator[Sample]:
    from bench.reuters import read_collection
    kept = 0
    for story in read_collection(data / "reuters21578"):
        if kept == REUTERS_SAMPLE:
            return
        text = story.to_text()
        if len(text.split()) < 40:      # briefs and tables: no article text to tell a language by
            continue
        sample = _article(f"reut-{story.newid}.txt", text.encode("utf-8"), context, set="reuters",
                          gold="en", gold_source="corpus")
        if sample:
            kept += 1
            yield sample


def load_samples(data: Path, sets: tuple[str, ...] = ("trafilatura-eval", "htmldate-mediacloud-2020",
                                                      "polnear", "reuters")) -> list[Sample]:
    """Every sample of ``sets`` under the corpora folder ``data``."""
    context = load_context(None)
    gold = hand_gold()
    loaders = {"trafilatura-eval": lambda: trafilatura_eval(data, context, gold),
               "htmldate-mediacloud-2020": lambda: htmldate(data, context, gold),
               "polnear": lambda: polnear(data, context), "reuters": lambda: reuters(data, context)}
    return [sample for name in sets for sample in loaders[name]()]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as out:
        for sample in load_samples(args.data):
            out.write(json.dumps(asdict(sample), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
