"""The articles of a rebuild, kept on disk until their groups of copies and corpus-wide names are known.

A rebuild writes each document once, in its final form: the group of copies
(:mod:`indexer.sync.grouping`) and the corpus-wide speaker names
(:mod:`indexer.sync.names`) of an article depend on every other article, so
the extracted articles wait here (pickled into an anonymous temporary file,
so memory stays flat whatever the corpus' size) until the last one is in.
Writing them as they came and rewriting the ones that changed afterwards left
two more segments and deleted documents in the big ones, which every search
then pays for (docs/performance.md).
"""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path
from typing import Iterator

from indexer.article import Article


class Spool:
    """A sequence of ``(article, stamp)`` pairs, appended, then read back in order (once or more)."""

    def __init__(self, folder: Path | None = None):
        self._file = tempfile.TemporaryFile(prefix="clippings-spool-", dir=folder)
        self.count = 0

    def add(self, article: Article, stamp: str) -> None:
        pickle.dump((article, stamp), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[tuple[Article, str]]:
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)
        self._file.seek(0, 2)         # further additions go at the end

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
