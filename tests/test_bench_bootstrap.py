"""The paired bootstrap's comparison rows, shared by the HTML evaluations."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bootstrap import paired_bootstrap, print_versus, versus_line, versus_rows  # noqa: E402


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def test_rows_compare_ours_with_each_library_not_with_our_own_variants():
    per_system = {"clippings": [1.0, 0.5, 1.0], "clippings (text only)": [0.0, 0.0, 0.0],
                  "trafilatura": [0.5, 0.5, 0.5], "readability": [1.0, 1.0, 0.0]}
    rows = versus_rows("html-x", per_system, {"mean": _mean, "max": max}, split="test", pages=3)
    assert [(r["vs"], r["metric"]) for r in rows] == [
        ("trafilatura", "mean"), ("trafilatura", "max"), ("readability", "mean"), ("readability", "max")]
    assert list(rows[0])[:6] == ["task", "system", "vs", "split", "pages", "metric"]
    assert rows[0]["system"] == "clippings" and rows[0]["task"] == "html-x"
    boot = paired_bootstrap(per_system["clippings"], per_system["trafilatura"], _mean)
    assert rows[0]["diff"] == round(boot["diff"], 4) == round(_mean([1.0, 0.5, 1.0]) - 0.5, 4)
    assert (rows[0]["low"], rows[0]["high"]) == (round(boot["low"], 4), round(boot["high"], 4))


def test_no_rows_without_our_system():
    assert versus_rows("html", {"trafilatura": [1.0]}, {"mean": _mean}) == []


def test_printed_rows_and_notes(capsys):
    row = {"system": "clippings", "vs": "trafilatura", "split": "test", "diff": 0.01234, "low": -0.004,
           "high": 0.029}
    assert versus_line(row, "F1", width=12) == "clippings - trafilatura  F1 +0.0123 [-0.0040, +0.0290]"
    print_versus([{"note": "justext missing"}, row, {"system": "x", "f1": 1.0}], lambda r: r["split"])
    assert capsys.readouterr().out.splitlines() == [
        "note: justext missing", versus_line(row, "test")]
