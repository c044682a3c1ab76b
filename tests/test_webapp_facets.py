"""Facets: counts that follow the query and the other filters, multi-select, chips, dates, long lists."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

ROWS = [  # id, outlet, speakers, date, words
    ("b01", "Reuters", ["Pat Ryder"], "2024-01-10", "troops"),
    ("b02", "Reuters", ["Pat Ryder", "Jane Doe"], "2024-02-11", "troops grain"),
    ("b03", "Reuters", ["Jane Doe"], "2024-03-12", "grain"),
    ("b04", "Reuters", [], "2024-04-13", "troops"),
    ("b05", "Reuters", ["Kim Yong-hyun"], None, "troops"),
    ("b06", "AP", ["Pat Ryder"], "2024-06-15", "grain"),
    ("b07", "AP", ["Kim Yong-hyun"], "2024-07-16", "troops"),
    ("b08", "AP", ["Jane Doe", "Kim Yong-hyun"], "2024-08-17", "troops"),
    ("b09", "AP", [], "2024-09-18", "grain"),
    ("b10", "BBC", ["Pat Ryder"], "2024-10-19", "troops"),
    ("b11", "BBC", [], "2024-11-20", "grain"),
    ("b12", None, ["Jane Doe"], "2024-12-21", "troops"),
]


@pytest.fixture
def fclient(make_app, make_index, news):
    articles = [news(i, f"Story {i}", f"The {words} story {i}.", outlet=outlet, speakers=speakers, date=date)
                for i, outlet, speakers, date, words in ROWS]
    return make_app(make_index(articles)).test_client()


def api(client, query: str) -> dict:
    response = client.get("/api/search?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def ids(data: dict) -> set[str]:
    return {r["id"] for r in data["results"]}


def values(facet: list[dict]) -> dict[str, tuple[int, bool]]:
    return {f["value"]: (f["count"], f["selected"]) for f in facet}


def test_counts_follow_the_query(fclient):
    data = api(fclient, "q=troops")
    assert data["total"] == 8
    assert data["facets"]["outlet"] == [
        {"value": "Reuters", "count": 4, "selected": False},
        {"value": "AP", "count": 2, "selected": False},
        {"value": "BBC", "count": 1, "selected": False},
        {"value": "~none", "count": 1, "selected": False},     # b12 has no outlet
    ]
    assert data["facets"]["speaker"] == [
        {"value": "Jane Doe", "count": 3, "selected": False},
        {"value": "Kim Yong-hyun", "count": 3, "selected": False},
        {"value": "Pat Ryder", "count": 3, "selected": False},
        {"value": "~none", "count": 1, "selected": False},     # b04 quotes nobody
    ]
    grain = api(fclient, "q=grain")
    assert values(grain["facets"]["outlet"]) == {"Reuters": (2, False), "AP": (2, False), "BBC": (1, False)}


def test_a_facets_own_counts_ignore_its_selection(fclient):
    data = api(fclient, "q=troops&outlet=Reuters")
    assert ids(data) == {"b01", "b02", "b04", "b05"}
    assert data["facets"]["outlet"] == [
        {"value": "Reuters", "count": 4, "selected": True},
        {"value": "AP", "count": 2, "selected": False},
        {"value": "BBC", "count": 1, "selected": False},
        {"value": "~none", "count": 1, "selected": False},
    ]
    assert values(data["facets"]["speaker"]) == {"Pat Ryder": (2, False), "Jane Doe": (1, False),
                                                  "Kim Yong-hyun": (1, False), "~none": (1, False)}


def test_or_within_a_facet_and_across_facets(fclient):
    both = api(fclient, "q=troops&outlet=Reuters&outlet=AP")
    assert ids(both) == {"b01", "b02", "b04", "b05", "b07", "b08"}
    data = api(fclient, "q=troops&outlet=Reuters&outlet=AP&speaker=Jane+Doe")
    assert ids(data) == {"b02", "b08"}
    assert data["facets"]["outlet"] == [
        {"value": "AP", "count": 1, "selected": True},
        {"value": "Reuters", "count": 1, "selected": True},
        {"value": "~none", "count": 1, "selected": False},
    ]
    assert data["facets"]["speaker"] == [
        {"value": "Jane Doe", "count": 2, "selected": True},
        {"value": "Kim Yong-hyun", "count": 3, "selected": False},
        {"value": "Pat Ryder", "count": 2, "selected": False},
        {"value": "~none", "count": 1, "selected": False},
    ]
    two_people = api(fclient, "q=troops&speaker=Jane+Doe&speaker=Pat+Ryder")
    assert ids(two_people) == {"b01", "b02", "b08", "b10", "b12"}


def test_a_selected_value_without_matches_stays_listed(fclient):
    data = api(fclient, "q=grain&speaker=Kim+Yong-hyun")
    assert data["total"] == 0
    assert {"value": "Kim Yong-hyun", "count": 0, "selected": True} in data["facets"]["speaker"]


def test_date_facet_by_month_ignores_its_own_selection(fclient):
    data = api(fclient, "q=troops")
    months = [(b["label"], b["count"]) for b in data["facets"]["date"]]
    assert months == [("2024-01", 1), ("2024-02", 1), ("2024-03", 0), ("2024-04", 1), ("2024-05", 0),
                      ("2024-06", 0), ("2024-07", 1), ("2024-08", 1), ("2024-09", 0), ("2024-10", 1),
                      ("2024-11", 0), ("2024-12", 1)]
    assert data["undated"] == 1
    chosen = api(fclient, "q=troops&from=2024-07-01&to=2024-08-31")
    assert ids(chosen) == {"b07", "b08"}
    assert [(b["label"], b["count"], b["selected"]) for b in chosen["facets"]["date"]][5:9] == [
        ("2024-06", 0, False), ("2024-07", 1, True), ("2024-08", 1, True), ("2024-09", 0, False)]
    assert chosen["facets"]["date"][0] == {"from": "2024-01-01", "to": "2024-01-31", "label": "2024-01",
                                           "count": 1, "selected": False}
    assert values(chosen["facets"]["outlet"]) == {"AP": (2, False)}


def test_date_filter_excludes_undated_and_open_ranges_work(fclient):
    assert ids(api(fclient, "from=2024-11-01")) == {"b11", "b12"}
    assert ids(api(fclient, "to=2024-01")) == {"b01"}
    assert ids(api(fclient, "from=2024-03&to=2024-03")) == {"b03"}


def test_histogram_is_finer_when_results_span_less(fclient):
    weeks = api(fclient, "from=2024-07-01&to=2024-08-31&q=troops OR grain")
    assert len(weeks["facets"]["date"]) == 12   # a whole year of results: months
    narrow = api(fclient, "q=story+b07+OR+b08")  # two results a month apart: weeks
    labels = [b["label"] for b in narrow["facets"]["date"]]
    assert labels[0] == "week of 2024-07-15" and labels[-1] == "week of 2024-08-12"
    one_day = api(fclient, "q=b07")
    assert [b["label"] for b in one_day["facets"]["date"]] == ["2024-07-16"]


def test_facets_and_histogram_in_html(fclient):
    soup = BeautifulSoup(fclient.get("/?q=troops&outlet=AP&sort=newest").get_data(as_text=True), "lxml")
    outlet = {li.select_one(".label").get_text(): li for li in soup.select("#facet-outlet li")}
    assert "selected" in outlet["AP"]["class"] and outlet["AP"].select_one(".n").get_text() == "2"
    add = parse_qs(urlsplit(outlet["Reuters"].a["href"]).query)
    assert add == {"q": ["troops"], "outlet": ["AP", "Reuters"], "sort": ["newest"]}
    remove = parse_qs(urlsplit(outlet["AP"].a["href"]).query)
    assert remove == {"q": ["troops"], "sort": ["newest"]}
    speaker = {li.select_one(".label").get_text(): li.select_one(".n").get_text()
               for li in soup.select("#facet-speaker li")}
    assert speaker == {"Kim Yong-hyun": "2", "Jane Doe": "1"}
    # AP's troops stories are a month apart: one bar a week, empty weeks included, not linked.
    bars = soup.select("#facet-date ol.histogram li")
    assert len(bars) == 5
    links = [a for a in soup.select("#facet-date ol.histogram a.bar")]
    assert [a["title"] for a in links] == ["week of 2024-07-15: 1", "week of 2024-08-12: 1"]
    week = parse_qs(urlsplit(links[0]["href"]).query)
    assert week == {"q": ["troops"], "outlet": ["AP"], "from": ["2024-07-15"], "to": ["2024-07-21"],
                    "sort": ["newest"]}
    assert soup.select_one("#facet-date .undated-bucket") is None   # AP's troops stories are all dated
    form = soup.select_one("form.date-range")
    hidden = {(i["name"], i["value"]) for i in form.select("input[type=hidden]")}
    assert hidden == {("q", "troops"), ("outlet", "AP"), ("sort", "newest")}
    assert {i["name"] for i in form.select("input[type=text]")} == {"from", "to"}


def test_clicking_a_bar_then_its_twin_clears_the_range(fclient):
    soup = BeautifulSoup(fclient.get("/?q=troops&from=2024-07-01&to=2024-07-31").get_data(as_text=True), "lxml")
    july = soup.select_one('#facet-date a.bar[title="2024-07: 1"]')
    assert july.find_parent("li")["class"] == ["selected"]
    assert parse_qs(urlsplit(july["href"]).query) == {"q": ["troops"]}


def test_chips_remove_one_filter_each(fclient):
    url = "/?q=troops&outlet=Reuters&outlet=AP&speaker=Jane+Doe&from=2024-01-01&to=2024-08-31&page=1"
    soup = BeautifulSoup(fclient.get(url).get_data(as_text=True), "lxml")
    chips = {c.select_one(".chip-kind").get_text() + " " + c.select_one(".chip-label").get_text():
             c.select_one("a.chip-remove")["href"]
             for c in soup.select("ul.chips li.chip")}
    assert set(chips) == {"Outlet: Reuters", "Outlet: AP", "Speaker: Jane Doe", "Date: 2024-01-01 to 2024-08-31"}
    assert parse_qs(urlsplit(chips["Outlet: AP"]).query) == {
        "q": ["troops"], "outlet": ["Reuters"], "speaker": ["Jane Doe"], "from": ["2024-01-01"], "to": ["2024-08-31"]}
    assert parse_qs(urlsplit(chips["Date: 2024-01-01 to 2024-08-31"]).query) == {
        "q": ["troops"], "outlet": ["Reuters", "AP"], "speaker": ["Jane Doe"]}
    clear = soup.select_one("ul.chips .chip-clear a")["href"]
    assert parse_qs(urlsplit(clear).query) == {"q": ["troops"]}
    for href in chips.values():
        assert fclient.get(href).status_code == 200


def test_the_search_box_keeps_the_filters(fclient):
    soup = BeautifulSoup(fclient.get("/?q=troops&outlet=AP&page=1&sort=oldest").get_data(as_text=True), "lxml")
    form = soup.select_one("#search-form")
    assert form["method"] == "get"
    assert {(i["name"], i["value"]) for i in form.select("input[type=hidden]")} == {("outlet", "AP"), ("sort", "oldest")}
    assert form.select_one("input[name=q]")["value"] == "troops"


# -- long lists ------------------------------------------------------------------------------

@pytest.fixture
def crowd_client(make_app, make_index, news):
    people = [f"Person {i:03d}" for i in range(130)]
    articles = [news(f"c{i:03d}", f"Crowd {i}", f"Crowd story {i}.", outlet="Wire", date="2024-05-05",
                     speakers=people[: 130 - i]) for i in range(130)]
    return make_app(make_index(articles)).test_client()


def test_long_facet_lists_show_the_top_values_and_a_way_to_see_all(crowd_client):
    soup = BeautifulSoup(crowd_client.get("/?q=crowd").get_data(as_text=True), "lxml")
    facet = soup.select_one("#facet-speaker")
    top = [li.select_one(".label").get_text() for li in facet.select("li")]
    assert top == [f"Person {i:03d}" for i in range(8)]
    more = facet.select_one("a.all-values")
    assert more.get_text() == "All 130 speakers…"
    all_link = more["href"]
    assert urlsplit(all_link).path == "/facets/speaker"
    page = BeautifulSoup(crowd_client.get(all_link).get_data(as_text=True), "lxml")
    listed = page.select("ul.values-all li")
    assert len(listed) == 130 and listed[-1].select_one(".n").get_text() == "1"
    assert parse_qs(urlsplit(listed[5].a["href"]).query) == {"q": ["crowd"], "speaker": ["Person 005"]}
    assert crowd_client.get("/facets/nothing").status_code == 404


def test_api_facet_size(crowd_client):
    assert len(api(crowd_client, "q=crowd")["facets"]["speaker"]) == 50
    assert len(api(crowd_client, "q=crowd&facet_size=500")["facets"]["speaker"]) == 130
    assert crowd_client.get("/api/search?facet_size=0").status_code == 400


def test_seed_corpus_facets_match_the_stored_articles(client):
    data = client.get("/api/search?facet_size=1000&per_page=100").get_json()
    outlets: dict[str, int] = {}
    speakers: dict[str, int] = {}
    for result in data["results"]:
        if result["outlet"]:
            outlets[result["outlet"]] = outlets.get(result["outlet"], 0) + 1
        for name in result["speakers"]:
            speakers[name] = speakers.get(name, 0) + 1
    assert values(data["facets"]["outlet"]) == {k: (v, False) for k, v in outlets.items()}
    assert values(data["facets"]["speaker"]) == {k: (v, False) for k, v in speakers.items()}
    dated = sum(1 for r in data["results"] if r["date"])
    assert sum(b["count"] for b in data["facets"]["date"]) == dated
    assert data["undated"] == data["total"] - dated
