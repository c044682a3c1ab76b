"""A searchd cluster as an index sink (:mod:`indexer.sync.sink`): rows to shards and their mirrors.

Each article's row (:func:`indexer.searchd.schema.row`) goes to the shard of
its story (:func:`indexer.searchd.schema.home`: every copy of a story on one
shard) and to every copy (mirror) of it, in multi-row ``REPLACE`` batches;
deletions are ``DELETE`` by document id.  A row whose story moves to
another shard is written there and then deleted where it was.  What the
cluster holds is read from the shards themselves (``article``, ``path``,
``stamp``, ``story`` and ``story_size`` attributes, paged by id), copy by
copy: a file is unchanged only when every reachable copy of its shard holds
its current stamp, so a copy that missed writes (down, or failing during a
run) is brought up to date by the next run after it answers again.

The state folder (``--index``) holds the writer lock, ``ids.json``,
``searchd.json`` (the schema version and rules fingerprint of the last
complete build, which decide when a rebuild is due) and ``groups.npz``, the
group state of :mod:`indexer.sync.grouping`: a cache of what the rows say
(each article's content hash, shingles and signature, and the links between
copies), checked against the cluster's rows (ids and content hashes) at the
start of every run, like the Whoosh index's; what it lacks or holds in
another version is sketched again from the rows' stored passages, and the
rows' ``story`` is what the run compares the new groups with.
``story_size`` is set by ``UPDATE`` once the run's groups are known
(:meth:`SearchdSink.save_groups`).  After its writes, a run brings the
speaker names to the corpus-wide ones (:meth:`SearchdSink.reconcile`, the
same rule as the Whoosh index's, :func:`indexer.sync.names.renames`, over
the rows' ``extracted_names``, ``speaker_names`` and ``company_names``).

Beside the articles, each written shard gets its terms (``clippings_terms``:
the vocabulary of "Did you mean") and a new ``stamp`` in ``clippings_state``
after every write, by which the web app knows its cached answers are stale.

A shard with no reachable copy stops the run before anything is written
(nothing is lost: the next run does the work).  A write that fails on every
copy of its shard is a failed file (read again on the next run); one that
fails on some copies only is a warning.  A rebuild replaces every row, then
deletes the rows (and terms) it did not write (on shards where no write
failed), so the cluster serves throughout.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from indexer.index import store
from indexer.index.files import replace_file
from indexer.index.schema import from_stored, to_document
from indexer.searchd import schema
from indexer.searchd.client import SearchdError, Unreachable, connect, error
from indexer.searchd.config import Cluster, Node
from indexer.sync.grouping import Grouping
from indexer.sync.names import renames
from indexer.sync.sink import Current, Listing, Sink, Target

STATE = "searchd.json"
BATCH_ROWS = 100
BATCH_BYTES = 4 << 20
PAGE = 5000
IDS_PER_STATEMENT = 1000
TERMS_PER_STATEMENT = 2000


class ShardDown(store.StoreError):
    """A shard has no copy that answers: the run stops before writing anything."""


class OutdatedCluster(store.StoreError):
    """A shard copy's indexes have other columns than this version writes."""


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

    def paged(self, shard: int, select: str, index: str = schema.INDEX) -> list[tuple]:
        """Every row of ``index`` on one live copy of ``shard`` (``select``: the columns after
        ``id``), paged by id."""
        return _paged(lambda sql, args: self.first(shard, sql, args), select, index)

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


@dataclass(frozen=True)
class Held:
    """What one shard copy holds of an article: its id, file stamp, engine id, story and story size."""

    article: str
    stamp: str
    doc: int
    story: str
    size: int


def _paged(ask, select: str, index: str) -> list[tuple]:
    """Every row of ``index`` (``id`` and the columns ``select``), a page of :data:`PAGE` rows at
    a time by id; ``ask(sql, args)`` gives the rows of one statement."""
    out: list[tuple] = []
    last = 0
    while True:
        rows = ask(f"SELECT id{', ' + select if select else ''} FROM {index} WHERE id > %s "
                   f"ORDER BY id ASC LIMIT {PAGE} OPTION max_matches={PAGE}", (last,))
        out.extend(rows)
        if len(rows) < PAGE:
            return out
        last = int(rows[-1][0])


