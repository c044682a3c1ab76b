"""Keep the index in step with the corpus folder: incremental update and full rebuild.

``update`` compares the corpus with what the index holds: files whose size
and modification time are unchanged are not opened; the others are read,
and a content hash tells a real change from a touch.  New and changed files
are extracted (in worker processes when there are many), deleted files are
removed, and everything is committed at once.  ``rebuild`` writes a new
generation and switches to it only when it is complete.  Either way the
previous index stays whole and searchable until the switch.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import multiprocessing
import os
import signal
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from indexer.corpus import files as corpus_files
from indexer.index import store
from indexer.article import Article
from indexer.index.columns import column_values
from indexer.extract import Context, ExtractionError, extract_bytes, load_context, rules_fingerprint
from indexer.sync.parallel_writer import ParallelWriter, WriterFailed
from indexer.extract.people.names import name_key
from indexer.extract.outlets import OutletDataError
from indexer.corpus.people import PeopleDataError, unify
from indexer.index.schema import SCHEMA_VERSION, build_schema, from_stored, to_document

MAX_FILE_BYTES = 10 * 1024 * 1024   # larger files are reported, not read: no article is this long
#: Time one file may take to extract: a base plus so much per megabyte.  Beyond
#: it the file is reported as failed, so pathological content cannot stall a run.
EXTRACT_SECONDS = 30.0
EXTRACT_SECONDS_PER_MB = 12.0
REASON_CHARS = 300                   # longest failure reason kept in a report
PARALLEL_THRESHOLD = 64        # fewer files than this are extracted in-process
#: A rebuild of at least this many files also indexes in worker processes
#: (Whoosh sub-writers, one segment each): Whoosh's own work is half of a
#: rebuild's CPU time, so a single writer process cannot keep up with two
#: extraction workers.  Below it, starting the processes costs more than it saves.
PARALLEL_WRITE_THRESHOLD = 1000


class UpdateError(Exception):
    """The run could not start or finish; the message says why (the index is unchanged)."""


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


@dataclass(frozen=True)
class _Task:
    relpath: str
    known_sha: str | None      # content hash in the index, when the path is indexed


@dataclass
class _Outcome:
    relpath: str
    status: str                # "article", "same", "failed", "vanished", "skipped"
    stamp: str = ""
    article: Article | None = None
    reason: str = ""


ProgressFn = Callable[[int, int], None]


def run(corpus: Path, index_dir: Path, *, full: bool = False, wait: float = 0.0,
        progress: ProgressFn | None = None, on_wait=None, workers: int | None = None) -> Report:
    """Bring the index at ``index_dir`` up to date with ``corpus`` (``full``: from nothing)."""
    started = time.monotonic()
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise UpdateError(f"corpus folder {corpus} does not exist (set --corpus or CLIPPINGS_CORPUS)")
    try:
        with store.writer_lock(index_dir, wait=wait, on_wait=on_wait):
            report = _run_locked(corpus, Path(index_dir), full, progress, workers)
    except store.IndexBusy as exc:
        raise UpdateError(str(exc)) from None
    report.seconds = time.monotonic() - started
    return report


def _run_locked(corpus: Path, index_dir: Path, full: bool, progress, workers) -> Report:
    report = Report()
    store.remove_unpublished(index_dir)
    try:
        context = load_context(corpus)
    except (OSError, UnicodeDecodeError, OutletDataError, PeopleDataError) as exc:
        raise UpdateError(f"{corpus}: {exc}") from None
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
        tasks = [_Task(path, None) for path in scan.files]
        writer = _rebuild_writer(generation.index, len(tasks), workers)
        try:
            names = dict(context.people)
            for outcome in _outcomes(corpus, tasks, context, progress, workers):
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
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and files >= PARALLEL_WRITE_THRESHOLD:
        _preload_extraction()          # before forking: the children inherit NLTK and the stemmer
        # Each sub-writer's posting buffer.  Whoosh sorts what exceeds it into runs on
        # disk and merges them at the end: with 128 MB that cost +50% CPU on 21,578
        # stories, with 256 MB +25% on 43,154.  512 holds 43,154 stories: the buffer
        # grows only as needed (peak RSS of all processes: 870 MB at 21,578, 1.35 GB at 43,154).
        return ParallelWriter(ix, procs=workers, limitmb=512)
    return ix.writer(limitmb=256)


def _preload_extraction() -> None:
    """Import the extraction code and the stemmer now, so forked workers need not (about 1 s each)."""
    from indexer.index import analysis
    from indexer.extract.people import speakers  # noqa: F401
    analysis.stem("preloaded")


def _incremental(corpus, generation, scan, context, report, progress, workers) -> None:
    ix = generation.index
    with ix.reader() as reader:
        indexed = _indexed_files(reader)
        names = dict(context.people)
        for name in _speaker_names(reader):
            names.setdefault(name_key(name), name)
    tasks: list[_Task] = []
    for relpath, fstat in scan.files.items():
        old = indexed.get(relpath)
        if old is None:
            tasks.append(_Task(relpath, None))
            continue
        size_mtime, sha, row_hash = old.rsplit(":", 2)
        if size_mtime == fstat.stamp and row_hash == context.manifest.row_hash(relpath):
            report.unchanged += 1
        else:
            tasks.append(_Task(relpath, sha if row_hash == context.manifest.row_hash(relpath) else None))
    removed = sorted(set(indexed) - set(scan.files))
    if not tasks and not removed:
        report.documents = ix.doc_count()
        return
    writer = ix.writer(limitmb=128)
    try:
        for relpath in removed:
            writer.delete_by_term("path", relpath)
            report.removed.append(relpath)
        for outcome in _outcomes(corpus, tasks, context, progress, workers):
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


def _note_problem(outcome: _Outcome, report: Report) -> None:
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


# -- reading and extracting files (possibly in worker processes) -------------

_worker_state: tuple[Path, Context] | None = None


def _init_worker(corpus: Path, context: Context) -> None:
    global _worker_state
    _worker_state = (corpus, context)
    if multiprocessing.parent_process() is not None:
        _end_with_parent()


def _end_with_parent() -> None:
    """Have this worker process killed when the indexer that forked it dies (Linux).

    Without this, workers of a killed indexer keep extracting files that
    nobody will ever read.  Elsewhere :func:`_work` checks the parent.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    _exit_if_orphaned()


