"""The indexer's child processes: how many, dying with their parent, and stopping one.

Worker processes (extraction) and sub-writers (parallel rebuilds) are
forked by the indexer.  A child must not outlive an indexer that was
killed: it would go on working for nobody, or hold what the next run needs.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import subprocess

_PR_SET_PDEATHSIG = 1        # prctl option (Linux): a signal for this process when its parent dies


def default_workers() -> int:
    """How many worker processes a run uses unless told: the cores, at most two."""
    return min(2, os.cpu_count() or 1)


def die_with_parent() -> None:
    """Have the kernel kill this process when the process that forked it dies (Linux; elsewhere nothing).

    Call it first thing in a child.  The parent may already be gone by then:
    :func:`exit_if_orphaned` covers that, and other systems.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def exit_if_orphaned() -> None:
    """End this child process at once if the process that started it has died."""
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)


def stop_process(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """Ask ``proc`` to end (SIGTERM); kill it if it has not within ``timeout`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
