"""``clippings`` with the grouping step left out: the baseline of the grouping cost in ``make bench``.

Runs the indexer's command line with :class:`indexer.sync.grouping.Grouping`
replaced by one that sketches nothing, links nothing and saves nothing, so
every article stays its own group.  For measuring only (``bench/scale.py``
times ``rebuild`` with and without grouping in the same run); the index it
writes is complete and searchable.  Usage: ``python bench/nogroup.py rebuild
--corpus DIR --index DIR --json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer import cli  # noqa: E402
from indexer.sync import grouping, update  # noqa: E402


class NoGrouping(grouping.Grouping):
    """A grouping step that does nothing: every article is its own group."""

    @classmethod
    def load(cls, folder, reader, indexed, sha_of) -> "NoGrouping":
        return cls()

    def added(self, article, sha, found=None) -> None:
        pass

    def removed(self, ident) -> None:
        pass

    def settle(self) -> dict[str, str]:
        return {}

    def save(self, folder) -> None:
        pass


if __name__ == "__main__":
    update.Grouping = NoGrouping
    sys.exit(cli.main())