def id_lists(ids: list[int], most: int = IDS_PER_STATEMENT) -> Iterator[tuple[str, tuple]]:
    """``ids`` cut into statements' worth of at most ``most``: each part's ``IN (...)`` list of
    ``%s`` marks, and its values."""
    for start in range(0, len(ids), most):
        part = tuple(ids[start:start + most])
        yield ",".join(["%s"] * len(part)), part


def read_copy(copies: Copies, node: Node) -> dict[str, Held]:
    """path -> what one copy holds, for every row on it (the columns checked first)."""
    check_columns(copies, node)
    rows = _paged(lambda sql, args: copies.run(node, sql, args), "article, path, stamp, story, story_size",
                  schema.INDEX)
    return {json.loads(path): Held(article, stamp, int(doc), story or article, int(size or 1))
            for doc, article, path, stamp, story, size in rows}


def check_columns(copies: Copies, node: Node) -> None:
    """Raise :class:`OutdatedCluster` when ``node``'s indexes are not the ones this version writes."""
    for index in (schema.INDEX, schema.STATE_INDEX, schema.TERMS_INDEX):
        try:
            found = {row[0] for row in copies.run(node, f"DESCRIBE {index}") if row[1] != "tokencount"}
        except Unreachable:
            raise
        except SearchdError:
            found = set()
        if found != set(schema.expected_columns(index)):
            raise OutdatedCluster(
                f"the searchd copy {node.address} has no index '{index}' with the columns this version of "
                "Clippings writes (it was made by another version): stop the cluster, start a new one in another "
                "folder ('clippings searchd up --dir NEW') and run 'clippings rebuild'")


