"""Corpus-wide speaker names in the index: the same facet values after a rebuild or any updates."""

from __future__ import annotations

import itertools

from indexer.index import store
from indexer.index.columns import Columns
from indexer.sync import names
from indexer.sync.update import run

FILES = {
    "a.txt": 'Alpha\n\n"We will wait," President Reagan said.\n',
    "b.txt": 'Beta\n\n"Taxes will not rise," Ronald Reagan said on Monday.\n',
    "c.txt": 'Gamma\n\n"Zelenskiy is right," Volodymyr Zelenskiy said.\n',
    "d.txt": 'Delta\n\n"We stand," Volodymyr Zelenskyy told reporters.\n',
    "e.txt": 'Epsilon\n\n"Again," said President Volodymyr Zelenskyy.\n',
}


def facets(index_dir) -> dict[str, list[str]]:
    ix = store.open_current(index_dir).index
    with ix.searcher() as searcher:
        return {f["path"]: f["speakers"] for f in searcher.all_stored_fields()}


def speaker_counts(index_dir) -> dict[str, int]:
    with store.open_current(index_dir).index.reader() as reader:
        return dict(Columns.read(reader).counts["speaker"])


def test_names_are_resolved_across_articles(make_corpus, index_dir):
    run(make_corpus(FILES), index_dir)
    assert facets(index_dir) == {"a.txt": ["Ronald Reagan"], "b.txt": ["Ronald Reagan"],
                                 "c.txt": ["Volodymyr Zelenskyy"], "d.txt": ["Volodymyr Zelenskyy"],
                                 "e.txt": ["Volodymyr Zelenskyy"]}
    assert speaker_counts(index_dir) == {"Ronald Reagan": 2, "Volodymyr Zelenskyy": 3}


def test_a_rebuild_writes_the_corpus_names_at_once(make_corpus, index_dir):
    """No rewrite after the rebuild's commit: one segment, no deleted document, nothing left to reconcile."""
    run(make_corpus(FILES), index_dir)
    ix = store.open_current(index_dir).index
    with ix.reader() as reader:
        assert len(list(reader.leaf_readers())) == 1 and reader.doc_count() == reader.doc_count_all() == 5
    assert names.reconcile(ix) == 0


def test_updates_in_any_order_give_the_rebuilds_facets(make_corpus, index_dir, tmp_path):
    rebuilt = tmp_path / "rebuilt"
    run(make_corpus(FILES, "all"), rebuilt)
    expected = facets(rebuilt)
    for n, order in enumerate(itertools.permutations(sorted(FILES))):
        if n % 24:
            continue                                   # 5 of the 120 orders
        corpus = make_corpus({}, f"order{n}")
        index = tmp_path / f"index{n}"
        for path in order:
            (corpus / path).write_text(FILES[path], encoding="utf-8")
            run(corpus, index)
        assert facets(index) == expected, order


def test_a_new_namesake_makes_a_lone_surname_ambiguous_again(make_corpus, index_dir):
    corpus = make_corpus({k: FILES[k] for k in ("a.txt", "b.txt")})
    run(corpus, index_dir)
    assert facets(index_dir)["a.txt"] == ["Ronald Reagan"]
    (corpus / "n.txt").write_text('Nu\n\n"No," Nancy Reagan said.\n', encoding="utf-8")
    run(corpus, index_dir)
    assert facets(index_dir)["a.txt"] == ["Reagan"]
    (corpus / "n.txt").unlink()
    run(corpus, index_dir)
    assert facets(index_dir)["a.txt"] == ["Ronald Reagan"]


def test_only_documents_whose_names_change_are_rewritten(make_corpus, index_dir):
    run(make_corpus(FILES), index_dir)
    ix = store.open_current(index_dir, readonly=False).index
    assert names.reconcile(ix) == 0                     # already reconciled
    aliases = {"volodymyrzelenskyy": "Volodymyr Zelensky", "volodymyrzelenskiy": "Volodymyr Zelensky"}
    assert names.reconcile(ix, aliases) == 3            # c, d and e, not a and b
    assert facets(index_dir)["d.txt"] == ["Volodymyr Zelensky"]
    with ix.searcher() as searcher:                     # the extracted names are kept
        stored = searcher.document(path="d.txt")
    assert stored["extracted"][0] == ["Volodymyr Zelenskyy"]
    assert stored["passages"][0][1] == ["Volodymyr Zelensky"]


def test_a_company_the_corpus_writes_out_is_no_speaker(make_corpus, index_dir):
    corpus = make_corpus({
        "a.txt": "Alpha\n\nMorgan Stanley and Co Inc led the offering.\n",
        "b.txt": "Beta\n\nShares of Morgan Stanley Group Inc rose.\n",
        "c.txt": 'Gamma\n\n"Bonds are cheap," said lead manager Morgan Stanley.\n',
    })
    run(corpus, index_dir)
    assert facets(index_dir)["c.txt"] == []
    with store.open_current(index_dir).index.searcher() as searcher:
        assert searcher.document(path="c.txt")["extracted"][0] == ["Morgan Stanley"]
