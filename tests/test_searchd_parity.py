"""The searchd backend answers as the Whoosh backend does (the judge), over the same corpus.

One corpus (the five seeds, 60 made articles, three in German and French,
and copies of three stories: ``searchd_corpus.py``, ``helpers.add_wire_copies``)
is indexed into a Whoosh index and into the session's searchd cluster (two
shards, two copies each) by the same ``clippings update``; then the same
URLs go to two apps, one per backend, and the JSON must be equal: totals,
stories, every result dict (snippets, passage links, groups of copies),
facets with counts, date buckets, ways out, article views with highlights
and other copies, exports, facet lists.  Relevance order differs
(searchd's IDF is per shard): results are compared as sets there, and in
order for the date sorts.  With ``dupes=group`` a story is shown by its
first copy in the search's order; where two copies tie (the same date, or
scores the two engines' BM25 variants order differently) the engines may
show another copy: the story's members, size and matching copies must
still be equal (and for the date sorts the shown copy's date).
"""

from __future__ import annotations

import shutil
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from helpers import add_wire_copies, copy_seed_corpus, index_corpus
from searchd_corpus import write_copies, write_made_corpus

QUERIES = [
    "", "*", "troops", "troop", "Troops", "kursk", "\"legitimate targets\"", "\"north korean troops\"",
    "speaker:ryder", "outlet:newsweek", "outlet:reuters", "title:report", "author:smith", "body:grain",
    "outlet:newsweek AND kursk", "austin OR blinken NOT putin", "troops -kursk", "-troops", "NOT troops",
    "+troops grain", "+troops +border wheat", "troops AND (grain OR wheat)", "(a OR b) AND NOT c",
    "troop*", "t?st*", "*ing", "test*", "kurks~", "kurks~2", "grian~", "zelenskyy", "Zelenskyy", "cafe", "café",
    "naive", "11,000", "11000", "11.000", "3.5", "35", "U.S.", "us", "1,200 wheat",
    "date:2024-11", "date:2025", "date:>=2024-12", "date:<2025-01-01", "date:2024-11-01..2024-12-31",
    "date:[2024-11 TO 2025-01]", "troops OR date:2025-02", "grain date:2024-12*", "-date:2024",
    "NOT date:2025", "oil^2 gas", "nothingatall", "--", "()", "\"", "AND", "foo:bar",
    "speaker:\"pat ryder\"", "title:(grain OR wheat)", "prices market shares bank rates",
    "Truppen", "truppe", "Grenze", "frontière", "soldats", "Weizen*",
    "said:ryder", "said:ryder casualties", "said:\"Lloyd Austin\" \"legitimate military targets\"",
    "said:austin troop*", "kursk said:singh(casualties OR troops)", "said:ryder -casualties", "said:rydr troops",
]
FILTERS = [
    {}, {"outlet": "Reuters"}, {"outlet": ["Reuters", "~none"]}, {"speaker": "Pat Ryder"},
    {"speaker": "~none"}, {"from": "2024-11", "to": "2024-12"}, {"undated": "1"},
    {"from": "2025", "undated": "1"}, {"sort": "newest"}, {"sort": "oldest"},
    {"outlet": "reuters", "speaker": "Antony Blinken", "from": "2024"}, {"lang": "de"}, {"lang": ["en", "fr"]},
    {"dupes": "show"},
]
#: Searches over the stories with copies, with the filters and orders that pick which copy shows.
COPIED = ["", "troops", "kursk", "\"north korean\"", "pentagon -kursk", "date:2024-11", "legitimate OR grain",
          "speaker:ryder"]
COPY_FILTERS = [{"sort": "oldest"}, {"dupes": "show", "sort": "oldest"}, {"dupes": "show", "outlet": "Kyiv Post"},
                {"outlet": "Kyiv Post"}, {"outlet": "~none", "sort": "newest"}, {"from": "2024-11-05"}]
HOSTILE = ["')", "'); DROP TABLE clippings; --", ";", "\\", "\\\\'", "@title", "@(title,body) x", "@@",
           "\"unbalanced", "((( troops", "troops )))", "a\\(b", "$ ^ = < > ! | & / ~", "MAYBE troops",
           "troops NEAR/3 kursk", "\"troops\"/2", "*", "**", "%", "%troop", "'", "\"'\"", "SELECT * FROM x",
           "x" * 500, "troops " * 70, "ñ\u0301 \u202e ￿ 𝕏"]
DROPPED = ("took_ms", "generation", "partial")


