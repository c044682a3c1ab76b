"""Files replaced whole: a reader sees the old content or the new one, never half of one.

The one place for the sequence every small state file of the project is
written with (the index's ``CURRENT`` pointer, ``ids.json``, ``groups.npz``,
the searchd state files, the web app's users file and session secret):
write a temporary file beside the target, flush it to disk, rename it over
the target, then flush the folder so the rename itself survives a crash.
A failed write removes its temporary file and leaves the target as it was.

The temporary file is made by :func:`tempfile.mkstemp` (mode 0600 from the
start) and named ``<target name>.<random>.tmp``, so leftovers of a killed
writer are recognisable (``store.publish`` removes its own).  The final mode
is 0644, or 0600 with ``private=True`` (the content is then never readable
by others, not even for a moment).  Written by hand: the maintained
packages for this (``atomicwrites`` is archived) add nothing here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def replace_file(path: Path | str, data: bytes | str, *, private: bool = False) -> None:
    """Replace ``path`` with ``data`` (``str`` is written as UTF-8) atomically and durably."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if not private:
                os.fchmod(handle.fileno(), 0o644)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    sync_folder(path.parent)


def sync_folder(folder: Path | str) -> None:
    """Flush ``folder``'s entries (renames, new files) to disk; best effort where unsupported."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
