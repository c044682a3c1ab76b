"""``clippings update`` and ``rebuild`` into a searchd cluster follow the Whoosh index's rules.

The judge is the Whoosh path: the same corpus changes go to a Whoosh index
and to the cluster, and the reports (``regrouped`` included), the id tables
and the stored documents (groups of copies and corpus-wide speaker names
included) must be the same; rows live on the shard their story's id hashes
to, on every copy of it, and carry their story's size.
"""

from __future__ import annotations

import json
import os
import shutil

import pymysql
from click.testing import CliRunner

from helpers import copy_seed_corpus, index_corpus
from searchd_corpus import write_made_corpus
from indexer.cli import main
from indexer.index import ids, store
from indexer.searchd import schema
from indexer.sync.update import run


def comparable(report) -> dict:
    data = report.to_dict()
    data.pop("seconds")
    return data


def rows_by_copy(cluster) -> dict:
    """shard -> [{article id: (path, stamp, stored fields, story size)} per copy]."""
    out = {}
    for shard, mirrors in enumerate(cluster.cluster.shards):
        out[shard] = []
        for node in mirrors:
            conn = pymysql.connect(host=node.host, port=node.port, autocommit=True)
            with conn.cursor() as cur:
                cur.execute(f"SELECT article, path, stamp, stored, story_size FROM {schema.INDEX} LIMIT 10000 "
                            "OPTION max_matches=10000")
                out[shard].append({a: (json.loads(p), s, json.loads(f), n) for a, p, s, f, n in cur.fetchall()})
            conn.close()
    return out


def whoosh_documents(index_dir) -> dict:
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        return {f["id"]: f for f in searcher.all_stored_fields()}


def test_updates_report_and_store_what_the_whoosh_index_does(searchd, tmp_path):
    corpus = copy_seed_corpus(tmp_path / "corpus")
    write_made_corpus(corpus / "made", n=30)
    whoosh_dir, state = tmp_path / "whoosh", tmp_path / "state"

    def both():
        a = comparable(run(corpus, whoosh_dir))
        b = comparable(searchd.index(corpus, state))
        assert b == a
        assert ids.load(state) == ids.load(whoosh_dir)
        copies = rows_by_copy(searchd)
        held, sizes = {}, {}
        for shard, per_copy in copies.items():
            assert all(copy == per_copy[0] for copy in per_copy), "every copy holds the same rows"
            for article, (_path, _stamp, fields, size) in per_copy[0].items():
                assert schema.shard_of(fields["group"], 2) == shard
                held[article], sizes[article] = fields, size
        expected = whoosh_documents(whoosh_dir)
        assert held == expected
        assert sizes == {k: sum(f["group"] == v["group"] for f in expected.values()) for k, v in expected.items()}
        return b

    assert both()["rebuilt"]
    assert both()["unchanged"] == 38
    made = sorted((corpus / "made").rglob("*.txt"))
    os.rename(made[0], corpus / "moved.txt")                                  # a rename
    made[1].unlink()                                                           # a deletion
    made[2].write_text(made[2].read_text() + "\nOne more paragraph.\n")       # a change
    os.utime(made[3], ns=(1, 1))                                               # a touch
    (corpus / "new.txt").write_text("New article\n\nAbout herons, said nobody.\n")
    shutil.copy(made[4], corpus / "copy.txt")                                  # a copy
    report = both()
    assert report["renamed"][0]["to"] == "moved.txt" and report["removed"] == [made[1].relative_to(corpus).as_posix()]
    assert report["changed"] == [made[2].relative_to(corpus).as_posix()]
    assert sorted(report["added"]) == ["copy.txt", "new.txt"]
    assert report["regrouped"] == 1                    # made[4]: its story is now named by copy.txt's id
    (corpus / "new.txt").write_bytes(b"\x00\x01binary")                      # now a failed file
    assert both()["failed"]
    assert both()["rebuilt"] is False
    (corpus / "copy.txt").unlink()                                             # made[4] alone again
    shutil.copy(made[5], corpus / "made" / "zz-copy.txt")                      # a copy named after its story
    (corpus / "reagan-a.txt").write_text('Alpha\n\n"We will wait," President Reagan said.\n')
    (corpus / "reagan-b.txt").write_text('Beta\n\n"Taxes will not rise," Ronald Reagan said on Monday.\n')
    assert both()["regrouped"] == 1
    speakers = {f["path"]: f["speakers"] for f in whoosh_documents(whoosh_dir).values()}
    assert speakers["reagan-a.txt"] == ["Ronald Reagan"]                       # the corpus-wide name, on both
    (corpus / "reagan-b.txt").unlink()
    both()
    speakers = {f["path"]: f["speakers"] for f in whoosh_documents(whoosh_dir).values()}
    assert speakers["reagan-a.txt"] == ["Reagan"]                              # as extracted again


