"""CSV and JSON downloads of a search (/export.csv, /export.json): all matches, filters, escaping, the cap."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from webapp import exports, whoosh_backend
from webapp.backend import Session
from webapp.params import SearchState

TRICKY_TITLE = '=HYPERLINK("http://evil.example"), click\nhere'


@pytest.fixture
def articles(news):
    items = [
        news("a1", TRICKY_TITLE, "Troops crossed the river, officials said.", "More troops followed.",
             date="2024-11-04", outlet="Reuters", author="@handle", speakers=["Pat Ryder"],
             spoken={2: ["Pat Ryder"]}, url="https://example.org/a1"),
        news("a2", "Troops and tanks", "Troops and tanks moved north.", date="2024-10-01", outlet="+Plus News",
             speakers=["Jane Doe", "Kim Yong-hyun"]),
        news("a3", "Grain deal", "The grain deal collapsed.", date="2024-12-03", outlet="Reuters"),
        news("a4", "Undated troops", "Troops were seen somewhere.", outlet="Reuters"),
    ]
    items += [news(f"r{i:02d}", f"Troop report {i}", f"Troops report number {i}, in brief.",
                   date=f"2024-0{1 + i % 9}-{10 + i:02d}", outlet="Reuters" if i % 2 else "Wire")
              for i in range(1, 16)]
    return items


@pytest.fixture
def eclient(make_app, make_index, articles):
    return make_app(make_index(articles), WARM=False).test_client()


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(body.decode("utf-8")[1:], newline="")))


def api_ids(client, query: str) -> list[str]:
    """Every result id of /api/search for ``query``, over all its pages (3 per page)."""
    ids, page, pages = [], 1, 1
    while page <= pages:
        data = client.get(f"/api/search?{query}&per_page=3&page={page}").get_json()
        ids += [r["id"] for r in data["results"]]
        pages, page = data["pages"], page + 1
    return ids


@pytest.mark.parametrize("query", ["q=troops&outlet=Reuters&sort=newest", "q=troops&outlet=Reuters",
                                   "outlet=Reuters&from=2024-03&to=2024-11", "q=troops&speaker=Pat+Ryder"])
def test_csv_holds_every_match_of_the_filtered_search_in_its_order(eclient, query):
    rows = csv_rows(eclient.get(f"/export.csv?{query}&page=2&per_page=2"))
    assert rows[0] == list(exports.COLUMNS)
    expected = api_ids(eclient, query)
    assert len(expected) >= 1
    assert [row[0] for row in rows[1:]] == expected, "all pages, not the page asked for"


def test_csv_headers_name_the_download(eclient):
    response = eclient.get("/export.csv?q=troops&outlet=Reuters")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="clippings-troops.csv"'
    assert response.headers["X-Clippings-Truncated"] == "false"
    assert response.headers["X-Clippings-Total"] == str(len(csv_rows(response)) - 1)
    assert eclient.get("/export.json").headers["Content-Disposition"] == 'attachment; filename="clippings-all.json"'


def test_commas_newlines_and_formulas_round_trip_escaped(eclient):
    rows = csv_rows(eclient.get("/export.csv?q=troops"))
    by_id = {row[0]: dict(zip(exports.COLUMNS, row)) for row in rows[1:]}
    a1, a2 = by_id["a1"], by_id["a2"]
    assert a1["title"] == "'" + TRICKY_TITLE, "comma and newline kept, the formula defused"
    assert a1["author"] == "'@handle"
    assert a2["outlet"] == "'+Plus News"
    assert a1["outlet"] == "Reuters" and a1["date"] == "2024-11-04" and a1["url"] == "https://example.org/a1"
    assert a2["speakers"] == "Jane Doe; Kim Yong-hyun"
    assert by_id["a4"]["date"] == ""
    assert all(not cell.startswith(exports.FORMULA_STARTS) for row in rows for cell in row)
    raw = eclient.get("/export.csv?q=troops").get_data()
    assert b"\r\n" in raw and b'"\'=HYPERLINK(""http://evil.example""), click\nhere"' in raw


@pytest.mark.parametrize("text, cell", [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), (None, ""),
                                        (["A", "B"], "A; B")])
def test_safe_cell(text, cell):
    assert exports.safe_cell(text) == cell


def test_snippet_is_plain_text_and_the_passage_link_lands(eclient):
    rows = csv_rows(eclient.get("/export.csv?q=troops&outlet=Reuters"))
    a1 = next(dict(zip(exports.COLUMNS, row)) for row in rows[1:] if row[0] == "a1")
    assert a1["snippet"] in ("Troops crossed the river, officials said.", "More troops followed.")
    link = urlsplit(a1["passage_link"])
    assert link.scheme == "http" and link.netloc == "localhost" and link.path == "/doc/a1"
    assert link.fragment.startswith("p-")
    landed = eclient.get(f"{link.path}?{link.query}")
    assert landed.status_code == 200
    page = BeautifulSoup(landed.get_data(as_text=True), "lxml")
    assert page.select_one(f"section#{link.fragment}") is not None


def test_json_export_has_every_match_and_the_fields(eclient):
    response = eclient.get("/export.json?q=troops&outlet=Reuters&sort=oldest&page=3&per_page=1")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    data = json.loads(response.get_data(as_text=True))
    ids = api_ids(eclient, "q=troops&outlet=Reuters&sort=oldest")
    assert [r["id"] for r in data["results"]] == ids
    assert data["total"] == data["exported"] == len(ids) and data["truncated"] is False
    assert data["query"] == "troops" and data["filters"]["outlet"] == ["Reuters"] and data["sort"] == "oldest"
    first = next(r for r in data["results"] if r["id"] == "a1")
    assert set(first) == set(exports.COLUMNS)
    assert first["title"] == TRICKY_TITLE, "JSON is for programs: no spreadsheet escaping"
    assert first["speakers"] == ["Pat Ryder"]
    assert first["passage_link"].startswith("http://localhost/doc/a1?")


def test_the_cap_truncates_and_says_so(eclient, monkeypatch):
    total = len(api_ids(eclient, "q=troops"))
    monkeypatch.setattr(exports, "MAX_ROWS", 3)
    response = eclient.get("/export.csv?q=troops")
    rows = csv_rows(response)
    assert len(rows) == 1 + 3
    assert [row[0] for row in rows[1:]] == api_ids(eclient, "q=troops")[:3]
    assert response.headers["X-Clippings-Truncated"] == "true"
    assert response.headers["X-Clippings-Total"] == str(total)
    data = eclient.get("/export.json?q=troops").get_json()
    assert len(data["results"]) == data["exported"] == data["limit"] == 3
    assert data["truncated"] is True and data["total"] == total and "first 3 of" in data["message"]
    page = BeautifulSoup(eclient.get("/?q=troops").get_data(as_text=True), "lxml")
    assert "Download the first 3:" in page.select_one("#downloads").get_text()
    small = eclient.get("/export.csv?q=grain")
    assert small.headers["X-Clippings-Truncated"] == "false" and len(csv_rows(small)) == 2


def test_search_page_links_to_its_downloads(eclient):
    page = BeautifulSoup(eclient.get("/?q=troops&outlet=Reuters&page=2&per_page=5").get_data(as_text=True), "lxml")
    links = {a.get_text(): a["href"] for a in page.select("#downloads a")}
    assert links == {"CSV": "/export.csv?q=troops&outlet=Reuters", "JSON": "/export.json?q=troops&outlet=Reuters",
                     "Atom feed": "/feed?q=troops&outlet=Reuters"}
    assert csv_rows(eclient.get(links["CSV"]))[1:], "the link downloads the search"


def test_a_bad_parameter_is_a_400(eclient):
    assert eclient.get("/export.csv?from=2024-13").status_code == 400
    assert eclient.get("/export.json?sort=sideways").status_code == 400


def test_the_session_stays_open_until_the_stream_ends(eclient, monkeypatch):
    events = []
    close = whoosh_backend.WhooshSession.close
    monkeypatch.setattr(whoosh_backend.WhooshSession, "close", lambda self: (events.append("close"), close(self)))
    record = exports.record
    monkeypatch.setattr(exports, "record", lambda result, base: (events.append("row"), record(result, base))[1])
    response = eclient.get("/export.csv?q=grain", buffered=False)
    assert "close" not in events
    body = b"".join(response.response)
    response.close()
    assert events == ["row", "close"]
    assert b"a3" in body


class ListSession(Session):
    """A session over a list of ids: only ``search`` (pages of them), to test the default export."""

    def __init__(self, count: int):
        self.ids = [f"d{i}" for i in range(count)]
        self.searches = 0

    def search(self, state, root="", facet_size=None):
        assert facet_size == 0                  # an export shows no facets: an engine may count none
        self.searches += 1
        start = (state.page - 1) * state.per_page
        return {"total": len(self.ids), "page": state.page, "pages": -(-len(self.ids) // state.per_page),
                "sort": "newest", "results": [{"id": i} for i in self.ids[start:start + state.per_page]]}

    facet_values = article = stats = None


@pytest.mark.parametrize("count, limit, rows, searches", [(250, 10_000, 250, 3), (250, 120, 120, 2),
                                                          (0, 10, 0, 1), (100, 100, 100, 1)])
def test_the_default_export_pages_through_search(count, limit, rows, searches):
    session = ListSession(count)
    found = session.export(SearchState(q="x", page=4), limit)
    assert found.total == count and found.sort == "newest"
    assert [r["id"] for r in found.rows] == session.ids[:rows]
    assert session.searches == searches


def test_export_routes_know_no_search_engine():
    code = ("import sys, webapp.export_views, webapp.exports, webapp.feeds; "
            "print(sorted(m for m in sys.modules if m in ('webapp.index', 'webapp.search', 'webapp.matching', "
            "'webapp.query', 'webapp.whoosh_backend', 'whoosh.searching', 'whoosh.index')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
