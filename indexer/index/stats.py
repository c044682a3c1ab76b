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
    return counted_stats(len(columns.live), counts["outlet"], counts["speaker"], counts["lang"], counts["day"],
                         counts["undated"])


def counted_stats(documents: int, outlets, speakers, languages, days, undated: int) -> dict:
    """The figures of :func:`column_stats` from counts (Counters of names, language codes and
    ``YYYY-MM-DD`` days), whatever counted them."""
    days = {day: n for day, n in days.items() if day and n}
    return {
        "documents": documents,
        "outlets": _by_count(outlets),
        "speakers": _by_count(speakers),
        "languages": _by_count(languages),
        "date_range": {"from": min(days), "to": max(days)} if days else None,
        "undated": undated,
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
