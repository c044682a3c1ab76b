"""The article page's ties to the search: "back to search" keeps the whole search, the page's
language, and one h1 on every kind of page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from indexer.article import passage_fingerprint
from webapp.document import article_view, back_param, back_state
from webapp.params import SearchState

#: A search using every part of the state: query, both filters, a range, sort, page size and page.
FULL_SEARCH = {"q": ["troops"], "outlet": ["Reuters"], "speaker": ["Pat Ryder"], "from": ["2024-11-01"],
               "to": ["2024-11-30"], "sort": ["oldest"], "per_page": ["2"], "page": ["2"]}


def soup_of(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def query_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


def back_of(link: str) -> dict:
    """The search a link to an article carries in ``back``."""
    return parse_qs(query_of(link)["back"][0])


def search_url(params: dict) -> str:
    from urllib.parse import urlencode
    return "/?" + urlencode([(k, v) for k, values in params.items() for v in values])


@pytest.fixture
def client(make_app, make_index, news):
    articles = [news(f"r{i}", f"Troops report {i}", f"The troops moved on day {i}.",
                     f'"We see the troops," Ryder said on day {i}.', date=f"2024-11-{i:02d}", outlet="Reuters",
                     speakers=["Pat Ryder"], spoken={2: ["Pat Ryder"]}) for i in range(1, 7)]
    articles.append(news("ap1", "Troops elsewhere", "Other troops.", date="2024-11-03", outlet="AP"))
    return make_app(make_index(articles)).test_client()


def result_links(soup: BeautifulSoup) -> list[str]:
    return [a["href"] for a in soup.select(".results a[href^='/doc/']")]


def test_back_to_search_keeps_the_query_and_every_filter(client):
    results = soup_of(client, search_url(FULL_SEARCH))
    links = result_links(results)
    assert len(links) >= 2                          # the title links and the snippets' passage links
    expected_ids = [a["href"].split("?")[0] for a in results.select("a.hit-title")]
    assert len(expected_ids) == 2
    for link in links:
        assert back_of(link) == FULL_SEARCH, link
        back = soup_of(client, link.split("#")[0]).select_one(".back a")
        assert query_of(back["href"]) == FULL_SEARCH
        assert "troops" in back.get_text()
    back_page = soup_of(client, soup_of(client, links[0].split("#")[0]).select_one(".back a")["href"])
    assert [a["href"].split("?")[0] for a in back_page.select("a.hit-title")] == expected_ids


def test_the_articles_own_links_carry_the_search_on(client):
    link = result_links(soup_of(client, search_url(FULL_SEARCH)))[0].split("#")[0]
    doc = soup_of(client, link)
    own = [a["href"] for a in doc.select("a.plink")] + [doc.select_one("a.clear-hl")["href"]]
    for href in own:
        assert back_of(href) == FULL_SEARCH, href
        assert query_of(soup_of(client, href.split("#")[0]).select_one(".back a")["href"]) == FULL_SEARCH


def test_a_plain_query_needs_no_back_parameter(client):
    links = result_links(soup_of(client, "/?q=troops"))
    assert links and all("back" not in query_of(link) for link in links)
    back = soup_of(client, links[0].split("#")[0]).select_one(".back a")
    assert back["href"] == "/?q=troops" and back.get_text(strip=True) == "‹ Back to results for “troops”"
    assert soup_of(client, "/doc/r1").select_one(".back a")["href"] == "/"


def test_a_page_beyond_the_last_is_kept_as_the_last_page(client):
    links = result_links(soup_of(client, "/?q=troops&per_page=5&page=99"))
    assert links and {back_of(link)["page"][0] for link in links} == {"2"}


@pytest.mark.parametrize("back", ["sort=sideways", "page=0", "from=2024-13-01", "from=2025&to=2024",
                                  "%%%", "q=" + "x" * 600, "javascript:alert(1)"])
def test_an_invalid_back_falls_back_to_the_query(client, back):
    from urllib.parse import quote
    anchor = soup_of(client, f"/doc/r1?q=troops&back={quote(back, safe='')}").select_one(".back a")
    assert anchor["href"] == "/?q=troops"


def test_back_is_rebuilt_from_the_validated_search_never_echoed(client):
    from urllib.parse import quote
    hostile = 'q=x"><script>alert(1)</script>&outlet=A&bogus=1&outlet=A'
    response = client.get(f"/doc/r1?back={quote(hostile, safe='')}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<script>alert" not in html
    href = BeautifulSoup(html, "lxml").select_one(".back a")["href"]
    assert query_of(href) == {"q": ['x"><script>alert(1)</script>'], "outlet": ["A"]}


def test_a_moved_passage_redirect_keeps_the_search(make_app, make_index, news):
    first = news("a1", "Troops", "Troops arrive.", "Officials said nothing about soldiers.", outlet="Reuters")
    index_dir = make_index([first])
    client = make_app(index_dir).test_client()
    state = {"q": ["soldiers"], "outlet": ["Reuters"], "sort": ["newest"]}
    link = result_links(soup_of(client, search_url(state)))[-1]
    assert "p=2" in link
    make_index([news("a1", "Troops", "A new opening.", "Troops arrive.", "Officials said nothing about soldiers.",
                     outlet="Reuters")])
    response = client.get(link.split("#")[0])
    assert response.status_code == 302
    target = response.headers["Location"]
    assert query_of(target)["moved"] == ["2"] and query_of(target)["p"] == ["3"]
    assert back_of(target) == state
    assert query_of(soup_of(client, target.split("#")[0]).select_one(".back a")["href"]) == state


def test_back_param_and_state_round_trip():
    full = SearchState(q="oil", outlets=("Reuters", "AP"), speakers=("Jane Doe",), date_from="2024-01-01",
                       date_to="2024-12-31", sort="newest", page=3, per_page=50)
    assert back_state(back_param(full), "ignored") == full
    assert back_param(SearchState(q="oil")) == ""
    assert back_state("", "oil") == SearchState(q="oil")


# -- the page's language ----------------------------------------------------------------------

def test_the_article_page_is_english_without_a_known_language(client):
    assert soup_of(client, "/doc/r1").html["lang"] == "en"


@pytest.mark.parametrize("stored, lang", [("de", "de"), ("pt-BR", "pt-BR"), (None, "en"), ("", "en"),
                                          ('en" onload="x', "en"), ("english", "en")])
def test_the_article_page_takes_the_stored_language_when_there_is_one(make_app, index_dir, stored, lang):
    fields = {"id": "a1", "title": "Truppen", "passages": [["Die Truppen sind da.", []]], "lang": stored}
    view = dict(article_view(fields, frozenset()), search_url="/", search_query="", search_filtered=False)
    app = make_app(index_dir)
    with app.test_request_context("/doc/a1"):
        from flask import render_template
        html = render_template("doc.html", d=view, moved=None, gone=None)
    assert BeautifulSoup(html, "lxml").html["lang"] == lang


# -- one h1 on every page ---------------------------------------------------------------------

@pytest.mark.parametrize("url, status", [("/?q=troops", 200), ("/", 200), ("/?q=zzqqxx", 200),
                                         ("/doc/r1?q=troops", 200), ("/facets/speaker?q=troops", 200),
                                         ("/facets/outlet", 200), ("/doc/nothing-here", 404),
                                         ("/?sort=sideways", 400), ("/nowhere", 404)])
def test_every_page_has_one_h1(client, url, status):
    assert len(soup_of(client, url, status).find_all("h1")) == 1


def test_the_no_index_page_has_one_h1(make_app, tmp_path):
    assert len(soup_of(make_app(tmp_path / "none").test_client(), "/", 503).find_all("h1")) == 1


def test_passage_links_keep_their_fingerprint_with_a_search(client):
    link = [href for href in result_links(soup_of(client, search_url(FULL_SEARCH))) if "p=" in href][0]
    n = int(query_of(link)["p"][0])
    doc = soup_of(client, link.split("#")[0])
    text = doc.select_one(f"#p-{n} .text").get_text()
    assert query_of(link)["fp"] == [passage_fingerprint(text)]
    assert "linked" in doc.select_one(f"#p-{n}")["class"]
