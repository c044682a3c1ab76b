"""Reading through the master's distributed index: one connection pool and the figures of ``stats``.

The web app's searchd backend (:mod:`webapp.searchd_backend`) and
``clippings stats`` share this: a small thread-safe pool of SphinxQL
connections to the master (each with the client's read timeout) and the
facet counts over every document.
"""

from __future__ import annotations

import json
import threading
from collections import Counter

from indexer.index.stats import counted_stats
from indexer.searchd import schema
from indexer.searchd.client import SearchdError, connect, error
from indexer.searchd.config import Node

#: The most groups a facet query may ask for (its LIMIT and max_matches).  searchd truncates the
#: groups of each shard beyond max_matches silently, and its cost grows with max_matches (45 ms at
#: 100,000 on this machine), so queries start at :data:`MIN_GROUPS` and ask again with twice as many
#: when their answer fills the limit (:func:`grouped`): an answer with fewer groups than max_matches
#: proves that no shard left one out.
FACET_LIMIT = 1_000_000
MIN_GROUPS = 1000


class Pool:
    """SphinxQL connections to one node, reused across threads."""

    def __init__(self, node: Node, size: int = 8):
        self.node = node
        self.size = size
        self.idle: list = []
        self.lock = threading.Lock()

    def run(self, sql: str, args=None) -> list[list[tuple]]:
        """The row sets of the statements in ``sql`` (several, separated by ``;``, in one round
        trip); raises :class:`SearchdError` (:class:`~indexer.searchd.client.Unreachable`)."""
        with self.lock:
            conn = self.idle.pop() if self.idle else None
        try:
            if conn is None:
                conn = connect(self.node)
            sets = []
            with conn.cursor() as cur:
                cur.execute(sql, args)
                sets.append(list(cur.fetchall()))
                while cur.nextset():
                    sets.append(list(cur.fetchall()))
        except SearchdError:
            raise
        except Exception as exc:  # noqa: BLE001 - PyMySQL and socket errors alike
            if conn is not None:
                try:
                    conn.close()
                except Exception:  # noqa: BLE001
                    pass
            raise error(self.node, exc) from None
        with self.lock:
            if len(self.idle) < self.size:
                self.idle.append(conn)
                conn = None
        if conn is not None:
            conn.close()
        return sets

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for conn in idle:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass


def grouped(run, statement, start: int = MIN_GROUPS) -> tuple[list[tuple], int]:
    """The rows of the grouping ``statement(limit)`` (a SphinxQL text ending in ``LIMIT n OPTION
    max_matches=n``), asked again with twice the limit while the answer fills it; the rows
    and the limit that sufficed.  ``run(sql)`` gives the first row set."""
    limit = start
    while True:
        rows = run(statement(limit))
        if len(rows) < limit or limit >= FACET_LIMIT:
            return rows, limit
        limit = min(FACET_LIMIT, limit * 2)


def limit_clause(groups: int) -> str:
    return f"LIMIT {groups} OPTION max_matches={groups}"


def speaker_of_group(group: int, names_json: str) -> str | None:
    """The speaker name whose id is ``group``, from a grouped row's ``speaker_names``."""
    if group == schema.value_id(""):
        return ""
    for name in json.loads(names_json or "[]"):
        if schema.value_id(name) == group:
            return name
    return None


def stats(pool: Pool) -> dict:
    """``documents``, ``outlets``, ``speakers``, ``languages``, ``date_range`` and ``undated`` of the
    whole cluster."""
    def run(sql):
        return pool.run(sql)[0]
    documents = run(f"SELECT COUNT(*) FROM {schema.INDEX}")
    documents = int(documents[0][0]) if documents else 0
    outlet_rows, _ = grouped(run, lambda n: f"SELECT outlet_id, outlet_name, COUNT(*) c FROM {schema.INDEX} "
                                            f"GROUP BY outlet_id {limit_clause(n)}")
    speaker_rows, _ = grouped(run, lambda n: f"SELECT GROUPBY() g, speaker_names, COUNT(*) c FROM {schema.INDEX} "
                                             f"GROUP BY speakers {limit_clause(n)}")
    lang_rows, _ = grouped(run, lambda n: f"SELECT lang_id, lang_name, COUNT(*) c FROM {schema.INDEX} "
                                          f"GROUP BY lang_id {limit_clause(n)}")
    day_rows, _ = grouped(run, lambda n: f"SELECT day, COUNT(*) c FROM {schema.INDEX} GROUP BY day {limit_clause(n)}")
    outlets = Counter({json.loads(name): int(c) for _id, name, c in outlet_rows})
    outlets.pop("", None)
    speakers = Counter()
    for group, names, c in speaker_rows:
        name = speaker_of_group(int(group), names)
        if name:
            speakers[name] += int(c)
    languages = Counter({json.loads(name): int(c) for _id, name, c in lang_rows})
    languages.pop("", None)
    days = Counter({schema.day_text(int(day)): int(c) for day, c in day_rows})
    undated = days.pop("", 0)
    return counted_stats(documents, outlets, speakers, languages, days, undated)
