"""Browser tests of copies of one story: the result card "Also in 2 outlets: ..." expands to every
copy (a ``<details>``, so with or without JavaScript), at 1280 and 390 px, without horizontal
scrolling; a copy's link opens it and its page lists the other copies.  Screenshots go to
``test-artifacts/copies-*.png``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpers import ROOT, serve_in_thread, wire_index

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
VIEWPORTS = {"wide": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def wire_server(tmp_path_factory):
    from webapp import create_app
    corpus, index = wire_index(tmp_path_factory.mktemp("wire-browser"))
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})) as url:
        yield url


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_grouped_card_expands_to_every_copy(chromium, wire_server, size, js):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport=VIEWPORTS[size], java_script_enabled=js)
    try:
        page = context.new_page()
        page.goto(f"{wire_server}/?q=kursk")
        expect(page.locator("#result-count")).to_contain_text("5 stories (7 articles; the filters count articles)")
        card = page.locator("li.hit", has=page.locator(".copies"))
        expect(card).to_have_count(1)
        line = card.locator(".copies-line")
        expect(line).to_contain_text("Also in 2 outlets:")
        expect(line.locator("a")).to_have_count(2)
        listed = card.locator("details.copies-all li")
        expect(listed.first).to_be_hidden()
        card.locator("details.copies-all summary").click()
        expect(listed).to_have_count(2)
        for n in range(2):
            expect(listed.nth(n)).to_be_visible()
            expect(listed.nth(n).locator("a")).to_have_attribute("href", re.compile(r"^/doc/[a-z0-9_-]+\?q=kursk"))
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"copies-{size}-{'js' if js else 'nojs'}.png"), full_page=True)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], widths
        outlet = listed.nth(0).locator(".outlet").inner_text()
        listed.nth(0).locator("a").click()
        expect(page.locator("#other-copies li.other-copy")).to_have_count(2)
        expect(page.locator(".article-head .meta .outlet")).to_have_text(outlet)
    finally:
        context.close()


def test_the_switch_shows_every_copy(chromium, wire_server):
    context = chromium.new_context(viewport=VIEWPORTS["wide"])
    try:
        page = context.new_page()
        page.goto(f"{wire_server}/?q=kursk")
        page.locator("#dupes-switch a", has_text="every copy").click()
        expect(page.locator("#result-count")).to_contain_text("7 articles (5 stories; the filters count articles)")
        expect(page.locator("li.hit")).to_have_count(7)
        expect(page.locator(".copy-of")).to_have_count(3)
        assert "dupes=show" in page.url
    finally:
        context.close()
