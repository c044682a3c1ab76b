"""The Whoosh index as the app sees it: one shared searcher per generation, one snapshot per request.

An :class:`IndexHolder` keeps the searcher of the current generation open
for the whole process (opening one costs tens of milliseconds).  Each
request takes one :class:`Snapshot` (its :class:`webapp.whoosh_backend.WhooshSession`,
closed on teardown), so no response mixes two generations.  When the
``CURRENT`` pointer moves (a rebuild) or the generation commits (an
update), the next request opens the new state; the old searcher stays
open until the last request using it has finished, so an in-flight
request never fails because of a switch.  The first state is opened
ahead of the first request by the app's warming thread (:mod:`webapp.warm`);
a request arriving meanwhile waits for that opening and shares it.

Whoosh searchers are not documented as thread-safe, so every use of a
snapshot's searcher happens under the snapshot's lock; what follows
(snippets, facets from cached columns, rendering) runs unlocked.
"""

from __future__ import annotations

import threading
from pathlib import Path

from indexer.index import store
from indexer.index.columns import Columns
from indexer.index.postings import posting_reader
from indexer.searchd.schema import card
from webapp.matching import length_norms
from webapp.quotes import SpeakerDirectory

WARM_FIELDS = ("title", "body")
#: Cards of copies kept per snapshot at most (:meth:`Snapshot.cards`); past it the cache starts again.
CARDS_KEPT = 50_000
#: The column of each facet's values per document (:meth:`Snapshot.without`).
_COLUMN_OF = {"outlet": "outlet_of", "speaker": "speakers_of", "lang": "lang_of", "date": "date_of"}

NoIndex = store.NoIndex


class Snapshot:
    """One opened state of the index: a searcher, its lock and per-state caches."""

    def __init__(self, generation: store.Generation, searcher):
        self.generation = generation
        self.searcher = searcher
        self.toc = searcher.reader().generation()
        self.postings = posting_reader(searcher.reader())   # its fast path checked here, once
        self.name = f"{generation.name}/{self.toc}"
        self.lock = threading.RLock()
        self.refs = 0
        self.closed = False
        self._columns: Columns | None = None
        self._norms: dict[str, list[float]] = {}
        self._speakers: SpeakerDirectory | None = None
        self._without: dict[str, set[int]] = {}
        self._cards: dict[int, dict] = {}

    @property
    def schema(self):
        return self.searcher.schema

    @property
    def columns(self) -> Columns:
        """Facet and sort columns of every live document, read once per snapshot."""
        if self._columns is None:
            with self.lock:
                if self._columns is None:
                    self._columns = Columns.read(self.searcher.reader()).warm()
        return self._columns

    def field_norms(self, fieldname: str) -> list[float]:
        """BM25F length normalisation per document for ``fieldname`` (cached)."""
        norms = self._norms.get(fieldname)
        if norms is None:
            with self.lock:
                norms = self._norms.get(fieldname)
                if norms is None:
                    norms = self._norms[fieldname] = length_norms(self.searcher.reader(), fieldname)
        return norms

    @property
    def speakers(self) -> SpeakerDirectory:
        """The speakers of this state by name and key (the names of ``said:``, the speaker pages)."""
        if self._speakers is None:
            columns = self.columns
            with self.lock:
                if self._speakers is None:
                    self._speakers = SpeakerDirectory(columns.by_speaker)
        return self._speakers

    def without(self, facet: str) -> set[int]:
        """The live documents with no value in ``facet`` (outlet, speaker, lang or date; cached)."""
        found = self._without.get(facet)
        if found is None:
            columns = self.columns
            values = getattr(columns, _COLUMN_OF[facet])
            found = self._without[facet] = {d for d in columns.live if not values[d]}
        return found

    def cards(self, docnums) -> dict[int, dict]:
        """docnum -> what a list of copies shows of it (:func:`indexer.searchd.schema.card`: id,
        title, outlet, date), each read from its stored fields once per state, not on every page
        that lists it (a stored article is tens of microseconds to read).  Call under the lock."""
        if len(self._cards) > CARDS_KEPT:
            self._cards = {}
        cards = self._cards
        for docnum in docnums:
            if docnum not in cards:
                cards[docnum] = card(self.searcher.stored_fields(docnum))
        return {docnum: cards[docnum] for docnum in docnums}

    def warm(self) -> "Snapshot":
        """Load the per-state caches every search needs: facet columns, field lengths, speakers."""
        self.columns  # noqa: B018 - reading the property loads the columns
        for fieldname in WARM_FIELDS:
            self.field_norms(fieldname)
        self.speakers  # noqa: B018 - every query is read with them
        return self

    @property
    def warmed(self) -> bool:
        """Whether :meth:`warm`'s caches are loaded."""
        return (self._columns is not None and all(f in self._norms for f in WARM_FIELDS)
                and self._speakers is not None)

    def is_latest(self) -> bool:
        """Whether the generation has committed nothing since this snapshot was opened."""
        try:
            return self.generation.index.latest_generation() == self.toc
        except OSError:
            return False

    def close(self) -> None:
        with self.lock:
            if not self.closed:
                self.closed = True
                self.searcher.close()
                self.generation.release()


