"""Building blocks shared by the tests: corpora, indexes, the seeds' gold, a served app, Chromium.

A plain module (``from helpers import ...``): pytest puts ``tests/`` on
``sys.path`` because the folder has no ``__init__.py``.  Fixtures built on
these live in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import shutil
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"
#: A copy of shared/seeds/gold.json (kept here so that the tests run without shared/).
SEEDS_GOLD = Path(__file__).resolve().parent / "data" / "seeds_gold.json"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
CHROMIUM_MISSING = ("Chromium is missing at /usr/bin/chromium: install it with 'sudo apt-get install -y chromium' "
                    "(or run 'make browser'); the browser tests must run, not skip.")


@functools.cache
def seeds_gold() -> tuple[dict, ...]:
    """The gold answers of the five seed articles, one dict per article, in file order."""
    return tuple(json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))["articles"])


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relative path: text or bytes}`` below ``root`` (made if missing); returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def copy_seed_corpus(target: Path) -> Path:
    """A private copy of the five seed articles (and their metadata.csv) at ``target``."""
    shutil.copytree(SEED_CORPUS, target)
    return target


def index_corpus(corpus: Path, index_dir: Path) -> Path:
    """Index ``corpus`` at ``index_dir`` with the real indexer; fails the test if any file fails."""
    from indexer.sync.update import run
    report = run(corpus, index_dir)
    assert not report.failed, report.failed
    return index_dir


def write_index(index_dir: Path, articles) -> str:
    """Publish a new generation at ``index_dir`` holding exactly ``articles`` (Article objects).

    Builds the index directly from plain articles, without extraction, so
    that web app tests control dates, outlets and speakers exactly.
    Returns the generation's name.
    """
    from indexer.index import store
    from indexer.index.schema import build_schema, to_document
    generation = store.create_generation(index_dir, build_schema(), {"schema": "test"})
    writer = store.writer(generation.index)
    for article in articles:
        writer.add_document(**to_document(article, "test"))
    writer.commit()
    store.publish(index_dir, generation.name)
    return generation.name


@contextlib.contextmanager
def serve_in_thread(app):
    """Serve a WSGI app from a thread on a free loopback port; yields its base URL."""
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)    # no access log in the test output
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


@contextlib.contextmanager
def serve_seed_app(base: Path):
    """The web app over a fresh index of a copy of the seed corpus (both made under ``base``),
    served from a thread; yields its base URL."""
    from webapp import create_app
    corpus = copy_seed_corpus(base / "corpus")
    index = index_corpus(corpus, base / "index")
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})) as url:
        yield url


def write_users(path: Path, users: dict[str, str]) -> Path:
    """A users file at ``path`` holding ``{name: password}``, written by the web app's own users file code."""
    from webapp.users import UsersFile
    store = UsersFile(path)
    for name, password in users.items():
        store.add(name, password)
    return path


