"""Nothing lost: no command deletes or rewrites anything in corpus/, and corpus/ alone rebuilds the index.

Two independent checks over a full run of every command (``update``,
``rebuild``, ``stats``, ``inspect``, the web app's pages and API and its
``flask status`` command):

* a snapshot of the corpus (every entry, hidden ones included: type, mode,
  size, modification time, SHA-256 or link target) is identical before
  and after;
* a Python audit hook records every operation that could change a file
  (opening for writing, creating, removing, renaming, truncating, changing
  times or modes) and none of them touches the corpus.  The same hook
  shows the web app writes nothing into the index either.

Then the index is deleted and rebuilt from the corpus alone, and every
stored document comes back identical.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.index import store
from indexer.cli import main

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_CHANGING_EVENTS = {
    "os.remove": 1, "os.rmdir": 1, "os.mkdir": 2, "os.chmod": 2, "os.chown": 3, "os.utime": 3,
    "os.truncate": None, "os.symlink": 2, "os.link": 2, "os.rename": 2, "os.chflags": None,
    "os.setxattr": None, "os.removexattr": None, "shutil.rmtree": 1, "shutil.move": None,
    "shutil.copyfile": None, "shutil.copytree": None, "os.mknod": None,
}


class WriteAudit:
    """Paths that file-changing operations touched while ``recording`` was on (this process)."""

    def __init__(self):
        self.recording = False
        self.owner = None
        self.touched: list[tuple[str, str]] = []

    def hook(self, event: str, args: tuple) -> None:
        if not self.recording:
            return
        if event == "open":
            path, _mode, flags = args
            if isinstance(flags, int) and flags & _WRITE_FLAGS and path is not None:
                self._note(event, path, None)
        elif event in _CHANGING_EVENTS:
            paths = [a for a in args if isinstance(a, (str, bytes, os.PathLike))]
            dir_fd_at = _CHANGING_EVENTS[event]
            dir_fd = args[dir_fd_at] if dir_fd_at is not None and len(args) > dir_fd_at else None
            for path in paths[:2]:
                self._note(event, path, dir_fd if isinstance(dir_fd, int) and dir_fd >= 0 else None)

    def _note(self, event, path, dir_fd) -> None:
        if isinstance(path, int):
            return
        path = os.fsdecode(path)
        if not os.path.isabs(path):
            base = os.readlink(f"/proc/self/fd/{dir_fd}") if dir_fd is not None else os.getcwd()
            path = os.path.join(base, path)
        self.touched.append((event, os.path.realpath(path)))

    def under(self, folder: Path) -> list[tuple[str, str]]:
        root = os.path.realpath(folder)
        return [(e, p) for e, p in self.touched if p == root or p.startswith(root + os.sep)]


AUDIT = WriteAudit()
sys.addaudithook(AUDIT.hook)      # audit hooks cannot be removed; this one records only when asked


@pytest.fixture
def audit():
    AUDIT.touched = []
    AUDIT.recording = True
    try:
        yield AUDIT
    finally:
        AUDIT.recording = False


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under ``root`` (links not followed) with what identifies its content."""
    found = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    content = hashlib.sha256(f.read()).hexdigest()
            elif stat.S_ISLNK(st.st_mode):
                content = os.readlink(path)
            else:
                content = None
            found[os.path.relpath(path, root)] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode),
                                                  st.st_size if not stat.S_ISDIR(st.st_mode) else 0,
                                                  st.st_mtime_ns, content)
    return found


def stored_documents(index_dir: Path) -> dict[str, dict]:
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        return {fields["id"]: fields for fields in searcher.all_stored_fields()}


