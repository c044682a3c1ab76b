"""Hostile input to the web app: no 500s, no traversal, no injected markup, headers everywhere.

* hypothesis generates query strings and values of every parameter (``q``,
  ``outlet``, ``speaker``, ``from``, ``to``, ``sort``, ``page``,
  ``per_page``, ``facet_size``, and the article page's ``p``, ``fp``,
  ``moved``, ``gone``) and ids; no response of ``/``, ``/api/search``,
  ``/facets/...``, ``/doc/<id>`` or ``/api/doc/<id>`` is a 500;
* ids with ``..``, slashes, encoded traversal or NUL bytes are 404s;
  over-long values are 400s;
* the security headers are on every response, errors included;
* script and markup in article text, titles, outlets, speaker names,
  authors, source URLs and queries come back as text: no element, event
  attribute or ``javascript:`` link of theirs in any page; and in real
  Chromium (marked ``browser``) no script runs and no dialog opens, even
  with the page's Content-Security-Policy switched off.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect

from helpers import serve_in_thread, write_index
from indexer.article import Article, Passage

# -- the hostile index ----------------------------------------------------------------------

PAYLOADS = [
    '<script data-pwned>window.__pwned="script"</script>',
    '<img src=x data-pwned onerror="window.__pwned=\'img\'">',
    '"><svg data-pwned onload="window.__pwned=\'svg\'">',
    "'><iframe data-pwned src=\"javascript:window.__pwned='iframe'\"></iframe>",
    '</title></textarea></mark><script data-pwned>window.__pwned="close"</script>',
    '<a data-pwned href="javascript:window.__pwned=\'a\'">click me</a>',
    '<style data-pwned>body { display: none }</style>',
    '&lt;b data-pwned&gt; &amp;lt; &#x3C;i data-pwned&#x3E;',
    "{{ 7*7 }} ${7*7} <%= 7*7 %> {% raw %}",
]
EVIL_OUTLET = '<b data-pwned onmouseover="window.__pwned=\'outlet\'">Evil Outlet</b>'
EVIL_SPEAKER = '<i data-pwned>Evil</i> "Speaker\' <script data-pwned>window.__pwned=1</script>'
EVIL_AUTHOR = '<u data-pwned onclick="window.__pwned=\'author\'">Author</u>'


def hostile_outlet(k: int) -> str:
    return EVIL_OUTLET if k % 2 else f"Outlet {PAYLOADS[k]}"


def hostile_articles() -> list[Article]:
    articles = []
    for k, payload in enumerate(PAYLOADS):
        articles.append(Article(
            id=f"hostile-{k}", path=f"hostile/{k}.txt", title=f"pwnword title {payload}",
            date=f"2024-11-{k + 1:02d}", outlet=hostile_outlet(k),
            author=EVIL_AUTHOR, url=["javascript:window.__pwned='url'", "JaVaScRiPt:alert(1)",
                                     " javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                     'https://example.com/?x="><script data-pwned>window.__pwned=2</script>'][k % 5],
            speakers=[EVIL_SPEAKER, f"Speaker {payload}"],
            passages=[Passage(1, f"The minister said pwnword {payload} and more.", [EVIL_SPEAKER]),
                      Passage(2, f"{payload} pwnword again, the spokesman added.", [f"Speaker {payload}"])],
        ))
    articles.append(Article(id="plain-1", path="plain.txt", title="Talks went well", date="2024-11-20",
                            outlet="Plain Outlet", speakers=["Jane Doe"],
                            passages=[Passage(1, "The minister said the talks went well.", ["Jane Doe"])]))
    return articles


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("hostile-web") / "index"
    write_index(index_dir, hostile_articles())
    return index_dir


@pytest.fixture(scope="module")
def client(hostile_index):
    from webapp import create_app
    app = create_app({"TESTING": True, "INDEX_DIR": str(hostile_index), "CORPUS_DIR": str(hostile_index)})
    return app.test_client()


# -- what every response must satisfy --------------------------------------------------------

def check_headers(response, where: str) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'none'" in csp and "script-src 'self'" in csp, where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy"), where


def injected(html: str) -> list[str]:
    """Elements or attributes in ``html`` that did not come from the app's templates."""
    soup = BeautifulSoup(html, "lxml")
    found = [f"<{tag.name} data-pwned>" for tag in soup.find_all(attrs={"data-pwned": True})]
    found += [f"inline <script>: {tag}"[:120] for tag in soup.find_all("script") if not tag.get("src")]
    found += [f"<style>: {tag}"[:120] for tag in soup.find_all("style")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=...>")
            if name.lower() in ("href", "src", "action", "formaction", "data") and isinstance(value, str):
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if scheme.startswith(("javascript:", "vbscript:")) or (
                        scheme.startswith("data:") and tag.name in ("a", "iframe", "object", "embed", "form")):
                    found.append(f"<{tag.name} {name}={value[:40]}>")
    return found


def check_response(response, where: str, allowed=(200, 302, 400, 404)) -> None:
    assert response.status_code in allowed, (where, response.status_code, response.get_data(as_text=True)[:300])
    check_headers(response, where)
    if response.mimetype == "text/html":
        assert injected(response.get_data(as_text=True)) == [], where
    elif response.status_code != 302:
        assert response.mimetype == "application/json", (where, response.mimetype)


# -- hypothesis: parameters -----------------------------------------------------------------

NASTY = ["<script>alert(1)</script>", '"', "'", "\\", "(", ")", "[", "]", "{", "}", ":", "*", "?", "~",
         "^", "!", "+", "-", "/", "%", "&", "#", "..", "../", "%2e%2e%2f", "\x00", "\n", "\r\n", "\t",
         "AND", "OR", "NOT", "TO", "speaker:", "outlet:", "date:", "title:", "body:", "date:[2024 TO",
         "date:>2024", "*:*", '"unclosed', "pwnword", "minister", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u202e", "\ufeff", " ",
         "2024-13-45", "-1", "0", "99999999999999", "1e9", "NaN", "relevance", "newest", EVIL_OUTLET,
         EVIL_SPEAKER, "Plain Outlet", "Jane Doe"]
values = st.one_of(
    st.text(max_size=40),
    st.text(min_size=495, max_size=505),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=8), max_size=8).map("".join),
    st.integers(-10**15, 10**15).map(str),
    st.dates().map(lambda d: d.isoformat()),
)
PARAMS = ["q", "outlet", "speaker", "from", "to", "sort", "page", "per_page", "facet_size",
          "p", "fp", "moved", "gone", "x"]
