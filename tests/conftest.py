"""Shared fixtures: corpora made in temporary folders, and indexes built from them."""

from __future__ import annotations

import contextlib
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_CORPUS = ROOT / "corpus"


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow (the soak)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="soak test: run with 'make soak' (--run-slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    """A private copy of the five seed articles (and their metadata.csv)."""
    target = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, target)
    return target


@pytest.fixture
def make_corpus(tmp_path):
    """Write a corpus from a {relative path: text or bytes} mapping; returns its folder."""
    def make(files: dict[str, str | bytes], name: str = "made") -> Path:
        root = tmp_path / name
        root.mkdir(exist_ok=True)
        for relpath, content in files.items():
            path = root / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root
    return make


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def seed_index(seed_corpus, index_dir) -> Path:
    """An index built from the seed corpus; returns the index folder."""
    from indexer.sync.update import run
    report = run(seed_corpus, index_dir)
    assert not report.failed, report.failed
    return index_dir


# -- web app fixtures -----------------------------------------------------------

def write_index(index_dir: Path, articles) -> str:
    """Publish a new generation at ``index_dir`` holding exactly ``articles`` (Article objects).

    Builds the index directly from plain articles, without extraction, so
    that web app tests control dates, outlets and speakers exactly.
    Returns the generation's name.
    """
    from indexer.index import store
    from indexer.index.schema import build_schema, to_document
    generation = store.create_generation(index_dir, build_schema(), {"schema": "test"})
    writer = generation.index.writer()
    for article in articles:
        writer.add_document(**to_document(article, "test"))
    writer.commit()
    store.publish(index_dir, generation.name)
    return generation.name


@pytest.fixture
def make_index(index_dir):
    """Write an index of the given articles at ``index_dir`` (again: a new generation)."""
    def make(articles) -> Path:
        write_index(index_dir, articles)
        return index_dir
    return make


@pytest.fixture
def make_app():
    """Create the web app (testing mode) over an index folder."""
    from webapp import create_app

    def make(index_dir: Path, **config):
        return create_app({"TESTING": True, "INDEX_DIR": str(index_dir), **config})
    return make


@pytest.fixture
def app(make_app, seed_index, seed_corpus):
    """The web app over the index of the seed corpus."""
    return make_app(seed_index, CORPUS_DIR=str(seed_corpus))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def news():
    """Factory of articles for web app tests: ``news("a1", "Title", "Passage one.", "Passage two.", ...)``."""
    from indexer.article import Article, Passage

    def make(doc_id: str, title: str, *passages, date=None, outlet=None, author=None, url=None,
             speakers=(), spoken=None) -> Article:
        spoken = spoken or {}
        return Article(id=doc_id, path=f"{doc_id}.txt", title=title, date=date, outlet=outlet, author=author,
                       url=url, speakers=list(speakers),
                       passages=[Passage(n, text, list(spoken.get(n, [])))
                                 for n, text in enumerate(passages, start=1)])
    return make


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@contextlib.contextmanager
def serve_in_thread(app):
    """Serve a WSGI app from a thread on a free loopback port; yields its base URL."""
    import logging

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


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright. Never skips: without it the test fails and says why."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: install it with 'sudo apt-get install -y chromium' "
                    "(or run 'make browser'); the browser tests must run, not skip.", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
