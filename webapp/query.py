"""Reading the user's query: Whoosh syntax, repaired when malformed, and the terms it looks for.

:func:`parse_query` never fails: a malformed query (an unclosed quote or
parenthesis, a dangling operator, an empty or unknown ``field:``) is
repaired into its best reading, and the result says what was changed in
a friendly message.  Parsing uses the index's own schema, so the words
go through the indexer's analyzer (stemming: "troop" finds "troops").
:func:`query_terms` is the one walk over a parsed query: scoring, highlighting
and the speaker bonus all take their terms from it (:func:`said_terms`: what a
``said:`` part marks in whose quotes).
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field
from typing import Iterator
from weakref import WeakKeyDictionary

from whoosh import qparser
from whoosh import query as wq
from whoosh.qparser import syntax
from whoosh.spelling import ReaderCorrector
from whoosh.support.levenshtein import levenshtein

from indexer.index.analysis import DEFAULT, analysis_of
from indexer.index.said import FIELD as SAID_FIELD
from indexer.index.schema import (DEFAULT_SEARCH_FIELDS, LANGUAGE_FIELDS, QUERY_FIELDS, analysis_of_field,
                                  base_field, field_in)
from webapp.querylang import rewrite_dates, rewrite_said, rewrite_signs
from webapp.quotes import SaidTerms, split_term
from webapp.snippets import Marks
from webapp.textwords import stem_of, words

#: Fields whose words may be highlighted in article text (and their language fields: ``body_de``).
TEXT_FIELDS = frozenset(("title", "body", "speaker", "outlet", "author"))
#: Text fields of names, analysed alike whatever the article's language.
NAME_FIELDS = frozenset(("speaker", "outlet", "author"))
MAX_FUZZY = 2
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE")

_FIELD_PREFIX = re.compile(r'(?<![\w"])([A-Za-z_]\w*):(?=(\S?))')
_FUZZY = re.compile(r'(?P<word>[^\s"()~]+)~(?P<n>\d+)')     # a phrase's "…"~N is its slop
_TOKEN = re.compile(r'"[^"]*"|\(|\)|[^\s()"]+')


@dataclass
class ParsedQuery:
    """The outcome of reading a query string."""

    text: str                                  # what the user typed (stripped)
    query: wq.Query | None                     # None: no query, browse everything
    reading: str | None = None                 # the repaired query, when it differs from ``text``
    messages: list[str] = field(default_factory=list)

    @property
    def browse(self) -> bool:
        return self.query is None

    @property
    def message(self) -> str | None:
        return " ".join(self.messages) or None


class LanguageFieldsPlugin(qparser.Plugin):
    """Each part of the query in ``title`` or ``body`` also looks in those fields of the other
    ``analyses`` present in the index (``soldaten`` -> ``body:soldaten OR body_de:soldat``), each
    copy analysed by its own field's analyzer (see :mod:`indexer.index.schema`).

    Runs after the field names are known (explicit ones at priority 100, the default fields at
    110), so ``title:soldaten`` and an unfielded ``soldaten`` are both looked up in every language.
    """

    def __init__(self, analyses: tuple[str, ...]):
        self.analyses = analyses

    def filters(self, parser):
        return [(self.do_languages, 111)]

    def do_languages(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_languages(parser, node)
            elif node.has_fieldname and node.fieldname in LANGUAGE_FIELDS:
                copies = [node]
                for analysis in self.analyses:
                    copy_ = copy.copy(node)
                    copy_.set_fieldname(field_in(node.fieldname, analysis), override=True)
                    copies.append(copy_)
                group[i] = syntax.OrGroup(copies)
        return group


def make_parser(schema, analyses: tuple[str, ...] = ()) -> qparser.QueryParser:
    """A parser over the default fields with fuzzy terms and only the user-facing field names;
    title and body words are also looked up in the language fields of ``analyses``."""
    parser = qparser.MultifieldParser(list(DEFAULT_SEARCH_FIELDS), schema)
    parser.remove_plugin_class(qparser.FieldsPlugin)
    names = "|".join(QUERY_FIELDS)
    parser.add_plugin(qparser.FieldsPlugin(expr=rf"(?P<text>{names}):", remove_unknown=True))
    parser.add_plugin(qparser.FuzzyTermPlugin())
    if analyses:
        parser.add_plugin(LanguageFieldsPlugin(tuple(analyses)))
    return parser


def parse_query(text: str, schema, analyses: tuple[str, ...] = (), speakers=None) -> ParsedQuery:
    """Read ``text`` as a Whoosh query over ``schema``; never raises.

    ``analyses`` are the analyses other than the default one of the
    articles in the index (:meth:`indexer.index.columns.Columns.analyses`):
    title and body words are looked up in each of them too, so that an
    index of English articles parses exactly as before languages were
    told apart.  ``speakers`` (a :class:`webapp.quotes.SpeakerDirectory` of the
    index searched) reads the names of ``said:`` (:func:`webapp.querylang.rewrite_said`).
    Only an empty query or ``*`` browses everything; a query with nothing
    to search for (only punctuation or operators) matches nothing, and
    says so.
    """
    text = text.strip()
    if not text or text == "*":
        return ParsedQuery(text, None)
    repaired, messages = repair(text)
    result = ParsedQuery(text, None, repaired if repaired != text else None, messages)
    if repaired == "*":
        result.messages.append("The query had nothing to search for but “*”, so everything is shown.")
        return result
    searched = rewrite_said(repaired, result.messages, speakers)     # not part of the reading shown
    parsed = _parse(searched, schema, analyses) if _WORDLIKE.search(searched) else None
    if parsed is None:
        plain = " ".join(words(repaired))
        parsed = _parse(plain, schema, analyses) if plain else None
        if parsed is not None:
            result.reading = plain
            result.messages.append("The query syntax could not be read, so its words were searched for.")
    if parsed is None or isinstance(parsed, type(wq.NullQuery)):
        result.query = wq.NullQuery
        said = f"“{text}” has no words to search for" if not _WORDLIKE.search(text) else "Nothing was left to search for"
        result.messages.append(f"{said}, so nothing was searched (an empty query or “*” lists every article).")
        return result
    result.query = parsed
    return result


_WORDLIKE = re.compile(r"[\w*?]")


def _parse(text: str, schema, analyses: tuple[str, ...] = ()) -> wq.Query | None:
    """Whoosh's reading of ``text``; None when Whoosh's parser fails on it."""
    try:
        return make_parser(schema, analyses).parse(text)
    except Exception:  # noqa: BLE001 - Whoosh's parser raises assorted errors on odd input
        return None


def repair(text: str) -> tuple[str, list[str]]:
    """The best reading of ``text`` and messages saying what was changed."""
    messages: list[str] = []
    if text.count('"') % 2:
        text += '"'
        messages.append("A quotation mark was not closed; the phrase was closed at the end.")
    text, changed = _balance_parentheses(text)
    if changed:
        messages.append("Unbalanced parentheses were fixed.")
    text, fields_changed = _check_fields(text, messages)
    text = _clamp_fuzzy(text, messages)
    text = rewrite_dates(text, messages)
    text, dropped = _drop_dangling_operators(text)
    if dropped:
        listed = ", ".join(f"“{op}”" for op in dict.fromkeys(dropped))
        messages.append(f"{listed} had nothing to join and {'was' if len(dropped) == 1 else 'were'} left out.")
    return rewrite_signs(text, messages), messages


def _balance_parentheses(text: str) -> tuple[str, bool]:
    out, depth, changed, in_quote = [], 0, False, False
    for ch in text:
        if ch == '"':
            in_quote = not in_quote
        elif not in_quote and ch == "(":
            depth += 1
        elif not in_quote and ch == ")":
            if depth == 0:
                changed = True
                continue
            depth -= 1
        out.append(ch)
    if depth:
        out.append(")" * depth)
        changed = True
    return "".join(out), changed


def _check_fields(text: str, messages: list[str]) -> tuple[str, bool]:
    """Drop empty ``field:`` prefixes; say when a prefix is not a known field."""
    changed = False
    unknown: list[str] = []
    empty: list[str] = []

    def fix(match: re.Match) -> str:
        nonlocal changed
        name, following = match[1], match[2]
        if name.lower() in QUERY_FIELDS and name not in QUERY_FIELDS:
            name = name.lower()
            changed = True
        if name in QUERY_FIELDS:
            if following in ("", ")") or following.isspace():
                empty.append(name)
                changed = True
                return ""
            return f"{name}:"
        if name.lower().startswith("http"):
            return match[0]
        unknown.append(name)
        changed = True
        return f"{name} "

    # Only outside quotes: a colon inside a phrase is text.
    quoted = [m.span() for m in re.finditer(r'"[^"]*"', text)]

    def fix_outside_quotes(match: re.Match) -> str:
        if any(start < match.start() < end for start, end in quoted):
            return match[0]
        return fix(match)

    text = _FIELD_PREFIX.sub(fix_outside_quotes, text)
    if empty:
        messages.append(f"{', '.join(f'“{n}:”' for n in dict.fromkeys(empty))} had no value and "
                        f"{'was' if len(empty) == 1 else 'were'} ignored.")
    if unknown:
        known = ", ".join(f for f in QUERY_FIELDS if f != "body")
        listed = ", ".join(f"“{n}:”" for n in dict.fromkeys(unknown))
        messages.append(f"{listed} {'is not a field' if len(set(unknown)) == 1 else 'are not fields'} "
                        f"(fields: {known}): searched as {'a word' if len(set(unknown)) == 1 else 'words'}.")
    return text, changed


def _clamp_fuzzy(text: str, messages: list[str]) -> str:
    def clamp(match: re.Match) -> str:
        if int(match["n"]) > MAX_FUZZY:
            read = f"{match['word']}~{MAX_FUZZY}"
            messages.append(f"Fuzzy matching allows at most {MAX_FUZZY} edits: “{match[0]}” was read as “{read}”.")
            return read
        return match[0]
    return _FUZZY.sub(clamp, text)


def _drop_dangling_operators(text: str) -> tuple[str, list[str]]:
    """Remove AND/OR/NOT that lack an operand on a side that needs one (spacing kept)."""
    dropped: list[str] = []
    while True:
        tokens = [(m[0], m.start(), m.end()) for m in _TOKEN.finditer(text)]
        cut = None
        kept: list[str] = []
        for i, (token, start, end) in enumerate(tokens):
            if token in OPERATORS:
                prev = kept[-1] if kept else None
                nxt = tokens[i + 1][0] if i + 1 < len(tokens) else None
                right_ok = nxt is not None and nxt != ")" and (nxt not in OPERATORS or nxt == "NOT")
                if token == "NOT":
                    ok = right_ok          # NOT NOT x: the negations cancel (rewrite_signs)
                else:
                    ok = right_ok and prev is not None and prev != "(" and prev not in OPERATORS
                if not ok:
                    cut = (token, start, end)
                    break
            kept.append(token)
        if cut is None:
            return text, dropped
        dropped.append(cut[0])
        text = text[:cut[1]] + " " + text[cut[2]:]


# -- the terms a query looks for ---------------------------------------------------------

#: Index terms one wildcard, prefix, fuzzy term or range stands for, the same number for
#: matching, scoring and highlighting (so a document is ranked by the terms that matched it).
MAX_EXPANSION = 1000

Found = tuple[str, "str | tuple[str, ...]", float]


def query_terms(q: wq.Query | None, reader=None, *, limit: int = MAX_EXPANSION,
                negated: bool = False, boost: float = 1.0) -> Iterator[Found]:
    """``(field, term, boost)`` for every term ``q`` looks for, in query order.

    A phrase is one term, the tuple of its words (a one-word phrase is
    that word).  A wildcard, prefix, fuzzy term or range stands for its
    first ``limit`` index terms in ``reader`` (:func:`expansion`);
    without a reader, for its own text.  ``boost`` multiplies the
    boosts on the way down; 0.0 marks terms that must match but are not
    scored (the right side of REQUIRE).  Negated parts (NOT, the right
    side of ANDNOT) are left out unless ``negated``.
    """
    if q is None:
        return
    boost *= getattr(q, "boost", 1.0) or 1.0
    more = {"limit": limit, "negated": negated}
    if isinstance(q, wq.Not) and not negated:
        return
    if isinstance(q, (wq.AndNot, wq.Require)) and not negated:
        yield from query_terms(q.a, reader, boost=boost, **more)
        if isinstance(q, wq.Require):
            yield from query_terms(q.b, reader, boost=0.0, **more)
    elif isinstance(q, wq.Term):
        yield q.fieldname, _text(q.text), boost
    elif isinstance(q, wq.Phrase):
        if q.words:
            yield q.fieldname, tuple(q.words) if len(q.words) > 1 else q.words[0], boost
    elif isinstance(q, wq.MultiTerm) and not isinstance(q, wq.Every):
        if reader is not None:
            for term in expansion(q, reader)[:limit]:
                yield q.fieldname, term, boost
        elif isinstance(getattr(q, "text", None), str):
            yield q.fieldname, q.text, boost
    else:
        for child in q.children():
            yield from query_terms(child, reader, boost=boost, **more)


@dataclass(frozen=True)
class Highlights:
    """The index terms a query marks: per analysis (:mod:`indexer.index.analysis`), those of the
    text fields analysed so; and those of the name fields."""

    by_analysis: dict[str, frozenset]
    names: frozenset
    said: SaidTerms = SaidTerms()      # what ``said:`` parts mark, in whose quotes

    def marks(self, lang: str | None) -> Marks:
        """What to mark in an article in language ``lang`` (ISO 639-1; None: undetermined)."""
        analysis = analysis_of(lang)
        terms = self.by_analysis.get(analysis, frozenset())
        return Marks(terms) if analysis == DEFAULT else Marks(terms, analysis, self.names)


def highlights(q: wq.Query | None, reader) -> Highlights:
    """Index terms (stems) of the text fields that the positive part of ``q`` looks for, and
    what its ``said:`` parts mark (:func:`said_terms`).

    Phrases are tuples of terms.  Negated parts are skipped; wildcards
    and fuzzy terms are expanded against the index (at most
    :data:`MAX_EXPANSION` terms each).
    """
    found: dict[str, set] = {}
    names: set = set()
    for fieldname, term, _ in query_terms(q, reader):
        base = base_field(fieldname)
        if base in TEXT_FIELDS and isinstance(term, (str, tuple)):
            found.setdefault(analysis_of_field(fieldname), set()).add(term)
            if base in NAME_FIELDS:
                names.add(term)
    return Highlights({analysis: frozenset(terms) for analysis, terms in found.items()}, frozenset(names),
                      said_terms(q, reader))


def highlight_terms(q: wq.Query | None, reader) -> frozenset:
    """The terms :func:`highlights` finds for an English article (the default analysis)."""
    return highlights(q, reader).marks(None).terms


def said_terms(q: wq.Query | None, reader=None) -> SaidTerms:
    """The ``said`` terms of the positive part of ``q``, as what they mark in whose quotes
    (wildcards expanded in ``reader``)."""
    words: dict[str, set] = {}
    whole: set[str] = set()
    for fieldname, term, _boost in query_terms(q, reader):
        if fieldname != SAID_FIELD:
            continue
        parts = [split_term(t) for t in (term if isinstance(term, tuple) else (term,))]
        key = parts[0][0]
        if not parts[0][1]:
            whole.add(key)
        else:
            found = tuple(w for _, w in parts)
            words.setdefault(key, set()).add(found if len(found) > 1 else found[0])
    return SaidTerms({k: frozenset(v) for k, v in words.items()}, frozenset(whole))


_EXPANSIONS: WeakKeyDictionary = WeakKeyDictionary()     # reader -> {query: its index terms}
_EXPANSIONS_LOCK = threading.Lock()
EXPANSIONS_KEPT = 256                                     # per reader, before they are forgotten


def expansion(q: wq.MultiTerm, reader) -> tuple[str, ...]:
    """The first :data:`MAX_EXPANSION` index terms ``q`` stands for in ``reader``, in index order.

    Expanded segment by segment, as Whoosh's search does (its per-segment
    fuzzy automaton differs from the whole-index ``terms_within``, and is
    much faster); remembered per reader, since one search asks several times.
    """
    return _expanded(q, reader)[:MAX_EXPANSION]


def expansion_cut(q: wq.MultiTerm, reader) -> bool:
    """Whether ``q`` stands for more than :data:`MAX_EXPANSION` index terms (so it was cut)."""
    return len(_expanded(q, reader)) > MAX_EXPANSION


def _expanded(q: wq.MultiTerm, reader) -> tuple[str, ...]:
    """At most ``MAX_EXPANSION + 1`` index terms of ``q``: the union over the segments, sorted."""
    with _EXPANSIONS_LOCK:
        known = _EXPANSIONS.setdefault(reader, {})
        terms = known.get(q)
    if terms is None:
        found = {_text(text) for leaf, _offset in reader.leaf_readers()     # (a fuzzy term's are
                 for _field, text in q.expanded_terms(leaf)}                # in no particular order)
        terms = tuple(sorted(found)[:MAX_EXPANSION + 1])
        with _EXPANSIONS_LOCK:
            if len(known) >= EXPANSIONS_KEPT:
                known.clear()
            known[q] = terms
    return terms


def _text(text) -> str:
    return text.decode("utf-8") if isinstance(text, bytes) else text


# -- "Did you mean" ------------------------------------------------------------

_WORD_IN_QUERY = re.compile(
    r'(?P<field>\b(?:' + "|".join(QUERY_FIELDS) + r'):)?(?P<word>[^\W\d_][\w\'’]*)(?P<tail>[*?~]?)')


#: Articles whose words give the form a suggested term is shown in (:func:`surface_form`).
SURFACE_ARTICLES = 20


class Vocabulary:
    """What suggestions ask of an engine's index (the Whoosh one: :class:`WhooshVocabulary`)."""

    def known(self, terms: list[tuple[str, str]]) -> bool:
        """Whether any ``(field, term)`` is in some document."""
        raise NotImplementedError

    def closest(self, fieldname: str, term: str) -> str | None:
        """The field's term a corrector offers for ``term``: the most frequent one (occurrences in
        the field; a tie goes to the last in sorted order, as Whoosh's corrector keeps it) within 2
        edits (Levenshtein: a transposition is two, as for fuzzy terms) with the same first
        character."""
        raise NotImplementedError

    def articles_with(self, fieldname: str, term: str, limit: int) -> list[dict]:
        """The stored fields of up to ``limit`` articles with ``term`` in ``fieldname``."""
        raise NotImplementedError


