"""Where the index lives on disk: generations, the CURRENT pointer and the writer lock.

Layout of an index folder::

    CURRENT            name of the generation readers should open
    gen-<ms>/          one complete Whoosh index per generation
      clippings.json   schema version and extraction-rules fingerprint
      readers.lock     held shared (flock) by every reader of the generation
    indexer.lock       held (flock) by the one indexer allowed to run

``update`` commits into the current generation (Whoosh commits are
atomic: the table of contents is written to a temporary file and renamed).
``rebuild`` writes a new generation beside the old one and switches
``CURRENT`` with an atomic rename only when it is complete, so readers
always find a whole index.  The previous generation is kept until the
next switch so that a reader that just read the old pointer can still
open it; an older one stays while a reader holds it (Whoosh opens some
segment files only when first needed), and a later switch removes it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
import weakref
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError

from indexer.index.files import replace_file

POINTER = "CURRENT"
INFO = "clippings.json"
LOCK = "indexer.lock"
READERS = "readers.lock"
PREFIX = "gen-"

#: Descriptors of the writer locks this process holds.  A forked child (a
#: worker process) closes its copies at once: otherwise a worker left
#: running after its parent was killed would keep the lock, and every
#: later indexer would wait for a process that is already dead.
_held_locks: set[int] = set()


def _close_inherited_locks() -> None:
    for fd in list(_held_locks):
        with contextlib.suppress(OSError):
            os.close(fd)
    _held_locks.clear()


os.register_at_fork(after_in_child=_close_inherited_locks)


class StoreError(Exception):
    """Base of the errors this module reports in plain words."""


class NoIndex(StoreError):
    """There is no index at the given place yet."""


class IndexBusy(StoreError):
    """Another indexer holds the lock."""


class DamagedIndex(NoIndex):
    """The current generation's files cannot be read; a rebuild from the corpus repairs it."""


class ReaderHold:
    """A shared ``flock`` on a generation's ``readers.lock``, held while a reader may use it.

    Whoosh opens some files of a segment only when first needed (stored fields, columns), so
    a reader needs the generation's folder for as long as it reads; :func:`publish` removes
    an old generation only when no reader holds it.  Released when the object is collected
    (with the :class:`Generation` that owns it) or by :meth:`release`.
    """

    def __init__(self, folder: Path):
        fd = os.open(folder / READERS, os.O_RDONLY | os.O_CLOEXEC)    # readers write nothing
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)     # refused only while being removed
        except OSError:
            os.close(fd)
            raise
        self._finalizer = weakref.finalize(self, os.close, fd)

    def release(self) -> None:
        self._finalizer()


def _hold(folder: Path) -> ReaderHold | None:
    """A hold on ``folder``; None for a generation written before holds existed."""
    try:
        return ReaderHold(folder)
    except FileNotFoundError:
        if (folder / INFO).is_file():
            return None
        raise                                          # the folder went away: read the pointer again


def _remove_unless_read(folder: Path) -> bool:
    """Remove the generation ``folder`` unless a reader holds it; whether it was removed."""
    try:
        fd = os.open(folder / READERS, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)      # no lock file: no reader can hold it
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False                                   # in use: the next publish removes it
    try:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(fd)
    return True


@dataclass(frozen=True)
class Generation:
    """An opened generation: its name, its info and the Whoosh index object; ``hold`` keeps
    it on disk while this object lives (readers; :class:`ReaderHold`)."""

    name: str
    path: Path
    info: dict
    index: whoosh_index.Index
    hold: ReaderHold | None = field(default=None, repr=False, compare=False)

    def held(self) -> "Generation":
        """The same opened generation with a :class:`ReaderHold` of its own (for one more reader)."""
        return replace(self, hold=_hold(self.path))

    def release(self) -> None:
        """Let the generation go from disk once no other reader holds it."""
        if self.hold is not None:
            self.hold.release()


#: Segments are written as separate files, not one compound file: Whoosh reads a compound
#: segment's postings and term index through ``BytesIO`` copies of its memory map, so every
#: reader process held the whole index in private memory (web app RSS 361 MB on the 21,577
#: Reuters stories; 124 MB with separate files, which the page cache holds once for every
#: process; search CPU +1-5%: docs/performance.md).
COMPOUND = False


def writer(ix, limitmb: int = 128):
    """A Whoosh writer on ``ix`` with the project's segment layout (:data:`COMPOUND`)."""
    return ix.writer(limitmb=limitmb, compound=COMPOUND)


def current_name(index_dir: Path) -> str | None:
    """The name of the current generation, or None when there is none."""
    try:
        name = (Path(index_dir) / POINTER).read_text(encoding="utf-8").strip()
        if not name.startswith(PREFIX) or "/" in name or not (Path(index_dir) / name).is_dir():
            return None
    except (OSError, ValueError):      # missing, unreadable, not text, NUL bytes: no usable pointer
        return None
    return name


