"""Browser tests: Debian's Chromium driven by Playwright through the real pages.

Scenario: search, click a facet, open a snippet link, land on the
highlighted passage, step to the next hit (button and key n), go back.
Screenshots go to ``test-artifacts/``.  These tests never skip: without
/usr/bin/chromium they fail and say how to install it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import serve_in_thread

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over an index of the seed corpus, served from a thread on a free loopback port."""
    from indexer.sync.update import run
    from webapp import create_app

    base = tmp_path_factory.mktemp("browser")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    report = run(corpus, base / "index")
    assert not report.failed, report.failed
    with serve_in_thread(create_app({"INDEX_DIR": str(base / "index"), "CORPUS_DIR": str(corpus)})) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    yield tab
    context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def in_view(page, selector: str) -> bool:
    return page.evaluate("""(sel) => {
        const r = document.querySelector(sel).getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
    }""", selector)


def current_hit(page) -> str | None:
    return page.evaluate("() => { const m = document.querySelector('mark.current'); return m && m.id; }")


def test_search_facet_snippet_passage_hits_and_back(server, page):
    # 1. Search.
    page.goto(server + "/")
    page.fill("input[name=q]", "troops")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"\?q=troops"))
    total = int(re.search(r"(\d+) articles?", page.inner_text("#result-count"))[1])
    assert total >= 4
    assert page.locator("li.hit mark").count() > 0
    shot(page, "01-search")

    # 2. Click a facet: the outlet with the most results.
    first_outlet = page.locator("#facet-outlet li a").first
    outlet = first_outlet.locator(".label").inner_text()
    count = int(first_outlet.locator(".n").inner_text())
    first_outlet.click()
    page.wait_for_url(re.compile(r"outlet="))
    assert parse_qs(urlsplit(page.url).query)["outlet"] == [outlet]
    assert page.locator("li.hit").count() == count
    assert page.locator("ul.chips .chip-label").first.inner_text() == outlet
    assert "selected" in page.locator("#facet-outlet li").first.get_attribute("class")
    shot(page, "02-facet")
    results_url = page.url

    # 3. Open a snippet link: land on the highlighted passage.
    snippet = page.locator("p.snippet a").first
    href = snippet.get_attribute("href")
    passage_id = href.rsplit("#", 1)[1]
    snippet.click()
    page.wait_for_url(re.compile(r"/doc/"))
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelector(':target').id") == passage_id
    target = f"#{passage_id}"
    assert "linked" in page.get_attribute(target, "class")
    assert in_view(page, target)
    background = page.evaluate("(s) => getComputedStyle(document.querySelector(s)).backgroundColor", target)
    plain = page.evaluate("() => getComputedStyle(document.querySelector('.passage:not(.linked)')).backgroundColor")
    assert background != plain and background != "rgba(0, 0, 0, 0)"
    assert page.locator(f"{target} mark").count() >= 1
    hits = int(page.inner_text("#hit-count").split()[0])
    assert hits >= 2
    shot(page, "03-article-passage")

    # 4. Step to the next hit with the button, then with the keys n and p.
    page.click("#next-hit")
    page.wait_for_timeout(400)
    first = current_hit(page)
    assert first is not None
    first_n = int(first[2:])
    first_passage = page.evaluate("(id) => document.getElementById(id).closest('.passage').id", first)
    assert int(first_passage[2:]) >= int(passage_id[2:]), "stepping starts from the linked passage"
    assert in_view(page, f"#{first}")
    assert page.inner_text("#hit-position") == f"{first_n} / {hits}"
    shot(page, "04-next-hit-button")
    page.keyboard.press("n")
    page.wait_for_timeout(400)
    second = current_hit(page)
    assert int(second[2:]) == first_n % hits + 1
    assert in_view(page, f"#{second}")
    assert page.locator("mark.current").count() == 1
    shot(page, "05-next-hit-key")
    page.keyboard.press("p")
    page.wait_for_timeout(300)
    assert current_hit(page) == first
    # Typing in the search box does not step.
    page.focus("input[name=q]")
    page.keyboard.press("n")
    assert current_hit(page) == first

    # 5. The back button returns to the filtered results.
    page.go_back()
    page.wait_for_url(results_url)
    assert parse_qs(urlsplit(page.url).query)["outlet"] == [outlet]
    assert page.locator("li.hit").count() == count
    assert page.locator("ul.chips .chip-label").first.inner_text() == outlet
    shot(page, "06-back")
    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems


def test_date_histogram_and_range_fields(server, page):
    page.goto(server + "/?q=troops")
    bars = page.locator("#facet-date a.bar")
    assert bars.count() >= 2
    title = bars.first.get_attribute("title")
    label, count = title.rsplit(": ", 1)
    bars.first.click()
    page.wait_for_url(re.compile(r"from=.*to="))
    assert page.locator("li.hit").count() == int(count)
    assert page.locator("#facet-date li.selected").count() == 1
    shot(page, "07-date-bar")
    page.fill("form.date-range input[name=from]", "2024-11-01")
    page.fill("form.date-range input[name=to]", "2024-11-30")
    page.click("form.date-range button")
    page.wait_for_url(re.compile(r"from=2024-11-01&to=2024-11-30"))
    for date in page.locator("li.hit time").all_inner_texts():
        assert "2024-11-01" <= date <= "2024-11-30"
    page.click("ul.chips a.chip-remove")
    page.wait_for_url(re.compile(r"^[^&]*\?q=troops$"))


def test_everything_works_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    try:
        page.goto(server + "/?q=ryder")
        page.locator("#facet-speaker li a").first.click()
        page.wait_for_url(re.compile(r"speaker="))
        snippet = page.locator("p.snippet a").first
        passage_id = snippet.get_attribute("href").rsplit("#", 1)[1]
        snippet.click()
        page.wait_for_url(re.compile(r"/doc/"))
        assert page.evaluate("() => document.querySelector(':target').id") == passage_id
        assert in_view(page, f"#{passage_id}")
        page.click("#next-hit")                       # without JS: the first hit, by its anchor
        assert page.url.endswith("#h-1")
        assert page.evaluate("() => document.querySelector(':target').id") == "h-1"
        shot(page, "08-no-javascript")
        page.go_back()
        page.go_back()
        assert "speaker=" in page.url
    finally:
        context.close()


def test_no_results_and_suggestion(server, page):
    page.goto(server + "/?q=tropps")
    assert "No articles match" in page.inner_text(".no-results")
    page.click(".suggestion a")
    page.wait_for_url(re.compile(r"q=troops"))
    assert page.locator("li.hit").count() >= 4
    page.goto(server + "/doc/not-an-article-0000")
    assert "There is no page here" in page.inner_text(".error-message")
    shot(page, "09-not-found")
