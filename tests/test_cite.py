"""Citations, /cite/<id>: plain text, CSL-JSON and RIS, parsed back; the "Cite" links of the article page."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from webapp.cite import QUOTE_LIMIT, quote_of, split_authors

PASSAGES = [
    "North Korean troops entered the Kursk region on Monday. Officials confirmed it later.",
    "Maj. Gen. Pat Ryder said the U.S. Army was watching closely. He gave no figures.",
    "No full stop here and then " + "many words " * 40,
]
HOST = "http://localhost"


@pytest.fixture
def cclient(make_app, make_index, news):
    full = news("a1", "Troops enter Kursk", *PASSAGES, date="2024-11-04", outlet="Reuters",
                author="Jane Roe, John van Doe and Cher", url="https://example.org/news/a1")
    bare = news("b2", "An undated note", "Just one line, with\nno metadata at all.")
    return make_app(make_index([full, bare])).test_client()


def get(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:300])
    return response


def passage_link(client, doc_id: str, n: int) -> str:
    """The article page's own link to passage ``n``, made absolute (the citation must carry it)."""
    soup = BeautifulSoup(get(client, f"/doc/{doc_id}").get_data(as_text=True), "lxml")
    return urljoin(HOST + "/", soup.select_one(f"#p-{n} a.plink")["href"])


def ris_fields(text: str) -> list[tuple[str, str]]:
    lines = text.split("\r\n")
    assert lines[-1] == "" and lines[-2] == "ER  - ", lines[-3:]
    fields = []
    for line in lines[:-1]:
        assert line[2:6] == "  - ", line
        fields.append((line[:2], line[6:]))
    return fields


def test_plain_text_citation_of_a_passage(cclient):
    response = get(cclient, "/cite/a1?p=2")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response.headers
    text = response.get_data(as_text=True)
    for part in ("Jane Roe", "“Troops enter Kursk”", "Reuters", "2024-11-04", "¶2", "https://example.org/news/a1",
                 "“Maj. Gen. Pat Ryder said the U.S. Army was watching closely.”",
                 "Clippings: " + passage_link(cclient, "a1", 2)):
        assert part in text, (part, text)
    assert "He gave no figures" not in text
    assert get(cclient, "/cite/a1?p=2&format=text").get_data() == response.get_data()


def test_csl_json_of_a_passage(cclient):
    response = get(cclient, "/cite/a1?p=1&format=csl")
    assert response.mimetype == "application/vnd.citationstyles.csl+json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="a1-p1.json"'
    [item] = json.loads(response.get_data(as_text=True))
    assert item["type"] == "article-newspaper"
    assert item["title"] == "Troops enter Kursk" and item["container-title"] == "Reuters"
    assert item["issued"] == {"date-parts": [[2024, 11, 4]]}
    assert item["URL"] == "https://example.org/news/a1"
    assert item["author"] == [{"family": "Roe", "given": "Jane"}, {"family": "Doe", "given": "John van"},
                              {"literal": "Cher"}]
    assert "¶1" in item["note"] and "North Korean troops entered the Kursk region on Monday." in item["note"]
    assert passage_link(cclient, "a1", 1) in item["note"]


def test_ris_of_a_passage(cclient):
    response = get(cclient, "/cite/a1?p=1&format=ris")
    assert response.mimetype == "application/x-research-info-systems"
    assert response.headers["Content-Disposition"] == 'attachment; filename="a1-p1.ris"'
    fields = ris_fields(response.get_data(as_text=True))
    assert fields[0] == ("TY", "NEWS")
    tags = dict(fields)
    assert tags["TI"] == "Troops enter Kursk" and tags["T2"] == "Reuters"
    assert tags["PY"] == "2024" and tags["DA"] == "2024/11/04" and tags["UR"] == "https://example.org/news/a1"
    assert [v for t, v in fields if t == "AU"] == ["Roe, Jane", "Doe, John van", "Cher"]
    assert "¶1" in tags["N1"] and passage_link(cclient, "a1", 1) in tags["N1"]


def test_whole_article_citation(cclient):
    text = get(cclient, "/cite/a1").get_data(as_text=True)
    assert "¶" not in text and "Clippings: http://localhost/doc/a1\n" in text
    [item] = json.loads(get(cclient, "/cite/a1?format=csl").get_data(as_text=True))
    assert item["id"] == "a1" and item["note"] == "Clippings: http://localhost/doc/a1"
    assert get(cclient, "/cite/a1?format=ris").headers["Content-Disposition"] == 'attachment; filename="a1.ris"'


def test_article_without_date_outlet_or_author(cclient):
    text = get(cclient, "/cite/b2?p=1").get_data(as_text=True)
    assert text.splitlines()[0] == "“An undated note”, n.d., ¶1."
    assert "“Just one line, with no metadata at all.”" in text
    assert "Clippings: " + passage_link(cclient, "b2", 1) in text
    [item] = json.loads(get(cclient, "/cite/b2?p=1&format=csl").get_data(as_text=True))
    assert not {"author", "issued", "container-title", "URL"} & item.keys()
    assert item["title"] == "An undated note" and item["type"] == "article-newspaper"
    tags = dict(ris_fields(get(cclient, "/cite/b2?p=1&format=ris").get_data(as_text=True)))
    assert set(tags) == {"TY", "TI", "N1", "ER"}


def test_long_passage_is_trimmed_at_a_word(cclient):
    text = get(cclient, "/cite/a1?p=3").get_data(as_text=True)
    quoted = text.splitlines()[1]
    assert quoted.startswith("“No full stop here") and quoted.endswith("…”")
    assert len(quoted) <= QUOTE_LIMIT + 3 and "many words many" in quoted


@pytest.mark.parametrize("url, status", [
    ("/cite/nope", 404), ("/cite/a.1", 404), ("/cite/nope?format=ris", 404),
    ("/cite/a1?p=4", 400), ("/cite/a1?p=0", 400), ("/cite/a1?p=x", 400), ("/cite/a1?p=1&p=2", 400),
    ("/cite/a1?format=bibtex", 400),
])
def test_bad_requests(cclient, url, status):
    get(cclient, url, status)


def test_article_page_offers_cite_links(cclient):
    soup = BeautifulSoup(get(cclient, "/doc/a1").get_data(as_text=True), "lxml")
    head = soup.select_one(".article-head a.cite")
    assert urlsplit(head["href"]).path == "/cite/a1" and parse_qs(urlsplit(head["href"]).query) == {"format": ["text"]}
    for n in (1, 2, 3):
        tools = soup.select_one(f"#p-{n} .passage-tools .cite-tools")
        links = {a["class"][0]: a["href"] for a in tools.select("a")}
        assert {k: parse_qs(urlsplit(v).query) for k, v in links.items()} == {
            "cite": {"p": [str(n)], "format": ["text"]},
            "cite-csl": {"p": [str(n)], "format": ["csl"]},
            "cite-ris": {"p": [str(n)], "format": ["ris"]},
        }
        get(cclient, links["cite-ris"])
    line = soup.select_one("#source-line").get_text()
    assert "Reuters" in line and "2024-11-04" in line and "https://example.org/news/a1" in line


def test_quote_and_author_rules():
    assert quote_of("Dr. No met St. John in Jan. 2020. Then left.") == "Dr. No met St. John in Jan. 2020."
    assert quote_of('"We will," he said. "Soon."') == '"We will," he said.'
    assert quote_of("  spaced\n\tout  ") == "spaced out"
    assert split_authors("Ann Poe & Bob Li; Cy") == ("Ann Poe", "Bob Li", "Cy")
    assert split_authors(None) == ()
