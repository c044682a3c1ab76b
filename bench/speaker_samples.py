"""Speakers of non-English web pages, printed for judging by hand (precision and recall).

Usage (from the repository root)::

    python bench/language_samples.py --data ../shared/corpora --out /tmp/samples.jsonl
    python bench/speaker_samples.py --samples /tmp/samples.jsonl --split dev [--lang de]
                                    [--pages 40] [--seed 12] [--full]

The pages are those of ``trafilatura-eval`` and ``htmldate-mediacloud-2020``
whose gold language is not English (``bench/language_samples.py`` extracts them
with the indexer's pipeline).  Each page falls in one of two halves by a hash
of its set and file name: ``dev`` (read freely while writing rules) and
``held-out`` (judged once, at the end).  For each page drawn (``--pages`` per
language, seeded), the speakers the indexer attributes are printed with the
passage each was found in, for a reader to mark right or wrong; ``--full``
prints every passage, to count the people a page quotes (recall).  Nothing is
judged automatically, and no page text is stored.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.extract.outlets import load_registry  # noqa: E402
from indexer.extract.people.speakers import attribute  # noqa: E402


def split_of(set_name: str, name: str) -> str:
    """``dev`` or ``held-out``: half the pages each, by a hash of the page's set and name."""
    digest = hashlib.sha1(f"{set_name}/{name}".encode("utf-8")).digest()
    return "held-out" if digest[0] % 2 == 0 else "dev"


def pages(samples: Path, split: str) -> dict[str, list[dict]]:
    """Language -> the non-English pages of ``split``, in file order."""
    by_lang: dict[str, list[dict]] = defaultdict(list)
    with samples.open(encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            if page["set"] not in ("trafilatura-eval", "htmldate-mediacloud-2020"):
                continue
            if page["gold"] in (None, "en") or split_of(page["set"], page["name"]) != split:
                continue
            by_lang[page["gold"]].append(page)
    return by_lang


def show(page: dict, organisations, full: bool) -> None:
    result = attribute(page["passages"], title=page["title"], organisations=organisations,
                       lang=page["lang"])
    print(f"=== {page['set']}/{page['name']} [{page['lang']}] speakers: {result.speakers}")
    for n, (text, names) in enumerate(zip(page["passages"], result.passages)):
        if full or names:
            print(f"  [{n}] {names} {text[:400]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, required=True,
                        help="JSON lines written by bench/language_samples.py --out")
    parser.add_argument("--split", choices=("dev", "held-out"), required=True)
    parser.add_argument("--lang", action="append", help="only these languages (repeatable)")
    parser.add_argument("--pages", type=int, default=0, help="pages drawn per language (0: all)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--full", action="store_true", help="print every passage (for recall)")
    args = parser.parse_args(argv)
    organisations = load_registry(None).squashed
    for lang, found in sorted(pages(args.samples, args.split).items()):
        if args.lang and lang not in args.lang:
            continue
        drawn = (random.Random(args.seed).sample(found, min(args.pages, len(found)))
                 if args.pages else found)
        print(f"##### {lang}: {len(drawn)} of {len(found)} pages")
        for page in drawn:
            show(page, organisations, args.full)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
