"""The fast matcher and ranker agree with Whoosh's own, on a multi-segment index with deletions."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from indexer.index import postings
from indexer.index.postings import PostingReader, posting_reader
from indexer.article import Article, Passage
from helpers import write_segments
from indexer.index.columns import Columns
from webapp.index import IndexHolder, Snapshot
from webapp import query as query_module
from webapp.matching import Matcher, rank, scores
from webapp.params import SearchState
from webapp.query import expansion, parse_query, query_terms
from webapp.search import run_search

WORDS = ("troops kursk grain deal ports ships oil prices bank rates market shares company profit "
         "ukraine russia korea north south border missile drone talks minister said told").split()
OUTLETS = ["Reuters", "AP", "BBC", "Newsweek"]
PEOPLE = ["Pat Ryder", "Jane Doe", "Kim Yong-hyun", "Sabrina Singh"]


def random_article(rng: random.Random, n: int) -> Article:
    passages = [Passage(i + 1, " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40))))
                for i in range(rng.randint(1, 5))]
    speakers = rng.sample(PEOPLE, rng.randint(0, 2))
    return Article(id=f"doc-{n:03d}", path=f"doc-{n:03d}.txt",
                   title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))),
                   date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.8 else None,
                   outlet=rng.choice(OUTLETS) if rng.random() < 0.9 else None,
                   speakers=speakers, passages=passages)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A three-segment index of 90 random articles, 12 of them deleted."""
    index_dir = tmp_path_factory.mktemp("matching") / "index"
    rng = random.Random(7)
    batches = [[random_article(rng, n) for n in range(batch * 30, batch * 30 + 30)] for batch in range(3)]
    write_segments(index_dir, batches, [f"doc-{gone:03d}" for gone in range(0, 90, 8)])
    holder = IndexHolder(index_dir)
    snap = holder.acquire()
    assert len(snap.searcher.reader().leaf_readers()) >= 3
    yield snap
    holder.release(snap)
    holder.close()


QUERIES = ["troops", "troops kursk", "grain OR oil", "ukraine NOT russia", '"north korea"', "kurs*", "pri?es",
           "tropps~", "title:oil", "speaker:ryder", 'speaker:"jane doe"', "outlet:reuters", "date:2024-0*",
           "(bank OR market) AND shares", "said told", "NOT troops", "nothingatall", "troops^2 kursk",
           "title:oil^3 grain", "ships^2.5", "(bank OR market)^2 shares", "kurs*^2", "speaker:ryder^1.5 troops",
           "troops REQUIRE kursk", "grain ANDMAYBE oil^2",
           "date:[2024-03-01 TO 2024-06-30]", "speaker:*", "outlet:*", "author:*", "date:*", "troops speaker:*",
           "oil OR NOT prices", "oil OR date:2024-03-05", "bank OR (rates NOT ships)", "oil AND grain OR bank",
           "oil-prices", "oil/grain", '"north korea" troops', "k*", "date:2024-0* oil"]


@pytest.mark.parametrize("q", QUERIES)
def test_matcher_finds_what_whoosh_finds(snapshot, q):
    query = parse_query(q, snapshot.schema).query
    live = snapshot.columns.live
    expected = set(snapshot.searcher.docs_for_query(query))
    assert Matcher(snapshot.searcher, live).docs(query) == expected


#: Queries whose scores are Whoosh's exactly: all of them (the wildcards here stand for one or two
#: terms in a segment, where Whoosh sums their scores too; see test_whoosh_parity.py for more).
EXACT = QUERIES


@pytest.mark.parametrize("q", EXACT)
def test_scores_are_whooshs_bm25f(snapshot, q):
    query = parse_query(q, snapshot.schema).query
    theirs = {hit.docnum: hit.score for hit in snapshot.searcher.search(query, limit=None)}
    ours = scores(snapshot, query, set(theirs))
    assert set(ours) == set(theirs)
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-4), docnum


