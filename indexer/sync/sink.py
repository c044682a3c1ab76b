"""The index sink seam: where ``update`` and ``rebuild`` write, whatever the engine.

:mod:`indexer.sync.update` decides what changed and makes the documents
(:func:`indexer.index.schema.to_document` of each cleaned article); a
:class:`Target` is the index it keeps in step.  ``Target.open()`` gives the
:class:`Current` index (what it holds, for the comparison with the corpus)
and ``Target.rebuild(...)`` a :class:`Sink` that builds the index anew; a
sink takes documents, deletions and commits.  The Whoosh index folder is
one target (:mod:`indexer.sync.whoosh_sink`), a searchd cluster another
(:mod:`indexer.searchd.sink`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

#: path -> (article id, stamp, handle): what a :class:`Current` index holds, file by file.
Listing = dict[str, tuple[str, str, object]]


class Sink(ABC):
    """Takes the documents of one run.  Writes an engine could not take are in ``failures``
    (``(path, reason)``: reported as failed files, read again on the next run) and ``warnings``."""

    #: Whether this target keeps groups of copies (:mod:`indexer.sync.grouping`).
    groups = False

    def __init__(self) -> None:
        self.failures: list[tuple[str, str]] = []
        self.warnings: list[str] = []

    @abstractmethod
    def add(self, doc: dict) -> None:
        """A document the index does not hold yet (a rebuild writes only these)."""

    @abstractmethod
    def replace(self, doc: dict) -> None:
        """A document replacing the one with the same ``id``, if any."""

    @abstractmethod
    def delete(self, path: str) -> None:
        """Drop the document of corpus file ``path``."""

    @abstractmethod
    def commit(self) -> None:
        """Write every change (made visible at once as far as the engine allows)."""

    def reconcile(self, aliases) -> None:
        """The corpus-wide step after the writes: speaker names made one across the corpus
        (:mod:`indexer.sync.names`), ``aliases`` being ``people.csv``'s.  By default nothing:
        the documents keep the names as extracted."""

    def regroup(self, changes: dict[str, str], stamps: dict[str, str]) -> None:
        """Rewrite the documents of ``changes`` (id -> new group of copies) from their stored
        fields, keeping their stamps (``stamps``: id -> stamp).  Only for targets with ``groups``."""
        raise NotImplementedError

    def save_groups(self, grouping) -> None:
        """Keep the run's group state beside the index.  Only for targets with ``groups``."""
        raise NotImplementedError

    def publish(self) -> None:
        """After a rebuild's commit and reconcile: the new index replaces the old one (by
        default nothing: the writes were made in place)."""

    @abstractmethod
    def cancel(self) -> None:
        """Abandon the run's changes (as far as the engine allows); the old index stays."""


class Current(ABC):
    """The index as it is before a run."""

    info: dict      # schema version, rules fingerprint, corpus rules: a difference forces a rebuild

    @abstractmethod
    def listing(self) -> Listing:
        """Every live document's path, id, stamp and handle (no stored fields loaded)."""

    @abstractmethod
    def stored(self, handle) -> dict:
        """The stored fields of the document ``handle`` (from :meth:`listing`)."""

    def grouping(self, indexed: Listing, sha_of):
        """The group state of the index checked against ``indexed`` (an
        :class:`indexer.sync.grouping.Grouping`), or None for a target that keeps no groups of
        copies (its documents are then each their own group)."""
        return None

    def groups(self, indexed: Listing) -> dict[str, str]:
        """id -> group of copies of every document before the run."""
        return {}

    @abstractmethod
    def writer(self) -> Sink:
        """A sink that changes this index in place."""

    @abstractmethod
    def documents(self) -> int:
        """How many documents the index holds."""

    def close(self) -> None:
        """Release what reading the index holds."""


class Target(ABC):
    """An index that ``update`` keeps in step with the corpus."""

    @abstractmethod
    def prepare(self) -> None:
        """Clear what killed runs left behind (called holding the writer lock)."""

    @abstractmethod
    def open(self) -> Current:
        """The current index; raises :class:`indexer.index.store.NoIndex` when there is none
        (:class:`~indexer.index.store.DamagedIndex` when it cannot be read)."""

    @abstractmethod
    def rebuild(self, info: dict, files: int, workers: int | None) -> Sink:
        """A sink building a whole new index of about ``files`` documents, described by
        ``info``; its :meth:`Sink.publish` puts it in place of the current one."""
