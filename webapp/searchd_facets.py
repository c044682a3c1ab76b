"""Facet counts on a searchd cluster: the statements that count them, and their rows as facet lists.

Each facet is counted over the matches filtered by the *other* facets (as
the Whoosh backend counts them) with a ``GROUP BY`` through the master's
distributed index.  searchd truncates the groups of each shard beyond
``max_matches`` silently, so every grouping asks for more groups than the
index can hold for it: :data:`indexer.searchd.reading.MIN_GROUPS` at first,
more (remembered per facet) whenever an answer says there may be more
(``total_found`` at the limit).  A shard sends the master every group it
has; the master merges them and sends the web app only what the page
shows:

* outlet and speaker: the values by count down to the ``size``-th one
  (every value tied with it too, since pages order ties by name), each
  selected value (its count asked apart when it is not among them), and the
  number of values (``total_found``, exact below the limit);
* language and date: every value (few: the date histogram needs each day).

Speaker groups are 64-bit ids (``value_id`` of the name): the names of ids
seen before come from a process-wide table (:class:`Names`; an id is a
hash of its name, so an entry never goes stale) and the others are asked
once, which saves reading a name list with every group.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field

from indexer.searchd import schema
from indexer.searchd.reading import FACET_LIMIT, limit_clause, speaker_of_group
from webapp import facets as facet_lists
from webapp.params import FACET_ATTRS, SearchState

#: Values of a top-``size`` facet fetched beyond ``size`` at first (ties at the boundary).
SLACK = 16


@dataclass
class Statement:
    """One SphinxQL statement of a batch: with ``meta``, ``SHOW META`` follows it; with ``cache``,
    its answer may be reused while the index state stays the same (``SHOW META`` follows it too,
    so that a partial answer is never kept)."""

    sql: str
    args: tuple = ()
    meta: bool = False
    cache: bool = False
    tag: tuple = ()             # what the statement is for (its reader's business)

    @property
    def key(self) -> tuple:
        return self.sql, self.args


@dataclass
class Answer:
    """A statement's rows, and its ``SHOW META`` as a dict (empty without)."""

    rows: list[tuple]
    meta: dict = field(default_factory=dict)

    @property
    def found(self) -> int:
        return int(self.meta.get("total_found", len(self.rows)) or 0)


class Names:
    """Speaker names by id (``value_id(name)``), shared by the requests of a process."""

    def __init__(self):
        self.table: dict[int, str] = {schema.value_id(""): ""}
        self.lock = threading.Lock()

    def missing(self, ids) -> list[int]:
        with self.lock:
            return sorted({i for i in ids if i not in self.table})

    def statement(self, ids: list[int]) -> Statement:
        """The statement that names ``ids``: a speaker row of each, grouped by speaker id."""
        n = min(FACET_LIMIT, 4 * len(ids) + 16)
        return Statement(f"SELECT GROUPBY() g, speaker_names FROM {schema.INDEX} WHERE speakers IN "
                         f"({','.join(map(str, ids))}) GROUP BY speakers {limit_clause(n)}, ranker=none",
                         tag=("names",))

    def learn(self, answer: Answer) -> None:
        with self.lock:
            for group, names in answer.rows:
                name = speaker_of_group(int(group), names)
                if name is not None:
                    self.table[int(group)] = name

    def name(self, ident: int) -> str | None:
        return self.table.get(ident)


@dataclass
class _Value:
    """How one value facet is grouped: its column, what names a group, where a row's count is."""

    name: str
    column: str
    select: str                 # the group id and, but for speakers, its name
    count_at: int


VALUES = {
    "outlet": _Value("outlet", "outlet_id", "outlet_id g, outlet_name n", 2),
    "speaker": _Value("speaker", "speakers", "GROUPBY() g", 1),
    "lang": _Value("lang", "lang_id", "lang_id g, lang_name n", 2),
}
#: Facets counted whole (every value), whatever the page shows.
WHOLE = ("lang", "date")


