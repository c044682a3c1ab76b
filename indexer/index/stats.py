"""Figures about an index: documents, outlets, speakers, date range, last update."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from indexer.index import store
from indexer.index.columns import Columns


def column_stats(columns: Columns) -> dict:
    """``documents``, ``outlets``, ``speakers`` and ``languages`` (name or ISO 639-1 code -> count,
    most first; articles of undetermined language are not counted), ``date_range`` (``{from, to}``
    or None) and ``undated``, counted over the live documents of ``columns``."""
    counts = columns.counts
    days = counts["day"]
    return {
        "documents": len(columns.live),
        "outlets": _by_count(counts["outlet"]),
        "speakers": _by_count(counts["speaker"]),
        "languages": _by_count(counts["lang"]),
        "date_range": {"from": min(days), "to": max(days)} if days else None,
        "undated": counts["undated"],
    }


def _by_count(counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def updated_at(ix) -> str:
    """When the Whoosh index ``ix`` last changed, as an ISO 8601 UTC time to the second."""
    return dt.datetime.fromtimestamp(ix.last_modified(), dt.timezone.utc).isoformat(timespec="seconds")


def index_stats(index_dir: Path) -> dict:
    """The ``stats --json`` object; raises :class:`store.NoIndex` when there is no index."""
    generation = store.open_current(index_dir)
    ix = generation.index
    with ix.reader() as reader:
        figures = column_stats(Columns.read(reader))
    return {**figures, "updated": updated_at(ix), "generation": generation.name}