@pytest.fixture(scope="module")
def pair(tmp_path_factory, searchd_cluster):
    """(Whoosh client, searchd client) over the same corpus."""
    base = tmp_path_factory.mktemp("parity")
    corpus = copy_seed_corpus(base / "corpus")
    write_made_corpus(corpus / "made")
    add_wire_copies(corpus)
    write_copies(corpus, corpus / "made")
    whoosh_index = index_corpus(corpus, base / "whoosh")
    searchd_cluster.truncate()
    report = searchd_cluster.index(corpus, base / "searchd")
    assert not report.failed and not report.warnings, (report.failed, report.warnings)
    from webapp import create_app
    whoosh = create_app({"TESTING": True, "WARM": False, "INDEX_DIR": str(whoosh_index), "CORPUS_DIR": str(corpus)})
    searchd = create_app(searchd_cluster.config(base / "searchd") | {"CORPUS_DIR": str(corpus)})
    yield whoosh.test_client(), searchd.test_client()
    searchd.extensions["clippings_backend"].close()


def fetch(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.get_data(as_text=True)[:500])
    return response.get_json()


def comparable(data: dict, notices: bool) -> dict:
    """The parts of a search that must be equal; results keyed by id (by story with ``dupes=group``,
    each story with copies as its members: see :func:`same_results` for the copy shown)."""
    out = {k: v for k, v in data.items() if k not in DROPPED}
    if not notices:
        out.pop("message", None)
    results = out.pop("results")
    if data["dupes"] == "group":
        out["results"] = {r["group"]["id"]: story(r) for r in results}
    else:
        out["results"] = {r["id"]: r for r in results}
    if data["sort"] != "relevance":
        out["order"] = [r["date"] for r in results]       # ties may come in another order
    return out


def story(result: dict) -> dict:
    """A result shown for its story: the story's members, size and matching copies (which copy
    stands for it may differ on a tie)."""
    group = result["group"]
    if not group["copies"]:
        return result
    return {"size": group["size"], "members": sorted([result["id"]] + [c["id"] for c in group["copies"]]),
            "matching": sorted([result["id"]] + [c["id"] for c in group["copies"] if c["match"]])}


def same_results(a: dict, b: dict, url: str) -> None:
    """Results shown for the same story by the same copy are equal dicts; by another copy, the
    two copies tie (the same date in a date order).  With ``dupes=show`` :func:`comparable` judges."""
    if a["dupes"] != "group":
        return
    shown = {r["group"]["id"]: r for r in a["results"]}
    for r in b["results"]:
        other = shown.get(r["group"]["id"])
        if other is None:
            continue
        if other["id"] == r["id"]:
            assert r == other, url
        elif a["sort"] != "relevance":
            assert r["date"] == other["date"], url


def with_notice(q: str) -> bool:
    """Queries for which searchd says something Whoosh does not (boosts, proximity order)."""
    return not ("^" in q or "\"~" in q)


def answers_the_same(pair, q: str, filters: list[dict], notices: bool) -> None:
    whoosh, searchd = pair
    for extra in filters:
        url = "/api/search?" + urlencode({"q": q, "per_page": 100, **extra}, doseq=True)
        a, b = fetch(whoosh, url), fetch(searchd, url)
        assert comparable(b, notices) == comparable(a, notices), url
        same_results(a, b, url)


@pytest.mark.parametrize("q", QUERIES)
def test_searches_answer_the_same(pair, q):
    answers_the_same(pair, q, FILTERS, with_notice(q))


@pytest.mark.parametrize("q", COPIED)
def test_stories_with_copies_answer_the_same(pair, q):
    answers_the_same(pair, q, COPY_FILTERS, True)


def test_proximity_finds_what_whoosh_finds_in_any_order_and_says_so(pair):
    whoosh, searchd = pair
    url = "/api/search?" + urlencode({"q": "\"troops border\"~3", "per_page": 100})
    a, b = fetch(whoosh, url), fetch(searchd, url)
    assert a["total"] and {r["id"] for r in a["results"]} <= {r["id"] for r in b["results"]}
    assert "in any order" in b["message"]


TYPOS = ["grian", "kurks", "Kurks troops", "pentagn", "troopps", "speaker:ryderr", "title:reprot", "Soldatn",
         "fronteire", "zelenskyyy", "outlet:newswek", "cafe grian", "inflaton -kursk", "foo:grian", "\"grian\"",
         "author:smtih", "xqzv", "troops AND grianx", "Weizn"]


@pytest.mark.parametrize("q", TYPOS)
def test_did_you_mean_offers_what_whoosh_offers(pair, q):
    whoosh, searchd = pair
    url = "/api/search?" + urlencode({"q": q})
    a, b = fetch(whoosh, url), fetch(searchd, url)
    assert (b["total"], b["suggestion"]) == (a["total"], a["suggestion"]), url


def test_did_you_mean_is_offered_on_both(pair):
    offered = [fetch(pair[1], "/api/search?" + urlencode({"q": q}))["suggestion"] for q in TYPOS]
    assert sum(s is not None for s in offered) >= 10, offered


