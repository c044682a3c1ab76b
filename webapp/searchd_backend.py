"""The searchd backend: :class:`webapp.backend.Backend` over a Sphinx/Manticore cluster (SphinxQL).

Reads go to the master's distributed index (:mod:`indexer.searchd.reading`),
one round trip per search: the result page with ``SHOW META`` (total,
warnings), then each facet counted over the matches filtered by the
*other* facets (as the Whoosh backend counts them), as ``GROUP BY`` with an
explicit ``LIMIT`` and ``max_matches`` above any facet's number of values.
The query is the user's parsed query (:func:`webapp.query.parse_query`)
translated by :mod:`webapp.sphinxql`; results, facets, snippets and article
views are made by the same functions as the Whoosh backend's
(:func:`webapp.search.result_dict`, :mod:`webapp.facets`,
:func:`webapp.document.article_view`) from the stored fields that the rows
carry, so the two backends give the same dicts.

When a shard does not answer, searchd answers from the others with a
warning: the search dict then says which shards are missing
(``partial``) and the page's message says the results are partial.  When
the master or every shard is down the app answers 503
(:class:`webapp.backend.Unavailable`).
"""

from __future__ import annotations

import json
import re
import shlex
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import replace

from rapidfuzz.distance import Levenshtein
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from indexer.index import ids
from indexer.index.schema import build_schema, from_stored, to_document
from indexer.searchd import schema
from indexer.searchd.client import SearchdError, escape_match
from indexer.searchd.config import SEARCHD_ENV, BACKEND_ENV, Cluster, ConfigError
from indexer.searchd.reading import (FACET_LIMIT, MIN_GROUPS, Pool, grouped, limit_clause, speaker_of_group,
                                     stats as cluster_stats)
from webapp.backend import Backend, Export, Session, Unavailable
from webapp.document import article_view, valid_id, with_copies
from webapp.params import FACET_ATTRS, SearchState
from indexer.index.analysis import DEFAULT, analysis_of
from webapp.query import Highlights, Vocabulary, highlights, parse_query, suggest
from webapp.quotes import SpeakerDirectory
from webapp.searchd_facets import VALUES, Answer, FacetPlan, Names, Statement, empty_facets
from webapp.search import (COPIES_LISTED, MAX_SPEAKER_ARTICLES, VALUE_FACETS, effective_sort, result_dict, search_dict,
                           speaker_terms_of, story_dict, ways_out)
from webapp.speaker_page import page_sort, speaker_query, speaker_view
from webapp.sphinxql import Translation, translate

SCHEMA = build_schema()
#: searchd's statistical BM25 with plain IDF and the title weighed double: of the rankers tried on
#: Reuters-21578 (96 bench queries), the closest to Whoosh's BM25F top ten (docs/scale-out.md).
RANKER = "bm25, idf='plain', field_weights=(title=2)"
EXPORT_BATCH = 200
CACHE_ENV = "CLIPPINGS_SEARCHD_CACHE"      # answers kept per index state (the app's SEARCHD_CACHE; 0: none)
CACHE_SIZE = 512
_AGENT = re.compile(r"agent ([\w.\-]+:\d+)")


