"""A searchd cluster as an index sink (:mod:`indexer.sync.sink`): rows to shards and their mirrors.

Each article's row (:func:`indexer.searchd.schema.row`) goes to the shard
``shard_of(id)`` and to every copy (mirror) of it, in multi-row
``REPLACE`` batches; deletions are ``DELETE`` by document id.  What the
cluster holds is read from the shards themselves (``article``, ``path``,
``stamp`` attributes, paged by id), copy by copy: a file is unchanged only
when every reachable copy of its shard holds its current stamp, so a copy
that missed writes (down, or failing during a run) is brought up to date by
the next run after it answers again.  Nothing else is kept in step: the
state folder (``--index``) holds only the writer lock, ``ids.json`` and
``searchd.json`` (the schema version and rules fingerprint of the last
complete build, which decide when a rebuild is due).

A shard with no reachable copy stops the run before anything is written
(nothing is lost: the next run does the work).  A write that fails on every
copy of its shard is a failed file (read again on the next run); one that
fails on some copies only is a warning.  A rebuild replaces every row, then
deletes the rows it did not write (on shards where no write failed), so the
cluster serves throughout.
"""

from __future__ import annotations

import json
from pathlib import Path

from indexer.index import store
from indexer.index.files import replace_file
from indexer.searchd import schema
from indexer.searchd.client import SearchdError, Unreachable, connect, error
from indexer.searchd.config import Cluster, Node
from indexer.sync.sink import Current, Listing, Sink, Target

STATE = "searchd.json"
BATCH_ROWS = 100
BATCH_BYTES = 4 << 20
PAGE = 5000


class ShardDown(store.StoreError):
    """A shard has no copy that answers: the run stops before writing anything."""


class Copies:
    """Connections to the shard copies, opened on first use; a copy that fails is left out for the
    rest of the run, with the reason kept."""

    def __init__(self, cluster: Cluster):
        self.cluster = cluster
        self.conns: dict[Node, object] = {}
        self.down: dict[Node, str] = {}

    def live(self, shard: int) -> list[Node]:
        return [node for node in self.cluster.shards[shard] if node not in self.down]

    def run(self, node: Node, sql: str, args=None) -> list[tuple]:
        """Rows of ``sql`` on ``node``; raises :class:`SearchdError` and marks the node down."""
        if node in self.down:
            raise SearchdError(self.down[node])
        try:
            conn = self.conns.get(node)
            if conn is None:
                conn = self.conns[node] = connect(node, read_timeout=60.0)
            with conn.cursor() as cur:
                cur.execute(sql, args)
                return list(cur.fetchall())
        except SearchdError as exc:
            self.down[node] = str(exc)
            raise
        except Exception as exc:  # noqa: BLE001 - PyMySQL and socket errors alike
            failure = error(node, exc)
            if isinstance(failure, Unreachable):
                self.down[node] = str(failure)
                self.conns.pop(node, None)
            raise failure from None

    def first(self, shard: int, sql: str, args=None) -> list[tuple]:
        """Rows of ``sql`` from the first copy of ``shard`` that answers."""
        for node in self.live(shard):
            try:
                return self.run(node, sql, args)
            except SearchdError:
                continue
        raise ShardDown(self.shard_down(shard))

    def shard_down(self, shard: int) -> str:
        reasons = "; ".join(self.down.get(n, f"{n.address} not tried") for n in self.cluster.shards[shard])
        return (f"shard {shard} of the searchd cluster cannot be reached ({reasons}); nothing was written: "
                "start it and run the update again")

    def close(self) -> None:
        for conn in self.conns.values():
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - closing a broken connection
                pass
        self.conns.clear()


def read_copy(copies: Copies, node: Node) -> dict[str, tuple[str, str, int]]:
    """path -> (article id, stamp, document id) of every row on one copy."""
    out = {}
    last = 0
    while True:
        rows = copies.run(node, f"SELECT id, article, path, stamp FROM {schema.INDEX} "
                                f"WHERE id > %s ORDER BY id ASC LIMIT {PAGE} OPTION max_matches={PAGE}", (last,))
        for doc, article, path, stamp in rows:
            out[json.loads(path)] = (article, stamp, int(doc))
        if len(rows) < PAGE:
            return out
        last = int(rows[-1][0])


