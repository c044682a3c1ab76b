"""Words of a text with their index terms, as the indexer's analyzer makes them.

The analyzer (``indexer.index.analysis.text_analyzer``) is a Whoosh
pipeline; running it through Whoosh's token objects costs several
microseconds a word.  Highlighting needs the same terms much faster, so
this module splits with the analyzer's word pattern and gives each word
to the analyzer's own cached :func:`indexer.index.analysis.term`.  So a
number is one word whatever its thousands separators (``11,000`` and
``11000`` have the term ``11000``) and the query ``11000`` marks ``11,000``.
"""

from __future__ import annotations

import re
from typing import Iterator

from indexer.index.analysis import DEFAULT, WORD_PATTERN, term

_WORD = re.compile(WORD_PATTERN)

#: The index term of one word, in an analysis (the indexer's :func:`indexer.index.analysis.term`).
stem_of = term


def tokens(text: str, analysis: str = DEFAULT) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for every word of ``text``, its term as ``analysis`` makes it."""
    if analysis:
        for match in _WORD.finditer(text):
            yield match.start(), match.end(), term(match[0], analysis)
        return
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), term(match[0])


def words(text: str) -> list[str]:
    """The words of ``text`` as written."""
    return _WORD.findall(text)
