"""Bad files: a generated corpus of hostile files is indexed without the run stopping.

Every file of the corpus ends up either searchable (the good ones, each by
a word only it contains) or in the report with its reason.  Nothing outside
the corpus is read.

How "unreadable" is made real although the tests run as root (for whom
``chmod 000`` changes nothing): the run happens in a forked child that
has dropped to user ``nobody`` (uid 65534) after the parent loaded every
module, so the kernel refuses the read with EACCES.  A second case makes
the read itself fail with EIO by replacing ``os.read`` in-process for one
file's descriptor, the way a failing disk would.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import json
import os
import random
import shutil
import signal
import tempfile
import time
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from whoosh.qparser import MultifieldParser

from indexer.corpus import files as corpus_files
from indexer.index import store
from indexer.sync import extraction, reading
from indexer.sync import pool as worker_pool
from indexer.cli import main
from indexer.sync.update import run

MB = 1024 * 1024


def article(marker: str, title: str | None = None) -> str:
    """A small plain-text article that the word ``marker`` (and nothing else) identifies."""
    title = title or f"Officials report on {marker}"
    return (f"{title}\n\nNovember 4, 2024\n\nThe minister said the talks on {marker} went well on "
            "Tuesday, adding that the officials would meet again next week.\n")


def html_page(title: str, body: str) -> str:
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


PARAGRAPH = ("<p>The minister said the talks on {marker} went well on Tuesday, adding that "
             "the officials would meet again next week to settle the remaining points.</p>")

# Good files: relative path -> the word that must find exactly that file.
GOOD: dict[str, tuple[str, bytes]] = {}
# Bad files: relative path -> (content or None when made specially, part of the expected reason).
BAD: dict[str, tuple[bytes | None, str]] = {}


def good(relpath: str, marker: str, data: bytes | str) -> None:
    GOOD[relpath] = (marker, data.encode("utf-8") if isinstance(data, str) else data)


def bad(relpath: str, data: bytes | str | None, reason: str) -> None:
    BAD[relpath] = (data.encode("utf-8") if isinstance(data, str) else data, reason)


good("plain.txt", "zebrafinch", article("zebrafinch"))
good("invalid-utf8.txt", "kestrel",
     article("kestrel").encode("utf-8") + b"Bad bytes \xff\xfe\xc3\x28 and caf\xe9.\n")
good("utf16-le-bom.txt", "pelican", codecs.BOM_UTF16_LE + article("pelican").encode("utf-16-le"))
good("utf16-be-bom.txt", "cormorant", codecs.BOM_UTF16_BE + article("cormorant").encode("utf-16-be"))
good("utf16-le-nobom.txt", "heron", article("heron").encode("utf-16-le"))
good("utf16-be-nobom.txt", "egret", article("egret").encode("utf-16-be"))
good("cp1252.txt", "bittern", article("bittern").replace("talks", "“talks” café").encode("cp1252"))
good("deep-divs.html", "albatross",
     html_page("Deep", "<div>" * 10_000 + PARAGRAPH.format(marker="albatross") + "</div>" * 10_000))
good("deep-unclosed.html", "petrel",
     html_page("Deeper", "<div><span>" * 10_000 + PARAGRAPH.format(marker="petrel")))
good("broken-markup.html", "osprey",
     "<html><head><title>Broken &amp markup &#xZZ; &#99999999; &bogus;</title><body>"
     "<p>The minister said the talks on osprey went well &nbsp on Tuesday &lt;script&gt; adding "
     "that <b>officials <i>would <p>meet again next week to settle the remaining points &amp "
     "more <div><span><table><tr><td>cells")
good("name with spaces.txt", "spacename", article("spacename"))
good("quote's \"double\" `tick`.txt", "quotename", article("quotename"))
good("Київ 北京 مرحبا ελληνικά.txt", "nonlatin", article("nonlatin"))
good("<b>markup</b> & semi;colon %2e%2e.txt", "markupname", article("markupname"))
good("sub folder/nested/x.md", "nestedmarker", article("nestedmarker"))
good("UPPER.TXT", "uppercase", article("uppercase"))

bad("binary.txt", random.Random(6).randbytes(8192), "binary data")
bad("binary-without-nul.txt", random.Random(7).randbytes(8192).replace(b"\x00", b"\x01"), "binary data")
bad("png-named.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary data")
bad("empty.txt", b"", "empty file")
bad("whitespace.txt", " \n\t\n   \r\n\u00a0\n".encode("utf-8"), "empty file")
bad("huge.txt", None, "too large")
bad("scripts-only.html",
    "<html><head><script>var secret = 'scriptword';</script></head><body>"
    "<script>alert('scriptword')</script><script src='x.js'></script>"
    "<noscript>scriptword</noscript><style>p { color: red }</style></body></html>",
    "no article text")
bad("fifo.txt", None, "not a regular file")
bad("loop-a.txt", None, "symbolic link")
bad("loop-b.txt", None, "symbolic link")
bad("folder-loop", None, "symbolic link")
bad("outside.txt", None, "symbolic link")
bad("outside-folder", None, "symbolic link")
bad("notes.pdf", b"%PDF-1.4 whatever", "not an article format")
bad("bad-name-\udcff\udcfe.txt", None, "not valid UTF-8")


def make_hostile_corpus(root: Path, outside: Path) -> Path:
    """Write the hostile corpus under ``root``; ``outside`` is a folder beside it with a secret."""
    corpus = root
    corpus.mkdir(parents=True)
    for relpath, (_, data) in GOOD.items():
        path = corpus / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for relpath, (data, _) in BAD.items():
        if data is not None:
            (corpus / relpath).write_bytes(data)
    with open(corpus / "huge.txt", "wb") as f:              # 20 MB of text
        line = ("The committee met again and the minister said nothing new about the budget. " * 12 + "\n\n")
        f.write(b"A very long report\n\n")
        f.write(line.encode() * (20 * MB // len(line) + 1))
    os.mkfifo(corpus / "fifo.txt")
    os.symlink("loop-b.txt", corpus / "loop-a.txt")
    os.symlink("loop-a.txt", corpus / "loop-b.txt")
    os.symlink(".", corpus / "folder-loop")
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(article("outsidesecret"))
    os.symlink(outside / "secret.txt", corpus / "outside.txt")
    os.symlink(outside, corpus / "outside-folder")
    (corpus / os.fsdecode(b"bad-name-\xff\xfe.txt")).write_bytes(article("badnamemarker").encode())
    return corpus


def searchable(index_dir: Path, word: str) -> list[str]:
    """Paths of the documents that ``word`` finds in any field."""
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        query = MultifieldParser(["title", "body", "author", "outlet", "speaker"], ix.schema).parse(word)
        return sorted(hit["path"] for hit in searcher.search(query, limit=None))


def check_report(report, corpus: Path, index_dir: Path, extra_bad: dict[str, str] = {}) -> None:
    problems = {path: reason for path, reason in report.skipped + report.failed}
    expected_bad = {corpus_files.shown(p): r for p, (_, r) in BAD.items()} | extra_bad
    for relpath, reason in expected_bad.items():
        assert relpath in problems, (relpath, problems)
        assert reason in problems[relpath], (relpath, problems[relpath])
    assert set(problems) == set(expected_bad), set(problems) ^ set(expected_bad)
    good_paths = set(GOOD) - set(extra_bad)
    assert sorted(report.added) == sorted(good_paths)
    for relpath in good_paths:
        marker = GOOD[relpath][0]
        assert searchable(index_dir, marker) == [relpath], (relpath, marker)
    for word in ("outsidesecret", "scriptword", "badnamemarker"):
        assert searchable(index_dir, word) == [], word
    assert store.open_current(index_dir).index.doc_count() == len(good_paths)


@pytest.fixture
def hostile(tmp_path) -> Path:
    return make_hostile_corpus(tmp_path / "corpus", tmp_path / "outside")


@pytest.mark.parametrize("pool", [False, True], ids=["in-process", "worker-pool"])
def test_hostile_corpus_is_indexed_and_every_bad_file_reported(hostile, tmp_path, monkeypatch, pool):
    if pool:     # the same files through forked worker processes
        monkeypatch.setattr(worker_pool, "PARALLEL_THRESHOLD", 1)
    index_dir = tmp_path / "index"
    report = run(hostile, index_dir, workers=2 if pool else 1)
    check_report(report, hostile, index_dir)
    # A second run reads nothing new and reports the same problems again.
    again = run(hostile, index_dir, workers=2 if pool else 1)
    assert again.added == again.changed == again.removed == []
    assert again.unchanged == len(GOOD)
    assert sorted(again.failed + again.skipped) == sorted(report.failed + report.skipped)


def test_cli_reports_the_hostile_files_and_exits_1(hostile, tmp_path):
    result = CliRunner().invoke(main, ["update", "--corpus", str(hostile), "--index", str(tmp_path / "i"),
                                       "--json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    reasons = {item["path"]: item["reason"] for item in data["failed"] + data["skipped"]}
    assert "too large" in reasons["huge.txt"] and "binary data" in reasons["binary.txt"]
    assert reasons["bad-name-\\xff\\xfe.txt"].startswith("the file name is not valid UTF-8")
    human = CliRunner().invoke(main, ["update", "--corpus", str(hostile), "--index", str(tmp_path / "i")])
    assert human.exit_code == 1 and "Traceback" not in human.output
    assert "bad-name-\\xff\\xfe.txt: the file name is not valid UTF-8" in human.output


def test_file_deleted_or_replaced_between_scan_and_read(make_corpus, tmp_path, monkeypatch):
    corpus = make_corpus({"gone.txt": article("gonemarker"), "link.txt": article("linkmarker"),
                          "pipe.txt": article("pipemarker"), "stays.txt": article("staysmarker")})
    (tmp_path / "elsewhere.txt").write_text(article("elsewheremarker"))
    real_scan = corpus_files.scan

    def scan_then_change(root):
        found = real_scan(root)
        (corpus / "gone.txt").unlink()
        (corpus / "link.txt").unlink()
        os.symlink(tmp_path / "elsewhere.txt", corpus / "link.txt")
        (corpus / "pipe.txt").unlink()
        os.mkfifo(corpus / "pipe.txt")       # a reader that opened it blocking would hang
        return found
    monkeypatch.setattr(corpus_files, "scan", scan_then_change)
    index_dir = tmp_path / "index"
    report = run(corpus, index_dir)
    problems = dict(report.skipped + report.failed)
    assert problems == {"gone.txt": "deleted during the run", "link.txt": "symbolic link (not followed)",
                        "pipe.txt": "not a regular file"}
    assert report.added == ["stays.txt"]
    assert searchable(index_dir, "elsewheremarker") == [] and searchable(index_dir, "pipemarker") == []


def test_read_error_eio_is_reported_and_the_run_goes_on(make_corpus, tmp_path, monkeypatch):
    """A disk error while reading (EIO), simulated by failing ``os.read`` on that file's descriptor."""
    corpus = make_corpus({"sick.txt": article("sickmarker"), "well.txt": article("wellmarker")})
    real_open, real_read = os.open, os.read
    sick: set[int] = set()

    def tracking_open(path, flags, *args, **kwargs):
        fd = real_open(path, flags, *args, **kwargs)
        if str(path).endswith("sick.txt"):
            sick.add(fd)
        else:
            sick.discard(fd)
        return fd

    def failing_read(fd, n):
        if fd in sick:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_read(fd, n)
    monkeypatch.setattr(os, "open", tracking_open)
    monkeypatch.setattr(os, "read", failing_read)
    report = run(corpus, tmp_path / "index")
    monkeypatch.undo()
    assert report.failed == [("sick.txt", "cannot read: Input/output error")]
    assert report.added == ["well.txt"]
    assert searchable(tmp_path / "index", "wellmarker") == ["well.txt"]


