"""Files only their owner may read (the users file, the session secret): written whole, mode 0600.

A write goes through :func:`indexer.index.files.replace_file` with
``private=True``: a temporary file beside the target (0600 from the start),
flushed to disk and renamed over it, so a reader sees the old file or the
new one, never half of one, and the content is never readable by others,
not even for a moment.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
from pathlib import Path

from indexer.index.files import replace_file


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; the file ends up with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data, private=True)


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
