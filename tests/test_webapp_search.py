"""The search page and /api/search: results, snippets, query syntax, sorting, paging, suggestions."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def hit_ids(soup: BeautifulSoup) -> list[str]:
    return [a["href"].split("?")[0].rsplit("/", 1)[-1] for a in soup.select("li.hit a.hit-title")]


@pytest.fixture
def articles(news):
    items = [
        news("a1", "Troops enter Kursk", "North Korean troops entered the Kursk region.",
             '"We are watching," Ryder said of the troops.', date="2024-11-04", outlet="Reuters",
             author="Jane Roe", speakers=["Pat Ryder"], spoken={2: ["Pat Ryder"]},
             url="https://example.org/news/a1"),
        news("a2", "Grain deal collapses", "The grain deal collapsed on Monday.", "Doe said ships wait in port.",
             date="2024-10-01", outlet="AP", speakers=["Jane Doe"], spoken={2: ["Jane Doe"]}),
        news("a3", "Kursk fighting continues", "Fighting in Kursk continues, Zelenskyy said.",
             "Troop movements were reported near the border.", date="2024-12-03", outlet="Reuters",
             speakers=["Volodymyr Zelenskyy", "Pat Ryder"], spoken={1: ["Volodymyr Zelenskyy"]}),
        news("a4", "Ports reopen", "Ports on the Black Sea reopened for grain ships.", outlet="BBC"),
        news("a5", "Korean officials meet", "South Korean officials met in Seoul.",
             "Kim said North Korea sent soldiers.", date="2024-11-20", outlet="AP", speakers=["Kim Yong-hyun"],
             spoken={2: ["Kim Yong-hyun"]}),
    ]
    items += [news(f"f{i:02d}", f"Market report {i}", f"Stocks rose {i} percent in trading.",
                   date=f"2024-0{1 + i % 9}-{10 + i:02d}", outlet="Wire") for i in range(1, 21)]
    return items


@pytest.fixture
def dclient(make_app, make_index, articles):
    return make_app(make_index(articles)).test_client()


# -- on the seed corpus ------------------------------------------------------------------

def test_home_page_browses_everything_newest_first(client):
    soup = soup_of(client.get("/"))
    hits = soup.select("li.hit")
    assert len(hits) == 5
    assert "5 articles" in soup.select_one("#result-count").get_text(" ", strip=True)
    dates = [h.select_one("time")["datetime"] if h.select_one("time") else None for h in hits]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True)
    assert dates[len(known):] == [None] * (len(dates) - len(known)), "undated articles come last"
    assert soup.select_one("nav.sort strong").get_text() == "Newest"
    assert soup.select_one("nav.sort .disabled").get_text() == "Relevance"


def test_troop_finds_troops_on_the_seed_corpus(client):
    data = client.get("/api/search?q=troop").get_json()
    assert data["total"] >= 4
    for result in data["results"]:
        marked = re.findall(r"<mark>(.*?)</mark>", " ".join(s["html"] for s in result["snippets"]))
        assert marked and all(m.lower().startswith("troop") for m in marked), result["id"]


def test_result_items_show_title_outlet_date_speakers_and_snippets(client):
    soup = soup_of(client.get("/?q=kursk"))
    hits = soup.select("li.hit")
    assert hits
    shown_all = []
    for hit in hits:
        title = hit.select_one("a.hit-title")
        doc_id = title["href"].split("?")[0].rsplit("/", 1)[-1]
        assert title["href"] == f"/doc/{doc_id}?q=kursk"
        time, outlet, speakers = hit.select_one("time"), hit.select_one(".outlet"), hit.select_one(".speakers")
        shown = {"title": title.get_text(strip=True),
                 "outlet": outlet.get_text(strip=True) if outlet else None,
                 "date": time["datetime"] if time else None,
                 "speakers": [a.get_text() for a in speakers.select("a")] if speakers else []}    # links to speaker pages
        assert (hit.select_one(".nodate") is None) == (time is not None)
        if time:
            assert time.get_text(strip=True) == time["datetime"]
        stored = client.get(f"/api/doc/{doc_id}").get_json()
        assert shown == {key: stored[key] for key in ("title", "outlet", "date", "speakers")}, doc_id
        shown_all.append(shown)
        snippets = hit.select("p.snippet a")
        assert 1 <= len(snippets) <= 3
        for a in snippets:
            match = re.fullmatch(rf"/doc/{re.escape(doc_id)}\?q=kursk&p=(\d+)&fp=[0-9a-f]+&t=[a-z0-9_+~%]+#p-(\d+)", a["href"])
            assert match and match[1] == match[2], a["href"]
            assert [m.get_text().lower() for m in a.select("mark")] == ["kursk"] * len(a.select("mark"))
    assert all(s["outlet"] for s in shown_all) and any(s["date"] for s in shown_all)
    assert sum(len(s["speakers"]) >= 2 for s in shown_all) >= 2, "the check covers lists of speakers"
    # Following a snippet link lands on the passage, with the word highlighted there.
    link = hits[0].select_one("p.snippet a")["href"]
    n = link.rsplit("#p-", 1)[1]
    page = soup_of(client.get(link.split("#")[0]))
    passage = page.select_one(f"#p-{n}")
    assert passage is not None and passage.select("mark")
    assert "linked" in passage["class"]


def test_api_search_shape(client):
    data = client.get("/api/search?q=troops").get_json()
    for key in ("query", "total", "page", "per_page", "took_ms", "results", "facets", "suggestion"):
        assert key in data
    assert data["query"] == "troops" and data["page"] == 1 and data["per_page"] == 10
    assert isinstance(data["took_ms"], float)
    result = data["results"][0]
    assert set(result) >= {"id", "title", "date", "outlet", "speakers", "url", "snippets"}
    assert set(result["snippets"][0]) == {"passage", "html", "link"}
    assert set(data["facets"]) == {"outlet", "speaker", "lang", "date"}
    assert set(data["facets"]["outlet"][0]) == {"value", "count", "selected"}
    assert set(data["facets"]["speaker"][0]) == {"value", "count", "selected"}
    assert data["facets"]["lang"] == [{"value": "en", "label": "English", "count": data["total"], "selected": False}]
    assert result["lang"] == "en"
    assert set(data["facets"]["date"][0]) == {"from", "to", "label", "count", "selected"}


def test_time_taken_is_shown(client):
    soup = soup_of(client.get("/?q=troops"))
    assert re.fullmatch(r"\(\d+(\.\d+)? ms\)", soup.select_one(".took").get_text(strip=True))


# -- query syntax on a generated corpus -------------------------------------------------------

@pytest.mark.parametrize("q, expected", [
    ("troops", {"a1", "a3"}),                 # "troop" (a3) and "troops" are one term
    ("troop", {"a1", "a3"}),
    ('"north korean troops"', {"a1"}),
    ("grain OR kursk", {"a1", "a2", "a3", "a4"}),
    ("grain NOT black", {"a2"}),
    ("grain NOT ports", set()),               # a2 has "port": the same term
    ("grain AND (deal OR port)", {"a2", "a4"}),
    ("title:kursk", {"a1", "a3"}),
    ("speaker:ryder", {"a1", "a3"}),
    ('speaker:"jane doe"', {"a2"}),
    ("outlet:bbc", {"a4"}),
    ("author:roe", {"a1"}),
    ("kurs*", {"a1", "a3"}),
    ("gr?in", {"a2", "a4"}),
    ("kursq~", {"a1", "a3"}),
    ("date:2024-11*", {"a1", "a5"}),
])
def test_query_syntax(dclient, q, expected):
    data = dclient.get("/api/search", query_string={"q": q}).get_json()
    ids = {r["id"] for r in data["results"]}
    assert ids == expected, (q, ids)
    assert data["message"] is None


def test_phrase_is_stricter_than_words(dclient):
    words = dclient.get("/api/search?q=korean+troops").get_json()["total"]
    phrase = dclient.get('/api/search?q="troops+korean"').get_json()["total"]
    assert words == 1 and phrase == 0


@pytest.mark.parametrize("q, says", [
    ('"north korean', "quotation mark"),
    ("(kursk OR grain", "parentheses"),
    ("kursk AND", "AND"),
    ("title: kursk", "title:"),
    ("colour:red kursk", "not a field"),
])
def test_malformed_query_gives_a_message_and_the_best_reading(dclient, q, says):
    soup = soup_of(dclient.get("/", query_string={"q": q}))
    notice = soup.select_one(".query-notice")
    assert notice is not None and says in notice.get_text()
    data = dclient.get("/api/search", query_string={"q": q}).get_json()
    assert says in data["message"] and data["reading"]
    if q != "colour:red kursk":
        assert data["total"] > 0


NASTY = ['"', "(", ")", "AND", "NOT", "OR OR", "*", "?", "~", "~~", "^", "title:", ":", "::", "[", "]",
         "{", "}", "[a TO", "{x TO y]", "\\", "'", "title:(", "speaker:\"", "date:[", "a^^b", "x~99999999",
         "*a*", "???", "NOT NOT NOT", '"a" "b', "((((((((((a", ")))))", "title:title:title:",
         "<script>alert(1)</script>", "%00", "\u202e", "日本語", "a" * 499]


@pytest.mark.parametrize("q", NASTY)
def test_odd_queries_never_fail(dclient, q):
    assert dclient.get("/", query_string={"q": q}).status_code == 200
    assert dclient.get("/api/search", query_string={"q": q}).status_code == 200


# -- no results ----------------------------------------------------------------------------------

def test_no_results_offers_a_spelling_suggestion(dclient):
    soup = soup_of(dclient.get("/?q=kurks"))
    assert "No articles match" in soup.select_one(".no-results").get_text()
    link = soup.select_one(".suggestion a")
    assert link.get_text() == "kursk"
    assert parse_qs(urlsplit(link["href"]).query)["q"] == ["kursk"]
    assert soup_of(dclient.get(link["href"])).select("li.hit")
    assert dclient.get("/api/search?q=kurks").get_json()["suggestion"] == "kursk"


def test_suggestion_keeps_the_rest_of_the_query(dclient):
    assert dclient.get("/api/search?q=grain+colapsed").get_json()["suggestion"] == "grain collapsed"


def test_no_suggestion_for_words_in_the_index(dclient):
    data = dclient.get("/api/search?q=grain+kursk").get_json()
    assert data["total"] == 0 and data["suggestion"] is None


def test_no_results_lists_the_way_out_of_each_filter(dclient):
    url = "/?q=grain&outlet=Reuters&speaker=Pat+Ryder&from=2024-11-01&to=2024-11-30"
    soup = soup_of(dclient.get(url))
    ways = {li.a.get_text(): (li.a["href"], li.get_text()) for li in soup.select(".ways-out li")}
    assert set(ways) == {"Remove the outlet: Reuters", "Remove the speaker: Pat Ryder",
                         "Remove the dates 2024-11-01 to 2024-11-30"}
    href, _ = ways["Remove the outlet: Reuters"]
    assert "outlet=" not in href and "speaker=Pat+Ryder" in href and "q=grain" in href
    data = dclient.get("/api/search" + url[1:]).get_json()
    assert [(w["filter"], w["count"]) for w in data["ways_out"]] == [("outlet", 0), ("speaker", 0), ("date", 0)]
    data = dclient.get("/api/search?q=grain&outlet=Reuters").get_json()
    assert data["ways_out"][0]["count"] == 2 and data["total"] == 0


# -- sorting and paging ------------------------------------------------------------------------------

def test_sort_newest_and_oldest(dclient):
    newest = dclient.get("/api/search?q=korean+OR+grain+OR+ports&sort=newest").get_json()
    assert [r["id"] for r in newest["results"]] == ["a5", "a1", "a2", "a4"]
    oldest = dclient.get("/api/search?q=korean+OR+grain+OR+ports&sort=oldest").get_json()
    assert [r["id"] for r in oldest["results"]] == ["a2", "a1", "a5", "a4"]


def test_relevance_ranks_the_better_match_first(dclient):
    data = dclient.get("/api/search?q=troops+kursk").get_json()
    assert data["sort"] == "relevance" and [r["id"] for r in data["results"]][0] == "a1"


def test_empty_query_browses_newest_first(dclient):
    data = dclient.get("/api/search").get_json()
    assert data["total"] == 25 and data["sort"] == "newest"
    assert [r["id"] for r in data["results"]][:3] == ["a3", "a5", "a1"]
    oldest = dclient.get("/api/search?sort=oldest").get_json()
    assert oldest["results"][0]["date"] == "2024-01-19"


def test_pagination(dclient):
    soup = soup_of(dclient.get("/?q=stocks"))
    assert len(soup.select("li.hit")) == 10
    assert "1–10 of 20 articles" in soup.select_one("#result-count").get_text(" ", strip=True)
    nav = soup.select_one("nav.pagination")
    assert [x.get_text() for x in nav.select("a, strong") if x.get_text().isdigit()] == ["1", "2"]
    next_url = nav.select_one("a[rel=next]")["href"]
    assert parse_qs(urlsplit(next_url).query) == {"q": ["stocks"], "page": ["2"]}
    page2 = soup_of(dclient.get(next_url))
    assert len(page2.select("li.hit")) == 10
    assert page2.select_one("ol.hits")["start"] == "11"
    assert page2.select_one("nav.pagination a[rel=prev]") and not page2.select_one("nav.pagination a[rel=next]")
    first = {r["id"] for r in dclient.get("/api/search?q=stocks").get_json()["results"]}
    second = {r["id"] for r in dclient.get("/api/search?q=stocks&page=2").get_json()["results"]}
    assert len(first | second) == 20
    small = dclient.get("/api/search?q=stocks&per_page=7&page=3").get_json()
    assert len(small["results"]) == 6 and small["pages"] == 3


@pytest.mark.parametrize("url, last", [("/api/search?q=stocks&page=3", 2), ("/api/search?q=nothing&page=2", 1)])
def test_a_page_beyond_the_last_is_the_last_page(dclient, url, last):
    data = dclient.get(url).get_json()
    assert data["page"] == data["pages"] == last
    same = dclient.get(url.rsplit("&page=", 1)[0] + f"&page={last}").get_json()
    assert [r["id"] for r in data["results"]] == [r["id"] for r in same["results"]]


# -- safety --------------------------------------------------------------------------------------------

@pytest.fixture
def evil_client(make_app, make_index, news):
    items = [news("evil", '<script>alert("t")</script> Troops', '<img src=x onerror=alert(1)> troops & "quotes"',
                  "<b>bold</b> troops", outlet='<i>Outlet</i>', speakers=['<svg onload=alert(2)>'],
                  date="2024-11-01", author="<u>me</u>", url="javascript:alert(3)")]
    return make_app(make_index(items)).test_client()


def test_article_text_titles_and_queries_are_escaped(evil_client):
    for url in ["/?q=troops+<script>x</script>", "/?q=troops", "/", "/doc/evil?q=troops"]:
        response = evil_client.get(url)
        html = response.get_data(as_text=True)
        soup = BeautifulSoup(html, "lxml")
        assert not soup.select("main script, main img, main svg, main b, main i, main u"), url
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
    soup = BeautifulSoup(evil_client.get("/?q=troops").get_data(as_text=True), "lxml")
    snippets = soup.select("p.snippet a")
    assert snippets and all(snippet.select("mark") for snippet in snippets)
    for snippet in snippets:
        assert {tag.name for tag in snippet.find_all(True)} <= {"mark", "span"}
    assert soup.select_one("a.hit-title").get_text() == '<script>alert("t")</script> Troops'
    data = evil_client.get("/api/search?q=troops").get_json()
    assert "&lt;img src=x" in data["results"][0]["snippets"][0]["html"]
    doc = BeautifulSoup(evil_client.get("/doc/evil").get_data(as_text=True), "lxml")
    assert not doc.select('a[href^="javascript:"]')