def open_current(index_dir: Path, readonly: bool = True) -> Generation:
    """Open the current generation; raises :class:`NoIndex` when there is none.

    Its segments are opened once, so that damaged files (truncated by a
    full disk, say) raise :class:`DamagedIndex` here rather than a
    low-level error somewhere later.  A reader's generation (``readonly``)
    holds a :class:`ReaderHold`: it stays on disk while the object lives.
    """
    index_dir = Path(index_dir)
    for _attempt in range(5):
        name = current_name(index_dir)
        if name is None:
            raise NoIndex(f"no index in {index_dir}: run 'clippings update' to build one")
        path = index_dir / name
        try:
            hold = _hold(path) if readonly else None
            info = json.loads((path / INFO).read_text(encoding="utf-8"))
            ix = FileStorage(str(path), readonly=readonly).open_index()
            ix.reader().close()
            return Generation(name, path, info, ix, hold)
        except (FileNotFoundError, BlockingIOError, EmptyIndexError, ValueError):
            # The pointer moved on and the old generation went away between
            # reading the pointer and opening it: read the pointer again.
            time.sleep(0.05)
        except Exception as exc:  # whoosh reports damaged files with many kinds of error
            if current_name(index_dir) == name:
                raise DamagedIndex(f"the index in {index_dir} is damaged ({type(exc).__name__}: {exc}); "
                                   "run 'clippings rebuild'") from None
    raise DamagedIndex(f"the index in {index_dir} is damaged: run 'clippings rebuild'")


def create_generation(index_dir: Path, schema, info: dict) -> Generation:
    """Make a new, empty generation beside the current one (not yet published)."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    name = f"{PREFIX}{time.time_ns() // 1_000_000:013d}-{os.getpid()}"
    path = index_dir / name
    path.mkdir()
    ix = FileStorage(str(path)).create_index(schema)
    (path / READERS).touch()
    (path / INFO).write_text(json.dumps(info, sort_keys=True), encoding="utf-8")
    return Generation(name, path, info, ix)


def publish(index_dir: Path, name: str) -> None:
    """Make ``name`` the current generation atomically and drop older ones.

    The generation that was current until now is kept (a reader may be
    opening it this instant); those before it, and leftovers of
    interrupted rebuilds, are removed, except those a reader still holds
    (:class:`ReaderHold`), which a later publish removes.
    """
    index_dir = Path(index_dir)
    previous = current_name(index_dir)
    replace_file(index_dir / POINTER, name + "\n")
    for child in index_dir.iterdir():
        if child.name.startswith(PREFIX) and child.name not in (name, previous):
            _remove_unless_read(child)
        elif child.name.startswith(POINTER + ".") and child.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                child.unlink()


def remove_unpublished(index_dir: Path) -> list[str]:
    """Remove generations that interrupted rebuilds left behind; returns their names.

    Call it holding the writer lock.  A generation newer than the current
    one was never published (publishing removes the older ones), so no
    reader can have it open; without this an indexer killed during a
    rebuild would leave a whole index on disk until the next rebuild.
    """
    index_dir = Path(index_dir)
    current = current_name(index_dir)
    if current is None or not index_dir.is_dir():
        return []
    stale = sorted(child.name for child in index_dir.iterdir()
                   if child.name.startswith(PREFIX) and child.name > current and child.is_dir())
    for name in stale:
        shutil.rmtree(index_dir / name, ignore_errors=True)
    return stale


def discard(generation: Generation) -> None:
    """Remove an unpublished generation (after a failed rebuild)."""
    shutil.rmtree(generation.path, ignore_errors=True)


@contextlib.contextmanager
def writer_lock(index_dir: Path, wait: float = 0.0, on_wait=None):
    """Hold the indexer lock of ``index_dir`` for the duration of the block.

    Waits up to ``wait`` seconds for another indexer to finish (calling
    ``on_wait(pid)`` once when it starts waiting), then raises
    :class:`IndexBusy`.  The lock is an ``flock``, so it is released by the
    kernel when its holder dies, however it dies.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    _held_locks.add(fd)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                holder = _read_pid(fd)
                if time.monotonic() >= deadline:
                    who = f" (pid {holder})" if holder else ""
                    raise IndexBusy(f"another indexer{who} is updating {index_dir}; "
                                    "try again when it has finished") from None
                if on_wait and not told:
                    on_wait(holder)
                    told = True
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        _held_locks.discard(fd)
        os.close(fd)


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip() or 0) or None
    except (OSError, ValueError):
        return None
