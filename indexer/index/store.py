"""Where the index lives on disk: generations, the CURRENT pointer and the writer lock.

Layout of an index folder::

    CURRENT            name of the generation readers should open
    gen-<ms>/          one complete Whoosh index per generation
      clippings.json   schema version and extraction-rules fingerprint
    indexer.lock       held (flock) by the one indexer allowed to run

``update`` commits into the current generation (Whoosh commits are
atomic: the table of contents is written to a temporary file and renamed).
``rebuild`` writes a new generation beside the old one and switches
``CURRENT`` with an atomic rename only when it is complete, so readers
always find a whole index.  The previous generation is kept until the
next switch so that a reader that just read the old pointer can still
open it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from indexer.index.files import replace_file

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError

POINTER = "CURRENT"
INFO = "clippings.json"
LOCK = "indexer.lock"
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


@dataclass(frozen=True)
class Generation:
    """An opened generation: its name, its info and the Whoosh index object."""

    name: str
    path: Path
    info: dict
    index: whoosh_index.Index


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
    low-level error somewhere later.
    """
    index_dir = Path(index_dir)
    for _attempt in range(5):
        name = current_name(index_dir)
        if name is None:
            raise NoIndex(f"no index in {index_dir}: run 'clippings update' to build one")
        path = index_dir / name
        try:
            info = json.loads((path / INFO).read_text(encoding="utf-8"))
            ix = FileStorage(str(path), readonly=readonly).open_index()
            ix.reader().close()
            return Generation(name, path, info, ix)
        except (FileNotFoundError, EmptyIndexError, ValueError):
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
    (path / INFO).write_text(json.dumps(info, sort_keys=True), encoding="utf-8")
    return Generation(name, path, info, ix)


def publish(index_dir: Path, name: str) -> None:
    """Make ``name`` the current generation atomically and drop older ones.

    The generation that was current until now is kept (a reader may be
    opening it this instant); those before it, and leftovers of
    interrupted rebuilds, are removed.
    """
    index_dir = Path(index_dir)
    previous = current_name(index_dir)
    replace_file(index_dir / POINTER, name + "\n")
    for child in index_dir.iterdir():
        if child.name.startswith(PREFIX) and child.name not in (name, previous):
            shutil.rmtree(child, ignore_errors=True)
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
