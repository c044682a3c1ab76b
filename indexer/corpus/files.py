"""Find the article files of a corpus folder without opening them."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

ARTICLE_SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html"}
MANIFEST_NAME = "metadata.csv"
OUTLETS_NAME = "outlets.csv"
PEOPLE_NAME = "people.csv"
CONTROL_FILES = {MANIFEST_NAME, OUTLETS_NAME, PEOPLE_NAME}


@dataclass(frozen=True)
class FileStat:
    """Where an article file is and what its size and modification time were."""

    relpath: str
    size: int
    mtime_ns: int

    @property
    def stamp(self) -> str:
        return f"{self.size}:{self.mtime_ns}"


@dataclass
class Scan:
    """The outcome of walking a corpus: article files, and everything left out."""

    files: dict[str, FileStat] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)     # article files that cannot be indexed


def kind_of(path: str) -> str | None:
    """``"text"``, ``"html"`` or None for a file name the indexer does not read."""
    return ARTICLE_SUFFIXES.get(os.path.splitext(path)[1].lower())


def scan(corpus: Path) -> Scan:
    """Walk ``corpus`` and its subfolders.

    Symbolic links are never followed (so nothing outside the corpus is
    read and link loops cannot trap the walk); they are listed as skipped,
    as are files of other types and folders that cannot be read.  Hidden
    files and folders and the corpus' own control files (``metadata.csv``,
    ``outlets.csv``, ``people.csv`` at the top) are left out silently.
    """
    result = Scan()
    _walk(Path(corpus), "", result)
    result.skipped.sort()
    result.failed.sort()
    return result


def shown(relpath: str) -> str:
    """``relpath`` as a report can print it: bytes of a name that is not UTF-8 as ``\\xNN``."""
    return os.fsencode(relpath).decode("utf-8", "backslashreplace")


def _is_utf8(relpath: str) -> bool:
    try:
        relpath.encode("utf-8")
    except UnicodeEncodeError:       # os.scandir gave undecodable bytes as surrogates
        return False
    return True


def _walk(root: Path, top: str, result: Scan) -> None:
    """Depth first in name order, with a list for a stack: folders may nest deeper than recursion can."""
    pending = [top]
    while pending:
        prefix = pending.pop()
        subfolders = []
        try:
            entries = sorted(os.scandir(root / prefix if prefix else root), key=lambda e: e.name)
        except OSError as exc:
            result.skipped.append((shown(prefix or "."), f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            name = entry.name
            relpath = f"{prefix}/{name}" if prefix else name
            if name.startswith(".") or (not prefix and name in CONTROL_FILES):
                continue
            try:
                if entry.is_symlink():
                    result.skipped.append((shown(relpath), "symbolic link (not followed)"))
                    continue
                st = entry.stat(follow_symlinks=False)
            except OSError as exc:
                result.skipped.append((shown(relpath), f"cannot stat: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(st.st_mode):
                subfolders.append(relpath)
            elif not stat.S_ISREG(st.st_mode):
                result.skipped.append((shown(relpath), "not a regular file"))
            elif kind_of(name) is None:
                result.skipped.append((shown(relpath), "not an article format (.txt, .md, .html, .htm)"))
            elif not _is_utf8(relpath):
                result.failed.append((shown(relpath), "the file name is not valid UTF-8: rename the file to index it"))
            else:
                result.files[relpath] = FileStat(relpath, st.st_size, st.st_mtime_ns)
        pending.extend(reversed(subfolders))
