"""people.csv's aliases: the names a user gives to speakers, applied to each extracted article.

The corpus-wide names (lone surnames, spelling variants across articles) are
:mod:`indexer.extract.people.corpus_names`, applied after every index write by
:mod:`indexer.sync.names`; both take these aliases first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from indexer.article import Article
from indexer.corpus.people import read_people
from indexer.extract.people.names import name_key


def load_people(corpus: Path | None) -> dict[str, str]:
    """name_key(alias or name) -> preferred name, from ``<corpus>/people.csv``."""
    return alias_names(read_people(corpus))


def alias_names(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """name_key(alias or name) -> name, for (name, alias) pairs (later rows win)."""
    names: dict[str, str] = {}
    for name, alias in pairs:
        names[name_key(name)] = name
        names[name_key(alias)] = name
    return names


def unify(article: Article, names: dict[str, str]) -> Article:
    """Rename ``article``'s speakers (and the speakers of its quotes) through ``names``
    (key -> name), adding new keys as seen (so that two spellings of one name in an
    article become the first one).

    ``names`` is a copy of :func:`load_people`'s aliases.
    """
    def one(name: str) -> str:
        return names.setdefault(name_key(name), name)
    article.speakers = list(dict.fromkeys(one(n) for n in article.speakers))
    for passage in article.passages:
        passage.speakers = list(dict.fromkeys(one(n) for n in passage.speakers))
        for quote in passage.quotes:
            quote.speaker = one(quote.speaker)
    return article
