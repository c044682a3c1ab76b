"""Keep the index in step with the corpus folder: incremental update and full rebuild.

``update`` compares the corpus with what the index holds: files whose size
and modification time are unchanged are not opened; the others are read,
and a content hash tells a real change from a touch.  New and changed files
are extracted (in worker processes when there are many), deleted files are
removed, and everything is committed at once.  ``rebuild`` writes a new
generation and switches to it only when it is complete.  Either way the
previous index stays whole and searchable until the switch.

This module decides what to do; the files are read and extracted by
:mod:`indexer.sync.pool` (worker processes), :mod:`indexer.sync.extraction`
(one file, within its time budget) and :mod:`indexer.sync.reading` (safely).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from indexer.corpus import files as corpus_files
from indexer.extract import load_context, rules_fingerprint
from indexer.extract.people.aliases import unify
from indexer.extract.people.names import name_key
from indexer.index import store
from indexer.index.columns import column_values
from indexer.index.schema import SCHEMA_VERSION, build_schema, from_stored, to_document
from indexer.sync.extraction import Outcome
from indexer.sync.parallel_writer import ParallelWriter, WriterFailed
from indexer.sync.pool import ProgressFn, Task, outcomes, preload_extraction
from indexer.sync.processes import default_workers

#: A rebuild of at least this many files also indexes in worker processes
#: (Whoosh sub-writers, one segment each): Whoosh's own work is half of a
#: rebuild's CPU time, so a single writer process cannot keep up with two
#: extraction workers.  Below it, starting the processes costs more than it saves.
PARALLEL_WRITE_THRESHOLD = 1000


class UpdateError(Exception):
    """The run could not start or finish; the message says why (the index is unchanged)."""


class IndexerBusy(UpdateError):
    """Another indexer was updating the same index, and did not finish within the wait."""


@dataclass
class Report:
    """What a run did, file by file for everything but the unchanged ones."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rebuilt: bool = False
    rebuild_reason: str | None = None
    documents: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "added": self.added, "changed": self.changed, "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "warnings": self.warnings, "rebuilt": self.rebuilt,
            "rebuild_reason": self.rebuild_reason, "documents": self.documents,
            "seconds": round(self.seconds, 3),
        }


def run(corpus: Path, index_dir: Path, *, full: bool = False, wait: float = 0.0,
        progress: ProgressFn | None = None, on_wait=None, workers: int | None = None) -> Report:
    """Bring the index at ``index_dir`` up to date with ``corpus`` (``full``: from nothing).

    Waits up to ``wait`` seconds for another indexer (calling ``on_wait(pid)``
    when it starts waiting), then raises :class:`IndexerBusy`.  A bad
    ``outlets.csv`` or ``people.csv`` raises
    :class:`~indexer.corpus.control.ControlFileError`.  ``progress(done,
    total)`` follows the files read; ``workers`` is the number of processes.
    """
    started = time.monotonic()
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise UpdateError(f"corpus folder {corpus} does not exist (set --corpus or CLIPPINGS_CORPUS)")
    try:
        with store.writer_lock(index_dir, wait=wait, on_wait=on_wait):
            report = _run_locked(corpus, Path(index_dir), full, progress, workers)
    except store.IndexBusy as exc:
        raise IndexerBusy(str(exc)) from None
    report.seconds = time.monotonic() - started
    return report


def _run_locked(corpus: Path, index_dir: Path, full: bool, progress, workers) -> Report:
    report = Report()
    store.remove_unpublished(index_dir)
    context = load_context(corpus)
    report.warnings.extend(context.manifest.warnings)
    info = {"schema": SCHEMA_VERSION, "rules": rules_fingerprint(), "corpus_rules": _corpus_rules(corpus)}
    scan = corpus_files.scan(corpus)
    report.skipped.extend(scan.skipped)
    report.failed.extend(scan.failed)

    generation = None
    if not full:
        try:
            generation = store.open_current(index_dir, readonly=False)
        except store.DamagedIndex:
            report.rebuild_reason = "the index files were damaged"
        except store.NoIndex:
            report.rebuild_reason = "there was no index yet"
        if generation is not None and generation.info != info:
            report.rebuild_reason = _why_different(generation.info, info)
            generation = None
    else:
        report.rebuild_reason = "asked for"
    if generation is None:
        _rebuild(corpus, index_dir, scan, context, info, report, progress, workers)
    else:
        _incremental(corpus, generation, scan, context, report, progress, workers)
    return report


def _why_different(old: dict, new: dict) -> str:
    if old.get("schema") != new["schema"]:
        return "the index schema changed"
    if old.get("rules") != new["rules"]:
        return "the extraction rules changed"
    return "the corpus' outlets.csv or people.csv changed"


