"""The query language: exclusion and requirement, date comparisons and spans, what the page says.

Each form is run through :func:`webapp.search.run_search` on a small built
index (total, which documents, the notice) and, where Whoosh syntax covers
the query Clippings produces, checked against Whoosh's public searcher.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.article import Article, Passage
from indexer.index.schema import build_schema
from webapp.index import IndexHolder
from webapp.params import SearchState
from webapp.query import highlight_terms, parse_query
from webapp.querylang import DateError, date_range
from webapp.search import run_search

from helpers import write_index


def _article(doc_id, title, text, date=None, speakers=()):
    return Article(id=doc_id, path=f"{doc_id}.txt", title=title, date=date, outlet="Wire", author=None, url=None,
                   speakers=list(speakers), passages=[Passage(1, text, list(speakers))])


ARTICLES = [
    _article("a1", "Pentagon briefing", "The Pentagon said troops moved. Ryder spoke.", "2024-10-30", ["Pat Ryder"]),
    _article("a2", "Pentagon budget", "The Pentagon asked for oil-price relief.", "2024-11-01"),
    _article("a3", "Kursk fighting", "North Korean troops in Kursk, Kim Yong-hyun said.", "2024-11-15",
             ["Kim Yong-hyun"]),
    _article("a4", "Markets", "Oil price rose; gas fell.", "2024-11-30"),
    _article("a5", "Election", "Voters went to the polls in December.", "2024-12-02"),
    _article("a6", "New year", "Troops and oil in January.", "2025-01-03"),
    _article("a7", "Pentagon and oil", "Pentagon troops guard oil.", None),
]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("querylang") / "index"
    write_index(index_dir, ARTICLES)
    holder = IndexHolder(index_dir)
    snap = holder.acquire()
    yield snap
    holder.release(snap)
    holder.close()


def search(snapshot, q: str) -> dict:
    return run_search(snapshot, SearchState(q=q, per_page=100))


def ids(result: dict) -> set[str]:
    return {r["id"] for r in result["results"]}


def whoosh_ids(snapshot, q: str) -> set[str]:
    """The documents Whoosh's own searcher finds for the query Clippings parsed from ``q``."""
    parsed = parse_query(q, snapshot.schema)
    with snapshot.lock:
        return {hit["id"] for hit in snapshot.searcher.search(parsed.query, limit=None)}


FORMS = [
    # (query, documents, words the notice must contain or None for no notice)
    ("pentagon -ryder", {"a2", "a7"}, None),
    ('pentagon -"troops moved"', {"a2", "a7"}, None),
    ("pentagon -title:briefing", {"a2", "a7"}, None),
    ("(pentagon OR kursk) -ryder", {"a2", "a3", "a7"}, None),
    ("pentagon AND -ryder", {"a2", "a7"}, None),
    ("pent* -ryd*", {"a2", "a7"}, None),
    ("pentagn~ -ryder", {"a2", "a7"}, None),
    ("troops -(pentagon OR kursk)", {"a6"}, None),
    ("+pentagon oil", {"a1", "a2", "a7"}, None),
    ("+pentagon +troops oil", {"a1", "a7"}, None),
    ("+pentagon -ryder oil", {"a2", "a7"}, None),
    ("+troops OR oil", {"a1", "a2", "a3", "a4", "a6", "a7"}, "no effect"),
    ("oil-price", {"a2", "a4"}, None),
    ("Kim Yong-hyun", {"a3"}, None),
    ("date:>2024-11-01", {"a3", "a4", "a5", "a6"}, None),
    ("date:>=2024-11", {"a2", "a3", "a4", "a5", "a6"}, None),
    ("date:>2024-11", {"a5", "a6"}, None),
    ("date:<2025", {"a1", "a2", "a3", "a4", "a5"}, None),
    ("date:<=2024-11", {"a1", "a2", "a3", "a4"}, None),
    ("date:<2024-11-01", {"a1"}, None),
    ("date:2024-11-01..2024-11-30", {"a2", "a3", "a4"}, None),
    ("date:2024-11..2024-12", {"a2", "a3", "a4", "a5"}, None),
    ("date:2024-12..", {"a5", "a6"}, None),
    ("date:2024-11", {"a2", "a3", "a4"}, None),
    ("date:2025", {"a6"}, None),
    ("date:2024-11-01", {"a2"}, None),
    ("date:[2024-11-01 TO 2024-11-30]", {"a2", "a3", "a4"}, None),
    ("date:[2024-11 TO 2024-12]", {"a2", "a3", "a4", "a5"}, None),
    ("date:{2024-11 TO 2025]", {"a5", "a6"}, None),
    ("troops date:>=2024-11", {"a3", "a6"}, None),
    ("troops -date:2024", {"a6", "a7"}, None),           # undated a7 is not in 2024
    ("oil OR date:<2024-11", {"a1", "a2", "a4", "a6", "a7"}, None),
    ("NOT NOT pentagon", {"a1", "a2", "a7"}, "negations"),
    ("pentagon NOT -ryder", {"a1"}, "negations"),
    ("troops~5", {"a1", "a3", "a6", "a7"}, "“troops~5” was read as “troops~2”"),
    ("foo:kursk", set(), "“foo:” is not a field"),
    ("Title:kursk", {"a3"}, None),
]


