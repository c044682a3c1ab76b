"""Quotes on the pages: what a ``said:`` query marks, and the speakers it may name.

A ``said:`` query looks for terms of the ``said`` field, ``key_term``
(:mod:`indexer.index.said`).  :func:`webapp.query.said_terms` turns them back
into a :class:`SaidTerms`: "these words (or the whole quote) in the quotes of
the speakers with this key";
:func:`quote_hits` finds them in a passage's quote spans only, so the quote is
highlighted, not the name or the same word said by someone else.
:class:`SpeakerDirectory` knows the speakers of one index state by their keys:
it reads the name a page or a query gives and says when it is unknown or
stands for several people.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from indexer.index.analysis import speaker_key
from indexer.index.said import KEY_SEPARATOR, passage_quotes, speaker_key_of, speaker_keys
from webapp.snippets import Span, find_hits

SUGGESTIONS = 5


@dataclass(frozen=True)
class SaidTerms:
    """What a query's ``said:`` parts mark: ``words[key]`` (index terms and phrases) in the
    quotes of speakers with that key, and the whole quotes of the speakers in ``whole``."""

    words: dict[str, frozenset] = field(default_factory=dict)
    whole: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.words or self.whole)

    def for_speaker(self, name: str) -> tuple[bool, frozenset]:
        """(whether ``name``'s quotes are marked whole, the terms marked in them)."""
        key = speaker_key_of(name)
        return key in self.whole, self.words.get(key, frozenset())


def split_term(term: str) -> tuple[str, str]:
    """``"ryder_casualti"`` -> ``("ryder", "casualti")``; a bare key -> ``(key, "")``."""
    key, _, word = term.partition(KEY_SEPARATOR)
    return key, word


def quote_hits(text: str, quotes, said: SaidTerms) -> list[Span]:
    """Spans in ``text`` that ``said`` marks: its words inside the quotes (``(start, end,
    speaker)``) of the speakers it names, or those quotes whole."""
    hits: list[Span] = []
    if not said or not quotes:
        return hits
    for start, end, speaker in quotes:
        whole, terms = said.for_speaker(speaker)
        if whole:
            hits.append((start, end))
        elif terms:
            hits += [(start + a, start + b) for a, b in find_hits(text[start:end], terms)]
    return hits


def said_hits(passages: list, quotes, said: SaidTerms) -> dict[int, list[Span]]:
    """Per passage number, the spans ``said`` marks in it (:func:`quote_hits`); ``passages``
    are stored ``[text, speakers]`` pairs, ``quotes`` the stored ``quotes`` field."""
    if not said or not quotes:
        return {}
    by_passage = passage_quotes(quotes)
    out = {}
    for n, spans in by_passage.items():
        if 1 <= n <= len(passages):
            hits = quote_hits(passages[n - 1][0], spans, said)
            if hits:
                out[n] = hits
    return out


class SpeakerDirectory:
    """The speakers of one index state, found by name, by whole-name key or by surname key."""

    def __init__(self, names):
        self.names = sorted(set(names))
        self.by_key: dict[str, list[str]] = {}
        self.by_word: dict[str, list[str]] = {}          # any word of a name (suggestions only)
        for name in self.names:
            for key in speaker_keys(name):
                self.by_key.setdefault(key, []).append(name)
            for word in name.split():
                self.by_word.setdefault(speaker_key(word), []).append(name)
        self._exact = set(self.names)

    def find(self, name: str) -> str | None:
        """The speaker ``name`` stands for: the name itself, the one speaker with that whole
        name or surname (ignoring case, accents, spaces and hyphens), else None."""
        if name in self._exact:
            return name
        key = speaker_key(name)
        found = self.by_key.get(key, [])
        whole = [n for n in found if speaker_key_of(n) == key]
        if len(whole) == 1:
            return whole[0]
        return found[0] if len(found) == 1 else None

    def named(self, key: str) -> list[str]:
        """The speakers a ``said:`` key (a whole name's or a surname's) stands for."""
        return list(self.by_key.get(key, []))

    def expand(self, key: str) -> list[str]:
        """The index keys (:func:`indexer.index.said.speaker_key_of`) of the speakers ``key``
        stands for, in name order; none for an unknown key."""
        return list(dict.fromkeys(speaker_key_of(name) for name in self.named(key)))

    def suggestions(self, name: str, limit: int = SUGGESTIONS) -> list[str]:
        """Speakers whose name or surname is close to ``name`` (those sharing its surname first)."""
        key = speaker_key(name)
        if not key:
            return []
        out: dict[str, None] = {}
        for part in [key] + [speaker_key(w) for w in name.split()]:
            for found in self.by_key.get(part, []) + self.by_word.get(part, []):
                out[found] = None
        for close in difflib.get_close_matches(key, list(self.by_key), n=limit * 2, cutoff=0.75):
            for found in self.by_key[close]:
                out[found] = None
        return list(out)[:limit]

    def notices(self, keys) -> list[str]:
        """What the page says about the ``said:`` keys of a query: unknown ones (with the closest
        names) and surnames that stand for several speakers."""
        out = []
        for key in keys:
            names = self.named(key)
            if not names:
                close = self.suggestions(key, 3)
                hint = f" Did you mean {', '.join(close)}?" if close else ""
                out.append(f"No one called “{key}” is quoted in these articles (said: takes a speaker's "
                           f"surname or whole name).{hint}")
            elif len(names) > 1:
                shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
                out.append(f"said:{key} stands for {len(names)} speakers ({shown}); write the whole name, "
                           f"as in said:\"{names[0]}\", for one of them.")
        return out
