"""Figures about an index: documents, outlets, speakers, date range, last update."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from indexer.index import store
from indexer.index.columns import column_values
from indexer.index.schema import SPEAKER_SEPARATOR


def index_stats(index_dir: Path) -> dict:
    """The ``stats --json`` object; raises :class:`store.NoIndex` when there is no index."""
    generation = store.open_current(index_dir)
    ix = generation.index
    outlets: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    days: list[str] = []
    with ix.reader() as reader:
        count = reader.doc_count()
        if count:
            outlet_col = column_values(reader, "outlet_exact")
            speaker_col = column_values(reader, "speaker_exact")
            date_col = column_values(reader, "date")
            for docnum in reader.all_doc_ids():
                if outlet_col[docnum]:
                    outlets[outlet_col[docnum]] += 1
                if speaker_col[docnum]:
                    speakers.update(n for n in speaker_col[docnum].split(SPEAKER_SEPARATOR) if n)
                if date_col[docnum]:
                    days.append(date_col[docnum])
    updated = dt.datetime.fromtimestamp(ix.last_modified(), dt.timezone.utc)
    return {
        "documents": count,
        "outlets": dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))),
        "speakers": dict(sorted(speakers.items(), key=lambda kv: (-kv[1], kv[0]))),
        "date_range": {"from": min(days), "to": max(days)} if days else None,
        "undated": count - len(days),
        "updated": updated.isoformat(timespec="seconds"),
        "generation": generation.name,
    }
