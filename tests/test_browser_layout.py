"""Browser tests of the page layout: phones and wide screens, sticky bars, contrast, dark mode, keys.

Every page fits its width from 320 px up (no horizontal scrolling); on a
phone the filters sit behind a "Filters" control near the top; a passage
link never lands under the sticky header or hit bar; every text is at least
4.5:1 against its background, measured from the rendered colours, in light
and dark mode; j / k / Enter and / drive the search page from the keyboard.
Screenshots go to ``test-artifacts/layout-*.png``.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from helpers import ROOT, copy_seed_corpus, index_corpus, serve_in_thread

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
PHONE, TABLET, WIDE = 390, 700, 1280
HEIGHT = {320: 640, PHONE: 844, TABLET: 900, WIDE: 860}

#: The pages that must fit their width; "doc" is filled in with a passage link from the results.
PAGES = {"search": "/?q=troops", "facet list": "/facets/outlet?q=troops", "no results": "/?q=zzqqxx",
         "error": "/doc/not-an-article-0000", "speaker": "/speaker/Lloyd%20Austin?q=troops",
         "unknown speaker": "/speaker/Lloyd%20Austen", "doc": None}

#: In the page: an element's text and background colours as rendered (RGB). The background is
#: composited from the element up to the first opaque one; the text colour is weakened by the
#: opacity of the element and its ancestors.
RENDERED_COLOURS_JS = """(el) => {
  const parse = (c) => {
    const m = /^rgba?\\(([^)]*)\\)$/.exec(c);
    if (!m) { throw new Error("unexpected colour " + c); }
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const layers = [];
  let opacity = 1;
  for (let n = el; n; n = n.parentElement) {
    const style = getComputedStyle(n);
    opacity *= Number(style.opacity);
    if (layers.length && layers[layers.length - 1][3] >= 1) { continue; }
    const bg = parse(style.backgroundColor);
    if (bg[3] > 0) { layers.push(bg); }
  }
  if (!layers.length || layers[layers.length - 1][3] < 1) { throw new Error("no opaque background"); }
  const bg = layers.reverse().reduce((under, top) => over(top, under));
  const ink = parse(getComputedStyle(el).color);
  return {fg: over([ink[0], ink[1], ink[2], ink[3] * opacity], bg).slice(0, 3), bg: bg.slice(0, 3)};
}"""

#: In the page: every visible element holding text of its own (not the visually hidden ones).
TEXT_ELEMENTS_JS = """() => [...document.querySelectorAll("body *")].filter(el =>
    [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim())
    && el.checkVisibility({visibilityProperty: true}) && el.getClientRects().length
    && !el.closest(".visually-hidden, .skip"))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over an index of the seed corpus, served from a thread on a free loopback port."""
    from webapp import create_app

    base = tmp_path_factory.mktemp("layout")
    corpus = copy_seed_corpus(base / "corpus")
    index = index_corpus(corpus, base / "index")
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})) as url:
        yield url


@pytest.fixture
def open_page(chromium):
    """A factory of tabs: ``open_page(width, color_scheme="light", javascript=True)``; all closed afterwards."""
    ARTIFACTS.mkdir(exist_ok=True)
    contexts = []

    def make(width: int, color_scheme: str = "light", javascript: bool = True):
        context = chromium.new_context(viewport={"width": width, "height": HEIGHT[width]},
                                       color_scheme=color_scheme, java_script_enabled=javascript)
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"layout-{name}.png"))


def contrast(fg, bg) -> float:
    """The WCAG contrast ratio of two sRGB colours: (r, g, b) with 0-255 channels, or "rgb(r, g, b)"."""
    def luminance(colour) -> float:
        channels = [float(v) / 255 for v in (re.findall(r"[\d.]+", colour)[:3] if isinstance(colour, str) else colour)]
        linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    high, low = sorted([luminance(fg), luminance(bg)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def deepest_snippet_link(page) -> str:
    """The first result's snippet link to its passage furthest down the article (so the page must scroll)."""
    hrefs = page.locator("li.hit").first.locator("p.snippet a").evaluate_all("links => links.map(a => a.href)")
    return max(hrefs, key=lambda href: int(href.rsplit("#p-", 1)[1]))


def open_filters(page) -> None:
    summary = page.locator("#filters > summary")
    if summary.is_visible() and page.locator("#filters").get_attribute("open") is None:
        summary.click()
        expect(page.locator("#facet-outlet")).to_be_visible()


