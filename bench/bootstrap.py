"""Paired bootstrap over pages: is system A ahead of system B by more than the noise?

Both systems are scored on the same pages; the pages are resampled with
replacement, the statistic is recomputed for each system on the same
resample, and the 2.5th and 97.5th percentiles of the difference A - B
give its 95% interval.  An interval that excludes 0 means the difference
is larger than what the choice of pages explains.
"""

from __future__ import annotations

import random
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


def paired_bootstrap(a: Sequence[T], b: Sequence[T], statistic: Callable[[list[T]], float],
                     rounds: int = 2000, seed: int = 12) -> dict:
    """``{"diff", "low", "high", "rounds"}`` for statistic(a) - statistic(b).

    ``a[i]`` and ``b[i]`` are the two systems' per-page records of page i
    (for instance snippet counts); ``statistic`` maps a list of records to
    a figure (for instance F1 over the pooled counts).
    """
    if len(a) != len(b):
        raise ValueError("paired bootstrap needs the same pages for both systems")
    n = len(a)
    if n == 0:
        return {"diff": 0.0, "low": 0.0, "high": 0.0, "rounds": 0}
    rng = random.Random(seed)
    diffs = []
    for _ in range(rounds):
        picks = [rng.randrange(n) for _ in range(n)]
        diffs.append(statistic([a[i] for i in picks]) - statistic([b[i] for i in picks]))
    diffs.sort()
    return {"diff": statistic(list(a)) - statistic(list(b)),
            "low": diffs[int(0.025 * rounds)], "high": diffs[min(rounds - 1, int(0.975 * rounds))],
            "rounds": rounds}