pairs = st.lists(st.tuples(st.sampled_from(PARAMS), values), max_size=8)
SEARCH_URLS = ["/", "/api/search", "/facets/outlet", "/facets/speaker"]
DOC_URLS = ["/doc/hostile-0", "/api/doc/hostile-0", "/doc/hostile-3", "/api/doc/plain-1"]

fuzz = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fuzz
@given(pairs=pairs, url=st.sampled_from(SEARCH_URLS + DOC_URLS))
@example(pairs=[("q", 'speaker:"<script>'), ("outlet", EVIL_OUTLET), ("speaker", EVIL_SPEAKER)], url="/")
@example(pairs=[("q", "date:[2024 TO 2023]"), ("from", "2024-02-30")], url="/api/search")
@example(pairs=[("p", "1"), ("fp", "zz"), ("q", "<b>")], url="/doc/hostile-0")
@example(pairs=[("p", "2"), ("fp", "0123456789")], url="/doc/hostile-0")
@example(pairs=[("page", "1000"), ("per_page", "100")], url="/")
def test_no_parameter_value_makes_a_500(client, pairs, url):
    query = urlencode(pairs)
    response = client.get(f"{url}?{query}")
    check_response(response, f"{url}?{query}")
    if any(name == "q" and len(value) > 500 for name, value in pairs):
        assert response.status_code == 400


@fuzz
@given(raw=st.binary(max_size=300), url=st.sampled_from(SEARCH_URLS + DOC_URLS))
@example(raw=b"q=%ff%fe&outlet=%&speaker=%zz&=&&q", url="/")
@example(raw=b"q=%00", url="/api/search")
@example(raw=b"p=1&p=2&fp=%c0%af", url="/doc/hostile-0")
def test_no_raw_query_string_makes_a_500(client, raw, url):
    encoded = quote(raw, safe="=&%+")          # keep the separators and any %-escapes as given
    response = client.get(f"{url}?{encoded}")
    check_response(response, f"{url}?{encoded}")


@fuzz
@given(method=st.sampled_from(["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE"]),
       url=st.sampled_from(SEARCH_URLS + DOC_URLS + ["/nowhere", "/api/nowhere", "/static/../app.py"]))
def test_other_methods_and_addresses_are_no_500(client, method, url):
    response = client.open(url, method=method)
    check_response(response, f"{method} {url}", allowed=(200, 204, 404, 405))


# -- ids ------------------------------------------------------------------------------------------

