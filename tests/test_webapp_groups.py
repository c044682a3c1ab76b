"""Copies of one story in the web app: one result per group (``dupes=group``) or every copy
(``dupes=show``), the ``group`` of each result, totals and facet counts that say what they count,
the article page's other copies and what differs, exports and the feed.

The index is the seed corpus plus two republished copies of its first article (``add_wire_copies``),
built by the real indexer."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from helpers import SEED_STORY, wire_index


@pytest.fixture(scope="module")
def wire_app(tmp_path_factory):
    from webapp import create_app
    corpus, index = wire_index(tmp_path_factory.mktemp("wire"))
    return create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})


@pytest.fixture
def client(wire_app):
    return wire_app.test_client()


def api(client, query: str) -> dict:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def story_ids(client) -> set[str]:
    """The ids of the three copies of the seed story (from dupes=show)."""
    data = api(client, "q=kursk&dupes=show&per_page=100")
    groups = {}
    for r in data["results"]:
        groups.setdefault(r["group"]["id"], set()).add(r["id"])
    (copies,) = [ids for ids in groups.values() if len(ids) > 1]
    return copies


def test_copies_are_one_result_with_their_group(client):
    data = api(client, "q=kursk")
    assert data["dupes"] == "group" and data["total"] == 7 and data["stories"] == 5
    assert len(data["results"]) == 5
    grouped = [r for r in data["results"] if r["group"]["size"] > 1]
    assert len(grouped) == 1
    group = grouped[0]["group"]
    copies = story_ids(client)
    assert group["size"] == 3 and group["id"] == min(copies)
    assert {c["id"] for c in group["copies"]} | {grouped[0]["id"]} == copies
    for copy in group["copies"]:
        assert set(copy) == {"id", "title", "outlet", "date", "link", "match"}
        assert copy["link"].startswith(f"/doc/{copy['id']}?q=kursk") and copy["match"] is True
    single = next(r for r in data["results"] if r["group"]["size"] == 1)
    assert single["group"] == {"id": single["id"], "size": 1, "copies": []}


def test_dupes_show_lists_every_copy(client):
    data = api(client, "q=kursk&dupes=show")
    assert data["dupes"] == "show" and data["total"] == 7 and data["stories"] == 5
    assert len(data["results"]) == 7
    sizes = sorted(r["group"]["size"] for r in data["results"])
    assert sizes == [1, 1, 1, 1, 3, 3, 3]


def test_the_card_is_the_best_matching_copy(client):
    """A word only in one copy's added paragraph: that copy stands for the story; the others are
    listed and marked as not matching."""
    data = api(client, 'q=kursk+"released later in the week"')
    (result,) = data["results"]
    assert result["outlet"] == "ABC News" and data["stories"] == 1 and data["total"] == 1
    assert [c["match"] for c in result["group"]["copies"]] == [False, False]


def test_pages_count_stories(client):
    grouped = api(client, "q=kursk&per_page=2")
    shown = api(client, "q=kursk&per_page=2&dupes=show")
    assert grouped["pages"] == 3 and shown["pages"] == 4
    seen = [r["id"] for page in (1, 2, 3) for r in api(client, f"q=kursk&per_page=2&page={page}")["results"]]
    assert len(seen) == len(set(seen)) == 5
    groups = [r["group"]["id"] for page in (1, 2, 3) for r in api(client, f"q=kursk&per_page=2&page={page}")["results"]]
    assert len(set(groups)) == 5


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_every_sort_gives_one_result_per_story(client, sort):
    data = api(client, f"q=kursk&sort={sort}&per_page=100")
    assert len({r["group"]["id"] for r in data["results"]}) == len(data["results"]) == 5


def test_newest_first_shows_the_newest_copy(client):
    data = api(client, "dupes=group&sort=newest&per_page=100")
    (result,) = [r for r in data["results"] if r["group"]["size"] > 1]
    dates = [result["date"]] + [c["date"] for c in result["group"]["copies"]]
    assert result["date"] == max(d for d in dates if d)


def test_facet_counts_are_articles_and_agree_with_the_list(client):
    data = api(client, "q=kursk")
    outlets = {f["value"]: f["count"] for f in data["facets"]["outlet"]}
    assert sum(outlets.values()) == data["total"] == 7
    for outlet, count in outlets.items():
        filtered = api(client, f"q=kursk&outlet={outlet}")
        assert filtered["total"] == count
        assert filtered["stories"] == len(filtered["results"]) <= count


def test_the_page_says_stories_and_articles_and_switches(client):
    soup = BeautifulSoup(client.get("/?q=kursk").get_data(as_text=True), "html.parser")
    assert soup.select_one("#result-count").get_text(" ", strip=True).startswith(
        "5 stories (7 articles ; the filters count articles )")
    assert "the filters count articles" in soup.select_one("#facet-note").get_text()
    cards = soup.select("li.hit")
    assert len(cards) == 5
    (card,) = [c for c in cards if c.select_one(".copies")]
    line = card.select_one(".copies-line")
    assert line.get_text(" ", strip=True).startswith("Also in 2 outlets:")
    links = line.select("a")
    assert len(links) == 2 and all(a["href"].startswith("/doc/") for a in links)
    assert len(card.select("details.copies-all li")) == 2
    assert card.select_one("details.copies-all summary").get_text(strip=True) == "All 3 copies of this story"
    switch = soup.select_one("#dupes-switch a")
    assert parse_qs(urlsplit(switch["href"]).query)["dupes"] == ["show"]
    shown = BeautifulSoup(client.get(switch["href"]).get_data(as_text=True), "html.parser")
    assert shown.select_one("#result-count").get_text(" ", strip=True).startswith("7 articles (5 stories")
    assert len(shown.select("li.hit")) == 7 and not shown.select(".copies")
    assert len(shown.select(".copy-of")) == 3
    for a in shown.select("nav.sort a, nav.per-page a, #filters a.value-link, ul.hits a.hit-title"):
        href = a["href"]
        query = parse_qs(urlsplit(href).query)
        assert query.get("dupes") == ["show"] or "dupes%3Dshow" in href or "dupes=show" in query.get("back", [""])[0], href


def test_a_bad_dupes_value_is_a_400(client):
    response = client.get("/api/search?q=kursk&dupes=maybe")
    assert response.status_code == 400
    assert "dupes must be one of group, show" in response.get_json()["error"]["message"]


def test_the_article_page_lists_other_copies_and_what_differs(client):
    copies = story_ids(client)
    seed = next(i for i in copies if i.startswith(SEED_STORY.split(".")[0].lower()[:3]))
    data = client.get(f"/api/doc/{seed}").get_json()
    by_outlet = {c["outlet"]: c for c in data["copies"]}
    assert set(by_outlet) == {"Associated Press", "ABC News"}
    trimmed, extended = by_outlet["Associated Press"], by_outlet["ABC News"]
    last = len(data["passages"])
    assert trimmed["only_here"] and trimmed["only_here"][-1] == last and not trimmed["only_there"]
    assert not extended["only_here"]
    # The byline is read as the copy's author, not as a paragraph: the closing paragraph is the difference.
    assert [p["text"][:30] for p in extended["only_there"]] == ["Pentagon officials said more d"]
    assert data["only_here"] == []
    soup = BeautifulSoup(client.get(f"/doc/{seed}").get_data(as_text=True), "html.parser")
    section = soup.select_one("#other-copies")
    assert len(section.select("li.other-copy")) == 2
    assert "Has 1 paragraph this copy lacks" in section.get_text(" ", strip=True)
    assert soup.select_one("#copies-line a[href='#other-copies']")


def test_a_paragraph_only_in_one_copy_is_marked(client):
    copies = story_ids(client)
    abc = next(i for i in copies if i.startswith("abc-kursk"))
    data = client.get(f"/api/doc/{abc}").get_json()
    assert data["only_here"] == [len(data["passages"])]
    soup = BeautifulSoup(client.get(f"/doc/{abc}").get_data(as_text=True), "html.parser")
    assert [s["id"] for s in soup.select("section.passage") if s.select_one(".only-here-badge")] == \
        [f"p-{len(data['passages'])}"]


def test_the_article_page_reads_only_the_copies_it_lists(client, monkeypatch):
    """Over the limit, the copies left out are not read (their stored fields hold whole articles)."""
    from webapp import search
    from webapp.backend import EXTENSION
    seed = min(story_ids(client))
    holder = client.application.extensions[EXTENSION].holder
    snapshot = holder.acquire()
    read = []
    real = snapshot.searcher.stored_fields
    monkeypatch.setattr(snapshot.searcher, "stored_fields", lambda docnum: read.append(docnum) or real(docnum))
    monkeypatch.setattr(search, "COPIES_LISTED", 1)
    try:
        data = client.get(f"/api/doc/{seed}").get_json()
    finally:
        holder.release(snapshot)
    assert len(data["copies"]) == 1 and len(read) == 2       # the article and its one listed copy


def test_an_article_without_copies_has_no_copy_section(client):
    data = api(client, "q=kursk")
    single = next(r for r in data["results"] if r["group"]["size"] == 1)
    assert client.get(f"/api/doc/{single['id']}").get_json()["copies"] == []
    soup = BeautifulSoup(client.get(f"/doc/{single['id']}").get_data(as_text=True), "html.parser")
    assert soup.select_one("#other-copies") is None


def test_exports_list_every_article_with_its_group(client):
    rows = client.get("/export.json?q=kursk").get_json()["results"]
    assert len(rows) == 7
    groups = [r["group"] for r in rows if r["copies"] == 3]
    assert len(groups) == 3 and len(set(groups)) == 1


def test_the_feed_has_one_entry_per_story(client):
    grouped = feedparser.parse(client.get("/feed?q=kursk").get_data())
    shown = feedparser.parse(client.get("/feed?q=kursk&dupes=show").get_data())
    assert not grouped.bozo and not shown.bozo
    copies = story_ids(client)
    assert sum(e.id.rsplit("/", 1)[-1] in copies for e in shown.entries) == 3
    assert sum(e.id.rsplit("/", 1)[-1] in copies for e in grouped.entries) == 1
    assert len(grouped.entries) == len(shown.entries) - 2


def test_a_search_counts_its_stories_once(client, monkeypatch):
    from indexer.index.columns import Columns
    calls = []
    real = Columns.stories
    monkeypatch.setattr(Columns, "stories", lambda self, docs: calls.append(len(docs)) or real(self, docs))
    data = api(client, "q=kursk")
    assert data["stories"] == 5 and calls == [7]


def test_the_copies_a_page_lists_are_read_once_per_index_state(client, monkeypatch):
    """A result's copies are shown from cards read once per snapshot: searching again reads only
    the results' own stored fields."""
    from webapp.backend import EXTENSION
    api(client, "q=kursk")
    holder = client.application.extensions[EXTENSION].holder
    snapshot = holder.acquire()
    read = []
    real = snapshot.searcher.stored_fields
    monkeypatch.setattr(snapshot.searcher, "stored_fields", lambda docnum: read.append(docnum) or real(docnum))
    try:
        data = api(client, "q=kursk")
    finally:
        holder.release(snapshot)
    assert len(read) == len(data["results"]) == 5
    (grouped,) = [r for r in data["results"] if r["group"]["size"] > 1]
    assert len(grouped["group"]["copies"]) == 2 and all(c["title"] and c["outlet"] for c in grouped["group"]["copies"])
