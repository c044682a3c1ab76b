"""One search with Whoosh, start to finish, as the plain dict of :meth:`Session.search`.

The query is run once to get the set of matching documents; the filters
and facet counts are set operations on the snapshot's cached columns
(:class:`indexer.index.columns.Columns`), so each facet's counts follow the
query and the *other* filters (multi-select: OR within a facet, AND across
facets).  Only the result page is scored, loaded and highlighted, each
article with the query's terms in its own language's analysis.

Copies of one story (one group, :mod:`indexer.index.groups`) are one
result with ``dupes=group`` (the default): the copy that ranks first in
the search's order stands for its group, the page counts stories, and each
result lists its group's other copies.  Facet counts count articles either
way (the page says so).
"""

from __future__ import annotations

import heapq
import math
import time
from dataclasses import dataclass, replace

from indexer.index.schema import stored_pre
from webapp import facets as facet_lists
from webapp.matching import Matcher, rank, scores
from webapp.copies import copy_order
from webapp.params import FACET_ATTRS, SearchState
from webapp.document import article_lang, back_param
from webapp.present import doc_url, heading
from webapp.query import (Highlights, ParsedQuery, WhooshVocabulary, highlights, parse_query, query_terms,
                          said_terms, suggest)
from webapp.quotes import said_hits
from webapp.snippets import best_snippets
from webapp.speaker_page import page_sort, speaker_query, speaker_view

SNIPPETS = 3
COPIES_LISTED = 50      # copies listed with a result at most (``size`` counts them all)
#: The value facets (OR within, AND across, counted over the other filters), in page order.
VALUE_FACETS = ("outlet", "speaker", "lang")


@dataclass
class Selection:
    """The documents a search state selects: the query's matches, each active filter
    (``filters``: outlet, speaker, lang and date; None when off), the result and its stories."""

    parsed: ParsedQuery
    matcher: Matcher
    base: set[int]
    filters: dict[str, set[int] | None]
    final: set[int]
    stories: int           # groups of copies in ``final`` (:meth:`Columns.stories`)
    pages: int
    state: SearchState     # the state searched: its page at most the last one

    def others(self, facet: str) -> list[set[int] | None]:
        """The active filters but ``facet``'s own."""
        return [docs for name, docs in self.filters.items() if name != facet]


def select(snapshot, state: SearchState) -> Selection:
    """Match the query and apply the filters; a page beyond the last is the last page."""
    columns = snapshot.columns
    parsed = parse_query(state.q, snapshot.schema, columns.analyses, snapshot.speakers)
    matcher = Matcher(snapshot.searcher, columns.live)
    with snapshot.lock:
        base = columns.live if parsed.browse else matcher.docs(parsed.query)
    parsed.messages.extend(matcher.notices())
    filters: dict[str, set[int] | None] = {}
    for facet in VALUE_FACETS:
        values = getattr(state, FACET_ATTRS[facet])
        filters[facet] = _with_any(snapshot, facet, values) if values else None
    filters["date"] = _by_date(snapshot, state) if state.dated_filter else None
    final = _intersect(base, *filters.values())
    stories = columns.stories(final)
    listed = stories if state.grouped else len(final)
    pages = max(1, math.ceil(listed / state.per_page))
    if state.page > pages:
        state = replace(state, page=pages)
    return Selection(parsed, matcher, base, filters, final, stories, pages, state)


def _with_any(snapshot, facet: str, values: tuple[str, ...]) -> set[int]:
    """Documents with any of ``values`` in ``facet``; the value "" stands for "none"."""
    found = snapshot.columns.with_any(facet, [v for v in values if v])
    return found | snapshot.without(facet) if "" in values else found


def _by_date(snapshot, state: SearchState) -> set[int]:
    """Documents in the date range (if any), or undated when the undated bucket is selected."""
    columns = snapshot.columns
    found = columns.in_range(state.date_from, state.date_to) if (state.date_from or state.date_to) else set()
    return found | snapshot.without("date") if state.undated else found


def _none_count(snapshot, facet: str, docs: set[int]) -> int:
    """How many of ``docs`` have no value in ``facet``."""
    none = snapshot.without(facet)
    return len(none) if docs is snapshot.columns.live else len(docs & none)


