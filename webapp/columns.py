"""Facet and sort values of every document, read from the index's columns once per snapshot.

Everything a search needs besides the query itself lives here as plain
Python lists and sets indexed by document number, so that facet counts
and date sorting cost set operations and C-speed counting, not stored
field loads.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from indexer.index.columns import column_values
from indexer.index.schema import SPEAKER_SEPARATOR


@dataclass
class Columns:
    """Per-document values (lists indexed by docnum) and inverted sets per facet value."""

    live: set[int]
    outlet_of: list[str]
    speakers_of: list[tuple[str, ...]]
    date_of: list[str]
    by_outlet: dict[str, set[int]]
    by_speaker: dict[str, set[int]]
    dated_keys: list[str]                  # sorted dates of live dated documents ...
    dated_docs: list[int]                  # ... and their docnums, in the same order
    newest_rank: list[int]                 # rank of each docnum, newest first, undated last
    oldest_rank: list[int]                 # rank of each docnum, oldest first, undated last
    counts: dict[str, Counter] = field(default_factory=dict)   # facet counts over all live documents

    @classmethod
    def read(cls, reader) -> "Columns":
        """Read the columns of ``reader`` (a Whoosh reader, possibly of several segments)."""
        outlet_of = column_values(reader, "outlet_exact")
        speaker_raw = column_values(reader, "speaker_exact")
        date_of = column_values(reader, "date")
        live = set(reader.all_doc_ids())
        speakers_of = [tuple(n for n in raw.split(SPEAKER_SEPARATOR) if n) if raw else ()
                       for raw in speaker_raw]
        by_outlet: dict[str, set[int]] = {}
        by_speaker: dict[str, set[int]] = {}
        for docnum in live:
            if outlet_of[docnum]:
                by_outlet.setdefault(outlet_of[docnum], set()).add(docnum)
            for name in speakers_of[docnum]:
                by_speaker.setdefault(name, set()).add(docnum)
        dated = sorted((date_of[d], d) for d in live if date_of[d])
        size = len(outlet_of)
        undated_rank = len(dated)
        newest_rank = [undated_rank + d for d in range(size)]
        oldest_rank = list(newest_rank)
        for i, (_, docnum) in enumerate(dated):
            oldest_rank[docnum] = i
        for i, (_, docnum) in enumerate(reversed(dated)):
            newest_rank[docnum] = i
        columns = cls(
            live=live, outlet_of=outlet_of, speakers_of=speakers_of, date_of=date_of,
            by_outlet=by_outlet, by_speaker=by_speaker,
            dated_keys=[k for k, _ in dated], dated_docs=[d for _, d in dated],
            newest_rank=newest_rank, oldest_rank=oldest_rank,
        )
        columns.counts = columns.count(live)
        return columns

    def in_range(self, start: str | None, end: str | None) -> set[int]:
        """Live documents dated from ``start`` to ``end`` inclusive (``YYYY-MM-DD``; None: open)."""
        lo = bisect_left(self.dated_keys, start) if start else 0
        hi = bisect_right(self.dated_keys, end) if end else len(self.dated_keys)
        return set(self.dated_docs[lo:hi])

    def with_any(self, facet: str, values) -> set[int]:
        """Live documents having at least one of ``values`` in ``facet`` (outlet or speaker)."""
        table = self.by_outlet if facet == "outlet" else self.by_speaker
        found: set[int] = set()
        for value in values:
            found |= table.get(value, set())
        return found

    def count(self, docs) -> dict[str, Counter]:
        """Facet value counts over ``docs``: outlet, speaker and day (``YYYY-MM-DD``)."""
        if docs is self.live and self.counts:
            return self.counts
        outlets = Counter(map(self.outlet_of.__getitem__, docs))
        speakers = Counter(chain.from_iterable(map(self.speakers_of.__getitem__, docs)))
        days = Counter(map(self.date_of.__getitem__, docs))
        outlets.pop("", None)
        undated = days.pop("", 0)
        return {"outlet": outlets, "speaker": speakers, "day": days, "undated": undated}
