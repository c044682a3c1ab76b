"""Matching and ranking a parsed query quickly, with set operations over posting lists.

Whoosh's own matchers walk every matching document through a tree of
Python objects: on ~20,000 news stories a two-word query over five
fields costs 35 ms to list its documents and 70 ms to rank them.  Here
the postings of each term are read whole (:mod:`indexer.index.postings`)
into Python sets and combined with C-speed set operations
(:meth:`Matcher.docs`), and the matches are scored (:func:`scores`) the
way Whoosh's matcher tree scores them with its default BM25F weighting:

- a term: BM25F from the posting weights and field lengths (a field that
  is not scorable, such as ``date``: the posting weight, a constant);
- AND: the sum of its parts, each NOT part adding a constant 1;
- OR: the sum of the parts that match the document (nothing for a branch
  that does not);
- NOT alone, ``field:*`` and ``*``: a constant (``*`` and ``field:*``
  times their boost); ANDNOT and REQUIRE: the left side; ANDMAYBE: the
  left side plus the right one where it matches;
- a wildcard, prefix, fuzzy term or range: the sum over its index terms
  (what Whoosh does in segments over 5,000 documents; in smaller ones
  Whoosh gives such a query a constant score, see docs/webapp.md);
- boosts multiply the score of what they apply to.

Phrases and query types this module does not know are handed to
Whoosh's own per-segment matchers, which give their documents and scores.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

from whoosh import query as wq

from indexer.index.postings import posting_reader
from webapp import query as query_module
from webapp.query import expansion, expansion_cut

B = 0.75          # BM25F parameters: Whoosh's defaults
K1 = 1.2
NOT_SCORE = 1.0   # what Whoosh's inverse matcher gives a document that a NOT part lets through

#: Query types whose score is zero outside their matches, so a parent OR need not intersect.
_SPARSE = (wq.Term, wq.MultiTerm, wq.Phrase)


def _key(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text


def _is_null(q) -> bool:
    return q is wq.NullQuery or isinstance(q, type(wq.NullQuery))


class Matcher:
    """Documents of a query as sets, each (field, term) and each query node computed once per request.

    ``cut`` lists the wildcard, fuzzy and range parts whose index terms
    were more than :data:`~webapp.query.MAX_EXPANSION` (only the first
    ones were matched, and scored).
    """

    def __init__(self, searcher, live: set[int]):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.source = posting_reader(self.reader)
        self.live = live
        self.cut: list[wq.MultiTerm] = []
        self._postings: dict[tuple, tuple[list[int], list[float]]] = {}
        self._terms: dict[tuple, set[int]] = {}
        self._nodes: dict[int, tuple[wq.Query, set[int]]] = {}
        self._whoosh: dict[int, tuple[wq.Query, dict[int, float]]] = {}

    def postings(self, fieldname: str, text) -> tuple[list[int], list[float]]:
        """Ids and weights of a term (read once per request)."""
        key = (fieldname, _key(text))
        if key not in self._postings:
            self._postings[key] = self.source.postings(fieldname, text)
        return self._postings[key]

    def term_docs(self, fieldname: str, text) -> set[int]:
        key = (fieldname, _key(text))
        if key not in self._terms:
            self._terms[key] = set(self.postings(fieldname, text)[0])
        return self._terms[key]

    def docs(self, q: wq.Query) -> set[int]:
        """The live documents matching ``q``."""
        return self.node_docs(q) & self.live

    def node_docs(self, q: wq.Query) -> set[int]:
        """The documents matching ``q`` (deleted ones may be included); do not modify the set."""
        found = self._nodes.get(id(q))
        if found is None or found[0] is not q:
            found = self._nodes[id(q)] = (q, self._docs(q))
        return found[1]

    def terms(self, q: wq.MultiTerm) -> tuple[str, ...]:
        """The index terms a wildcard, prefix, fuzzy term or range stands for (noting a cut)."""
        if expansion_cut(q, self.reader) and q not in self.cut:
            self.cut.append(q)
        return expansion(q, self.reader)

    def notices(self) -> list[str]:
        """What the page should say about the matching: each query part cut at the expansion limit."""
        limit = query_module.MAX_EXPANSION
        typed = dict.fromkeys(str(q).removeprefix(f"{q.fieldname}:").split("^")[0] for q in self.cut)
        return [f"“{text}” stands for more than {limit:,} words of the index: only the first "
                f"{limit:,} in alphabetical order were searched." for text in typed]

    def whoosh_scores(self, q: wq.Query) -> dict[int, float]:
        """Documents and scores of ``q`` from Whoosh's own matchers, segment by segment as its search."""
        found = self._whoosh.get(id(q))
        if found is None or found[0] is not q:
            scored: dict[int, float] = {}
            context = self.searcher.context()
            for sub, offset in self.searcher.leaf_searchers():
                m = q.matcher(sub, context)
                while m.is_active():
                    scored[m.id() + offset] = m.score()
                    m.next()
            found = self._whoosh[id(q)] = (q, scored)
        return found[1]

    def _docs(self, q: wq.Query) -> set[int]:
        if isinstance(q, wq.Term):
            return self.term_docs(q.fieldname, q.text)
        if isinstance(q, wq.Or):
            out: set[int] = set()
            for child in q.children():
                out |= self.node_docs(child)
            return out
        if isinstance(q, wq.And) and not isinstance(q, wq.Ordered):
            positive = [c for c in q.children() if not isinstance(c, wq.Not)]
            negative = [c.query for c in q.children() if isinstance(c, wq.Not)]
            if not positive:
                out = set(self.live)
            else:
                sets = sorted((self.node_docs(c) for c in positive), key=len)
                out = sets[0] & sets[1] if len(sets) > 1 else set(sets[0])
                for other in sets[2:]:
                    out &= other
            for child in negative:
                out -= self.node_docs(child)
            return out
        if isinstance(q, wq.Not):
            return self.live - self.node_docs(q.query)
        if isinstance(q, wq.AndNot):
            return self.node_docs(q.a) - self.node_docs(q.b)
        if isinstance(q, wq.AndMaybe):
            return set(self.node_docs(q.a))
        if isinstance(q, wq.Require):
            return self.node_docs(q.a) & self.node_docs(q.b)
        if isinstance(q, wq.Every):
            if q.fieldname in (None, "", "*"):
                return set(self.live)
            return set(self.source.field_docs(q.fieldname)) if q.fieldname in self.reader.schema else set()
        if _is_null(q):
            return set()
        if isinstance(q, wq.Phrase) and any(not self.term_docs(q.fieldname, w) for w in q.words):
            return set()                      # a word missing: no document can hold the phrase
        if isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Phrase):
            out = set()
            for term in self.terms(q):
                out |= self.term_docs(q.fieldname, term)
            return out
        return set(self.whoosh_scores(q))