TRAVERSAL_IDS = [
    "..", "../..", "...", ".", "..%2f..%2fetc%2fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e%252f", "..%5c..%5cwindows", "..\\..\\windows", "hostile-0%2f..%2f..",
    "hostile-0%00", "%00", "hostile-0%00.txt", "%2fetc%2fpasswd", "~root", "hostile-0%0a",
    "hostile-0%20", "HOSTILE-0", "hostile-0.txt", "hostile/0.txt", "hostile%2f0.txt",
    "....%2f%2f", "%c0%ae%c0%ae%c0%af", "%uff0e%uff0e", "etc/passwd", "..;", "hostile-0;x",
]


@pytest.mark.parametrize("doc_id", TRAVERSAL_IDS)
@pytest.mark.parametrize("prefix", ["/doc/", "/api/doc/"])
def test_traversal_ids_are_404(client, prefix, doc_id):
    response = client.get(prefix + doc_id)
    check_response(response, prefix + doc_id, allowed=(404,))


@pytest.mark.parametrize("path", ["/doc/../../etc/passwd", "/doc/hostile-0/../../x", "/api/doc/a/b",
                                  "/doc//etc/passwd", "/doc/", "/api/doc/"])
def test_ids_with_slashes_are_404(client, path):
    check_response(client.get(path), path, allowed=(404,))


@pytest.mark.parametrize("path", ["/doc/%2F0", "/api/doc//hostile-0", "/doc//hostile-0", "/api/doc/%2fplain-1"])
def test_ids_starting_with_a_slash_are_404_not_redirects(client, path):
    check_response(client.get(path), path, allowed=(404,))


@fuzz
@given(doc_id=st.text(min_size=1, max_size=200).filter(lambda s: "/" not in s))   # slashes: tests above
@example(doc_id="hostile-0\x00")
@example(doc_id="hostile-0\n")
@example(doc_id="x" * 150)
def test_any_id_is_the_article_or_a_404(client, doc_id):
    for prefix in ("/doc/", "/api/doc/"):
        url = prefix + quote(doc_id, safe="")
        response = client.get(url)
        expected = 200 if doc_id in ("plain-1",) or re.fullmatch(r"hostile-\d", doc_id) else 404
        check_response(response, url, allowed=(expected,))


def test_real_ids_are_found(client):
    for doc_id in ("hostile-0", "plain-1"):
        check_response(client.get(f"/doc/{doc_id}"), doc_id, allowed=(200,))
        check_response(client.get(f"/api/doc/{doc_id}"), doc_id, allowed=(200,))


def test_over_long_ids_are_refused(client):
    for prefix in ("/doc/", "/api/doc/"):
        response = client.get(prefix + "a" * 10_000)
        check_response(response, prefix, allowed=(404,))


# -- over-long inputs --------------------------------------------------------------------------

@pytest.mark.parametrize("url", SEARCH_URLS + DOC_URLS)
def test_over_long_values_are_400(client, url):
    for query in ["q=" + "x" * 501, "q=" + "é" * 501, "&".join(["x=" + "y" * 100] * 90)]:
        response = client.get(f"{url}?{query}")
        check_response(response, url, allowed=(400,))
    if url in SEARCH_URLS:
        for name in ("outlet", "speaker", "from", "to", "sort", "page", "per_page"):
            response = client.get(f"{url}?{name}=" + "1" * 201)
            check_response(response, f"{url} {name}", allowed=(400,))
        response = client.get(url + "?" + "&".join(f"outlet=o{i}" for i in range(21)))
        check_response(response, url, allowed=(400,))


# -- markup shown as text -----------------------------------------------------------------------

def page_urls() -> list[str]:
    urls = ["/?q=pwnword", "/?q=pwnword&per_page=100", "/?q=pwnword&sort=newest", "/facets/outlet?q=pwnword",
            "/facets/speaker?q=pwnword", "/?" + urlencode({"outlet": EVIL_OUTLET}),
            "/?" + urlencode({"speaker": EVIL_SPEAKER, "q": "pwnword"}),
            "/?" + urlencode({"q": "<script data-pwned>window.__pwned='q'</script>"}),
            "/?" + urlencode({"q": '"><img data-pwned src=x onerror=alert(1)>'}),
            "/?" + urlencode({"page": "<script data-pwned>alert(1)</script>"}),
            "/?" + urlencode({"from": "<img data-pwned src=x onerror=alert(1)>"}),
            "/doc/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/?q=pwnwrd"]
    for k in range(len(PAYLOADS)):
        urls += [f"/doc/hostile-{k}", f"/doc/hostile-{k}?q=pwnword",
                 f"/doc/hostile-{k}?" + urlencode({"q": "<script>alert(1)</script> pwnword"})]
    return urls


@pytest.mark.parametrize("url", page_urls())
def test_markup_in_the_index_and_the_query_is_shown_as_text(client, url):
    response = client.get(url)
    check_response(response, url)


