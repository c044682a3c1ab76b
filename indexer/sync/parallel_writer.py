"""A Whoosh writer that indexes in worker processes, one segment each (for full rebuilds).

Whoosh's analysis and posting writing are pure Python: on a 21,578-story
rebuild they cost more CPU than extracting the articles.  Whoosh's own
``MpWriter`` with ``multisegment=True`` hands batches of documents to
sub-processes that each write a segment of their own, so that work, and
the final merge of each segment's postings, runs on every core.  (A
two-segment index searches as fast as a one-segment one.)

:class:`ParallelWriter` is that writer with what an indexer that may be
interrupted needs on top:

* the sub-writers start when the writer is made, before the caller forks
  its extraction workers (forking a process whose pool threads hold locks
  can deadlock the child);
* they die with the indexer (``PR_SET_PDEATHSIG`` on Linux) instead of
  waiting forever for work;
* :meth:`cancel` stops them (Whoosh's only sets a flag in the parent's
  copy of the task, so the children wait forever and the interpreter
  hangs at exit);
* :meth:`commit` raises :class:`WriterFailed` when a sub-writer died,
  instead of committing the index without that sub-writer's documents.
"""

from __future__ import annotations

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from indexer.sync.processes import die_with_parent


class WriterFailed(Exception):
    """A sub-writer process died; the commit did not happen."""


class _SubWriter(SubWriterTask):
    def run(self):
        die_with_parent()
        super().run()


class ParallelWriter(MpWriter):
    """``ix.writer(procs=n, multisegment=True)`` for filling a new, empty index, safe to cancel.

    ``limitmb`` is the posting buffer of each sub-writer; ``compound`` as for any Whoosh writer.
    """

    def __init__(self, ix, procs: int = 2, limitmb: int = 128, batchsize: int = 100, compound: bool = True):
        super().__init__(ix, procs=procs, batchsize=batchsize, multisegment=True, limitmb=limitmb,
                         compound=compound)
        self._ix = ix
        self.sent = 0
        for _ in range(self.procs):
            self._new_task()

    def _new_task(self):
        task = _SubWriter(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                          self.subargs, self.multisegment)
        task.daemon = True
        self.tasks.append(task)
        task.start()
        return task

    def add_document(self, **fields):
        self.sent += 1
        super().add_document(**fields)

    def commit(self, *args, **kwargs):
        dead = [t for t in self.tasks if not t.is_alive() and t.exitcode not in (None, 0)]
        if dead:
            self.cancel()
            raise WriterFailed(f"an indexing process died (exit code {dead[0].exitcode})")
        before = self._ix.doc_count_all()
        super().commit(*args, **kwargs)
        failed = [t for t in self.tasks if t.exitcode not in (None, 0)]
        if failed:
            raise WriterFailed(f"an indexing process died (exit code {failed[0].exitcode})")
        written = self._ix.doc_count_all() - before
        if written != self.sent:
            raise WriterFailed(f"the indexing processes wrote {written} of {self.sent} documents")

    def cancel(self):
        try:
            for task in self.tasks:
                if task.is_alive():
                    task.terminate()
            for task in self.tasks:
                task.join(timeout=10)
        finally:
            if not self.is_closed:
                SegmentWriter.cancel(self)