def _corpus_rules(corpus: Path) -> str:
    """A hash of the corpus-level rule files that affect every article."""
    digest = hashlib.sha256()
    for name in (corpus_files.OUTLETS_NAME, corpus_files.PEOPLE_NAME):
        path = corpus / name
        if path.is_file():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _rebuild(corpus, index_dir, scan, context, info, report, progress, workers) -> None:
    generation = store.create_generation(index_dir, build_schema(), info)
    report.rebuilt = True
    try:
        tasks = [Task(path, None) for path in scan.files]
        writer = _rebuild_writer(generation.index, len(tasks), workers)
        try:
            names = dict(context.people)
            for outcome in outcomes(corpus, tasks, context, progress, workers):
                if outcome.status == "article":
                    writer.add_document(**to_document(unify(outcome.article, names), outcome.stamp))
                    report.added.append(outcome.relpath)
                else:
                    _note_problem(outcome, report)
            try:
                writer.commit()
            except WriterFailed as exc:
                raise UpdateError(f"{exc}; the index is as it was before this run") from None
        except BaseException:
            writer.cancel()
            raise
        store.publish(index_dir, generation.name)
    except BaseException:
        store.discard(generation)
        raise
    report.documents = len(report.added)


def _rebuild_writer(ix, files: int, workers: int | None):
    """One Whoosh writer, or parallel sub-writers for a big rebuild on several cores."""
    workers = workers if workers is not None else default_workers()
    if workers > 1 and files >= PARALLEL_WRITE_THRESHOLD:
        preload_extraction()          # before forking: the children inherit NLTK and the stemmer
        # Each sub-writer's posting buffer.  Whoosh sorts what exceeds it into runs on
        # disk and merges them at the end: with 128 MB that cost +50% CPU on 21,578
        # stories, with 256 MB +25% on 43,154.  512 holds 43,154 stories: the buffer
        # grows only as needed (peak RSS of all processes: 870 MB at 21,578, 1.35 GB at 43,154).
        return ParallelWriter(ix, procs=workers, limitmb=512)
    return ix.writer(limitmb=256)


def _incremental(corpus, generation, scan, context, report, progress, workers) -> None:
    ix = generation.index
    with ix.reader() as reader:
        indexed = _indexed_files(reader)
        names = dict(context.people)
        for name in _speaker_names(reader):
            names.setdefault(name_key(name), name)
    tasks: list[Task] = []
    for relpath, fstat in scan.files.items():
        old = indexed.get(relpath)
        if old is None:
            tasks.append(Task(relpath, None))
            continue
        size_mtime, sha, row_hash = old.rsplit(":", 2)
        if size_mtime == fstat.stamp and row_hash == context.manifest.row_hash(relpath):
            report.unchanged += 1
        else:
            tasks.append(Task(relpath, sha if row_hash == context.manifest.row_hash(relpath) else None))
    removed = sorted(set(indexed) - set(scan.files))
    if not tasks and not removed:
        report.documents = ix.doc_count()
        return
    writer = ix.writer(limitmb=128)
    try:
        for relpath in removed:
            writer.delete_by_term("path", relpath)
            report.removed.append(relpath)
        for outcome in outcomes(corpus, tasks, context, progress, workers):
            relpath = outcome.relpath
            if outcome.status == "article":
                writer.update_document(**to_document(unify(outcome.article, names), outcome.stamp))
                (report.changed if relpath in indexed else report.added).append(relpath)
            elif outcome.status == "same":
                _restamp(ix, writer, relpath, outcome.stamp)
                report.unchanged += 1
            else:
                if relpath in indexed:
                    writer.delete_by_term("path", relpath)
                    if outcome.status == "vanished":
                        report.removed.append(relpath)
                _note_problem(outcome, report)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    report.documents = ix.doc_count()


def _note_problem(outcome: Outcome, report: Report) -> None:
    if outcome.status == "failed":
        report.failed.append((outcome.relpath, outcome.reason))
    elif outcome.status in ("skipped", "vanished"):
        report.skipped.append((outcome.relpath, outcome.reason))


def _indexed_files(reader) -> dict[str, str]:
    """path -> stamp of every live document, read from columns (no stored fields loaded)."""
    if reader.doc_count() == 0:
        return {}
    paths = column_values(reader, "path")
    stamps = column_values(reader, "stamp")
    return {paths[docnum]: stamps[docnum] for docnum in reader.all_doc_ids()}


def _speaker_names(reader) -> Iterable[str]:
    try:
        for term in reader.lexicon("speaker_exact"):
            yield term.decode("utf-8") if isinstance(term, bytes) else term
    except KeyError:
        return


def _restamp(ix, writer, relpath: str, stamp: str) -> None:
    """Record a touched-but-identical file's new size and time without extracting it again."""
    with ix.searcher() as searcher:
        fields = searcher.document(path=relpath)
    if fields is not None:
        writer.update_document(**to_document(from_stored(fields), stamp))
