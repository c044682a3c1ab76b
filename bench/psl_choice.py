"""Which Public Suffix List package: import time, first call, lookup speed, memory, agreement.

Measures whichever of ``publicsuffixlist`` (used), ``tldextract`` and
``publicsuffix2`` are installed (``pip install tldextract publicsuffix2`` to
compare), each in a fresh interpreter, on the hosts of the three HTML
evaluation sets, and says where they disagree.  tldextract is built with
``suffix_list_urls=()`` and ``cache_dir=None`` (no fetch, no cache file) and
with the private suffixes (``foo.blogspot.com`` is a site), as the others
read them by default.  ``HOME`` points at an unwritable folder during the
run, so a package that tries to write a cache there fails loudly.

    python bench/psl_choice.py --data ../shared/corpora
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys, time, tracemalloc
hosts = json.loads(sys.stdin.read())
name, memory = sys.argv[1], sys.argv[2] == "memory"
if memory:
    tracemalloc.start()
t0 = time.perf_counter()
if name == "tldextract":
    import tldextract
    t1 = time.perf_counter()
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
    lookup = lambda h: extract(h).top_domain_under_public_suffix or None
elif name == "publicsuffix2":
    import publicsuffix2
    t1 = time.perf_counter()
    psl = publicsuffix2.PublicSuffixList()
    lookup = lambda h: psl.get_sld(h, strict=True)
else:
    from publicsuffixlist import PublicSuffixList
    t1 = time.perf_counter()
    psl = PublicSuffixList()
    lookup = psl.privatesuffix
t2 = time.perf_counter()
lookup("www.example.co.uk")
t3 = time.perf_counter()
answers = {h: lookup(h) for h in hosts}
for _ in range(9):
    for h in hosts:
        lookup(h)
t4 = time.perf_counter()
print(json.dumps({"import_ms": 1000 * (t1 - t0), "build_ms": 1000 * (t2 - t1), "first_call_ms": 1000 * (t3 - t2),
                  "us_per_lookup": 1e6 * (t4 - t3) / (10 * len(hosts)),
                  "peak_kib": tracemalloc.get_traced_memory()[1] // 1024 if memory else None,
                  "answers": answers}))
"""


def hosts(data: Path) -> list[str]:
    urls = list(json.loads((data / "htmldate-mediacloud-2020" / "ground-truth-dates.json").read_text()))
    urls += [v["url"] for v in json.loads((data / "article-extraction-benchmark" / "ground-truth.json").read_text()).values()]
    urls += [v["url"] for v in json.loads((data / "trafilatura-eval" / "expectations.json").read_text()).values()
             if v.get("url")]
    return sorted({urlsplit(u).hostname for u in urls if urlsplit(u).hostname})


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = parser.parse_args(argv)
    names = hosts(args.data)
    results = {}
    with tempfile.TemporaryDirectory() as home:
        Path(home).chmod(0o500)
        for package in ("publicsuffixlist", "tldextract", "publicsuffix2"):
            runs = [subprocess.run([sys.executable, "-c", PROBE, package, mode], input=json.dumps(names), text=True,
                                   capture_output=True, env={"HOME": home, "PATH": "/usr/bin:/bin"})
                    for mode in ("time", "memory")]   # memory tracing slows everything: apart
            if any(run.returncode for run in runs):
                print(f"{package}: not measured ({[r.stderr.strip().splitlines()[-1:] for r in runs]})")
                continue
            results[package] = dict(json.loads(runs[0].stdout), peak_kib=json.loads(runs[1].stdout)["peak_kib"])
    print(f"{len(names)} hosts")
    for package, r in results.items():
        print(f"{package:17} import {r['import_ms']:6.1f} ms  build {r['build_ms']:5.1f} ms  first call "
              f"{r['first_call_ms']:5.2f} ms  {r['us_per_lookup']:4.1f} us/lookup  peak {r['peak_kib']} KiB")
    base = results.get("publicsuffixlist", {}).get("answers", {})
    for package, r in results.items():
        differ = [h for h in names if r["answers"].get(h) != base.get(h)]
        if package != "publicsuffixlist":
            print(f"{package} differs from publicsuffixlist on {len(differ)} hosts {differ[:5]}")


if __name__ == "__main__":
    main()
