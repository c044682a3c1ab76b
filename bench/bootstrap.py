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


def versus_rows(task: str, per_system: dict[str, Sequence[T]], statistics: dict[str, Callable[[list[T]], float]],
                ours: str = "clippings", **fields) -> list[dict]:
    """Bootstrap rows of ``ours`` minus each other system, for each named statistic.

    ``per_system`` maps a system to its per-page records; systems whose name
    starts with ``ours`` (our own variants, "clippings (text only)") are not
    compared.  Each row is ``{"task", "system": ours, "vs", **fields, "metric",
    "diff", "low", "high", "rounds"}`` with floats rounded to 4 places; rows
    come system by system, then statistic by statistic.  No rows without ``ours``.
    """
    mine = per_system.get(ours)
    if mine is None:
        return []
    rows = []
    for name, records in per_system.items():
        if name.startswith(ours):
            continue
        for metric, statistic in statistics.items():
            boot = paired_bootstrap(mine, records, statistic)
            rows.append({"task": task, "system": ours, "vs": name, **fields, "metric": metric,
                         **{k: round(v, 4) if isinstance(v, float) else v for k, v in boot.items()}})
    return rows


def versus_line(row: dict, label: str, width: int = 36) -> str:
    """One bootstrap row as text: ``clippings - trafilatura  <label> +0.0123 [-0.0040, +0.0290]``."""
    return (f"{row['system']} - {row['vs']:{width}} {label} {row['diff']:+.4f} "
            f"[{row['low']:+.4f}, {row['high']:+.4f}]")


def print_versus(rows: list[dict], label: Callable[[dict], str]) -> None:
    """Print the bootstrap rows (:func:`versus_line`, labelled by ``label(row)``) and the notes of ``rows``."""
    for row in rows:
        if "vs" in row:
            print(versus_line(row, label(row)))
        elif "note" in row:
            print("note:", row["note"])
