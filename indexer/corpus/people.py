"""``<corpus>/people.csv``: other spellings of a person's name, and the one to show.

Columns ``name,alias`` (the header is optional), e.g. ``Volodymyr
Zelenskyy,Volodymyr Zelensky``; read as every control file is
(:mod:`indexer.corpus.control`), and a bad row stops the run.  Applying the
aliases to articles is :mod:`indexer.extract.people.aliases`.
"""

from __future__ import annotations

from pathlib import Path

from indexer.corpus.control import Table, load_table, parse_table
from indexer.corpus.files import PEOPLE_NAME

COLUMNS = ("name", "alias")


def read_people(corpus: Path | None) -> list[tuple[str, str]]:
    """The (name, alias) rows of ``<corpus>/people.csv``, in file order; none without the file."""
    if corpus is None:
        return []
    table = load_table(Path(corpus) / PEOPLE_NAME, COLUMNS, fixed=True)
    return [] if table is None else _pairs(table)


def parse_people(text: str) -> list[tuple[str, str]]:
    """The (name, alias) rows of people.csv ``text``; raises :class:`~indexer.corpus.control.ControlFileError`."""
    return _pairs(parse_table(text, PEOPLE_NAME, COLUMNS, fixed=True))


def _pairs(table: Table) -> list[tuple[str, str]]:
    pairs = []
    for row in table.rows:
        name, alias = row.cells["name"], row.cells["alias"]
        if not name or not alias:
            raise table.problem(row, f"expected 'name,alias', both filled: {[name, alias]!r}")
        pairs.append((name, alias))
    return pairs