def test_payloads_appear_as_visible_text(client):
    for k, payload in enumerate(PAYLOADS):
        html = client.get(f"/doc/hostile-{k}").get_data(as_text=True)
        text = BeautifulSoup(html, "lxml").get_text(" ")
        assert payload in text, payload
        assert hostile_outlet(k) in text and EVIL_AUTHOR in text and EVIL_SPEAKER in text, payload
    listing = BeautifulSoup(client.get("/?q=pwnword&per_page=100").get_data(as_text=True), "lxml").get_text(" ")
    assert '<script data-pwned>window.__pwned="script"</script>' in listing
    assert "<i data-pwned>Evil</i>" in listing                      # the speaker facet, as text


def test_json_api_keeps_markup_as_data(client):
    data = client.get("/api/search?q=pwnword&per_page=100").get_json()
    titles = {r["title"] for r in data["results"]}
    assert titles == {f"pwnword title {payload}" for payload in PAYLOADS}
    snippets = [snippet["html"] for result in data["results"] for snippet in result["snippets"]]
    assert len(snippets) >= len(PAYLOADS)
    for html in snippets:                        # snippet HTML: only <mark> is markup
        assert injected(html) == []
        assert set(re.findall(r"</?([a-zA-Z][\w-]*)", html)) <= {"mark"}
    assert all("<mark>" in html for html in snippets)
    doc = client.get("/api/doc/hostile-0").get_json()          # data stays data, byte for byte
    assert doc["title"] == f"pwnword title {PAYLOADS[0]}" and doc["outlet"] == f"Outlet {PAYLOADS[0]}"


# -- in Chromium -------------------------------------------------------------------------------

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""
#: Resolves once the tasks queued so far (onerror/onload handlers, CSP violation events) have run.
SETTLE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))"
#: The control: a payload the app would never send unescaped, served with the app's own headers.
UNESCAPED = "<!doctype html><title>control</title><img src=x onerror=\"window.__pwned='control'\">"


@pytest.fixture(scope="module")
def live_server(hostile_index):
    from webapp import create_app
    with serve_in_thread(create_app({"INDEX_DIR": str(hostile_index), "CORPUS_DIR": str(hostile_index)})) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "csp-off"])
def test_no_script_runs_and_no_dialog_opens_in_chromium(chromium, live_server, bypass_csp):
    """With the CSP off, only escaping stands between the payloads and the browser."""
    context = chromium.new_context(bypass_csp=bypass_csp, java_script_enabled=True)
    context.add_init_script(WATCH)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    urls = page_urls() + ["/api/search?" + urlencode({"q": "<script>alert(1)</script>"}),
                          "/api/doc/hostile-0"]
    try:
        for url in urls:
            response = page.goto(live_server + url, wait_until="load")
            assert response.status in (200, 400, 404), (url, response.status)
            page.evaluate(SETTLE)
            assert page.evaluate("typeof window.__pwned") == "undefined", url
            assert dialogs == [], (url, dialogs)
            if not bypass_csp:
                assert page.evaluate("window.__violations") == [], url
        headers = page.goto(live_server + "/doc/hostile-0").headers
        expect(page.locator("body")).to_contain_text('<script data-pwned>window.__pwned="script"</script>')

        # The watch sees what it watches for: unescaped markup runs (CSP off) or is reported (CSP on).
        page.route(live_server + "/control", lambda route: route.fulfill(
            status=200, headers={**headers, "content-type": "text/html; charset=utf-8"}, body=UNESCAPED))
        page.goto(live_server + "/control")
        if bypass_csp:
            page.wait_for_function("() => window.__pwned === 'control'")
        else:
            page.wait_for_function("() => window.__violations.length > 0")
            assert page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        context.close()


# -- the soak: many more examples -------------------------------------------------------------

soak = settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@soak
@given(pairs=pairs, url=st.sampled_from(SEARCH_URLS + DOC_URLS))
def test_soak_no_parameter_value_makes_a_500(client, pairs, url):
    test_no_parameter_value_makes_a_500.hypothesis.inner_test(client, pairs, url)


@pytest.mark.slow
@soak
@given(raw=st.binary(max_size=600), url=st.sampled_from(SEARCH_URLS + DOC_URLS))
def test_soak_no_raw_query_string_makes_a_500(client, raw, url):
    test_no_raw_query_string_makes_a_500.hypothesis.inner_test(client, raw, url)


@pytest.mark.slow
@soak
@given(doc_id=st.text(min_size=1, max_size=300).filter(lambda s: "/" not in s))
def test_soak_any_id_is_the_article_or_a_404(client, doc_id):
    test_any_id_is_the_article_or_a_404.hypothesis.inner_test(client, doc_id)
