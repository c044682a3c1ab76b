"""The text analyzer shared by indexing and query parsing.

Words are split by a regular expression, lowercased, folded to ASCII
(so "Zelenskyy" and "Zelenskyy" with accents match) and stemmed with
NLTK's Snowball stemmer, so that "troop" finds "troops".  Stop words are
kept: phrase queries need them.

The steps after the tokenizer run as one cached function, :func:`term`,
in one filter: as a chain of three Whoosh filters they took a third of
the indexing time (profiled on Reuters-21578).
"""

from __future__ import annotations

from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.support.charset import accent_map

WORD_PATTERN = r"\w+(?:[.'’]\w+)*"

@lru_cache(maxsize=1)
def _stemmer():
    # Imported on first use: importing nltk costs about a second, and opening
    # an index (which unpickles this analyzer) must stay cheap.
    from nltk.stem.snowball import EnglishStemmer
    return EnglishStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lowercased word (cached: news repeats its words)."""
    return _stemmer().stem(word)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The index term of a word as written: lowercased, accents folded, dots
    dropped (so "U.S." and "US" are one term), Snowball-stemmed."""
    return stem(_folded(word).replace("’", "'").replace(".", ""))


def _folded(word: str) -> str:
    text = word.lower()
    return text if text.isascii() else text.translate(accent_map)


class NltkStemFilter(Filter):
    """A Whoosh filter that replaces each token's text by its :func:`term`.

    A token another filter marked as stopped is only lowercased and folded.
    """

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        for t in tokens:
            t.text = term(t.text) if not t.stopped else _folded(t.text)
            yield t


def text_analyzer():
    """The analyzer for every full-text field, at indexing and at query time."""
    return RegexTokenizer(WORD_PATTERN) | NltkStemFilter()
