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
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

from indexer.index import ids
from indexer.index.schema import build_schema, from_stored, to_document
from indexer.searchd import schema
from indexer.searchd.client import SearchdError
from indexer.searchd.config import SEARCHD_ENV, BACKEND_ENV, Cluster
from indexer.searchd.reading import (FACET_LIMIT, MIN_GROUPS, Pool, grouped, limit_clause, speaker_of_group,
                                     stats as cluster_stats)
from webapp import facets as facet_lists
from webapp.backend import Backend, Export, Session, Unavailable
from webapp.document import article_view, valid_id
from webapp.params import SearchState
from indexer.index.analysis import DEFAULT, analysis_of
from webapp.params import FACET_ATTRS
from webapp.query import Highlights, highlights, parse_query
from webapp.quotes import SpeakerDirectory
from webapp.search import (MAX_SPEAKER_ARTICLES, VALUE_FACETS, effective_sort, result_dict, search_dict,
                           speaker_terms_of, ways_out)
from webapp.speaker_page import page_sort, speaker_query, speaker_view
from webapp.sphinxql import Translation, translate

SCHEMA = build_schema()
DAYS_TTL = 10.0                    # seconds the index's list of days is reused for date queries
#: searchd's statistical BM25 with plain IDF and the title weighed double: of the rankers tried on
#: Reuters-21578 (96 bench queries), the closest to Whoosh's BM25F top ten (docs/scale-out.md).
RANKER = "bm25, idf='plain', field_weights=(title=2)"
EXPORT_BATCH = 200
_AGENT = re.compile(r"agent ([\w.\-]+:\d+)")


class SearchdBackend(Backend):
    """The cluster ``cluster``; ``index_dir`` is the indexer's state folder (its ``ids.json``)."""

    def __init__(self, cluster: Cluster, index_dir, corpus_dir=None):
        self.cluster = cluster
        self.index_dir = index_dir
        self.pool = Pool(cluster.master)
        self.location = f"searchd cluster, master {cluster.master.address}"
        command = ["clippings", "update"]
        if corpus_dir is not None:
            command += ["--corpus", str(corpus_dir)]
        self.build_command = (f"{BACKEND_ENV}=searchd {SEARCHD_ENV}={shlex.quote(cluster.spec())} "
                              + shlex.join(command + ["--index", str(index_dir)]))
        self._days: tuple[float, list[int]] = (0.0, [])
        self._days_lock = threading.Lock()
        #: Groups each facet query may return (its LIMIT and max_matches): searchd's cost grows with
        #: max_matches (45 ms at 100,000 here), so it starts small and grows when a facet fills it.
        self.group_limit = {"outlet": MIN_GROUPS, "speaker": MIN_GROUPS, "lang": MIN_GROUPS, "date": MIN_GROUPS}
        self._analyses: tuple[float, tuple[str, ...]] = (0.0, ())
        self._speakers: tuple[float, SpeakerDirectory] = (0.0, SpeakerDirectory(()))

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

    def _grouped(self, facet: str, select: str, group: str) -> list[tuple]:
        """Every group of the whole index for one facet attribute (``SELECT select ... GROUP BY
        group``), its limit grown as a facet's is."""
        rows, self.group_limit[facet] = grouped(
            lambda sql: self.run(sql)[0],
            lambda n: f"SELECT {select} FROM {schema.INDEX} GROUP BY {group} {limit_clause(n)}",
            self.group_limit[facet])
        return rows

    def _recent(self, slot: str, make):
        """The value kept in ``slot`` when made less than :data:`DAYS_TTL` seconds ago, else
        ``make()`` (kept)."""
        stamp, found = getattr(self, slot)
        if time.monotonic() - stamp < DAYS_TTL:
            return found
        found = make()
        setattr(self, slot, (time.monotonic(), found))
        return found

    def analyses(self) -> tuple[str, ...]:
        """The analyses other than the default one of the articles' languages (what a query looks
        up besides the default fields), reused for :data:`DAYS_TTL` seconds."""
        def make() -> tuple[str, ...]:
            rows = self._grouped("lang", "lang_id, lang_name", "lang_id")
            return tuple(sorted({analysis_of(json.loads(name) or None) for _id, name in rows} - {DEFAULT}))
        return self._recent("_analyses", make)

    def speakers(self) -> SpeakerDirectory:
        """The speakers of the index by name and key (what ``said:`` names and speaker pages
        look up), reused for :data:`DAYS_TTL` seconds."""
        return self._recent("_speakers", lambda: SpeakerDirectory(
            {speaker_of_group(int(group), names)
             for group, names, *_ in self._grouped("speaker", "GROUPBY() g, speaker_names", "speakers")}
            - {None, ""}))

    def days(self) -> list[int]:
        """The day numbers the index holds, sorted (reused for :data:`DAYS_TTL` seconds)."""
        with self._days_lock:
            stamp, days = self._days
            if time.monotonic() - stamp < DAYS_TTL:
                return days
        rows, self.group_limit["date"] = grouped(
            lambda sql: self.run(sql)[0],
            lambda n: f"SELECT day FROM {schema.INDEX} WHERE day > 0 GROUP BY day {limit_clause(n)}",
            self.group_limit["date"])
        days = sorted(int(r[0]) for r in rows)
        with self._days_lock:
            self._days = (time.monotonic(), days)
        return days


