"""Concurrent use: the real server under load while the indexer keeps changing the index.

The web app runs in its own process under waitress (8 threads) on a free
loopback port, as ``make run`` serves it.  Several client threads send a
bounded stream of requests (search page, search API, article page and
article API) while this process runs ``update`` again and again (now and
then a ``rebuild``), each time changing every file and adding and
removing some: in this process in the normal suite, as separate
``python -m indexer`` processes (with their worker pools) in the soak.

Every file of round ``r`` is titled "Report <n> version <r>", and the
number of files of each round is known.  So a response that mixed two
index states would show two versions among its results, or a total that
belongs to no round.  Checks on every response: the status (200; 404 only
for an article removed by some round), the security headers, one version
per response, and the total of that version's round.

(Two indexers started together are tested in test_cli.py.)
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from indexer.article import article_id
from indexer.sync.processes import stop_process
from indexer.sync.update import run

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy")
STABLE = 20                     # files 0..19 exist in every round
START_FILES = 60
VERSION = re.compile(r"Report \d+ version (\d+)")
PAGE_TOTAL = re.compile(r'id="result-count">\s*(?:[\d,]+\u2013[\d,]+ of )?<strong>([\d,]+)</strong>')
KINDS = ("api_search", "page_search", "api_doc", "page_doc")

SERVER = """
import sys
from waitress.server import create_server
from webapp import create_app
app = create_app({"INDEX_DIR": sys.argv[1], "CORPUS_DIR": sys.argv[2]})
server = create_server(app, host="127.0.0.1", port=0, threads=8)
print(server.effective_port, flush=True)
server.run()
"""


class RoundCorpus:
    """A corpus rewritten round by round; ``totals[r]`` is the number of files in round r."""

    def __init__(self, root: Path, rng: random.Random):
        self.root = root
        self.rng = rng
        self.round = 0
        self.numbers: set[int] = set(range(START_FILES))
        self.next_number = START_FILES
        self.totals: dict[int, int] = {}
        root.mkdir(parents=True)
        self._write_all()

    def _write_all(self) -> None:
        for n in sorted(self.numbers):
            (self.root / f"r{n:04d}.txt").write_text(
                f"Report {n} version {self.round}\n\nNovember {1 + n % 28}, 2024\n\n"
                f"The minister said the talks on subject{n} went well, adding that revision "
                f"rev{self.round} was final.\n", encoding="utf-8")
        self.totals[self.round] = len(self.numbers)

    def next(self) -> None:
        """Round r+1: every file changed, a few removed (never the stable ones), a few added."""
        self.round += 1
        removable = sorted(n for n in self.numbers if n >= STABLE)
        for n in self.rng.sample(removable, min(len(removable), self.rng.randint(0, 5))):
            self.numbers.discard(n)
            (self.root / f"r{n:04d}.txt").unlink()
        for _ in range(self.rng.randint(0, 5)):
            self.numbers.add(self.next_number)
            self.next_number += 1
        self._write_all()


@dataclass
class Tally:
    requests: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    not_found: int = 0
    totals_checked: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    versions_seen: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, message: str) -> None:
        with self.lock:
            if len(self.failures) < 20:
                self.failures.append(message)


@pytest.fixture
def server(tmp_path):
    """Start the server over ``tmp_path/index``; yields a function returning (port, corpus)."""
    procs = []

    def start(index_dir: Path, corpus: Path) -> int:
        proc = subprocess.Popen([sys.executable, "-c", SERVER, str(index_dir), str(corpus)],
                                cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(proc)
        line = proc.stdout.readline()
        assert line.strip().isdigit(), proc.stderr.read()
        return int(line)
    yield start
    for proc in procs:
        stop_process(proc)


def check_one(conn: http.client.HTTPConnection, kind: str, corpus: RoundCorpus, tally: Tally,
              rng: random.Random) -> None:
    if kind in ("api_search", "page_search"):
        path = "/api/search?q=minister&per_page=100" if kind == "api_search" else "/?q=minister&per_page=100"
        number = None
    else:
        number = rng.randrange(corpus.next_number)
        doc_id = quote(article_id(f"r{number:04d}.txt"))
        path = f"/api/doc/{doc_id}" if kind == "api_doc" else f"/doc/{doc_id}?q=minister"
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8", errors="replace")
    where = f"{kind} {path}"
    for header in HEADERS:
        if not response.getheader(header):
            tally.fail(f"{where}: no {header} header")
    if response.status == 404 and number is not None and number >= STABLE:
        with tally.lock:
            tally.not_found += 1
        return
    if response.status != 200:
        tally.fail(f"{where}: status {response.status}: {body[:300]}")
        return
    if kind == "api_search":
        data = json.loads(body)
        versions = {int(VERSION.search(r["title"]).group(1)) for r in data["results"]}
        total = data["total"]
    elif kind == "page_search":
        versions = {int(v) for v in VERSION.findall(body)}
        found = PAGE_TOTAL.search(body)
        if not found:
            tally.fail(f"{where}: no result count on the page")
            return
        total = int(found.group(1).replace(",", ""))
    elif kind == "api_doc":
        data = json.loads(body)
        versions = {int(VERSION.search(data["title"]).group(1))}
        text = " ".join(p["text"] if isinstance(p, dict) else str(p) for p in data["passages"])
        revisions = set(int(v) for v in re.findall(r"rev(\d+)", text))
        if revisions != versions:
            tally.fail(f"{where}: title of version {versions}, text of version {revisions}")
        total = None
    else:
        versions = {int(v) for v in VERSION.findall(body)}
        total = None
    if len(versions) != 1:
        tally.fail(f"{where}: results of versions {sorted(versions)} in one response")
        return
    version = versions.pop()
    if total is not None and total != corpus.totals.get(version):
        tally.fail(f"{where}: {total} results, but version {version} has {corpus.totals.get(version)} files")
    with tally.lock:
        tally.versions_seen.add(version)
        if total is not None:
            tally.totals_checked[kind] = tally.totals_checked.get(kind, 0) + 1


def update_in_a_process(corpus: Path, index_dir: Path, full: bool) -> None:
    """``python -m indexer update`` (or ``rebuild``) as a user runs it: its own process, its own workers."""
    done = subprocess.run([sys.executable, "-m", "indexer", "rebuild" if full else "update",
                           "--corpus", str(corpus), "--index", str(index_dir), "--wait", "120"],
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def update_here(corpus: Path, index_dir: Path, full: bool) -> None:
    """In this process, without worker processes (forking beside the client threads is unsafe)."""
    report = run(corpus, index_dir, full=full, workers=1)
    assert not report.failed, report.failed


def load_while_updating(tmp_path: Path, server, requests_wanted: int, seconds_at_least: float,
                        threads: int = 4, seed: int | None = None,
                        updater=update_here) -> tuple[Tally, int, float]:
    seed = seed if seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    corpus = RoundCorpus(tmp_path / "corpus", rng)
    index_dir = tmp_path / "index"
    run(corpus.root, index_dir)
    port = server(index_dir, corpus.root)
    tally = Tally()
    stop = threading.Event()

    def client(k: int) -> None:
        local = random.Random(seed + k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            while not stop.is_set():
                kind = local.choice(KINDS)
                try:
                    check_one(conn, kind, corpus, tally, local)
                except Exception as exc:           # a refused or broken connection is a failure too
                    tally.fail(f"{kind}: {type(exc).__name__}: {exc}")
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with tally.lock:
                    tally.requests += 1
                    tally.by_kind[kind] = tally.by_kind.get(kind, 0) + 1
        finally:
            conn.close()

    workers = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    updates = 0
    try:
        while True:
            corpus.next()
            updater(corpus.root, index_dir, rng.random() < 0.15)
            updates += 1
            with tally.lock:
                enough = tally.requests >= requests_wanted
            if enough and updates >= 3 and time.monotonic() - started >= seconds_at_least:
                break
            assert time.monotonic() - started < max(600, 3 * seconds_at_least), "the load never finished"
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    return tally, updates, time.monotonic() - started


def test_server_under_load_while_the_index_changes(tmp_path, server):
    tally, updates, seconds = load_while_updating(tmp_path, server, requests_wanted=300, seconds_at_least=0)
    assert tally.failures == []
    assert tally.requests >= 300 and updates >= 3
    assert len(tally.versions_seen) >= 2          # the responses did follow the updates
    assert set(tally.by_kind) == {"api_search", "page_search", "api_doc", "page_doc"}   # every kind was sent
    assert set(tally.totals_checked) == {"api_search", "page_search"}


@pytest.mark.slow
def test_soak_server_under_load_while_the_index_changes(tmp_path, server):
    tally, updates, seconds = load_while_updating(tmp_path, server, requests_wanted=5000,
                                                  seconds_at_least=240, threads=6,
                                                  updater=update_in_a_process)
    print(f"\nload soak: {tally.requests} requests {tally.by_kind} in {seconds:.0f} s, "
          f"{updates} index updates, {tally.not_found} articles removed meanwhile (404), "
          f"{len(tally.versions_seen)} versions seen, failures: {len(tally.failures)}")
    assert tally.failures == []
    assert tally.requests >= 5000 and seconds >= 240
