"""The article-id table that lives with the index folder, outside its generations.

``instance/index/ids.json`` remembers, for every article id ever given out,
the file it belongs to (or last belonged to), that file's content hash and
its passage fingerprints (live articles only), which id each path last had,
and redirects from ids that are no longer served to the id that carries the
article now.  Because it is outside the generations it survives ``rebuild``
and the rebuild of a damaged index, which is what lets an article keep its
id across them.  Only the indexer writes it (holding the writer lock), with
a temporary file and an atomic rename; the web app reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from indexer.index.files import replace_file

FILE = "ids.json"
VERSION = 1
MAX_HOPS = 20          # longest redirect chain followed (a guard against cycles)


@dataclass(frozen=True)
class Entry:
    """What is known of one id: its file, content hash, passage fingerprints, whether it is served
    (never changed in place: a table changes by replacing entries)."""

    path: str
    sha: str = ""
    fps: list[str] = field(default_factory=list)
    live: bool = True


@dataclass
class IdTable:
    """Ids and their files, the id each path last had, and old id -> newer id redirects."""

    entries: dict[str, Entry] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    #: What the file held when :func:`load` read it (:meth:`state`), so that :func:`save`
    #: writes nothing, and serialises nothing, when the run changed nothing.
    loaded: tuple | None = field(default=None, compare=False, repr=False)

    def state(self) -> tuple:
        """A snapshot of the table's content, to compare (the entries are immutable: copies of
        the three dicts are enough)."""
        return dict(self.entries), dict(self.paths), dict(self.redirects)

    def current(self, doc_id: str, live: set[str] | None = None) -> str | None:
        """The id that serves ``doc_id``'s article now, following redirects; None when none does.

        ``live`` (the ids in the index, when known) decides what is served;
        else the table's own ``live`` marks do.
        """
        def served(ident: str) -> bool:
            if live is not None:
                return ident in live
            entry = self.entries.get(ident)
            return entry is not None and entry.live
        seen = doc_id
        for _hop in range(MAX_HOPS):
            if served(seen):
                return seen
            seen = self.redirects.get(seen)
            if seen is None:
                return None
        return None


class BadIdTable(Exception):
    """``ids.json`` cannot be read (it is then rebuilt from the index as if new)."""


def load(index_dir: Path, for_writing: bool = False) -> IdTable:
    """The table of ``index_dir``; an empty one when there is none.  Raises :class:`BadIdTable`.
    ``for_writing`` (the indexer): remember what the file held, so that :func:`save` of an
    unchanged table costs a comparison, not a serialisation and a read of the file."""
    path = Path(index_dir) / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return IdTable()
    except (OSError, ValueError) as exc:
        raise BadIdTable(f"{path} cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise BadIdTable(f"{path} is not an id table of version {VERSION}")
    try:
        entries = {ident: Entry(e["path"], e.get("sha", ""), list(e.get("fps", [])), bool(e.get("live", True)))
                   for ident, e in data.get("entries", {}).items()}
        table = IdTable(entries, dict(data.get("paths", {})), dict(data.get("redirects", {})))
    except (TypeError, KeyError, AttributeError) as exc:
        raise BadIdTable(f"{path} is malformed ({exc})") from None
    if for_writing:
        table.loaded = table.state()
    return table


_cache: dict[Path, tuple[tuple[int, int], IdTable]] = {}


def load_cached(index_dir: Path) -> IdTable:
    """:func:`load`, read again only when the file changed (for readers such as the web app).

    A missing or unreadable table reads as empty: readers then serve ids as
    they are, without redirects.
    """
    path = Path(index_dir) / FILE
    try:
        st = path.stat()
    except OSError:
        return IdTable()
    key = (st.st_mtime_ns, st.st_size)
    cached = _cache.get(path)
    if cached is None or cached[0] != key:
        try:
            cached = (key, load(index_dir))
        except BadIdTable:
            cached = (key, IdTable())
        _cache[path] = cached
    return cached[1]


def save(index_dir: Path, table: IdTable) -> bool:
    """Write the table atomically (a temporary file renamed over the old one), unless the
    file already holds exactly this table (the table is as :func:`load` read it, or the file's
    text is the one this table makes); True when it was written."""
    index_dir = Path(index_dir)
    if table.loaded is not None and table.loaded == table.state():
        return False
    data = {
        "version": VERSION,
        "entries": {ident: _entry_dict(e) for ident, e in sorted(table.entries.items())},
        "paths": dict(sorted(table.paths.items())),
        "redirects": dict(sorted(table.redirects.items())),
    }
    text = json.dumps(data, separators=(",", ":"))      # dumps, not dump: the C encoder
    path = index_dir / FILE
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, ValueError):
        pass
    replace_file(path, text)
    return True


def _entry_dict(entry: Entry) -> dict:
    out = {"path": entry.path, "sha": entry.sha, "live": entry.live}
    if entry.live and entry.fps:
        out["fps"] = entry.fps
    return out
