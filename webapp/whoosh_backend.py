"""The Whoosh backend: :class:`webapp.backend.Backend` over the indexer's Whoosh index folder.

A session is one :class:`webapp.index.Snapshot` taken from the process's
:class:`webapp.index.IndexHolder`; searching is :mod:`webapp.search`,
articles are stored fields with the query's highlight terms.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from indexer.index import store
from indexer.index.stats import column_stats, updated_at
from webapp import search
from webapp.backend import Backend, NoIndex, Session
from webapp.document import article_view, resolve_link, valid_id
from webapp.index import IndexHolder, Snapshot
from webapp.params import SearchState
from webapp.query import highlight_terms, parse_query


class WhooshSession(Session):
    """One snapshot of the index, released to its holder on :meth:`close`."""

    def __init__(self, holder: IndexHolder, snapshot: Snapshot):
        self.holder = holder
        self.snapshot = snapshot
        self.generation = snapshot.name
        self._open = True

    def search(self, state: SearchState, root: str = "") -> dict:
        return search.run_search(self.snapshot, state, root)

    def facet_values(self, name: str, state: SearchState) -> list[dict]:
        return search.facet_values(self.snapshot, state, name)

    def article(self, doc_id: str, q: str = "", root: str = "", n: int | None = None,
                fp: str | None = None) -> dict | None:
        if not valid_id(doc_id):
            return None
        snapshot = self.snapshot
        with snapshot.lock:
            fields = snapshot.searcher.document(id=doc_id)
        if fields is None:
            return None
        parsed = parse_query(q, snapshot.schema)
        with snapshot.lock:
            terms = highlight_terms(parsed.query, snapshot.searcher.reader())
        status, where = resolve_link(fields.get("passages") or [], n, fp)
        view = article_view(fields, terms, q, root, linked=where, reading=parsed.reading, message=parsed.message)
        view["link"] = {"status": status, "passage": where}
        return view

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

    def close(self) -> None:
        self.holder.close()