def run_search(snapshot, state: SearchState, root: str = "") -> dict:
    """Search ``snapshot`` for ``state`` (a page beyond the last is the last page)."""
    started = time.perf_counter()
    chosen = select(snapshot, state)
    state = chosen.state
    parsed, final = chosen.parsed, chosen.final
    total = len(final)
    sort = effective_sort(state, parsed)
    offset = (state.page - 1) * state.per_page
    searcher = snapshot.searcher

    with snapshot.lock:
        docnums = ranked_page(snapshot, parsed, final, sort, offset, state.per_page, chosen.matcher,
                              grouped=state.grouped)
        stored = [searcher.stored_fields(d) for d in docnums]
        copies = copies_of(snapshot, docnums)
        terms = highlights(parsed.query, searcher.reader())
        speaker_terms = speaker_terms_of(parsed)
        suggestion = None
        if total == 0 and not parsed.browse:
            suggestion = suggest(parsed.text, WhooshVocabulary(searcher), snapshot.columns.analyses)
            if suggestion and not _has_hits(snapshot, suggestion):
                suggestion = None

    results = [result_dict(fields, state, terms, speaker_terms, root,
                           group_dict(snapshot.columns, d, fields["id"], copies, final, state, root))
               for d, fields in zip(docnums, stored)]
    facets, undated = _facets(snapshot, state, chosen)
    escapes = _ways_out(state, root, chosen) if total == 0 else []

    return search_dict(state, parsed, total, chosen.stories, chosen.pages, sort, started, results,
                       facets, undated, suggestion, escapes, snapshot.name)


def search_dict(state: SearchState, parsed: ParsedQuery, total: int, stories: int, pages: int, sort: str,
                started: float,
                results: list[dict], facets: dict, undated: int, suggestion: str | None, ways_out: list[dict],
                generation: str, facet_counts: dict | None = None, **extra) -> dict:
    """The search dict of :meth:`webapp.backend.Session.search` (``started``: its
    ``time.perf_counter()`` start), whatever engine found it; ``facet_counts``: each value
    facet's number of values, when its list holds only the first ones; ``extra`` keys are added."""
    return {
        "query": state.q,
        "browse": parsed.browse,
        "reading": parsed.reading,
        "message": parsed.message,
        "total": total,
        "stories": stories,
        "dupes": state.dupes,
        "page": state.page,
        "pages": pages,
        "per_page": state.per_page,
        "sort": sort,
        "took_ms": round((time.perf_counter() - started) * 1000, 1),
        "results": results,
        "facets": facets,
        "undated": undated,
        "suggestion": suggestion,
        "filters": {"outlet": list(state.outlets), "speaker": list(state.speakers),
                    "lang": list(state.langs), "from": state.date_from, "to": state.date_to},
        "ways_out": ways_out,
        "generation": generation,
        "facet_counts": facet_counts or {name: len(facets[name]) for name in VALUE_FACETS},
        **extra,
    }


def facet_values(snapshot, state: SearchState, name: str) -> list[dict]:
    """Facet ``name`` (outlet, speaker or lang) of ``state``'s search, without running the rest of it."""
    chosen = select(snapshot, state)
    columns = snapshot.columns
    docs = _intersect(chosen.base, *chosen.others(name))
    return facet_lists.value_facet(columns.count(docs)[name], getattr(state, FACET_ATTRS[name]),
                                   _none_count(snapshot, name, docs), name)


def _facets(snapshot, state: SearchState, chosen: Selection) -> tuple[dict, int]:
    """Each facet counted over the matches filtered by the *other* facets; and the undated count."""
    columns = snapshot.columns
    memo: dict[tuple, tuple[set[int], dict]] = {}

    def counted(filters):
        key = tuple(id(f) for f in filters if f is not None)
        if key not in memo:
            docs = _intersect(chosen.base, *filters)
            memo[key] = docs, columns.count(docs)
        return memo[key]

    facets = {}
    for name in VALUE_FACETS:
        docs, counts = counted(chosen.others(name))
        facets[name] = facet_lists.value_facet(counts[name], getattr(state, FACET_ATTRS[name]),
                                               _none_count(snapshot, name, docs), name)
    dates = counted(chosen.others("date"))[1]
    facets["date"] = facet_lists.date_facet(dates["day"], state.date_from, state.date_to)
    return facets, dates["undated"]


