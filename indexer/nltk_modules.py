"""NLTK's modules, imported without NLTK's optional SciPy and NumPy extras.

The project uses two parts of NLTK: Punkt (sentence splitting,
:mod:`indexer.extract.people.sentences`) and the Snowball stemmers
(:mod:`indexer.index.analysis`).  Importing any module of NLTK first runs
NLTK's package ``__init__``, which imports nearly all of NLTK; four of those
modules import parts of SciPy when SciPy is installed, each behind an
``except ImportError`` with a fallback (``nltk.metrics.association`` takes
``scipy.stats.fisher_exact`` for a collocation score; ``nltk.metrics.scores``,
``nltk.translate.gale_church`` and ``nltk.parse.transitionparser`` the same
way).  ``scipy.stats`` alone costs about 0.4 s of CPU to import, in every
process that imports NLTK (each ``clippings`` run, the web app's start),
for functions the project never calls.  NumPy likewise (0.1 s of CPU in
a process that needs no NumPy otherwise, such as the web app): NLTK's
``__init__`` imports ``nltk.cluster`` only when NumPy is importable, and
``nltk.metrics.aline`` and ``nltk.classify.megam`` take it behind an
``except ImportError``; the other NLTK modules import it when called.

:func:`nltk_module` imports NLTK's package once with SciPy and NumPy hidden
(their ``sys.modules`` entries set to None for the duration of that import,
so NLTK's fallbacks are taken), then the module asked for.  Both stay
importable afterwards; only NLTK's optional features above use their
fallbacks in this process (none of them is used here).  A package already
imported is not hidden, nor is anything once NLTK is imported.  While NLTK
is being imported, another thread's first import of NumPy or SciPy would fail:
the indexer imports NLTK in its main thread, the web app in ``create_app``,
before any other thread runs.  Measured in docs/performance.md.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

#: Packages NLTK imports when they are installed, for features the project does not use.
OPTIONAL = ("scipy", "numpy")

_lock = threading.Lock()


def nltk_module(name: str) -> ModuleType:
    """The module ``nltk.<name>`` (``"tokenize.punkt"``, ``"stem.snowball"``), NLTK's package
    imported without its optional extras (module docstring)."""
    if "nltk" not in sys.modules:
        _import_nltk()
    return importlib.import_module(f"nltk.{name}")


def _import_nltk() -> None:
    with _lock:
        if "nltk" in sys.modules:
            return
        hidden = [name for name in OPTIONAL if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None        # an import of it raises ImportError
        try:
            importlib.import_module("nltk")
        finally:
            for name in hidden:
                if sys.modules.get(name, 0) is None:
                    del sys.modules[name]