def test_rebuild_replaces_every_row_and_drops_rows_of_files_gone(searchd, tmp_path):
    corpus = copy_seed_corpus(tmp_path / "corpus")
    state = tmp_path / "state"
    searchd.index(corpus, state)
    node = searchd.cluster.shards[0][0]
    stray = schema.row({"id": "stray-00000000", "path": "stray.txt", "stamp": "1:1:x:-", "title": "Stray"})
    conn = pymysql.connect(host=node.host, port=node.port, autocommit=True)
    with conn.cursor() as cur:
        columns = schema.columns()
        cur.execute(f"REPLACE INTO {schema.INDEX} ({','.join(columns)}) VALUES ({','.join(['%s'] * len(columns))})",
                    tuple(stray[c] for c in columns))
    conn.close()
    report = searchd.index(corpus, state, full=True)
    assert report.rebuilt and report.rebuild_reason == "asked for" and len(report.added) == 5
    held = {a for per_copy in rows_by_copy(searchd).values() for copy in per_copy for a in copy}
    assert "stray-00000000" not in held and len(held) == 5


def test_the_command_line_starts_a_cluster_indexes_into_it_and_stops_it(tmp_path, monkeypatch):
    folder = tmp_path / "cluster"
    runner = CliRunner()
    result = runner.invoke(main, ["searchd", "up", "--dir", str(folder)])
    assert result.exit_code == 0, result.output
    try:
        lines = dict(line.split(" ", 1)[1].split("=", 1) for line in result.output.splitlines() if line.startswith("export"))
        assert lines["CLIPPINGS_BACKEND"] == "searchd"
        spec = lines["CLIPPINGS_SEARCHD"].strip("'")
        assert spec.startswith("master=127.0.0.1:") and spec.count("shard=127.0.0.1:") == 2
        monkeypatch.setenv("CLIPPINGS_BACKEND", "searchd")
        monkeypatch.setenv("CLIPPINGS_SEARCHD", spec)
        corpus = copy_seed_corpus(tmp_path / "corpus")
        result = runner.invoke(main, ["update", "--corpus", str(corpus), "--index", str(tmp_path / "state"), "--json"])
        assert result.exit_code == 0 and json.loads(result.output)["documents"] == 5, result.output
        result = runner.invoke(main, ["stats", "--index", str(tmp_path / "state"), "--json"])
        whoosh = index_corpus(corpus, tmp_path / "whoosh")
        monkeypatch.delenv("CLIPPINGS_BACKEND")
        expected = json.loads(runner.invoke(main, ["stats", "--index", str(whoosh), "--json"]).output)
        figures = json.loads(result.output)
        for key in ("documents", "outlets", "speakers", "date_range", "undated"):
            assert figures[key] == expected[key], key
        monkeypatch.setenv("CLIPPINGS_BACKEND", "searchd")
        monkeypatch.setenv("CLIPPINGS_SEARCHD", "master=nowhere")
        bad = runner.invoke(main, ["update", "--corpus", str(corpus), "--index", str(tmp_path / "state")])
        assert bad.exit_code == 1 and "is not HOST:PORT" in bad.output, bad.output
    finally:
        result = runner.invoke(main, ["searchd", "down", "--dir", str(folder)])
    assert result.exit_code == 0 and result.output.startswith("stopped 3 searchd processes")
    assert runner.invoke(main, ["searchd", "down", "--dir", str(folder)]).output.startswith("stopped 0")


def test_a_search_after_an_update_sees_it_though_the_same_search_was_answered_before(searchd, tmp_path):
    """The web app keeps answers (totals, facet counts, copies) and the index's speakers while
    the shards' stamps stay the same; a write changes its shard's stamp, so the next request
    asks again."""
    from webapp import create_app
    corpus = copy_seed_corpus(tmp_path / "corpus")
    state = tmp_path / "state"
    searchd.index(corpus, state)
    app = create_app(searchd.config(state) | {"CORPUS_DIR": str(corpus)})
    client = app.test_client()
    url = "/api/search?q=herons&per_page=10"
    try:
        before = client.get(url).get_json()
        assert before["total"] == 0 and client.get(url).get_json()["total"] == 0      # asked twice: kept
        assert client.get("/api/speaker/Ada%20Lovelock").status_code == 404
        (corpus / "new.txt").write_text('New article\n\n"The herons are back," Ada Lovelock said on 3 March 2031.\n')
        searchd.index(corpus, state)
        assert client.get("/api/speaker/Ada%20Lovelock").status_code == 200       # the speakers read again
        after = client.get(url).get_json()
        assert after["total"] == 1 and [r["title"] for r in after["results"]] == ["New article"]
        assert [v["value"] for v in after["facets"]["speaker"]] == ["Ada Lovelock"]
    finally:
        app.extensions["clippings_backend"].close()


def test_what_the_cluster_holds_is_read_whole_in_pages_of_any_size(searchd, tmp_path, monkeypatch):
    """The listing of every copy (paged by id, :data:`indexer.searchd.sink.PAGE` rows at a time) and
    a shard's terms are the same whether one page holds them or many."""
    from indexer.searchd import sink
    corpus = copy_seed_corpus(tmp_path / "corpus")
    write_made_corpus(corpus / "made", n=12)
    state = tmp_path / "state"
    searchd.index(corpus, state)

    def held():
        current = sink.SearchdTarget(searchd.cluster, state).open()
        try:
            return current.listing(), current.copies.paged(0, "term", schema.TERMS_INDEX)
        finally:
            current.close()

    whole = held()
    monkeypatch.setattr(sink, "PAGE", 3)
    assert len(whole[0]) == 20 and len(whole[1]) > 3
    assert held() == whole