class SearchdCurrent(Current):
    """What the cluster holds, read copy by copy when opened."""

    def __init__(self, target: "SearchdTarget", info: dict):
        self.target = target
        self.info = info
        self.copies = Copies(target.cluster)
        self.warnings: list[str] = []
        self.homes: dict[str, tuple[int, int]] = {}        # path -> (shard, docid) of its row
        self.misplaced: dict[int, set[int]] = {}            # docid -> shards holding it that are not its home
        self._listing = self._read()

    def _read(self) -> Listing:
        cluster = self.target.cluster
        merged: Listing = {}
        for shard, mirrors in enumerate(cluster.shards):
            seen: list[dict] = []
            for node in mirrors:
                try:
                    seen.append(read_copy(self.copies, node))
                except SearchdError as exc:
                    self.warnings.append(f"{exc}: that copy of shard {shard} is brought up to date by the "
                                         "first update after it answers again")
            if not seen:
                raise ShardDown(self.copies.shard_down(shard))
            paths = set().union(*seen)
            for path in paths:
                entries = {copy.get(path) for copy in seen}
                article, stamp, doc = next(e for e in entries if e)
                home = schema.shard_of(article, len(cluster.shards))
                if home != shard:
                    self.misplaced.setdefault(doc, set()).add(shard)
                if len(entries) > 1 or home != shard:
                    stamp = ":" + stamp.split(":", 1)[-1] if stamp.count(":") >= 3 else "::::"
                    stamp = "~" + stamp.lstrip("~")      # never equal to a file's size:mtime: read again
                if path not in merged or home == shard:
                    merged[path] = (article, stamp, (shard, doc))
                    self.homes[path] = (shard, doc)
        return merged

    def listing(self) -> Listing:
        return self._listing

    def stored(self, handle) -> dict:
        shard, doc = handle
        rows = self.copies.first(shard, f"SELECT stored FROM {schema.INDEX} WHERE id = %s", (doc,))
        return schema.stored_of(rows[0][0]) if rows else {}

    def writer(self) -> Sink:
        return SearchdSink(self)

    def documents(self) -> int:
        total = 0
        for shard in range(len(self.target.cluster.shards)):
            total += int(self.copies.first(shard, f"SELECT COUNT(*) FROM {schema.INDEX}")[0][0])
        return total

    def close(self) -> None:
        self.copies.close()


