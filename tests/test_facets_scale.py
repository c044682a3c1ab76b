"""Facets at scale: the "none" and "undated" buckets, truncated lists, the list page's filter and order,
results per page, a page beyond the last, the histogram's axis."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from test_webapp_facets import api, ids
from webapp import facets, present
from webapp.params import SearchState, from_url_value, url_value

ROWS = [  # id, outlet, speakers, date
    ("n1", "Reuters", ["Pat Ryder"], "2024-01-10"),
    ("n2", "Reuters", [], "2024-02-11"),
    ("n3", None, ["Pat Ryder"], "2024-03-12"),
    ("n4", None, [], None),
    ("n5", "AP", ["Zoë Ąlvarez"], None),
    ("n6", "~Tilde Times", ["Émile Zola"], "2024-06-15"),
]


@pytest.fixture
def sclient(make_app, make_index, news):
    articles = [news(i, f"Story {i}", f"The wire story {i}.", outlet=outlet, speakers=speakers, date=date)
                for i, outlet, speakers, date in ROWS]
    return make_app(make_index(articles)).test_client()


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def query_of(url: str) -> dict:
    return parse_qs(urlsplit(url).query)


# -- the "none" buckets ---------------------------------------------------------------------

def test_none_buckets_are_listed_and_selectable(sclient):
    data = api(sclient, "q=wire")
    assert data["facets"]["outlet"] == [
        {"value": "Reuters", "count": 2, "selected": False},
        {"value": "~none", "count": 2, "selected": False},
        {"value": "AP", "count": 1, "selected": False},
        {"value": "~~Tilde Times", "count": 1, "selected": False},
    ]
    assert ids(api(sclient, "q=wire&outlet=~none")) == {"n3", "n4"}
    assert ids(api(sclient, "q=wire&speaker=~none")) == {"n2", "n4"}
    # OR within the facet, AND across facets, like any value
    assert ids(api(sclient, "q=wire&outlet=~none&outlet=AP")) == {"n3", "n4", "n5"}
    both = api(sclient, "q=wire&outlet=~none&speaker=~none")
    assert ids(both) == {"n4"}
    assert both["facets"]["speaker"] == [
        {"value": "~none", "count": 1, "selected": True},     # selected values come first
        {"value": "Pat Ryder", "count": 1, "selected": False},
    ]
    assert ids(api(sclient, "q=wire&outlet=~none&from=2024-03-01")) == {"n3"}


def test_none_bucket_in_the_page(sclient):
    soup = soup_of(sclient, "/?q=wire&outlet=~none&speaker=Pat+Ryder")
    outlet = {li.select_one(".label").get_text(): li for li in soup.select("#facet-outlet li")}
    assert "selected" in outlet["(no outlet)"]["class"]
    assert query_of(outlet["(no outlet)"].a["href"]) == {"q": ["wire"], "speaker": ["Pat Ryder"]}
    assert query_of(outlet["Reuters"].a["href"]) == {"q": ["wire"], "outlet": ["~none", "Reuters"],
                                                     "speaker": ["Pat Ryder"]}
    chips = [c.select_one(".chip-kind").get_text() + " " + c.select_one(".chip-label").get_text()
             for c in soup.select("ul.chips li.chip")]
    assert chips == ["Outlet: (no outlet)", "Speaker: Pat Ryder"]
    assert [h.get_text() for h in soup.select("a.hit-title")] == ["Story n3"]


def test_names_starting_with_a_tilde_cannot_collide(sclient):
    assert url_value("") == "~none" and from_url_value("~none") == ""
    assert url_value("~none") == "~~none" and from_url_value("~~none") == "~none"
    assert ids(api(sclient, "outlet=~~Tilde+Times")) == {"n6"}
    response = sclient.get("/api/search?outlet=~Tilde+Times")
    assert response.status_code == 400 and "~~" in response.get_json()["error"]["message"]


# -- the undated bucket ------------------------------------------------------------------------

def test_undated_is_a_selectable_date_bucket(sclient):
    assert ids(api(sclient, "undated=1")) == {"n4", "n5"}
    assert ids(api(sclient, "undated=1&from=2024-06-01")) == {"n4", "n5", "n6"}   # the range OR undated
    assert ids(api(sclient, "undated=1&outlet=AP")) == {"n5"}
    chosen = api(sclient, "undated=1")
    assert chosen["undated"] == 2 and sum(b["count"] for b in chosen["facets"]["date"]) == 4   # own selection ignored
    assert sclient.get("/api/search?undated=yes").status_code == 400


def test_undated_bucket_dicts_and_links():
    state = SearchState(q="wire", outlets=("AP",))
    assert facets.undated_bucket(2, state, "/") == {
        "label": "undated", "count": 2, "selected": False, "toggle_url": "/?q=wire&outlet=AP&undated=1"}
    on = SearchState(q="wire", undated=True, date_from="2024-06-01")
    assert facets.undated_bucket(2, on, "/") == {
        "label": "undated", "count": 2, "selected": True, "toggle_url": "/?q=wire&from=2024-06-01"}
    assert facets.date_filter_label(on) == "from 2024-06-01 or undated"
    assert facets.date_filter_label(SearchState(undated=True)) == "undated"


def test_undated_in_the_page(sclient):
    soup = soup_of(sclient, "/?q=wire&undated=1")
    bucket = soup.select_one("#facet-date .undated-bucket li")
    assert bucket["class"] == ["selected"] and bucket.select_one(".n").get_text() == "2"
    assert query_of(bucket.a["href"]) == {"q": ["wire"]}
    chip = soup.select_one("ul.chips li.chip")
    assert chip.select_one(".chip-label").get_text() == "undated"
    assert query_of(chip.select_one("a.chip-remove")["href"]) == {"q": ["wire"]}
    # the range form keeps the undated choice
    hidden = {(i["name"], i["value"]) for i in soup.select("form.date-range input[type=hidden]")}
    assert hidden == {("q", "wire"), ("undated", "1")}


# -- long lists ---------------------------------------------------------------------------------

def items(n: int) -> list[dict]:
    return facets.value_facet(Counter({f"Name {i:02d}": 100 - i for i in range(n)}), ())


def test_sidebar_facet_is_truncated_with_a_link_to_all():
    state = SearchState(q="x", outlets=("Wire",))
    view = present.facet_view("speaker", items(10), state, "")
    assert view == {
        "name": "speaker", "title": "Speaker", "count": 10, "truncated": True,
        "more_url": "/facets/speaker?q=x&outlet=Wire", "more_label": "All 10 speakers",
        "listed": [{"value": f"Name {i:02d}", "label": f"Name {i:02d}", "count": 100 - i, "selected": False,
                    "toggle_url": f"/?q=x&outlet=Wire&speaker=Name+{i:02d}",
                    "page_url": f"/speaker/Name%20{i:02d}"} for i in range(present.SHOWN)],    # the speaker page
    }
    short = present.facet_view("speaker", items(3), state, "")
    assert short["truncated"] is False and short["more_url"] is None and len(short["listed"]) == 3


def test_list_page_filters_and_orders_keeping_the_search(sclient):
    soup = soup_of(sclient, "/facets/speaker?q=wire&outlet=AP&outlet=~none&outlet=~~Tilde+Times")
    assert [li.select_one(".label").get_text() for li in soup.select("ul.values-all li")] == [
        "Pat Ryder", "Zoë Ąlvarez", "Émile Zola", "(no named speaker)"]   # one each: "none" last of a tie
    form = soup.select_one("form#facet-filter")
    assert form["method"] == "get" and form["action"] == "/facets/speaker"
    assert [(i["name"], i["value"]) for i in form.select("input[type=hidden]")] == [
        ("q", "wire"), ("outlet", "AP"), ("outlet", "~none"), ("outlet", "~~Tilde Times")]
    # the filter box: case and accents ignored
    found = soup_of(sclient, "/facets/speaker?q=wire&contains=ZOE")
    assert [li.select_one(".label").get_text() for li in found.select("ul.values-all li")] == ["Zoë Ąlvarez"]
    assert found.select_one("#facet-count").get_text() == "1 of 4 speakers contain “ZOE”"
    # A-Z, and the order links keep the search and the filter text
    by_name = soup_of(sclient, "/facets/speaker?q=wire&order=name")
    assert [li.select_one(".label").get_text() for li in by_name.select("ul.values-all li")] == [
        "(no named speaker)", "Émile Zola", "Pat Ryder", "Zoë Ąlvarez"]
    orders = {a.get_text(): query_of(a["href"]) for a in soup_of(
        sclient, "/facets/speaker?q=wire&contains=a").select("nav.sort a")}
    assert orders == {"A–Z": {"q": ["wire"], "contains": ["a"], "order": ["name"]}}
    assert sclient.get("/facets/speaker?order=random").status_code == 400


def test_list_view_dict():
    state = SearchState(q="x")
    view = present.facet_list_view("outlet", items(3), state, "", contains="01", order="count")
    assert view["listed"] == [{"value": "Name 01", "label": "Name 01", "count": 99, "selected": False,
                               "toggle_url": "/?q=x&outlet=Name+01"}]
    assert (view["count"], view["matching"], view["truncated"]) == (3, 1, False)
    assert view["orders"] == [
        {"value": "count", "label": "Most articles", "current": True, "url": "/facets/outlet?q=x&contains=01"},
        {"value": "name", "label": "A–Z", "current": False, "url": "/facets/outlet?q=x&contains=01&order=name"}]


# -- results per page, a page beyond the last -------------------------------------------------------

def test_per_page_choice_and_page_beyond_the_last(sclient):
    soup = soup_of(sclient, "/?q=wire&per_page=20")
    choices = {a.get_text(): query_of(a["href"]) for a in soup.select("nav.per-page a")}
    assert choices == {"10": {"q": ["wire"]}, "50": {"q": ["wire"], "per_page": ["50"]},
                       "100": {"q": ["wire"], "per_page": ["100"]}}
    assert soup.select_one("nav.per-page strong").get_text() == "20"
    data = api(sclient, "q=wire&per_page=4&page=9")
    assert (data["page"], data["pages"], len(data["results"])) == (2, 2, 2)
    page = soup_of(sclient, "/?q=wire&per_page=4&page=9")
    assert len(page.select("li.hit")) == 2 and page.select_one("ol.hits")["start"] == "5"
    assert page.select_one("nav.pagination strong[aria-current=page]").get_text() == "2"
    assert api(sclient, "q=nothingatall&page=3")["page"] == 1


def test_per_page_links_keep_the_first_result_on_the_page():
    state = SearchState(q="x", page=3, per_page=20)     # results 41-60
    links = {link["n"]: link["url"] for link in present.per_page_links(state, "")}
    assert links == {10: "/?q=x&page=5", 20: "/?q=x&per_page=20&page=3", 50: "/?q=x&per_page=50",
                     100: "/?q=x&per_page=100"}


# -- the histogram's axis ----------------------------------------------------------------------------

def test_axis_ticks_mark_where_a_coarser_unit_begins():
    months = facets.date_facet(Counter({"2022-03-05": 1, "2024-10-01": 2}), None, None)
    assert facets.bucket_unit(months[0]) == "month"
    assert facets.axis_ticks(months) == {0: "2022", 10: "2023", 22: "2024"}
    days = facets.date_facet(Counter({"2024-11-25": 1, "2024-12-10": 3}), None, None)
    assert facets.bucket_unit(days[0]) == "day" and facets.axis_ticks(days) == {0: "2024-11", 6: "2024-12"}
    years = facets.date_facet(Counter({"2001-01-01": 1, "2012-01-01": 1}), None, None)
    assert facets.axis_ticks(years) == {0: "2001", 3: "2004", 6: "2007", 9: "2010"}
    one = facets.date_facet(Counter({"2024-11-25": 1}), None, None)
    assert facets.axis_ticks(one) == {0: "2024-11-25"}


def test_histogram_axis_in_the_page(sclient):
    soup = soup_of(sclient, "/?q=wire")
    assert soup.select_one("#histogram-caption").get_text() == "Articles a week; the tallest bar is 1"
    bars = soup.select("#histogram > li")
    assert len(bars) == 23 and [(li["data-from"], li["data-to"]) for li in bars][:2] == [
        ("2024-01-08", "2024-01-14"), ("2024-01-15", "2024-01-21")]
    # where a month begins, with room for each label: February is too near January
    assert [(bars.index(t.parent), t.get_text()) for t in soup.select("#histogram .tick-label")] == [
        (0, "2024-01"), (8, "2024-03"), (17, "2024-05")]
    assert [s.get_text() for s in soup.select("#histogram a.bar .visually-hidden")] == [
        "week of 2024-01-08: 1 article", "week of 2024-02-05: 1 article", "week of 2024-03-11: 1 article",
        "week of 2024-06-10: 1 article"]
    # the span's first and last day are the From and To fields' placeholders
    assert [i["placeholder"] for i in soup.select("form.date-range input[type=text]")] == ["2024-01-08", "2024-06-16"]


def test_granularity_of_generated_spans():
    start = dt.date(2024, 1, 1)
    for days, unit in ((0, "day"), (30, "day"), (31, "week"), (181, "week"), (182, "month"), (3000, "year")):
        buckets = facets.date_facet(Counter({start.isoformat(): 1, (start + dt.timedelta(days)).isoformat(): 1}),
                                    None, None)
        assert facets.bucket_unit(buckets[0]) == unit, days