@pytest.fixture
def busy_corpus(seed_corpus, tmp_path) -> Path:
    """The seed articles plus the kinds of things people keep beside them."""
    (seed_corpus / "sub").mkdir()
    (seed_corpus / "sub" / "copy.md").write_text("# A copy\n\nThe minister said the talks went well.\n")
    (seed_corpus / "sub" / "page.html").write_text(
        "<html><head><title>Page</title></head><body><p>The spokesman said the agreement "
        "would hold, adding that talks would continue next week in Geneva.</p></body></html>")
    (seed_corpus / ".hidden.txt").write_text("hidden notes")
    (seed_corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    (seed_corpus / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    (seed_corpus / "empty.txt").write_bytes(b"")
    (seed_corpus / "outlets.csv").write_text("outlet,kind,value\nDOD News,alias,DoD News\n")
    (tmp_path / "outside.txt").write_text("outside the corpus")
    os.symlink(tmp_path / "outside.txt", seed_corpus / "link.txt")
    os.mkfifo(seed_corpus / "pipe.txt")
    return seed_corpus


def run_every_command(corpus: Path, index_dir: Path) -> None:
    """Every command the project has, over ``corpus`` and ``index_dir``."""
    runner = CliRunner()

    def cli(*args, codes=(0, 1)):
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code in codes, result.output
        return result
    cli("update", "--corpus", corpus, "--index", index_dir)
    cli("update", "--corpus", corpus, "--index", index_dir, "--json")
    cli("rebuild", "--corpus", corpus, "--index", index_dir)
    cli("stats", "--index", index_dir, codes=(0,))
    cli("stats", "--index", index_dir, "--json", codes=(0,))
    articles = sorted(p for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".html") and p.is_file())
    cli("inspect", "--corpus", corpus, *articles)
    cli("inspect", "--corpus", corpus, "--json", *articles)


def serve_every_page(corpus: Path, index_dir: Path) -> int:
    """Ask the web app for every kind of page and every document; returns the number of requests."""
    from webapp import create_app
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus)})
    client = app.test_client()
    ids = sorted(stored_documents(index_dir))
    urls = ["/", "/?q=minister", "/api/search?q=talks", "/api/search?q=said&sort=newest",
            "/facets/outlet", "/facets/speaker", "/doc/no-such-id", "/api/doc/no-such-id", "/static/../x"]
    for doc_id in ids:
        urls += [f"/doc/{doc_id}", f"/api/doc/{doc_id}", f"/doc/{doc_id}?q=minister&p=1"]
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
    result = app.test_cli_runner().invoke(args=["status"])
    assert result.exit_code == 0, result.output
    return len(urls)


def test_no_command_changes_the_corpus(busy_corpus, tmp_path, audit):
    index_dir = tmp_path / "index"
    before = snapshot(busy_corpus)
    run_every_command(busy_corpus, index_dir)
    after_indexing = list(audit.touched)
    assert audit.under(index_dir), "the audit saw no write at all: it is not working"
    requests = serve_every_page(busy_corpus, index_dir)
    assert requests > 10
    assert audit.under(busy_corpus) == []
    assert snapshot(busy_corpus) == before
    # The web app only reads the index.
    web_writes = [t for t in audit.touched[len(after_indexing):] if t in audit.under(index_dir)]
    assert web_writes == []


def test_the_index_is_rebuilt_from_the_corpus_alone(busy_corpus, tmp_path):
    index_dir = tmp_path / "index"
    CliRunner().invoke(main, ["update", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    before = stored_documents(index_dir)
    assert len(before) == 7            # five seed articles, sub/copy.md and sub/page.html
    shutil.rmtree(index_dir)            # everything but the corpus is gone
    result = CliRunner().invoke(main, ["update", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    assert result.exit_code == 1        # broken.txt and empty.txt are reported, as before
    assert stored_documents(index_dir) == before


def test_a_damaged_index_is_rebuilt_from_the_corpus(busy_corpus, tmp_path):
    """Whatever happened to the index folder, 'rebuild' makes it whole again from the corpus."""
    index_dir = tmp_path / "index"
    runner = CliRunner()
    runner.invoke(main, ["update", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    before = stored_documents(index_dir)
    generation = index_dir / store.current_name(index_dir)
    for path in generation.iterdir():   # every file of the index truncated
        path.write_bytes(b"")
    result = runner.invoke(main, ["rebuild", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert stored_documents(index_dir) == before
    (index_dir / store.POINTER).write_text("gen-../../etc\n")      # a pointer gone wrong
    result = runner.invoke(main, ["update", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert stored_documents(index_dir) == before


@pytest.mark.parametrize("damage", ["truncated segments", "garbage everywhere", "garbage pointer", "NUL pointer"])
def test_update_repairs_a_damaged_index_from_the_corpus(busy_corpus, tmp_path, damage):
    """Regression: a truncated segment file made 'update' and 'stats' die with a struct.error traceback."""
    index_dir = tmp_path / "index"
    runner = CliRunner()
    runner.invoke(main, ["update", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    before = stored_documents(index_dir)
    generation = index_dir / store.current_name(index_dir)
    if damage == "truncated segments":
        segment_files = [p for p in generation.glob("MAIN_*") if p.name != "MAIN_WRITELOCK"]
        assert segment_files
        for path in segment_files:
            path.write_bytes(b"")
    elif damage == "garbage everywhere":
        for path in generation.iterdir():
            path.write_bytes(os.urandom(300))
    elif damage == "garbage pointer":
        (index_dir / store.POINTER).write_bytes(os.urandom(64))
    else:
        (index_dir / store.POINTER).write_bytes(b"gen-\x00/../x")
    stats = runner.invoke(main, ["stats", "--index", str(index_dir)])
    assert stats.exit_code == 1 and "Traceback" not in stats.output
    assert "no index" in stats.output or "damaged" in stats.output
    result = runner.invoke(main, ["update", "--corpus", str(busy_corpus), "--index", str(index_dir)])
    assert result.exit_code == 1 and "rebuilt from scratch" in result.output
    assert stored_documents(index_dir) == before