class SearchdBackend(Backend):
    """The cluster ``cluster``; ``index_dir`` is the indexer's state folder (its ``ids.json``)."""

    def __init__(self, cluster: Cluster, index_dir, corpus_dir=None, cache: int = CACHE_SIZE):
        self.cluster = cluster
        self.index_dir = index_dir
        self.pool = Pool(cluster.master)
        self.location = f"searchd cluster, master {cluster.master.address}"
        command = ["clippings", "update"]
        if corpus_dir is not None:
            command += ["--corpus", str(corpus_dir)]
        self.build_command = (f"{BACKEND_ENV}=searchd {SEARCHD_ENV}={shlex.quote(cluster.spec())} "
                              + shlex.join(command + ["--index", str(index_dir)]))
        #: Values of the whole index kept while the shards' stamps stay those they were made in.
        self._days: tuple[tuple, list[int]] = ((), [])
        self._analyses: tuple[tuple, tuple[str, ...]] = ((), ())
        self._speakers: tuple[tuple, SpeakerDirectory] = ((), SpeakerDirectory(()))
        #: Groups each facet query may return (its LIMIT and max_matches): searchd's cost grows with
        #: max_matches (45 ms at 100,000 here), so it starts small and grows when a facet fills it.
        self.group_limit = {"outlet": MIN_GROUPS, "speaker": MIN_GROUPS, "lang": MIN_GROUPS, "date": MIN_GROUPS}
        self.names = Names()
        self.cache = AnswerCache(cache)

    def open(self) -> "SearchdSession":
        return SearchdSession(self)

    def warm(self) -> None:
        with self.open() as session:
            session.search(SearchState(q="warm"))

    def close(self) -> None:
        self.pool.close()

    def run(self, sql: str, args=None) -> list[list[tuple]]:
        try:
            return self.pool.run(sql, args)
        except SearchdError as exc:
            raise Unavailable(f"The search engine (searchd) could not answer: {exc}") from None

    def ask(self, statements: list[Statement], fresh: bool = False) -> list[Answer]:
        """The answers to ``statements``, in one round trip with the state of the index (each
        shard's stamp, :data:`indexer.searchd.schema.STATE_INDEX`).  Statements marked ``cache``
        are answered from the cache while the state is the one it was filled in; when the state
        turns out to have changed, those are asked again (``fresh``: ask them all).  searchd runs
        the statements of a batch one by one, each on the agents it picks, so each cached one has
        its own ``SHOW META``: answers are kept only when every shard answered every statement."""
        cached = [None if fresh or not s.cache else self.cache.get(s.key) for s in statements]
        asked = [s for s, hit in zip(statements, cached) if hit is None]
        parts = [f"SELECT id, stamp FROM {schema.STATE_INDEX} LIMIT 1000"]
        args: list = []
        for statement in asked:
            parts.append(statement.sql)
            args.extend(statement.args)
            if statement.meta or statement.cache:      # each statement may reach other agents
                parts.append("SHOW META")
        sets = iter(self.run("; ".join(parts), tuple(args) if args else None))
        stamps = tuple(sorted((int(i), int(v)) for i, v in next(sets)))
        answers = {}
        for statement in asked:
            rows = next(sets)
            meta = dict((k, v) for k, v, *_ in next(sets)) if statement.meta or statement.cache else {}
            answers[id(statement)] = Answer(rows, meta)
        whole = len(stamps) == len(self.cluster.shards) and not any(a.meta.get("warning") for a in answers.values())
        stale = self.cache.settle(stamps)
        if stale and any(hit is not None for hit in cached):
            return self.ask(statements, fresh=True)
        if whole:
            for statement in asked:
                if statement.cache:
                    self.cache.put(statement.key, answers[id(statement)], stamps)
        return [hit if hit is not None else answers[id(s)] for s, hit in zip(statements, cached)]

    def _grouped(self, facet: str, select: str, group: str, where: str = "") -> list[tuple]:
        """Every group of the whole index for one facet attribute (``SELECT select ... where GROUP
        BY group``), its limit grown as a facet's is."""
        rows, self.group_limit[facet] = grouped(
            lambda sql: self.run(sql)[0],
            lambda n: f"SELECT {select} FROM {schema.INDEX} {where} GROUP BY {group} {limit_clause(n)}",
            self.group_limit[facet])
        return rows

    def _recent(self, slot: str, make):
        """The value kept in ``slot`` when it was made in the index state last read (the shards'
        stamps, :meth:`ask`; every session reads it when it opens), else ``make()`` (kept): made
        again after a write."""
        if not self.cache.stamps:
            self.ask([])                                  # no request yet: read the state
        stamps, found = getattr(self, slot)
        if stamps == self.cache.stamps:
            return found
        stamps = self.cache.stamps
        found = make()
        setattr(self, slot, (stamps, found))
        return found

    def analyses(self) -> tuple[str, ...]:
        """The analyses other than the default one of the articles' languages (what a query looks
        up besides the default fields), kept while the index state stays the same."""
        def make() -> tuple[str, ...]:
            rows = self._grouped("lang", "lang_id, lang_name", "lang_id")
            return tuple(sorted({analysis_of(json.loads(name) or None) for _id, name in rows} - {DEFAULT}))
        return self._recent("_analyses", make)

    def speakers(self) -> SpeakerDirectory:
        """The speakers of the index by name and key (what ``said:`` names and speaker pages
        look up), kept while the index state stays the same.  The same rows name every speaker
        id for the facets (:class:`webapp.searchd_facets.Names`), so a search's speaker facet
        does not ask for names."""
        def make() -> SpeakerDirectory:
            rows = [(group, names) for group, names, *_ in
                    self._grouped("speaker", "GROUPBY() g, speaker_names", "speakers")]
            self.names.learn(Answer(rows))
            return SpeakerDirectory({speaker_of_group(int(group), names) for group, names in rows} - {None, ""})
        return self._recent("_speakers", make)

    def days(self) -> list[int]:
        """The day numbers the index holds, sorted (kept while the index state stays the same)."""
        return self._recent("_days", lambda: sorted(
            int(r[0]) for r in self._grouped("date", "day", "day", where="WHERE day > 0")))


