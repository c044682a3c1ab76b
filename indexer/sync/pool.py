"""Extracting many files in order: in this process, or in forked worker processes when many.

Workers are forked (they inherit the loaded extraction code and the
corpus context), die with the indexer, and leave if they find themselves
orphaned; each file gets its time budget inside the worker
(:func:`indexer.sync.extraction.process_file`).
"""

from __future__ import annotations

import importlib
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from indexer.extract import Context
from indexer.index.similarity import sketch
from indexer.sync.extraction import Outcome, process_file
from indexer.sync.processes import default_workers, die_with_parent, exit_if_orphaned

PARALLEL_THRESHOLD = 64        # fewer files than this are extracted in-process

ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Task:
    """A file to read, and its content hash in the index when the path is indexed."""

    relpath: str
    known_sha: str | None


def outcomes(corpus: Path, tasks: list[Task], context: Context,
             progress: ProgressFn | None, workers: int | None) -> Iterator[Outcome]:
    """Process ``tasks`` in order, in worker processes when there are enough of them.

    ``progress(done, total)`` is called after each file; ``workers`` defaults
    to :func:`~indexer.sync.processes.default_workers`.
    """
    total = len(tasks)
    workers = workers if workers is not None else default_workers()
    if total < PARALLEL_THRESHOLD or workers <= 1:
        _init_worker(corpus, context)
        results: Iterable[Outcome] = map(_work, tasks)
        pool = None
    else:
        preload_extraction()
        pool = multiprocessing.get_context("fork").Pool(workers, _init_worker, (corpus, context))
        results = pool.imap(_work, tasks, chunksize=16)
    try:
        for done, outcome in enumerate(results, start=1):
            if progress:
                progress(done, total)
            yield outcome
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


def preload_extraction() -> None:
    """Import the extraction code, the stemmer and the language model now, so forked workers need not (about 1 s each)."""
    importlib.import_module("indexer.extract.people.speakers")   # it loads NLTK
    importlib.import_module("indexer.extract.language").preload()   # numpy and the language model
    from indexer.index import analysis
    analysis.stem("preloaded")


_worker_state: tuple[Path, Context] | None = None


def _init_worker(corpus: Path, context: Context) -> None:
    global _worker_state
    _worker_state = (corpus, context)
    if multiprocessing.parent_process() is not None:
        die_with_parent()
        exit_if_orphaned()


def _work(task: Task) -> Outcome:
    exit_if_orphaned()
    corpus, context = _worker_state
    outcome = process_file(corpus, task.relpath, task.known_sha, context)
    if outcome.article is not None:      # sketched here, in the worker, for the grouping step
        outcome.sketch = sketch(p.text for p in outcome.article.passages)
    return outcome
