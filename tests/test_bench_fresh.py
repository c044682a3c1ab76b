"""The fresh held-out set's loader (bench/fresh_html.py) on a small folder laid out like the real one."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import eval_html_fresh, fresh_html  # noqa: E402

PAD = "<!--" + "x" * fresh_html.MIN_HTML_BYTES + "-->"


def _lay_out(root: Path) -> None:
    news = root / "extractor-tests" / "newspaper"
    (news / "html").mkdir(parents=True)
    (news / "txt").mkdir()
    (news / "html" / "a.html").write_text(f"<html><body><p>Story A.</p>{PAD}</body></html>")
    (news / "txt" / "a.txt").write_text("Story A.")
    (news / "html" / "copy.html").write_text(f"<html><body><p>Story A.</p>{PAD}</body></html>")  # same HTML
    (news / "txt" / "copy.txt").write_text("Story A.")
    (news / "html" / "tiny.html").write_text("<p>A fixture of one rule.</p>")  # too small: not a page
    (news / "txt" / "tiny.txt").write_text("A fixture of one rule.")
    moz = root / "extractor-tests" / "readability" / "site-1"
    moz.mkdir(parents=True)
    (moz / "source.html").write_text(f"<html><body><p>Story B.</p>{PAD}</body></html>")
    (moz / "expected.html").write_text("<div><p>First paragraph.</p><script>x()</script><p>Second.</p></div>")


def test_loader_keeps_real_pages_once_with_their_gold(tmp_path):
    _lay_out(tmp_path)
    pages = fresh_html.load(tmp_path)
    assert [p.name for p in pages] == ["newspaper/a", "readability/site-1"]
    assert pages[0].gold == "Story A."
    assert pages[1].gold.split() == ["First", "paragraph.", "Second."]


def test_a_missing_folder_is_a_note_not_an_error(tmp_path):
    rows = eval_html_fresh.evaluate(tmp_path)
    assert len(rows) == 1 and "skipped" in rows[0]["note"]
