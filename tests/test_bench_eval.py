"""``make eval``'s table: which targets apply to which rows (bench/eval.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.eval import table, verdicts  # noqa: E402


def row(data, **metrics):
    return {"task": "outlets", "system": "clippings", "data": data, **metrics}


def test_outlet_targets_apply_to_the_target_set_and_the_url_header_rows_only():
    assert verdicts(row("aeb", right_pct=99.4, wrong_pct=0.0, known_pct=99.4)) == \
        ["right_pct >= 97: met", "wrong_pct <= 1: met"]
    assert verdicts(row("aeb", right_pct=96.1, wrong_pct=0.6)) == ["right_pct >= 97: MISSED", "wrong_pct <= 1: met"]
    assert verdicts(row("trafilatura", right_pct=81.7, wrong_pct=14.2, known_pct=95.9)) == []
    assert verdicts(row("mediacloud as plain text + url header", right_pct=100.0, known_pct=99.5)) == \
        ["known_pct >= 100: MISSED"]


def test_held_out_rows_say_so_in_the_table():
    text = table([row("trafilatura", developed_on=False, right_pct=81.7), row("aeb", developed_on=True, right_pct=99.4)])
    assert "clippings [trafilatura, held out]" in text and "clippings [aeb]" in text
