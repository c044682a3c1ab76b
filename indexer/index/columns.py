"""The index's columns (per-document values stored for sorting and facets) as plain Python data.

:func:`column_values` reads one column as a list; :class:`Columns` holds
the facet columns (outlet, speakers, date, language) and the group of copies
of every document and counts them, for ``clippings stats`` and for the web app, which also uses its
inverted sets and date ranks so that filters, facet counts and date
sorting cost set operations and C-speed counting, not stored field loads.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from functools import cached_property
from itertools import chain

from indexer.index.analysis import DEFAULT, analysis_of
from indexer.index.schema import SPEAKER_SEPARATOR


def column_values(reader, fieldname: str) -> list[str]:
    """All values of ``fieldname``'s column, indexed by document number ('' where a document has none).

    Read segment by segment: Whoosh's multi-segment column reader misplaces
    documents when one segment lacks the column altogether (a segment whose
    documents all have no outlet, say).  Deleted documents keep their slot.
    """
    values: list[str] = []
    for leaf, offset in reader.leaf_readers():
        if offset != len(values):  # pragma: no cover - Whoosh numbers segments contiguously
            raise RuntimeError(f"unexpected segment offset {offset} (expected {len(values)})")
        if leaf.doc_count_all() == 0:
            continue
        if not leaf.has_column(fieldname):
            values.extend([""] * leaf.doc_count_all())
            continue
        values.extend(column_text(v) for v in leaf.column_reader(fieldname, translate=False))
    return values


def column_text(value) -> str:
    """A column value as text (columns hold UTF-8 bytes; empty for no value)."""
    if not value:
        return ""
    return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)


def split_speakers(raw: str) -> tuple[str, ...]:
    """The names in a ``speaker_exact`` column value (``SPEAKER_SEPARATOR``-joined), each once,
    so that a facet counts articles, not mentions."""
    return tuple(dict.fromkeys(filter(None, raw.split(SPEAKER_SEPARATOR)))) if raw else ()


class Columns:
    """Facet values per document (lists indexed by docnum) of the live documents ``live``.

    The inverted sets and date ranks are built on first use (the web app
    warms them with :meth:`warm` before sharing the object between threads).
    """

    def __init__(self, live: set[int], outlet_of: list[str], speakers_of: list[tuple[str, ...]],
                 date_of: list[str], lang_of: list[str] | None = None, group_of: list | None = None):
        self.live = live
        self.outlet_of = outlet_of
        self.speakers_of = speakers_of
        self.date_of = date_of
        self.lang_of = lang_of if lang_of is not None else [""] * len(outlet_of)
        # The group of copies of each document (its own docnum when the index has none for it).
        self.group_of = group_of if group_of is not None else list(range(len(outlet_of)))
        self.counts = self._count(live)         # facet counts over all live documents

    @classmethod
    def read(cls, reader) -> "Columns":
        """Read the columns of ``reader`` (a Whoosh reader, possibly of several segments)."""
        return cls(live=set(reader.all_doc_ids()),
                   outlet_of=column_values(reader, "outlet_exact"),
                   speakers_of=[split_speakers(raw) for raw in column_values(reader, "speaker_exact")],
                   date_of=column_values(reader, "date"),
                   lang_of=column_values(reader, "lang"),
                   group_of=[group or ident for group, ident in zip(column_values(reader, "group"),
                                                                    column_values(reader, "id"))])

    def warm(self) -> "Columns":
        """Build every lazy part now; returns self."""
        for name in ("by_outlet", "by_speaker", "by_lang", "newest_rank", "oldest_rank", "members"):
            getattr(self, name)
        return self

    @cached_property
    def members(self) -> dict:
        """The live documents of each group of copies that has more than one, in docnum order."""
        table: dict = {}
        for docnum in sorted(self.live):
            table.setdefault(self.group_of[docnum], []).append(docnum)
        return {group: docs for group, docs in table.items() if len(docs) > 1}

    @cached_property
    def copied(self) -> frozenset[int]:
        """The live documents that have copies (members of a group of more than one)."""
        return frozenset(d for docs in self.members.values() for d in docs)

    def stories(self, docs) -> int:
        """How many groups of copies (stories) ``docs`` hold (only its copied documents are looked
        at: every other document is a story of its own)."""
        copied = self.copied.intersection(docs)
        return len(docs) - len(copied) + len({self.group_of[d] for d in copied})

    def copies_of(self, docnum: int) -> list[int]:
        """The live documents of ``docnum``'s group, itself included, in docnum order."""
        return self.members.get(self.group_of[docnum], [docnum])

    def count(self, docs) -> dict:
        """Facet value counts over ``docs``: ``outlet``, ``speaker``, ``lang`` and ``day``
        (``YYYY-MM-DD``) as Counters, and ``undated``, the number of documents without a date."""
        return self.counts if docs is self.live else self._count(docs)

    def _count(self, docs) -> dict:
        outlets = Counter(map(self.outlet_of.__getitem__, docs))
        speakers = Counter(chain.from_iterable(map(self.speakers_of.__getitem__, docs)))
        days = Counter(map(self.date_of.__getitem__, docs))
        langs = Counter(map(self.lang_of.__getitem__, docs))
        outlets.pop("", None)
        langs.pop("", None)
        undated = days.pop("", 0)
        return {"outlet": outlets, "speaker": speakers, "lang": langs, "day": days, "undated": undated}

    @cached_property
    def analyses(self) -> tuple[str, ...]:
        """The analyses other than the default one of the live documents' languages, sorted
        (what a query must look up besides the default fields: :mod:`indexer.index.schema`)."""
        return tuple(sorted({analysis_of(lang) for lang in self.counts["lang"]} - {DEFAULT}))

    @cached_property
    def by_outlet(self) -> dict[str, set[int]]:
        """The live documents of each outlet."""
        return self._inverted(self.outlet_of)

    @cached_property
    def by_lang(self) -> dict[str, set[int]]:
        """The live documents in each language."""
        return self._inverted(self.lang_of)

    def _inverted(self, value_of: list[str]) -> dict[str, set[int]]:
        table: dict[str, set[int]] = {}
        for docnum in self.live:
            if value_of[docnum]:
                table.setdefault(value_of[docnum], set()).add(docnum)
        return table

    @cached_property
    def by_speaker(self) -> dict[str, set[int]]:
        """The live documents quoting each speaker."""
        table: dict[str, set[int]] = {}
        for docnum in self.live:
            for name in self.speakers_of[docnum]:
                table.setdefault(name, set()).add(docnum)
        return table

    @cached_property
    def dated(self) -> tuple[list[str], list[int]]:
        """The sorted dates of the live dated documents, and their docnums in the same order."""
        pairs = sorted((self.date_of[d], d) for d in self.live if self.date_of[d])
        return [k for k, _ in pairs], [d for _, d in pairs]

    @cached_property
    def newest_rank(self) -> list[int]:
        """The rank of each docnum, newest first, undated last."""
        return self._ranks(reversed(self.dated[1]))

    @cached_property
    def oldest_rank(self) -> list[int]:
        """The rank of each docnum, oldest first, undated last."""
        return self._ranks(self.dated[1])

    def _ranks(self, ordered) -> list[int]:
        undated_rank = len(self.dated[1])
        ranks = [undated_rank + d for d in range(len(self.outlet_of))]
        for i, docnum in enumerate(ordered):
            ranks[docnum] = i
        return ranks

    def in_range(self, start: str | None, end: str | None) -> set[int]:
        """Live documents dated from ``start`` to ``end`` inclusive (``YYYY-MM-DD``; None: open)."""
        keys, docs = self.dated
        lo = bisect_left(keys, start) if start else 0
        hi = bisect_right(keys, end) if end else len(keys)
        return set(docs[lo:hi])

    def with_any(self, facet: str, values) -> set[int]:
        """Live documents having at least one of ``values`` in ``facet`` (outlet, speaker or lang)."""
        table = {"outlet": self.by_outlet, "speaker": self.by_speaker, "lang": self.by_lang}[facet]
        found: set[int] = set()
        for value in values:
            found |= table.get(value, set())
        return found
