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
(one file, within its time budget) and :mod:`indexer.sync.reading` (safely),
and the documents go to a :class:`indexer.sync.sink.Target`: the Whoosh index
folder by default (:mod:`indexer.sync.whoosh_sink`), or a searchd cluster
(:mod:`indexer.searchd.sink`).  The writer lock and the article-id table
(``ids.json``) live in ``index_dir`` either way.  Once the articles are
extracted, the grouping step (:mod:`indexer.sync.grouping`) gives each its
group of copies (on targets that keep groups:
:meth:`indexer.sync.sink.Current.grouping`) and the names step
(:mod:`indexer.sync.names`) the corpus-wide speaker names: a rebuild holds the
extracted articles back (:mod:`indexer.sync.spool`) and writes each document
once, final; an update writes its new documents with their groups and
rewrites the other documents whose group or names changed.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from indexer.corpus import files as corpus_files
from indexer.extract import load_context, rules_fingerprint
from indexer.article import Article
from indexer.index import ids, store
from indexer.index.columns import split_speakers
from indexer.index.schema import SCHEMA_VERSION, SPEAKER_SEPARATOR, from_stored, to_document
from indexer.sync.extraction import Outcome
from indexer.sync.grouping import Grouping
from indexer.sync.identity import Identities, fingerprints
from indexer.sync.parallel_writer import WriterFailed
from indexer.sync.pool import ProgressFn, Task, outcomes
from indexer.sync.names import corpus_mapping
from indexer.sync.sink import Current, Sink, Target
from indexer.sync.spool import Spool
from indexer.sync.whoosh_sink import WhooshTarget

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
    renamed: list[tuple[str, str, str]] = field(default_factory=list)   # (old path, new path, id)
    unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rebuilt: bool = False
    rebuild_reason: str | None = None
    regrouped: int = 0          # unchanged documents rewritten because their group of copies changed
    documents: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "added": self.added, "changed": self.changed, "removed": self.removed,
            "renamed": [{"from": old, "to": new, "id": ident} for old, new, ident in self.renamed],
            "unchanged": self.unchanged,
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "failed": [{"path": p, "reason": r} for p, r in self.failed],
            "warnings": self.warnings, "rebuilt": self.rebuilt,
            "rebuild_reason": self.rebuild_reason, "regrouped": self.regrouped, "documents": self.documents,
            "seconds": round(self.seconds, 3),
        }


def run(corpus: Path, index_dir: Path, *, full: bool = False, wait: float = 0.0,
        progress: ProgressFn | None = None, on_wait=None, workers: int | None = None,
        target: Target | None = None) -> Report:
    """Bring the index at ``index_dir`` up to date with ``corpus`` (``full``: from nothing).

    Waits up to ``wait`` seconds for another indexer (calling ``on_wait(pid)``
    when it starts waiting), then raises :class:`IndexerBusy`.  A bad
    ``outlets.csv`` or ``people.csv`` raises
    :class:`~indexer.corpus.control.ControlFileError`.  ``progress(done,
    total)`` follows the files read; ``workers`` is the number of processes.
    The documents go to ``target`` (default: the Whoosh index in ``index_dir``).
    """
    started = time.monotonic()
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise UpdateError(f"corpus folder {corpus} does not exist (set --corpus or CLIPPINGS_CORPUS)")
    if target is None:
        target = WhooshTarget(Path(index_dir), PARALLEL_WRITE_THRESHOLD)
    try:
        with store.writer_lock(index_dir, wait=wait, on_wait=on_wait):
            report = _run_locked(corpus, Path(index_dir), target, full, progress, workers)
    except store.IndexBusy as exc:
        raise IndexerBusy(str(exc)) from None
    report.seconds = time.monotonic() - started
    return report