class SearchdSink(Sink):
    """Rows buffered per shard and written to every live copy of it in batches."""

    def __init__(self, current: SearchdCurrent, info: dict | None = None):
        super().__init__()
        self.current = current
        self.copies = current.copies
        self.info = info                      # a rebuild: the info saved when it is complete
        self.shards = len(current.target.cluster.shards)
        self.buffers: list[dict[int, tuple[str, tuple]]] = [{} for _ in range(self.shards)]
        self.sizes = [0] * self.shards
        self.written: list[set[int]] = [set() for _ in range(self.shards)]
        self.failed_shards: set[int] = set()
        self.missed: dict[Node, int] = {}
        self.warnings.extend(current.warnings)

    def add(self, doc: dict) -> None:
        self.replace(doc)

    def replace(self, doc: dict) -> None:
        row = schema.row(doc)
        shard = schema.shard_of(doc["id"], self.shards)
        values = tuple(row[c] for c in schema.columns())
        self.buffers[shard][row["id"]] = (doc["path"], values)
        self.sizes[shard] += len(row["stored"]) + sum(len(row[f]) for f in schema.text_fields())
        for other in self.current.misplaced.pop(row["id"], ()):
            self._delete(other, [row["id"]])
        if len(self.buffers[shard]) >= BATCH_ROWS or self.sizes[shard] >= BATCH_BYTES:
            self._flush(shard)

    def delete(self, path: str) -> None:
        home = self.current.homes.get(path)
        if home is None:
            return
        shard, doc = home
        self.buffers[shard].pop(doc, None)
        self._delete(shard, [doc])

    def _delete(self, shard: int, docs: list[int]) -> None:
        marks = ",".join(["%s"] * len(docs))
        for node in self.copies.live(shard):
            try:
                self.copies.run(node, f"DELETE FROM {schema.INDEX} WHERE id IN ({marks})", tuple(docs))
            except SearchdError:
                self.missed[node] = self.missed.get(node, 0) + len(docs)

    def _flush(self, shard: int) -> None:
        batch = self.buffers[shard]
        if not batch:
            return
        self.buffers[shard], self.sizes[shard] = {}, 0
        columns = schema.columns()
        one = "(" + ",".join(["%s"] * len(columns)) + ")"
        sql = f"REPLACE INTO {schema.INDEX} ({','.join(columns)}) VALUES " + ",".join([one] * len(batch))
        args = tuple(v for _path, values in batch.values() for v in values)
        took = 0
        reasons = []
        for node in self.copies.live(shard) or []:
            try:
                self.copies.run(node, sql, args)
                took += 1
            except SearchdError as exc:
                reasons.append(str(exc))
                self.missed[node] = self.missed.get(node, 0) + len(batch)
        if took:
            self.written[shard].update(batch)
        else:
            self.failed_shards.add(shard)
            reason = reasons[0] if reasons else self.copies.shard_down(shard).split(";")[0]
            self.failures.extend((path, f"not written to shard {shard} ({reason}); read again on the next run")
                                 for path, _values in batch.values())

    def commit(self) -> None:
        for shard in range(self.shards):
            self._flush(shard)
        if self.info is not None:
            self._drop_leftovers()
        for node, count in self.missed.items():
            self.warnings.append(f"{count} change(s) did not reach the copy {node.address} of its shard "
                                 f"({self.copies.down.get(node, 'failed')}); the next update after it answers "
                                 "brings it up to date")
        if self.info is not None:
            if not self.failed_shards and not self.missed:
                self.current.target.save_info(self.info)
            self.current.close()

    def _drop_leftovers(self) -> None:
        """After a rebuild: the rows of each fully written shard that this run did not write."""
        for shard in range(self.shards):
            if shard in self.failed_shards:
                continue
            stale = sorted({doc for (s, doc) in self.current.homes.values() if s == shard} - self.written[shard])
            stale += sorted(d for d, shards in self.current.misplaced.items() if shard in shards)
            for start in range(0, len(stale), 1000):
                self._delete(shard, stale[start:start + 1000])

    def cancel(self) -> None:
        for buffer in self.buffers:
            buffer.clear()
        if self.info is not None:
            self.current.close()


class SearchdTarget(Target):
    """The cluster ``cluster``; ``state_dir`` keeps ``searchd.json`` (beside the lock and ids.json)."""

    def __init__(self, cluster: Cluster, state_dir: Path):
        self.cluster = cluster
        self.state_dir = Path(state_dir)

    def prepare(self) -> None:
        """Nothing to clear: a killed run left rows that the next comparison of stamps corrects."""

    def _info(self) -> dict | None:
        try:
            data = json.loads((self.state_dir / STATE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            raise store.DamagedIndex(f"{self.state_dir / STATE} cannot be read") from None
        return data.get("info") if data.get("cluster") == self.cluster.spec() else None

    def save_info(self, info: dict) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        replace_file(self.state_dir / STATE,
                     json.dumps({"info": info, "cluster": self.cluster.spec()}, sort_keys=True))

    def open(self) -> SearchdCurrent:
        info = self._info()
        if info is None:
            raise store.NoIndex(f"no complete build recorded for this cluster in {self.state_dir / STATE}")
        return SearchdCurrent(self, info)

    def rebuild(self, info: dict, files: int, workers: int | None) -> Sink:
        return SearchdSink(SearchdCurrent(self, info), info=info)
