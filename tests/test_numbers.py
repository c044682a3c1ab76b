"""Numbers with and without thousands separators: the analyzer's terms, and search end to end.

The rule (see :mod:`indexer.index.analysis`): digits grouped in thousands
are one term without the separators; a dot groups only when the number has
several groups or its one group ends in ``00``, otherwise it is a decimal
point and stays; letters written onto a number stay on it.  Searches are
checked through :func:`webapp.search.run_search` and against Whoosh's
public searcher on the query Clippings parsed.
"""

from __future__ import annotations

import re

import pytest

from indexer.article import Article, Passage
from indexer.index.analysis import text_analyzer
from webapp.params import SearchState
from webapp.query import parse_query
from webapp.search import run_search
from webapp.textwords import tokens, words

from helpers import snapshot_of, write_index


def terms(text: str) -> list[str]:
    return [t.text for t in text_analyzer()(text)]


@pytest.mark.parametrize("text, expected", [
    # thousands separators: comma, dot, apostrophes, typographic spaces
    ("11,000", ["11000"]),
    ("11000", ["11000"]),
    ("11.000", ["11000"]),
    ("11'000", ["11000"]),
    ("11’000", ["11000"]),
    ("11\u00a0000", ["11000"]),       # no-break space
    ("11\u2009000", ["11000"]),       # thin space
    ("11\u202f000", ["11000"]),       # narrow no-break space
    ("1,234,567", ["1234567"]),
    ("1.234.567", ["1234567"]),
    ("2.500 Menschen", ["2500", "menschen"]),
    ("1,200.50", ["1200.50"]),
    # decimals keep their point; a dot before three digits not ending in 00 is one
    ("3.5 percent", ["3.5", "percent"]),
    ("7.125 pct", ["7.125", "pct"]),
    ("0.500", ["0.500"]),
    ("12.03.2024", ["12.03.2024"]),
    # not thousands groups: split as before
    ("11 000", ["11", "000"]),          # an ordinary space separates two numbers
    ("1,5", ["1", "5"]),
    ("1,0000", ["1", "0000"]),
    ("01,000", ["01", "000"]),
    ("A320,000", ["a320", "000"]),
    # units: letters stay on the number, symbols and hyphens do not
    ("$1,200", ["1200"]),
    ("€1.200", ["1200"]),
    ("5%", ["5"]),
    ("10-year", ["10", "year"]),
    ("2,500-strong", ["2500", "strong"]),
    ("11,000km", ["11000km"]),
    ("3.5bn", ["3.5bn"]),
    ("1980s", ["1980s"]),
    ("10K", ["10k"]),
    ("1,000's", ["1000"]),
])
def test_number_terms(text, expected):
    assert terms(text) == expected


def test_words_around_numbers_are_unchanged():
    assert terms("U.S. troops, No.1 in Russia’s 11,000-man force") == \
        ["us", "troop", "no1", "in", "russia", "11000", "man", "forc"]


def test_highlighting_words_are_the_analyzers():
    """``webapp.textwords`` splits and stems exactly as the index analyzer does, offsets included."""
    text = "Some 11,000 (11.000, 11\u202f000) troops; $1,200 at 3.5 percent, 2,500-strong, 7.125 pct, 1,5 U.S."
    whoosh = [(t.startchar, t.endchar, t.text) for t in text_analyzer()(text, chars=True)]
    assert list(tokens(text)) == whoosh
    assert words(text) == [text[start:end] for start, end, _ in whoosh]


def _article(doc_id: str, text: str) -> Article:
    return Article(id=doc_id, path=f"{doc_id}.txt", title=f"Story {doc_id}", date="2024-11-01", outlet="Wire",
                   author=None, url=None, speakers=[], passages=[Passage(1, text, [])])


ARTICLES = [
    _article("comma", "About 11,000 troops crossed the border."),
    _article("plain", "Some 11000 troops were sent north."),
    _article("german", "Etwa 11.000 Soldaten wurden entsandt."),
    _article("decimal", "Growth was 3.5 percent this year."),
    _article("dollars", "The fee was $1,200 a day."),
    _article("strong", "A 2,500-strong force arrived."),
    _article("apart", "Lots 11 and 000 sold; 35 percent of 12 00 left."),
    _article("yield", "The bond yields 7.125 pct."),
]

# (query, the documents it finds, the text marked in each of them)
SEARCHES = [
    ("11000", {"comma": "11,000", "plain": "11000", "german": "11.000"}),
    ("11,000", {"comma": "11,000", "plain": "11000", "german": "11.000"}),
    ("11.000", {"comma": "11,000", "plain": "11000", "german": "11.000"}),
    ("11\u2019000", {"comma": "11,000", "plain": "11000", "german": "11.000"}),
    ('"11,000 troops"', {"comma": "11,000 troops", "plain": "11000 troops"}),
    ('"11000 troops"', {"comma": "11,000 troops", "plain": "11000 troops"}),
    ("11", {"apart": "11"}),
    ("1200", {"dollars": "1,200"}),
    ("$1,200", {"dollars": "1,200"}),
    ("1.200", {"dollars": "1,200"}),
    ("2500", {"strong": "2,500"}),
    ("2,500-strong", {"strong": "2,500 strong"}),        # two words, each marked
    ("3.5", {"decimal": "3.5"}),
    ("35", {"apart": "35"}),
    ("7.125", {"yield": "7.125"}),
    ("7125", {}),
]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("numbers") / "index"
    write_index(index_dir, ARTICLES)
    with snapshot_of(index_dir) as snap:
        yield snap


@pytest.mark.parametrize("q, expected", SEARCHES)
def test_number_search_finds_the_right_documents(snapshot, q, expected):
    result = run_search(snapshot, SearchState(q=q, per_page=100))
    assert {r["id"] for r in result["results"]} == set(expected)
    assert result["total"] == len(expected)
    parsed = parse_query(q, snapshot.schema)
    with snapshot.lock:
        assert {hit["id"] for hit in snapshot.searcher.search(parsed.query, limit=None)} == set(expected)


@pytest.mark.parametrize("q, expected", [(q, e) for q, e in SEARCHES if e])
def test_number_search_marks_the_form_written(snapshot, q, expected):
    result = run_search(snapshot, SearchState(q=q, per_page=100))
    for r in result["results"]:
        html = " ".join(str(s["html"]) for s in r["snippets"])
        assert " ".join(re.findall(r"<mark[^>]*>(.*?)</mark>", html)) == expected[r["id"]], html