class _Corrector(ReaderCorrector):
    """Whoosh's reader corrector with one edit distance whatever the index's segments: each
    segment's automaton (Levenshtein distance: a swapped pair is two edits, as for fuzzy terms,
    ``kroea~``).  Whoosh's reader of several segments scans their terms with Damerau-Levenshtein
    distance instead, so the same typo would be corrected before a rebuild into one segment and
    not after it."""

    def _suggestions(self, text, maxdist, prefix):
        reader, fieldname = self.reader, self.fieldname
        spelling = reader.schema[fieldname].spelling_fieldname(fieldname)
        for leaf, _offset in reader.leaf_readers():
            for found in leaf.terms_within(spelling, text, maxdist, prefix=prefix):
                frequency = reader.frequency(fieldname, found) or 1
                yield 0 - (maxdist + (1.0 / frequency * 0.5)), found       # as ReaderCorrector scores


class WhooshVocabulary(Vocabulary):
    """The vocabulary of a Whoosh searcher (its lexicon and Whoosh's own corrector)."""

    def __init__(self, searcher):
        self.searcher = searcher

    def known(self, terms: list[tuple[str, str]]) -> bool:
        reader = self.searcher.reader()
        return any(reader.doc_frequency(f, t) for f, t in terms)

    def closest(self, fieldname: str, term: str) -> str | None:
        try:
            reader = self.searcher.reader()
            found = _Corrector(reader, fieldname, reader.schema[fieldname]).suggest(term, limit=1, maxdist=2, prefix=1)
        except Exception:  # noqa: BLE001 - no suggestion rather than an error page
            return None
        return found[0] if found else None

    def articles_with(self, fieldname: str, term: str, limit: int) -> list[dict]:
        docs = self.searcher.docs_for_query(wq.Term(fieldname, term))
        return [self.searcher.stored_fields(d) for d, _n in zip(docs, range(limit))]


