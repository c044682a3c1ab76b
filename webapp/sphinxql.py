"""Clippings' parsed query (a Whoosh query tree) as a searchd ``MATCH()`` expression.

:func:`translate` walks the tree that :func:`webapp.query.parse_query`
makes and writes searchd's extended syntax over the engine's fields
(:mod:`indexer.searchd.schema`), whose text is the analyzer's terms, so a
term of the tree is a term of the engine:

* words and phrases: ``(@(title,body,...) troop)``, ``(@body "legitim target")``;
  a phrase with slop ``"a b"~N`` is searchd's proximity (the word order is
  not kept, and the page says so);
* AND is juxtaposition, OR ``|``, NOT and ANDNOT ``-(...)``, ANDMAYBE
  ``MAYBE``, REQUIRE an AND; a group that is only negative gets the token
  every document has (``@every every``), since searchd cannot compute a
  lone NOT;
* prefixes and wildcards are searchd's (``troop*``, ``t?st``, ``*ing``:
  expanded over the shard's dictionary); fuzzy terms ``word~N`` have no
  counterpart in searchd 2.2 and become the wildcard patterns that cover
  exactly the terms within N edits (``%`` is zero or one character);
* dates: a range or day that the whole query requires becomes an
  attribute filter on ``day``; anywhere else (under OR, NOT) it becomes
  the days of the index in it, as ``@date`` tokens;
* boosts ``^N`` and ranges over words have no counterpart: the page says so.

Every term goes through :func:`indexer.searchd.client.escape_match`; the
result is passed to ``MATCH(%s)`` as a statement parameter.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as wq

from indexer.searchd.client import escape_match
from indexer.searchd.schema import DATE_FIELD, EVERY_FIELD, EVERY_TOKEN, day_number, day_text

EVERY = f"(@{EVERY_FIELD} {EVERY_TOKEN})"
MAX_FUZZY_PATTERNS = 400


class _Nothing:
    """A part that matches no document."""


NOTHING = _Nothing()


@dataclass
class Translation:
    """``match``: the MATCH() text ("" for every document); ``nothing``: the query can match no
    document; ``ranges``: inclusive day-number bounds every match must be within (attribute
    filters); ``notices``: what the engine does differently, said on the page."""

    match: str = ""
    nothing: bool = False
    ranges: list[tuple[int, int]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def translate(q: wq.Query, days: Callable[[], list[int]]) -> Translation:
    """The translation of ``q``; ``days()`` gives the sorted day numbers the index holds (asked
    only for date ranges, prefixes and wildcards that cannot be filters)."""
    out = Translation()
    walker = _Walker(days, out.notices)
    parts = q.subqueries if isinstance(q, wq.And) else [q]
    rest = []
    for part in parts:
        bounds = _range_bounds(part) if isinstance(part, (wq.TermRange, wq.Term)) else None
        if bounds is not None and part.fieldname == DATE_FIELD and (part.boost or 1.0) == 1.0:
            out.ranges.append(bounds)
        else:
            rest.append(part)
    if not rest:
        out.match = ""
    else:
        text = walker.node(rest[0] if len(rest) == 1 else wq.And(rest))
        if text is NOTHING:
            out.nothing = True
        elif text is not None:
            out.match = text
    out.notices[:] = list(dict.fromkeys(out.notices))
    return out


def _range_bounds(q) -> tuple[int, int] | None:
    """Inclusive day bounds of a date range or date term; None when it is no date."""
    try:
        if isinstance(q, wq.Term):
            day = day_number(q.text) if isinstance(q.text, str) and len(q.text) == 10 else None
            return (day, day) if day else None
        lo = day_number(q.start) if q.start else 1
        hi = day_number(q.end) if q.end else 99991231
        if q.start and q.startexcl:
            lo += 1                  # day numbers are ordered like days; +1 skips only the start day
        if q.end and q.endexcl:
            hi -= 1
        return lo, hi
    except (TypeError, ValueError):
        return None


class _Walker:
    def __init__(self, days, notices: list[str]):
        self.days = days
        self.notices = notices

    def node(self, q):
        """searchd text for ``q``; None matches every document, :data:`NOTHING` none."""
        if (getattr(q, "boost", 1.0) or 1.0) != 1.0:
            self.notices.append("Boosts (^) do not change the ranking on this search engine (searchd).")
        if isinstance(q, wq.NullQuery.__class__) or q is wq.NullQuery:
            return NOTHING
        if isinstance(q, wq.Every):
            return None
        if isinstance(q, wq.Not):
            inner = self.node(q.query)
            if inner is None:
                return NOTHING
            return None if inner is NOTHING else f"({EVERY} -({inner}))"
        if isinstance(q, wq.And) or isinstance(q, wq.Require):
            return self._and(q.children() if isinstance(q, wq.Require) else q.subqueries)
        if isinstance(q, wq.AndNot):
            return self._and([q.a, wq.Not(q.b)])
        if isinstance(q, wq.AndMaybe):
            required = self.node(q.a)
            optional = self.node(q.b)
            if required is NOTHING or optional in (None, NOTHING) or required is None:
                return required
            return f"(({required}) MAYBE ({optional}))"
        if isinstance(q, wq.Or):
            return self._or(q.subqueries)
        if getattr(q, "fieldname", None) == DATE_FIELD:
            return self._date(q)
        leaf = self.leaf(q)
        if leaf is NOTHING or leaf is None:
            return leaf
        return f"(@{q.fieldname} {leaf})"

    def _and(self, children) -> object:
        positive, negative = [], []
        for child in children:
            if isinstance(child, wq.Not):
                inner = self.node(child.query)
                if inner is None:
                    return NOTHING
                if inner is not NOTHING:
                    negative.append(inner)
                continue
            text = self.node(child)
            if text is NOTHING:
                return NOTHING
            if text is not None:
                positive.append(text)
        if not positive and not negative:
            return None
        if not positive:
            positive = [EVERY]
        parts = positive + [f"-({n})" for n in negative]
        return parts[0] if len(parts) == 1 else "(" + " ".join(parts) + ")"

    def _or(self, children) -> object:
        parts: list[str] = []
        groups: dict[tuple, list[str]] = {}
        for child in children:
            key = self._signature(child)
            if key is not None:
                if key not in groups:
                    groups[key] = []
                    parts.append(key)              # placeholder, replaced below
                groups[key].append(child.fieldname)
                continue
            text = self.node(child)
            if text is None:
                return None
            if text is not NOTHING:
                parts.append(text)
        out = []
        for part in parts:
            if isinstance(part, tuple):
                leaf = part[-1]
                fields = list(dict.fromkeys(groups[part]))
                names = fields[0] if len(fields) == 1 else "(" + ",".join(fields) + ")"
                out.append(f"(@{names} {leaf})")
            else:
                out.append(part)
        if not out:
            return NOTHING
        return out[0] if len(out) == 1 else "(" + " | ".join(out) + ")"

    def _signature(self, q) -> tuple | None:
        """Leaves that differ only by field are merged into one field list."""
        if isinstance(q, (wq.Term, wq.Phrase, wq.Prefix, wq.Wildcard, wq.FuzzyTerm)) and \
                getattr(q, "fieldname", None) != DATE_FIELD and (q.boost or 1.0) == 1.0:
            leaf = self.leaf(q)
            if isinstance(leaf, str):
                return (type(q).__name__, leaf)
        return None

    def leaf(self, q):
        """The field-less text of a term, phrase, prefix, wildcard or fuzzy term."""
        if isinstance(q, wq.FuzzyTerm):
            return self._fuzzy(q)
        if isinstance(q, wq.Term):
            return escape_match(_text(q.text)) or NOTHING
        if isinstance(q, wq.Phrase):
            words = [escape_match(_text(w)) for w in q.words if _text(w)]
            if not words:
                return NOTHING
            if len(words) == 1:
                return words[0]
            if q.slop and q.slop > 1:
                self.notices.append(f"“{' '.join(map(_text, q.words))}”~{q.slop}: this search engine (searchd) "
                                    "finds the words near each other in any order.")
                return f"\"{' '.join(words)}\"~{q.slop}"
            return f"\"{' '.join(words)}\""
        if isinstance(q, wq.Prefix):
            text = escape_match(_text(q.text))
            return f"{text}*" if text else None
        if isinstance(q, wq.Wildcard):
            text = _text(q.text)
            if not text.replace("*", ""):
                return None                                       # every term: every document
            if not text.replace("*", "").replace("?", ""):
                self.notices.append(f"“{text}” has no letter or digit: this search engine (searchd) cannot "
                                    "look it up, so it matched nothing.")
                return NOTHING
            return _pattern(text)
        if isinstance(q, wq.TermRange):
            self.notices.append(f"Ranges over words ({q.fieldname}:[… TO …]) are not supported by this search "
                                "engine (searchd): that part was left out.")
            return None
        self.notices.append(f"A part of the query ({type(q).__name__}) is not supported by this search engine "
                            "(searchd): it was left out.")
        return None

    def _fuzzy(self, q):
        patterns = fuzzy_patterns(_text(q.text), q.maxdist, q.prefixlength)
        if q.prefixlength == 0 and len(_text(q.text)) <= q.maxdist:
            self.notices.append(f"“{_text(q.text)}~{q.maxdist}”: words of at most {q.maxdist} letters within "
                                f"{q.maxdist} edits of it cannot be looked up on this search engine (searchd).")
        if len(patterns) > MAX_FUZZY_PATTERNS:
            self.notices.append(f"“{_text(q.text)}~{q.maxdist}” stands for too many spellings on this search "
                                f"engine (searchd): only {q.maxdist - 1 or 'no'} edit(s) were allowed.")
            patterns = fuzzy_patterns(_text(q.text), q.maxdist - 1, q.prefixlength)
        if not patterns:
            return NOTHING
        return patterns[0] if len(patterns) == 1 else "(" + " | ".join(patterns) + ")"

    def _date(self, q):
        """A date part inside the query: the days of the index it stands for, as ``@date`` tokens."""
        if isinstance(q, wq.Term):
            bounds = _range_bounds(q)
            return f"(@{DATE_FIELD} {bounds[0]})" if bounds else NOTHING
        if isinstance(q, wq.TermRange):
            bounds = _range_bounds(q)
            days = [d for d in self.days() if bounds and bounds[0] <= d <= bounds[1]]
        elif isinstance(q, (wq.Prefix, wq.Wildcard)):
            pattern = _text(q.text) + ("*" if isinstance(q, wq.Prefix) else "")
            days = [d for d in self.days() if fnmatch.fnmatchcase(day_text(d), pattern)]
        else:
            self.notices.append("That kind of date search is not supported by this search engine (searchd): "
                                "it was left out.")
            return None
        if not days:
            return NOTHING
        return f"(@{DATE_FIELD} " + " | ".join(str(d) for d in days) + ")"


def _text(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else str(text)


def _pattern(text: str) -> str:
    """A Whoosh wildcard (``*`` any run, ``?`` one character) in searchd's syntax."""
    return "".join(ch if ch in "*?" else escape_match(ch) for ch in text)