def overflow(page) -> dict:
    return page.evaluate("""() => ({
        scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
        wider: [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5).slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.className)})""")


@pytest.mark.parametrize("width", [320, PHONE, WIDE])
def test_every_page_fits_its_width(server, open_page, width):
    page = open_page(width)
    page.goto(server + PAGES["search"])
    pages = dict(PAGES, doc=deepest_snippet_link(page))
    for name, url in pages.items():
        page.goto(url if url.startswith("http") else server + url)
        open_filters(page)
        measured = overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], (name, measured)
        assert page.locator("h1").count() == 1, f"{name}: one h1"
        if page.locator("form.date-range").count():
            card = page.locator("#facet-date").bounding_box()
            for box in page.locator("form.date-range input[type=text]").evaluate_all(
                    "inputs => inputs.map(i => i.getBoundingClientRect().toJSON())"):
                assert card["x"] <= box["left"] and box["right"] <= card["x"] + card["width"], (name, box, card)
        if width != 320:
            shot(page, f"{width}-{name.replace(' ', '-')}")
    page.goto(server + PAGES["search"])
    search = page.locator("form.search")
    button = search.locator("button").bounding_box()
    assert button["x"] + button["width"] <= width, "the Search button is on the screen"
    if width < 600:
        box = search.locator("input[name=q]").bounding_box()
        assert box["width"] >= 0.6 * width, "the search box takes the width of the screen"


