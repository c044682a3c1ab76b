"""Words of a text with their index terms, the same way the indexer's analyzer makes them.

The analyzer (``indexer.index.analysis.text_analyzer``) is a Whoosh pipeline;
running it through Whoosh's token objects costs several microseconds a
word.  Highlighting needs the same terms much faster, so this module
repeats the pipeline's steps directly: the same word pattern, lowercase,
accent folding, dropped dots and the same cached Snowball stemmer.  A
test checks that both agree.
"""

from __future__ import annotations

import re
from typing import Iterator

from whoosh.support.charset import accent_map

from indexer.index.analysis import WORD_PATTERN, stem

_WORD = re.compile(WORD_PATTERN)


def stem_of(word: str) -> str:
    """The index term of one word."""
    text = word.lower()
    if not text.isascii():
        text = text.translate(accent_map)
    return stem(text.replace("’", "'").replace(".", ""))


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, term)`` for every word of ``text``."""
    for match in _WORD.finditer(text):
        yield match.start(), match.end(), stem_of(match[0])


def words(text: str) -> list[str]:
    """The words of ``text`` as written."""
    return _WORD.findall(text)