def test_wildcards_without_a_letter_are_said_not_searched(pair):
    _whoosh, searchd = pair
    data = fetch(searchd, "/api/search?q=%3F")
    assert data["total"] == 0 and "has no letter or digit" in data["message"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_answer_the_same(pair, q):
    whoosh, searchd = pair
    url = "/api/search?" + urlencode({"q": q, "per_page": 100})
    a, b = fetch(whoosh, url), fetch(searchd, url)
    assert comparable(b, True) == comparable(a, True), url
    assert searchd.get("/?" + urlencode({"q": q})).status_code == 200


def test_pages_and_paging_answer_the_same(pair):
    whoosh, searchd = pair
    for page in (1, 2, 3, 99):
        for sort in ("newest", "oldest"):
            for dupes in ("group", "show"):
                url = "/api/search?" + urlencode({"q": "troops OR grain", "per_page": 7, "page": page, "sort": sort,
                                                  "dupes": dupes})
                a, b = fetch(whoosh, url), fetch(searchd, url)
                assert (b["page"], b["pages"], b["total"], b["stories"]) == \
                    (a["page"], a["pages"], a["total"], a["stories"]), url
                assert [r["date"] for r in b["results"]] == [r["date"] for r in a["results"]], url
                same_results(a, b, url)


@pytest.mark.parametrize("q", ["\"\"", "kursk AND date:1990*", "nothingatall"])
def test_a_page_beyond_the_last_of_no_results_is_the_first_as_on_whoosh(pair, q):
    """Queries that match nothing (the first two cannot match anything on searchd: no MATCH is
    sent) answer a page beyond the last with the last, page 1."""
    whoosh, searchd = pair
    url = "/api/search?" + urlencode({"q": q, "page": 3})
    a, b = fetch(whoosh, url), fetch(searchd, url)
    assert a["total"] == 0 and (a["page"], a["pages"]) == (1, 1), url
    assert (b["total"], b["page"], b["pages"]) == (a["total"], a["page"], a["pages"]), url


def test_the_corpus_has_stories_with_copies(pair):
    whoosh, searchd = pair
    a, b = fetch(whoosh, "/api/search?per_page=100"), fetch(searchd, "/api/search?per_page=100")
    assert a["total"] == b["total"] == 74 and a["stories"] == b["stories"] == 68
    assert sorted(r["group"]["size"] for r in b["results"] if r["group"]["size"] > 1) == [2, 2, 3, 3]


def test_article_views_and_passage_links_are_the_same(pair):
    whoosh, searchd = pair
    ids = [r["id"] for r in fetch(whoosh, "/api/search?per_page=100&dupes=show")["results"]]
    assert len(ids) == 74
    for n, doc_id in enumerate(ids):
        q = ["", "troops", "troop* kursk", "grian~", "\"legitimate targets\"", "speaker:ryder"][n % 6]
        url = f"/api/doc/{doc_id}?" + urlencode({"q": q, "p": 1 + n % 3})
        assert fetch(searchd, url) == fetch(whoosh, url), url
    page = f"/doc/{ids[0]}?q=troops"
    assert searchd.get(page).data == whoosh.get(page).data
    assert searchd.get("/doc/nosuch-00000000").status_code == 404
    assert searchd.get(f"/cite/{ids[1]}?p=1").data == whoosh.get(f"/cite/{ids[1]}?p=1").data


def test_speaker_pages_are_the_same(pair):
    whoosh, searchd = pair
    for url in ("/api/speaker/Pat%20Ryder", "/api/speaker/Lloyd%20Austin?sort=oldest&per_page=3&page=2",
                "/api/speaker/Lloyd%20Austin?q=troop*&outlet=U.S.+Department+of+Defense",
                "/api/speaker/Sabrina%20Singh?q=casualties&from=2024-11"):
        a, b = fetch(whoosh, url), fetch(searchd, url)
        assert {k: v for k, v in b.items() if k not in DROPPED} == {k: v for k, v in a.items() if k not in DROPPED}, url
        assert a["quotes"] > 0 or "casualties" in url
    for url in ("/api/speaker/ryder", "/api/speaker/Nobody%20Here", "/speaker/Pat%20Rider"):
        assert searchd.get(url).status_code == whoosh.get(url).status_code != 200
        assert searchd.get(url).data == whoosh.get(url).data


def test_exports_and_facet_lists_are_the_same(pair):
    whoosh, searchd = pair
    for query in ("q=troops&sort=newest", "q=&outlet=Reuters&sort=oldest", "q=grain", "q=kursk&sort=oldest"):
        a, b = fetch(whoosh, f"/export.json?{query}"), fetch(searchd, f"/export.json?{query}")
        assert a["total"] == b["total"] and a["exported"] == b["exported"]
        assert sorted(a["results"], key=lambda r: r["id"]) == sorted(b["results"], key=lambda r: r["id"])
        if "sort" in query:
            assert [r["date"] for r in a["results"]] == [r["date"] for r in b["results"]]
    for name in ("outlet", "speaker"):
        url = f"/facets/{name}?q=troops&order=name"
        items = [[li.get_text(" ", strip=True) for li in BeautifulSoup(c.get(url).data, "lxml").select("ul.values li")]
                 for c in pair]
        assert items[0] == items[1] and items[0]


def test_exports_and_speaker_pages_read_in_many_batches_are_the_same(pair, monkeypatch):
    """Exports and speaker pages read their rows a batch at a time (``EXPORT_BATCH``); small
    batches, and a speaker page that reads fewer articles than it has, answer as Whoosh does."""
    from webapp import search, searchd_backend
    whoosh, searchd = pair
    monkeypatch.setattr(searchd_backend, "EXPORT_BATCH", 4)
    for query in ("q=&sort=oldest", "q=troops&sort=newest&dupes=show"):
        a, b = fetch(whoosh, f"/export.json?{query}"), fetch(searchd, f"/export.json?{query}")
        assert a["total"] == b["total"] > 8 and a["exported"] == b["exported"]
        assert [r["date"] for r in a["results"]] == [r["date"] for r in b["results"]]
        assert sorted(a["results"], key=lambda r: r["id"]) == sorted(b["results"], key=lambda r: r["id"])
    for most in (search.MAX_SPEAKER_ARTICLES, 5):
        monkeypatch.setattr(search, "MAX_SPEAKER_ARTICLES", most)
        monkeypatch.setattr(searchd_backend, "MAX_SPEAKER_ARTICLES", most)
        url = "/api/speaker/Pat%20Ryder?sort=oldest"
        a, b = fetch(whoosh, url), fetch(searchd, url)
        assert {k: v for k, v in b.items() if k not in DROPPED} == {k: v for k, v in a.items() if k not in DROPPED}
        assert a["read"] == min(most, a["articles"]) and a["articles"] > 5


def test_stats_are_the_same(pair):
    whoosh, searchd = pair
    from webapp.backend import current_backend
    figures = []
    for client in pair:
        with client.application.app_context():
            with current_backend().open() as session:
                stats = session.stats()
        stats.pop("updated")
        figures.append(stats)
    assert figures[0] == figures[1]
    assert figures[0]["languages"].get("de") == 2 and figures[0]["languages"].get("fr") == 1


FACETED = [{}, {"q": "troops OR grain"}, {"speaker": "Pat Ryder"}, {"speaker": ["Nobody Known", "Antony Blinken"]},
           {"outlet": "Le Monde", "q": "report"}, {"outlet": "No Such Outlet"}, {"q": "nothingatall", "speaker": "Pat Ryder"}]


@pytest.mark.parametrize("size", [1, 2, 3])
def test_the_first_values_of_a_facet_are_whooshs_first_values(pair, size, monkeypatch):
    """searchd lists outlet and speaker values by count down to the ``facet_size``-th (ties at the
    boundary asked again until they are all in, as pages order them by name)."""
    from webapp import searchd_facets
    monkeypatch.setattr(searchd_facets, "SLACK", 0)          # every tie at the boundary is asked again
    whoosh, searchd = pair
    for extra in FACETED:
        url = "/api/search?" + urlencode({"facet_size": size, **extra}, doseq=True)
        a, b = fetch(whoosh, url), fetch(searchd, url)
        assert (b["facets"], b["facet_counts"]) == (a["facets"], a["facet_counts"]), url


def test_the_sidebar_is_the_same(pair):
    whoosh, searchd = pair
    for n, extra in enumerate(FACETED):
        url = "/?" + urlencode(extra, doseq=True)
        sidebars = [BeautifulSoup(c.get(url).data, "lxml").select_one("aside.facets") for c in pair]
        assert str(sidebars[0]) == str(sidebars[1]), url
        if n == 0:                                            # more speakers than the sidebar shows
            assert sidebars[1].select_one("#facet-speaker a.all-values").get_text().startswith("All ")


def test_facets_that_fill_their_limit_are_asked_again_until_complete(pair):
    whoosh, searchd = pair
    backend = searchd.application.extensions["clippings_backend"]
    backend.group_limit.update(outlet=2, speaker=2, date=2)
    url = "/api/search?" + urlencode({"q": "troops OR grain", "facet_size": 1000, "per_page": 100})
    assert comparable(fetch(searchd, url), True) == comparable(fetch(whoosh, url), True)
    assert all(limit > 2 for limit in backend.group_limit.values())
