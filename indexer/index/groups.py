"""Groups of copies (one wire story republished by several outlets), kept in step with the index.

Membership does not depend on the order articles were indexed in: two
articles are *linked* when their MinHash signatures collide in one of the
LSH bands (:func:`candidate_pairs`) and the exact test
:func:`indexer.index.similarity.is_copy` says they are copies; a group is a
connected component of links, and its id is the smallest article id in it
(an article without copies is its own group, of size 1).  A rebuild and any
sequence of updates over the same files therefore give the same groups.

:class:`GroupState` is what an update needs to place new articles without
reading the old files again: for every indexed article its content hash
(from the document's stamp), shingle set, signature and links.  It is a
cache of the index (everything in it can be recomputed from stored
passages): ``groups.npz`` inside the generation folder, written through a
temporary file and an atomic rename by the indexer holding the writer lock,
and checked against the index's ids and content hashes before use.

LSH: :data:`BANDS` bands of :data:`ROWS` signature values (all
:data:`~indexer.index.similarity.NUM_PERM` values), the banding of
``datasketch.MinHashLSH(params=(BANDS, ROWS))``, done over a NumPy matrix
of band keys instead of its dict-of-sets index, which takes about a second
to fill with 21,000 signatures (and 1.5 s to unpickle) on every update; the
test suite checks that both find the same candidates.  Two texts with a
Jaccard similarity ``s`` collide with probability ``1 - (1 - s**2)**32``:
0.9999 at 0.5, the lowest similarity :func:`~indexer.index.similarity.is_copy`
accepts (0.996 at 0.4; 8,600 candidate pairs among the 21,577 Reuters stories).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from indexer.index.files import replace_file
from indexer.index.similarity import NUM_PERM, Sketch, is_copy

FILE = "groups.npz"
VERSION = 1
ROWS = 2                   # two 32-bit values per band: a band fits one 64-bit key exactly
BANDS = NUM_PERM // ROWS


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per band and signature (``n × BANDS``; band ``k`` is the values
    ``k*ROWS`` to ``(k+1)*ROWS``, as in datasketch): with two 32-bit rows a band *is* its key,
    so two signatures share a key exactly when they share that band."""
    sig = np.asarray(signatures, dtype=np.uint64).reshape(-1, NUM_PERM)[:, :BANDS * ROWS]
    sig = sig.reshape(len(sig), BANDS, ROWS)
    return (sig[:, :, 0] << np.uint64(32)) | sig[:, :, 1]