@contextlib.contextmanager
def launch_chromium():
    """Debian's Chromium through Playwright; yields the browser. Raises FileNotFoundError without it."""
    if not CHROMIUM.exists():
        raise FileNotFoundError(CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def snapshot_of(index_dir: Path):
    """The web app's open snapshot of the index at ``index_dir`` (released and closed afterwards)."""
    from webapp.index import IndexHolder
    holder = IndexHolder(index_dir)
    snap = holder.acquire()
    try:
        yield snap
    finally:
        holder.release(snap)
        holder.close()


def write_segments(index_dir: Path, batches, deleted=()):
    """A published generation at ``index_dir`` holding each batch of articles as its own
    segment, then the ids in ``deleted`` deleted (a segment of its own); its Whoosh index."""
    from indexer.index import store
    from indexer.index.schema import build_schema, to_document
    generation = store.create_generation(index_dir, build_schema(), {"schema": "test"})
    ix = generation.index
    for batch in batches:
        writer = store.writer(ix)               # the segment layout the indexer writes
        for article in batch:
            writer.add_document(**to_document(article, "s"))
        writer.commit(merge=False)
    writer = store.writer(ix)
    for doc_id in deleted:
        writer.delete_by_term("id", doc_id)
    writer.commit(merge=False)
    store.publish(index_dir, generation.name)
    return ix


#: Two republished copies of the first seed article (another headline and outlet each; one cut
#: by its last paragraphs, one with a byline and a closing paragraph): one story in three outlets.
SEED_STORY = "000_37a6eac469d99020.txt"
WIRE_COPIES = {
    "wire/ap-kursk.txt": ("North Korean troops in Kursk are fair game, Pentagon says", "AP News", "2024-11-05"),
    "wire/abc-kursk.txt": ("Pentagon: 10,000 North Korean soldiers now in Kursk", "ABC News", "2024-11-04"),
}


def wire_index(base: Path) -> tuple[Path, Path]:
    """The seed corpus with :data:`WIRE_COPIES` and its index, made under ``base``: (corpus, index)."""
    corpus = copy_seed_corpus(base / "corpus")
    add_wire_copies(corpus)
    return corpus, index_corpus(corpus, base / "index")


def add_wire_copies(corpus: Path) -> dict[str, str]:
    """Write :data:`WIRE_COPIES` of the seed story into ``corpus``; returns {path: outlet}."""
    lines = (corpus / SEED_STORY).read_text(encoding="utf-8").split("\n")
    paragraphs = [p.strip() for p in "\n".join(lines[1:]).split("\n\n") if p.strip()]
    for n, (relpath, (title, outlet, date)) in enumerate(WIRE_COPIES.items()):
        body = paragraphs[:-2] if n == 0 else (
            [f"By Lolita C. Baldor, {outlet}"] + paragraphs
            + ["Pentagon officials said more details about the deployment would be released later "
               "in the week."])   # a closing paragraph only this copy has (a copyright notice would be chrome)
        text = f"{title}\n outlet {outlet}\n date {date}\n\n" + "\n\n".join(body) + "\n"
        write_files(corpus, {relpath: text})
    return {path: outlet for path, (_t, outlet, _d) in WIRE_COPIES.items()}


# -- searchd ----------------------------------------------------------------------

SEARCHD_MISSING = ("searchd is missing: install it with 'apt-get install -y sphinxsearch' (or run 'make searchd'); "
                   "the searchd tests must run, not skip.")


class LocalSearchd:
    """A local searchd cluster started by a test (:mod:`indexer.searchd.cluster`), stopped by PID."""

    def __init__(self, folder: Path, shards: int = 2, mirrors: int = 1):
        from indexer.searchd import cluster
        self.folder = folder
        self.popen: dict = {}
        self.cluster = cluster.up(folder, shards=shards, mirrors=mirrors, popen=self.popen)
        self.spec = self.cluster.spec()

    def nodes(self):
        from indexer.searchd import cluster
        return {n.name: n for n in cluster.load(self.folder)}

    def signal(self, name: str, sig) -> None:
        import os
        os.kill(self.nodes()[name].pid, sig)
        if sig == 9:
            self.popen[name].wait(timeout=10)

    def restart(self, name: str) -> None:
        from indexer.searchd import cluster
        nodes = cluster.load(self.folder)
        node = next(n for n in nodes if n.name == name)
        cluster.start(node, popen=self.popen)
        cluster.save(self.folder, nodes)

    def truncate(self) -> None:
        """Empty every shard copy (a fresh cluster for the next test, at no start-up cost)."""
        import pymysql
        for mirrors in self.cluster.shards:
            for node in mirrors:
                conn = pymysql.connect(host=node.host, port=node.port, autocommit=True)
                with conn.cursor() as cur:
                    cur.execute("TRUNCATE RTINDEX clippings")
                conn.close()

    def config(self, index_dir: Path) -> dict:
        """The web app's test config for this cluster (``index_dir``: the indexer's state folder)."""
        return {"TESTING": True, "WARM": False, "INDEX_DIR": str(index_dir),
                "CLIPPINGS_BACKEND": "searchd", "CLIPPINGS_SEARCHD": self.spec}

    def target(self, index_dir: Path):
        from indexer.searchd.sink import SearchdTarget
        return SearchdTarget(self.cluster, index_dir)

    def index(self, corpus: Path, index_dir: Path, **kwargs):
        """``clippings update`` of ``corpus`` into this cluster (state in ``index_dir``); the report."""
        from indexer.sync.update import run
        return run(corpus, index_dir, target=self.target(index_dir), **kwargs)

    def stop(self) -> None:
        from indexer.searchd import cluster
        cluster.down(self.folder, popen=self.popen)


@contextlib.contextmanager
def local_searchd(folder: Path, shards: int = 2, mirrors: int = 1):
    """A :class:`LocalSearchd` for the block; fails (never skips) when searchd is not installed."""
    if shutil.which("searchd") is None:
        raise FileNotFoundError(SEARCHD_MISSING)
    cluster = LocalSearchd(folder, shards, mirrors)
    try:
        yield cluster
    finally:
        cluster.stop()
