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

#: Groups a facet query may return (its LIMIT and max_matches): searchd truncates groups beyond
#: max_matches silently, so this must exceed the distinct values of any facet.
FACET_LIMIT = 100_000


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


def speaker_of_group(group: int, names_json: str) -> str | None:
    """The speaker name whose id is ``group``, from a grouped row's ``speaker_names``."""
    if group == schema.value_id(""):
        return ""
    for name in json.loads(names_json or "[]"):
        if schema.value_id(name) == group:
            return name
    return None


def stats(pool: Pool) -> dict:
    """``documents``, ``outlets``, ``speakers``, ``date_range`` and ``undated`` of the whole cluster."""
    limit = f"LIMIT {FACET_LIMIT} OPTION max_matches={FACET_LIMIT}"
    sets = pool.run(
        f"SELECT COUNT(*) FROM {schema.INDEX}; "
        f"SELECT outlet_id, outlet_name, COUNT(*) c FROM {schema.INDEX} GROUP BY outlet_id {limit}; "
        f"SELECT GROUPBY() g, speaker_names, COUNT(*) c FROM {schema.INDEX} GROUP BY speakers {limit}; "
        f"SELECT day, COUNT(*) c FROM {schema.INDEX} GROUP BY day {limit}")
    documents = int(sets[0][0][0]) if sets[0] else 0
    outlets = Counter({json.loads(name): int(c) for _id, name, c in sets[1]})
    outlets.pop("", None)
    speakers = Counter()
    for group, names, c in sets[2]:
        name = speaker_of_group(int(group), names)
        if name:
            speakers[name] += int(c)
    days = Counter({schema.day_text(int(day)): int(c) for day, c in sets[3]})
    undated = days.pop("", 0)
    return counted_stats(documents, outlets, speakers, days, undated)
