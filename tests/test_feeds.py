"""The Atom feed of a search (/feed) and the OpenSearch description (/opensearch.xml)."""

from __future__ import annotations

import calendar
import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from indexer.index.stats import index_stats
from webapp import feeds

OS = "{http://a9.com/-/spec/opensearch/1.1/}"


@pytest.fixture
def articles(news):
    return [
        news("k1", "Troops enter Kursk", "North Korean troops entered Kursk.", date="2024-11-04", outlet="Reuters",
             author="Jane Roe", url="https://example.org/k1"),
        news("k2", "Troops <b>and</b> \x0btanks & more", "Troops and tanks moved \x01north.", date="2024-12-03",
             outlet="Reuters"),
        news("k3", "Troops in port", "Troops waited in port.", date="2024-10-01", outlet="AP"),
        news("k4", "Troops, undated", "Troops somewhere.", outlet="Reuters"),
        news("k5", "Grain deal", "The grain deal collapsed.", date="2025-01-05", outlet="Reuters"),
        news("k6", "Old troops story", "Troops of old.", date="2023-05-06", outlet="Reuters"),
    ]


@pytest.fixture
def fclient(make_app, make_index, articles):
    return make_app(make_index(articles), WARM=False).test_client()


def parsed(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.get_data())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def day(entry) -> str:
    return "%04d-%02d-%02d" % tuple(entry.published_parsed[:3])


def test_feed_lists_the_dated_matches_newest_first(fclient):
    feed = parsed(fclient.get("/feed?q=troops&outlet=Reuters&sort=oldest&page=2"))
    assert [e.title for e in feed.entries] == ["Troops <b>and</b> tanks & more", "Troops enter Kursk",
                                               "Old troops story"], "undated k4 left out, grain k5 not matched"
    assert [day(e) for e in feed.entries] == ["2024-12-03", "2024-11-04", "2023-05-06"]
    assert all(e.updated_parsed == e.published_parsed for e in feed.entries)
    assert feed.feed.title == "Clippings: “troops” (outlet: Reuters)"
    assert calendar.timegm(feed.feed.updated_parsed) == calendar.timegm(feed.entries[0].updated_parsed)
    assert feed.feed.links[0].href == "http://localhost/feed?q=troops&outlet=Reuters"


def test_each_entry_has_its_link_outlet_snippet_and_source(fclient):
    feed = parsed(fclient.get("/feed?q=kursk"))
    (entry,) = feed.entries
    assert entry.id == "http://localhost/doc/k1"
    assert entry.author == "Jane Roe"
    assert [t.term for t in entry.tags] == ["Reuters"]
    assert entry.summary == "North Korean troops entered Kursk."
    links = {link.rel: link.href for link in entry.links}
    assert links["related"] == "https://example.org/k1"
    passage = urlsplit(links["alternate"])
    assert passage.netloc == "localhost" and passage.path == "/doc/k1" and passage.fragment == "p-1"
    assert fclient.get(f"{passage.path}?{passage.query}").status_code == 200


def test_text_is_escaped_and_characters_xml_forbids_are_dropped(fclient):
    feed = parsed(fclient.get("/feed?q=tanks"))
    (entry,) = feed.entries
    assert entry.title == "Troops <b>and</b> tanks & more"
    assert entry.title_detail.type == "text/plain"
    assert entry.summary == "Troops and tanks moved north."
    assert entry.author == "Reuters", "no byline: the outlet"


def test_an_empty_feed_is_valid_and_dated_by_the_index(fclient, index_dir):
    feed = parsed(fclient.get("/feed?q=nothingmatches"))
    assert feed.entries == []
    updated = dt.datetime.fromisoformat(index_stats(index_dir)["updated"])
    assert calendar.timegm(feed.feed.updated_parsed) == int(updated.timestamp())


def test_the_feed_has_at_most_feed_entries(fclient, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)
    feed = parsed(fclient.get("/feed"))
    assert [e.title for e in feed.entries] == ["Grain deal", "Troops <b>and</b> tanks & more"]


def test_search_page_links_its_feed(fclient):
    page = BeautifulSoup(fclient.get("/?q=troops&outlet=Reuters&sort=oldest&page=1").get_data(as_text=True), "lxml")
    alternate = page.select_one('head link[rel="alternate"][type="application/atom+xml"]')
    assert alternate["href"] == "/feed?q=troops&outlet=Reuters"
    assert alternate["title"] == "Clippings: “troops” (outlet: Reuters)"
    assert parsed(fclient.get(alternate["href"])).entries


def test_opensearch_description(fclient):
    response = fclient.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/opensearchdescription+xml; charset=utf-8"
    root = ET.fromstring(response.get_data())
    assert root.tag == f"{OS}OpenSearchDescription"
    assert root.findtext(f"{OS}ShortName") == "Clippings"
    assert root.findtext(f"{OS}InputEncoding") == "UTF-8"
    urls = {u.get("type"): u.get("template") for u in root.findall(f"{OS}Url")}
    assert urls["text/html"] == "http://localhost/?q={searchTerms}"
    assert urls["application/atom+xml"] == "http://localhost/feed?q={searchTerms}"
    assert urls["application/opensearchdescription+xml"] == "http://localhost/opensearch.xml"
    search = urlsplit(urls["text/html"].replace("{searchTerms}", "kursk"))
    assert "Troops enter Kursk" in fclient.get(f"{search.path}?{search.query}").get_data(as_text=True)
    feed = urlsplit(urls["application/atom+xml"].replace("{searchTerms}", "kursk"))
    assert [e.title for e in parsed(fclient.get(f"{feed.path}?{feed.query}")).entries] == ["Troops enter Kursk"]


@pytest.mark.parametrize("path", ["/", "/?q=troops", "/doc/k1", "/facets/outlet", "/no-such-page"])
def test_every_page_links_the_opensearch_description(fclient, path):
    page = BeautifulSoup(fclient.get(path).get_data(as_text=True), "lxml")
    link = page.select_one('head link[rel="search"]')
    assert link["type"] == "application/opensearchdescription+xml" and link["href"] == "/opensearch.xml"
    assert link["title"] == "Clippings"