def effective_sort(state: SearchState, parsed: ParsedQuery) -> str:
    """The sort in force: relevance needs a query; browsing is newest first."""
    if parsed.browse:
        return state.sort if state.sort in ("newest", "oldest") else "newest"
    return state.sort or "relevance"


def _intersect(base: set[int], *filters: set[int] | None) -> set[int]:
    sets = [f for f in filters if f is not None]
    if not sets:
        return base
    sets.sort(key=len)
    out = sets[0] & base if len(sets[0]) <= len(base) else base & sets[0]
    for other in sets[1:]:
        out &= other
    return out


def ranked_page(snapshot, parsed, final, sort, offset, size, matcher, grouped: bool = False) -> list[int]:
    """The documents of one page in the search's order; ``grouped``: one per group of copies (the
    group's first in that order), so a page lists ``size`` stories."""
    if not final:
        return []
    want = offset + size
    columns = snapshot.columns
    if grouped and not columns.copied.isdisjoint(final):
        return _ranked_stories(snapshot, parsed, final, sort, want, matcher)[offset:want]
    if sort == "relevance":
        return rank(snapshot, parsed.query, final, want, matcher)[offset:want]
    rank_of = columns.newest_rank if sort == "newest" else columns.oldest_rank
    if want * 4 < len(final):
        return heapq.nsmallest(want, final, key=rank_of.__getitem__)[offset:want]
    return sorted(final, key=rank_of.__getitem__)[offset:want]


def _ranked_stories(snapshot, parsed, final, sort, want: int, matcher) -> list[int]:
    """The first ``want`` groups of ``final``, each as its best document (ties as in :func:`rank`)."""
    if sort == "relevance":
        scored = scores(snapshot, parsed.query, final, matcher)

        def key(d):
            return -scored[d], d
    else:
        rank_of = snapshot.columns.newest_rank if sort == "newest" else snapshot.columns.oldest_rank
        key = rank_of.__getitem__
    columns = snapshot.columns
    copied = columns.copied.intersection(final)      # the others are stories of their own
    best: dict = {}
    for docnum in copied:
        group = columns.group_of[docnum]
        if group not in best or key(docnum) < key(best[group]):
            best[group] = docnum
    return heapq.nsmallest(want, (final - copied) | set(best.values()), key=key)


def copies_of(snapshot, docnums: list[int]) -> dict[int, dict]:
    """docnum -> card (id, title, outlet, date: :meth:`webapp.index.Snapshot.cards`) of the copies
    of the given documents that their groups list (call under the lock)."""
    columns = snapshot.columns
    wanted = {c for d in docnums for c in columns.copies_of(d)[:COPIES_LISTED + 1] if c != d}
    return snapshot.cards(sorted(wanted))


def group_dict(columns, docnum: int, doc_id: str, copies: dict[int, dict], final: set[int],
               state: SearchState, root: str) -> dict:
    """A result's group (:func:`story_dict`) from the snapshot's columns: its members, and the
    cards of the ``copies`` read for the page (:func:`copies_of`)."""
    members = columns.copies_of(docnum)
    others = [(copies[other], other in final) for other in members if other != docnum and other in copies]
    group = columns.group_of[docnum]
    return story_dict(group if isinstance(group, str) else doc_id, len(members), others, state, root)


def story_dict(group: str, size: int, others: list[tuple[dict, bool]], state: SearchState, root: str) -> dict:
    """A result's group: ``id``, ``size`` (its articles in the index, this one included) and
    ``copies``, the others (``others``: their stored fields, at least ``id``, ``title``, ``outlet``
    and ``date``, and whether each is among the search's matches), earliest first, each ``{id,
    title, outlet, date, link, match}``."""
    copies = [{
        **heading(fields),
        "link": doc_url(root, fields["id"], state.q, back=back_param(state)),
        "match": match,
    } for fields, match in others]
    copies.sort(key=copy_order)
    return {"id": group, "size": size, "copies": copies[:COPIES_LISTED]}


def _has_hits(snapshot, text: str) -> bool:
    parsed = parse_query(text, snapshot.schema, snapshot.columns.analyses, snapshot.speakers)
    if parsed.browse:
        return False
    return bool(Matcher(snapshot.searcher, snapshot.columns.live).docs(parsed.query))