def candidate_pairs(keys: np.ndarray, among: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of rows of ``keys`` that share a band key; with ``among``,
    only the pairs with at least one row in it."""
    n = len(keys)
    chosen = None if among is None else np.fromiter(sorted(set(among)), dtype=np.int64)
    codes: list[np.ndarray] = []
    for band in range(keys.shape[1] if n else 0):
        column = keys[:, band]
        rows = np.arange(n) if chosen is None else np.flatnonzero(np.isin(column, column[chosen]))
        if len(rows) < 2:
            continue
        order = rows[np.argsort(column[rows], kind="stable")]
        values = column[order]
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            members = np.sort(order[start:end])
            first, second = np.triu_indices(len(members), 1)
            codes.append(members[first] * n + members[second])
    if not codes:
        return set()
    found = np.unique(np.concatenate(codes))
    pairs = {(int(code // n), int(code % n)) for code in found}
    if chosen is not None:
        wanted = set(chosen.tolist())
        pairs = {(i, j) for i, j in pairs if i in wanted or j in wanted}
    return pairs


def components(ids: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The group of every id: the smallest id of its connected component under ``links``."""
    parent = {ident: ident for ident in ids}

    def root(ident: str) -> str:
        while parent[ident] != ident:
            parent[ident] = parent[parent[ident]]
            ident = parent[ident]
        return ident

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {ident: root(ident) for ident in parent}


@dataclass
class GroupState:
    """The sketch and content hash of every indexed article, and the links between copies."""

    sketches: dict[str, Sketch] = field(default_factory=dict)
    shas: dict[str, str] = field(default_factory=dict)
    links: set[tuple[str, str]] = field(default_factory=set)

    def remove(self, idents: Iterable[str]) -> None:
        """Forget articles (deleted, or about to be replaced) and their links."""
        gone = {i for i in idents if i in self.sketches}
        for ident in gone:
            del self.sketches[ident]
            self.shas.pop(ident, None)
        if gone:
            self.links = {link for link in self.links if link[0] not in gone and link[1] not in gone}

    def add(self, added: dict[str, tuple[str, Sketch]]) -> None:
        """Add articles (``id -> (content hash, sketch)``) and link them to their copies among
        all articles, themselves included."""
        self.remove(added)
        for ident, (sha, found) in added.items():
            self.sketches[ident] = found
            self.shas[ident] = sha
        self._link(set(added))

    def _link(self, new: set[str]) -> None:
        idents = [i for i, s in self.sketches.items() if s.groupable]
        if not idents or not new:
            return
        keys = band_keys(np.stack([self.sketches[i].signature for i in idents]))
        rows = [n for n, ident in enumerate(idents) if ident in new]
        for i, j in candidate_pairs(keys, rows if len(rows) < len(idents) else None):
            a, b = idents[i], idents[j]
            if is_copy(self.sketches[a], self.sketches[b]):
                self.links.add((min(a, b), max(a, b)))

    def groups(self) -> dict[str, str]:
        """id -> group id of every article."""
        return components(self.sketches, self.links)

    def stale(self, indexed: dict[str, str]) -> list[str]:
        """Drop what ``indexed`` (id -> content hash of the index's documents) no longer holds;
        returns the indexed ids with no sketch of their current content (to be sketched again)."""
        self.remove([i for i in self.sketches if self.shas.get(i) != indexed.get(i)])
        return [i for i in indexed if i not in self.sketches]


class BadGroupState(Exception):
    """``groups.npz`` cannot be read (it is then rebuilt from the index's stored passages)."""


def load(folder: Path) -> GroupState:
    """The state saved in ``folder`` (a generation); an empty one when there is none.
    Raises :class:`BadGroupState`."""
    path = Path(folder) / FILE
    try:
        with np.load(path, allow_pickle=False) as data:
            head = json.loads(bytes(data["head"]).decode("utf-8"))
            if head.get("version") != VERSION or head.get("num_perm") != NUM_PERM:
                raise BadGroupState(f"{path} is not a group state of version {VERSION}")
            signatures, shingles, offsets = data["signatures"], data["shingles"], data["offsets"]
            links = data["links"]
    except FileNotFoundError:
        return GroupState()
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise BadGroupState(f"{path} cannot be read ({exc})") from None
    idents, shas = head["ids"], head["shas"]
    if not (len(idents) == len(shas) == len(signatures) == len(offsets) - 1):
        raise BadGroupState(f"{path} is inconsistent")
    sketches = {ident: Sketch(shingles[offsets[n]:offsets[n + 1]], signatures[n])
                for n, ident in enumerate(idents)}
    pairs = {(idents[a], idents[b]) for a, b in links.tolist()}
    return GroupState(sketches, dict(zip(idents, shas)), pairs)


def save(folder: Path, state: GroupState) -> None:
    """Write ``state`` into ``folder`` atomically (a temporary file renamed into place)."""
    idents = sorted(state.sketches)
    position = {ident: n for n, ident in enumerate(idents)}
    sets = [state.sketches[i].shingles for i in idents]
    offsets = np.zeros(len(idents) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sets], out=offsets[1:])
    head = {"version": VERSION, "num_perm": NUM_PERM, "ids": idents, "shas": [state.shas.get(i, "") for i in idents]}
    links = np.array(sorted((position[a], position[b]) for a, b in state.links
                            if a in position and b in position), dtype=np.int64).reshape(-1, 2)
    buffer = io.BytesIO()
    np.savez(buffer, head=np.frombuffer(json.dumps(head).encode("utf-8"), dtype=np.uint8),
             signatures=np.stack([state.sketches[i].signature for i in idents]) if idents
             else np.zeros((0, NUM_PERM), dtype=np.uint32),
             shingles=np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint32),
             offsets=offsets, links=links)
    replace_file(Path(folder) / FILE, buffer.getvalue())
