"""Big rebuilds index in parallel sub-writers: same documents, no stray processes, no silent loss."""

from __future__ import annotations

import os
import signal

import pytest
from whoosh.qparser import QueryParser

from indexer.sync import parallel_writer as mpwriter
from indexer.index import store
from indexer.sync import pool, update
from indexer.sync.update import UpdateError, run


def article(title: str) -> str:
    return f"{title}\n\nNovember 4, 2024\n\nMinister {title} Smith said the talks on {title} went well.\n"


@pytest.fixture
def corpus(make_corpus):
    return make_corpus({f"a{i:02d}.txt": article(f"Title{i}") for i in range(12)})


@pytest.fixture
def parallel(monkeypatch):
    """Use the parallel writer for any rebuild; record the writers made."""
    made = []
    real = mpwriter.ParallelWriter.__init__

    def spy(self, *args, **kwargs):
        real(self, *args, **kwargs)
        made.append(self)
    monkeypatch.setattr(update, "PARALLEL_WRITE_THRESHOLD", 1)
    monkeypatch.setattr(pool, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(mpwriter.ParallelWriter, "__init__", spy)
    return made


def stored(index_dir) -> dict[str, dict]:
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        return {f["path"]: f for f in searcher.all_stored_fields()}


def test_parallel_rebuild_indexes_the_same_documents(corpus, tmp_path, parallel):
    report = run(corpus, tmp_path / "parallel", full=True, workers=2)
    assert len(parallel) == 1 and report.documents == 12
    ix = store.open_current(tmp_path / "parallel").index
    assert len(ix._segments()) == 2                    # one segment per sub-writer
    parallel_docs = stored(tmp_path / "parallel")
    run(corpus, tmp_path / "single", full=True, workers=1)
    assert parallel_docs == stored(tmp_path / "single")
    with ix.searcher() as searcher:
        assert len(searcher.search(QueryParser("body", ix.schema).parse("Title7"))) == 1


def test_failed_rebuild_stops_the_sub_writers_and_keeps_the_index(corpus, index_dir, parallel, monkeypatch):
    run(corpus, index_dir)
    before = stored(index_dir)
    calls = {"n": 0}
    real = update.to_document

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)
    monkeypatch.setattr(update, "to_document", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        run(corpus, index_dir, full=True, workers=2)
    assert parallel and not any(task.is_alive() for task in parallel[0].tasks)
    assert stored(index_dir) == before


def test_a_dead_sub_writer_fails_the_rebuild_instead_of_losing_documents(corpus, index_dir, parallel, monkeypatch):
    run(corpus, index_dir)
    before = stored(index_dir)
    real_commit = mpwriter.ParallelWriter.commit

    def kill_one_then_commit(self, *args, **kwargs):
        os.kill(self.tasks[0].pid, signal.SIGKILL)
        self.tasks[0].join()
        return real_commit(self, *args, **kwargs)
    monkeypatch.setattr(mpwriter.ParallelWriter, "commit", kill_one_then_commit)
    with pytest.raises(UpdateError, match="indexing process died"):
        run(corpus, index_dir, full=True, workers=2)
    assert stored(index_dir) == before
    assert not any(task.is_alive() for task in parallel[0].tasks)


def segment_files(index_dir) -> list[str]:
    generation = store.open_current(index_dir)
    return sorted(p.suffix for p in generation.path.iterdir() if p.name.startswith("MAIN_"))


def test_segments_are_written_as_separate_files_by_every_writer(corpus, tmp_path, parallel):
    """A compound segment (``.seg``) is read through private copies in every reader process."""
    index_dir = tmp_path / "index"
    run(corpus, index_dir, full=True, workers=2)
    assert parallel and ".pst" in segment_files(index_dir) and ".seg" not in segment_files(index_dir)
    (corpus / "new.txt").write_text(article("Fresh"), encoding="utf-8")
    report = run(corpus, index_dir)
    assert report.added and ".seg" not in segment_files(index_dir)
    with store.open_current(index_dir).index.searcher() as searcher:
        assert len(searcher.search(QueryParser("body", searcher.schema).parse("Fresh"))) == 1
