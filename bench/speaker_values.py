"""The most frequent speaker values of an index of Reuters stories, to judge by hand.

Usage (from the repository root)::

    python bench/speaker_values.py --data ../shared/corpora/reuters21578 [--stories 3000]
                                   [--top 50] [--sample 150] [--work DIR]

Writes the first ``--stories`` stories as a corpus (``bench/reuters.py``),
indexes them with ``clippings update`` (the same code path as a user's run,
corpus-wide names included), then prints the ``--top`` speaker values with
their article counts and, with ``--sample N``, N speaker values drawn at
random from all attributions (seeded), the sample a reader can judge to
estimate how many "speakers" are organisations or fragments.  Nothing is
judged automatically: whether a value is a person is the reader's call.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.reuters import read_collection, write_corpus  # noqa: E402
from indexer.index import store  # noqa: E402
from indexer.index.columns import Columns  # noqa: E402
from indexer.sync.update import run  # noqa: E402


def speaker_values(data: Path, stories: int, work: Path) -> tuple[list[tuple[str, int]], list[str]]:
    """(name, articles) of every speaker value, most frequent first, and every attribution
    (one entry per article and speaker) of an index of the first ``stories`` stories."""
    corpus, index = work / "corpus", work / "index"
    write_corpus(read_collection(data)[:stories], corpus)
    run(corpus, index)
    with store.open_current(index).index.reader() as reader:
        columns = Columns.read(reader)
    counts = sorted(columns.counts["speaker"].items(), key=lambda kv: (-kv[1], kv[0]))
    attributions = [name for doc in sorted(columns.live) for name in columns.speakers_of[doc]]
    return counts, attributions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of reut2-*.sgm.gz")
    parser.add_argument("--stories", type=int, default=3000, help="the first N stories (default 3000)")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--sample", type=int, default=0, help="also print N random attributions")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="speaker-values-"))
    try:
        counts, attributions = speaker_values(args.data, args.stories, work)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{args.stories} stories: {len(counts)} speaker values, {len(attributions)} attributions")
    for rank, (name, n) in enumerate(counts[:args.top], start=1):
        print(f"{rank:3} {n:5}  {name}")
    if args.sample:
        sample = random.Random(7).sample(attributions, min(args.sample, len(attributions)))
        print(f"\n{len(sample)} attributions drawn at random:")
        print(" | ".join(sample))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