class IndexHolder:
    """Process-wide holder of the newest snapshot of the index in ``index_dir``."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()        # guards _current and reference counts
        self._opening = threading.Lock()     # one thread opens a new state at a time
        self._current: Snapshot | None = None

    def acquire(self) -> Snapshot:
        """The newest snapshot, counted as in use until :meth:`release`; raises NoIndex."""
        name = store.current_name(self.index_dir)
        if name is None:
            raise NoIndex(f"no index in {self.index_dir}")
        with self._lock:
            current = self._current
            if current is not None and self._fresh(current, name):
                current.refs += 1
                return current
        # Another thread may be opening the new state: keep serving the old one meanwhile.
        if not self._opening.acquire(blocking=current is None):
            with self._lock:
                current = self._current
                if current is not None:
                    current.refs += 1
                    return current
            self._opening.acquire()
        try:
            with self._lock:
                current = self._current
                if current is not None and self._fresh(current, store.current_name(self.index_dir)):
                    current.refs += 1
                    return current
            fresh = self._open(current)
            with self._lock:
                old, self._current = self._current, fresh
                fresh.refs += 1
                if old is not None and old.refs == 0:
                    old.close()
            return fresh
        finally:
            self._opening.release()

    def open_first(self) -> Snapshot | None:
        """Open the first state ahead of any request (counted as in use, as by :meth:`acquire`);
        None when a state is already open or being opened, by a request that then does the work.
        Never waited on: a warming thread must not become the opener a request would serve a
        stale state around.  Raises NoIndex."""
        if not self._opening.acquire(blocking=False):
            return None
        try:
            with self._lock:
                if self._current is not None:
                    return None
            if store.current_name(self.index_dir) is None:
                raise NoIndex(f"no index in {self.index_dir}")
            fresh = self._open(None)
            with self._lock:
                self._current = fresh
                fresh.refs += 1
            return fresh
        finally:
            self._opening.release()

    def release(self, snapshot: Snapshot) -> None:
        """The request using ``snapshot`` is done; close it if it has been replaced."""
        with self._lock:
            snapshot.refs -= 1
            if snapshot.refs <= 0 and snapshot is not self._current:
                snapshot.close()

    def forget(self, snapshot: Snapshot) -> None:
        """Stop handing out ``snapshot`` (it failed); the next acquire opens the index again."""
        with self._lock:
            if self._current is snapshot:
                self._current = None
                if snapshot.refs <= 0:
                    snapshot.close()

    def peek(self) -> Snapshot | None:
        """The snapshot the next request would get if the index has not changed (not counted)."""
        with self._lock:
            return self._current

    def is_stale(self, snapshot: Snapshot) -> bool:
        return not self._fresh(snapshot, store.current_name(self.index_dir))

    def close(self) -> None:
        with self._lock:
            if self._current is not None and self._current.refs == 0:
                self._current.close()
            self._current = None

    @staticmethod
    def _fresh(snapshot: Snapshot, name: str | None) -> bool:
        return snapshot.generation.name == name and snapshot.is_latest()

    def _open(self, current: Snapshot | None) -> Snapshot:
        name = store.current_name(self.index_dir)
        if current is not None and current.generation.name == name:
            generation = current.generation.held()    # same generation, new commit
        else:
            generation = store.open_current(self.index_dir)
        return Snapshot(generation, generation.index.searcher()).warm()