def _run_locked(corpus: Path, index_dir: Path, target: Target, full: bool, progress, workers) -> Report:
    report = Report()
    target.prepare()
    context = load_context(corpus)
    report.warnings.extend(context.manifest.warnings)
    info = {"schema": SCHEMA_VERSION, "rules": rules_fingerprint(), "corpus_rules": _corpus_rules(corpus)}
    scan = corpus_files.scan(corpus)
    report.skipped.extend(scan.skipped)
    report.failed.extend(scan.failed)

    current = None
    try:
        current = target.open()
    except store.DamagedIndex:
        report.rebuild_reason = "the index files were damaged"
    except store.NoIndex:
        report.rebuild_reason = "there was no index yet"
    try:
        table = _id_table(index_dir, report)
        indexed = None
        try:
            served, indexed = _served(current, table)
        except Exception as exc:  # whoosh reports damaged files with many kinds of error
            report.warnings.append(f"the index could not be read for article ids ({type(exc).__name__}); "
                                   "ids come from ids.json")
            served, _none = _served(None, table)
        identities = Identities(table, served, set(scan.files))
        if full:
            report.rebuild_reason = "asked for"
        elif current is not None and current.info != info:
            report.rebuild_reason = _why_different(current.info, info)
        if full or current is None or current.info != info:
            _rebuild(corpus, target, scan, context, info, report, progress, workers, identities, index_dir)
        else:
            _incremental(corpus, current, scan, context, report, progress, workers, identities, indexed)
    finally:
        if current is not None:
            current.close()
    _note_renames(report, identities)
    ids.save(index_dir, identities.finish())
    return report


def _id_table(index_dir: Path, report: Report) -> ids.IdTable:
    try:
        return ids.load(index_dir, for_writing=True)
    except ids.BadIdTable as exc:
        report.warnings.append(f"{exc}: article ids start afresh from the index")
        return ids.IdTable()


def _served(current: Current | None, table: ids.IdTable) -> tuple[dict[str, ids.Entry], dict | None]:
    """id -> entry of every article served before this run, and the index's files
    (:meth:`Current.listing`, None without an index), read once for both.

    From the index when it can be read (the table's entry when it agrees with
    the document, else one made from the stored passages: an index older than
    the table); from the table alone when the index is damaged or missing.
    """
    if current is None:
        return {ident: entry for ident, entry in table.entries.items() if entry.live}, None
    indexed = current.listing()
    served = {}
    for path, (ident, stamp, handle) in indexed.items():
        sha = _stamp_sha(stamp)
        entry = table.entries.get(ident)
        if entry is None or not entry.live or entry.path != path or entry.sha != sha:
            entry = ids.Entry(path, sha, fingerprints(from_stored(current.stored(handle))))
        served[ident] = entry
    return served, indexed


def _stamp_sha(stamp: str) -> str:
    """The content hash in a document stamp (``size:mtime_ns:sha:row_hash``)."""
    parts = stamp.split(":")
    return parts[2] if len(parts) == 4 else ""


def _note_renames(report: Report, identities: Identities) -> None:
    """Report renamed files as renames, not as an addition and a removal."""
    report.renamed = [(r.old, r.new, r.id) for r in identities.renames]
    olds, news = {r.old for r in identities.renames}, {r.new for r in identities.renames}
    report.added = [p for p in report.added if p not in news]
    report.removed = [p for p in report.removed if p not in olds]


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


def _rebuild(corpus, target: Target, scan, context, info, report, progress, workers, identities,
             index_dir: Path) -> None:
    """Extract every file, then write each document once, with its group of copies and its
    corpus-wide speaker names (:mod:`indexer.sync.spool` holds the articles until both are known)."""
    tasks = [Task(path, None) for path in scan.files]
    sink = target.rebuild(info, len(tasks), workers)
    report.rebuilt = True
    grouping = Grouping() if sink.groups else None
    names_of: list[tuple[str, ...]] = []        # each article's speakers as its speaker_names column reads
    companies_of: list[list[str]] = []
    try:
        with Spool(index_dir) as spool:
            for outcome in outcomes(corpus, tasks, context, progress, workers):
                if outcome.status == "article":
                    _identify(outcome, identities)
                    article = outcome.article
                    spool.add(article, outcome.stamp)
                    names_of.append(split_speakers(SPEAKER_SEPARATOR.join(article.speakers)))
                    companies_of.append(article.companies)
                    if grouping is not None:
                        grouping.added(article, _stamp_sha(outcome.stamp), outcome.sketch)
                    report.added.append(outcome.relpath)
                else:
                    _note_problem(outcome, report)
            found = grouping.settle() if grouping is not None else {}
            names = corpus_mapping(names_of, companies_of, context.people)
            for article, stamp in spool:
                sink.add(to_document(article, stamp, names, group=found.get(article.id)))
        try:
            sink.commit()
        except WriterFailed as exc:
            raise UpdateError(f"{exc}; the index is as it was before this run") from None
        if grouping is not None:
            sink.save_groups(grouping)
        sink.reconcile(context.people)                 # the step after every write: nothing left to change
        sink.publish()
    except BaseException:
        sink.cancel()
        raise
    _note_sink(sink, report)
    report.documents = len(report.added) - len(sink.failures)


