"""Shared fixtures: corpora made in temporary folders, indexes built from them, the web app, Chromium.

The building blocks (index writers, the threaded server, Chromium's launch)
are in ``helpers.py``; this file only turns them into fixtures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import (CHROMIUM, CHROMIUM_MISSING, SEARCHD_MISSING, copy_seed_corpus, index_corpus, launch_chromium,
                     local_searchd, serve_seed_app, write_files, write_index)


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow (the soak)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="soak test: run with 'make soak' (--run-slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def whoosh_unless_told(tmp_path_factory):
    """The tests choose their backend: a developer's CLIPPINGS_BACKEND / CLIPPINGS_SEARCHD (in the
    environment or instance/config.py) must not send the indexer's tests to a cluster."""
    import indexer.searchd.config as backend_config
    patch = pytest.MonkeyPatch()
    patch.delenv(backend_config.BACKEND_ENV, raising=False)
    patch.delenv(backend_config.SEARCHD_ENV, raising=False)
    patch.setattr(backend_config, "INSTANCE_CONFIG", tmp_path_factory.mktemp("no-instance") / "config.py")
    yield
    patch.undo()


@pytest.fixture
def seed_corpus(tmp_path) -> Path:
    """A private copy of the five seed articles (and their metadata.csv)."""
    return copy_seed_corpus(tmp_path / "corpus")


@pytest.fixture
def make_corpus(tmp_path):
    """Write a corpus from a {relative path: text or bytes} mapping; returns its folder."""
    def make(files: dict[str, str | bytes], name: str = "made") -> Path:
        return write_files(tmp_path / name, files)
    return make


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def seed_index(seed_corpus, index_dir) -> Path:
    """An index built from the seed corpus; returns the index folder."""
    return index_corpus(seed_corpus, index_dir)


# -- web app fixtures -----------------------------------------------------------

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
    """Factory of articles for web app tests: ``news("a1", "Title", "Passage one.", "Passage two.", ...)``;
    ``quotes={n: [(speaker, words of passage n), ...]}`` says who said what (the speaker is added to
    the passage's and the article's speakers)."""
    from indexer.article import Article, Passage, Quote

    def make(doc_id: str, title: str, *passages, date=None, outlet=None, author=None, url=None,
             speakers=(), spoken=None, quotes=None, pre=()) -> Article:
        spoken = {n: list(names) for n, names in (spoken or {}).items()}
        speakers = list(speakers)
        said: dict[int, list[Quote]] = {}
        for n, pairs in (quotes or {}).items():
            for speaker, words in pairs:
                start = passages[n - 1].index(words)
                said.setdefault(n, []).append(Quote(start, start + len(words), speaker))
                spoken.setdefault(n, [])
                spoken[n] += [speaker] if speaker not in spoken[n] else []
                speakers += [speaker] if speaker not in speakers else []
        return Article(id=doc_id, path=f"{doc_id}.txt", title=title, date=date, outlet=outlet, author=author,
                       url=url, speakers=speakers,
                       passages=[Passage(n, text, spoken.get(n, []), said.get(n, []), pre=n in pre)
                                 for n, text in enumerate(passages, start=1)])
    return make


@pytest.fixture
def cheap_hashes(monkeypatch):
    """Argon2id with the smallest cost, so that tests adding users and signing in run fast
    (the users file code and the dummy hash for unknown names follow the hasher in use)."""
    import argon2

    from webapp import users
    monkeypatch.setattr(users, "HASHER", argon2.PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return users.HASHER


# -- the browser ------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_server(tmp_path_factory):
    """The app over an index of the seed corpus, served from a thread on a free loopback port; its URL."""
    with serve_seed_app(tmp_path_factory.mktemp("seed-server")) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright. Never skips: without it the test fails and says why."""
    if not CHROMIUM.exists():
        pytest.fail(CHROMIUM_MISSING, pytrace=False)
    with launch_chromium() as browser:
        yield browser


# -- searchd ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def searchd_cluster(tmp_path_factory):
    """One local cluster for the session: two shards, each with two copies, and a master, on free
    loopback ports; stopped by PID at the end.  Tests that kill nodes start their own."""
    try:
        with local_searchd(tmp_path_factory.mktemp("searchd"), shards=2, mirrors=2) as cluster:
            yield cluster
    except FileNotFoundError:
        pytest.fail(SEARCHD_MISSING, pytrace=False)


@pytest.fixture
def searchd(searchd_cluster):
    """The session's cluster, emptied for this test."""
    searchd_cluster.truncate()
    return searchd_cluster
