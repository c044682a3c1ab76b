"""The two minimal baselines of the scale benchmark: plain Whoosh and SQLite FTS5.

Neither does any extraction: a file's first line is its title and the
rest its body.  Plain Whoosh is Whoosh's default writer with the default
analyzer (``StandardAnalyzer``: regex words, lowercase, stop words) and
stored title and body, so it could show snippets.  The FTS5 table has
the default ``unicode61`` tokenizer; it also keeps the ` date` and
` outlet` header values as unindexed columns so that the benchmark's date
ranges and outlet filter can be applied (a line lookup, not extraction).
Speakers need extraction, so FTS5 runs speaker-filtered searches without
that filter.

Run a build in its own process (the benchmark measures its memory)::

    python bench/baselines.py whoosh CORPUS INDEX_DIR
    python bench/baselines.py fts5 CORPUS DB_FILE
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
import time
from pathlib import Path
from typing import Iterator

_HEADER = re.compile(r"^ (date|outlet) (.+)$", re.M)


def corpus_files(corpus: Path) -> Iterator[tuple[str, str, str]]:
    """(name, title, body) of every ``.txt`` file of ``corpus``, in name order."""
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".txt"):
            text = (Path(corpus) / name).read_text(encoding="utf-8", errors="replace")
            title, _, body = text.partition("\n")
            yield name, title, body


def whoosh_build(corpus: Path, index_dir: Path) -> int:
    """Index ``corpus`` with a default Whoosh writer; returns the number of documents."""
    from whoosh import index
    from whoosh.fields import ID, TEXT, Schema

    Path(index_dir).mkdir(parents=True, exist_ok=True)
    schema = Schema(path=ID(stored=True, unique=True), title=TEXT(stored=True), body=TEXT(stored=True))
    ix = index.create_in(str(index_dir), schema)
    writer = ix.writer()
    count = 0
    for name, title, body in corpus_files(corpus):
        writer.add_document(path=name, title=title, body=body)
        count += 1
    writer.commit()
    return count


def fts5_build(corpus: Path, db_path: Path) -> int:
    """Load ``corpus`` into an FTS5 table in ``db_path`` (replaced); returns the row count."""
    db_path = Path(db_path)
    if db_path.exists():
        db_path.unlink()
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, path UNINDEXED, "
                 "date UNINDEXED, outlet UNINDEXED)")
    rows = []
    for name, title, body in corpus_files(corpus):
        header = dict(_HEADER.findall(body[:400]))
        rows.append((title, body, name, header.get("date"), header.get("outlet")))
    with conn:
        conn.executemany("INSERT INTO docs (title, body, path, date, outlet) VALUES (?, ?, ?, ?, ?)", rows)
    conn.close()
    return len(rows)


class Fts5Searcher:
    """A results page and an article view over the FTS5 table, like the web app's."""

    def __init__(self, db_path: Path):
        self.conn = sqlite3.connect(db_path, check_same_thread=False)

    def close(self) -> None:
        self.conn.close()

    def search(self, match: str, page: int = 1, date_from: str | None = None,
               date_to: str | None = None, outlets: tuple[str, ...] = (), per_page: int = 10) -> dict:
        """Ten hits ranked by bm25 (title weighted 2) with snippets, the hit count,
        and counts per outlet and per month of all hits."""
        where, args = ["docs MATCH ?"], [match]
        if date_from:
            where.append("date >= ?")
            args.append(date_from)
        if date_to:
            where.append("date <= ?")
            args.append(date_to)
        if outlets:
            where.append(f"outlet IN ({', '.join('?' * len(outlets))})")
            args.extend(outlets)
        cond = " AND ".join(where)
        hits = self.conn.execute(
            f"SELECT rowid, path, title, date, snippet(docs, 1, '<mark>', '</mark>', '…', 30) "
            f"FROM docs WHERE {cond} ORDER BY bm25(docs, 2.0, 1.0) LIMIT ? OFFSET ?",
            args + [per_page, (page - 1) * per_page]).fetchall()
        total = self.conn.execute(f"SELECT count(*) FROM docs WHERE {cond}", args).fetchone()[0]
        outlet_counts = self.conn.execute(
            f"SELECT outlet, count(*) FROM docs WHERE {cond} GROUP BY outlet", args).fetchall()
        months = self.conn.execute(
            f"SELECT substr(date, 1, 7), count(*) FROM docs WHERE {cond} GROUP BY 1", args).fetchall()
        return {"total": total, "hits": hits, "outlets": outlet_counts, "months": months}

    def article(self, rowid: int, match: str) -> str | None:
        """The body of one story with the query's words marked."""
        row = self.conn.execute(
            "SELECT title, highlight(docs, 1, '<mark>', '</mark>') FROM docs WHERE docs MATCH ? AND rowid = ?",
            (match, rowid)).fetchone()
        if row is None:
            row = self.conn.execute("SELECT title, body FROM docs WHERE rowid = ?", (rowid,)).fetchone()
        return row[1] if row else None


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("whoosh", "fts5"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, corpus, target = argv[0], Path(argv[1]), Path(argv[2])
    started = time.perf_counter()
    count = whoosh_build(corpus, target) if kind == "whoosh" else fts5_build(corpus, target)
    print(f"{kind}: {count} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
