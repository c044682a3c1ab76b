"""One name per person: user-supplied aliases and corpus-wide unification.

``<corpus>/people.csv`` (header ``name,alias``) maps other spellings to the
name the speaker facet should show, e.g. ``Volodymyr Zelenskyy,Volodymyr
Zelensky``.  Names that differ only in case, accents, hyphens or spaces are
unified without help (see :func:`indexer.extract.people.names.name_key`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from indexer.article import Article
from indexer.corpus.files import PEOPLE_NAME
from indexer.extract.people.names import name_key


class PeopleDataError(ValueError):
    """A row of people.csv cannot be used."""


def load_people(corpus: Path | None) -> dict[str, str]:
    """name_key(alias or name) -> preferred name, from ``<corpus>/people.csv``."""
    if corpus is None:
        return {}
    path = Path(corpus) / PEOPLE_NAME
    if not path.is_file():
        return {}
    return parse_people(path.read_text(encoding="utf-8-sig"))


def parse_people(text: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    rows = csv.reader(io.StringIO(text))
    for lineno, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#") or cells[:2] == ["name", "alias"]:
            continue
        if len(cells) != 2 or not all(cells):
            raise PeopleDataError(f"{PEOPLE_NAME} row {lineno}: expected 'name,alias': {row!r}")
        name, alias = cells
        aliases[name_key(name)] = name
        aliases[name_key(alias)] = name
    return aliases


def unify(article: Article, names: dict[str, str]) -> Article:
    """Rename ``article``'s speakers through ``names`` (key -> name), adding new keys as seen.

    With the index's names loaded into ``names``, each person keeps the
    first form the corpus used.
    """
    def one(name: str) -> str:
        return names.setdefault(name_key(name), name)
    article.speakers = list(dict.fromkeys(one(n) for n in article.speakers))
    for passage in article.passages:
        passage.speakers = list(dict.fromkeys(one(n) for n in passage.speakers))
    return article
