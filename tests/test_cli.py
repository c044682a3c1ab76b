"""The command line through click's CliRunner, plus `python -m indexer` in real processes."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import config
from indexer.index import store
from indexer.cli import EXIT_BUSY, main, update

ROOT = Path(__file__).resolve().parent.parent


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def test_update_prints_a_summary(seed_corpus, index_dir):
    result = invoke("update", "--corpus", seed_corpus, "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert "rebuilt from scratch (there was no index yet)" in result.output
    assert re.search(r"added\s+5\n", result.output)
    assert "The index holds 5 articles." in result.output
    result = invoke("update", "--corpus", seed_corpus, "--index", index_dir)
    assert re.search(r"unchanged\s+5\n", result.output) and re.search(r"added\s+0\n", result.output)


def test_update_reports_failures_with_exit_status_1(seed_corpus, index_dir):
    (seed_corpus / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    result = invoke("update", "--corpus", seed_corpus, "--index", index_dir)
    assert result.exit_code == 1
    assert "broken.txt: binary data" in result.output


def test_update_json_report(seed_corpus, index_dir):
    (seed_corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = invoke("update", "--corpus", seed_corpus, "--index", index_dir, "--json")
    report = json.loads(result.output)
    assert len(report["added"]) == 5 and report["failed"] == []
    assert report["skipped"] == [{"path": "notes.pdf", "reason": "not an article format (.txt, .md, .html, .htm)"}]


def test_environment_variables_set_the_folders(seed_corpus, index_dir):
    env = {"CLIPPINGS_CORPUS": str(seed_corpus), "CLIPPINGS_INDEX": str(index_dir)}
    assert invoke("update", env=env).exit_code == 0
    assert store.current_name(index_dir) is not None
    stats = json.loads(invoke("stats", "--json", env=env).output)
    assert stats["documents"] == 5


def test_default_folders_are_the_projects_whatever_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLIPPINGS_INDEX", raising=False)
    defaults = {param.name: param.default for param in update.params}
    assert defaults["index"] == config.default_index_dir() == ROOT / "instance" / "index"
    assert defaults["corpus"] == config.default_corpus_dir() == ROOT / "corpus"
    # Wide enough that click never wraps the path (it breaks lines at hyphens of long paths).
    wide = CliRunner().invoke(main, ["update", "--help"], terminal_width=10_000, catch_exceptions=False)
    assert str(ROOT / "instance" / "index") in wide.output


def test_a_busy_index_exits_with_status_3(seed_corpus, index_dir):
    with store.writer_lock(index_dir):
        result = invoke("update", "--corpus", seed_corpus, "--index", index_dir, "--wait", "0")
    assert result.exit_code == EXIT_BUSY
    assert re.fullmatch(r"Error: another indexer \(pid \d+\) is updating .*\n", result.output)


def test_a_bad_control_file_is_one_clear_message(seed_corpus, index_dir):
    (seed_corpus / "people.csv").write_text("name,alias\nOnly One\n")
    for command in (("update", "--index", index_dir), ("inspect", seed_corpus / "000_37a6eac469d99020.txt")):
        result = invoke(*command, "--corpus", seed_corpus)
        assert result.exit_code == 1
        assert result.output == f"Error: {seed_corpus / 'people.csv'} line 2: expected 'name,alias': ['Only One']\n"
    assert store.current_name(index_dir) is None


def test_a_missing_corpus_is_bad_usage(tmp_path):
    result = invoke("update", "--corpus", tmp_path / "nope", "--index", tmp_path / "index")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_rebuild_starts_from_nothing(seed_corpus, index_dir):
    invoke("update", "--corpus", seed_corpus, "--index", index_dir)
    first = store.current_name(index_dir)
    result = invoke("rebuild", "--corpus", seed_corpus, "--index", index_dir)
    assert result.exit_code == 0, result.output
    assert "rebuilt from scratch (asked for)" in result.output and re.search(r"added\s+5\n", result.output)
    assert store.current_name(index_dir) != first
    assert store.open_current(index_dir).index.doc_count() == 5


def test_stats_json(seed_index):
    stats = json.loads(invoke("stats", "--index", seed_index, "--json").output)
    assert stats["documents"] == 5
    assert stats["outlets"] == {"U.S. Department of Defense": 3, "Newsweek": 1, "Ukrainska Pravda": 1}
    assert stats["speakers"]["Pat Ryder"] == 2 and stats["speakers"]["Lloyd Austin"] >= 2
    assert stats["date_range"] == {"from": "2024-10-31", "to": "2024-12-03"}
    assert stats["undated"] == 1 and stats["updated"]


def test_stats_without_index_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["stats", "--index", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no index in" in result.output and "clippings update" in result.output


def test_inspect_json_one_line_per_file_and_no_index_touched(seed_corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = sorted(seed_corpus.glob("00*.txt"))
    result = invoke("inspect", "--json", "--corpus", seed_corpus, *files)
    lines = result.output.strip().split("\n")
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert set(first) == {"path", "id", "title", "date", "outlet", "author", "url", "speakers", "passages", "text",
                          "lang", "standfirst"}
    assert first["passages"][0]["n"] == 1 and set(first["passages"][0]) == {"n", "text", "speakers", "quotes", "pre"}
    quoted = [(p, q) for p in first["passages"] for q in p["quotes"]]
    assert quoted and all(set(q) == {"start", "end", "speaker"} and q["speaker"] in p["speakers"]
                          and 0 <= q["start"] < q["end"] <= len(p["text"]) for p, q in quoted)
    assert first["text"] == "\n\n".join(p["text"] for p in first["passages"])
    assert not (tmp_path / "instance").exists()


def test_inspect_reports_unreadable_files(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00" * 10)
    result = CliRunner().invoke(main, ["inspect", "--json", str(tmp_path / "bin.txt"), str(tmp_path / "x.txt")])
    assert result.exit_code == 1
    errors = [json.loads(line) for line in result.output.strip().split("\n")]
    assert [e["error"] for e in errors] == ["binary data (contains NUL bytes)", "No such file or directory"]


def test_python_dash_m_indexer_and_a_concurrent_second_indexer(seed_corpus, index_dir):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with store.writer_lock(index_dir):
        busy = subprocess.run([sys.executable, "-m", "indexer", "update", "--corpus", str(seed_corpus),
                               "--index", str(index_dir), "--wait", "0"],
                              capture_output=True, text=True, env=env, timeout=120)
    assert busy.returncode == EXIT_BUSY
    assert "another indexer" in busy.stderr and "Traceback" not in busy.stderr
    ok = subprocess.run([sys.executable, "-m", "indexer", "update", "--corpus", str(seed_corpus),
                         "--index", str(index_dir)], capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0 and re.search(r"added\s+5\n", ok.stdout)


def test_two_indexers_started_together_both_finish_cleanly(make_corpus, index_dir):
    corpus = make_corpus({f"f{i}.txt": f"Title {i}\n\nBody {i} said the minister." for i in range(150)})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "indexer", "update", "--corpus", str(corpus), "--index", str(index_dir),
           "--wait", "600"]   # generous: the machine may be busy; the point is that one waits
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert not any("Traceback" in err or "LockError" in err for _, err in outs)
    added = sorted(int(re.search(r"added\s+(\d+)", out).group(1)) for out, _ in outs)
    assert added == [0, 150], outs


def test_stats_after_an_update_that_adds_a_segment_without_outlets_or_dates(make_corpus, index_dir):
    # Regression: Whoosh's multi-segment column reader misplaced documents when
    # a segment had no outlet, speaker or date column at all.
    corpus = make_corpus({"a.txt": " outlet Newsweek\nAlpha\n\nNovember 4, 2024\n\n\"Yes,\" said Jane Roe.\n"})
    invoke("update", "--corpus", corpus, "--index", index_dir)
    (corpus / "b.txt").write_text("Beta\n\nNo date, no outlet, nobody quoted.\n")
    invoke("update", "--corpus", corpus, "--index", index_dir)
    result = invoke("stats", "--index", index_dir, "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert (stats["documents"], stats["outlets"], stats["speakers"]) == (2, {"Newsweek": 1}, {"Jane Roe": 1})
    assert stats["date_range"] == {"from": "2024-11-04", "to": "2024-11-04"} and stats["undated"] == 1


def test_commands_that_extract_nothing_start_without_the_extraction_imports(tmp_path):
    """``clippings stats``, ``users``, ``searchd`` need neither extraction (NLTK, lxml) nor the update
    machinery (NumPy): importing the command line loads none of them; ``inspect`` and ``update`` do."""
    probe = ("import json, sys; import indexer.cli; "
             "print(json.dumps([m for m in ('numpy', 'nltk', 'lxml', 'indexer.extract', 'indexer.sync.update') "
             "if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []


def test_an_error_outside_the_library_is_not_turned_into_a_message():
    from indexer.cli import library_errors
    with pytest.raises(ZeroDivisionError):
        with library_errors():
            1 / 0
