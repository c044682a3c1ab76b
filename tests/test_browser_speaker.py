"""Chromium on the speaker page, at a phone's width and a wide screen's: it fits, and its links work.

From the search page's speaker facet (the ❝ beside a name) to the speaker's
page; from a quote to its passage in the article, where the quote is
marked; to a co-quoted speaker's page; the timeline order and a date bar.
Screenshots go to ``test-artifacts/speaker-*.png``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpers import ROOT

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"


def fits(page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal scroll: {width}"


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 860)])
def test_speaker_page_fits_and_its_links_work(seed_server, chromium, width, height):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(seed_server + "/?q=troops")
        summary = page.locator("#filters > summary")
        if summary.is_visible():
            summary.click()
        page.locator("#facet-speaker li", has_text="Lloyd Austin").locator("a.speaker-page").click()
        expect(page.locator("h1")).to_have_text("Lloyd Austin")
        assert page.url.endswith("/speaker/Lloyd%20Austin")
        fits(page)
        quotes = page.locator("li.quote-item")
        assert quotes.count() >= 5
        page.screenshot(path=str(ARTIFACTS / f"speaker-{width}.png"), full_page=True)

        first = quotes.first.locator("a.quote-link")
        said = first.inner_text().strip("“”").split(" … ")[0]
        first.click()
        expect(page.locator("section.passage:target")).to_have_count(1)
        marks = page.locator("section.passage:target mark")
        assert marks.count() >= 1 and said.startswith(marks.first.inner_text())
        fits(page)
        page.go_back()

        page.locator("nav.sort a", has_text="Timeline").click()
        dates = [d for d in page.locator(".quote-meta time").evaluate_all("ts => ts.map(t => t.dateTime)")]
        assert dates == sorted(dates) and "sort=oldest" in page.url
        fits(page)

        if page.locator("#filters > summary").is_visible() and page.locator("#filters").get_attribute("open") is None:
            page.locator("#filters > summary").click()
        other = page.locator("#co-speakers a.co-speaker").first
        name = other.inner_text()
        other.click()
        expect(page.locator("h1")).to_have_text(name)
        fits(page)
        page.screenshot(path=str(ARTIFACTS / f"speaker-{width}-other.png"), full_page=True)
    finally:
        context.close()


def test_an_unknown_speaker_offers_the_close_names(seed_server, chromium):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    try:
        response = page.goto(seed_server + "/speaker/Pat%20Rider")
        assert response.status == 404
        page.locator("#speaker-suggestions a", has_text="Pat Ryder").click()
        expect(page.locator("h1")).to_have_text("Pat Ryder")
        fits(page)
    finally:
        page.close()
