"""How long a fresh web-app process takes to start and to answer its first searches.

Each run is a new Python process that imports the app, times ``create_app``,
then times requests through Flask's test client: the first ``/?q=WORD`` at
once (it may have to wait for the warming thread), and, in a second set of
runs, after a pause long enough for warming to finish (what a user arriving
after start-up sees); then a second, different search for comparison.

Usage::

    python bench/warm_start.py --index DIR [--corpus DIR] [--runs 5] [--pause 3] [--json]

The figures are medians over ``--runs`` processes, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
from webapp import create_app
t1 = time.perf_counter()
app = create_app({"INDEX_DIR": sys.argv[1], "CORPUS_DIR": sys.argv[2]})
t2 = time.perf_counter()
time.sleep(float(sys.argv[3]))
client = app.test_client()
out = {"import_ms": (t1 - t0) * 1000, "create_app_ms": (t2 - t1) * 1000}
for key, url in (("first_ms", sys.argv[4]), ("second_ms", sys.argv[5])):
    start = time.perf_counter()
    response = client.get(url)
    out[key] = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
print(json.dumps(out))
"""


def one_run(index: Path, corpus: Path, pause: float, first: str, second: str) -> dict:
    """The timings of one fresh process."""
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(index), str(corpus), str(pause), first, second],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"the measuring process failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(index: Path, corpus: Path, runs: int = 5, pause: float = 3.0,
            first: str = "/?q=troops", second: str = "/?q=oil+prices") -> dict:
    """Median timings with the first request at once and after ``pause`` seconds."""
    report = {}
    for label, wait in (("at_once", 0.0), (f"after_{pause:g}s", pause)):
        samples = [one_run(index, corpus, wait, first, second) for _ in range(runs)]
        report[label] = {key: round(statistics.median(s[key] for s in samples), 1) for key in samples[0]}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pause", type=float, default=3.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = measure(args.index.resolve(), args.corpus.resolve(), args.runs, args.pause)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for label, row in report.items():
        print(f"{label:>12}: " + "  ".join(f"{k} {v:.1f}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
