"""The Whoosh backend: :class:`webapp.backend.Backend` over the indexer's Whoosh index folder.

A session is one :class:`webapp.index.Snapshot` taken from the process's
:class:`webapp.index.IndexHolder`; searching is :mod:`webapp.search`,
articles are stored fields with the query's highlight terms.  Warming
opens the newest snapshot and searches it once for a word of one of its
titles (:meth:`WhooshBackend.warm`).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from indexer.index import ids, store
from indexer.index.stats import column_stats, updated_at
from webapp import search
from webapp.backend import Backend, Export, NoIndex, Session
from webapp.document import article_view, valid_id, with_copies
from webapp.index import IndexHolder, Snapshot
from webapp.params import SearchState
from webapp.query import highlights, parse_query

EXPORT_BATCH = 200     # stored documents read per turn of the snapshot's lock while exporting


class WhooshSession(Session):
    """One snapshot of the index, released to its holder on :meth:`close`."""

    def __init__(self, holder: IndexHolder, snapshot: Snapshot):
        self.holder = holder
        self.snapshot = snapshot
        self.generation = snapshot.name
        self._open = True

    def search(self, state: SearchState, root: str = "", facet_size: int | None = None) -> dict:
        return search.run_search(self.snapshot, state, root)      # every facet value: counting is cheap here

    def facet_values(self, name: str, state: SearchState) -> list[dict]:
        return search.facet_values(self.snapshot, state, name)

    def speaker(self, name: str, state: SearchState, root: str = "") -> dict | None:
        return search.speaker_page(self.snapshot, name, state, root)

    def speakers_like(self, name: str) -> list[str]:
        return search.speakers_like(self.snapshot, name)

    def article(self, doc_id: str, q: str = "", root: str = "") -> dict | None:
        if not valid_id(doc_id):
            return None
        snapshot = self.snapshot
        with snapshot.lock:
            docnum = snapshot.searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            fields = snapshot.searcher.stored_fields(docnum)
            listed = [d for d in snapshot.columns.copies_of(docnum) if d != docnum][:search.COPIES_LISTED]
            others = [snapshot.searcher.stored_fields(d) for d in listed]
        parsed = parse_query(q, snapshot.schema, snapshot.columns.analyses, snapshot.speakers)
        with snapshot.lock:
            found = highlights(parsed.query, snapshot.searcher.reader())
        view = article_view(fields, found.marks(fields.get("lang")), q, root, reading=parsed.reading,
                            message=parsed.message, said=found.said)
        return with_copies(view, others, q, root)

    def export(self, state: SearchState, limit: int, root: str = "") -> Export:
        """One selection and one ordering for every page; stored fields read in batches."""
        snapshot = self.snapshot
        chosen = search.select(snapshot, replace(state, page=1))
        sort = search.effective_sort(chosen.state, chosen.parsed)
        size = min(len(chosen.final), limit)
        with snapshot.lock:
            docnums = search.ranked_page(snapshot, chosen.parsed, chosen.final, sort, 0, size, chosen.matcher) if size else []
            terms = highlights(chosen.parsed.query, snapshot.searcher.reader())
        speaker_terms = search.speaker_terms_of(chosen.parsed)

        def rows() -> Iterator[dict]:
            for start in range(0, len(docnums), EXPORT_BATCH):
                part = docnums[start:start + EXPORT_BATCH]
                with snapshot.lock:
                    batch = [snapshot.searcher.stored_fields(d) for d in part]
                    copies = search.copies_of(snapshot, part)
                for docnum, fields in zip(part, batch):
                    group = search.group_dict(snapshot.columns, docnum, fields["id"], copies, chosen.final,
                                              chosen.state, root)
                    yield search.result_dict(fields, chosen.state, terms, speaker_terms, root, group)

        return Export(len(chosen.final), sort, rows())

    def current_id(self, doc_id: str) -> str | None:
        """Follows the indexer's id table (:mod:`indexer.index.ids`) to an id this snapshot serves."""
        if not valid_id(doc_id):
            return None
        target = ids.load_cached(self.holder.index_dir).current(doc_id)
        if target is None or target == doc_id:
            return None
        return target if self._has(target) and not self._has(doc_id) else None

    def _has(self, doc_id: str) -> bool:
        with self.snapshot.lock:
            return self.snapshot.searcher.document_number(id=doc_id) is not None

    def stats(self) -> dict:
        return {**column_stats(self.snapshot.columns), "updated": updated_at(self.snapshot.generation.index)}

    def close(self) -> None:
        if self._open:
            self._open = False
            self.holder.release(self.snapshot)


class WhooshBackend(Backend):
    """The index folder ``index_dir`` (built from ``corpus_dir`` by ``clippings update``)."""

    def __init__(self, index_dir: Path, corpus_dir: Path | None = None):
        self.holder = IndexHolder(Path(index_dir))
        self.location = str(index_dir)
        command = ["clippings", "update"]
        if corpus_dir is not None:
            command += ["--corpus", str(corpus_dir)]
        self.build_command = shlex.join(command + ["--index", str(index_dir)])

    def open(self) -> WhooshSession:
        try:
            snapshot = self.holder.acquire()
        except store.NoIndex as exc:
            raise NoIndex(str(exc)) from exc
        return WhooshSession(self.holder, snapshot)

    def renew(self, session: Session) -> WhooshSession | None:
        assert isinstance(session, WhooshSession)
        snapshot = session.snapshot
        if not self.holder.is_stale(snapshot):
            return None
        session.close()
        self.holder.forget(snapshot)
        return self.open()

    def warm(self) -> None:
        """Open the first state (columns, field lengths, the posting-reader check) and search
        it once, so the code a search loads on first use is loaded; nothing when a request got
        there first (it does the work).  Raises :class:`NoIndex`."""
        try:
            snapshot = self.holder.open_first()
        except store.NoIndex as exc:
            raise NoIndex(str(exc)) from exc
        if snapshot is None:
            return
        try:
            search.run_search(snapshot, SearchState(q=warm_query(snapshot)))
        finally:
            self.holder.release(snapshot)

    def close(self) -> None:
        self.holder.close()


def warm_query(snapshot: Snapshot) -> str:
    """A query that finds something in ``snapshot`` cheaply: the longest word of the first
    article's title (long words are rare), or ``*`` for an empty or untitled index."""
    with snapshot.lock:
        reader = snapshot.searcher.reader()
        first = next(iter(reader.all_doc_ids()), None)
        fields = reader.stored_fields(first) if first is not None else {}
    title = fields.get("title") or ""
    words = re.findall(r"[^\W\d_]+", title)
    return max(words, key=len) if words else "*"
