"""The fast matcher and ranker agree with Whoosh's own, on a multi-segment index with deletions."""

from __future__ import annotations

import random

import pytest

from indexer.index import store
from indexer.article import Article, Passage
from indexer.index.schema import build_schema, to_document
from webapp.columns import Columns
from webapp.index import IndexHolder
from webapp.matching import Matcher, field_lengths, rank, scores
from webapp.query import parse_query

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
    generation = store.create_generation(index_dir, build_schema(), {"schema": "test"})
    ix = generation.index
    n = 0
    for _batch in range(3):
        writer = ix.writer()
        for _ in range(30):
            writer.add_document(**to_document(random_article(rng, n), "s"))
            n += 1
        writer.commit(merge=False)
    writer = ix.writer()
    for gone in range(0, 90, 8):
        writer.delete_by_term("id", f"doc-{gone:03d}")
    writer.commit(merge=False)
    store.publish(index_dir, generation.name)
    holder = IndexHolder(index_dir)
    snap = holder.acquire()
    assert len(snap.searcher.reader().leaf_readers()) >= 3
    yield snap
    holder.release(snap)
    holder.close()


QUERIES = ["troops", "troops kursk", "grain OR oil", "ukraine NOT russia", '"north korea"', "kurs*", "pri?es",
           "tropps~", "title:oil", "speaker:ryder", 'speaker:"jane doe"', "outlet:reuters", "date:2024-0*",
           "(bank OR market) AND shares", "said told", "NOT troops", "nothingatall", "troops^2 kursk",
           "date:[2024-03-01 TO 2024-06-30]"]


@pytest.mark.parametrize("q", QUERIES)
def test_matcher_finds_what_whoosh_finds(snapshot, q):
    query = parse_query(q, snapshot.schema).query
    live = snapshot.columns.live
    expected = set(snapshot.searcher.docs_for_query(query))
    assert Matcher(snapshot.searcher, live).docs(query) == expected


#: Queries whose scores are Whoosh's exactly.  Whoosh adds a constant 1 for a NOT clause and
#: gives unscored fields (dates) a constant score: the order is the same, checked below.
#: Phrases are scored by their words here (Whoosh scores phrase occurrences).
EXACT = [q for q in QUERIES if not any(x in q for x in ("^", "NOT", '"north', "date:"))]


@pytest.mark.parametrize("q", EXACT)
def test_scores_are_whooshs_bm25f(snapshot, q):
    query = parse_query(q, snapshot.schema).query
    theirs = {hit.docnum: hit.score for hit in snapshot.searcher.search(query, limit=None)}
    ours = scores(snapshot, query, set(theirs))
    assert set(ours) == set(theirs)
    for docnum, score in theirs.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-4), docnum


@pytest.mark.parametrize("q", EXACT + ["ukraine NOT russia", "date:2024-0*", "date:[2024-03-01 TO 2024-06-30]"])
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
    lengths = field_lengths(reader, "body")
    assert all(lengths[d] == reader.doc_field_length(d, "body", 0) for d in columns.live)
