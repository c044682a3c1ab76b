"""Walking the corpus: formats, subfolders, symbolic links, control files."""

import os

from indexer.article import article_id, passage_fingerprint
from indexer.corpus.files import scan


def test_scan_lists_articles_in_subfolders_and_skips_other_formats(make_corpus):
    root = make_corpus({"a.txt": "x", "sub/b.html": "<p>x</p>", "sub/deeper/c.md": "x",
                        "d.HTM": "x", "notes.pdf": b"%PDF", ".hidden.txt": "x",
                        "metadata.csv": "path\n", "sub/metadata.csv": "x"})
    result = scan(root)
    assert sorted(result.files) == ["a.txt", "d.HTM", "sub/b.html", "sub/deeper/c.md"]
    assert [p for p, _ in result.skipped] == ["notes.pdf", "sub/metadata.csv"]
    assert all("not an article format" in reason for _, reason in result.skipped)


def test_symlinks_are_never_followed(make_corpus, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    root = make_corpus({"a.txt": "x"})
    os.symlink(outside, root / "link.txt")
    os.symlink(root, root / "loop")
    result = scan(root)
    assert list(result.files) == ["a.txt"]
    assert dict(result.skipped) == {"link.txt": "symbolic link (not followed)",
                                    "loop": "symbolic link (not followed)"}


def test_stat_fields(make_corpus):
    root = make_corpus({"a.txt": "hello"})
    entry = scan(root).files["a.txt"]
    assert entry.size == 5 and entry.mtime_ns > 0 and entry.stamp.startswith("5:")


def test_article_id_is_stable_url_safe_and_unique():
    assert article_id("sub/My File.txt") == article_id("sub/My File.txt")
    assert article_id("a/x.txt") != article_id("b/x.txt")
    for relpath in ["../../etc/passwd", "ä ö/Ελλάδα.txt", "a/b/c.d.e.txt", "'\"<x>.txt"]:
        ident = article_id(relpath)
        assert "/" not in ident and ".." not in ident
        assert all(c.isalnum() or c in "-_" for c in ident)


def test_passage_fingerprint_ignores_case_space_and_punctuation():
    assert passage_fingerprint("Hello,  World!") == passage_fingerprint("hello world")
    assert passage_fingerprint("hello world") != passage_fingerprint("hello there")
