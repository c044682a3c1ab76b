"""The grouping step of a run: settle the groups of copies once the articles are extracted.

``update`` and ``rebuild`` hand each written article's text to a
:class:`Grouping` (``added``) and each dropped id (``removed``); at the end
:meth:`Grouping.settle` links the new articles to their copies (the group
state of :mod:`indexer.index.groups`, loaded from the generation, so no old
file is read again) and returns every article's group.  The caller writes
new documents with their group, and :func:`rewrite` rewrites, from stored
fields, only the documents whose group changed.  The state is then saved
beside the generation (:meth:`Grouping.save`).
"""

from __future__ import annotations

from pathlib import Path

from indexer.article import Article
from indexer.index import groups
from indexer.index.columns import column_values
from indexer.index.schema import from_stored, to_document
from indexer.index.similarity import Sketch, sketch


class Grouping:
    """The group state of one run and what the run changed in it."""

    def __init__(self, state: groups.GroupState | None = None):
        self.state = state or groups.GroupState()
        self._added: dict[str, tuple[str, Sketch]] = {}
        self._removed: set[str] = set()
        self.warnings: list[str] = []

    @classmethod
    def load(cls, folder: Path, stored, indexed: dict[str, tuple[str, str, object]], sha_of) -> "Grouping":
        """The state saved in ``folder`` checked against the index (``indexed``: path -> (id,
        stamp, handle); ``sha_of(stamp)`` the content hash; ``stored(handles)`` the stored fields
        of those documents, in order): articles it lacks, or holds in another version, are
        sketched again from their stored passages."""
        run = cls()
        try:
            run.state = groups.load(folder)
        except groups.BadGroupState as exc:
            run.warnings.append(f"{exc}: the groups of copies are computed again from the index")
        current = {ident: sha_of(stamp) for ident, stamp, _handle in indexed.values()}
        handles = {ident: handle for ident, _stamp, handle in indexed.values()}
        stale = run.state.stale(current)
        for start in range(0, len(stale), 500):
            part = stale[start:start + 500]
            for ident, fields in zip(part, stored([handles[i] for i in part])):
                passages = (fields or {}).get("passages") or []
                run._added[ident] = (current[ident], sketch(text for text, _speakers in passages))
        return run

    def added(self, article: Article, sha: str, found: Sketch | None = None) -> None:
        """``article`` (new or changed, with content hash ``sha``; ``found``: its sketch when the
        worker that extracted it made one) is written in this run."""
        self._added[article.id] = (sha, found if found is not None else sketch(p.text for p in article.passages))
        self._removed.discard(article.id)

    def removed(self, ident: str) -> None:
        """The article ``ident`` is deleted in this run."""
        self._removed.add(ident)
        self._added.pop(ident, None)

    def settle(self) -> dict[str, str]:
        """Apply the run's changes; id -> group id of every article."""
        self.state.remove(self._removed)
        self.state.add(self._added)
        self._added, self._removed = {}, set()
        return self.state.groups()

    def save(self, folder: Path) -> None:
        groups.save(folder, self.state)


def indexed_groups(reader, indexed: dict[str, tuple[str, str, int]]) -> dict[str, str]:
    """id -> group of every live document, from the index's ``group`` column."""
    if not indexed:
        return {}
    values = column_values(reader, "group")
    return {ident: values[docnum] or ident for ident, _stamp, docnum in indexed.values()}


def rewrite(searcher, writer, changes: dict[str, str], stamps: dict[str, str]) -> None:
    """Rewrite the documents of ``changes`` (id -> new group) from their stored fields, keeping
    their stamps (``stamps``: id -> stamp); nothing is extracted again.  They are written with
    their speakers as extracted: the corpus-wide names step that follows every write
    (:func:`indexer.sync.names.reconcile`) shows them as the corpus names them."""
    for ident in sorted(changes):
        fields = searcher.document(id=ident)
        if fields is not None:
            writer.update_document(**to_document(from_stored(fields), stamps[ident], group=changes[ident]))
