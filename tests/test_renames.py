"""Article ids across renames, moves, edits, rebuilds and restores, through the real update path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from indexer.article import article_id
from indexer.index import ids, store
from indexer.sync.update import run

PASSAGES = [
    "The minister said the talks in Vienna went well and would resume next week.",
    "Negotiators from both sides met for six hours behind closed doors on Tuesday.",
    "A spokesman for the delegation declined to comment on the draft agreement.",
    "Markets rose on the news, with the currency gaining two percent by the close.",
]


def story(title: str, passages=PASSAGES) -> str:
    return f"{title}\n\nNovember 4, 2024\n\n" + "\n\n".join(passages) + "\n"


def ids_by_path(index_dir) -> dict[str, str]:
    """path -> id of every article in the current generation."""
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        return {f["path"]: f["id"] for f in searcher.all_stored_fields()}


@pytest.fixture
def corpus(make_corpus, index_dir):
    """A corpus of two stories, indexed."""
    folder = make_corpus({"talks.txt": story("Talks resume"), "other.txt": story("Other news", ["Unrelated text."])})
    run(folder, index_dir)
    return folder


@pytest.fixture
def client(make_app, index_dir, corpus):
    return make_app(index_dir).test_client()


def test_rename_keeps_the_id_and_is_reported_as_a_rename(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    (corpus / "talks.txt").rename(corpus / "vienna.txt")
    report = run(corpus, index_dir)
    assert report.renamed == [("talks.txt", "vienna.txt", before)]
    assert (report.added, report.removed) == ([], [])
    assert report.to_dict()["renamed"] == [{"from": "talks.txt", "to": "vienna.txt", "id": before}]
    assert ids_by_path(index_dir)["vienna.txt"] == before


def test_human_and_json_reports_of_a_rename(corpus, index_dir):
    (corpus / "talks.txt").rename(corpus / "vienna.txt")
    args = [sys.executable, "-m", "indexer", "update", "--corpus", str(corpus), "--index", str(index_dir)]
    human = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    counts = dict(re.findall(r"^  (\w+) +(\d+)$", human, re.MULTILINE))
    assert (counts["renamed"], counts["added"], counts["removed"]) == ("1", "0", "0")
    assert "talks.txt → vienna.txt" in human
    (corpus / "vienna.txt").rename(corpus / "talks.txt")
    out = json.loads(subprocess.run(args + ["--json"], capture_output=True, text=True, check=True).stdout)
    assert [(r["from"], r["to"]) for r in out["renamed"]] == [("vienna.txt", "talks.txt")]


def test_move_into_a_subfolder_keeps_the_id(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    (corpus / "2024" / "nov").mkdir(parents=True)
    (corpus / "talks.txt").rename(corpus / "2024" / "nov" / "talks.txt")
    report = run(corpus, index_dir)
    assert report.renamed == [("talks.txt", "2024/nov/talks.txt", before)]
    assert ids_by_path(index_dir)["2024/nov/talks.txt"] == before


def test_renamed_and_edited_at_once_keeps_the_id(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    (corpus / "talks.txt").unlink()
    edited = [PASSAGES[0].replace("Vienna", "Geneva")] + PASSAGES[1:]
    (corpus / "geneva.txt").write_text(story("Talks resume", edited))
    report = run(corpus, index_dir)
    assert report.renamed == [("talks.txt", "geneva.txt", before)]
    assert ids_by_path(index_dir)["geneva.txt"] == before


def test_a_different_article_under_a_new_name_is_not_a_rename(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    (corpus / "talks.txt").unlink()
    (corpus / "fresh.txt").write_text(story("Fresh", PASSAGES[:1] + ["Entirely new.", "Also new.", "New too."]))
    report = run(corpus, index_dir)
    assert (report.renamed, report.added, report.removed) == ([], ["fresh.txt"], ["talks.txt"])
    assert ids_by_path(index_dir)["fresh.txt"] != before


def test_an_old_id_answers_301_to_the_current_one(corpus, index_dir, client):
    """A deleted copy's id redirects to the copy that remains; a renamed file's path-derived id
    redirects to the id the article kept; the query string goes along."""
    shutil.copy(corpus / "talks.txt", corpus / "copy.txt")
    run(corpus, index_dir)
    kept, copy = ids_by_path(index_dir)["talks.txt"], ids_by_path(index_dir)["copy.txt"]
    (corpus / "copy.txt").unlink()
    run(corpus, index_dir)
    for route in ("/doc/", "/api/doc/", "/cite/"):
        response = client.get(f"{route}{copy}?q=talks&p=2")
        assert response.status_code == 301
        assert response.headers["Location"].endswith(f"{route}{kept}?q=talks&p=2")
        assert client.get(response.headers["Location"]).status_code == 200
    (corpus / "talks.txt").rename(corpus / "moved.txt")
    run(corpus, index_dir)
    response = client.get(f"/api/doc/{article_id('moved.txt')}")
    assert response.status_code == 301 and response.headers["Location"].endswith(f"/api/doc/{kept}")
    assert client.get(f"/doc/{kept}").status_code == 200
    assert client.get("/doc/nothing-12345678").status_code == 404


def test_rebuild_keeps_ids_and_redirects(corpus, index_dir, client):
    """Two copies go away and one file with their content appears: it keeps the smaller id
    (as groups of copies are named, whatever order the index holds them in); the other redirects."""
    shutil.copy(corpus / "talks.txt", corpus / "copy.txt")
    run(corpus, index_dir)
    copies = {ids_by_path(index_dir)["copy.txt"], ids_by_path(index_dir)["talks.txt"]}
    (corpus / "copy.txt").unlink()
    (corpus / "talks.txt").rename(corpus / "renamed.txt")
    run(corpus, index_dir)
    before = ids_by_path(index_dir)
    assert before["renamed.txt"] == min(copies)
    report = run(corpus, index_dir, full=True)
    assert report.rebuilt and ids_by_path(index_dir) == before
    assert client.get(f"/doc/{max(copies)}").status_code == 301


def test_rename_detected_by_a_rebuild(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    (corpus / "talks.txt").rename(corpus / "later.txt")
    report = run(corpus, index_dir, full=True)
    assert report.renamed == [("talks.txt", "later.txt", before)] and "later.txt" not in report.added
    assert ids_by_path(index_dir)["later.txt"] == before


def test_damaged_index_rebuilt_keeps_ids(corpus, index_dir):
    (corpus / "talks.txt").rename(corpus / "renamed.txt")
    run(corpus, index_dir)
    before = ids_by_path(index_dir)
    current = index_dir / store.current_name(index_dir)
    for child in current.iterdir():
        child.unlink()
    (corpus / "renamed.txt").rename(corpus / "again.txt")
    report = run(corpus, index_dir)
    assert report.rebuilt and report.rebuild_reason == "the index files were damaged"
    assert ids_by_path(index_dir) == {"again.txt": before["renamed.txt"], "other.txt": before["other.txt"]}


def test_deleted_then_restored_gets_its_old_id_back(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    saved = (corpus / "talks.txt").read_text()
    (corpus / "talks.txt").unlink()
    run(corpus, index_dir)
    assert "talks.txt" not in ids_by_path(index_dir)
    (corpus / "talks.txt").write_text(saved.replace("Vienna", "Geneva").replace("six", "seven"))
    run(corpus, index_dir)
    assert ids_by_path(index_dir)["talks.txt"] == before


def test_a_restored_path_whose_id_was_taken_gets_a_new_one(corpus, index_dir):
    before = ids_by_path(index_dir)["talks.txt"]
    (corpus / "talks.txt").rename(corpus / "keeper.txt")
    run(corpus, index_dir)
    (corpus / "talks.txt").write_text(story("Something else", ["Different words here.", "And here."]))
    run(corpus, index_dir)
    now = ids_by_path(index_dir)
    assert now["keeper.txt"] == before and now["talks.txt"] not in (before, now["other.txt"])


def test_copies_get_distinct_ids(corpus, index_dir):
    shutil.copy(corpus / "talks.txt", corpus / "copy1.txt")
    shutil.copy(corpus / "talks.txt", corpus / "copy2.txt")
    report = run(corpus, index_dir)
    assert sorted(report.added) == ["copy1.txt", "copy2.txt"] and report.renamed == []
    assert len(set(ids_by_path(index_dir).values())) == 4
    (corpus / "talks.txt").unlink()
    (corpus / "copy1.txt").unlink()
    shutil.copy(corpus / "copy2.txt", corpus / "copy3.txt")
    report = run(corpus, index_dir)
    assert len(report.renamed) == 1 and len(set(ids_by_path(index_dir).values())) == 3


def test_the_id_table_lives_beside_the_generations(corpus, index_dir):
    table = ids.load(index_dir)
    assert (index_dir / ids.FILE).is_file() and not list(index_dir.glob(f"{ids.FILE}.*.tmp"))
    assert {e.path for e in table.entries.values() if e.live} == {"talks.txt", "other.txt"}
    (index_dir / ids.FILE).write_text("not json")
    report = run(corpus, index_dir, full=True)
    assert any("ids.json" in w for w in report.warnings)
    assert ids.load(index_dir).paths.keys() == {"talks.txt", "other.txt"}


def test_an_unchanged_id_table_is_not_written_again(corpus, index_dir, monkeypatch):
    """An update that changes nothing writes nothing (and serialises nothing); one that adds a file
    writes the table, and what it writes is what load reads back."""
    written = []
    real = ids.replace_file
    monkeypatch.setattr(ids, "replace_file", lambda path, data: (written.append(path), real(path, data)))
    monkeypatch.setattr(ids.json, "dumps", lambda *a, **k: pytest.fail("an unchanged table was serialised"))
    run(corpus, index_dir)
    assert written == []
    monkeypatch.undo()
    monkeypatch.setattr(ids, "replace_file", lambda path, data: (written.append(path), real(path, data)))
    (corpus / "new.txt").write_text(story("New story", ["A wholly different text about harvests in the north."]))
    run(corpus, index_dir)
    assert len(written) == 1
    assert ids.load(index_dir).paths.keys() == {"talks.txt", "other.txt", "new.txt"}


def test_a_table_loaded_for_writing_is_saved_once_changed(tmp_path):
    table = ids.IdTable({"a": ids.Entry("a.txt", "1", ["f"])}, {"a.txt": "a"})
    assert ids.save(tmp_path, table) is True
    loaded = ids.load(tmp_path, for_writing=True)
    assert ids.save(tmp_path, loaded) is False
    loaded.entries["a"] = ids.Entry("a.txt", "1", [], live=False)     # as Identities.finish changes it
    assert ids.save(tmp_path, loaded) is True
    assert ids.load(tmp_path).entries["a"].live is False
    assert ids.save(tmp_path, ids.load(tmp_path)) is False      # the file's own text: not written either