def test_article_view_is_readable_on_a_phone(server, open_page):
    page = open_page(PHONE)
    page.goto(server + PAGES["search"])
    page.goto(deepest_snippet_link(page))
    text = page.locator(".passage.linked .text")
    expect(text).to_be_in_viewport()
    size = float(text.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert size >= 16 and text.bounding_box()["width"] >= 0.8 * PHONE - 40


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filters_sit_behind_a_control_near_the_top_on_a_phone(server, open_page, javascript):
    page = open_page(PHONE, javascript=javascript)
    page.goto(server + "/?q=troops")
    summary = page.locator("#filters > summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Filters")
    assert summary.bounding_box()["y"] + summary.bounding_box()["height"] <= HEIGHT[PHONE], "on the first screen"
    assert summary.bounding_box()["y"] < page.locator("li.hit").first.bounding_box()["y"], "above the results"
    expect(page.locator("#facet-outlet")).to_be_hidden()
    shot(page, f"390-filters-closed-{'js' if javascript else 'nojs'}")
    summary.click()
    expect(page.locator("#facet-outlet")).to_be_visible()
    expect(page.locator("#facet-outlet li a").first).to_be_in_viewport()
    shot(page, f"390-filters-open-{'js' if javascript else 'nojs'}")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_filters_are_open_on_a_wide_screen(server, open_page, javascript):
    page = open_page(WIDE, javascript=javascript)
    page.goto(server + "/?q=troops")
    expect(page.locator("#facet-outlet li a").first).to_be_visible()
    expect(page.locator("#filters > summary")).to_be_hidden()


STICKY_JS = """(selector) => {
    const target = document.querySelector(selector);
    const bars = [...document.querySelectorAll("body *")]
        .filter(e => /sticky|fixed/.test(getComputedStyle(e).position));
    return {top: target.getBoundingClientRect().top, scrollY: window.scrollY,
            bars: bars.map(e => ({name: e.className, bottom: e.getBoundingClientRect().bottom}))};
}"""


@pytest.mark.parametrize("width", [PHONE, TABLET, WIDE])
def test_a_passage_link_lands_below_the_sticky_bars(server, open_page, width):
    page = open_page(width)
    page.goto(server + "/?q=troops")
    href = deepest_snippet_link(page)
    page.locator(f'p.snippet a[href="{href.removeprefix(server)}"]').click()
    page.wait_for_url(re.compile(r"/doc/"))
    passage = "#" + href.rsplit("#", 1)[1]
    for fragment in (passage, "#h-" + page.inner_text("#hit-count strong")):
        if fragment != passage:
            page.goto(page.url.split("#")[0] + fragment)
        below = f"""() => {{ const g = ({STICKY_JS})("{fragment}");
                    return g.scrollY > 0 && g.bars.length > 0 && g.bars.every(b => g.top >= b.bottom); }}"""
        try:
            page.wait_for_function(below, timeout=5000)
        except PlaywrightTimeout:
            pytest.fail(f"{fragment} under a sticky bar at {width}px: {page.evaluate(STICKY_JS, fragment)}")
        assert "hitbar" in [b["name"] for b in page.evaluate(STICKY_JS, fragment)["bars"]]
        expect(page.locator(fragment)).to_be_in_viewport()
    shot(page, f"{width}-passage-link")


def text_elements(page) -> list:
    return [h.as_element() for h in page.evaluate_handle(TEXT_ELEMENTS_JS).get_properties().values()]


def contrast_failures(page, selectors, extra=()) -> list:
    """The elements (by selector, each must match, and ``extra`` handles) whose text is under 4.5:1."""
    handles = list(extra)
    for selector in selectors:
        found = page.locator(selector).element_handles()
        assert found, f"nothing matches {selector}"
        handles += found
    failures = []
    for handle in handles:
        colours = handle.evaluate(RENDERED_COLOURS_JS)
        ratio = contrast(colours["fg"], colours["bg"])
        if ratio < 4.5:
            failures.append((handle.evaluate("e => e.outerHTML.slice(0, 80)"), round(ratio, 2), colours))
    return failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_at_least_4_5(server, open_page, scheme):
    page = open_page(WIDE, color_scheme=scheme)
    page.emulate_media(color_scheme=scheme)
    page.goto(server + "/?q=troops")
    named = ["main .count", "a.hit-title", "p.snippet a", "li.hit mark", "#facet-outlet .label", "#facet-outlet .n",
             "input[name=q]", "form.date-range input[type=text]", "form.search button", ".sort a"]
    failures = contrast_failures(page, named, text_elements(page))
    page.goto(deepest_snippet_link(page))
    named = [".passage .text", ".passage.linked .text", ".passages mark", ".passage-tools", ".passage-tools a.plink",
             ".pspeakers a", ".back a", "#hit-count", ".hitnav", ".clear-hl"]
    failures += contrast_failures(page, named, text_elements(page))
    shot(page, f"{scheme}-article")
    page.goto(server + "/speaker/Lloyd%20Austin?q=troops")
    named = ["#speaker-count", ".speaker-links a", ".timeline-label", ".quote-link", ".quote-list mark",
             ".quote-meta .outlet", ".quote-meta time", ".quote-source", "#co-speakers .label", "#co-speakers .n"]
    failures += contrast_failures(page, named, text_elements(page))
    assert not failures, failures


def test_dark_mode_keeps_the_highlights_visible(server, open_page):
    page = open_page(WIDE, color_scheme="dark")
    page.emulate_media(color_scheme="dark")
    page.goto(server + "/?q=troops")
    shot(page, "dark-search")
    page.goto(deepest_snippet_link(page))
    colours = page.evaluate("""() => {
        const css = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
        return {body: css("body", "backgroundColor"), paper: css(".article", "backgroundColor"),
                mark: css(".passages mark", "backgroundColor"), linked: css(".passage.linked", "backgroundColor"),
                edge: css(".passage.linked", "borderLeftColor")};
    }""")
    assert colours["body"] not in ("rgb(255, 255, 255)", "rgb(245, 247, 248)"), "the page is dark"
    ratio = contrast(colours["mark"], colours["linked"])
    assert ratio >= 3, f"<mark> stands out from the linked passage: {colours}"
    assert colours["linked"] != colours["paper"] and colours["edge"] != colours["paper"], colours
    shot(page, "dark-article")


def test_keys_slash_j_k_and_enter_on_the_search_page(server, open_page):
    page = open_page(WIDE)
    page.goto(server + "/")
    box = page.locator("form.search input[name=q]")
    expect(box).to_be_focused()                       # the empty search page starts in the box
    page.goto(server + "/?q=troops")
    expect(box).not_to_be_focused()                   # a results page starts on the results: j works at once
    titles = page.locator("li.hit a.hit-title")
    page.keyboard.press("j")
    expect(titles.nth(0)).to_be_focused()
    page.keyboard.press("j")
    expect(titles.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(titles.nth(0)).to_be_focused()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.press("j")                          # typing: the key goes into the box, not to the results
    expect(box).to_have_value("j")
    expect(titles.nth(0)).not_to_be_focused()
    page.goto(server + "/?q=troops")
    first = titles.nth(0).get_attribute("href")
    page.keyboard.press("j")
    expect(titles.nth(0)).to_be_focused()
    shot(page, "1280-key-j")
    page.keyboard.press("Enter")
    page.wait_for_url(server + first)
    expect(page.locator(".article-head h1")).to_be_visible()