class _Where:
    """The conditions of one search: the query (MATCH text and date ranges) and the three filters,
    each a SphinxQL condition, combined per statement (each facet leaves its own out)."""

    def __init__(self, match: str, ranges: list[tuple[int, int]], state: SearchState):
        self.match = match
        self.base = [f"day BETWEEN {lo} AND {hi}" for lo, hi in ranges]
        for name, column in (("outlet", "outlet_id"), ("speaker", "speakers"), ("lang", "lang_id")):
            values = getattr(state, FACET_ATTRS[name])
            setattr(self, name, f"{column} IN ({','.join(str(schema.value_id(v)) for v in values)})"
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

    def sql(self, select: str, leave_out: str = "", tail: str = "") -> tuple[str, list]:
        """One SELECT with every condition but the filter ``leave_out``; its parameters."""
        conditions = list(self.base)
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
    """Extra select expressions and the ORDER BY of a sort."""
    if sort == "relevance":
        return "", "ORDER BY WEIGHT() DESC, id ASC"
    if sort == "newest":
        return "", "ORDER BY day DESC, id ASC"
    return ", IF(day = 0, 99999999, day) AS oldest", "ORDER BY oldest ASC, id ASC"


class SearchdSession(Session):
    """Searches on the cluster for one request (searchd has no index states: every request reads
    the newest data)."""

    def __init__(self, backend: SearchdBackend):
        self.backend = backend
        self.generation = f"searchd:{backend.cluster.master.address}"

    # -- the query -------------------------------------------------------------------------

    def _read(self, q: str):
        parsed = parse_query(q, SCHEMA, self.backend.analyses(), self.backend.speakers())
        translation = Translation() if parsed.browse else translate(parsed.query, self.backend.days)
        parsed.messages.extend(translation.notices)
        return parsed, translation

    def _page(self, where: _Where, sort: str, offset: int, size: int) -> tuple[str, list]:
        select, order = _order(sort)
        # Each shard sends the master its best max_matches rows with every selected column (the
        # stored JSON too): the page's own rows suffice, as the total is counted apart from them.
        window = max(1, offset + size)
        ranker = RANKER if sort == "relevance" else "none"          # a date order needs no scores
        return where.sql(f"id, stored{select}", tail=f"{order} LIMIT {offset}, {size} "
                                                        f"OPTION max_matches={window}, ranker={ranker}")

    # -- Session ----------------------------------------------------------------------------

    def search(self, state: SearchState, root: str = "") -> dict:
        started = time.perf_counter()
        parsed, translation = self._read(state.q)
        sort = effective_sort(state, parsed)
        where = _Where(translation.match, translation.ranges, state)
        if translation.nothing:
            rows, total, partial, facets, undated = [], 0, None, self._empty_facets(state), 0
        else:
            offset = (state.page - 1) * state.per_page
            statements = [self._page(where, sort, offset, state.per_page), ("SHOW META", [])]
            statements += self._facet_statements(where)
            sets = self._batch(statements)
            rows, meta = sets[0], dict((k, v) for k, v, *_ in sets[1])
            total = int(meta.get("total_found", 0))
            partial = self._partial(meta)
            facets, undated = self._facets(state, self._complete(where, sets[2:]))
            pages = max(1, -(-total // state.per_page))
            if state.page > pages:
                state = replace(state, page=pages)
                rows = self._batch([self._page(where, sort, (pages - 1) * state.per_page, state.per_page)])[0]
        if partial:
            parsed.messages.append(partial["message"])
        pages = max(1, -(-total // state.per_page))
        fields = [schema.stored_of(r[1]) for r in rows]
        terms = page_terms(parsed.query, fields)
        speaker_terms = speaker_terms_of(parsed)
        results = [result_dict(f, state, terms, speaker_terms, root) for f in fields]
        escapes = self._ways_out(state, root, where, translation.nothing) if total == 0 else []
        # Groups of copies are not mirrored yet (docs/scale-out.md): every article is its own story.
        return search_dict(state, parsed, total, total, pages, sort, started, results, facets, undated, None,
                           escapes, self.generation, partial=partial)

    def _batch(self, statements: list[tuple[str, list]]) -> list[list[tuple]]:
        sql = "; ".join(s for s, _ in statements)
        args = [a for _, found in statements for a in found]
        return self.backend.run(sql, tuple(args) if args else None)

    def _facet_statements(self, where: _Where) -> list[tuple[str, list]]:
        """One grouped count per facet (in :data:`FILTERS` order), each over the matches filtered
        by the other facets."""
        limits = self.backend.group_limit
        return [
            where.sql("outlet_id, outlet_name, COUNT(*) c", "outlet",
                      f"GROUP BY outlet_id {limit_clause(limits['outlet'])}, ranker=none"),
            where.sql("GROUPBY() g, speaker_names, COUNT(*) c", "speaker",
                      f"GROUP BY speakers {limit_clause(limits['speaker'])}, ranker=none"),
            where.sql("lang_id, lang_name, COUNT(*) c", "lang",
                      f"GROUP BY lang_id {limit_clause(limits['lang'])}, ranker=none"),
            where.sql("day, COUNT(*) c", "date", f"GROUP BY day {limit_clause(limits['date'])}, ranker=none"),
        ]

    def _complete(self, where: _Where, sets: list[list[tuple]]) -> list[list[tuple]]:
        """The facet row sets, each asked again with a higher limit when it filled its limit: a
        set smaller than its max_matches proves that no shard left a group out."""
        limits = self.backend.group_limit
        for i, name in enumerate(FILTERS):
            while len(sets[i]) >= limits[name]:
                if limits[name] >= FACET_LIMIT:
                    break
                limits[name] = min(FACET_LIMIT, max(limits[name], len(sets[i])) * 2)
                sets[i] = self._batch([self._facet_statements(where)[i]])[0]
        return sets

    def _facets(self, state: SearchState, sets: list[list[tuple]]) -> tuple[dict, int]:
        counts = {"outlet": Counter(), "speaker": Counter(), "lang": Counter()}
        for _id, name, count, *_ in sets[0]:
            counts["outlet"][json.loads(name)] += int(count)
        for group, names, count, *_ in sets[1]:
            name = speaker_of_group(int(group), names)
            if name is not None:
                counts["speaker"][name] += int(count)
        for _id, name, count, *_ in sets[2]:
            counts["lang"][json.loads(name)] += int(count)
        days = Counter({schema.day_text(int(day)): int(count) for day, count, *_ in sets[3]})
        undated = days.pop("", 0)
        facets = {}
        for name in VALUE_FACETS:
            none = counts[name].pop("", 0)
            facets[name] = facet_lists.value_facet(counts[name], getattr(state, FACET_ATTRS[name]), none, name)
        facets["date"] = facet_lists.date_facet(days, state.date_from, state.date_to)
        return facets, undated

    def _empty_facets(self, state: SearchState) -> dict:
        facets = {name: facet_lists.value_facet(Counter(), getattr(state, FACET_ATTRS[name]), 0, name)
                  for name in VALUE_FACETS}
        facets["date"] = []
        return facets

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
        sets = [[]] * len(active) if nothing or not active else \
            self._batch([where.sql("COUNT(*)", name) for name in active])
        return ways_out(state, root, {name: int(rows[0][0]) if rows else 0 for name, rows in zip(active, sets)})

    def facet_values(self, name: str, state: SearchState) -> list[dict]:
        parsed, translation = self._read(state.q)
        if translation.nothing:
            return self._empty_facets(state)[name]
        where = _Where(translation.match, translation.ranges, state)
        facets, _undated = self._facets(state, self._complete(where, self._batch(self._facet_statements(where))))
        return facets[name]

    def article(self, doc_id: str, q: str = "", root: str = "") -> dict | None:
        if not valid_id(doc_id):
            return None
        fields = self._stored(doc_id)
        if fields is None:
            return None
        parsed = parse_query(q, SCHEMA, self.backend.analyses(), self.backend.speakers())
        found = page_terms(parsed.query, [fields])
        return article_view(fields, found.marks(fields.get("lang")), q, root, reading=parsed.reading,
                            message=parsed.message, said=found.said)

    def speaker(self, name: str, state: SearchState, root: str = "") -> dict | None:
        """The speaker page: the said: query of the Whoosh backend's, its matches read in date order
        (at most :data:`webapp.search.MAX_SPEAKER_ARTICLES`), facets as a search counts them."""
        found = self.backend.speakers().find(name)
        if found is None:
            return None
        sort = page_sort(state)
        parsed, translation = self._read(speaker_query(found, state.q))
        fields: list[dict] = []
        total, facets, undated = 0, self._empty_facets(state), 0
        if not translation.nothing:
            where = _Where(translation.match, translation.ranges, state)
            want = MAX_SPEAKER_ARTICLES
            sets = self._batch([self._page(where, sort, 0, min(want, EXPORT_BATCH)), ("SHOW META", [])]
                               + self._facet_statements(where))
            rows, total = sets[0], int(dict((k, v) for k, v, *_ in sets[1]).get("total_found", 0))
            facets, undated = self._facets(state, self._complete(where, sets[2:]))
            while rows and len(rows) < min(total, want) and len(rows) % EXPORT_BATCH == 0:
                more = self._batch([self._page(where, sort, len(rows), min(EXPORT_BATCH, want - len(rows)))])[0]
                if not more:
                    break
                rows += more
            fields = [schema.stored_of(r[1]) for r in rows]
        said = page_terms(parsed.query, fields).said
        return speaker_view(found, state, fields, said, total_articles=total, read_all=len(fields) == total,
                            facets=facets, undated=undated, message=parsed.message,
                            generation=self.generation, root=root)

    def speakers_like(self, name: str) -> list[str]:
        return self.backend.speakers().suggestions(name)

    def _stored(self, doc_id: str) -> dict | None:
        rows = self.backend.run(f"SELECT stored FROM {schema.INDEX} WHERE id = %s", (schema.docid(doc_id),))[0]
        fields = schema.stored_of(rows[0][0]) if rows else None
        return fields if fields and fields.get("id") == doc_id else None

    def export(self, state: SearchState, limit: int, root: str = "") -> Export:
        parsed, translation = self._read(state.q)
        sort = effective_sort(state, parsed)
        state = replace(state, page=1)
        if translation.nothing:
            return Export(0, sort, iter(()))
        where = _Where(translation.match, translation.ranges, state)
        sets = self._batch([self._page(where, sort, 0, min(limit, EXPORT_BATCH)), ("SHOW META", [])])
        total = int(dict((k, v) for k, v, *_ in sets[1]).get("total_found", 0))
        speaker_terms = speaker_terms_of(parsed)

        def rows() -> Iterator[dict]:
            batch, offset = sets[0], 0
            while batch and offset < limit:
                fields = [schema.stored_of(r[1]) for r in batch][:limit - offset]
                terms = page_terms(parsed.query, fields)
                for f in fields:
                    yield result_dict(f, state, terms, speaker_terms, root)
                offset += len(batch)
                if offset >= min(total, limit) or len(batch) < EXPORT_BATCH:
                    return
                batch = self._batch([self._page(where, sort, offset, min(EXPORT_BATCH, limit - offset))])[0]

        return Export(total, sort, rows())

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


class _MemoryStorage(RamStorage):
    """An index in memory whose writer's scratch space is in memory too: Whoosh's ``RamStorage``
    puts it in ``<tempdir>/MAIN.tmp``, one folder shared by every process and thread, which
    a concurrent writer deletes under another's feet."""

    def temp_storage(self, name=None):
        return RamStorage()


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


def _has_multiterm(q) -> bool:
    if isinstance(q, wq.MultiTerm):
        return True
    return any(_has_multiterm(child) for child in q.children())
