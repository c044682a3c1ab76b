"""The article-body extractors the HTML evaluations run side by side.

Each system is a function from a page (``bytes`` as read from disk, or an
already decoded ``str``) to its body text.  Bytes are what a user's corpus
holds, so each system gets them and decodes them its own way: ours through
the indexer's :func:`indexer.corpus.decode.decode`, the libraries through
their own charset detection.  Ours is scored on its passages (the
``text`` of an article, without the headline).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.corpus.decode import decode  # noqa: E402
from indexer.extract import html as cleaner  # noqa: E402

Extractor = Callable[[bytes | str], str]


def clippings(page: bytes | str) -> str:
    """Our article text as the page shows it: the standfirst, then the passages, one per line."""
    found = _clean(page)
    return "\n".join(([found.standfirst] if found.standfirst else []) + found.passages)


def clippings_body(page: bytes | str) -> str:
    """Our passages only (the ``text`` of an article), one per line."""
    return "\n".join(_clean(page).passages)


def _clean(page: bytes | str) -> cleaner.CleanPage:
    soup = cleaner.parse(decode(page) if isinstance(page, bytes) else page)
    return cleaner.clean(soup, cleaner.page_metadata(soup))


_WORD = re.compile(r"\w+")
#: A passage this long is kept without trafilatura's agreement (ours is confident about paragraphs).
CONFIDENT_CHARS = 120
#: Share of a passage's words that trafilatura's text must hold for the passage to be kept.
AGREEMENT = 0.5


def agreed(page: bytes | str, confident: int = CONFIDENT_CHARS, share: float = AGREEMENT,
           standfirst: bool = True) -> str:
    """Ours filtered by trafilatura (a measured alternative, not the production path): a passage
    shorter than ``confident`` characters is kept only when trafilatura's output (without
    comments) holds at least ``share`` of its distinct words."""
    import trafilatura

    found = _clean(page)
    theirs = set(_WORD.findall((trafilatura.extract(page, include_comments=False) or "").lower()))
    kept = []
    for passage in found.passages:
        words = set(_WORD.findall(passage.lower()))
        if len(passage) >= confident or not words or len(words & theirs) >= share * len(words):
            kept.append(passage)
    return "\n".join(([found.standfirst] if standfirst and found.standfirst else []) + kept)


#: The name of the measured alternative in the evaluations' ``--alternatives`` runs.
AGREED = "agreed (ours filtered by trafilatura)"


def extractors(ours: Extractor = clippings) -> tuple[dict[str, Extractor], list[str]]:
    """The systems to run live (ours first, as ``ours`` extracts), and notes on libraries
    that cannot be imported."""
    systems: dict[str, Extractor] = {"clippings": ours}
    notes = []
    try:
        import trafilatura

        version = getattr(trafilatura, "__version__", "?")
        systems[f"trafilatura {version}"] = lambda page: trafilatura.extract(page) or ""
        systems[f"trafilatura {version} (no comments)"] = (
            lambda page: trafilatura.extract(page, include_comments=False) or "")
    except ImportError:
        notes.append("trafilatura not installed: skipped (pip install trafilatura)")
    try:
        from importlib.metadata import version as dist_version

        from bs4 import BeautifulSoup
        from readability import Document

        def readability_text(page: bytes | str) -> str:
            # readability-lxml 0.8 fails on bytes (its charset sniffing expects str)
            summary = Document(decode(page) if isinstance(page, bytes) else page).summary(html_partial=True)
            return BeautifulSoup(summary, "lxml").get_text("\n")

        systems[f"readability-lxml {dist_version('readability-lxml')}"] = readability_text
    except ImportError:
        notes.append("readability-lxml not installed: skipped (pip install readability-lxml lxml_html_clean)")
    return systems, notes
