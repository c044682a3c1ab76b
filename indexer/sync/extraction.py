"""One corpus file to an outcome: read safely, hashed, extracted within its time budget.

Whatever a file holds, the outcome is a value (an article, "same as
indexed", or a one-line reason): one bad file never stops a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from indexer.article import Article
from indexer.extract import Context, ExtractionError, extract_bytes
from indexer.index.similarity import Sketch
from indexer.sync import reading

#: Time one file may take to extract: a base plus so much per megabyte.  Beyond
#: it the file is reported as failed, so pathological content cannot stall a run.
EXTRACT_SECONDS = 30.0
EXTRACT_SECONDS_PER_MB = 12.0
REASON_CHARS = 300                   # longest failure reason kept in a report


@dataclass
class Outcome:
    """What became of one file."""

    relpath: str
    status: str                # "article", "same", "failed", "vanished", "skipped"
    stamp: str = ""            # size:mtime:content hash:manifest row hash, when the file was read
    article: Article | None = None
    reason: str = ""
    sketch: Sketch | None = None   # the article's shingles and signature, for grouping copies


def process_file(corpus: Path, relpath: str, known_sha: str | None, context: Context) -> Outcome:
    """Read one file safely and extract it, unless its content hash is ``known_sha``."""
    try:
        data, fstat = reading.read_regular_file(corpus / relpath)
    except FileNotFoundError:
        return Outcome(relpath, "vanished", reason="deleted during the run")
    except reading.NotRegular as exc:
        return Outcome(relpath, "skipped", reason=str(exc))
    except OSError as exc:
        return Outcome(relpath, "failed", reason=f"cannot read: {exc.strerror or exc}")
    sha = hashlib.sha256(data).hexdigest()[:16]
    row_hash = context.manifest.row_hash(relpath)
    stamp = f"{fstat.st_size}:{fstat.st_mtime_ns}:{sha}:{row_hash}"
    if known_sha is not None and sha == known_sha:
        return Outcome(relpath, "same", stamp=stamp)
    budget = EXTRACT_SECONDS + EXTRACT_SECONDS_PER_MB * len(data) / 2**20
    try:
        with time_limit(budget):
            article = extract_bytes(relpath, data, context)
    except ExtractionError as exc:
        return Outcome(relpath, "failed", stamp=stamp, reason=_short(str(exc)))
    except RecursionError:
        return Outcome(relpath, "failed", stamp=stamp, reason="structure nested too deeply to read")
    except TooSlow:
        return Outcome(relpath, "failed", stamp=stamp,
                       reason=f"took longer than {budget:.0f} s to extract (pathological content?)")
    except Exception as exc:  # one bad file must never stop the run
        return Outcome(relpath, "failed", stamp=stamp,
                       reason=_short(f"extraction error: {type(exc).__name__}: {exc}"))
    return Outcome(relpath, "article", stamp=stamp, article=article)


class TooSlow(Exception):
    """A file took longer than its time budget to extract."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise :class:`TooSlow` inside the block after ``seconds`` (main thread only).

    A SIGALRM timer; the regular-expression engine and Python code both
    stop for it.  In other threads, where signals cannot be handled, the
    block runs unlimited.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TooSlow()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _short(reason: str) -> str:
    """A failure reason on one line and of bounded length."""
    reason = " ".join(reason.split())
    return reason if len(reason) <= REASON_CHARS else reason[:REASON_CHARS - 1] + "…"
