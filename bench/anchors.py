"""Cost of landing a passage link on a 100-passage article (``python -m bench.anchors``).

Times :func:`webapp.anchors.resolve` for the slowest path (an edited passage, so every passage
is matched approximately) and for a gone one, and the whole ``/api/doc`` request for an
edited link, and prints p50 / p95 in milliseconds.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from indexer.sync.update import run
from webapp import anchors, create_app

WORDS = ("troops officials region border minister talks grain exports markets analysts winter "
         "soldiers deployment warnings corridor spokesman reports ministry closing higher").split()
PASSAGES = 100
RUNS = 200


def article(rng: random.Random) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 70))) + "." for _ in range(PASSAGES)]


def percentiles(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    return f"p50 {statistics.median(ms):.2f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.2f} ms"


def time_resolve(passages: list[str], anchor: anchors.Anchor) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        anchors.resolve(anchor, passages)
        times.append(time.perf_counter() - start)
    return times


def time_request(passages: list[str], link: str) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        (corpus / "a.txt").write_text("A long article\n\nNovember 4, 2024\n\n" + "\n\n".join(passages) + "\n")
        run(corpus, index)
        client = create_app({"INDEX_DIR": str(index)}).test_client()
        doc_id = client.get("/api/search?q=troops").get_json()["results"][0]["id"]
        times = []
        for _ in range(RUNS // 4):
            start = time.perf_counter()
            assert client.get(f"/api/doc/{doc_id}?{link}").status_code == 200
            times.append(time.perf_counter() - start)
        return times


def main() -> int:
    rng = random.Random(11)
    passages = article(rng)
    target = passages[60]
    edited = passages[:60] + [target.replace(target.split()[3], "typo", 1)] + passages[61:]
    lead, tail = anchors.parse_quote(anchors.quote_of(target))
    anchor = anchors.Anchor(61, "0123456789", lead, tail)
    print(f"resolve, edited passage, {PASSAGES} passages: {percentiles(time_resolve(edited, anchor))}")
    gone = passages[:60] + passages[61:]
    print(f"resolve, gone passage, {PASSAGES - 1} passages: {percentiles(time_resolve(gone, anchor))}")
    link = urlencode([("p", "61"), ("fp", "0123456789"), ("t", anchors.quote_of(target))])
    print(f"GET /api/doc (edited link, whole request): {percentiles(time_request(edited, link))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
