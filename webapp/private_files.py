"""Files only their owner may read (the users file, the session secret): written whole, mode 0600.

A write goes to a temporary file beside the target (created 0600 by
:func:`tempfile.mkstemp`), is flushed to disk and renamed over the target,
so a reader sees the old file or the new one, never half of one, and the
content is never readable by others, not even for a moment.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import tempfile
from pathlib import Path

def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; the file ends up with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def folder_lock(folder: Path):
    """Hold an exclusive ``flock`` on ``folder`` (made if missing) for the block: one writer at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)          # closing releases the lock


def read_or_create_secret(path: Path, nbytes: int = 32) -> str:
    """The secret kept in ``path``; made (random, hex, mode 0600) the first time.

    Two processes starting at once agree: the second waits for the lock and reads the first's secret.
    """
    with folder_lock(path.parent):
        try:
            secret = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            secret = ""
        if not secret:
            secret = secrets.token_hex(nbytes)
            write_private(path, (secret + "\n").encode("ascii"))
    return secret
