"""The app as a whole: configuration, headers, errors, no index, index switches under load, serving."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from webapp import backend, create_app
from webapp.params import SearchState

ROOT = Path(__file__).resolve().parent.parent


# -- configuration -----------------------------------------------------------------------------

def test_config_defaults_come_from_the_indexer(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLIPPINGS_INDEX", raising=False)
    monkeypatch.delenv("CLIPPINGS_CORPUS", raising=False)
    app = create_app({"TESTING": True})            # whatever the working directory: the project's folders
    assert app.config["INDEX_DIR"] == str(ROOT / "instance" / "index")
    assert app.config["CORPUS_DIR"] == str(ROOT / "corpus")
    monkeypatch.setenv("CLIPPINGS_INDEX", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("CLIPPINGS_CORPUS", str(tmp_path / "articles"))
    app = create_app({"TESTING": True})
    assert app.config["INDEX_DIR"] == str(tmp_path / "elsewhere")
    assert app.config["CORPUS_DIR"] == str(tmp_path / "articles")
    assert create_app({"INDEX_DIR": "x"}).config["INDEX_DIR"] == str(tmp_path / "x")
    assert not create_app({"INDEX_DIR": "x"}).testing


def test_instance_config_file_is_read(monkeypatch, tmp_path):
    instance = ROOT / "instance"
    existed = instance.exists()
    instance.mkdir(exist_ok=True)
    config = instance / "config.py"
    if config.exists():
        pytest.skip("a real instance/config.py is present")
    try:
        config.write_text(f"PER_PAGE = 3\nINDEX_DIR = {str(tmp_path)!r}\n")
        app = create_app()
        assert app.config["PER_PAGE"] == 3 and app.config["INDEX_DIR"] == str(tmp_path)
    finally:
        config.unlink()
        if not existed:
            instance.rmdir()


# -- headers and errors -------------------------------------------------------------------------

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def check_headers(response):
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("url, status", [
    ("/", 200), ("/?q=troops", 200), ("/api/search?q=troops", 200), ("/doc/nothing-12345678", 404),
    ("/api/doc/nothing-12345678", 404), ("/?page=abc", 400), ("/api/search?page=abc", 400),
    ("/static/style.css", 200), ("/static/app.js", 200), ("/nowhere", 404), ("/api/nowhere", 404),
    ("/facets/speaker?q=troops", 200),
])
def test_security_headers_on_every_response(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    check_headers(response)


def test_pages_hold_no_inline_script_or_style(client):
    doc_id = client.get("/api/search?q=ryder").get_json()["results"][0]["id"]
    for url in ["/", "/?q=troops", f"/doc/{doc_id}?q=troops", "/doc/nothing-12345678", "/?page=99"]:
        soup = BeautifulSoup(client.get(url).get_data(as_text=True), "lxml")
        assert all(script.get("src") for script in soup.select("script")), url
        assert not soup.select("style") and not soup.select("[style]"), url
        assert not [tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)], url


def test_errors_come_back_as_json_under_api(client):
    response = client.get("/api/search?q=" + "x" * 501)
    assert response.status_code == 400 and response.is_json
    assert response.get_json() == {"error": {"status": 400, "title": "Bad request",
                                             "message": "'q' is too long (501 characters; the limit is 500)"}}
    post = client.post("/api/search")
    assert post.status_code == 405 and post.get_json()["error"]["status"] == 405
    check_headers(post)
    html = client.post("/")
    assert html.status_code == 405 and "text/html" in html.content_type


def test_overlong_addresses_are_400(client):
    response = client.get("/?" + "&".join(f"x{i}=" + "y" * 50 for i in range(200)))
    assert response.status_code == 400
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    assert "too long" in soup.select_one(".error-message").get_text()
    assert client.get("/?q=" + "x" * 501).status_code == 400
    assert client.get("/?outlet=" + "x" * 201).status_code == 400


class Broken(backend.Backend):
    """A backend whose searches always fail."""

    location = build_command = "nowhere"

    def open(self):
        return BrokenSession()


class BrokenSession(backend.Session):
    generation = "broken"

    def search(self, state, root=""):
        raise RuntimeError("boom")

    facet_values = article = stats = search


def test_unexpected_errors_are_a_500_page_with_headers():
    app = create_app({"TESTING": True, "BACKEND": Broken()})
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    response = client.get("/?q=x")
    assert response.status_code == 500
    assert "went wrong" in response.get_data(as_text=True) and "boom" not in response.get_data(as_text=True)
    check_headers(response)
    api = client.get("/api/search?q=x")
    assert api.status_code == 500 and api.get_json()["error"]["status"] == 500


# -- no index yet ---------------------------------------------------------------------------------

def test_without_an_index_the_page_says_how_to_build_one(make_app, tmp_path, seed_corpus):
    index_dir = tmp_path / "empty-index"
    client = make_app(index_dir, CORPUS_DIR=str(seed_corpus)).test_client()
    response = client.get("/?q=troops")
    assert response.status_code == 503
    check_headers(response)
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    text = soup.select_one("main").get_text(" ", strip=True)
    assert "make run" in text and str(index_dir) in text
    command = f"clippings update --corpus {seed_corpus} --index {index_dir}"
    assert soup.select_one("main pre").get_text() == command
    api = client.get("/api/search")
    assert api.status_code == 503
    error = api.get_json()["error"]
    assert error["command"] == command and error["index_dir"] == str(index_dir) and command in error["message"]
    assert client.get("/doc/anything-12345678").status_code == 503
    # Once an index exists, the same running app serves it.
    from indexer.sync.update import run
    run(seed_corpus, index_dir)
    assert client.get("/?q=troops").status_code == 200
    assert client.get("/api/search").get_json()["total"] == 5


def test_cli_status(runner, make_app, tmp_path):
    result = runner.invoke(args=["status"])
    assert result.exit_code == 0, result.output
    assert "generation: gen-" in result.output and "articles: 5" in result.output
    empty = make_app(tmp_path / "none", CORPUS_DIR=str(tmp_path / "c")).test_cli_runner().invoke(args=["status"])
    assert empty.exit_code == 1
    assert f"run 'clippings update --corpus {tmp_path / 'c'} --index {tmp_path / 'none'}'" in empty.output


# -- the index changing underneath -----------------------------------------------------------------

def test_a_rebuilt_index_is_served_without_restart(make_app, make_index, news):
    index_dir = make_index([news("old", "Old story", "The old troops story.")])
    client = make_app(index_dir).test_client()
    first = client.get("/api/search?q=troops").get_json()
    assert [r["id"] for r in first["results"]] == ["old"]
    make_index([news("new", "New story", "The new troops story."), news("n2", "Another", "More troops.")])
    second = client.get("/api/search?q=troops").get_json()
    assert {r["id"] for r in second["results"]} == {"new", "n2"}
    assert second["generation"] != first["generation"]
    assert client.get("/doc/old").status_code == 404
    assert client.get("/doc/new").status_code == 200


def test_updates_and_rebuilds_by_the_indexer_are_served(make_app, make_corpus, index_dir):
    from indexer.sync.update import run
    story = "title {t}\ndate 2024-11-0{d}\noutlet Reuters\n\nThe {w} story, told in full.\n"
    corpus = make_corpus({"one.txt": story.format(t="One", d=1, w="troops")})
    run(corpus, index_dir)
    client = make_app(index_dir).test_client()
    assert client.get("/api/search?q=troops").get_json()["total"] == 1
    (corpus / "two.txt").write_text(story.format(t="Two", d=2, w="troops"), encoding="utf-8")
    report = run(corpus, index_dir)                       # an update commits into the same generation
    assert report.added == ["two.txt"] and not report.rebuilt
    data = client.get("/api/search?q=troops").get_json()
    assert data["total"] == 2 and {r["title"] for r in data["results"]} == {"One", "Two"}
    (corpus / "one.txt").unlink()
    run(corpus, index_dir, full=True)                     # a rebuild switches generations
    data = client.get("/api/search?q=troops").get_json()
    assert [r["title"] for r in data["results"]] == ["Two"]
    assert data["facets"]["date"] == [{"from": "2024-11-02", "to": "2024-11-02", "label": "2024-11-02",
                                       "count": 1, "selected": False}]


def test_a_request_in_flight_survives_two_switches(make_app, make_index, news):
    index_dir = make_index([news("g1", "First", "Generation one troops.", outlet="One")])
    app = make_app(index_dir)
    with app.test_request_context("/"):
        session = backend.session()
        make_index([news("g2", "Second", "Generation two troops.", outlet="Two")])
        make_index([news("g3", "Third", "Generation three troops.", outlet="Three")])
        first = min(index_dir.glob("gen-*"))
        assert len(list(index_dir.glob("gen-*"))) == 3      # the first stays while a request reads it
        assert backend.session() is session
        result = session.search(SearchState(q="troops"))
        assert session.article("g1", "troops")["hits"] == 1 and session.article("g3") is None
        assert [r["id"] for r in result["results"]] == ["g1"]
        assert result["facets"]["outlet"][0]["value"] == "One"
    assert app.test_client().get("/api/search?q=troops").get_json()["results"][0]["id"] == "g3"
    make_index([news("g4", "Fourth", "Generation four troops.", outlet="Four")])
    assert not first.exists()                               # released: the next switch removed it


def test_no_response_mixes_generations_under_concurrent_rebuilds(make_app, make_index, news):
    def generation(k: int):
        return [news(f"k{k}-{i}", f"Tag{k} story {i}", f"tag{k} troops report number {i}.", outlet=f"Out{k}",
                     date=f"2024-0{1 + k % 9}-1{i % 10}", speakers=[f"Person {k}"]) for i in range(3 + k % 4)]
    index_dir = make_index(generation(0))
    app = make_app(index_dir)
    errors: list = []
    seen: set[str] = set()
    stop = threading.Event()

    def reader():
        client = app.test_client()
        while not stop.is_set():
            response = client.get("/api/search?q=troops")
            if response.status_code != 200:
                errors.append(response.status_code)
                continue
            data = response.get_json()
            tags = {r["title"].split()[0] for r in data["results"]}
            outlets = {f["value"] for f in data["facets"]["outlet"]}
            k = int(next(iter(tags))[3:]) if tags else -1
            size = 3 + k % 4
            if len(tags) != 1 or outlets != {f"Out{k}"} or data["total"] != size:
                errors.append((tags, outlets, data["total"]))
            seen.add(data["generation"])
            page = client.get(f"/doc/k{k}-0?q=troops")
            if page.status_code not in (200, 404):
                errors.append(("doc", page.status_code))

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for k in range(1, 13):
            make_index(generation(k))
            time.sleep(0.03)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
    assert not errors, errors[:5]
    assert len(seen) >= 3


def test_the_app_never_writes_the_index(client, seed_index):
    def listing():
        return sorted((str(p.relative_to(seed_index)), p.stat().st_size, p.stat().st_mtime_ns)
                      for p in seed_index.rglob("*"))
    before = listing()
    doc_id = client.get("/api/search").get_json()["results"][0]["id"]
    for url in ["/", "/?q=troops", "/?q=tropps", f"/doc/{doc_id}?q=troops", "/api/search?q=kursk&outlet=X",
                "/facets/speaker", "/?q=title:"]:
        assert client.get(url).status_code == 200
    assert listing() == before


# -- serving ----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_flask_cli_finds_the_app(seed_index):
    env = dict(os.environ, CLIPPINGS_INDEX=str(seed_index))
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "routes"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for rule in ("/api/search", "/doc/<doc_id>", "/api/doc/<doc_id>", "/facets/<name>"):
        assert rule in result.stdout


def test_waitress_serves_the_app(seed_index):
    port = free_port()
    env = dict(os.environ, CLIPPINGS_INDEX=str(seed_index))
    server = subprocess.Popen([sys.executable, "-m", "waitress", "--host", "127.0.0.1", "--port", str(port),
                               "--call", "webapp:create_app"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?q=troops", timeout=5) as response:
                    body = response.read().decode()
                    assert response.status == 200
                    assert response.headers["X-Content-Type-Options"] == "nosniff"
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "articles" in body and "<mark>" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
