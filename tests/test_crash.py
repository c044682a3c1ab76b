"""Crash safety: the indexer killed with SIGKILL at random moments never leaves a broken index.

Each round changes the generated corpus (files changed, added and removed,
enough of them for the worker pool to be used), starts ``python -m indexer
update`` or ``rebuild`` in a real process and kills it at a random moment
after it took the writer lock.  Then:

* the index opens and answers, holding exactly the old contents or exactly
  the new ones (compared file by file: path -> title, each title naming
  its file's version);
* the writer lock is free at once (no orphaned worker keeps it);
* the next ``update`` converges to exactly the corpus on disk.

The normal suite kills a few times; the soak (``make soak``) at least 20.
Set ``CLIPPINGS_CRASH_SEED`` to replay a soak with the same random choices.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from whoosh.qparser import QueryParser

from indexer.index import store
from indexer.sync import update
from indexer.sync.update import run

ROOT = Path(__file__).resolve().parent.parent
FILES = 240
CHANGED, ADDED, REMOVED = 50, 20, 10      # per round: 70 files to read, so the pool is used


@dataclass
class VersionedCorpus:
    """A corpus on disk whose expected index contents (path -> title) are known."""

    root: Path
    rng: random.Random
    titles: dict[str, str] = field(default_factory=dict)
    version: int = 0
    next_id: int = 0

    def write(self, relpath: str) -> None:
        n = int(relpath[1:5])
        title = f"Report {n} version {self.version}"
        body = (f"The minister said the talks on subject{n} went well on Tuesday, adding that "
                f"officials would meet again. Revision rev{self.version} was filed by the clerk.")
        (self.root / relpath).write_text(f"{title}\n\nNovember 4, 2024\n\n{body}\n", encoding="utf-8")
        self.titles[relpath] = title

    def create(self, count: int) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for _ in range(count):
            self.add()

    def add(self) -> None:
        relpath = f"d{self.next_id:04d}.txt"
        self.next_id += 1
        self.write(relpath)

    def mutate(self) -> None:
        """The next version: some files changed, some added, some removed."""
        self.version += 1
        paths = sorted(self.titles)
        picked = self.rng.sample(paths, CHANGED + REMOVED)
        for relpath in picked[:CHANGED]:
            self.write(relpath)
        for relpath in picked[CHANGED:]:
            (self.root / relpath).unlink()
            del self.titles[relpath]
        for _ in range(ADDED):
            self.add()


def contents(index_dir: Path) -> dict[str, str] | None:
    """path -> title of the current generation (None: no index), after checking it answers."""
    try:
        generation = store.open_current(index_dir)
    except store.NoIndex:
        return None
    ix = generation.index
    with ix.searcher() as searcher:
        held = {fields["path"]: fields["title"] for fields in searcher.all_stored_fields()}
        query = QueryParser("body", ix.schema).parse("minister")
        hits = searcher.search(query, limit=None)
        assert len(hits) == len(held) == searcher.doc_count()
        titles = {hit["title"] for hit in hits}
        assert titles == set(held.values())
    return held


def indexer_command(command: str, corpus: Path, index_dir: Path) -> list[str]:
    return [sys.executable, "-m", "indexer", command, "--corpus", str(corpus), "--index", str(index_dir),
            "--wait", "60"]


def child_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def lock_holder(index_dir: Path) -> int | None:
    try:
        return int((index_dir / store.LOCK).read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def run_indexer(command: str, corpus: Path, index_dir: Path, kill_after: float | None) -> tuple[bool, float]:
    """Run the indexer; kill it ``kill_after`` seconds after it took the lock.

    Returns (killed, seconds from taking the lock to the end or the kill).
    """
    proc = subprocess.Popen(indexer_command(command, corpus, index_dir), env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while lock_holder(index_dir) != proc.pid and proc.poll() is None:
        assert time.monotonic() < deadline, "the indexer never took the lock"
        time.sleep(0.002)
    locked = time.monotonic()
    if kill_after is None:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode(errors="replace")
        return False, time.monotonic() - locked
    end = locked + kill_after
    while proc.poll() is None and time.monotonic() < end:
        time.sleep(0.002)
    if proc.poll() is not None:
        _, err = proc.communicate()
        assert proc.returncode == 0, err.decode(errors="replace")
        return False, time.monotonic() - locked
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return True, kill_after


@dataclass
class Tally:
    kills: int = 0
    finished_first: int = 0
    left_old: int = 0
    left_new: int = 0
    by_command: dict[str, int] = field(default_factory=dict)


def crash_rounds(tmp_path: Path, rounds_wanted: int, seed: int, files: int = FILES,
                 commands: tuple[str, ...] = ("update", "rebuild")) -> Tally:
    """Kill the indexer ``rounds_wanted`` times; check every state; return what happened."""
    rng = random.Random(seed)
    corpus = VersionedCorpus(tmp_path / "corpus", rng)
    corpus.create(files)
    index_dir = tmp_path / "index"
    run(corpus.root, index_dir)
    # An uninterrupted run first, to know how long a run lasts (kills are spread over that time).
    corpus.mutate()
    _, seconds = run_indexer(commands[0], corpus.root, index_dir, None)
    assert contents(index_dir) == corpus.titles
    durations = {command: seconds * (1.0 if command == commands[0] else 1.3) for command in commands}

    tally = Tally()
    attempts = 0
    while tally.kills < rounds_wanted:
        attempts += 1
        assert attempts <= rounds_wanted * 4, f"the indexer kept finishing before the kill: {tally}"
        old = dict(corpus.titles)
        corpus.mutate()
        command = rng.choice(commands)
        delay = rng.uniform(0.0, 1.1 * durations[command])
        killed, _ = run_indexer(command, corpus.root, index_dir, delay)
        state = contents(index_dir)
        where = f"{command} killed after {delay:.3f} s (seed {seed}, round {attempts})"
        assert state in (old, corpus.titles), where
        if killed:
            tally.kills += 1
            tally.by_command[command] = tally.by_command.get(command, 0) + 1
            tally.left_old += state == old
            tally.left_new += state == corpus.titles
        else:
            tally.finished_first += 1
        # No process of the killed indexer (its workers included) still holds the lock.
        with store.writer_lock(index_dir, wait=2.0):
            pass
        report = run(corpus.root, index_dir)
        assert not report.failed, (where, report.to_dict())
        assert contents(index_dir) == corpus.titles, where
        generations = [p.name for p in index_dir.iterdir() if p.name.startswith(store.PREFIX)]
        assert len(generations) <= 2, (where, generations)   # the current one and its predecessor
    return tally


def crash_seed() -> int:
    return int(os.environ.get("CLIPPINGS_CRASH_SEED") or random.randrange(1 << 30))


def test_indexer_killed_at_random_moments(tmp_path):
    seed = crash_seed()
    tally = crash_rounds(tmp_path, rounds_wanted=3, seed=seed)
    assert tally.kills == 3


@pytest.mark.slow
def test_soak_parallel_rebuild_killed_at_random_moments(tmp_path):
    """A corpus big enough for the rebuild to write with parallel sub-writer processes."""
    assert update.PARALLEL_WRITE_THRESHOLD <= 1100
    seed = crash_seed()
    tally = crash_rounds(tmp_path, rounds_wanted=6, seed=seed, files=1100, commands=("rebuild",))
    print(f"\nparallel rebuild crash soak (seed {seed}): {tally}")
    assert tally.kills == 6


@pytest.mark.slow
def test_soak_indexer_killed_at_random_moments(tmp_path):
    seed = crash_seed()
    tally = crash_rounds(tmp_path, rounds_wanted=24, seed=seed)
    print(f"\ncrash soak (seed {seed}): {tally}")
    assert tally.kills >= 20
    assert set(tally.by_command) == {"update", "rebuild"}


def test_killed_first_build_leaves_no_index_or_a_whole_one(tmp_path):
    corpus = VersionedCorpus(tmp_path / "corpus", random.Random(1))
    corpus.create(FILES)
    index_dir = tmp_path / "index"
    delay = random.uniform(0.1, 0.8)
    for _ in range(4):
        killed, _ = run_indexer("rebuild", corpus.root, index_dir, kill_after=delay)
        if killed:
            break
        shutil.rmtree(index_dir)   # it finished first: start again from no index, and kill sooner
        delay /= 4
    assert killed, "the first build kept finishing before the kill"
    assert contents(index_dir) in (None, corpus.titles)
    report = run(corpus.root, index_dir)
    assert not report.failed
    assert contents(index_dir) == corpus.titles
    assert len([p for p in index_dir.iterdir() if p.name.startswith(store.PREFIX)]) == 1


def test_leftovers_of_a_killed_rebuild_go_at_the_next_update(tmp_path):
    """Regression: an unpublished generation stayed on disk until the next full rebuild."""
    corpus = VersionedCorpus(tmp_path / "corpus", random.Random(2))
    corpus.create(20)
    index_dir = tmp_path / "index"
    run(corpus.root, index_dir)
    current = store.current_name(index_dir)
    leftover = index_dir / f"{store.PREFIX}9999999999999-1"   # newer than current, never published
    leftover.mkdir()
    (leftover / "_MAIN_1.toc").write_bytes(b"half written")
    run(corpus.root, index_dir)
    assert not leftover.exists()
    assert store.current_name(index_dir) == current


def test_forked_children_do_not_inherit_the_writer_lock(tmp_path):
    """Regression: pool workers of a killed indexer kept its lock, so the next indexer waited for a dead pid."""
    index_dir = tmp_path / "index"
    with store.writer_lock(index_dir):
        pid = os.fork()
        if pid == 0:                          # the child: sleeps, as a busy worker would
            time.sleep(5)
            os._exit(0)
    try:
        with store.writer_lock(index_dir, wait=3):   # the parent let go: the lock must be free
            pass
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def test_workers_die_with_the_indexer(tmp_path):
    """Regression: workers forked by a killed indexer kept extracting (and holding its locks)."""
    corpus = VersionedCorpus(tmp_path / "corpus", random.Random(3))
    corpus.create(FILES)
    index_dir = tmp_path / "index"
    proc = subprocess.Popen(indexer_command("rebuild", corpus.root, index_dir), env=child_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        workers = set(children_of(proc.pid))
        time.sleep(0.01)
    assert workers, "the indexer finished before it started its workers"
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(alive(pid) for pid in workers)


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie counts as ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"
