"""Files replaced whole (indexer/index/files.py)."""

from __future__ import annotations

import os
import stat

import pytest

from indexer.index.files import replace_file


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_file_is_replaced_whole_with_no_temporary_file_left(tmp_path):
    target = tmp_path / "state.json"
    replace_file(target, "one")
    replace_file(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
    assert _mode(target) == 0o644


def test_a_private_file_is_never_readable_by_others(tmp_path):
    target = tmp_path / "users.json"
    replace_file(target, "secret", private=True)
    assert _mode(target) == 0o600


def test_a_failed_write_keeps_the_old_content_and_removes_its_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "ids.json"
    replace_file(target, "old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        replace_file(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["ids.json"]