_PR_SET_PDEATHSIG = 1


def _exit_if_orphaned() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)


def _work(task: _Task) -> _Outcome:
    _exit_if_orphaned()
    corpus, context = _worker_state
    return process_file(corpus, task.relpath, task.known_sha, context)


def _outcomes(corpus: Path, tasks: list[_Task], context: Context,
              progress: ProgressFn | None, workers: int | None) -> Iterator[_Outcome]:
    """Process ``tasks`` in order, in worker processes when there are enough of them."""
    total = len(tasks)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if total < PARALLEL_THRESHOLD or workers <= 1:
        _init_worker(corpus, context)
        results: Iterable[_Outcome] = map(_work, tasks)
        pool = None
    else:
        _preload_extraction()
        pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (corpus, context))
        results = pool.imap(_work, tasks, chunksize=16)
    try:
        for done, outcome in enumerate(results, start=1):
            if progress:
                progress(done, total)
            yield outcome
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def process_file(corpus: Path, relpath: str, known_sha: str | None, context: Context) -> _Outcome:
    """Read one file safely and extract it, unless its content hash is ``known_sha``."""
    try:
        data, fstat = _read_regular_file(corpus / relpath)
    except FileNotFoundError:
        return _Outcome(relpath, "vanished", reason="deleted during the run")
    except _NotRegular as exc:
        return _Outcome(relpath, "skipped", reason=str(exc))
    except OSError as exc:
        return _Outcome(relpath, "failed", reason=f"cannot read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()[:16]
    row_hash = context.manifest.row_hash(relpath)
    stamp = f"{fstat.st_size}:{fstat.st_mtime_ns}:{sha}:{row_hash}"
    if known_sha is not None and sha == known_sha:
        return _Outcome(relpath, "same", stamp=stamp)
    budget = EXTRACT_SECONDS + EXTRACT_SECONDS_PER_MB * len(data) / 2**20
    try:
        with _time_limit(budget):
            article = extract_bytes(relpath, data, context)
    except ExtractionError as exc:
        return _Outcome(relpath, "failed", stamp=stamp, reason=_short(str(exc)))
    except RecursionError:
        return _Outcome(relpath, "failed", stamp=stamp, reason="structure nested too deeply to read")
    except _TooSlow:
        return _Outcome(relpath, "failed", stamp=stamp,
                        reason=f"took longer than {budget:.0f} s to extract (pathological content?)")
    except Exception as exc:  # one bad file must never stop the run
        return _Outcome(relpath, "failed", stamp=stamp,
                        reason=_short(f"extraction error: {type(exc).__name__}: {exc}"))
    return _Outcome(relpath, "article", stamp=stamp, article=article)


class _TooSlow(Exception):
    """A file took longer than its time budget to extract."""


@contextlib.contextmanager
def _time_limit(seconds: float):
    """Raise :class:`_TooSlow` inside the block after ``seconds`` (main thread only).

    A SIGALRM timer; the regular-expression engine and Python code both
    stop for it.  In other threads, where signals cannot be handled, the
    block runs unlimited.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise _TooSlow()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _short(reason: str) -> str:
    """A failure reason on one line and of bounded length."""
    reason = " ".join(reason.split())
    return reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS - 1] + "…"


class _NotRegular(OSError):
    pass


def _read_regular_file(path: Path) -> tuple[bytes, os.stat_result]:
    """Read a regular file without following a symbolic link or blocking on a pipe."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == 40:  # ELOOP: the path became a symbolic link
            raise _NotRegular("symbolic link (not followed)") from None
        raise
    try:
        fstat = os.fstat(fd)
        if not stat.S_ISREG(fstat.st_mode):
            raise _NotRegular("not a regular file")
        if fstat.st_size > MAX_FILE_BYTES:
            raise _too_large(fstat.st_size)
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:      # it grew while being read
                raise _too_large(size)
        return b"".join(chunks), fstat
    finally:
        os.close(fd)


def _too_large(size: int) -> OSError:
    return OSError(0, f"too large ({size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)")
