"""Passage links against edits, through the real update path and the web app.

Each case indexes an article, takes the link to its third passage from
``/api/search``, edits the file (or rebuilds), updates the index again and
follows the link: ``/api/doc`` must report where it lands (``link``) and the
article page must land there, with its notice, the passage highlighted and
the source's text fragment following it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from indexer.article import passage_fingerprint
from indexer.sync.update import run
from webapp import anchors, create_app
from webapp.document import text_fragment

SOURCE = "https://news.example.org/kursk"
P = ["North Korean troops entered the Kursk region on Monday, officials in Kyiv said.",
     "The deployment follows weeks of warnings from Seoul about soldiers training in the far east.",
     "Zephyrine analysts at the instittute counted some eleven thousand soldiers near the border. "
     "They expect more to arrive before winter.",
     "Grain exports through the Black Sea corridor held steady despite the fighting.",
     "Markets in Asia shrugged off the news, with the Nikkei closing higher for a third day.",
     "A spokesman for the ministry declined to comment on the reports."]
SECOND = "They expect more to arrive before winter."
FIRST = P[2][:-len(SECOND) - 1]


def text_of(passages: list[str]) -> str:
    return "Troops enter Kursk\n\nNovember 4, 2024\n\n" + "\n\n".join(passages) + "\n"


#: case: (the article's passages after the edit, or None for a full rebuild of the same text;
#: the status, where it lands (¶), the notice's words, the text that lands there).
MATRIX = {
    "unchanged": (P, "ok", 3, None),
    "insert above": (["A new opening paragraph about something else entirely."] + P, "moved", 4, "has moved"),
    "delete above": (P[1:], "moved", 2, "has moved"),
    "typo fixed in the passage": (P[:2] + [P[2].replace("instittute", "institute")] + P[3:], "edited", 3, "was edited"),
    "sentence added": (P[:2] + [P[2] + " Officials did not confirm the figure."] + P[3:], "edited", 3, "was edited"),
    "sentence removed": (P[:2] + [FIRST] + P[3:], "edited", 3, "was edited"),
    "passage split": (P[:2] + [FIRST, SECOND] + P[3:], "edited", 3, "was edited"),
    "passages merged": (P[:1] + [P[1] + " " + P[2]] + P[3:], "edited", 2, "was edited"),
    "passage moved to the end": (P[:2] + P[3:] + [P[2]], "moved", 6, "has moved"),
    "full rebuild": (None, "ok", 3, None),
    "passage deleted": (P[:2] + P[3:], "gone", None, "no longer in the article"),
}


@pytest.fixture
def site(tmp_path):
    """The corpus, the index and a client; ``edit(passages)`` rewrites the article and updates."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "metadata.csv").write_text(f"path,title,date,outlet,url,author\na.txt,,,,{SOURCE},\n")
    (corpus / "a.txt").write_text(text_of(P))
    assert not run(corpus, index).failed

    class Site:
        client = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()

        @staticmethod
        def edit(passages):
            if passages is None:
                report = run(corpus, index, full=True)
            else:
                (corpus / "a.txt").write_text(text_of(passages))
                report = run(corpus, index)
            assert not report.failed
    return Site


def search_link(client, q: str = "zephyrine") -> str:
    [hit] = client.get(f"/api/search?q={q}").get_json()["results"]
    return hit["snippets"][0]["link"]


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.mark.parametrize("case", MATRIX)
def test_a_saved_link_lands_where_the_rules_say(site, case):
    edited, status, where, notice = MATRIX[case]
    link = search_link(site.client)
    path = link.split("#")[0]
    assert urlsplit(link).fragment == "p-3" and parse_qs(urlsplit(link).query)["p"] == ["3"]
    site.edit(edited)
    after = edited if edited is not None else P

    api = site.client.get(path.replace("/doc/", "/api/doc/", 1)).get_json()
    assert {k: api["link"][k] for k in ("status", "passage", "from")} == {"status": status, "passage": where, "from": 3}

    response = site.client.get(path)
    if status == "ok":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).fragment == (f"p-{where}" if where else "notice")
        response = site.client.get(response.headers["Location"])
    soup = soup_of(response)
    linked = soup.select("section.passage.linked")
    if where is None:
        assert linked == []
        box = soup.select_one(".passages > #notice")
        assert notice in box.get_text() and "¶3" in box.get_text()
        nearest = [a["href"] for a in box.select("p.nearest a")]
        assert nearest and all("#p-" in href for href in nearest)
        assert soup.select_one("#source-link")["href"] == SOURCE
        return
    assert [s["id"] for s in linked] == [f"p-{where}"]
    assert "Zephyrine" in linked[0].select_one("p.text").get_text() or case == "passage split"
    found = linked[0].select_one("#notice")
    if notice is None:
        assert found is None and soup.select_one("#notice") is None
    else:
        assert notice in found.get_text() and "¶3" in found.get_text() and f"¶{where}" in found.get_text()
    assert soup.select_one("#source-link")["href"] == SOURCE + text_fragment(after[where - 1])


