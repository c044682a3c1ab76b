"""The one loader of the sectioned list files under ``indexer/extract/data/``.

A list file (``speech.txt``, ``speech.de.txt``, ``chrome.txt``) is plain UTF-8 text: a line
``[name]`` opens a section, every other non-blank line is one entry line of
the section above it, and lines before the first section are ignored.  A
line whose first non-blank character is ``#`` is a comment; with
``inline_comments`` a ``#`` anywhere starts one (word lists), without it a
``#`` inside a line is kept (regular expressions may hold one).  Each file
is read and parsed once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def data_path(name: str) -> Path:
    """The path of the data file called ``name`` (``"speech.txt"``)."""
    return DATA_DIR / name


def data_files(pattern: str) -> tuple[str, ...]:
    """The names of the data files matching ``pattern`` (``"speech.*.txt"``), sorted."""
    return tuple(sorted(path.name for path in DATA_DIR.glob(pattern)))


@lru_cache(maxsize=None)
def sections(name: str, inline_comments: bool = False) -> dict[str, tuple[str, ...]]:
    """The sections of data file ``name``: section name -> its entry lines, stripped, in order.

    A section named twice gets the lines of both places.
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in data_path(name).read_text(encoding="utf-8").splitlines():
        line = (raw.split("#", 1)[0] if inline_comments else raw).strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = found.setdefault(line[1:-1].strip(), [])
        elif current is not None:
            current.append(line)
    return {section: tuple(lines) for section, lines in found.items()}
