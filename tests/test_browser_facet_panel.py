"""Browser tests of the facet panel: with JavaScript, "All N speakers…" opens the list page's list in
place (a modal dialog) with its filter box and order links; a value is its toggle link; Escape closes it
and focus returns to the link; it fits the viewport at 1280 and 390 px. Without JavaScript the link is
the list page. Screenshots go to ``test-artifacts/facet-panel-*.png``."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from helpers import ROOT
import test_browser_facets as facets

pytestmark = pytest.mark.browser

crowd_server = facets.crowd_server            # the same 300-speaker index, served for this module
SPEAKERS = facets.SPEAKERS

ARTIFACTS = ROOT / "test-artifacts"
WIDE, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


@pytest.fixture
def open_context(chromium):
    """Makes browser contexts (``open_context(viewport, js=True)``) and closes them afterwards."""
    ARTIFACTS.mkdir(exist_ok=True)
    contexts = []

    def make(viewport, js=True):
        contexts.append(chromium.new_context(viewport=viewport, java_script_enabled=js))
        return contexts[-1].new_page()
    yield make
    for context in contexts:
        context.close()


def open_panel(page):
    """Clicks "All … speakers…" and waits for the panel; returns (the link, the panel)."""
    link = page.locator("#facet-speaker a.all-values")
    link.click()
    panel = page.get_by_role("dialog", name=re.compile("Speakers in these results"))
    expect(panel).to_be_visible()
    expect(panel.locator("#facet-values li").first).to_be_visible()
    return link, panel


def labels(panel) -> list[str]:
    return panel.locator("#facet-values li:visible .label").all_inner_texts()


def fits(page, box) -> bool:
    size = page.viewport_size
    return box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] \
        and box["y"] + box["height"] <= size["height"]


def test_the_panel_opens_in_place_narrows_sorts_and_closes(crowd_server, open_context):
    page = open_context(WIDE)
    start = crowd_server + "/?q=market&to=2024-02-15"          # 1 or 2 stories a speaker: counts differ
    page.goto(start)
    listed = int(re.search(r"\d+", page.locator("#facet-speaker a.all-values").inner_text()).group())
    link, panel = open_panel(page)
    assert page.url == start
    expect(panel.locator("#facet-contains")).to_be_focused()
    expect(panel.locator("#facet-values li")).to_have_count(listed)
    assert fits(page, panel.bounding_box()), panel.bounding_box()
    by_count = labels(panel)
    counts = [int(n) for n in panel.locator("#facet-values li .n").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert by_count != sorted(by_count, key=str.lower)

    panel.locator("#facet-contains").press_sequentially("speaker 12")
    wanted = sorted(name for name in by_count if "speaker 12" in name.lower())
    assert 0 < len(wanted) < SPEAKERS
    expect(panel.locator("#facet-values li:visible")).to_have_count(len(wanted))
    assert sorted(labels(panel)) == wanted

    panel.locator("#facet-contains").fill("")
    panel.locator("#facet-contains").press_sequentially("2")
    two = [name for name in by_count if "2" in name]
    assert two != sorted(two, key=str.lower)
    expect(panel.locator("#facet-values li:visible")).to_have_count(len(two))
    panel.get_by_role("link", name="A–Z").click()                # fetched again, the typed text kept
    expect(panel.get_by_role("navigation", name="Order").locator("strong")).to_have_text("A–Z")
    expect(panel.locator("#facet-contains")).to_have_value("2")
    expect(panel.locator("#facet-values li")).to_have_count(len(two))
    assert labels(panel) == sorted(two, key=str.lower)
    assert page.url == start
    page.screenshot(path=str(ARTIFACTS / "facet-panel-1280.png"))

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(link).to_be_focused()

    open_panel(page)                                             # and the close button does the same
    page.get_by_role("button", name="Close").click()
    expect(panel).to_be_hidden()
    expect(link).to_be_focused()


def test_a_value_in_the_panel_filters_the_search_keeping_it(crowd_server, open_context):
    page = open_context(WIDE)
    page.goto(crowd_server + "/?q=market&outlet=~none")          # the stories without an outlet
    _, panel = open_panel(page)
    value = panel.locator("#facet-values li").nth(3)
    name = value.locator(".label").inner_text()
    value.locator("a:not(.speaker-page)").click()      # the value, not its speaker page (❝)
    page.wait_for_url(re.compile(r"speaker="))
    query = parse_qs(urlsplit(page.url).query)
    assert query["speaker"] == [name]
    assert query["q"] == ["market"]
    assert query["outlet"] == ["~none"]
    expect(page.locator("ul.chips .chip-label")).to_have_text(["(no outlet)", name])
    expect(page.locator("form.search input[name=q]")).to_have_value("market")


def test_the_panel_fits_a_phone(crowd_server, open_context):
    page = open_context(PHONE)
    page.goto(crowd_server + "/?q=market")
    page.locator("#filters > summary").click()
    _, panel = open_panel(page)
    expect(panel.locator("#facet-values li")).to_have_count(SPEAKERS)
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    assert fits(page, panel.bounding_box()), panel.bounding_box()
    page.screenshot(path=str(ARTIFACTS / "facet-panel-390.png"))


def test_without_javascript_the_link_is_the_list_page(crowd_server, open_context):
    page = open_context(WIDE, js=False)
    page.goto(crowd_server + "/?q=market")
    page.locator("#facet-speaker a.all-values").click()
    page.wait_for_url(re.compile(r"/facets/speaker\?q=market"))
    expect(page.locator("h1")).to_have_text(f"Speakers in these results ({SPEAKERS})")
