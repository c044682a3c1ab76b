"""What each speaker said, in the index: the searchable ``said`` field and the stored ``quotes``.

An article's quotes (:class:`indexer.article.Quote`, per passage) become

* the stored field ``quotes``: ``[[n, start, end, speaker], ...]`` (passage number, 1-based,
  and character offsets into that passage's text), read back by :func:`passage_quotes`;
* the text field ``said``: for every quote, each analysed word joined to the speaker's key
  (:func:`speaker_key_of`: the whole name, folded), so that a query for
  ``patryder_casualti`` finds the articles where Pat Ryder said "casualties", and
  ``patryder`` alone those where he said anything
  (:class:`indexer.index.analysis.SaidAnalyzer` makes the terms).  A surname in a query
  stands for the keys of every speaker with that surname (:func:`speaker_keys` gives both
  keys of a name; the web app expands them, :mod:`webapp.quotes`).

A second engine mirrors the field by indexing, per article, the same terms at the same
positions: for each quote, the key alone at the quote's first position, then for each word
``key_term`` at the word's position, quotes 1,000 positions apart
(:data:`indexer.index.analysis.QUOTE_GAP`); see docs/indexing.md.
"""

from __future__ import annotations

from typing import Mapping

from indexer.article import Article
from indexer.index.analysis import KEY_SEPARATOR, speaker_key

FIELD = "said"
__all__ = ["FIELD", "KEY_SEPARATOR", "passage_quotes", "said_value", "speaker_key_of", "speaker_keys",
           "stored_quotes"]


def speaker_key_of(name: str) -> str:
    """The key a speaker's quotes are indexed under: the whole name ("Pat Ryder" -> ``patryder``)."""
    return speaker_key(name)


def speaker_keys(name: str) -> tuple[str, ...]:
    """The keys a query may name a speaker by: the whole name, then the surname (its last word)
    when the name has several ("Pat Ryder" -> ``("patryder", "ryder")``)."""
    words = name.split()
    keys = [speaker_key_of(name)] + ([speaker_key(words[-1])] if len(words) > 1 else [])
    return tuple(dict.fromkeys(k for k in keys if k))


def said_value(article: Article, names: Mapping[str, str] | None = None) -> str:
    """The ``said`` field's value: one line per quote, the speaker's key, a tab, the quote;
    the speaker as shown (``names``: extracted name -> the name the facet shows, as for the
    article's speakers; a name shown as "" is no speaker and its quotes are left out)."""
    lines = []
    for passage, quote, shown in _shown_quotes(article, names):
        key = speaker_key_of(shown)
        text = " ".join(passage.text[quote.start:quote.end].split())
        if key and text:
            lines.append(f"{key}\t{text}")
    return "\n".join(lines)


def stored_quotes(article: Article, names: Mapping[str, str] | None = None) -> list[list]:
    """The stored ``quotes`` field: ``[n, start, end, speaker]`` for each quote, in passage
    order, the speaker as shown (``names``, as for :func:`said_value`)."""
    return [[passage.n, quote.start, quote.end, shown]
            for passage, quote, shown in _shown_quotes(article, names)]


def _shown_quotes(article: Article, names: Mapping[str, str] | None):
    """Each quote of ``article`` with its passage and its speaker as shown, in passage order;
    quotes of a name shown as "" (no speaker) left out."""
    names = names or {}
    for passage in article.passages:
        for quote in passage.quotes:
            shown = names.get(quote.speaker, quote.speaker)
            if shown:
                yield passage, quote, shown


def passage_quotes(stored) -> dict[int, list[tuple[int, int, str]]]:
    """The stored ``quotes`` field as ``{passage n: [(start, end, speaker), ...]}``."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    for n, start, end, speaker in stored or ():
        out.setdefault(n, []).append((start, end, speaker))
    return out