NOBODY = 65534


def run_as_nobody(corpus: Path, index_dir: Path) -> dict:
    """``run(corpus, index_dir)`` in a forked child with the rights of user nobody; the report as a dict."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:                                    # the child: drop root, index, send the report
        status = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            out = json.dumps(run(corpus, index_dir, workers=1).to_dict())
        except BaseException:
            out = json.dumps({"error": traceback.format_exc()})
            status = 1
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(out)
        os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        out = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(out)


def test_unreadable_file_and_folder_as_a_user_without_rights(tmp_path):
    files = {"ok.txt": article("readablemarker"), "secret.txt": article("secretmarker"),
             "closed/inner.txt": article("innermarker")}
    if os.geteuid() != 0:
        corpus = tmp_path / "corpus"
        index_dir = tmp_path / "index"
        place = None
    else:
        # nobody must reach the corpus: a world-readable folder outside pytest's private tmp.
        place = Path(tempfile.mkdtemp(prefix="clippings-nobody-"))
        os.chmod(place, 0o755)
        corpus, index_dir = place / "corpus", place / "index"
    try:
        for relpath, text in files.items():
            (corpus / relpath).parent.mkdir(parents=True, exist_ok=True)
            (corpus / relpath).write_text(text)
        run(corpus, tmp_path / "warm-up")           # loads every module the child will need
        os.chmod(corpus / "secret.txt", 0)
        os.chmod(corpus / "closed", 0)
        if place is None:
            report = run(corpus, index_dir).to_dict()
        else:
            index_dir.mkdir()
            os.chown(index_dir, NOBODY, NOBODY)
            report = run_as_nobody(corpus, index_dir)
        assert "error" not in report, report.get("error")
        assert report["added"] == ["ok.txt"]
        problems = {item["path"]: item["reason"] for item in report["failed"] + report["skipped"]}
        assert problems == {"secret.txt": "cannot read: Permission denied",
                            "closed": "cannot read folder: Permission denied"}
        assert searchable(index_dir, "readablemarker") == ["ok.txt"]
    finally:
        with contextlib.suppress(OSError):
            os.chmod(corpus / "closed", 0o755)
        if place is not None:
            shutil.rmtree(place, ignore_errors=True)


def test_folders_nested_deeper_than_python_recursion(tmp_path):
    """Regression: the scan recursed once per folder and 1,500 nested folders crashed the run."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    deep = os.open(corpus, os.O_RDONLY)
    try:
        for _ in range(1500):                     # relative steps: the full path exceeds nothing
            os.mkdir("d", dir_fd=deep)
            inner = os.open("d", os.O_RDONLY, dir_fd=deep)
            os.close(deep)
            deep = inner
        fd = os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=deep)
        os.write(fd, article("bottommarker").encode())
        os.close(fd)
    finally:
        os.close(deep)
    try:
        report = run(corpus, tmp_path / "index")
        relpath = "/".join(["d"] * 1500) + "/bottom.txt"
        assert report.added == [relpath] and not report.failed
        assert searchable(tmp_path / "index", "bottommarker") == [relpath]
    finally:
        flatten(corpus)