def fuzzy_patterns(word: str, edits: int, prefix: int = 0) -> list[str]:
    """searchd wildcard patterns matching exactly the terms within ``edits`` insertions, deletions
    or substitutions of ``word`` that keep its first ``prefix`` characters (``%``: zero or one
    character).  Patterns with no literal character are left out."""
    found = {word}
    frontier = {word}
    for _ in range(max(0, edits)):
        grown = set()
        for text in frontier:
            for i in range(prefix, len(text) + 1):
                grown.add(text[:i] + "%" + text[i:])                 # insert (or nothing)
                if i < len(text) and text[i] != "%":
                    grown.add(text[:i] + "%" + text[i + 1:])         # substitute or delete
        found |= grown
        frontier = grown
    out = []
    for pattern in sorted(found, key=lambda p: (p.count("%"), p)):
        literal = pattern.replace("%", "")
        if not literal:
            continue
        if any(_covers(other, pattern) for other in out):
            continue
        out.append(pattern)
    return ["".join("%" if ch == "%" else escape_match(ch) for ch in p) for p in out]


def _covers(general: str, specific: str) -> bool:
    """Whether every term ``specific`` matches is matched by ``general`` (a cheap, partial check:
    ``general`` equals ``specific`` with some characters turned into ``%``)."""
    return len(general) == len(specific) and all(g == s or g == "%" for g, s in zip(general, specific))