class SearchdCurrent(Current):
    """What the cluster holds, read copy by copy when opened."""

    def __init__(self, target: "SearchdTarget", info: dict):
        self.target = target
        self.info = info
        self.copies = Copies(target.cluster)
        self.warnings: list[str] = []
        self.homes: dict[str, tuple[int, int]] = {}        # path -> (shard, docid) of its row
        self.where: dict[int, set[int]] = {}                # docid -> every shard holding a row of it
        self.stories: dict[str, str] = {}                   # article id -> its story (group)
        self.sizes: dict[str, int] = {}                     # article id -> its story's size, as held
        self._listing = self._read()

    def _read(self) -> Listing:
        cluster = self.target.cluster
        merged: Listing = {}
        for shard, mirrors in enumerate(cluster.shards):
            seen: list[dict[str, Held]] = []
            for node in mirrors:
                try:
                    seen.append(read_copy(self.copies, node))
                except OutdatedCluster:
                    raise
                except SearchdError as exc:
                    self.warnings.append(f"{exc}: that copy of shard {shard} is brought up to date by the "
                                         "first update after it answers again")
            if not seen:
                raise ShardDown(self.copies.shard_down(shard))
            for path in set().union(*seen):
                entries = {copy.get(path) for copy in seen}
                held = next(e for e in entries if e)
                here = schema.shard_of(held.story, len(cluster.shards)) == shard
                self.where.setdefault(held.doc, set()).add(shard)
                stamp = held.stamp
                if len(entries) > 1 or not here:
                    stamp = ":" + stamp.split(":", 1)[-1] if stamp.count(":") >= 3 else "::::"
                    stamp = "~" + stamp.lstrip("~")      # never equal to a file's size:mtime: read again
                if path not in merged or here:
                    merged[path] = (held.article, stamp, (shard, held.doc))
                    self.homes[path] = (shard, held.doc)
                    self.stories[held.article] = held.story
                    self.sizes[held.article] = held.size
        return merged

    def listing(self) -> Listing:
        return self._listing

    def stored(self, handle) -> dict:
        return self.stored_many([handle])[0]

    def stored_many(self, handles: list[tuple[int, int]]) -> list[dict]:
        """The stored fields of the rows ``handles`` ((shard, docid) each; {} for a missing one)."""
        found: dict[tuple[int, int], dict] = {}
        by_shard: dict[int, list[int]] = defaultdict(list)
        for shard, doc in handles:
            by_shard[shard].append(doc)
        for shard, docs in by_shard.items():
            for marks, part in id_lists(docs, 200):
                rows = self.copies.first(shard, f"SELECT id, stored FROM {schema.INDEX} WHERE id IN ({marks}) "
                                                f"LIMIT {len(part)}", part)
                found.update({(shard, int(doc)): schema.stored_of(text) for doc, text in rows})
        return [found.get(tuple(h), {}) for h in handles]

    def grouping(self, indexed: Listing, sha_of) -> Grouping:
        return Grouping.load(self.target.state_dir, self.stored_many, indexed, sha_of)

    def groups(self, indexed: Listing) -> dict[str, str]:
        return {ident: self.stories.get(ident, ident) for ident, _stamp, _handle in indexed.values()}

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

    groups = True

    def __init__(self, current: SearchdCurrent, info: dict | None = None):
        super().__init__()
        self.current = current
        self.copies = current.copies
        self.info = info                      # a rebuild: the info saved when it is complete
        self.shards = len(current.target.cluster.shards)
        self.buffers: list[dict[int, tuple[str, tuple, dict]]] = [{} for _ in range(self.shards)]
        self.bytes = [0] * self.shards
        self.moves: list[dict[int, set[int]]] = [{} for _ in range(self.shards)]   # docid -> shards to leave
        self.where = {doc: set(shards) for doc, shards in current.where.items()}
        self.size_of = dict(current.sizes)    # article id -> the story size its row holds
        self.written: list[set[int]] = [set() for _ in range(self.shards)]
        self.terms_written: list[set[int]] = [set() for _ in range(self.shards)]
        self.failed_shards: set[int] = set()
        self.missed: dict[Node, int] = {}
        self.incomplete = False               # some write missed a copy, or every copy
        self.committed = False
        self.warnings.extend(current.warnings)

    # -- rows ------------------------------------------------------------------------------

    def add(self, doc: dict) -> None:
        self.replace(doc)

    def replace(self, doc: dict) -> None:
        size = self.size_of.setdefault(doc["id"], 1)
        row = schema.row(doc, size)
        shard = schema.home(doc, self.shards)
        self.buffers[shard][row["id"]] = (doc["path"], tuple(row[c] for c in schema.columns()), row)
        self.bytes[shard] += len(row["stored"]) + sum(len(row[f]) for f in schema.text_fields())
        elsewhere = self.where.get(row["id"], set()) - {shard}
        if elsewhere:
            self.moves[shard][row["id"]] = elsewhere | self.moves[shard].get(row["id"], set())
        for other in range(self.shards):              # a move back before a flush: no longer to leave
            if other != shard:
                self.buffers[other].pop(row["id"], None)
        self.where[row["id"]] = {shard} | elsewhere
        if len(self.buffers[shard]) >= BATCH_ROWS or self.bytes[shard] >= BATCH_BYTES:
            self._flush(shard)

    def delete(self, path: str) -> None:
        home = self.current.homes.get(path)
        if home is None:
            return
        _shard, doc = home
        for shard in sorted(self.where.pop(doc, {home[0]})):
            self.buffers[shard].pop(doc, None)
            self.moves[shard].pop(doc, None)
            self._delete(shard, [doc])

    def _delete(self, shard: int, docs: list[int]) -> None:
        for marks, part in id_lists(docs):
            self._everywhere(shard, [(f"DELETE FROM {schema.INDEX} WHERE id IN ({marks})", part)], len(part))

    def _everywhere(self, shard: int, statements: list[tuple[str, tuple]], changes: int) -> str | None:
        """Run ``statements`` (and a new state stamp) on every live copy of ``shard``: None when at
        least one copy took them all (the others are counted as missed), else why none did."""
        statements = statements + [self._stamp(shard)]
        took, reasons = False, []
        for node in self.copies.live(shard):
            try:
                for sql, args in statements:          # searchd 2.2 batches only SELECT and SHOW
                    self.copies.run(node, sql, args)
                took = True
            except SearchdError as exc:
                reasons.append(str(exc))
                self.missed[node] = self.missed.get(node, 0) + changes
                self.incomplete = True
        if took:
            return None
        return reasons[0] if reasons else self.copies.shard_down(shard).split(";")[0]

    def _stamp(self, shard: int) -> tuple[str, tuple]:
        return (f"REPLACE INTO {schema.STATE_INDEX} (id, word, stamp) VALUES (%s, '', %s)",
                (shard + 1, time.time_ns() & ((1 << 63) - 1)))

    def _flush(self, shard: int) -> None:
        batch = self.buffers[shard]
        if not batch:
            return
        self.buffers[shard], self.bytes[shard] = {}, 0
        columns = schema.columns()
        one = "(" + ",".join(["%s"] * len(columns)) + ")"
        statements = [(f"REPLACE INTO {schema.INDEX} ({','.join(columns)}) VALUES " + ",".join([one] * len(batch)),
                       tuple(v for _path, values, _row in batch.values() for v in values))]
        statements += self._term_statements(shard, [row for _path, _values, row in batch.values()])
        failure = self._everywhere(shard, statements, len(batch))
        if failure is None:
            self.written[shard].update(batch)
            leave: dict[int, list[int]] = defaultdict(list)
            for doc in batch:
                for other in self.moves[shard].pop(doc, ()):
                    leave[other].append(doc)
            for other, docs in leave.items():
                for doc in docs:
                    self.where.get(doc, set()).discard(other)
                self._delete(other, docs)
        else:
            self.failed_shards.add(shard)
            self.failures.extend((path, f"not written to shard {shard} ({failure}); read again on the next run")
                                 for path, _values, _row in batch.values())
            for doc in batch:
                self.where.get(doc, set()).discard(shard)

    def _term_statements(self, shard: int, rows: list[dict]) -> list[tuple[str, tuple]]:
        """``REPLACE`` statements for the terms of ``rows`` that this run has not written to ``shard`` yet."""
        new = {}
        for row in rows:
            for field, term in schema.terms(row):
                ident = schema.term_id(field, term)
                if ident not in self.terms_written[shard] and ident not in new:
                    new[ident] = (ident, term, term, schema.value_id(field), ord(term[0]))
        self.terms_written[shard].update(new)
        values = list(new.values())
        return [(f"REPLACE INTO {schema.TERMS_INDEX} (id, word, term, field_id, initial) VALUES "
                 + ",".join(["(%s,%s,%s,%s,%s)"] * len(part)), tuple(v for one in part for v in one))
                for part in (values[i:i + TERMS_PER_STATEMENT] for i in range(0, len(values), TERMS_PER_STATEMENT))]

    def _flush_all(self) -> None:
        for shard in range(self.shards):
            self._flush(shard)

    def commit(self) -> None:
        self._flush_all()
        if self.info is not None:
            self._drop_leftovers()
        self.committed = True

    def _drop_leftovers(self) -> None:
        """After a rebuild: the rows and terms of each fully written shard that this run did not write."""
        for shard in range(self.shards):
            if shard in self.failed_shards:
                continue
            stale = sorted(doc for doc, shards in self.current.where.items()
                           if shard in shards and doc not in self.written[shard])
            self._delete(shard, stale)
            terms = sorted(int(r[0]) for r in self.copies.paged(shard, "", schema.TERMS_INDEX)
                           if int(r[0]) not in self.terms_written[shard])
            for marks, part in id_lists(terms):
                self._everywhere(shard, [(f"DELETE FROM {schema.TERMS_INDEX} WHERE id IN ({marks})", part)], 0)

    # -- after the writes: groups of copies, corpus-wide names ------------------------------

    def _stored_of(self, idents) -> dict[str, dict]:
        """The stored fields of the rows of articles ``idents``, from where they are now."""
        handles = []
        for ident in idents:
            doc = schema.docid(ident)
            shards = self.where.get(doc)
            if shards:
                handles.append((ident, (min(shards), doc)))
        fields = self.current.stored_many([h for _i, h in handles])
        return {ident: found for (ident, _h), found in zip(handles, fields) if found.get("id") == ident}

    def regroup(self, changes: dict[str, str], stamps: dict[str, str]) -> None:
        """Rewrite the rows of ``changes`` (id -> new group) from their stored fields; a row whose
        story lives on another shard moves there."""
        stored = self._stored_of(sorted(changes))
        for ident in sorted(stored):
            self.replace(to_document(from_stored(stored[ident]), stamps[ident], group=changes[ident]))
        if self.committed:
            self._flush_all()

    def save_groups(self, grouping: Grouping) -> None:
        """Give every row its story's size (``UPDATE``, numbers only), then keep the group state
        in the state folder."""
        found = grouping.state.groups()
        sizes = Counter(found.values())
        self._flush_all()
        fixes: dict[tuple[int, int], list[int]] = defaultdict(list)
        for ident, group in found.items():
            want = sizes[group]
            doc = schema.docid(ident)
            if self.size_of.get(ident) != want and self.where.get(doc):
                for shard in self.where[doc]:
                    fixes[(shard, want)].append(doc)
                self.size_of[ident] = want
        for (shard, want), docs in sorted(fixes.items()):
            for marks, part in id_lists(docs):
                self._everywhere(shard, [(f"UPDATE {schema.INDEX} SET story_size = {int(want)} WHERE id IN ({marks})",
                                          part)], len(part))
        grouping.save(self.current.target.state_dir)

    def reconcile(self, aliases) -> None:
        """The corpus-wide speaker names (:func:`indexer.sync.names.renames`) over every row; the
        rows whose shown names change are rewritten from their stored fields."""
        self._flush_all()
        extracted, shown, companies, stamps, articles = {}, {}, {}, {}, {}
        for shard in range(self.shards):
            for doc, article, stamp, names, found, keys in self.copies.paged(
                    shard, "article, stamp, speaker_names, extracted_names, company_names"):
                doc = int(doc)
                extracted[doc] = tuple(json.loads(found or "[]"))
                shown[doc] = tuple(json.loads(names or "[]"))
                companies[doc] = json.loads(keys or "[]")
                stamps[doc], articles[doc] = stamp, article
        mapping, stale = renames(extracted, shown, companies, aliases)
        stored = self._stored_of(articles[doc] for doc in stale)
        for doc in stale:
            fields = stored.get(articles[doc])
            if fields is not None:
                self.replace(to_document(from_stored(fields), stamps[doc], mapping, group=fields.get("group")))
        self._flush_all()
        self._warn_missed()

    # -- the end of a run -------------------------------------------------------------------

    def _warn_missed(self) -> None:
        for node, count in self.missed.items():
            self.warnings.append(f"{count} change(s) did not reach the copy {node.address} of its shard "
                                 f"({self.copies.down.get(node, 'failed')}); the next update after it answers "
                                 "brings it up to date")
        self.missed = {}

    def publish(self) -> None:
        """A rebuild is complete: its info is saved when every copy of every shard took every write."""
        self._flush_all()
        self._warn_missed()
        if self.info is not None:
            if not self.failed_shards and not self.incomplete:
                self.current.target.save_info(self.info)
            self.current.close()

    def cancel(self) -> None:
        for buffer in self.buffers:
            buffer.clear()
        if self.info is not None:
            self.current.close()


class SearchdTarget(Target):
    """The cluster ``cluster``; ``state_dir`` keeps ``searchd.json`` and ``groups.npz`` (beside the
    lock and ids.json)."""

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
        self.state_dir.mkdir(parents=True, exist_ok=True)
        return SearchdSink(SearchdCurrent(self, info), info=info)