def flatten(corpus: Path) -> None:
    """Undo the nesting one level at a time (pytest's clean-up would recurse as deep)."""
    top = os.open(corpus, os.O_RDONLY)
    try:
        while True:
            try:
                os.rename("d/d", "next", src_dir_fd=top, dst_dir_fd=top)
            except FileNotFoundError:
                return
            os.rmdir("d", dir_fd=top)
            os.rename("next", "d", src_dir_fd=top, dst_dir_fd=top)
    finally:
        os.close(top)


def test_names_with_control_characters_stay_on_one_report_line(make_corpus, tmp_path):
    """Regression: a file name holding a newline broke the report into two lines."""
    corpus = make_corpus({"new\nline.txt": article("newlinemarker"), "tab\there.txt": article("tabmarker")})
    result = CliRunner().invoke(main, ["update", "--corpus", str(corpus), "--index", str(tmp_path / "i")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "               new\\nline.txt" in lines and "               tab\\there.txt" in lines
    assert searchable(tmp_path / "i", "newlinemarker") == ["new\nline.txt"]


@pytest.mark.parametrize("pool", [False, True], ids=["in-process", "worker-pool"])
def test_extraction_that_takes_too_long_is_stopped_and_reported(make_corpus, tmp_path, monkeypatch, pool):
    """A file whose extraction exceeds its time budget fails with a reason; the run goes on."""
    if pool:
        monkeypatch.setattr(worker_pool, "PARALLEL_THRESHOLD", 1)
    corpus = make_corpus({"slow.txt": article("slowmarker"), "quick.txt": article("quickmarker")})
    real = extraction.extract_bytes

    def extract(relpath, data, context):
        if relpath == "slow.txt":
            while True:            # a pathological regular expression, say
                time.sleep(0.01)
        return real(relpath, data, context)
    monkeypatch.setattr(extraction, "extract_bytes", extract)
    monkeypatch.setattr(extraction, "EXTRACT_SECONDS", 0.5)
    monkeypatch.setattr(extraction, "EXTRACT_SECONDS_PER_MB", 0.0)
    report = run(corpus, tmp_path / "index", workers=2 if pool else 1)
    (path, reason), = report.failed
    assert path == "slow.txt" and reason.startswith("took longer than") and "to extract" in reason
    assert report.added == ["quick.txt"]
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL        # the handler was put back


def test_failure_reasons_are_one_short_line(make_corpus, tmp_path, monkeypatch):
    corpus = make_corpus({"odd.txt": article("oddmarker")})

    def extract(relpath, data, context):
        raise TimeoutError("pattern\n    very long " + "x" * 5000)
    monkeypatch.setattr(extraction, "extract_bytes", extract)
    report = run(corpus, tmp_path / "index")
    (path, reason), = report.failed
    assert "\n" not in reason and len(reason) <= extraction.REASON_CHARS
    assert reason.startswith("extraction error: TimeoutError: pattern very long xxx")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(make_corpus, tmp_path, monkeypatch):
    corpus = make_corpus({"growing.txt": article("growmarker")})
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    real_read = os.read

    def endless(fd, n):                      # the file keeps growing as it is read
        return real_read(fd, n) or b"x" * 600
    monkeypatch.setattr(os, "read", endless)
    report = run(corpus, tmp_path / "index")
    monkeypatch.undo()
    (path, reason), = report.failed
    assert path == "growing.txt" and reason.startswith("cannot read: too large")


def test_outlet_signals_on_a_long_line_of_bylines_are_bounded(monkeypatch):
    # Regression: a byline pattern scanned to the end of the line from every
    # "By", quadratic on a long line (a 900 kB line took minutes).  Bylines are
    # now only looked for in short lines, with a bounded name part.
    from indexer.extract import outlet_signals as module
    from indexer.extract.outlets import load_registry
    searched: list[int] = []                  # the length of every line the byline pattern is run on

    class Spy:
        def search(self, text):
            searched.append(len(text))
            return real.search(text)
    real = module._BYLINE_CREDIT
    monkeypatch.setattr(module, "_BYLINE_CREDIT", Spy())
    outlets = load_registry()
    assert outlets.from_text(["By John Smith and " * 6000]) is None
    assert outlets.from_text(["By " + "x" * 200 + ", DOD News"]) is None          # name part too long
    byline = "Nov. 18, 2024 | By David Vergun, DOD News"
    assert len(byline) <= module.BYLINE_MAX and outlets.from_text([byline]) == "U.S. Department of Defense"
    assert len(byline) in searched and max(searched) <= module.BYLINE_MAX <= 1000   # short lines only


@pytest.mark.slow
def test_soak_a_large_file_under_the_limit_is_indexed(tmp_path):
    """An 8 MB article of dense text is read and indexed within its time budget."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sentence = "The minister said the committee would review the budget again, adding that {} mattered. "
    with open(corpus / "long.txt", "w", encoding="utf-8") as f:
        f.write("A very long report\n\nNovember 4, 2024\n\n")
        n = 0
        while f.tell() < 8 * MB:
            f.write(" ".join(sentence.format(f"item{n + k}") for k in range(8)) + "\n\n")
            n += 8
    report = run(corpus, tmp_path / "index")
    assert report.added == ["long.txt"], report.failed
    assert searchable(tmp_path / "index", "item12345") == ["long.txt"]
