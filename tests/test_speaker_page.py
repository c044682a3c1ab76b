"""The speaker page /speaker/<name> and /api/speaker/<name>: a person's quotes, each said once."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup

WIRE = "The troops will be legitimate military targets"


@pytest.fixture
def corpus(news):
    return [
        news("ap", "Austin warns North Korea", f'"{WIRE}," Lloyd Austin said.', "Troops massed near Kursk.",
             date="2024-10-31", outlet="AP News", quotes={1: [("Lloyd Austin", WIRE)]}),
        news("abc", "Austin: troops are targets", "A new headline.", f'"{WIRE}," Lloyd Austin said.',
             date="2024-11-01", outlet="ABC News", quotes={2: [("Lloyd Austin", WIRE)]}),
        news("dod", "Briefing", '"We agreed to strengthen deterrence," Lloyd Austin said. '
             '"Our countries are deepening nuclear planning."',
             '"The alliance is ironclad," Antony Blinken said.', date="2024-11-04", outlet="DOD News",
             quotes={1: [("Lloyd Austin", "We agreed to strengthen deterrence"),
                         ("Lloyd Austin", "Our countries are deepening nuclear planning.")],
                     2: [("Antony Blinken", "The alliance is ironclad")]}),
        news("old", "Undated note", '"Casualties are heavy," Lloyd Austin said.', outlet="Newsweek",
             quotes={1: [("Lloyd Austin", "Casualties are heavy")]}),
        news("kim", "Seoul", '"We will respond firmly," Kim Yong-hyun said, and Lloyd Austin agreed: "Firmly."',
             date="2024-11-02", outlet="Yonhap",
             quotes={1: [("Kim Yong-hyun", "We will respond firmly")]}),
        news("zoe", "Names", '"Accents are fine," Zoë Ąlvarez said. "Slashes too," said AC/DC. '
             '"Apostrophes," said Beto O\'Rourke.', date="2024-09-01", outlet="Le Monde",
             quotes={1: [("Zoë Ąlvarez", "Accents are fine"), ("AC/DC", "Slashes too"),
                         ("Beto O'Rourke", "Apostrophes")]}),
        news("rain", "Weather", "Rain in Kursk.", date="2024-11-03", outlet="AP News"),
    ]


@pytest.fixture
def client(make_app, make_index, corpus):
    return make_app(make_index(corpus)).test_client()


def soup(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def link(doc: str, n: int, text: str, q: str = 'said:"Lloyd Austin"') -> str:
    from webapp.present import doc_url
    return doc_url("", doc, q, n, text)


def test_speaker_json(client, corpus):
    data = client.get("/api/speaker/Lloyd%20Austin").get_json()
    texts = {a.id: a.passages for a in corpus}
    wire_ap = link("ap", 1, texts["ap"][0].text)
    wire_abc = link("abc", 2, texts["abc"][1].text)
    assert data == {
        "name": "Lloyd Austin", "query": "", "message": None,
        "articles": 4, "quotes": 3, "copies": 4, "read_all": True, "read": 4,
        "page": 1, "pages": 1, "per_page": 10, "sort": "newest",
        "results": [
            {"text": "We agreed to strengthen deterrence … Our countries are deepening nuclear planning.",
             "html": "We agreed to strengthen deterrence … Our countries are deepening nuclear planning.",
             "id": "dod", "title": "Briefing", "outlet": "DOD News", "date": "2024-11-04", "passage": 1,
             "link": link("dod", 1, texts["dod"][0].text),
             "copies": [{"id": "dod", "title": "Briefing", "outlet": "DOD News", "date": "2024-11-04", "passage": 1,
                         "link": link("dod", 1, texts["dod"][0].text)}],
             "outlets": ["DOD News"]},
            {"text": WIRE, "html": WIRE, "id": "ap", "title": "Austin warns North Korea", "outlet": "AP News",
             "date": "2024-10-31", "passage": 1, "link": wire_ap,
             "copies": [{"id": "ap", "title": "Austin warns North Korea", "outlet": "AP News", "date": "2024-10-31",
                         "passage": 1, "link": wire_ap},
                        {"id": "abc", "title": "Austin: troops are targets", "outlet": "ABC News",
                         "date": "2024-11-01", "passage": 2, "link": wire_abc}],
             "outlets": ["AP News", "ABC News"]},
            {"text": "Casualties are heavy", "html": "Casualties are heavy", "id": "old", "title": "Undated note",
             "outlet": "Newsweek", "date": None, "passage": 1, "link": link("old", 1, texts["old"][0].text),
             "copies": [{"id": "old", "title": "Undated note", "outlet": "Newsweek", "date": None, "passage": 1,
                         "link": link("old", 1, texts["old"][0].text)}],
             "outlets": ["Newsweek"]},
        ],
        "co_speakers": [{"name": "Antony Blinken", "count": 1, "selected": False, "url": "/speaker/Antony%20Blinken",
                         "filter_url": "/speaker/Lloyd%20Austin?speaker=Antony+Blinken"}],
        "facets": {"outlet": [{"value": v, "count": 1, "selected": False}
                              for v in ("ABC News", "AP News", "DOD News", "Newsweek")],
                   "date": data["facets"]["date"]},
        "undated": 1,
        "filters": {"outlet": [], "speaker": [], "from": None, "to": None},
        "url": "/speaker/Lloyd%20Austin",
        "search_url": "/?q=said%3A%22Lloyd+Austin%22",
        "articles_url": "/?speaker=Lloyd+Austin",
        "generation": data["generation"],
    }
    assert sum(b["count"] for b in data["facets"]["date"]) == 3       # the dated articles, by week


def test_the_kim_article_quotes_austin_without_his_words(client):
    # Austin is named as agreeing but the article records no quote of his: not on his page
    assert "kim" not in {r["id"] for r in client.get("/api/speaker/Lloyd%20Austin").get_json()["results"]}


def test_timeline_is_oldest_first_and_undated_last(client):
    data = client.get("/api/speaker/Lloyd%20Austin?sort=oldest").get_json()
    assert [r["id"] for r in data["results"]] == ["ap", "dod", "old"] and data["sort"] == "oldest"


def test_the_query_keeps_the_quotes_holding_its_words_and_marks_them(client):
    data = client.get("/api/speaker/Lloyd%20Austin?q=deterrence").get_json()
    assert data["articles"] == 1 and [r["id"] for r in data["results"]] == ["dod"]
    assert data["results"][0]["html"] == ("We agreed to strengthen <mark>deterrence</mark> … "
                                          "Our countries are deepening nuclear planning.")
    assert parse_qs(urlsplit(data["results"][0]["link"]).query)["q"] == ['said:"Lloyd Austin"(deterrence)']
    none = client.get("/api/speaker/Lloyd%20Austin?q=kursk").get_json()   # in the article, not in his words
    assert none["articles"] == 0 and none["results"] == []


def test_filters_by_outlet_date_and_co_speaker(client):
    assert [r["id"] for r in client.get("/api/speaker/Lloyd%20Austin?outlet=ABC+News").get_json()["results"]] == ["abc"]
    dated = client.get("/api/speaker/Lloyd%20Austin?from=2024-11-01&to=2024-11-30").get_json()
    assert [r["id"] for r in dated["results"]] == ["dod", "abc"]            # the wire copy alone in range
    both = client.get("/api/speaker/Lloyd%20Austin?speaker=Antony+Blinken").get_json()
    assert both["articles"] == 1 and both["co_speakers"][0]["selected"] is True


def test_pages_of_quotes(client):
    first = client.get("/api/speaker/Lloyd%20Austin?per_page=2").get_json()
    second = client.get("/api/speaker/Lloyd%20Austin?per_page=2&page=2").get_json()
    assert (first["pages"], len(first["results"]), second["page"], len(second["results"])) == (2, 2, 2, 1)
    assert client.get("/api/speaker/Lloyd%20Austin?per_page=2&page=9").get_json()["page"] == 2


def test_the_page(client):
    page = soup(client, "/speaker/Lloyd%20Austin")
    assert page.select_one("h1").get_text() == "Lloyd Austin"
    assert " ".join(page.select_one("#speaker-count").get_text().split()).startswith("3 quotes in 4 articles")
    items = page.select("li.quote-item")
    assert [i.select_one(".quote-link").get_text() for i in items] == [
        "“We agreed to strengthen deterrence … Our countries are deepening nuclear planning.”",
        f"“{WIRE}”", "“Casualties are heavy”"]
    assert [h.get_text() for h in page.select("h2.timeline-label")] == ["2024-11", "2024-10", "Undated"]
    copies = items[1].select(".copies a")
    assert [a.get_text() for a in copies] == ["ABC News (2024-11-01)"] and copies[0]["href"].startswith("/doc/abc?")
    assert items[1].select_one(".quote-meta .outlet").get_text() == "AP News"
    assert page.select_one("#co-speakers a.co-speaker")["href"] == "/speaker/Antony%20Blinken"
    bars = page.select("#histogram a.bar")
    assert bars and all(a["href"].startswith("/speaker/Lloyd%20Austin?") for a in bars)
    assert page.select_one("#date-range")["action"] == "/speaker/Lloyd%20Austin"
    assert all(a["href"].startswith("/speaker/Lloyd%20Austin?outlet=") for a in page.select("#facet-outlet a"))
    assert page.select_one("#speaker-search")["action"] == "/speaker/Lloyd%20Austin"


@pytest.mark.parametrize("name", ["Zoë Ąlvarez", "AC/DC", "Beto O'Rourke", "Kim Yong-hyun"])
def test_names_with_accents_slashes_apostrophes_and_hyphens(client, name):
    url = f"/speaker/{quote(name, safe='')}"
    assert client.get(url).status_code == 200
    data = client.get(f"/api{url}").get_json()
    assert data["name"] == name and data["url"] == url and data["quotes"] == 1


@pytest.mark.parametrize("typed, name", [("austin", "Lloyd Austin"), ("lloyd-austin", "Lloyd Austin"),
                                         ("Kim Yong Hyun", "Kim Yong-hyun"), ("zoe alvarez", "Zoë Ąlvarez")])
def test_other_spellings_redirect_to_the_speakers_page(client, typed, name):
    for prefix in ("", "/api"):
        response = client.get(f"{prefix}/speaker/{quote(typed)}?q=x")
        assert response.status_code == 302
        assert response.headers["Location"] == f"{prefix}/speaker/{quote(name, safe='')}?q=x"


def test_an_unknown_speaker_is_a_404_with_suggestions(client):
    page = soup(client, "/speaker/Loyd%20Austen", 404)
    assert "No one called “Loyd Austen”" in page.select_one(".error-message").get_text()
    assert [(a.get_text(), a["href"]) for a in page.select("#speaker-suggestions a")] == [
        ("Lloyd Austin", "/speaker/Lloyd%20Austin")]
    data = client.get("/api/speaker/nobody").get_json()
    assert data == {"error": {"status": 404, "title": "No such speaker",
                              "message": "No one called “nobody” is quoted in the indexed articles.", "suggestions": []}}
    assert client.get("/speaker/" + "x" * 300).status_code == 404
    assert client.get("/speaker/a%00b").status_code == 404


def test_a_bad_parameter_is_a_400(client):
    assert client.get("/speaker/Lloyd%20Austin?page=0").status_code == 400
    assert client.get("/api/speaker/Lloyd%20Austin?from=2024-13").status_code == 400


# -- every speaker value links to its page ------------------------------------------------------------

def test_speaker_values_link_to_their_pages(client):
    search = soup(client, "/?q=troops")
    facet = {li.select_one(".label").get_text(): li for li in search.select("#facet-speaker li")}
    assert facet["Lloyd Austin"].select_one("a.speaker-page")["href"] == "/speaker/Lloyd%20Austin"
    assert parse_qs(urlsplit(facet["Lloyd Austin"].select_one("a")["href"]).query)["speaker"] == ["Lloyd Austin"]
    cards = {a.get_text(): a["href"] for a in search.select(".hit .speakers a")}
    assert cards == {"Lloyd Austin": "/speaker/Lloyd%20Austin"}
    article = soup(client, "/doc/dod")
    assert {a.get_text(): a["href"] for a in article.select(".article-head a.speaker")} == {
        "Lloyd Austin": "/speaker/Lloyd%20Austin", "Antony Blinken": "/speaker/Antony%20Blinken"}
    assert [a["href"] for a in article.select("#p-2 .pspeakers a")] == ["/speaker/Antony%20Blinken"]
    listed = soup(client, "/facets/speaker")
    pages = {li.select_one(".label").get_text(): li.select_one("a.speaker-page") for li in listed.select("#facet-values li")}
    assert pages["AC/DC"]["href"] == "/speaker/AC%2FDC" and pages["(no named speaker)"] is None


def test_the_quote_link_lands_on_the_passage_with_the_quote_marked(client):
    data = client.get("/api/speaker/Antony%20Blinken").get_json()
    target = data["results"][0]["link"]
    assert target.endswith("#p-2")
    page = soup(client, target.split("#")[0])
    assert [m.get_text() for m in page.select("#p-2 mark")] == ["The alliance is ironclad"]
    assert page.select("#p-1 mark") == []                  # Austin's quotes in the same article: not his


@pytest.mark.parametrize("name", ["Lloyd Austin", "Antony Blinken", "Kim Yong-hyun", "Zoë Ąlvarez", "AC/DC"])
def test_the_articles_are_those_whoosh_finds_quoting_the_speaker(make_index, corpus, name):
    """Judge: Whoosh's own searcher on the speaker's term of the ``said`` field (the articles that
    quote them), against the page's article count and the articles its quotes come from."""
    from whoosh import query as wq

    from helpers import snapshot_of
    from indexer.index.said import FIELD, speaker_key_of
    from webapp.params import SearchState
    from webapp.search import speaker_page
    with snapshot_of(make_index(corpus)) as snapshot:
        with snapshot.lock:
            judged = {hit["id"] for hit in snapshot.searcher.search(wq.Term(FIELD, speaker_key_of(name)), limit=None)}
        page = speaker_page(snapshot, name, SearchState(per_page=100))
    assert judged and page["articles"] == len(judged)
    assert {c["id"] for item in page["results"] for c in item["copies"]} == judged