class FacetPlan:
    """The facet statements of one search and, from their answers, the facet lists.

    ``where`` is the search's :class:`webapp.searchd_backend._Where`, ``limits`` the
    backend's ``max_matches`` per facet (raised here when an answer fills it), ``size`` the
    values of outlet and speaker the caller shows (None: all), ``names`` the speaker names.
    :meth:`statements` gives what to ask; :meth:`read` takes the answers and gives what to
    ask again (a limit raised, a tie at the boundary, names not known), until it is empty;
    then :meth:`facets` holds the lists."""

    ALL = ("outlet", "speaker", "lang", "date")

    def __init__(self, where, state: SearchState, limits: dict[str, int], size: int | None, names: Names,
                 only: tuple[str, ...] = ("outlet", "speaker", "lang", "date")):
        self.where = where
        self.state = state
        self.limits = limits
        self.size = size
        self.names = names
        self.only = only
        self.fetch = {name: self._first_fetch(name) for name in only}
        self.answers: dict[str, Answer] = {}
        self.selected: dict[str, Answer] = {}

    def _first_fetch(self, name: str) -> int | None:
        """How many groups to fetch at first: None for every one."""
        if name in WHOLE or self.size is None:
            return None
        return self.size + SLACK

    def _selected_ids(self, name: str) -> list[int]:
        return [schema.value_id(v) for v in getattr(self.state, FACET_ATTRS[name])] if name in VALUES else []

    # -- statements --------------------------------------------------------------------------

    def statements(self) -> list[Statement]:
        out = [self._grouping(name) for name in self.only]
        out += [self._selected(name) for name in self.only if self._selected_ids(name)]
        return out

    def _grouping(self, name: str) -> Statement:
        limit = self.limits[name]
        fetch = min(self.fetch[name] or limit, limit)
        if name == "date":
            sql, args = self.where.sql("day g, COUNT(*) c", "date",
                                       f"GROUP BY day LIMIT {limit} OPTION max_matches={limit}, ranker=none")
        else:
            value = VALUES[name]
            sql, args = self.where.sql(f"{value.select}, COUNT(*) c", name,
                                       f"GROUP BY {value.column} ORDER BY c DESC, g ASC LIMIT {fetch} "
                                       f"OPTION max_matches={limit}, ranker=none")
        return Statement(sql, tuple(args), meta=True, cache=True, tag=("group", name))

    def _selected(self, name: str) -> Statement:
        """The counts of the selected values (those outside the top ones among them)."""
        value = VALUES[name]
        ids = self._selected_ids(name)
        n = min(FACET_LIMIT, self.limits[name])
        sql, args = self.where.sql(f"{value.select}, COUNT(*) c", name,
                                   f"GROUP BY {value.column} {limit_clause(n)}, ranker=none",
                                   extra=f"{value.column} IN ({','.join(map(str, ids))})")
        return Statement(sql, tuple(args), cache=True, tag=("selected", name))

    # -- answers -----------------------------------------------------------------------------

    def read(self, statements: list[Statement], answers: list[Answer]) -> list[Statement]:
        """Take ``answers`` to ``statements`` (as :meth:`statements` or an earlier :meth:`read`
        gave them); returns what must be asked again or besides (empty: complete)."""
        again = []
        for statement, answer in zip(statements, answers):
            kind = statement.tag[0]
            if kind == "names":
                self.names.learn(answer)
            elif kind == "group":
                self.answers[statement.tag[1]] = answer
            else:
                self.selected[statement.tag[1]] = answer
        for name in self.only:
            answer = self.answers.get(name)
            if answer is None:
                continue
            limit = self.limits[name]
            if answer.found >= limit and limit < FACET_LIMIT:      # a shard may have left groups out
                self.limits[name] = min(FACET_LIMIT, max(limit, answer.found) * 2)
                again.append(self._grouping(name))
                if self._selected_ids(name):
                    again.append(self._selected(name))
                continue
            fetch, size = self.fetch[name], self.size
            if fetch is not None and size and len(answer.rows) >= fetch and answer.found > len(answer.rows) and \
                    _count(name, answer.rows[-1]) == _count(name, answer.rows[size - 1]):
                self.fetch[name] = fetch * 4                          # the size-th value ties further on
                again.append(self._grouping(name))
        rows = [row for a in (self.answers.get("speaker"), self.selected.get("speaker")) if a for row in a.rows]
        unknown = self.names.missing(int(row[0]) for row in rows)
        if unknown:
            again.append(self.names.statement(unknown))
        return again

    # -- the lists ---------------------------------------------------------------------------

    def facets(self) -> tuple[dict, dict, int]:
        """The facet lists (as the search dict holds them), each value facet's number of values,
        and the number of undated matches."""
        facets, counts = {}, {}
        for name in self.only:
            if name == "date":
                continue
            found = Counter()
            chosen = set(self._selected_ids(name))
            top = self.answers.get(name)
            apart = self.selected.get(name)             # other values' counts there are partial
            rows = (top.rows if top else []) + [r for r in (apart.rows if apart else []) if int(r[0]) in chosen]
            for row in rows:
                label = self._label(name, row)
                if label is not None:
                    found[label] = _count(name, row)
            selected = getattr(self.state, FACET_ATTRS[name])
            none = found.pop("", 0)
            facets[name] = facet_lists.value_facet(found, selected, none, name)
            groups = self.answers[name].found if name in self.answers else 0
            counts[name] = groups + sum(1 for item in facets[name] if item["selected"] and not item["count"])
        undated = 0
        if "date" in self.only:
            days = Counter({schema.day_text(int(row[0])): _count("date", row) for row in self.answers["date"].rows})
            undated = days.pop("", 0)
            facets["date"] = facet_lists.date_facet(days, self.state.date_from, self.state.date_to)
        return facets, counts, undated

    def _label(self, name: str, row: tuple) -> str | None:
        if name == "speaker":
            return self.names.name(int(row[0]))
        return json.loads(row[1])


def _count(name: str, row: tuple) -> int:
    """The count of a grouped row of facet ``name`` (a date filter may add a column after it)."""
    return int(row[VALUES[name].count_at if name in VALUES else 1])


def empty_facets(state: SearchState) -> tuple[dict, dict]:
    """The facets of a search that can match nothing: only the selected values, at zero."""
    facets = {name: facet_lists.value_facet(Counter(), getattr(state, FACET_ATTRS[name]), 0, name)
              for name in VALUES}
    facets["date"] = []
    return facets, {name: len(items) for name, items in facets.items() if name != "date"}