@pytest.mark.parametrize("q", EXACT)
def test_ranking_is_whooshs(snapshot, q):
    query = parse_query(q, snapshot.schema).query
    theirs = {hit.docnum: round(hit.score, 4) for hit in snapshot.searcher.search(query, limit=None)}
    expected = sorted(theirs, key=lambda d: (-theirs[d], d))[:10]
    assert rank(snapshot, query, set(theirs), 10) == expected


def test_columns_and_lengths_line_up_across_segments(snapshot):
    reader = snapshot.searcher.reader()
    columns = Columns.read(reader)
    assert columns.live == set(reader.all_doc_ids()) and len(columns.live) == 90 - 12
    for docnum in columns.live:
        stored = reader.stored_fields(docnum)
        assert columns.outlet_of[docnum] == (stored.get("outlet") or "")
        assert list(columns.speakers_of[docnum]) == stored["speakers"]
        assert columns.date_of[docnum] == (stored.get("date") or "")
    lengths = PostingReader(reader).lengths("body")
    assert all(lengths[d] == reader.doc_field_length(d, "body", 0) for d in columns.live)


def test_public_path_matches_and_scores_the_same(snapshot, monkeypatch):
    """With the fast path switched off, a new snapshot of the same index gives the same results."""
    monkeypatch.setattr(postings, "FAST_PATH", False)
    slow = Snapshot(snapshot.generation, snapshot.generation.index.searcher())
    try:
        assert posting_reader(slow.searcher.reader()).fast is False
        assert posting_reader(snapshot.searcher.reader()).fast is True
        live = snapshot.columns.live
        for q in QUERIES:
            query = parse_query(q, snapshot.schema).query
            docs = Matcher(snapshot.searcher, live).docs(query)
            assert Matcher(slow.searcher, live).docs(query) == docs, q
            assert scores(slow, query, docs) == scores(snapshot, query, docs), q
    finally:
        slow.close()


def terms_of(snapshot, q, **options):
    return list(query_terms(parse_query(q, snapshot.schema).query, snapshot.searcher.reader(), **options))


def test_the_walker_multiplies_boosts_and_marks_unscored_parts(snapshot):
    found = terms_of(snapshot, "title:oil^3 (grain^2 ships)^1.5 troops REQUIRE kursk")
    assert ("title", "oil", 3.0) in found and ("body", "grain", 3.0) in found
    assert ("body", "ship", 1.5) in found and ("body", "troop", 1.0) in found
    assert ("body", "kursk", 0.0) in found                   # must match, not scored


def test_the_walker_leaves_out_negated_parts_unless_asked(snapshot):
    assert {t for _, t, _ in terms_of(snapshot, "troops NOT kursk ANDNOT grain")} == {"troop"}
    assert {t for _, t, _ in terms_of(snapshot, "troops NOT kursk ANDNOT grain", negated=True)} == {
        "troop", "kursk", "grain"}


def test_the_walker_gives_phrases_whole_and_wildcards_expanded(snapshot):
    assert ("body", ("north", "korea"), 1.0) in terms_of(snapshot, 'body:"north korea"')
    assert [t for _, t, _ in terms_of(snapshot, "body:pri?es")] == ["price"]
    assert [t for _, t, _ in terms_of(snapshot, "body:kurs* body:s*", limit=1)] == ["kursk", "said"]
    typed = query_terms(parse_query("speaker:ryd*", snapshot.schema).query)
    assert list(typed) == [("speaker", "ryd", 1.0)]          # no reader: the text as typed


def test_expansions_are_whooshs_per_segment_and_remembered_per_reader(snapshot):
    reader = snapshot.searcher.reader()
    fuzzy = parse_query("body:tropps~2", snapshot.schema).query
    terms = expansion(fuzzy, reader)
    by_segment = {t for leaf, _ in reader.leaf_readers() for _, t in fuzzy.expanded_terms(leaf)}
    assert terms == tuple(sorted(by_segment)) and "troop" in terms
    assert expansion(fuzzy, reader) is expansion(fuzzy, reader)