def suggest(text: str, vocabulary: Vocabulary, analyses: tuple[str, ...] = (), max_words: int = 12) -> str | None:
    """A corrected query string when some words of ``text`` are in no document, else None.

    A word is known when its term is in a field it searches, in the
    default analysis or in one of ``analyses`` (the index's languages).
    Each unknown word is replaced by the closest word of the index
    (the corrector's pick, :meth:`Vocabulary.closest`, over the field it
    searches, body for unfielded words, and that field of each language),
    shown in the form it takes in an article.
    """
    matches = list(_WORD_IN_QUERY.finditer(text))[:max_words]
    replacements: list[tuple[int, int, str]] = []
    for match in matches:
        word, fieldname = match["word"], (match["field"] or "")[:-1]
        if match["tail"] or word in OPERATORS or fieldname in ("date", "said") or not _correctable(text, match):
            continue
        fields = (fieldname,) if fieldname else DEFAULT_SEARCH_FIELDS
        if vocabulary.known([(f, stem_of(word, analysis_of_field(f))) for f in _in_languages(fields, analyses)]):
            continue
        surface = _closest(vocabulary, word, _in_languages((fieldname or "body",), analyses))
        if surface is None:
            continue
        if word[:1].isupper():
            surface = surface[:1].upper() + surface[1:]
        replacements.append((match.start("word"), match.end("word"), surface))
    if not replacements:
        return None
    corrected = text
    for start, end, surface in reversed(replacements):
        corrected = corrected[:start] + surface + corrected[end:]
    return corrected if corrected != text else None