def _identify(outcome: Outcome, identities: Identities) -> None:
    """Give the extracted article the id it keeps (see :mod:`indexer.sync.identity`)."""
    article = outcome.article
    article.id = identities.assign(outcome.relpath, _stamp_sha(outcome.stamp), fingerprints(article))


def _incremental(corpus, current: Current, scan, context, report, progress, workers, identities,
                 indexed: dict | None = None) -> None:
    if indexed is None:
        indexed = current.listing()
    tasks: list[Task] = []
    for relpath, fstat in scan.files.items():
        if relpath not in indexed:
            tasks.append(Task(relpath, None))
            continue
        ident, old, _handle = indexed[relpath]
        size_mtime, sha, row_hash = old.rsplit(":", 2)
        if size_mtime == fstat.stamp and row_hash == context.manifest.row_hash(relpath):
            identities.keep(ident)
            report.unchanged += 1
        else:
            tasks.append(Task(relpath, sha if row_hash == context.manifest.row_hash(relpath) else None))
    removed = sorted(set(indexed) - set(scan.files))
    if not tasks and not removed:
        report.documents = current.documents()
        return
    grouping = current.grouping(indexed, _stamp_sha)
    if grouping is not None:
        report.warnings.extend(grouping.warnings)
    pending: list[tuple[Article, str]] = []      # written once their group is known
    sink = current.writer()
    try:
        for relpath in removed:
            sink.delete(relpath)
            if grouping is not None:
                grouping.removed(indexed[relpath][0])
            report.removed.append(relpath)
        for outcome in outcomes(corpus, tasks, context, progress, workers):
            relpath = outcome.relpath
            if outcome.status == "article":
                _identify(outcome, identities)
                article = outcome.article
                pending.append((article, outcome.stamp))
                if grouping is not None:
                    grouping.added(article, _stamp_sha(outcome.stamp), outcome.sketch)
                (report.changed if relpath in indexed else report.added).append(relpath)
            elif outcome.status == "same":
                identities.keep(indexed[relpath][0])
                pending.extend(_restamped(current, indexed[relpath][2], outcome.stamp))
                report.unchanged += 1
            else:
                if relpath in indexed:
                    sink.delete(relpath)
                    if grouping is not None:
                        grouping.removed(indexed[relpath][0])
                    if outcome.status == "vanished":
                        report.removed.append(relpath)
                _note_problem(outcome, report)
        _write_grouped(current, sink, pending, grouping, indexed, report)
        sink.commit()
    except BaseException:
        sink.cancel()
        raise
    if grouping is not None:
        sink.save_groups(grouping)
    sink.reconcile(context.people)                     # corpus-wide speaker names
    _note_sink(sink, report)
    report.documents = current.documents()


def _write_grouped(current: Current, sink: Sink, pending: list[tuple[Article, str]], grouping: Grouping | None,
                   indexed: dict, report: Report) -> None:
    """The grouping step of an update: write the run's documents with their groups, and rewrite
    (from stored fields) the other documents whose group changed."""
    if grouping is None:
        for article, stamp in pending:
            sink.replace(to_document(article, stamp))
        return
    found = grouping.settle()
    written = set()
    for article, stamp in pending:
        sink.replace(to_document(article, stamp, group=found.get(article.id)))
        written.add(article.id)
    before = current.groups(indexed)
    changes = {ident: group for ident, group in found.items()
               if ident not in written and ident in before and before[ident] != group}
    sink.regroup(changes, {ident: stamp for ident, stamp, _d in indexed.values()})
    report.regrouped = len(changes)


def _note_sink(sink: Sink, report: Report) -> None:
    """Writes the engine could not take: failed files (read again on the next run), warnings."""
    report.failed.extend(sink.failures)
    report.warnings.extend(sink.warnings)


def _note_problem(outcome: Outcome, report: Report) -> None:
    if outcome.status == "failed":
        report.failed.append((outcome.relpath, outcome.reason))
    elif outcome.status in ("skipped", "vanished"):
        report.skipped.append((outcome.relpath, outcome.reason))


def _restamped(current: Current, handle, stamp: str) -> list[tuple[Article, str]]:
    """A touched-but-identical file's article, from its stored fields, with its new size and
    time (nothing extracted again); empty if it is not in the index."""
    fields = current.stored(handle)
    return [(from_stored(fields), stamp)] if fields else []