def cache_size(value) -> int:
    """The answer cache's size from the configuration (``None``: :data:`CACHE_SIZE`);
    :class:`ConfigError` unless a whole number >= 0."""
    if value is None or value == "":
        return CACHE_SIZE
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = -1
    if size < 0:
        raise ConfigError(f"{CACHE_ENV} (SEARCHD_CACHE) must be a whole number of answers, 0 for none (got '{value}')")
    return size


class AnswerCache:
    """Answers of statements (facet counts, totals, copies) that hold as long as the index state
    (the shards' stamps) is the one they were asked in; the least recently used go first past
    ``size`` (0: none kept)."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self.lock = threading.Lock()
        self.stamps: tuple = ()
        self.answers: OrderedDict = OrderedDict()

    def get(self, key) -> Answer | None:
        with self.lock:
            found = self.answers.get(key)
            if found is not None:
                self.answers.move_to_end(key)
            return found

    def settle(self, stamps: tuple) -> bool:
        """The state the index is in now: True (and the cache emptied) when it changed."""
        with self.lock:
            if stamps == self.stamps:
                return False
            self.stamps = stamps
            self.answers.clear()
            return True

    def put(self, key, answer: Answer, stamps: tuple) -> None:
        with self.lock:
            if stamps != self.stamps or not self.size:
                return
            self.answers[key] = answer
            self.answers.move_to_end(key)
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)


class _Where:
    """The conditions of one search: the query (MATCH text and date ranges) and the three filters,
    each a SphinxQL condition, combined per statement (each facet leaves its own out)."""

    def __init__(self, match: str, ranges: list[tuple[int, int]], state: SearchState):
        self.match = match
        self.base = [f"day BETWEEN {lo} AND {hi}" for lo, hi in ranges]
        for name, value in VALUES.items():
            values = getattr(state, FACET_ATTRS[name])
            setattr(self, name, f"{value.column} IN ({','.join(str(schema.value_id(v)) for v in values)})"
                    if values else None)
        self.date = None
        self.date_select = ""
        if state.dated_filter:
            lo = schema.day_number(state.date_from) or 1
            hi = schema.day_number(state.date_to) or 99991231
            ranged = bool(state.date_from or state.date_to)
            if ranged and state.undated:
                self.date_select = f", IF(day = 0 OR (day >= {lo} AND day <= {hi}), 1, 0) AS in_dates"
                self.date = "in_dates = 1"
            elif ranged:
                self.date = f"day BETWEEN {lo} AND {hi}"
            else:
                self.date = "day = 0"

    def sql(self, select: str, leave_out: str = "", tail: str = "", extra: str = "") -> tuple[str, list]:
        """One SELECT with every condition but the filter ``leave_out`` (and ``extra``, another
        condition); its parameters."""
        conditions = list(self.base) + ([extra] if extra else [])
        args = []
        if self.match:
            conditions.insert(0, "MATCH(%s)")
            args.append(self.match)
        extra = ""
        for name in FILTERS:
            condition = getattr(self, name)
            if condition and name != leave_out:
                conditions.append(condition)
                if name == "date":
                    extra = self.date_select
        where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
        return f"SELECT {select}{extra} FROM {schema.INDEX}{where} {tail}".strip(), args


FILTERS = VALUE_FACETS + ("date",)


def _order(sort: str) -> tuple[str, str]:
    """Extra select expressions and the order (what follows ORDER BY) of a sort."""
    if sort == "relevance":
        return "", "WEIGHT() DESC, id ASC"
    if sort == "newest":
        return "", "day DESC, id ASC"
    return ", IF(day = 0, 99999999, day) AS oldest", "oldest ASC, id ASC"


class SearchdSession(Session):
    """Searches on the cluster for one request (searchd has no index states: every request reads
    the newest data)."""

    def __init__(self, backend: SearchdBackend):
        self.backend = backend
        self.generation = f"searchd:{backend.cluster.master.address}"
        backend.ask([])      # the index state now: what the backend keeps of an older one is made again

    # -- the query -------------------------------------------------------------------------

    def _read(self, q: str):
        parsed = parse_query(q, SCHEMA, self.backend.analyses(), self.backend.speakers())
        translation = Translation() if parsed.browse else translate(parsed.query, self.backend.days)
        parsed.messages.extend(translation.notices)
        return parsed, translation

    def _page(self, where: _Where, sort: str, offset: int, size: int, grouped: bool = False) -> tuple[str, list]:
        """The rows of one page (``id, stored, story_size``); ``grouped``: one per story, its
        first in the search's order (searchd's ``WITHIN GROUP ORDER BY``)."""
        select, order = _order(sort)
        # Each shard sends the master its best max_matches rows (or stories) with every selected
        # column (the stored JSON too): the page's own suffice, as the totals are counted apart.
        window = max(1, offset + size)
        ranker = RANKER if sort == "relevance" else "none"          # a date order needs no scores
        group = f"GROUP BY story_id WITHIN GROUP ORDER BY {order} " if grouped else ""
        sql, args = where.sql(f"id, stored, story_size{select}", tail=f"{group}ORDER BY {order} LIMIT {offset}, {size} "
                                                                       f"OPTION max_matches={window}, ranker={ranker}")
        return Statement(sql, tuple(args), meta=True)

    @staticmethod
    def _counts(where: _Where) -> Statement:
        """How many articles and stories match: every copy of a story lives on one shard, so each
        shard's distinct count is exact and the master's sum of them too."""
        sql, args = where.sql("COUNT(*), COUNT(DISTINCT story_id)", tail="OPTION ranker=none")
        return Statement(sql, tuple(args), cache=True)

    def _batches(self, where: _Where, sort: str, first: Answer, limit: int) -> Iterator[list[tuple]]:
        """The rows of every page of ``where`` in ``sort``, at most ``limit`` of them, a batch of
        :data:`EXPORT_BATCH` at a time: ``first`` is the answer to the first batch (:meth:`_page`
        at offset 0, with its ``total_found``), the others are asked as they are wanted."""
        batch, offset = first.rows, 0
        while batch and offset < limit:
            batch = batch[:limit - offset]
            yield batch
            offset += len(batch)
            if offset >= min(first.found, limit) or len(batch) < EXPORT_BATCH:
                return
            batch = self.backend.ask([self._page(where, sort, offset, min(EXPORT_BATCH, limit - offset))])[0].rows

    def _results(self, rows: list[tuple], where: _Where, state: SearchState, parsed, speaker_terms,
                 root: str) -> list[dict]:
        """The result dicts (:func:`webapp.search.result_dict`) of page rows (``id, stored,
        story_size``): snippets marked with the query's terms in these articles, and groups."""
        found = [{"fields": schema.stored_of(r[1]), "size": int(r[2])} for r in rows]
        fields = [r["fields"] for r in found]
        terms = page_terms(parsed.query, fields)
        return [result_dict(f, state, terms, speaker_terms, root, group)
                for f, group in zip(fields, self._groups(where, found, state, root))]

    def _groups(self, where: _Where, rows: list[dict], state: SearchState, root: str) -> list[dict]:
        """The group dict of each result (stored ``fields`` and ``size`` of its story): the other
        copies from their ``card`` attributes, and which of them the search (``where``) matches,
        in one round trip for the stories with copies."""
        stories = {schema.docid(schema.story_of(r["fields"])): r["size"] for r in rows if r["size"] > 1}
        members: dict[int, list[dict]] = {}
        matching: set[int] = set()
        if stories:
            ids = ",".join(str(i) for i in sorted(stories))
            limit = min(sum(stories.values()), FACET_LIMIT)
            tail = f"LIMIT {limit} OPTION max_matches={limit}, ranker=none"
            sql, args = where.sql("id", tail=tail, extra=f"story_id IN ({ids})")
            answers = self.backend.ask([
                Statement(f"SELECT story_id, card FROM {schema.INDEX} WHERE story_id IN ({ids}) {tail}", cache=True),
                Statement(sql, tuple(args), cache=True)])
            for story, card in answers[0].rows:
                members.setdefault(int(story), []).append(json.loads(card))
            matching = {int(r[0]) for r in answers[1].rows}
        out = []
        for r in rows:
            fields = r["fields"]
            story = schema.story_of(fields)
            others = [(card, schema.docid(card["id"]) in matching)
                      for card in members.get(schema.docid(story), []) if card["id"] != fields["id"]]
            out.append(story_dict(story, r["size"], others, state, root))
        return out

    # -- Session ----------------------------------------------------------------------------

    def search(self, state: SearchState, root: str = "", facet_size: int | None = None) -> dict:
        started = time.perf_counter()
        parsed, translation = self._read(state.q)
        sort = effective_sort(state, parsed)
        where = _Where(translation.match, translation.ranges, state)
        partial = None
        if translation.nothing:
            rows, total, stories, undated, pages = [], 0, 0, 0, 1
            state = replace(state, page=1)                  # a page beyond the last is the last
            facets, facet_counts = empty_facets(state)
        else:
            offset = (state.page - 1) * state.per_page
            plan = FacetPlan(where, state, self.backend.group_limit, facet_size, self.backend.names,
                             only=() if facet_size == 0 else FacetPlan.ALL)
            head = [self._page(where, sort, offset, state.per_page, state.grouped), self._counts(where)]
            facet_statements = plan.statements()
            answers = self.backend.ask(head + facet_statements)
            page, counts = answers[0], answers[1]
            self._complete(plan, plan.read(facet_statements, answers[2:]))
            rows = page.rows
            total, stories = (int(n or 0) for n in counts.rows[0][:2]) if counts.rows else (0, 0)
            partial = self._partial(next((a.meta for a in answers if a.meta.get("warning")), {}))
            facets, facet_counts, undated = plan.facets()
            if facet_size == 0:
                facets, facet_counts = empty_facets(state)
            pages = max(1, -(-(stories if state.grouped else total) // state.per_page))
            if state.page > pages:
                state = replace(state, page=pages)
                rows = self.backend.ask([self._page(where, sort, (pages - 1) * state.per_page, state.per_page,
                                                    state.grouped)])[0].rows
        if partial:
            parsed.messages.append(partial["message"])
        results = self._results(rows, where, state, parsed, speaker_terms_of(parsed), root)
        escapes = self._ways_out(state, root, where, translation.nothing) if total == 0 else []
        suggestion = self._suggestion(parsed) if total == 0 and not parsed.browse else None
        return search_dict(state, parsed, total, stories, pages, sort, started, results, facets, undated, suggestion,
                           escapes, self.generation, facet_counts, partial=partial)

    def _suggestion(self, parsed) -> str | None:
        """A corrected query (:func:`webapp.query.suggest`), offered when it finds something."""
        suggestion = suggest(parsed.text, SearchdVocabulary(self), self.backend.analyses())
        if not suggestion:
            return None
        found, translation = self._read(suggestion)
        if found.browse or translation.nothing:
            return None
        sql, args = _Where(translation.match, translation.ranges, SearchState()).sql("id", tail="LIMIT 1 OPTION ranker=none")
        return suggestion if self.backend.ask([Statement(sql, tuple(args), cache=True)])[0].rows else None

    def _partial(self, meta: dict) -> dict | None:
        warning = meta.get("warning")
        if not warning:
            return None
        cluster = self.backend.cluster
        missing = sorted({n for agent in _AGENT.findall(warning)
                          if (n := cluster.shard_of_agent(agent)) is not None})
        answered = [n for n in range(len(cluster.shards)) if n not in missing]
        which = ", ".join(f"shard {n}" for n in missing) or "some shards"
        return {"shards": missing, "answered": answered, "warning": warning,
                "message": f"Results are partial: {which} of {len(cluster.shards)} did not answer, so their "
                           f"articles are missing from the results and the counts (searchd: {warning})."}

    def _ways_out(self, state: SearchState, root: str, where: _Where, nothing: bool) -> list[dict]:
        active = [name for name in FILTERS if getattr(where, name)]
        if nothing or not active:
            return ways_out(state, root, {name: 0 for name in active})
        answers = self.backend.ask([Statement(sql, tuple(args), cache=True)
                                    for sql, args in (where.sql("COUNT(*)", name) for name in active)])
        return ways_out(state, root, {name: int(a.rows[0][0]) if a.rows else 0 for name, a in zip(active, answers)})

    def facet_values(self, name: str, state: SearchState) -> list[dict]:
        parsed, translation = self._read(state.q)
        if translation.nothing:
            return empty_facets(state)[0][name]
        where = _Where(translation.match, translation.ranges, state)
        plan = FacetPlan(where, state, self.backend.group_limit, None, self.backend.names, only=(name,))
        self._complete(plan, plan.statements())
        return plan.facets()[0][name]

    def _complete(self, plan: FacetPlan, statements: list[Statement]) -> None:
        """Ask what ``plan`` needs (``statements`` first) until it has every count it needs."""
        while statements:
            statements = plan.read(statements, self.backend.ask(statements))

    def article(self, doc_id: str, q: str = "", root: str = "") -> dict | None:
        if not valid_id(doc_id):
            return None
        found = self._stored(doc_id)
        if found is None:
            return None
        fields, size = found
        others = []
        if size > 1:
            doc = schema.docid(doc_id)
            others = [schema.stored_of(r[0]) for r in self.backend.run(
                f"SELECT stored FROM {schema.INDEX} WHERE story_id = %s AND id != %s ORDER BY id ASC "
                f"LIMIT {COPIES_LISTED}", (schema.docid(schema.story_of(fields)), doc))[0]]
        parsed = parse_query(q, SCHEMA, self.backend.analyses(), self.backend.speakers())
        found = page_terms(parsed.query, [fields])
        view = article_view(fields, found.marks(fields.get("lang")), q, root, reading=parsed.reading,
                            message=parsed.message, said=found.said)
        return with_copies(view, others, q, root)

    def speaker(self, name: str, state: SearchState, root: str = "") -> dict | None:
        """The speaker page: the said: query of the Whoosh backend's, its matches read in date order
        (at most :data:`webapp.search.MAX_SPEAKER_ARTICLES`), facets as a search counts them."""
        found = self.backend.speakers().find(name)
        if found is None:
            return None
        sort = page_sort(state)
        parsed, translation = self._read(speaker_query(found, state.q))
        fields: list[dict] = []
        total, undated = 0, 0
        facets, _counts = empty_facets(state)
        if not translation.nothing:
            where = _Where(translation.match, translation.ranges, state)
            want = MAX_SPEAKER_ARTICLES
            plan = FacetPlan(where, state, self.backend.group_limit, None, self.backend.names)
            facet_statements = plan.statements()
            answers = self.backend.ask([self._page(where, sort, 0, min(want, EXPORT_BATCH))] + facet_statements)
            total = answers[0].found
            self._complete(plan, plan.read(facet_statements, answers[1:]))
            facets, _counts, undated = plan.facets()
            fields = [schema.stored_of(r[1]) for batch in self._batches(where, sort, answers[0], want) for r in batch]
        said = page_terms(parsed.query, fields).said
        return speaker_view(found, state, fields, said, total_articles=total, read_all=len(fields) == total,
                            facets=facets, undated=undated, message=parsed.message,
                            generation=self.generation, root=root)

    def speakers_like(self, name: str) -> list[str]:
        return self.backend.speakers().suggestions(name)

    def _stored(self, doc_id: str) -> tuple[dict, int] | None:
        """The stored fields of article ``doc_id`` and the size of its story, or None."""
        rows = self.backend.run(f"SELECT stored, story_size FROM {schema.INDEX} WHERE id = %s",
                                (schema.docid(doc_id),))[0]
        fields = schema.stored_of(rows[0][0]) if rows else None
        return (fields, int(rows[0][1])) if fields and fields.get("id") == doc_id else None

    def export(self, state: SearchState, limit: int, root: str = "") -> Export:
        parsed, translation = self._read(state.q)
        sort = effective_sort(state, parsed)
        state = replace(state, page=1)
        if translation.nothing:
            return Export(0, sort, iter(()))
        where = _Where(translation.match, translation.ranges, state)
        first = self.backend.ask([self._page(where, sort, 0, min(limit, EXPORT_BATCH))])[0]
        speaker_terms = speaker_terms_of(parsed)

        def rows() -> Iterator[dict]:
            for batch in self._batches(where, sort, first, limit):
                yield from self._results(batch, where, state, parsed, speaker_terms, root)

        return Export(first.found, sort, rows())

    def current_id(self, doc_id: str) -> str | None:
        if not valid_id(doc_id):
            return None
        target = ids.load_cached(self.backend.index_dir).current(doc_id)
        if target is None or target == doc_id:
            return None
        return target if self._stored(target) is not None and self._stored(doc_id) is None else None

    def stats(self) -> dict:
        try:
            figures = cluster_stats(self.backend.pool)
        except SearchdError as exc:
            raise Unavailable(f"The search engine (searchd) could not answer: {exc}") from None
        return {**figures, "updated": None}


class SearchdVocabulary(Vocabulary):
    """The vocabulary of the cluster for suggestions (:func:`webapp.query.suggest`): searchd 2.2
    cannot list its dictionary, so candidates come from the terms the indexer writes beside the
    articles (``clippings_terms``, one row per field and term, never fewer than the index holds)
    and are checked against the articles: a term no article holds any more is no candidate, and
    a candidate's frequency is its number of occurrences in the field (searchd's expression
    ranker ``sum(hit_count)`` summed over the articles), as Whoosh's corrector ranks them."""

    BATCH = 8            # exact frequencies asked for at once

    def __init__(self, session: "SearchdSession"):
        self.run = session.backend.run

    def known(self, terms: list[tuple[str, str]]) -> bool:
        match = " | ".join(f"(@{f} {escape_match(t)})" for f, t in terms if escape_match(t))
        if not match:
            return False
        return bool(self.run(f"SELECT id FROM {schema.INDEX} WHERE MATCH(%s) LIMIT 1 OPTION ranker=none",
                             (match,))[0])

    def closest(self, fieldname: str, term: str) -> str | None:
        if not term:
            return None
        rows = self.run(f"SELECT term FROM {schema.TERMS_INDEX} WHERE field_id = {schema.value_id(fieldname)} "
                        f"AND initial = {ord(term[0])} LIMIT {FACET_LIMIT} OPTION max_matches={FACET_LIMIT}")[0]
        candidates = sorted({t for (t,) in rows if t != term and Levenshtein.distance(t, term, score_cutoff=2) <= 2})
        if not candidates:
            return None
        # Occurrences in the whole index bound those in the field: exact counts are asked in that
        # order until no candidate left can beat or tie the best (a tie goes to the last in sorted
        # order, as in Whoosh's corrector).
        match = f"@{fieldname} (" + " | ".join(escape_match(c) for c in candidates) + ")"
        meta = dict((k, v) for k, v, *_ in self.run(f"SELECT id FROM {schema.INDEX} WHERE MATCH(%s) LIMIT 1 "
                                                    "OPTION ranker=none; SHOW META", (match,))[1])
        hits = {meta[key]: int(meta.get(f"hits[{key[8:-1]}]", 0)) for key in meta if key.startswith("keyword[")}
        bounded = sorted(((hits.get(c, 0), c) for c in candidates if hits.get(c, 0)), key=lambda h: (-h[0], h[1]))
        best: tuple[int, str] | None = None
        for start in range(0, len(bounded), self.BATCH):
            part = bounded[start:start + self.BATCH]
            if best is not None and best[0] > part[0][0]:
                break
            sql = "; ".join([f"SELECT SUM(WEIGHT()) FROM {schema.INDEX} WHERE MATCH(%s) "
                             "OPTION ranker=expr('sum(hit_count)')"] * len(part))
            counts = self.run(sql, tuple(f"@{fieldname} {escape_match(c)}" for _h, c in part))
            for (_bound, candidate), rows in zip(part, counts):
                found = int(rows[0][0] or 0) if rows else 0
                if found and (best is None or (found, candidate) > best):
                    best = (found, candidate)
        return best[1] if best else None

    def articles_with(self, fieldname: str, term: str, limit: int) -> list[dict]:
        rows = self.run(f"SELECT stored FROM {schema.INDEX} WHERE MATCH(%s) ORDER BY id ASC LIMIT {int(limit)} "
                        "OPTION ranker=none", (f"@{fieldname} {escape_match(term)}",))[0]
        return [schema.stored_of(text) for (text,) in rows]


def page_terms(q: wq.Query | None, articles: list[dict]) -> Highlights:
    """The highlights of ``q`` in ``articles`` (stored fields): as :func:`highlights`, with
    wildcards, prefixes and fuzzy terms expanded over the words of these articles (a small index
    of them in memory), which is what the index-wide expansion marks in them."""
    if q is None or not _has_multiterm(q) or not articles:
        return highlights(q, None)
    ix = _MemoryStorage().create_index(SCHEMA)
    writer = ix.writer()
    for fields in articles:
        writer.add_document(**to_document(from_stored(fields), ""))
    writer.commit()
    with ix.reader() as reader:
        return highlights(q, reader)


class _MemoryStorage(RamStorage):
    """Whoosh's in-memory storage, with its writer's temporary files in memory too: a
    ``RamStorage`` writer keeps them in ``/tmp/MAIN.tmp``, one folder for every writer of the
    machine, which the first to finish deletes under the others."""

    def temp_storage(self, name=None):
        return RamStorage()


def _has_multiterm(q) -> bool:
    if isinstance(q, wq.MultiTerm):
        return True
    return any(_has_multiterm(child) for child in q.children())