@pytest.mark.parametrize("q, expected, says", FORMS)
def test_each_form_finds_its_documents_and_says_what_was_changed(snapshot, q, expected, says):
    result = search(snapshot, q)
    assert ids(result) == expected and result["total"] == len(expected)
    if says is None:
        assert result["message"] is None
    else:
        assert says in (result["message"] or "")


@pytest.mark.parametrize("q", [q for q, _, _ in FORMS])
def test_each_form_agrees_with_whoosh(snapshot, q):
    assert ids(search(snapshot, q)) == whoosh_ids(snapshot, q)


def test_required_words_rank_first_by_the_optional_ones(snapshot):
    ranked = [r["id"] for r in search(snapshot, "+pentagon oil")["results"]]
    assert set(ranked[:2]) == {"a2", "a7"} and ranked[2] == "a1"


def test_an_excluded_word_is_not_highlighted(snapshot):
    parsed = parse_query("pentagon -ryder", snapshot.schema)
    assert highlight_terms(parsed.query, snapshot.searcher.reader()) == {"pentagon"}
    first = search(snapshot, "troops -kursk")["results"]
    assert first and all("<mark>Kursk" not in s["html"] for r in first for s in r["snippets"])


@pytest.mark.parametrize("q", ["--", "...", "&", "()", '"', "AND OR NOT", "- + -"])
def test_punctuation_only_finds_nothing_and_says_so(snapshot, q):
    result = search(snapshot, q)
    assert result["total"] == 0 and not result["browse"]
    assert "nothing was searched" in result["message"]
    assert result["suggestion"] is None


@pytest.mark.parametrize("q", ["", "*"])
def test_only_empty_or_star_browses(snapshot, q):
    result = search(snapshot, q)
    assert result["browse"] and result["total"] == len(ARTICLES) and result["message"] is None


def test_a_date_that_is_not_one_is_left_out_with_a_notice(snapshot):
    result = search(snapshot, "kursk date:>2024-13")
    assert ids(result) == {"a3"} and "“date:>2024-13” is not a date" in result["message"]


def test_suggestions_find_results_and_never_correct_unknown_fields(snapshot):
    assert search(snapshot, "pentagn")["suggestion"] == "pentagon"
    for q in ["foo:bar", "foo:pentagn", "pentagon -ryder -pentagn voters"]:
        result = search(snapshot, q)
        assert result["total"] == 0 and result["suggestion"] is None, q


def test_the_json_api_says_the_same(make_app, snapshot, tmp_path):
    index_dir = tmp_path / "index"
    write_index(index_dir, ARTICLES)
    client = make_app(index_dir).test_client()
    data = client.get("/api/search", query_string={"q": "pentagon -ryder"}).get_json()
    assert data["total"] == 2 and {r["id"] for r in data["results"]} == {"a2", "a7"}
    data = client.get("/api/search", query_string={"q": "troops~5"}).get_json()
    assert "was read as “troops~2”" in data["message"] and data["reading"] == "troops~2"


@pytest.mark.parametrize("value, whoosh", [
    (">2024-11-01", "{2024-11-01 TO]"), (">=2024-11", "[2024-11-01 TO]"), ("<2025", "[TO 2025-01-01}"),
    ("<=2024-02", "[TO 2024-02-29]"), ("2024-11-01..2024-11-30", "[2024-11-01 TO 2024-11-30]"),
    ("..2024", "[TO 2024-12-31]"), ("2024-11", "[2024-11-01 TO 2024-11-30]"), ("2024-11-01", None),
    ("2024-1-5", "2024-01-05"), ("2024-11*", None), ("[2024 TO 2025}", "[2024-01-01 TO 2025-01-01}"),
])
def test_date_values_become_whoosh_ranges(value, whoosh):
    assert date_range(value) == whoosh


@pytest.mark.parametrize("value", [">foo", "2024-02-30", "2025..2024", "..", "soon"])
def test_impossible_date_values_are_errors(value):
    with pytest.raises(DateError):
        date_range(value)


@pytest.mark.parametrize("text", ["REQUIRE ANDNOT) ~9date:>2024", "NOT REQUIRE ) 1.5speaker:title:TO",
                                  "NOT NOT", "-(", "+()", 'date:[2024 TO "x]', "title:(-a +b) ^2"])
def test_known_crashers_are_read(text):
    parse_query(text, build_schema())


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_parse_query_never_raises_on_any_text(text):
    parse_query(text, build_schema())


@given(st.lists(st.sampled_from(["a", "oil", "-", "+", "NOT", "AND", "OR", "REQUIRE", "ANDNOT", "ANDMAYBE",
                                 "(", ")", '"', "date:", ">", "2024-11", "..", "[", "TO", "]", "~", "9",
                                 "title:", "foo:", "*", "^2", " "]), max_size=14))
@settings(max_examples=400, deadline=None)
def test_parse_query_never_raises_on_query_syntax(parts):
    parse_query("".join(parts), build_schema())
