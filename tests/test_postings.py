"""The posting reader: the pinned Whoosh takes the fast path, and the public path agrees with it."""

from __future__ import annotations

import logging
import random

import pytest

from indexer.article import Article, Passage
from indexer.index import postings, store
from indexer.index.postings import PostingReader, posting_reader
from indexer.index.schema import build_schema
from helpers import write_segments

WORDS = "the said troops kursk grain deal ports oil prices bank market minister talks".split()
FIELDS = ("title", "body", "speaker", "outlet", "author")


def article(rng: random.Random, n: int) -> Article:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 30)))
    return Article(id=f"doc-{n:04d}", path=f"doc-{n:04d}.txt", title=" ".join(rng.sample(WORDS, 3)),
                   outlet=rng.choice(["Reuters", "AP", None]), author=rng.choice(["Ann Lee", None]),
                   speakers=rng.sample(["Pat Ryder", "Jane Doe"], rng.randint(0, 2)),
                   passages=[Passage(1, text)])


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    """Three segments of 200 articles each ("the" fills several posting blocks), some deleted."""
    index_dir = tmp_path_factory.mktemp("postings") / "index"
    rng = random.Random(11)
    batches = [[article(rng, n) for n in range(batch * 200, batch * 200 + 200)] for batch in range(3)]
    ix = write_segments(index_dir, batches, [f"doc-{gone:04d}" for gone in range(0, 600, 7)])
    yield ix


@pytest.fixture()
def reader(index):
    with index.searcher() as searcher:
        reader = searcher.reader()
        assert len(list(reader.leaf_readers())) == 3 and reader.has_deletions()
        yield reader


@pytest.fixture()
def warned(monkeypatch):
    monkeypatch.setattr(postings, "_warned", False)


def live(reader, found):
    return [(d, w) for d, w in zip(*found) if not reader.is_deleted(d)]


def test_the_pinned_whoosh_takes_the_fast_path(reader):
    fast = PostingReader(reader)
    assert fast.fast is True, fast.problem
    assert len(fast.postings("body", "the")[0]) > 3 * 128        # so some segment has several blocks


def test_public_path_gives_the_same_postings_and_lengths(reader):
    fast, public = PostingReader(reader), PostingReader(reader, fast=False)
    assert public.fast is False and public.problem is None
    terms = [(f, t) for f in FIELDS for t in ("the", "troop", "ryder", "reuter", "lee", "nosuchword")]
    terms += [("body", b"kursk"), ("nosuchfield", "the"), ("date", "2024-01-01")]
    for fieldname, text in terms:
        assert live(reader, fast.postings(fieldname, text)) == list(zip(*public.postings(fieldname, text)))
    for fieldname in FIELDS + ("nosuchfield",):
        assert fast.lengths(fieldname) == public.lengths(fieldname), fieldname
    assert len(fast.lengths("body")) == reader.doc_count_all()


def test_one_reader_per_opened_reader(reader):
    assert posting_reader(reader) is posting_reader(reader)
    assert posting_reader(reader).fast is True


def test_a_disagreeing_fast_path_is_dropped_with_one_warning(reader, monkeypatch, caplog, warned):
    real = postings._w3_block

    def off_by_one(matcher):
        ids, weights = real(matcher)
        return ids, [w + 1 for w in weights]

    monkeypatch.setattr(postings, "_w3_block", off_by_one)
    with caplog.at_level(logging.WARNING, logger="indexer.index.postings"):
        first, second = PostingReader(reader), PostingReader(reader)
    assert first.fast is False and second.fast is False
    assert "differ from Whoosh's matcher" in first.problem
    assert len(caplog.records) == 1
    assert first.postings("body", "the") == PostingReader(reader, fast=False).postings("body", "the")


def test_changed_whoosh_internals_fall_back_to_the_public_path(reader, monkeypatch, caplog, warned):
    def gone(matcher):
        raise AttributeError("'W3LeafMatcher' object has no attribute '_data'")

    monkeypatch.setattr(postings, "_w3_block", gone)
    with caplog.at_level(logging.WARNING, logger="indexer.index.postings"):
        fallback = PostingReader(reader)
    assert fallback.fast is False and "AttributeError" in fallback.problem
    assert "public matchers" in caplog.text
    assert fallback.lengths("body") == PostingReader(reader, fast=False).lengths("body")


def test_wrong_lengths_are_caught(reader, monkeypatch, warned):
    monkeypatch.setattr(postings, "_BYTE_TO_LENGTH", [b + 1 for b in postings._BYTE_TO_LENGTH])
    assert "length of body" in PostingReader(reader).problem


def test_an_empty_index_reads_nothing(tmp_path):
    ix = store.create_generation(tmp_path / "index", build_schema(), {"schema": "test"}).index
    with ix.searcher() as searcher:
        empty = PostingReader(searcher.reader())
        assert empty.fast is False and empty.problem is None
        assert empty.postings("body", "the") == ([], []) and empty.lengths("body") == []