def test_fuzzy_terms_count_a_transposition_as_two_edits_as_whooshs_search(snapshot):
    """Whoosh's whole-index ``terms_within`` finds "korea" for "kroea~" (one transposition); the
    per-segment automaton its search uses does not, and neither does the matcher."""
    reader = snapshot.searcher.reader()
    query = parse_query("body:kroea~", snapshot.schema).query
    assert "korea" in {t for _, t in query.expanded_terms(reader)}
    assert set(snapshot.searcher.docs_for_query(query)) == set()
    assert Matcher(snapshot.searcher, snapshot.columns.live).docs(query) == set()


def test_field_star_matches_the_documents_having_the_field(snapshot):
    columns = snapshot.columns
    matcher = Matcher(snapshot.searcher, columns.live)
    speakers = {d for d in columns.live if columns.speakers_of[d]}
    outlets = {d for d in columns.live if columns.outlet_of[d]}
    dated = {d for d in columns.live if columns.date_of[d]}
    assert 0 < len(speakers) < len(columns.live) and 0 < len(outlets) < len(columns.live)
    assert matcher.docs(parse_query("speaker:*", snapshot.schema).query) == speakers
    assert matcher.docs(parse_query("outlet:*", snapshot.schema).query) == outlets
    assert matcher.docs(parse_query("date:*", snapshot.schema).query) == dated
    assert matcher.docs(parse_query("author:*", snapshot.schema).query) == set()     # no article has one
    result = run_search(snapshot, SearchState(q="speaker:*"))
    assert result["total"] == len(speakers)
    assert not any(item["label"] == "(no named speaker)" for item in result["facets"]["speaker"])


def test_a_wildcard_cut_at_the_limit_is_said_and_matched_and_ranked_by_the_same_terms(snapshot, monkeypatch):
    monkeypatch.setattr(query_module, "MAX_EXPANSION", 2)
    monkeypatch.setattr(query_module, "_EXPANSIONS", type(query_module._EXPANSIONS)())
    reader = snapshot.searcher.reader()
    wildcard = parse_query("body:s*", snapshot.schema).query
    everything = sorted({t.decode() for _, t in wildcard.expanded_terms(reader)})
    assert len(everything) > 2 and expansion(wildcard, reader) == tuple(everything[:2])
    explicit = wq.Or([wq.Term("body", t) for t in everything[:2]])
    theirs = {hit.docnum: hit.score for hit in snapshot.searcher.search(explicit, limit=None)}
    result = run_search(snapshot, SearchState(q="body:s*"))
    assert result["total"] == len(theirs)
    assert "“s*” stands for more than 2 words" in (result["message"] or "")
    matcher = Matcher(snapshot.searcher, snapshot.columns.live)
    assert scores(snapshot, wildcard, set(theirs), matcher) == pytest.approx(theirs)
    assert run_search(snapshot, SearchState(q="body:ship*"))["message"] is None


@pytest.mark.parametrize("segments", [1, 3])
def test_did_you_mean_counts_edits_the_same_in_one_segment_or_several(segments):
    """Whoosh's own corrector counts a swapped pair as one edit over several segments and as two
    in one; the suggestions' corrector counts two in both (as fuzzy terms do)."""
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import RamStorage
    from webapp.query import WhooshVocabulary
    ix = RamStorage().create_index(Schema(body=TEXT))
    texts = ["grain prices rose", "wheat and grain", "gravel road"]
    for part in ([texts] if segments == 1 else [[t] for t in texts]):
        writer = ix.writer()
        for text in part:
            writer.add_document(body=text)
        writer.commit(merge=False)
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == segments
        vocabulary = WhooshVocabulary(searcher)
        assert vocabulary.closest("body", "grian") == "grain"              # 2 edits
        assert vocabulary.closest("body", "graim") == "grain"              # 1 edit
        assert vocabulary.closest("body", "grianx") is None                # a swap and one more: 3
        if segments > 1:                                                   # Whoosh's own would say "grain"
            assert searcher.corrector("body").suggest("grianx", limit=1, maxdist=2, prefix=1) == ["grain"]
