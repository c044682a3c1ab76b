"""Browser test of languages: the article page's ``lang`` is the article's, the English chrome says it is
English, a German word's inflection is found and marked, and the Language facet filters, at 390 and
1280 px.  Screenshots go to ``test-artifacts/languages-*.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpers import ROOT, index_corpus, serve_in_thread, write_files
from test_languages import CORPUS

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def languages_server(tmp_path_factory):
    from webapp import create_app
    base = tmp_path_factory.mktemp("languages-browser")
    corpus = write_files(base / "corpus", CORPUS)
    index = index_corpus(corpus, base / "index")
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})) as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
def test_the_article_page_is_in_the_article_s_language(chromium, languages_server, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(languages_server + "/?q=Soldaten")
        expect(page.locator("#result-count strong")).to_have_text("1")
        expect(page.locator(".hit h3")).to_have_attribute("lang", "de")
        expect(page.locator(".snippet mark").first).to_have_text("Soldat")
        page.locator(".hit-title").click()
        page.wait_for_url("**/doc/**")
        assert page.evaluate("document.documentElement.lang") == "de"
        assert page.evaluate("document.querySelector('h1').lang") == ""     # the title inherits German
        assert page.evaluate("document.querySelector('header.top').lang") == "en"
        assert page.locator(".passages mark").all_inner_texts() == ["Soldat"]
        page.screenshot(path=str(ARTIFACTS / f"languages-doc-{width}.png"))

        page.goto(languages_server + "/?q=soldiers")
        page.locator(".hit-title").click()
        page.wait_for_url("**/doc/**")
        assert page.evaluate("document.documentElement.lang") == "en"

        page.goto(languages_server + "/")
        if width < 700:
            page.locator("#filters summary").click()
        facet = page.locator("#facet-lang")
        expect(facet.locator("h2")).to_have_text("Language")
        expect(facet.locator(".label")).to_have_text(["English", "French (français)", "German (Deutsch)"])
        facet.get_by_text("French (français)").click()
        expect(page.locator("#result-count strong")).to_have_text("1")
        expect(page.locator(".chip-label")).to_have_text("French (français)")
        assert page.url.endswith("/?lang=fr")
        page.screenshot(path=str(ARTIFACTS / f"languages-facet-{width}.png"))
    finally:
        context.close()