def _in_languages(fields, analyses: tuple[str, ...]) -> list[str]:
    """``fields`` and, for title and body, their fields in each of ``analyses``."""
    return list(fields) + [field_in(f, a) for a in analyses for f in fields if f in LANGUAGE_FIELDS]


def _closest(vocabulary: Vocabulary, word: str, sources: list[str]) -> str | None:
    """The index's closest word to ``word`` over the fields ``sources``, as written in an article."""
    best = None
    for source in sources:
        candidate = vocabulary.closest(source, stem_of(word, analysis_of_field(source)))
        if candidate:
            surface = surface_form(vocabulary.articles_with(source, candidate, SURFACE_ARTICLES), source,
                                   candidate, word) or candidate
            distance = levenshtein(surface.lower(), word.lower())
            if best is None or distance < best[0]:
                best = (distance, surface)
    return best[1] if best else None


_NEGATED = re.compile(r"(?:^|[\s(])-$|\bNOT\s+$")
_UNKNOWN_FIELD_VALUE = re.compile(r"(?<![\w\"])[A-Za-z_]\w*:$")


def _correctable(text: str, match: re.Match) -> bool:
    """Whether a word of the query may be corrected: not a field name (known or not), not the value
    of an unknown field, not excluded (``-word``, ``NOT word``)."""
    before, after = text[:match.start()], text[match.end():]
    if after.startswith(":"):
        return False
    if not match["field"] and _UNKNOWN_FIELD_VALUE.search(before):
        return False
    return not _NEGATED.search(before)


def surface_form(articles: list[dict], fieldname: str, stem: str, typed: str = "") -> str | None:
    """A word as written in ``articles`` (stored fields) whose index term in ``fieldname`` is
    ``stem``: of their forms, the closest to ``typed`` (then the first in sorted order)."""
    analysis = analysis_of_field(fieldname)
    keep_case = fieldname in NAME_FIELDS
    forms = set()
    for stored in articles:
        texts = [stored.get("title") or ""]
        texts += [p[0] for p in stored.get("passages") or []]
        texts += list(stored.get("speakers") or []) + [stored.get("outlet") or "", stored.get("author") or ""]
        forms |= {word if keep_case else word.lower() for text in texts for word in words(text)
                  if stem_of(word, analysis) == stem}
    if not forms:
        return None
    return min(sorted(forms), key=lambda f: levenshtein(f.lower(), typed.lower()))
