"""Browser tests of the print stylesheet and of "Cite" (copy to the clipboard), in Chromium.

Print media is emulated: the search bar, the hit bar, buttons and the passage
tools are not displayed; a highlight is marked by more than its background;
the source line (outlet, date, URL, ¶) is shown; ``page.pdf()`` prints.
The PDF goes to ``test-artifacts/print-article.pdf``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpers import ROOT, serve_in_thread, write_index

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
URL = "https://example.org/news/kursk"
PAGE = "/doc/k1?q=troops&p=2"

#: In the page: how an element is drawn (display, and a <mark>'s markers besides its background).
STYLE_JS = """(el) => { const s = getComputedStyle(el); return {display: s.display,
  decoration: s.textDecorationLine, weight: Number(s.fontWeight), adjust: s.printColorAdjust || s.webkitPrintColorAdjust}; }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from indexer.article import Article, Passage
    from webapp import create_app

    texts = ["North Korean troops entered the Kursk region on Monday.",
             "The troops are expected to join combat soon, an official said. Nothing more was said.",
             "Officials did not say how many soldiers had crossed the border."]
    article = Article(id="k1", path="k1.txt", title="Troops in Kursk", date="2024-11-04", outlet="Reuters",
                      author="Jane Roe", url=URL, speakers=[],
                      passages=[Passage(n, t, []) for n, t in enumerate(texts, start=1)])
    index = tmp_path_factory.mktemp("print") / "index"
    write_index(index, [article])
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "WARM": False})) as url:
        yield url


@pytest.fixture
def tab(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    yield page
    context.close()


def style(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(STYLE_JS)


def test_print_hides_bars_and_buttons_and_keeps_highlights_and_source(tab, server):
    tab.goto(server + PAGE)
    assert style(tab, ".top")["display"] != "none" and style(tab, "#hitbar")["display"] != "none"
    assert style(tab, "#source-line")["display"] == "none"
    assert style(tab, "mark")["decoration"] == "none"            # on screen the colour is enough

    tab.emulate_media(media="print")
    for selector in (".top", "form.search", "#hitbar", "button", ".passage-tools", ".article-cite", ".back"):
        assert tab.locator(selector).count(), selector
        for element in tab.locator(selector).all():
            expect(element).to_be_hidden()
    marks = tab.locator(".passages mark")
    assert marks.count() >= 2
    for mark in marks.all():
        drawn = mark.evaluate(STYLE_JS)
        assert "underline" in drawn["decoration"] and drawn["weight"] >= 600, drawn
        assert drawn["adjust"] == "exact", drawn
    line = tab.locator("#source-line")
    expect(line).to_be_visible()
    for part in ("Reuters", "2024-11-04", URL, "¶2", "Jane Roe"):
        expect(line).to_contain_text(part)
    # Each passage prints its ¶ number from a counter of the passages, which are numbered in order.
    numbers = tab.locator(".passage .text").evaluate_all(
        "els => els.map(el => getComputedStyle(el, '::before').content)")
    assert len(numbers) == 3 and all("¶" in n and "counter(passage)" in n for n in numbers), numbers
    assert tab.locator(".passage").evaluate_all("els => els.map(el => el.id)") == ["p-1", "p-2", "p-3"]

    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF-") and len(pdf) > 2000
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "print-article.pdf").write_bytes(pdf)


def test_cite_copies_the_citation_and_offers_downloads(tab, server):
    tab.goto(server + PAGE)
    tools = tab.locator("#p-2 .cite-tools")
    expect(tools.locator(".cite-more")).to_be_hidden()
    tools.locator("a.cite").click()
    expect(tools.locator(".cite-status")).to_have_text("Copied")
    expect(tools.locator(".cite-status")).to_be_visible()
    expect(tools.locator(".cite-more a")).to_have_count(2)
    for link in tools.locator(".cite-more a").all():
        expect(link).to_be_visible()
    assert tab.url == server + PAGE                                # the page stayed
    copied = tab.evaluate("navigator.clipboard.readText()")
    assert "“The troops are expected to join combat soon, an official said.”" in copied
    assert "¶2" in copied and "Reuters" in copied and f"Clippings: {server}/doc/k1?" in copied

    tab.locator(".article-cite a.cite").click()
    expect(tab.locator(".article-cite .cite-status")).to_have_text("Copied")
    assert "¶" not in tab.evaluate("navigator.clipboard.readText()")


def test_without_javascript_cite_opens_the_text(chromium, server):
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + PAGE)
        page.locator("#p-1 a.cite").click()
        assert page.url.startswith(server + "/cite/k1?")
        assert "North Korean troops entered the Kursk region on Monday." in page.locator("body").inner_text()
    finally:
        context.close()
