"""The corpus manifest: metadata a user supplies or corrects without editing articles.

``<corpus>/metadata.csv`` has a header row naming ``path`` and any of
``title, date, outlet, url, author, lang`` (``lang``: a language tag such as
``de`` or ``pt-BR``); ``path`` is relative to the corpus
folder.  A non-empty cell overrides what extraction found; an empty cell
leaves it alone.  It is read as every control file is
(:mod:`indexer.corpus.control`); its problems are warnings: the bad row,
cell or file is ignored and the run goes on.  Dates are normalised by the
``parse_date`` function the caller passes (extraction's date parser), so
this module depends on no extraction code.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from indexer.corpus.control import ControlFileError, Table, load_table, parse_table
from indexer.corpus.files import MANIFEST_NAME

FIELDS = ("title", "date", "outlet", "url", "author", "lang")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
COLUMNS = ("path", *FIELDS)

DateParser = Callable[[str], "str | None"]   # a date as written -> 'YYYY-MM-DD', or None


@dataclass
class Manifest:
    """Override rows by corpus-relative path, and the problems found reading them."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def row(self, relpath: str) -> dict[str, str]:
        return self.rows.get(relpath, {})

    def row_hash(self, relpath: str) -> str:
        """A short hash of a file's row, so that editing the row re-indexes the file."""
        row = self.rows.get(relpath)
        if not row:
            return "-"
        return hashlib.sha1(json.dumps(row, sort_keys=True).encode()).hexdigest()[:8]


def load_manifest(corpus: Path, *, parse_date: DateParser) -> Manifest:
    """Read ``<corpus>/metadata.csv``; a missing file is an empty manifest."""
    try:
        table = load_table(Path(corpus) / MANIFEST_NAME, COLUMNS, required=("path",))
    except ControlFileError as exc:
        return Manifest(warnings=[f"{exc}; ignored"])
    return Manifest() if table is None else _from_table(table, parse_date)


def parse_manifest(text: str, *, parse_date: DateParser) -> Manifest:
    """Parse manifest CSV text, keeping good rows and explaining the bad ones."""
    try:
        table = parse_table(text, MANIFEST_NAME, COLUMNS, required=("path",))
    except ControlFileError as exc:
        return Manifest(warnings=[f"{exc}; ignored"])
    return _from_table(table, parse_date)


def _from_table(table: Table, parse_date: DateParser) -> Manifest:
    manifest = Manifest()
    unknown = [c for c in table.columns if c and c not in COLUMNS]
    if unknown:
        manifest.warnings.append(str(table.problem(None, f"unknown columns ignored: {', '.join(unknown)}")))
    for row in table.rows:
        relpath = row.cells.get("path", "").replace("\\", "/").removeprefix("./")
        if not relpath:
            continue
        values = {k: row.cells[k] for k in FIELDS if row.cells.get(k)}
        if "date" in values:
            parsed = parse_date(values["date"])
            if parsed is None:
                manifest.warnings.append(str(table.problem(row, f"{values['date']!r} is not a date; ignored")))
                del values["date"]
            else:
                values["date"] = parsed
        if "lang" in values and not _LANGUAGE_TAG.fullmatch(values["lang"]):
            manifest.warnings.append(str(table.problem(
                row, f"{values['lang']!r} is not a language tag (such as de or pt-BR); ignored")))
            del values["lang"]
        if values:
            manifest.rows[relpath] = values
    return manifest
