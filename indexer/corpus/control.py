"""The one loader of a corpus' control files: ``metadata.csv``, ``outlets.csv``, ``people.csv``.

All three are CSV read under one policy.  The file is decoded as an article
is (:func:`indexer.corpus.decode.decode`: UTF-8 with or without BOM, UTF-16
with BOM, cp1252).  The first row names the columns (case and spaces do not
matter); blank lines and lines starting with ``#`` are skipped, a repeated
header row is skipped, and every cell is stripped.  A file of fixed columns
(``outlets.csv``, ``people.csv``) may leave the header out, and each of its
rows must have exactly those cells.  A missing file is no file at all.

Every problem is a :class:`ControlFileError` naming the file and the line:
``corpus/people.csv line 3: expected 'name,alias': ['Kim']``.  What a
problem costs is each file's own choice: the manifest ignores the row and
warns, the outlet and people rules stop the run.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from indexer.corpus.decode import NotText, decode


class ControlFileError(ValueError):
    """A control file, or one row of it, cannot be used; the message names the file and line."""

    def __init__(self, file: str | Path, line: int | None, reason: str):
        self.file, self.line, self.reason = str(file), line, reason
        where = f"{self.file} line {line}" if line else self.file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Row:
    """One data row: its line in the file and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass
class Table:
    """A control file read: its name as messages show it, its header and its data rows."""

    file: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)

    def problem(self, row: Row | None, reason: str) -> ControlFileError:
        """The error for ``row`` (None: the file as a whole)."""
        return ControlFileError(self.file, row.line if row else None, reason)


def load_table(path: Path, columns: Sequence[str], *, required: Sequence[str] = (),
               fixed: bool = False) -> Table | None:
    """Read the control file at ``path``; None when there is no such file.

    ``columns`` are the known columns; ``required`` those the header must
    name; ``fixed``: the file has exactly ``columns``, header optional.
    Raises :class:`ControlFileError` for a file that cannot be read or a
    header without the required columns.
    """
    if not path.is_file():
        return None
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise ControlFileError(path, None, f"cannot read ({exc.strerror or exc})") from None
    except NotText as exc:
        raise ControlFileError(path, None, str(exc)) from None
    return parse_table(text, path, columns, required=required, fixed=fixed)


def parse_table(text: str, file: str | Path, columns: Sequence[str], *, required: Sequence[str] = (),
                fixed: bool = False) -> Table:
    """Parse control-file ``text`` (see :func:`load_table`); ``file`` names it in messages."""
    lines = ("\n" if line.lstrip().startswith("#") else line for line in io.StringIO(text))
    reader = csv.reader(lines)
    header: list[str] | None = None
    rows: list[Row] = []
    start = 1
    for raw in reader:
        line, start = start, reader.line_num + 1
        cells = [cell.strip() for cell in raw]
        if not any(cells):
            continue
        names = [cell.lower() for cell in cells]
        if header is None:
            header = _header(names, file, columns, required, fixed)
        if names == header:
            continue                # the header row (again, in files put together)
        if fixed and len(cells) != len(columns):
            raise ControlFileError(file, line, f"expected '{','.join(columns)}': {raw!r}")
        rows.append(Row(line, dict(zip(header, cells))))
    if header is None:
        header = _header([], file, columns, required, fixed)
    return Table(str(file), header, rows)


def _header(names: list[str], file, columns: Sequence[str], required: Sequence[str], fixed: bool) -> list[str]:
    """The columns of a file whose first row is ``names``: that row, or ``columns`` when it is data."""
    if fixed:
        return names if len(names) == len(columns) and set(names) == set(columns) else list(columns)
    missing = [name for name in required if name not in names]
    if missing:
        raise ControlFileError(file, None, f"no '{missing[0]}' column in the header row")
    return names
