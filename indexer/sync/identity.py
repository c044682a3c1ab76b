"""Which id each article gets in a run: kept across renames, moves and restores.

An indexed path keeps its id.  A file at a new path takes, in this order:

1. the id of an article whose file went away in this run and had the same
   content hash (a rename or a move);
2. else the id of such an article with mostly the same passages: the
   Jaccard similarity of the two sets of fingerprints (the title's and the
   passages') at least :data:`RENAME_SIMILARITY` (a rename and an edit at once);
3. else the id this path had before it was deleted (a restore), or the id
   of a deleted article with the same content hash, when nothing holds it;
4. else a new id, :func:`indexer.article.article_id` of the path.

At the end the table learns the run's outcome: ids no longer served keep
their history, and one whose content survives in another article (a
deleted copy) redirects to it; a renamed article's path-derived id
redirects to the id it kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.article import Article, article_id, passage_fingerprint
from indexer.index.ids import Entry, IdTable

#: Least Jaccard similarity of passage fingerprints for a new file to be taken for a
#: departed one renamed and edited at once.  With the title and n passages, one passage
#: changed gives n/(n+2): 0.5 from two passages up; a one-passage article edited, or
#: two articles sharing only a stock sentence, fall below it and are new articles.
RENAME_SIMILARITY = 0.5


def fingerprints(article: Article) -> list[str]:
    """The fingerprints compared for renames: the title's, then each passage's in order.

    The title counts as one more passage, so that two short articles that
    share a stock sentence but not their headline are not taken for one.
    """
    return [passage_fingerprint(article.title)] + [passage_fingerprint(p.text) for p in article.passages]


def similarity(a: list[str], b: list[str]) -> float:
    """Jaccard similarity of two fingerprint lists taken as sets (0 when both are empty)."""
    left, right = set(a), set(b)
    union = left | right
    return len(left & right) / len(union) if union else 0.0


@dataclass
class Rename:
    """A file taken for a departed one: its old path, its new path and the id it kept."""

    old: str
    new: str
    id: str


@dataclass
class Identities:
    """The ids of one run, given ``table`` and the ids served before it (``before``)."""

    table: IdTable
    before: dict[str, Entry]
    present: set[str]                       # the corpus paths of this run
    result: dict[str, Entry] = field(default_factory=dict)
    renames: list[Rename] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.kept = {e.path: ident for ident, e in self.before.items() if e.path in self.present}
        self.departed = {ident: e for ident, e in self.before.items() if e.path not in self.present}
        self.taken = set(self.kept.values())
        self.departed_by_sha: dict[str, list[str]] = {}
        self.departed_by_fp: dict[str, set[str]] = {}
        for ident, entry in self.departed.items():
            self.departed_by_sha.setdefault(entry.sha, []).append(ident)
            for fp in entry.fps:
                self.departed_by_fp.setdefault(fp, set()).add(ident)
        self.dead_by_sha: dict[str, list[str]] = {}
        for ident, entry in self.table.entries.items():
            if not entry.live and entry.sha:
                self.dead_by_sha.setdefault(entry.sha, []).append(ident)

    def keep(self, ident: str) -> None:
        """An article left as it was (not read again in this run)."""
        self.result[ident] = self.before[ident]

    def assign(self, relpath: str, sha: str, fps: list[str]) -> str:
        """The id for the article read from ``relpath`` (content hash ``sha``, fingerprints ``fps``)."""
        ident = self.kept.get(relpath)
        if ident is None:
            ident = self._departed(relpath, sha, fps) or self._restored(relpath, sha) or self._fresh(relpath)
        self.taken.add(ident)
        self.result[ident] = Entry(relpath, sha, list(fps))
        return ident

    def _departed(self, relpath: str, sha: str, fps: list[str]) -> str | None:
        # Several departed articles with this content (copies): the smallest id, as a group of
        # copies is named, whatever order the index holds them in.
        best = next((i for i in sorted(self.departed_by_sha.get(sha, [])) if sha and i not in self.taken), None)
        if best is None:
            sharing = {i for fp in set(fps) for i in self.departed_by_fp.get(fp, ()) if i not in self.taken}
            scored = [(similarity(fps, self.departed[i].fps), i) for i in sorted(sharing)]
            score, best = max(scored, default=(0.0, None))
            if score < RENAME_SIMILARITY:
                return None
        self.renames.append(Rename(self.departed[best].path, relpath, best))
        return best

    def _restored(self, relpath: str, sha: str) -> str | None:
        earlier = self.table.paths.get(relpath)
        if earlier is not None and self._free(earlier):
            return earlier
        return next((i for i in self.dead_by_sha.get(sha, []) if self._free(i)), None)

    def _free(self, ident: str) -> bool:
        return ident not in self.taken and ident not in self.before

    def _fresh(self, relpath: str) -> str:
        attempt = 0
        while True:
            ident = article_id(relpath, attempt)
            owner = self.table.entries.get(ident)
            if self._free(ident) and (owner is None or owner.path == relpath):
                return ident
            attempt += 1

    def finish(self) -> IdTable:
        """The table after this run: served ids, their paths, history and redirects."""
        table = self.table
        by_sha = {e.sha: i for i, e in self.result.items() if e.sha}
        for ident, entry in self.before.items():
            if ident not in self.result:
                table.entries[ident] = Entry(entry.path, entry.sha, [], live=False)
                if entry.sha in by_sha:
                    table.redirects[ident] = by_sha[entry.sha]
        for ident, entry in self.result.items():
            table.entries[ident] = Entry(entry.path, entry.sha, list(entry.fps))
            table.paths[entry.path] = ident
            table.redirects.pop(ident, None)
        for rename in self.renames:
            natural = article_id(rename.new)
            if natural != rename.id and natural not in table.entries:
                table.redirects[natural] = rename.id
        return table
