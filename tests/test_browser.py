"""Browser tests: Debian's Chromium driven by Playwright through the real pages.

Scenario: search, click a facet, open a snippet link, land on the
highlighted passage, step to the next hit (button and key n), go back.
Every wait is Playwright's own (``expect`` assertions, ``wait_for_url``),
never a fixed sleep.  Screenshots go to ``test-artifacts/``.  These tests never
skip: without /usr/bin/chromium they fail and say how to install it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from helpers import ROOT, seeds_gold

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture
def page(chromium):
    ARTIFACTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    yield tab
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def result_total(page) -> int:
    """The number of articles the result count announces ("5 articles", "1–10 of 12 articles")."""
    count = page.locator("#result-count")
    expect(count).to_have_text(re.compile(r"\d+ articles?\b"))
    return int(re.search(r"(\d+) articles?", count.inner_text())[1])


def search_from_the_box(page, server: str, words: str) -> None:
    page.goto(server + "/")
    page.fill("input[name=q]", words)
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(rf"/\?q={words}$"))


def open_first_snippet(page) -> str:
    """Click the first snippet link; wait for its article page; returns the linked passage's id."""
    snippet = page.locator("p.snippet a").first
    passage_id = snippet.get_attribute("href").rsplit("#", 1)[1]
    snippet.click()
    page.wait_for_url(re.compile(rf"/doc/[^?#]+.*#{passage_id}$"))
    return passage_id


def test_search_facet_snippet_passage_hits_and_back(seed_server, page):
    hits = page.locator("li.hit")
    chips = page.locator("ul.chips .chip-label")

    # 1. Search.
    search_from_the_box(page, seed_server, "troops")
    total = result_total(page)
    assert total >= 4
    expect(hits).to_have_count(total)
    expect(page.locator("li.hit mark").first).to_have_text(re.compile(r"troop", re.I))
    shot(page, "01-search")

    # 2. Click a facet: the outlet with the most results.
    first_outlet = page.locator("#facet-outlet li a").first
    outlet = first_outlet.locator(".label").inner_text()
    count = int(first_outlet.locator(".n").inner_text())
    assert 0 < count < total
    first_outlet.click()
    page.wait_for_url(re.compile(r"outlet="))
    assert parse_qs(urlsplit(page.url).query)["outlet"] == [outlet]
    expect(hits).to_have_count(count)
    expect(page.locator("li.hit .meta .outlet")).to_have_text([outlet] * count)
    expect(chips).to_have_text([outlet])
    expect(page.locator("#facet-outlet li").first).to_have_class(re.compile(r"\bselected\b"))
    shot(page, "02-facet")
    results_url = page.url

    # 3. Open a snippet link: land on the highlighted passage.
    passage_id = open_first_snippet(page)
    linked = page.locator(f"#{passage_id}")
    expect(page.locator(":target")).to_have_id(passage_id)
    expect(linked).to_have_class(re.compile(r"\blinked\b"))
    expect(linked).to_be_in_viewport()
    plain = page.locator(".passage:not(.linked)").first.evaluate("p => getComputedStyle(p).backgroundColor")
    expect(linked).not_to_have_css("background-color", TRANSPARENT)
    expect(linked).not_to_have_css("background-color", plain)
    first_in_linked = linked.locator("mark[id^='h-']").first
    expect(first_in_linked).to_be_visible()
    hit_total = int(page.inner_text("#hit-count").split()[0])
    assert hit_total >= 2
    shot(page, "03-article-passage")

    # 4. Step to the next hit with the button, then with the keys n and p.
    current = page.locator("mark.current")
    position = page.locator("#hit-position")
    expect(current).to_have_count(0)
    page.click("#next-hit")
    expect(current).to_have_id(first_in_linked.get_attribute("id"))    # stepping starts at the linked passage
    first = current.get_attribute("id")
    first_n = int(first[2:])
    expect(current).to_be_in_viewport()
    expect(position).to_have_text(f"{first_n} / {hit_total}")
    shot(page, "04-next-hit-button")
    page.keyboard.press("n")
    expect(current).to_have_id(f"h-{first_n % hit_total + 1}")
    expect(current).to_have_count(1)
    expect(current).to_be_in_viewport()
    expect(position).to_have_text(f"{first_n % hit_total + 1} / {hit_total}")
    shot(page, "05-next-hit-key")
    page.keyboard.press("p")
    expect(current).to_have_id(first)
    # Typing in the search box does not step: the key lands in the box, the current hit stays.
    box = page.locator("input[name=q]")
    box.focus()
    page.keyboard.press("n")
    expect(box).to_have_value(re.compile(r"n"))                         # "troops" has no n of its own
    expect(current).to_have_id(first)
    expect(position).to_have_text(f"{first_n} / {hit_total}")

    # 5. The back button returns to the filtered results.
    page.go_back()
    page.wait_for_url(results_url)
    assert parse_qs(urlsplit(page.url).query)["outlet"] == [outlet]
    expect(hits).to_have_count(count)
    expect(chips).to_have_text([outlet])
    shot(page, "06-back")
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems


def test_date_histogram_and_range_fields(seed_server, page):
    hits = page.locator("li.hit")
    page.goto(seed_server + "/?q=troops")
    total = result_total(page)

    # A bar of the histogram filters to its articles, and is the one selected.
    bars = page.locator("#facet-date a.bar")
    assert bars.count() >= 2
    title = bars.first.get_attribute("title")
    count = int(title.rsplit(": ", 1)[1])
    assert 0 < count < total
    bars.first.click()
    page.wait_for_url(re.compile(r"from=.*to="))
    query = parse_qs(urlsplit(page.url).query)
    expect(hits).to_have_count(count)
    dates = page.locator("li.hit time").all_inner_texts()
    assert len(dates) == count and all(query["from"][0] <= d <= query["to"][0] for d in dates), (query, dates)
    expect(page.locator("#facet-date li.selected a.bar")).to_have_attribute("title", title)
    shot(page, "07-date-bar")

    # The range fields: exactly the seeds dated in November 2024 (both mention troops in their titles).
    november = sorted(g["date"] for g in seeds_gold() if g["date"] and "2024-11-01" <= g["date"] <= "2024-11-30")
    assert november
    page.fill("form.date-range input[name=from]", "2024-11-01")
    page.fill("form.date-range input[name=to]", "2024-11-30")
    page.click("form.date-range button")
    page.wait_for_url(re.compile(r"from=2024-11-01&to=2024-11-30"))
    expect(hits).to_have_count(len(november))
    assert sorted(page.locator("li.hit time").all_inner_texts()) == november
    expect(page.locator("form.date-range input[name=from]")).to_have_value("2024-11-01")
    expect(page.locator("form.date-range input[name=to]")).to_have_value("2024-11-30")

    # Removing the date chip brings every result back.
    page.click("ul.chips a.chip-remove")
    page.wait_for_url(re.compile(r"^[^&]*\?q=troops$"))
    expect(hits).to_have_count(total)


def test_everything_works_without_javascript(seed_server, chromium):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    chips = page.locator("ul.chips .chip-label")
    try:
        search_from_the_box(page, seed_server, "ryder")                   # the form submits by itself
        expect(page.locator("li.hit").first).to_be_visible()
        speaker = page.locator("#facet-speaker li a").first
        name = speaker.locator(".label").inner_text()
        speaker.click()
        page.wait_for_url(re.compile(r"speaker="))
        expect(chips).to_have_text([name])
        passage_id = open_first_snippet(page)
        expect(page.locator(":target")).to_have_id(passage_id)
        expect(page.locator(f"#{passage_id}")).to_be_in_viewport()
        page.click("#next-hit")                       # without JS: the first hit, by its anchor
        expect(page).to_have_url(re.compile(r"#h-1$"))
        expect(page.locator(":target")).to_have_id("h-1")
        expect(page.locator("#h-1")).to_be_in_viewport()
        shot(page, "08-no-javascript")
        page.go_back()
        expect(page).to_have_url(re.compile(rf"#{passage_id}$"))
        page.go_back()
        expect(page).to_have_url(re.compile(r"speaker="))
        expect(chips).to_have_text([name])
    finally:
        context.close()


def test_no_results_and_suggestion(seed_server, page):
    page.goto(seed_server + "/?q=tropps")
    expect(page.locator("li.hit")).to_have_count(0)
    expect(page.locator(".no-results")).to_contain_text("No articles match tropps")
    suggestion = page.locator(".suggestion a")
    expect(suggestion).to_have_text("troops")
    suggestion.click()
    page.wait_for_url(re.compile(r"q=troops"))
    assert parse_qs(urlsplit(page.url).query)["q"] == ["troops"]
    total = result_total(page)
    assert total >= 4
    expect(page.locator("li.hit")).to_have_count(total)


def test_unknown_article_is_a_not_found_page(seed_server, page):
    response = page.goto(seed_server + "/doc/not-an-article-0000")
    assert response.status == 404
    expect(page.locator(".error-message")).to_contain_text("There is no page here")
    shot(page, "09-not-found")