class Scorer:
    """Whoosh's score of each matching document, node by node of the query tree (module docstring)."""

    def __init__(self, snapshot, matcher: Matcher):
        self.snapshot = snapshot
        self.matcher = matcher
        self.reader = matcher.reader
        self.total_docs = max(1, self.reader.doc_count_all())

    def add(self, q: wq.Query, docs: set[int], out: dict[int, float], weight: float = 1.0) -> None:
        """Add ``weight`` times ``q``'s score to ``out[d]`` for each of ``docs`` (all match ``q``)."""
        if not docs or _is_null(q):
            return
        if isinstance(q, wq.Term):
            self.term(q.fieldname, q.text, docs, out, weight * q.boost)
        elif isinstance(q, wq.Or):
            weight *= q.boost
            for child in q.children():
                if not isinstance(child, _SPARSE):
                    self.add(child, docs & self.matcher.node_docs(child), out, weight)
                else:
                    self.add(child, docs, out, weight)
        elif isinstance(q, wq.And) and not isinstance(q, wq.Ordered):
            weight *= q.boost
            for child in q.children():
                self.add(child, docs, out, weight)
        elif isinstance(q, wq.Not):
            _constant(docs, out, weight * NOT_SCORE)
        elif isinstance(q, (wq.AndNot, wq.Require)):
            self.add(q.a, docs, out, weight)
        elif isinstance(q, wq.AndMaybe):
            self.add(q.a, docs, out, weight)
            self.add(q.b, docs & self.matcher.node_docs(q.b), out, weight)
        elif isinstance(q, wq.Every):
            _constant(docs, out, weight * q.boost)
        elif isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Phrase):
            for term in self.matcher.terms(q):
                self.term(q.fieldname, term, docs, out, weight * q.boost)
        elif self.matcher.node_docs(q):       # a phrase with a word in no document has none
            scored = self.matcher.whoosh_scores(q)
            for docnum in scored.keys() & docs:
                out[docnum] += weight * scored[docnum]

    def term(self, fieldname: str, text, docs: set[int], out: dict[int, float], boost: float) -> None:
        """Add one term's score (BM25F, or its weight in an unscored field) to the ``docs`` holding it."""
        schema = self.reader.schema
        if fieldname not in schema:
            return
        ids, weights = self.matcher.postings(fieldname, text)
        if not ids:
            return
        if not schema[fieldname].scorable:
            for docnum, weight in zip(ids, weights):
                if docnum in docs:
                    out[docnum] += boost * weight
            return
        idf = math.log(self.total_docs / (self.reader.doc_frequency(fieldname, text) + 1)) + 1.0
        norms = self.snapshot.field_norms(fieldname)
        factor = boost * idf * (K1 + 1)
        for docnum, tf in zip(ids, weights):
            if docnum in docs:
                out[docnum] += factor * tf / (tf + norms[docnum])


def _constant(docs: set[int], out: dict[int, float], score: float) -> None:
    for docnum in docs:
        out[docnum] += score


def length_norms(reader, fieldname: str) -> list[float]:
    """BM25F's length normalisation of ``fieldname`` for every document, indexed by docnum."""
    lengths = posting_reader(reader).lengths(fieldname)
    average = (reader.field_length(fieldname) / max(1, reader.doc_count_all())) or 1.0
    return [K1 * ((1 - B) + B * length / average) for length in lengths]


def scores(snapshot, q: wq.Query, docs: set[int], matcher: Matcher | None = None) -> dict[int, float]:
    """Whoosh's score of each of ``docs`` (documents matching ``q``) for ``q``, computed from postings."""
    matcher = matcher or Matcher(snapshot.searcher, docs)
    out: dict[int, float] = defaultdict(float)
    Scorer(snapshot, matcher).add(q, docs, out)
    if len(out) < len(docs):
        for docnum in docs:
            out.setdefault(docnum, 0.0)
    return out


def rank(snapshot, q: wq.Query, docs: set[int], limit: int, matcher: Matcher | None = None) -> list[int]:
    """The ``limit`` best of ``docs`` for ``q``, best first (ties: lower docnum first, as Whoosh)."""
    if not docs:
        return []
    scored = scores(snapshot, q, docs, matcher)
    return [d for d, _ in heapq.nsmallest(limit, scored.items(), key=lambda item: (-item[1], item[0]))]
