"""Browser tests of the facets at scale: a sidebar that fits the screen with 300 speakers, a date range
chosen by dragging across the histogram, the list page's filter box narrowing as you type.
Screenshots go to ``test-artifacts/facets-*.png``."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from helpers import ROOT, serve_in_thread, write_index

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
SPEAKERS = 300
DOCS = 600


@pytest.fixture(scope="module")
def crowd_server(tmp_path_factory):
    """600 stories over 300 days: 300 speakers, 40 outlets, every tenth without an outlet, every
    seventh undated."""
    from indexer.article import Article, Passage
    from webapp import create_app

    start = dt.date(2024, 1, 1)
    articles = [Article(id=f"s{i:03d}", path=f"s{i:03d}.txt", title=f"Story {i}", author=None, url=None,
                        date=None if i % 7 == 0 else (start + dt.timedelta(days=i // 2)).isoformat(),
                        outlet=None if i % 10 == 0 else f"Outlet {i % 40:02d}",
                        speakers=[f"Speaker {i % SPEAKERS:03d}", f"Speaker {(i * 7) % SPEAKERS:03d}"],
                        passages=[Passage(1, f"The market story number {i}.", [])])
                for i in range(DOCS)]
    index = tmp_path_factory.mktemp("crowd") / "index"
    write_index(index, articles)
    with serve_in_thread(create_app({"INDEX_DIR": str(index)})) as url:
        yield url


@pytest.fixture
def wide_page(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def count_of(page) -> int:
    text = page.locator("#result-count strong").inner_text()
    return int(text.replace(",", ""))


def test_the_sidebar_fits_the_screen_with_300_speakers(crowd_server, wide_page):
    page = wide_page
    page.goto(crowd_server + "/?q=market")
    expect(page.locator("#facet-speaker a.all-values")).to_have_text("All 300 speakers…")
    expect(page.locator("#facet-outlet li")).to_have_count(8)
    height = page.locator("aside.facets").bounding_box()["height"]
    page.screenshot(path=str(ARTIFACTS / "facets-sidebar-1280.png"))
    assert height < 800, f"the sidebar is {height} px high"


def test_dragging_across_the_histogram_filters_to_that_range(crowd_server, wide_page):
    page = wide_page
    page.goto(crowd_server + "/?q=market")
    bars = page.locator("#histogram > li")
    total = count_of(page)
    first, last = 2, 6
    expected = sum(int(bars.nth(i).locator(".bar").get_attribute("title").rsplit(": ", 1)[1])
                   for i in range(first, last + 1))
    assert 0 < expected < total
    start, end = bars.nth(first).bounding_box(), bars.nth(last).bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] - 3)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 5, steps=8)
    expect(page.locator("#histogram > li.dragging")).to_have_count(last - first + 1)
    page.mouse.up()
    page.wait_for_url(re.compile(r"from=.*&to="))
    query = parse_qs(urlsplit(page.url).query)
    assert query["from"] == [bars.nth(first).get_attribute("data-from")]
    assert query["to"] == [bars.nth(last).get_attribute("data-to")]
    expect(page.locator("#result-count strong")).to_have_text(f"{expected:,}")
    expect(page.locator("ul.chips .chip-label")).to_have_text(f"{query['from'][0]} to {query['to'][0]}")
    page.screenshot(path=str(ARTIFACTS / "facets-dragged-1280.png"))


def test_the_list_page_filter_box_narrows_as_you_type(crowd_server, wide_page):
    page = wide_page
    quoted = {f"Speaker {k:03d}" for i in range(0, DOCS, 10) for k in (i % SPEAKERS, (i * 7) % SPEAKERS)}
    wanted = sorted(n for n in quoted if "speaker 02" in n.lower())
    assert 0 < len(wanted) < len(quoted)
    page.goto(crowd_server + "/facets/speaker?q=market&outlet=~none")   # the stories without an outlet
    items = page.locator("#facet-values li:visible")
    expect(items).to_have_count(len(quoted))
    page.locator("#facet-contains").press_sequentially("SPEAKER 02")
    expect(items).to_have_count(len(wanted))
    assert sorted(items.locator(".label").all_inner_texts()) == wanted
    page.locator("#facet-contains").press("Enter")                    # the same filter, on the server
    page.wait_for_url(re.compile(r"contains=SPEAKER"))
    assert parse_qs(urlsplit(page.url).query)["outlet"] == ["~none"]
    expect(page.locator("#facet-values li")).to_have_count(len(wanted))
    page.screenshot(path=str(ARTIFACTS / "facets-list-1280.png"))
