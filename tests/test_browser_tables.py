"""Browser tests of preformatted passages: a wide wire table in the article view and in a snippet.

On a phone (320 and 390 px) the table scrolls inside its own box and the page
never scrolls sideways; at 1280 px the whole table shows with its columns
aligned and no inner scrolling.  The article goes through the real indexer
(a plain-text file with a fixed-width table).  Screenshots go to
``test-artifacts/tables-*.png``.
"""

from __future__ import annotations

import pytest

from helpers import ROOT, index_corpus, serve_in_thread, write_files

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
#: A wire table as wide as wire copy gets (about 70 characters).
ROWS = [
    ("Wheat", "2.55", "2.40", "IV", "4.65", "--", "1,234,567"),
    ("Corn", "1.35", "1.92", "IV", "3.15", "3.15", "2,345,678"),
    ("Sorghum", "2.34", "3.25", "V", "5.36", "5.36", "345,678"),
    ("Barley", "n.a.", "1.56", "IV", "2.55", "2.55", "45,678"),
]
TABLE = "\n".join(" " + "  ".join(f"{cell:<8}" for cell in row).rstrip() for row in ROWS)
assert 60 <= max(map(len, TABLE.splitlines())) <= 75
TEXT = (" date 1987-02-26\nGRAIN RESERVE PRICES AND QUANTITIES\n\n"
        "WASHINGTON, Feb 26 - The Agriculture Department reported the farmer-owned reserve\n"
        "prices and quantities through February 25 as follows -\n" + TABLE + "\n"
        "    The reserve levels reflect grain entered after the harvest of the\nprevious year.\n Reuter\n")

MEASURE_JS = """() => {
  const pre = document.querySelector("#p-2 pre.text");
  const r = pre.getBoundingClientRect();
  const style = getComputedStyle(pre);
  return {page: document.documentElement.scrollWidth, inner: window.innerWidth, right: r.right, left: r.left,
          scroll: pre.scrollWidth, client: pre.clientWidth, height: r.height,
          line: parseFloat(style.lineHeight), font: parseFloat(style.fontSize), space: style.whiteSpace,
          overflow: style.overflowX};
}"""


#: The x of each row's second cell in the table (walks the text nodes, so <mark> may split them).
COLUMN_X_JS = """() => {
  const pre = document.querySelector("#p-2 pre.text");
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push(n); }
  const at = (offset) => {
    for (const n of nodes) { if (offset < n.length) { return [n, offset]; } offset -= n.length; }
  };
  const out = [];
  let offset = 0;
  for (const line of pre.textContent.split("\\n")) {
    const col = line.search(/\\s{2,}\\S/) + line.slice(line.search(/\\s{2,}\\S/)).search(/\\S/);
    const [node, k] = at(offset + col);
    const range = document.createRange();
    range.setStart(node, k); range.setEnd(node, k + 1);
    out.push(Math.round(range.getBoundingClientRect().left));
    offset += line.length + 1;
  }
  return out;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webapp import create_app
    base = tmp_path_factory.mktemp("tables")
    corpus = write_files(base / "corpus", {"grain.txt": TEXT})
    index = index_corpus(corpus, base / "index")
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})) as url:
        yield url


def open_article(chromium, server, width: int, query: str = ""):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/?q=sorghum")
    href = page.locator("li.hit a").first.get_attribute("href")
    page.goto(server + href.split("?")[0] + (f"?q={query}" if query else ""))
    return context, page


@pytest.mark.parametrize("width", [320, 390])
def test_a_table_scrolls_in_its_box_and_the_page_does_not_on_a_phone(chromium, server, width):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page = open_article(chromium, server, width, "sorghum")
    try:
        m = page.evaluate(MEASURE_JS)
        page.screenshot(path=str(ARTIFACTS / f"tables-doc-{width}.png"))
        assert m["page"] <= m["inner"], m                      # no sideways scrolling of the page
        assert m["right"] <= m["inner"] + 0.5 and m["left"] >= 0, m
        assert m["space"] == "pre" and m["overflow"] == "auto", m
        assert m["scroll"] > m["client"], m                     # the table is wider: it scrolls inside
        assert round(m["height"] / m["line"]) <= len(ROWS) + 2, m   # rows are not wrapped
        page.locator("#p-2 pre.text").evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= m["inner"]
    finally:
        context.close()


@pytest.mark.parametrize("query", ["", "sorghum"], ids=["plain", "with a hit"])
def test_a_table_is_whole_and_aligned_on_a_wide_screen(chromium, server, query):
    context, page = open_article(chromium, server, 1280, query)
    try:
        m = page.evaluate(MEASURE_JS)
        page.screenshot(path=str(ARTIFACTS / "tables-doc-1280.png"))
        assert m["scroll"] <= m["client"], m                   # no inner scrolling needed
        assert m["font"] >= 12, m
        assert round(m["height"] / m["line"]) <= len(ROWS) + 2, m
        # columns line up (a marked hit included): every row's second cell starts at the same x
        xs = page.evaluate(COLUMN_X_JS)
        assert len(set(xs)) == 1, xs
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_a_table_snippet_keeps_the_results_page_in_its_width(chromium, server, width):
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{server}/?q=sorghum")
        page.screenshot(path=str(ARTIFACTS / f"tables-search-{width}.png"))
        assert page.locator(".snippet-table pre").count() == 1
        measured = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert measured[0] <= measured[1], measured
    finally:
        context.close()
