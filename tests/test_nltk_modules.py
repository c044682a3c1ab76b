"""NLTK imported without its optional SciPy and NumPy extras (indexer/nltk_modules.py), in fresh interpreters:
what the indexer and the web app import of NLTK works, SciPy's statistics are not loaded by it, and
SciPy stays importable afterwards."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

_PROBE = r"""
import json, sys
{before}
from indexer.extract.people.sentences import split_sentences
from indexer.index.analysis import stem, term
out = {{"sentences": split_sentences("Maj. Gen. Pat Ryder spoke. He left."), "stem": stem("troops"),
        "term": term("Soldaten", "de"), "scipy.stats": "scipy.stats" in sys.modules,
       "numpy": "numpy" in sys.modules}}
try:
    import scipy.stats
    out["scipy_after"] = True
except ImportError:
    out["scipy_after"] = False
import numpy
out["numpy_after"] = int(numpy.arange(3).sum())
print(json.dumps(out))
"""


def probe(before: str = "") -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE.format(before=before)], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_nltk_works_and_does_not_load_scipy_stats():
    found = probe()
    assert found["sentences"] == ["Maj. Gen. Pat Ryder spoke.", "He left."]
    assert found["stem"] == "troop" and found["term"] == "soldat"
    assert found["scipy.stats"] is False
    assert found["numpy"] is False                 # NumPy is NLTK's optional extra too
    assert found["numpy_after"] == 3
    # SciPy, when installed (the test extra's datasketch brings it), can still be imported afterwards.
    assert found["scipy_after"] is (importlib.util.find_spec("scipy") is not None)


@pytest.mark.skipif(importlib.util.find_spec("scipy") is None, reason="SciPy is not installed")
def test_scipy_imported_first_is_left_alone():
    """A process that has SciPy already gets NLTK as NLTK imports itself (nothing hidden, nothing lost)."""
    found = probe("import scipy")
    assert found["stem"] == "troop" and found["scipy.stats"] is True