def test_the_nearest_passages_of_a_gone_link_come_first_by_likeness(site):
    link = search_link(site.client).split("#")[0]
    kept = [p for p in P if p != P[2]]
    site.edit(kept[:2] + ["Analysts at the institute counted soldiers near the frontier."] + kept[2:])
    api = site.client.get(link.replace("/doc/", "/api/doc/", 1)).get_json()
    assert api["link"]["status"] == "gone" and api["link"]["nearest"][0] == 3


def test_old_links_with_number_and_fingerprint_only_still_work(site):
    doc_id = site.client.get("/api/search?q=zephyrine").get_json()["results"][0]["id"]
    old = f"/api/doc/{quote(doc_id)}?p=3&fp={passage_fingerprint(P[2])}"
    assert site.client.get(old).get_json()["link"] == {"status": "ok", "passage": 3, "from": 3}
    site.edit(["A new opening paragraph about something else entirely."] + P)
    assert site.client.get(old).get_json()["link"] == {"status": "moved", "passage": 4, "from": 3}
    site.edit(P[:2] + [P[2].replace("instittute", "institute")] + P[3:])
    assert site.client.get(old).get_json()["link"]["status"] == "gone"   # nothing to match approximately


def test_the_query_less_link_is_short(site):
    long_words = " ".join(["Internationalisation"] * 40) + "."
    site.edit(P + [long_words])
    doc_id = site.client.get("/api/search?q=zephyrine").get_json()["results"][0]["id"]
    links = [p["link"] for p in site.client.get(f"/api/doc/{quote(doc_id)}").get_json()["passages"]]
    assert max(len(link) for link in links) < 300


@pytest.mark.parametrize("t", ["a~b~c", "<script>", "x" * (anchors.MAX_QUOTE + 1)])
def test_a_quote_that_is_not_one_is_refused(site, t):
    doc_id = site.client.get("/api/search?q=zephyrine").get_json()["results"][0]["id"]
    assert site.client.get(f"/api/doc/{quote(doc_id)}?p=3&t={quote(t)}").status_code == 400


def test_unrelated_passages_stay_below_the_threshold():
    anchor = anchors.Anchor(3, "0" * 10, *anchors.parse_quote(anchors.quote_of(P[2])))
    others = [p for p in P if p != P[2]]
    assert all(best < anchors.THRESHOLD for best, _sum in anchors.scores(anchor, others))
    assert anchors.resolve(anchor, others).status == "gone"


def test_a_short_passage_is_carried_whole_and_found_through_a_typo():
    text = "The minister said the talks went well."
    assert anchors.quote_of(text) == "the minister said the talks went well"
    anchor = anchors.Anchor(2, passage_fingerprint(text), *anchors.parse_quote(anchors.quote_of(text)))
    now = ["Grain exports held steady.", "The minister said nothing.", "The minister said the tlaks went well."]
    assert anchors.resolve(anchor, now) == anchors.Landing("edited", 3)
    assert anchors.resolve(anchor, now[:2]).status == "gone"


def test_a_gone_notice_without_the_anchor_highlights_nothing(site):
    doc_id = site.client.get("/api/search?q=zephyrine").get_json()["results"][0]["id"]
    soup = soup_of(site.client.get(f"/doc/{quote(doc_id)}?gone=3"))
    assert "no longer in the article" in soup.select_one(".passages > #notice").get_text()
    assert not soup.select("section.linked") and not soup.select("p.nearest")
