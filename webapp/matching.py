"""Matching and ranking a parsed query quickly, with set operations over posting lists.

Whoosh's own matchers walk every matching document through a tree of
Python objects: on ~20,000 news stories a two-word query over five
fields costs 35 ms to list its documents and 70 ms to rank them.  Here
the documents of each term are read block by block into Python sets and
combined with C-speed set operations (:func:`matching_docs`), and the
matches are ranked with the same BM25F formula Whoosh uses by default
(:func:`rank`), from the same posting weights and field lengths.
Query types this module does not know (ranges, phrases) are handed to
Whoosh for the documents they match.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from itertools import accumulate

from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

B = 0.75          # BM25F parameters: Whoosh's defaults
K1 = 1.2
MAX_EXPANSION = 1000   # index terms one wildcard or fuzzy term may stand for


def term_postings(reader, fieldname: str, text) -> tuple[list[int], list[float]]:
    """Document numbers and weights (term frequency times field boost) of one term.

    Reads Whoosh's posting blocks whole where it can (the W3 codec), one
    posting at a time otherwise.  Deleted documents may be included:
    callers intersect with the live documents.
    """
    ids: list[int] = []
    weights: list[float] = []
    for leaf, offset in reader.leaf_readers():
        try:
            if (fieldname, text) not in leaf:
                continue
            matcher = leaf.postings(fieldname, text)
        except Exception:  # noqa: BLE001 - a field or term a segment does not have
            continue
        matcher = getattr(matcher, "child", matcher)       # unwrap the deletion filter
        if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
            while matcher.is_active():
                block_ids, block_weights = _w3_block(matcher)
                ids.extend(block_ids if not offset else [i + offset for i in block_ids])
                weights.extend(block_weights)
                matcher._next_block()                      # noqa: SLF001
        else:
            while matcher.is_active():
                ids.append(matcher.id() + offset)
                weights.append(matcher.weight())
                matcher.next()
    return ids, weights


def _w3_block(matcher) -> tuple[list[int], list[float]]:
    """The ids and weights of the W3 posting block ``matcher`` is on, decoded at C speed."""
    matcher._read_data()                                   # noqa: SLF001 - Whoosh's block reader
    raw_ids, raw_weights = matcher._data[0], matcher._data[1]   # noqa: SLF001
    count = matcher._blocklength                           # noqa: SLF001
    ids = list(raw_ids) if matcher._byteids else list(accumulate(raw_ids))   # noqa: SLF001
    if raw_weights is None:
        weights = [1.0] * count
    elif isinstance(raw_weights, float):
        weights = [raw_weights] * count
    else:
        weights = list(raw_weights)
    return ids, weights


def field_lengths(reader, fieldname: str) -> list[int]:
    """The length (in terms) of ``fieldname`` in every document, indexed by docnum.

    Reads the W3 codec's length column whole where it can, asks document
    by document otherwise.
    """
    out: list[int] = []
    for leaf, offset in reader.leaf_readers():
        assert offset == len(out)
        count = leaf.doc_count_all()
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            perdoc = leaf._perdoc                                   # noqa: SLF001
            name = _lenfield(fieldname)
            if perdoc.has_column(name):
                column = list(perdoc.column_reader(name, LENGTHS_COLUMN))
                out.extend(_BYTE_TO_LENGTH[b] for b in column[:count])
            else:
                out.extend([0] * count)
        except Exception:  # noqa: BLE001 - another codec: the public, slower way
            out.extend(leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(count))
    return out


_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]


def expand(q: wq.Query, reader) -> list:
    """The index terms a wildcard, prefix or fuzzy term stands for (at most MAX_EXPANSION)."""
    out = []
    try:
        for i, term in enumerate(q._btexts(reader)):       # noqa: SLF001 - Whoosh's expansion
            if i >= MAX_EXPANSION:
                break
            out.append(term)
    except Exception:  # noqa: BLE001
        pass
    return out


class Matcher:
    """Documents of a query as a set, computed once per (field, term) within one request."""

    def __init__(self, searcher, live: set[int]):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.live = live
        self._postings: dict[tuple, tuple[list[int], list[float]]] = {}
        self._terms: dict[tuple, set[int]] = {}

    def postings(self, fieldname: str, text) -> tuple[list[int], list[float]]:
        """Ids and weights of a term (read once per request)."""
        key = (fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)
        if key not in self._postings:
            self._postings[key] = term_postings(self.reader, fieldname, text)
        return self._postings[key]

    def term_docs(self, fieldname: str, text) -> set[int]:
        key = (fieldname, text.decode("utf-8") if isinstance(text, bytes) else text)
        if key not in self._terms:
            self._terms[key] = set(self.postings(fieldname, text)[0])
        return self._terms[key]

    def docs(self, q: wq.Query) -> set[int]:
        """The live documents matching ``q``."""
        return self._docs(q) & self.live

    def _docs(self, q: wq.Query) -> set[int]:
        if isinstance(q, wq.Term):
            return self.term_docs(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            out: set[int] = set()
            for child in q.children():
                out |= self._docs(child)
            return out
        if isinstance(q, wq.And):
            positive = [c for c in q.children() if not isinstance(c, wq.Not)]
            negative = [c.query for c in q.children() if isinstance(c, wq.Not)]
            if not positive:
                out = set(self.live)
            else:
                sets = sorted((self._docs(c) for c in positive), key=len)
                out = set(sets[0])
                for other in sets[1:]:
                    out &= other
            for child in negative:
                out -= self._docs(child)
            return out
        if isinstance(q, wq.Not):
            return self.live - self._docs(q.query)
        if isinstance(q, wq.AndNot):
            return self._docs(q.a) - self._docs(q.b)
        if isinstance(q, wq.AndMaybe):
            return self._docs(q.a)
        if isinstance(q, wq.Require):
            return self._docs(q.a) & self._docs(q.b)
        if isinstance(q, wq.Every):
            return set(self.live)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return set()
        if isinstance(q, wq.Phrase):
            # Only documents having all the words can hold the phrase; ask Whoosh about those.
            words = [self.term_docs(q.fieldname, w) for w in q.words]
            if not words or any(not s for s in words):
                return set()
            if len(q.words) == 1:
                return set(words[0])
            return set(self.searcher.docs_for_query(q))
        if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Every):
            out = set()
            for term in expand(q, self.reader):
                out |= self.term_docs(q.fieldname, term)
            return out
        return set(self.searcher.docs_for_query(q))


def scoring_terms(q: wq.Query | None, reader, boost: float = 1.0) -> dict[tuple, float]:
    """``(field, term) -> boost`` of every term the positive part of ``q`` scores on."""
    found: dict[tuple, float] = {}
    if q is None:
        return found
    boost *= getattr(q, "boost", 1.0) or 1.0
    if isinstance(q, wq.Not):
        return found
    if isinstance(q, (wq.AndNot, wq.AndMaybe, wq.Require)):
        found.update(scoring_terms(q.a, reader, boost))
        if isinstance(q, wq.AndMaybe):
            for key, value in scoring_terms(q.b, reader, boost).items():
                found[key] = max(found.get(key, 0.0), value)
        return found
    if isinstance(q, wq.Term):
        found[(q.fieldname, q.text)] = boost
    elif isinstance(q, wq.Phrase):
        for word in q.words:
            found[(q.fieldname, word)] = boost
    elif isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Every):
        for term in expand(q, reader)[:100]:
            found[(q.fieldname, term.decode("utf-8") if isinstance(term, bytes) else term)] = boost
    else:
        for child in q.children():
            for key, value in scoring_terms(child, reader, boost).items():
                found[key] = max(found.get(key, 0.0), value)
    return found


def length_norms(reader, fieldname: str) -> list[float]:
    """BM25F's length normalisation of ``fieldname`` for every document, indexed by docnum."""
    lengths = field_lengths(reader, fieldname)
    average = (reader.field_length(fieldname) / max(1, reader.doc_count_all())) or 1.0
    return [K1 * ((1 - B) + B * length / average) for length in lengths]


