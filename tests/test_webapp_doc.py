"""The article page /doc/<id> and /api/doc/<id>: metadata, passages, hits, passage links, ids."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from indexer.article import passage_fingerprint
from webapp.anchors import quote_of


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def anchor(n: int, text: str) -> str:
    """The anchor parameters of a link to passage ``n`` (``text``): number, fingerprint, quote."""
    return urlencode({"p": n, "fp": passage_fingerprint(text), "t": quote_of(text)})


PASSAGES = [
    "North Korean troops entered the Kursk region on Monday.",
    '"We are watching the troops closely," Ryder said at the Pentagon briefing today.',
    "Officials did not say how many soldiers had crossed the border.",
    "The troops are expected to join combat, another troop commander added.",
]


@pytest.fixture
def article(news):
    return news("a1", "Troops enter Kursk", *PASSAGES, date="2024-11-04", outlet="Reuters", author="Jane Roe",
                speakers=["Pat Ryder", "Jane Doe"], spoken={2: ["Pat Ryder"], 4: ["Jane Doe"]},
                url="https://example.org/news/a1?x=1")


@pytest.fixture
def dclient(make_app, make_index, article, news):
    other = news("a2", "No link", "Nothing here.", url="javascript:alert(1)")
    return make_app(make_index([article, other])).test_client()


def test_article_page_shows_metadata_and_passages(dclient):
    soup = page(dclient, "/doc/a1")
    assert soup.select_one("h1").get_text() == "Troops enter Kursk"
    assert soup.select_one(".article-head time")["datetime"] == "2024-11-04"
    outlet = soup.select_one(".article-head a.outlet")
    assert outlet.get_text() == "Reuters" and parse_qs(urlsplit(outlet["href"]).query) == {"outlet": ["Reuters"]}
    assert soup.select_one(".author").get_text() == "By Jane Roe"
    speakers = {a.get_text(): a["href"] for a in soup.select(".article-head a.speaker")}
    assert speakers == {"Pat Ryder": "/speaker/Pat%20Ryder", "Jane Doe": "/speaker/Jane%20Doe"}    # speaker pages
    sections = soup.select("section.passage")
    assert [s["id"] for s in sections] == ["p-1", "p-2", "p-3", "p-4"]
    assert [s.select_one("p.text").get_text() for s in sections] == PASSAGES
    for n, section in enumerate(sections, start=1):
        assert section["data-fp"] == passage_fingerprint(PASSAGES[n - 1])
        assert section.select_one("a.plink")["href"] == f"/doc/a1?{anchor(n, PASSAGES[n - 1])}#p-{n}"
    assert [a.get_text() for a in sections[1].select(".pspeakers a")] == ["Pat Ryder"]
    assert not soup.select("mark") and not soup.select("#hitbar")


def test_source_links_carry_a_text_fragment(dclient):
    soup = page(dclient, "/doc/a1")
    assert soup.select_one("#source-link")["href"] == "https://example.org/news/a1?x=1"
    third = soup.select_one("#p-3 a.psource")["href"]
    assert third.startswith("https://example.org/news/a1?x=1#:~:text=")
    assert unquote(third.split("#:~:text=")[1]) == "Officials did not say how,soldiers had crossed the border"
    linked = page(dclient, f"/doc/a1?p=3&fp={passage_fingerprint(PASSAGES[2])}")
    assert linked.select_one("#source-link")["href"] == third
    searched = page(dclient, "/doc/a1?q=soldiers")
    assert searched.select_one("#source-link")["href"] == third   # the first passage with a hit
    assert page(dclient, "/doc/a1").select_one("#p-1 a.psource")["rel"] == ["noopener", "noreferrer", "external"]


def test_unsafe_source_urls_are_not_links(dclient):
    soup = page(dclient, "/doc/a2")
    assert soup.select_one("#source-link") is None and not soup.select(".psource")
    assert not soup.select('a[href^="javascript"]')


def test_every_hit_is_highlighted_and_counted(dclient):
    soup = page(dclient, "/doc/a1?q=troops")
    marks = soup.select(".passages mark")
    assert [m.get_text() for m in marks] == ["troops", "troops", "troops", "troop"]
    assert [m["id"] for m in marks] == ["h-1", "h-2", "h-3", "h-4"]
    assert soup.select_one("#hit-count").get_text(" ", strip=True) == '4 hits for “troops” in 3 passages'
    assert soup.select_one("#next-hit")["href"] == "#h-1" and soup.select_one("#prev-hit")["href"] == "#h-4"
    assert [s["id"] for s in soup.select("section.has-hits")] == ["p-1", "p-2", "p-4"]
    assert soup.select_one("h1 mark").get_text() == "Troops"
    assert soup.select_one("form.search input[name=q]")["value"] == "troops"
    links = [a["href"] for a in soup.select("a.plink")]
    assert links[0] == f"/doc/a1?q=troops&{anchor(1, PASSAGES[0])}#p-1"
    assert soup.select_one(".clear-hl")["href"] == "/doc/a1"


def test_query_syntax_applies_on_the_article_page(dclient):
    soup = page(dclient, '/doc/a1?q="troops closely" OR pentag*')
    assert [m.get_text() for m in soup.select(".passages mark")] == ["troops closely", "Pentagon"]
    negated = page(dclient, "/doc/a1?q=kursk NOT troops")
    assert [m.get_text() for m in negated.select(".passages mark")] == ["Kursk"]


def test_no_hits_in_the_text(dclient):
    soup = page(dclient, "/doc/a1?q=reuters")
    assert soup.select_one("#hit-count").get_text(" ", strip=True) == "No hits for “reuters” in the text"
    assert soup.select_one("#next-hit") is None


def test_api_doc(dclient):
    data = dclient.get("/api/doc/a1").get_json()
    assert {k: data[k] for k in ("id", "title", "date", "outlet", "author", "url", "speakers", "query", "hits")} == {
        "id": "a1", "title": "Troops enter Kursk", "date": "2024-11-04", "outlet": "Reuters", "author": "Jane Roe",
        "url": "https://example.org/news/a1?x=1", "speakers": ["Pat Ryder", "Jane Doe"], "query": None, "hits": 0}
    assert data["passages"][1] == {"n": 2, "text": PASSAGES[1], "speakers": ["Pat Ryder"], "quotes": [],
                                   "fingerprint": passage_fingerprint(PASSAGES[1]),
                                   "link": f"/doc/a1?{anchor(2, PASSAGES[1])}#p-2"}
    searched = dclient.get("/api/doc/a1?q=troops").get_json()
    assert searched["hits"] == 4 and searched["passages"][0]["hits"] == 1
    assert searched["passages"][0]["html"] == 'North Korean <mark id="h-1">troops</mark> entered the Kursk region on Monday.'


def test_standfirst_shows_under_the_headline_is_searched_and_is_no_passage(make_app, make_index, news):
    from dataclasses import replace

    article = replace(news("s1", "Council votes", "The council voted on Tuesday."),
                      standfirst="A plan for the eastern suburbs divides the town.")
    client = make_app(make_index([article])).test_client()
    soup = page(client, "/doc/s1")
    assert soup.select_one(".article-head .standfirst").get_text() == "A plan for the eastern suburbs divides the town."
    assert [s.select_one("p.text").get_text() for s in soup.select("section.passage")] == ["The council voted on Tuesday."]
    assert client.get("/api/doc/s1").get_json()["standfirst"] == "A plan for the eastern suburbs divides the town."
    assert [r["id"] for r in client.get("/api/search?q=suburbs").get_json()["results"]] == ["s1"]


def test_no_standfirst_no_paragraph(dclient):
    assert page(dclient, "/doc/a1").select_one(".standfirst") is None
    assert dclient.get("/api/doc/a1").get_json()["standfirst"] is None


# -- passage links across re-indexing --------------------------------------------------------

def test_passage_links_find_their_passage_after_it_moved(make_app, make_index, article, news):
    index_dir = make_index([article])
    app = make_app(index_dir)
    client = app.test_client()
    link = page(client, "/doc/a1?q=soldiers").select_one("#p-3 a.plink")["href"]
    assert link == f"/doc/a1?q=soldiers&{anchor(3, PASSAGES[2])}#p-3"
    assert "linked" in page(client, link.split("#")[0]).select_one("#p-3")["class"]

    edited = news("a1", "Troops enter Kursk", "A new first paragraph.", "And another one.", *PASSAGES[:2],
                  "  officials did NOT say how many soldiers had crossed the border ", PASSAGES[3])
    make_index([edited])                                    # re-indexed: the passage is now the 5th
    response = client.get(link.split("#")[0])
    assert response.status_code == 302
    target = response.headers["Location"]
    assert target == f"/doc/a1?q=soldiers&{anchor(5, PASSAGES[2])}&moved=3#p-5"
    soup = page(client, target.split("#")[0])
    assert "linked" in soup.select_one("#p-5")["class"]
    notice = soup.select_one("#notice").get_text(" ", strip=True)
    assert "moved" in notice and "¶3" in notice and "¶5" in notice

    gone = news("a1", "Troops enter Kursk", *PASSAGES[:2])
    make_index([gone])                                      # re-indexed: the passage is gone
    response = client.get(link.split("#")[0])
    gone_url = f"/doc/a1?q=soldiers&gone=3&{anchor(3, PASSAGES[2])[len('p=3&'):]}"
    assert response.status_code == 302 and response.headers["Location"] == gone_url + "#notice"
    soup = page(client, gone_url)
    assert "no longer in the article" in soup.select_one("#notice").get_text()
    assert len(soup.select("section.passage")) == 2 and not soup.select("section.linked")


def test_snippet_links_from_the_seed_search_resolve(client):
    data = client.get("/api/search?q=ryder").get_json()
    assert data["results"] and all(result["snippets"] for result in data["results"])   # "Ryder" is in their text
    for result in data["results"]:
        for snippet in result["snippets"]:
            url = snippet["link"]
            assert url.endswith(f"#p-{snippet['passage']}")
            soup = page(client, url.split("#")[0])
            section = soup.select_one(f"#p-{snippet['passage']}")
            assert "linked" in section["class"] and section.select("mark")


def test_seed_article_page(client):
    data = client.get("/api/search?q=ryder&per_page=1").get_json()
    doc_id = data["results"][0]["id"]
    api = client.get(f"/api/doc/{doc_id}").get_json()
    soup = page(client, f"/doc/{doc_id}")
    assert soup.select_one("h1").get_text() == api["title"]
    assert len(soup.select("section.passage")) == len(api["passages"]) > 0
    assert [a.get_text() for a in soup.select(".article-head a.speaker")] == api["speakers"]


# -- ids ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/doc/nothere-12345678", "/doc/..", "/doc/%2e%2e", "/doc/..%2F..%2Fetc%2Fpasswd", "/doc/..%252F..%252Fetc",
    "/doc/a%00b", "/doc/%00", "/doc/" + "a" * 300, "/doc/A1", "/doc/a1.txt", "/doc/.a1", "/doc/a1%20",
    "/doc/~root", "/doc/a1;rm", "/doc/%C0%AE%C0%AE", "/doc/\u00e91",
])
def test_unknown_or_malformed_ids_are_404(dclient, path):
    response = dclient.get(path)
    assert response.status_code == 404
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert "There is no page here" in soup.select_one(".error-message").get_text()
    api = dclient.get(path.replace("/doc/", "/api/doc/", 1))
    assert api.status_code == 404 and api.get_json()["error"]["status"] == 404


@pytest.mark.parametrize("path", ["/doc/../../etc/passwd", "/doc/a1/../../../etc/passwd", "/doc/a1/extra"])
def test_paths_with_slashes_reach_nothing(dclient, path):
    response = dclient.get(path)
    assert response.status_code == 404
    assert b"root:" not in response.get_data()


@pytest.mark.parametrize("query", ["p=abc", "p=0", "fp=xyz", "fp=" + "a" * 300, "q=" + "x" * 600, "gone=-1"])
def test_bad_article_parameters_are_400(dclient, query):
    response = dclient.get("/doc/a1?" + query)
    assert response.status_code == 400
    assert dclient.get("/api/doc/a1?" + query).get_json()["error"]["status"] == 400
