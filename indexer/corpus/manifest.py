"""The corpus manifest: metadata a user supplies or corrects without editing articles.

``<corpus>/metadata.csv`` has a header row naming ``path`` and any of
``title, date, outlet, url, author``; ``path`` is relative to the corpus
folder.  A non-empty cell overrides what extraction found; an empty cell
leaves it alone.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from indexer.corpus.files import MANIFEST_NAME
from indexer.extract.dates import parse_date
from indexer.corpus.decode import NotText, decode

FIELDS = ("title", "date", "outlet", "url", "author")


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


def load_manifest(corpus: Path) -> Manifest:
    """Read ``<corpus>/metadata.csv``; a missing file is an empty manifest."""
    path = Path(corpus) / MANIFEST_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        return Manifest(warnings=[f"{MANIFEST_NAME}: cannot read ({exc.strerror}); ignored"])
    try:
        text = decode(data)
    except NotText as exc:
        return Manifest(warnings=[f"{MANIFEST_NAME}: {exc}; ignored"])
    return parse_manifest(text)


def parse_manifest(text: str) -> Manifest:
    """Parse manifest CSV text, keeping good rows and explaining the bad ones."""
    manifest = Manifest()
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "path" not in columns:
        manifest.warnings.append(f"{MANIFEST_NAME}: no 'path' column in the header row; ignored")
        return manifest
    unknown = [c for c in columns if c and c != "path" and c not in FIELDS]
    if unknown:
        manifest.warnings.append(f"{MANIFEST_NAME}: unknown columns ignored: {', '.join(unknown)}")
    for lineno, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
        relpath = row.get("path", "").replace("\\", "/").removeprefix("./")
        if not relpath:
            continue
        values = {k: row[k] for k in FIELDS if row.get(k)}
        if "date" in values:
            parsed = parse_date(values["date"])
            if parsed is None:
                manifest.warnings.append(f"{MANIFEST_NAME} line {lineno}: {values['date']!r} is not a date; ignored")
                del values["date"]
            else:
                values["date"] = parsed
        if values:
            manifest.rows[relpath] = values
    return manifest
