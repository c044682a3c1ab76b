"""Highlighted passages: which passages match best, which part of them to show, and the markup.

Three small parts, each replaceable: a :class:`PassageScorer` ranks
passages by the query terms they contain, a :class:`WindowFragmenter`
picks the part of a long passage around its hits, and a
:class:`MarkFormatter` escapes the text and wraps each hit in ``<mark>``
(the only markup ever added).  Terms are index terms (stems), so a
passage is matched the way the index matched the article: an article in
another language than English with its language's stems, and with the
default analysis for the name fields (:class:`Marks`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from webapp.textwords import tokens

Span = tuple[int, int]


@dataclass(frozen=True)
class Marks:
    """What to mark in one article: ``terms`` (index terms, and phrases as tuples of terms) as
    ``analysis`` makes them from its text, and ``names``, terms of the name fields (speaker,
    outlet, author), which are always in the default analysis (for an article in another one)."""

    terms: frozenset
    analysis: str = ""
    names: frozenset = frozenset()


@dataclass
class Snippet:
    """One highlighted passage (``n`` is 1-based) and how well it matched."""

    n: int
    html: Markup
    score: float
    hits: int


def find_hits(text: str, terms: "frozenset | Marks") -> list[Span]:
    """Character spans in ``text`` of the words whose index term is in ``terms``, and of
    the phrases (tuples of terms) in ``terms``: a phrase is one hit.  ``terms`` are in the
    default analysis, or :class:`Marks` say in which (overlapping spans: the first kept)."""
    if not isinstance(terms, Marks):
        return _hits(text, terms, "")
    spans = _hits(text, terms.terms, terms.analysis)
    if not terms.names:
        return spans
    kept: list[Span] = []
    for span in sorted(spans + _hits(text, terms.names, "")):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def _hits(text: str, terms: frozenset, analysis: str) -> list[Span]:
    if not terms:
        return []
    phrases = [t for t in terms if isinstance(t, tuple)]
    if not phrases:
        return [(start, end) for start, end, term in tokens(text, analysis) if term in terms]
    words = list(tokens(text, analysis))
    spans: list[Span] = []
    covered: set[int] = set()
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if all(words[i + k][2] == phrase[k] for k in range(size)) and i not in covered:
                spans.append((words[i][0], words[i + size - 1][1]))
                covered.update(range(i, i + size))
    spans += [(start, end) for i, (start, end, term) in enumerate(words) if term in terms and i not in covered]
    return sorted(spans)


def merged(*hit_lists: list[Span]) -> list[Span]:
    """Hits of several kinds in text order, without overlaps (the longer of two kept)."""
    out: list[Span] = []
    for start, end in sorted((h for hits in hit_lists for h in hits), key=lambda h: (h[0], -h[1])):
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


class PassageScorer:
    """Ranks a passage: distinct query terms count most, repeats a little, a passage spoken
    by a person the query names gets a bonus, and one whose quotes a ``said:`` query marks
    a bigger one (the snippet shows what was said)."""

    def __init__(self, terms: frozenset[str], speaker_terms: frozenset[str] = frozenset()):
        self.terms = terms
        self.speaker_terms = speaker_terms

    def score(self, text: str, hits: list[Span], speakers: list[str], quoted: bool = False) -> float:
        if not hits and not self._spoken(speakers):
            return 0.0
        distinct = {text[s:e].lower() for s, e in hits}
        value = 10.0 * len(distinct) + math.log1p(len(hits))
        if self._spoken(speakers):
            value += 5.0
        if quoted:
            value += 20.0
        return value

    def _spoken(self, speakers: list[str]) -> bool:
        if not self.speaker_terms or not speakers:
            return False
        return any(term in self.speaker_terms for name in speakers for _, _, term in tokens(name))


class WindowFragmenter:
    """Cuts a long passage to a window of about ``size`` characters around its densest hits."""

    def __init__(self, size: int = 300):
        self.size = size

    def window(self, text: str, hits: list[Span]) -> Span:
        if len(text) <= self.size:
            return 0, len(text)
        if not hits:
            return 0, self._word_end(text, self.size)
        # The hit that starts the window holding the most hits.
        best, best_count = hits[0][0], 0
        for i, (start, _) in enumerate(hits):
            count = sum(1 for s, _ in hits[i:] if s < start + self.size * 0.8)
            if count > best_count:
                best, best_count = start, count
        begin = max(0, best - self.size // 5)
        begin = self._word_start(text, begin)
        end = min(len(text), begin + self.size)
        if end == len(text):
            begin = self._word_start(text, max(0, end - self.size))
        return begin, self._word_end(text, end)

    def lines(self, text: str, hits: list[Span], count: int = 6) -> Span:
        """A window of whole lines of a preformatted passage: ``count`` lines from the line
        before the first hit (from the top when there is none), so that columns stay aligned."""
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        if len(starts) <= count:
            return 0, len(text)
        first = 0
        if hits:
            first = max(0, sum(1 for start in starts if start <= hits[0][0]) - 2)
        first = min(first, len(starts) - count)
        end = starts[first + count] - 1 if first + count < len(starts) else len(text)
        return starts[first], end

    @staticmethod
    def _word_start(text: str, pos: int) -> int:
        if pos <= 0:
            return 0
        space = text.rfind(" ", 0, pos)
        return space + 1 if space >= 0 and pos - space < 30 else pos

    @staticmethod
    def _word_end(text: str, pos: int) -> int:
        if pos >= len(text):
            return len(text)
        space = text.rfind(" ", 0, pos)
        return space if space > 0 and pos - space < 30 else pos


class MarkFormatter:
    """Escapes text and wraps hits in ``<mark>``; with ``ids``, numbers them ``h-1``, ``h-2``..."""

    def __init__(self, ids: bool = False, first_id: int = 1):
        self.ids = ids
        self.next_id = first_id

    def format(self, text: str, hits: list[Span], begin: int = 0, end: int | None = None,
               lines: bool = False) -> Markup:
        """The escaped text from ``begin`` to ``end`` with hits marked; a cut is shown by "…"
        (on a line of its own with ``lines``, for a window of a table's rows)."""
        end = len(text) if end is None else end
        cut = "\n" if lines else ""
        parts: list[str] = [f"…{cut}" if begin > 0 else ""]
        pos = begin
        for start, stop in hits:
            if start < pos or stop > end:
                continue
            parts.append(str(escape(text[pos:start])))
            if self.ids:
                parts.append(f'<mark id="h-{self.next_id}">')
                self.next_id += 1
            else:
                parts.append("<mark>")
            parts.append(str(escape(text[start:stop])))
            parts.append("</mark>")
            pos = stop
        parts.append(str(escape(text[pos:end])))
        if end < len(text):
            parts.append(f"{cut}…")
        return Markup("".join(parts))


def best_snippets(passages: list, terms: "frozenset[str] | Marks", speaker_terms: frozenset[str] = frozenset(),
                  limit: int = 3, fragmenter: WindowFragmenter | None = None,
                  pre: frozenset[int] = frozenset(),
                  quote_hits: dict[int, list[Span]] | None = None) -> list[Snippet]:
    """The ``limit`` best passages of an article (stored ``[text, speakers]`` pairs), best first.

    With no matching passage, the article's first passage is the one snippet.  Passages whose
    number is in ``pre`` (tables) are cut to whole lines.  ``quote_hits`` holds, per passage
    number, the spans a ``said:`` query marks in its quotes (:func:`webapp.quotes.said_hits`).
    """
    scorer = PassageScorer(terms, speaker_terms)
    fragmenter = fragmenter or WindowFragmenter()
    formatter = MarkFormatter()
    quote_hits = quote_hits or {}
    scored = []
    for n, (text, speakers) in enumerate(passages, start=1):
        quoted = quote_hits.get(n, [])
        hits = merged(find_hits(text, terms), quoted) if quoted else find_hits(text, terms)
        value = scorer.score(text, hits, speakers, bool(quoted))
        if value > 0:
            scored.append((value, n, text, hits))
    scored.sort(key=lambda item: (-item[0], item[1]))
    if not scored and passages:
        scored = [(0.0, 1, passages[0][0], [])]
    snippets = []
    for value, n, text, hits in scored[:limit]:
        table = n in pre
        begin, end = fragmenter.lines(text, hits) if table else fragmenter.window(text, hits)
        snippets.append(Snippet(n, formatter.format(text, hits, begin, end, lines=table), value, len(hits)))
    return snippets


def highlight_all(texts: list[str], terms: "frozenset[str] | Marks") -> tuple[list[Markup], int]:
    """Every text fully highlighted, hits numbered across texts (``h-1``...), and the hit count."""
    formatter = MarkFormatter(ids=True)
    out = [formatter.format(text, find_hits(text, terms)) for text in texts]
    return out, formatter.next_id - 1
