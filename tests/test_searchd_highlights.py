"""Highlights of wildcard queries on a searchd page (webapp/searchd_backend.page_terms)."""

from __future__ import annotations

import tempfile

from whoosh import query as wq
from whoosh.index import open_dir

from indexer.index.analysis import DEFAULT
from webapp.searchd_backend import page_terms


def test_wildcards_are_expanded_over_the_page_without_a_shared_scratch_folder(seed_index, monkeypatch, tmp_path):
    with open_dir(str(next(seed_index.glob("gen-*")))).searcher() as searcher:
        articles = list(searcher.all_stored_fields())
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocker))       # any scratch folder would fail here
    terms = page_terms(wq.Prefix("body", "soldi"), articles)
    assert terms.by_analysis == {DEFAULT: frozenset({"soldier"})}       # "soldiers", "soldier"
