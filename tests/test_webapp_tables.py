"""Preformatted passages (fixed-width tables): stored apart from ``passages``, shown as ``<pre>``."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from helpers import write_index
from indexer.index.schema import SCHEMA_VERSION, from_stored, to_document

TABLE = ("          Natl   Loan   Release\n"
         "Wheat     2.55   2.40      4.65\n"
         "Corn      1.35   1.92      3.15\n"
         "Sorghum   2.34   3.25      5.36")
PASSAGES = ["The department reported grain reserve prices for the week ended Friday.", TABLE,
            "Prices were little changed from the week before, traders said."]


@pytest.fixture
def article(news):
    return news("g1", "Grain reserve prices", *PASSAGES, outlet="Reuters", pre={2})


LONG = "\n".join(f"{name:<12}{i}.25    {i * 3}.50" for i, name in enumerate(
    ["Chicago", "Toledo", "Memphis", "Peoria", "Denver", "Evansville", "Cincinnati", "Minneapolis", "Baltimore",
     "Kansas City", "St. Louis", "Amarillo", "Portland", "Stockton", "Duluth", "Galveston", "Houston"], start=1))


@pytest.fixture
def client(tmp_path, make_app, article, news):
    other = news("g2", "Wheat harvest", "Wheat harvest news without tables.")
    prices = news("g3", "Cash grain prices", "Cash prices by market were as follows.", LONG, pre={2})
    write_index(tmp_path / "index", [article, other, prices])
    return make_app(tmp_path / "index").test_client()


def test_the_stored_passages_keep_their_shape_and_pre_is_a_field_of_its_own(article):
    doc = to_document(article, "stamp")
    assert doc["passages"] == [[text, []] for text in PASSAGES]
    assert doc["pre"] == [2]
    back = from_stored(doc)
    assert [p.pre for p in back.passages] == [False, True, False]
    assert "pre" not in to_document(article.__class__(id="x", path="x.txt", title="x"), "s")
    assert SCHEMA_VERSION >= 2


def test_article_view_shows_the_table_as_pre_with_its_line_breaks(client):
    soup = BeautifulSoup(client.get("/doc/g1").get_data(as_text=True), "lxml")
    tables = soup.select("#p-2 pre.text")
    assert len(tables) == 1 and tables[0].get_text() == TABLE
    assert not soup.select("#p-1 pre") and soup.select("#p-1 p.text")


def test_hits_inside_a_table_are_marked(client):
    soup = BeautifulSoup(client.get("/doc/g1?q=sorghum").get_data(as_text=True), "lxml")
    assert [m.get_text() for m in soup.select("#p-2 pre.text mark")] == ["Sorghum"]


def test_api_marks_the_preformatted_passage(client):
    data = client.get("/api/doc/g1").get_json()
    assert [p.get("pre", False) for p in data["passages"]] == [False, True, False]


def test_search_snippet_of_a_table_is_pre_cut_to_whole_lines(client):
    soup = BeautifulSoup(client.get("/?q=sorghum").get_data(as_text=True), "lxml")
    snippet = soup.select(".snippet-table pre")
    assert len(snippet) == 1 and "Sorghum   2.34   3.25      5.36" in snippet[0].get_text()
    data = client.get("/api/search?q=sorghum").get_json()
    assert data["results"][0]["snippets"][0]["pre"] is True
    data = client.get("/api/search?q=harvest").get_json()
    assert all("pre" not in s for r in data["results"] for s in r["snippets"])


def test_a_long_table_gives_a_snippet_of_whole_rows(client):
    soup = BeautifulSoup(client.get("/?q=stockton").get_data(as_text=True), "lxml")
    lines = soup.select(".snippet-table pre")[0].get_text().split("\n")
    assert lines[0] == "…"                                # the cut, on a line of its own
    lines = lines[1:]
    assert len(lines) == 6 and set(lines) <= set(LONG.split("\n"))
    assert any(line.startswith("Stockton") for line in lines)


def test_a_long_table_snippet_is_a_window_of_lines():
    from webapp.snippets import WindowFragmenter
    text = "\n".join(f"Row {i:02d}    {i}.00    {i * 2}.00" for i in range(20))
    start = text.index("Row 12")
    begin, end = WindowFragmenter().lines(text, [(start, start + 3)])
    window = text[begin:end].split("\n")
    assert len(window) == 6 and window[0].startswith("Row 11") and window[-1].startswith("Row 16")
    assert WindowFragmenter().lines("a\nb", []) == (0, 3)
