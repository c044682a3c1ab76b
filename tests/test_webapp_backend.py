"""The search-backend seam: the views work against any :class:`webapp.backend.Backend`.

``MemoryBackend`` is a tiny engine over article records held in memory (a
query matches the articles holding all its words), built only from the
web app's engine-free helpers; no Whoosh index is involved.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from indexer.article import passage_fingerprint
from webapp import create_app
from webapp.backend import Backend, NoIndex, Session
from webapp.document import article_view
from webapp.facets import date_facet, value_facet
from webapp.present import doc_url
from webapp.snippets import best_snippets
from webapp.textwords import stem_of


def stored(article) -> dict:
    """An article record as the stored fields an engine gives back."""
    return {"id": article.id, "title": article.title, "date": article.date, "outlet": article.outlet,
            "author": article.author, "url": article.url, "speakers": article.speakers,
            "passages": [[p.text, p.speakers] for p in article.passages]}


class MemoryBackend(Backend):
    location = "memory:"
    build_command = "load the articles"

    def __init__(self, articles=None):
        self.generations = [] if articles is None else [[stored(a) for a in articles]]
        self.opened: list[MemorySession] = []
        self.failures: list = []      # the next searches fail, first publishing these articles if any

    def publish(self, articles) -> None:
        self.generations.append([stored(a) for a in articles])

    def open(self) -> "MemorySession":
        if not self.generations:
            raise NoIndex("nothing loaded")
        session = MemorySession(self, self.generations[-1], f"memory/{len(self.generations)}")
        self.opened.append(session)
        return session

    def renew(self, session):
        if session.generation == f"memory/{len(self.generations)}":
            return None
        session.close()
        return self.open()


class MemorySession(Session):
    def __init__(self, backend: MemoryBackend, docs: list[dict], generation: str):
        self.backend, self.docs, self.generation, self.closed = backend, docs, generation, False

    def _terms(self, q: str) -> frozenset:
        return frozenset(stem_of(word) for word in q.split())

    def _matches(self, state) -> list[dict]:
        terms = self._terms(state.q)
        return [d for d in self.docs
                if terms <= {stem_of(w) for text, _ in d["passages"] for w in text.split()}
                and (not state.outlets or d["outlet"] in state.outlets)
                and (not state.speakers or set(d["speakers"]) & set(state.speakers))
                and (not state.langs or d.get("lang") in state.langs)]

    def search(self, state, root="", facet_size=None):
        if self.backend.failures:
            change = self.backend.failures.pop(0)
            if change:
                self.backend.publish(change)
            raise OSError("the index changed")
        found = self._matches(state)
        terms = self._terms(state.q)
        start = (state.page - 1) * state.per_page
        return {
            "query": state.q, "browse": not state.q, "reading": None, "message": None, "total": len(found),
            "page": state.page, "pages": max(1, -(-len(found) // state.per_page)), "per_page": state.per_page,
            "sort": state.sort or "relevance", "took_ms": 0.0,
            "results": [{
                "id": d["id"], "title": d["title"], "date": d["date"], "outlet": d["outlet"], "author": d["author"],
                "speakers": d["speakers"], "url": d["url"], "link": doc_url(root, d["id"], state.q),
                "snippets": [{"passage": s.n, "html": s.html,
                              "link": doc_url(root, d["id"], state.q, s.n, d["passages"][s.n - 1][0])}
                             for s in best_snippets(d["passages"], terms)],
            } for d in found[start:start + state.per_page]],
            "facets": {"outlet": self.facet_values("outlet", state), "speaker": self.facet_values("speaker", state),
                       "lang": self.facet_values("lang", state),
                       "date": date_facet(Counter(d["date"] for d in found if d["date"]), None, None)},
            "undated": sum(1 for d in found if not d["date"]), "suggestion": None,
            "filters": {"outlet": list(state.outlets), "speaker": list(state.speakers), "lang": list(state.langs),
                        "from": None, "to": None},
            "ways_out": [], "generation": self.generation,
        }

    def facet_values(self, name, state):
        found = self._matches(state)
        if name == "outlet":
            return value_facet(Counter(d["outlet"] for d in found if d["outlet"]), state.outlets)
        if name == "lang":
            return value_facet(Counter(d["lang"] for d in found if d.get("lang")), state.langs, facet="lang")
        return value_facet(Counter(s for d in found for s in d["speakers"]), state.speakers)

    def article(self, doc_id, q="", root=""):
        fields = next((d for d in self.docs if d["id"] == doc_id), None)
        if fields is None:
            return None
        return article_view(fields, self._terms(q), q, root)

    def stats(self):
        return {"documents": len(self.docs)}

    def close(self):
        self.closed = True


@pytest.fixture
def articles(news):
    return [news("a1", "Troops enter Kursk", "North Korean troops entered the Kursk region.",
                 '"We are watching," Ryder said of the troops.', date="2024-11-04", outlet="Reuters",
                 speakers=["Pat Ryder"], spoken={2: ["Pat Ryder"]}),
            news("a2", "Grain deal", "The grain deal collapsed.", outlet="AP", speakers=["Jane Doe"])]


@pytest.fixture
def memory(articles):
    return MemoryBackend(articles)


@pytest.fixture
def mclient(memory):
    return create_app({"TESTING": True, "BACKEND": memory}).test_client()


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_pages_and_api_come_from_the_backend(mclient, memory):
    soup = soup_of(mclient.get("/?q=troops"))
    assert [a["href"] for a in soup.select("li.hit a.hit-title")] == ["/doc/a1?q=troops"]
    assert [m.get_text() for m in soup.select("p.snippet mark")] == ["troops", "troops"]
    assert "/?q=troops&outlet=Reuters" in [a["href"] for a in soup.select("#facet-outlet a")]
    data = mclient.get("/api/search?q=grain").get_json()
    assert data["total"] == 1 and data["generation"] == "memory/1"
    assert data["results"][0]["snippets"] == [{"passage": 1, "html": "The <mark>grain</mark> deal collapsed.",
                                               "link": "/doc/a2?q=grain&p=1&fp="
                                                       + passage_fingerprint("The grain deal collapsed.")
                                                       + "&t=the+grain+deal+collapsed#p-1"}]
    assert data["facets"]["speaker"] == [{"value": "Jane Doe", "count": 1, "selected": False}]
    listing = soup_of(mclient.get("/facets/speaker"))
    assert [li.a["href"] for li in listing.select("ul.values li")] == ["/?speaker=Jane+Doe", "/?speaker=Pat+Ryder"]
    assert len(memory.opened) == 3 and all(s.closed for s in memory.opened), "one session a request, closed"


def test_article_pages_and_passage_links_come_from_the_backend(mclient, memory, articles, news):
    page = soup_of(mclient.get("/doc/a1?q=ryder"))
    assert page.select_one("h1").get_text() == "Troops enter Kursk"
    assert [m.get_text() for m in page.select("#p-2 mark")] == ["Ryder"]
    fp = passage_fingerprint(articles[0].passages[1].text)
    api = mclient.get(f"/api/doc/a1?p=2&fp={fp}").get_json()
    assert api["link"] == {"status": "ok", "passage": 2, "from": 2} and api["speakers"] == ["Pat Ryder"]
    memory.publish([news("a1", "Troops enter Kursk", "A new first passage.", *[p.text for p in articles[0].passages])])
    moved = mclient.get(f"/doc/a1?p=2&fp={fp}")
    assert moved.status_code == 302 and moved.headers["Location"] == f"/doc/a1?p=3&fp={fp}&t=we+are+watching+ryder+said+of+the+troops&moved=2#p-3"
    assert mclient.get("/doc/a2").status_code == 404 and mclient.get("/api/doc/zz").status_code == 404


def test_the_same_records_give_the_same_article_from_either_engine(mclient, make_app, make_index, articles):
    whoosh = make_app(make_index(articles)).test_client()
    for url in ["/api/doc/a1", "/api/doc/a1?q=troops", "/api/doc/a1?q=ryder+kursk&p=2", "/api/doc/a2?p=9"]:
        assert mclient.get(url).get_json() == whoosh.get(url).get_json(), url
    assert mclient.get("/doc/a1?q=troops").data == whoosh.get("/doc/a1?q=troops").data


def test_a_failure_on_a_changed_index_is_retried_once_on_the_new_state(mclient, memory, news):
    memory.failures = [[news("b1", "Other troops", "More troops.")]]
    data = mclient.get("/api/search?q=troops").get_json()
    assert [r["id"] for r in data["results"]] == ["b1"] and data["generation"] == "memory/2"
    assert [s.generation for s in memory.opened] == ["memory/1", "memory/2"] and memory.opened[0].closed
    memory.failures = [None]                              # a failure on the newest state is not retried
    with pytest.raises(OSError):
        mclient.get("/api/search?q=troops")
    memory.failures = [[news("c1", "C", "Troops.")], [news("d1", "D", "Troops.")]]
    with pytest.raises(OSError):                          # retried once, not twice
        mclient.get("/api/search?q=troops")
    assert all(s.closed for s in memory.opened)


def test_without_an_index_the_backend_says_how_to_build_it():
    client = create_app({"TESTING": True, "BACKEND": MemoryBackend()}).test_client()
    response = client.get("/")
    assert response.status_code == 503
    assert BeautifulSoup(response.get_data(as_text=True), "lxml").select_one("main pre").get_text() == \
        "load the articles"
    assert client.get("/api/doc/a1").get_json()["error"]["index_dir"] == "memory:"


def test_status_command_asks_the_backend(memory):
    result = create_app({"TESTING": True, "BACKEND": memory}).test_cli_runner().invoke(args=["status"])
    assert result.exit_code == 0
    assert result.output == "index folder: memory:\ngeneration: memory/1\narticles: 2\n"


def test_views_know_no_search_engine():
    code = ("import sys, webapp.views, webapp.errors, webapp.cli; "
            "print(sorted(m for m in sys.modules if m in ('webapp.index', 'webapp.search', 'webapp.matching', "
            "'webapp.query', 'webapp.whoosh_backend', 'whoosh.searching', 'whoosh.index')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
