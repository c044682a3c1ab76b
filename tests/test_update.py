"""Re-indexing: add, change, delete, rename, unchanged, bad files, interruptions, concurrency."""

from __future__ import annotations

import os
import time

import pytest

from indexer.index import store
from indexer.sync import extraction, pool, reading, update
from indexer.sync.update import IndexerBusy, UpdateError, run


def article(title: str, body: str = "The minister said the talks went well.") -> str:
    return f"{title}\n\nNovember 4, 2024\n\n{body}\n"


def indexed(index_dir) -> dict[str, str]:
    """path -> title of every document in the current generation."""
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        return {f["path"]: f["title"] for f in searcher.all_stored_fields()}


@pytest.fixture
def reads(monkeypatch):
    """Record which files the indexer opens."""
    opened: list[str] = []
    real = reading.read_regular_file

    def spy(path):
        opened.append(path.name)
        return real(path)
    monkeypatch.setattr(reading, "read_regular_file", spy)
    return opened


def bump_mtime(path, seconds=5):
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 10**9))


def test_first_run_builds_the_index(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": article("Alpha"), "b.txt": article("Beta")})
    report = run(corpus, index_dir)
    assert report.rebuilt and report.rebuild_reason == "there was no index yet"
    assert sorted(report.added) == ["a.txt", "b.txt"] and report.documents == 2
    assert indexed(index_dir) == {"a.txt": "Alpha", "b.txt": "Beta"}


def test_unchanged_files_are_not_opened(make_corpus, index_dir, reads):
    corpus = make_corpus({"a.txt": article("Alpha"), "b.txt": article("Beta")})
    run(corpus, index_dir)
    reads.clear()
    report = run(corpus, index_dir)
    assert reads == []
    assert (report.added, report.changed, report.removed, report.unchanged) == ([], [], [], 2)
    assert not report.rebuilt


def test_add_change_delete(make_corpus, index_dir, reads):
    corpus = make_corpus({"a.txt": article("Alpha"), "b.txt": article("Beta"), "c.txt": article("Gamma")})
    run(corpus, index_dir)
    reads.clear()
    (corpus / "d.txt").write_text(article("Delta"))
    (corpus / "b.txt").write_text(article("Beta Two"))
    bump_mtime(corpus / "b.txt")
    (corpus / "c.txt").unlink()
    report = run(corpus, index_dir)
    assert (report.added, report.changed, report.removed, report.unchanged) == (["d.txt"], ["b.txt"], ["c.txt"], 1)
    assert sorted(reads) == ["b.txt", "d.txt"]
    assert indexed(index_dir) == {"a.txt": "Alpha", "b.txt": "Beta Two", "d.txt": "Delta"}


def test_touched_file_is_confirmed_unchanged_by_its_hash(make_corpus, index_dir, reads, monkeypatch):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    bump_mtime(corpus / "a.txt")
    extracted = []
    real = extraction.extract_bytes
    monkeypatch.setattr(extraction, "extract_bytes", lambda *a: extracted.append(a[0]) or real(*a))
    reads.clear()
    report = run(corpus, index_dir)
    assert report.unchanged == 1 and report.changed == [] and extracted == [] and reads == ["a.txt"]
    reads.clear()
    assert run(corpus, index_dir).unchanged == 1 and reads == []   # the new time was recorded


def test_rename_is_reported_as_a_rename(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    (corpus / "sub").mkdir()
    (corpus / "a.txt").rename(corpus / "sub" / "renamed.txt")
    report = run(corpus, index_dir)
    assert (report.added, report.removed) == ([], [])
    assert [(old, new) for old, new, _id in report.renamed] == [("a.txt", "sub/renamed.txt")]
    assert indexed(index_dir) == {"sub/renamed.txt": "Alpha"}


def test_bad_files_are_reported_and_skipped(make_corpus, index_dir):
    corpus = make_corpus({"good.txt": article("Good"), "binary.txt": bytes(range(256)) * 8,
                          "empty.txt": "  \n\n ", "picture.jpg": b"\xff\xd8\xff"})
    report = run(corpus, index_dir)
    assert report.added == ["good.txt"]
    assert dict(report.failed) == {"binary.txt": "binary data (contains NUL bytes)",
                                   "empty.txt": "empty file (no text)"}
    assert [p for p, _ in report.skipped] == ["picture.jpg"]
    assert indexed(index_dir) == {"good.txt": "Good"}


def test_failed_files_are_retried_and_a_file_that_goes_bad_leaves_the_index(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": article("Alpha"), "b.txt": b"\x00\x01" * 100})
    run(corpus, index_dir)
    (corpus / "b.txt").write_text(article("Beta fixed"))
    (corpus / "a.txt").write_bytes(b"\x00\x01" * 100)
    bump_mtime(corpus / "a.txt")
    report = run(corpus, index_dir)
    assert report.added == ["b.txt"] and [p for p, _ in report.failed] == ["a.txt"]
    assert indexed(index_dir) == {"b.txt": "Beta fixed"}


def test_an_extraction_crash_in_one_file_does_not_stop_the_run(make_corpus, index_dir, monkeypatch):
    corpus = make_corpus({"a.txt": article("Alpha"), "boom.txt": article("Boom")})
    real = extraction.extract_bytes

    def flaky(relpath, data, context):
        if relpath == "boom.txt":
            raise ValueError("unexpected")
        return real(relpath, data, context)
    monkeypatch.setattr(extraction, "extract_bytes", flaky)
    report = run(corpus, index_dir)
    assert report.added == ["a.txt"]
    assert report.failed == [("boom.txt", "extraction error: ValueError: unexpected")]


def test_interrupted_rebuild_leaves_the_previous_index(make_corpus, index_dir, monkeypatch):
    corpus = make_corpus({"a.txt": article("Alpha"), "b.txt": article("Beta")})
    run(corpus, index_dir)
    before = store.current_name(index_dir)
    (corpus / "c.txt").write_text(article("Gamma"))
    real = extraction.extract_bytes

    def interrupt(relpath, data, context):
        if relpath == "b.txt":
            raise KeyboardInterrupt
        return real(relpath, data, context)
    monkeypatch.setattr(extraction, "extract_bytes", interrupt)
    with pytest.raises(KeyboardInterrupt):
        run(corpus, index_dir, full=True)
    assert store.current_name(index_dir) == before
    assert indexed(index_dir) == {"a.txt": "Alpha", "b.txt": "Beta"}
    assert [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")] == [before]
    monkeypatch.setattr(extraction, "extract_bytes", real)
    report = run(corpus, index_dir)
    assert report.added == ["c.txt"]
    assert indexed(index_dir) == {"a.txt": "Alpha", "b.txt": "Beta", "c.txt": "Gamma"}


def test_interrupted_update_leaves_the_previous_index(make_corpus, index_dir, monkeypatch):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    (corpus / "b.txt").write_text(article("Beta"))
    (corpus / "c.txt").write_text(article("Gamma"))
    monkeypatch.setattr(extraction, "extract_bytes", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        run(corpus, index_dir)
    assert indexed(index_dir) == {"a.txt": "Alpha"}


def test_second_indexer_gets_a_clear_message(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": article("Alpha")})
    with store.writer_lock(index_dir):
        started = time.monotonic()
        with pytest.raises(IndexerBusy, match=r"another indexer \(pid \d+\) is updating"):
            run(corpus, index_dir, wait=0.5)
        assert time.monotonic() - started >= 0.5
    assert run(corpus, index_dir).added == ["a.txt"]


def test_rules_change_triggers_a_rebuild(make_corpus, index_dir, monkeypatch):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    monkeypatch.setattr(update, "rules_fingerprint", lambda: "something-else")
    report = run(corpus, index_dir)
    assert report.rebuilt and report.rebuild_reason == "the extraction rules changed"
    assert run(corpus, index_dir).rebuilt is False


def test_schema_change_triggers_a_rebuild(make_corpus, index_dir, monkeypatch):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    monkeypatch.setattr(update, "SCHEMA_VERSION", 999)
    assert run(corpus, index_dir).rebuild_reason == "the index schema changed"


def test_corpus_outlets_file_change_triggers_a_rebuild(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    (corpus / "outlets.csv").write_text("outlet,kind,value\nKyiv Post,domain,kyivpost.com\n")
    assert run(corpus, index_dir).rebuild_reason == "the corpus' outlets.csv or people.csv changed"


def test_manifest_row_change_reindexes_only_that_file(make_corpus, index_dir, reads):
    corpus = make_corpus({"a.txt": article("Alpha"), "b.txt": article("Beta")})
    run(corpus, index_dir)
    (corpus / "metadata.csv").write_text("path,title,outlet\na.txt,Corrected Title,Reuters\n")
    reads.clear()
    report = run(corpus, index_dir)
    assert report.changed == ["a.txt"] and reads == ["a.txt"]
    assert indexed(index_dir)["a.txt"] == "Corrected Title"


def test_rebuild_keeps_the_previous_generation_for_open_readers(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": article("Alpha")})
    run(corpus, index_dir)
    old = store.open_current(index_dir)
    searcher = old.index.searcher()
    run(corpus, index_dir, full=True)
    run(corpus, index_dir, full=True)
    assert store.current_name(index_dir) != old.name
    assert searcher.doc_count() == 1 and next(searcher.all_stored_fields())["title"] == "Alpha"
    gens = [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 3 and old.name in gens              # kept while its reader holds it
    searcher.close()
    old.release()
    run(corpus, index_dir, full=True)
    gens = [p.name for p in index_dir.iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 2 and old.name not in gens          # the next switch removed it


def test_one_name_per_person_across_the_corpus(make_corpus, index_dir):
    corpus = make_corpus({
        "a.txt": article("Alpha", '"We will respond," said South Korean Defense Minister Kim Yong-hyun.'),
        "b.txt": article("Beta", '"We are ready," Kim Yong Hyun told reporters.'),
    })
    run(corpus, index_dir)
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        names = {f["path"]: f["speakers"] for f in searcher.all_stored_fields()}
    assert names == {"a.txt": ["Kim Yong-hyun"], "b.txt": ["Kim Yong-hyun"]}


def test_many_files_use_worker_processes_and_keep_order(make_corpus, index_dir, tmp_path, monkeypatch):
    files = {f"f{i:03d}.txt": article(f"Title {i}") for i in range(pool.PARALLEL_THRESHOLD + 10)}
    files["bad.txt"] = b"\x00" * 50
    corpus = make_corpus(files)
    pids_file = tmp_path / "pids"
    real = pool.process_file

    def spy(*args):  # runs where the file is extracted: append the process id to a shared file
        with open(pids_file, "a") as out:
            out.write(f"{os.getpid()}\n")
        return real(*args)
    monkeypatch.setattr(pool, "process_file", spy)
    report = run(corpus, index_dir, workers=2)
    pids = [int(line) for line in pids_file.read_text().split()]
    assert len(pids) == len(files) and os.getpid() not in pids
    assert report.added == sorted(p for p in files if p != "bad.txt")
    assert [p for p, _ in report.failed] == ["bad.txt"]
    assert len(indexed(index_dir)) == len(files) - 1


def test_missing_corpus_is_a_clear_error(tmp_path, index_dir):
    with pytest.raises(UpdateError, match="does not exist"):
        run(tmp_path / "nope", index_dir)