def speaker_terms_of(parsed: ParsedQuery) -> frozenset[str]:
    """Terms the query names in the speaker field, negated parts included and wildcards as
    typed (passages spoken by such a speaker get a bonus)."""
    if parsed.browse:
        return frozenset()
    found: set[str] = set()
    for fieldname, term, _boost in query_terms(parsed.query, negated=True):
        if fieldname == "speaker":
            found.update(term if isinstance(term, tuple) else (term,))
    return frozenset(found)


def result_dict(fields: dict, state: SearchState, terms: Highlights, speaker_terms, root: str,
                group: dict | None = None) -> dict:
    """One result: the article's stored ``fields``, its best snippets marked with ``terms`` (its
    ``said:`` terms in the quotes they name), and its ``group`` of copies (:func:`group_dict`;
    by default none)."""
    passages = fields.get("passages") or []
    lang = article_lang(fields)
    tables = stored_pre(fields)
    snippets = best_snippets(passages, terms.marks(lang), speaker_terms, limit=SNIPPETS, pre=tables,
                             quote_hits=said_hits(passages, fields.get("quotes"), terms.said))
    doc_id = fields["id"]
    return {
        **heading(fields),
        "author": fields.get("author") or None,
        "speakers": list(fields.get("speakers") or []),
        "url": fields.get("url") or None,
        "lang": lang,
        "link": doc_url(root, doc_id, state.q, back=back_param(state)),
        "snippets": [{
            "passage": s.n,
            "html": s.html,
            **({"pre": True} if s.n in tables else {}),
            "link": doc_url(root, doc_id, state.q, s.n, passages[s.n - 1][0],
                            back=back_param(state)),
        } for s in snippets],
        "group": group or {"id": doc_id, "size": 1, "copies": []},
    }


def _ways_out(state: SearchState, root: str, chosen: Selection) -> list[dict]:
    """For a search with no results: each active filter, the results without it, and the link."""
    return ways_out(state, root, {name: len(_intersect(chosen.base, *chosen.others(name)))
                                  for name, docs in chosen.filters.items() if docs is not None})


def ways_out(state: SearchState, root: str, counts: dict[str, int]) -> list[dict]:
    """The ways out of a search without results: for each active filter (the keys of ``counts``:
    the value facets and ``date``), its label, the number of results without it and the link."""
    out = []
    home = f"{root}/"
    for name in VALUE_FACETS:
        if name in counts:
            attr = FACET_ATTRS[name]
            out.append({"filter": name,
                        "label": f"{facet_lists.FACET_WORDS[name]}: " + facet_lists.labels(name, getattr(state, attr)),
                        "count": counts[name],
                        "url": state.url(home, **{attr: ()})})
    if "date" in counts:
        out.append({"filter": "date", "label": "dates " + facet_lists.date_filter_label(state),
                    "count": counts["date"],
                    "url": state.url(home, date_from=None, date_to=None, undated=False)})
    return out


#: Articles a speaker page reads at most (in its date order); the page says when there were more.
MAX_SPEAKER_ARTICLES = 2000
READ_BATCH = 200


def speaker_page(snapshot, name: str, state: SearchState, root: str = "") -> dict | None:
    """The speaker page of ``name`` (:func:`webapp.speaker_page.speaker_view`), or None when no
    speaker of the index goes by that name."""
    found = snapshot.speakers.find(name)
    if found is None:
        return None
    chosen = select(snapshot, replace(state, q=speaker_query(found, state.q), page=1))
    sort = page_sort(state)
    size = min(len(chosen.final), MAX_SPEAKER_ARTICLES)
    with snapshot.lock:
        docnums = ranked_page(snapshot, chosen.parsed, chosen.final, sort, 0, size, chosen.matcher)
        said = said_terms(chosen.parsed.query, snapshot.searcher.reader())
    stored: list[dict] = []
    for start in range(0, len(docnums), READ_BATCH):
        with snapshot.lock:
            stored += [snapshot.searcher.stored_fields(d) for d in docnums[start:start + READ_BATCH]]
    facets, undated = _facets(snapshot, state, chosen)
    return speaker_view(found, state, stored, said, total_articles=len(chosen.final),
                        read_all=size == len(chosen.final), facets=facets, undated=undated,
                        message=chosen.parsed.message, generation=snapshot.name, root=root)


def speakers_like(snapshot, name: str) -> list[str]:
    """Speakers of the index whose name is close to ``name``."""
    return snapshot.speakers.suggestions(name)
