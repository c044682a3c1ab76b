"""The Whoosh index folder as an index sink (:mod:`indexer.sync.sink`): generations, writers, columns.

An update commits into the current generation; a rebuild writes a new
generation (with parallel sub-writers when it is big) and publishes it
when complete (:mod:`indexer.index.store`).
"""

from __future__ import annotations

from pathlib import Path

from indexer.index import store
from indexer.index.columns import column_values
from indexer.index.schema import build_schema
from indexer.sync.grouping import Grouping, indexed_groups, rewrite
from indexer.sync.names import reconcile
from indexer.sync.parallel_writer import ParallelWriter
from indexer.sync.pool import preload_extraction
from indexer.sync.processes import default_workers
from indexer.sync.sink import Current, Listing, Sink, Target


class WhooshSink(Sink):
    """A Whoosh writer on ``ix`` (the generation at ``folder``): ``update_document`` by the unique
    ``id``, deletions by ``path``."""

    groups = True

    def __init__(self, ix, folder: Path, writer, on_publish=None, on_cancel=None):
        super().__init__()
        self.ix = ix
        self.folder = folder
        self.writer = writer
        self.on_publish = on_publish
        self.on_cancel = on_cancel
        self.written = False

    def add(self, doc: dict) -> None:
        self.writer.add_document(**doc)

    def replace(self, doc: dict) -> None:
        self.writer.update_document(**doc)

    def delete(self, path: str) -> None:
        self.writer.delete_by_term("path", path)

    def commit(self) -> None:
        self.writer.commit()
        self.written = True

    def reconcile(self, aliases) -> None:
        reconcile(self.ix, aliases)

    def regroup(self, changes: dict[str, str], stamps: dict[str, str]) -> None:
        """With this run's writer before the commit; after it (a rebuild), with a writer of its own."""
        if not self.written:
            with self.ix.searcher() as searcher:
                rewrite(searcher, self.writer, changes, stamps)
            return
        writer = store.writer(self.ix)
        try:
            with self.ix.searcher() as searcher:
                rewrite(searcher, writer, changes, stamps)
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    def save_groups(self, grouping: Grouping) -> None:
        grouping.save(self.folder)

    def publish(self) -> None:
        if self.on_publish:
            self.on_publish()

    def cancel(self) -> None:
        try:
            if not self.written:
                self.writer.cancel()
        finally:
            if self.on_cancel:
                self.on_cancel()


class WhooshCurrent(Current):
    """The current generation, read through one reader opened on first use."""

    def __init__(self, generation: store.Generation):
        self.generation = generation
        self.info = generation.info
        self._reader = None

    @property
    def reader(self):
        if self._reader is None:
            self._reader = self.generation.index.reader()
        return self._reader

    def listing(self) -> Listing:
        reader = self.reader
        if reader.doc_count() == 0:
            return {}
        paths, idents, stamps = (column_values(reader, name) for name in ("path", "id", "stamp"))
        return {paths[docnum]: (idents[docnum], stamps[docnum], docnum) for docnum in reader.all_doc_ids()}

    def stored(self, handle) -> dict:
        return self.reader.stored_fields(handle)

    def grouping(self, indexed: Listing, sha_of) -> Grouping:
        reader = self.reader
        return Grouping.load(self.generation.path, lambda handles: [reader.stored_fields(h) for h in handles],
                             indexed, sha_of)

    def groups(self, indexed: Listing) -> dict[str, str]:
        with self.generation.index.searcher() as searcher:
            return indexed_groups(searcher.reader(), indexed)

    def writer(self) -> Sink:
        return WhooshSink(self.generation.index, self.generation.path, store.writer(self.generation.index))

    def documents(self) -> int:
        return self.generation.index.doc_count()

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


class WhooshTarget(Target):
    """The index folder ``index_dir``.  A rebuild of at least ``parallel_threshold`` files
    on several cores writes with parallel sub-writers."""

    def __init__(self, index_dir: Path, parallel_threshold: int):
        self.index_dir = Path(index_dir)
        self.parallel_threshold = parallel_threshold

    def prepare(self) -> None:
        store.remove_unpublished(self.index_dir)

    def open(self) -> WhooshCurrent:
        return WhooshCurrent(store.open_current(self.index_dir, readonly=False))

    def rebuild(self, info: dict, files: int, workers: int | None) -> Sink:
        generation = store.create_generation(self.index_dir, build_schema(), info)
        try:
            writer = self._rebuild_writer(generation.index, files, workers)
        except BaseException:
            store.discard(generation)
            raise
        return WhooshSink(generation.index, generation.path, writer,
                          on_publish=lambda: store.publish(self.index_dir, generation.name),
                          on_cancel=lambda: store.discard(generation))

    def _rebuild_writer(self, ix, files: int, workers: int | None):
        """One Whoosh writer, or parallel sub-writers for a big rebuild on several cores."""
        workers = workers if workers is not None else default_workers()
        if workers > 1 and files >= self.parallel_threshold:
            preload_extraction()          # before forking: the children inherit NLTK and the stemmer
            # Each sub-writer's posting buffer.  Whoosh sorts what exceeds it into runs on
            # disk and merges them at the end: with 128 MB that cost +50% CPU on 21,578
            # stories, with 256 MB +25% on 43,154.  512 holds 43,154 stories: the buffer
            # grows only as needed (peak RSS of all processes: 870 MB at 21,578, 1.35 GB at 43,154).
            return ParallelWriter(ix, procs=workers, limitmb=512, compound=store.COMPOUND)
        return store.writer(ix, limitmb=256)
