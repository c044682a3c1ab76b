"""Reading one corpus file safely: a regular file only, never through a link, never too large.

Between the scan and the read a file may have been deleted, replaced by a
symbolic link or a named pipe, or be growing; none of that may hang the
run, read outside the corpus or fill the memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024   # larger files are reported, not read: no article is this long


class NotRegular(OSError):
    """The path is not (or no longer) a regular file: a symbolic link, a pipe, a device, a folder."""


def read_regular_file(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes and status of the regular file at ``path``.

    Does not follow a symbolic link or block on a pipe (raises
    :class:`NotRegular`); a file over :data:`MAX_FILE_BYTES`, or one that
    grows past it while read, raises ``OSError`` with the reason.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:        # the path became a symbolic link
            raise NotRegular("symbolic link (not followed)") from None
        raise
    try:
        fstat = os.fstat(fd)
        if not stat.S_ISREG(fstat.st_mode):
            raise NotRegular("not a regular file")
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
