"""Shared fixtures: corpora made in temporary folders, and indexes built from them."""

from __future__ import annotations

import shutil
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
    from indexer.update import run
    report = run(seed_corpus, index_dir)
    assert not report.failed, report.failed
    return index_dir