def scores(snapshot, q: wq.Query, docs: set[int], matcher: Matcher | None = None) -> dict[int, float]:
    """BM25F score of each of ``docs`` for ``q`` (Whoosh's default scoring, computed from postings)."""
    matcher = matcher or Matcher(snapshot.searcher, docs)
    reader = snapshot.searcher.reader()
    total_docs = max(1, reader.doc_count_all())
    out: dict[int, float] = defaultdict(float)
    for (fieldname, text), boost in scoring_terms(q, reader).items():
        if fieldname not in reader.schema or not reader.schema[fieldname].scorable:
            continue
        ids, weights = matcher.postings(fieldname, text)
        if not ids:
            continue
        idf = math.log(total_docs / (reader.doc_frequency(fieldname, text) + 1)) + 1.0
        norms = snapshot.field_norms(fieldname)
        factor = boost * idf * (K1 + 1)
        for docnum, tf in zip(ids, weights):
            if docnum in docs:
                out[docnum] += factor * tf / (tf + norms[docnum])
    if len(out) < len(docs):
        for docnum in docs:
            out.setdefault(docnum, 0.0)
    return out


def rank(snapshot, q: wq.Query, docs: set[int], limit: int, matcher: Matcher | None = None) -> list[int]:
    """The ``limit`` best of ``docs`` for ``q`` by BM25F, best first (ties: lower docnum first)."""
    if not docs:
        return []
    scored = scores(snapshot, q, docs, matcher)
    return [d for d, _ in heapq.nsmallest(limit, scored.items(), key=lambda item: (-item[1], item[0]))]
