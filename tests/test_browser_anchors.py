"""Browser tests of passage-link notices: visible where the page lands, never under a sticky bar.

Three saved links go stale in three ways (the passage moved, was edited, is
gone) through the real update path; Chromium follows each at 1280 and 390 px
wide, and the notice (and the passage it lands on) must be inside the
viewport and below every sticky bar once the page has scrolled.
Screenshots go to ``test-artifacts/anchors-*.png``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpers import ROOT, serve_in_thread

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {1280: 860, 390: 844}
FILLER = [f"Paragraph {i} of the report on the talks, which went on for many hours and covered "
          f"the grain corridor, the border and the prisoners, officials said on day {i}." for i in range(1, 31)]
TARGET = 20     # the linked passage, far enough down for the page to scroll


def article(marker: str, passages: list[str]) -> str:
    return f"Report on {marker}\n\nNovember 4, 2024\n\n" + "\n\n".join(passages) + "\n"


def marked(marker: str) -> list[str]:
    """The filler with passage ``TARGET`` about ``marker``."""
    out = list(FILLER)
    out[TARGET - 1] = (f"The {marker} delegation left the talks early on Tuesday. "
                       "Its chief negotiator said that no agreement was near.")
    return out


#: marker: (the passages after the edit, what the link's status becomes, the fragment it lands on).
EDITS = {
    "moved": (lambda p: ["An opening paragraph added later."] * 2 + p, "moved", f"#p-{TARGET + 2}"),
    "edited": (lambda p: p[:TARGET - 1] + [p[TARGET - 1].replace("early", "suddenly")] + p[TARGET:], "edited",
               f"#p-{TARGET}"),
    "gone": (lambda p: p[:TARGET - 1] + p[TARGET:], "gone", "#notice"),
}


@pytest.fixture(scope="module")
def stale(tmp_path_factory):
    """The server's URL and, for each kind of edit, (the saved link, its status, the landing fragment)."""
    from indexer.sync.update import run
    from webapp import create_app

    base = tmp_path_factory.mktemp("anchors")
    corpus, index = base / "corpus", base / "index"
    corpus.mkdir()
    for marker in EDITS:
        (corpus / f"{marker}.txt").write_text(article(marker, marked(marker)))
    assert not run(corpus, index).failed
    app = create_app({"INDEX_DIR": str(index)})
    client = app.test_client()
    links = {}
    for marker, (edit, status, fragment) in EDITS.items():
        [hit] = client.get(f"/api/search?q={marker}+delegation").get_json()["results"]
        link = hit["snippets"][0]["link"]
        assert link.endswith(f"#p-{TARGET}")
        links[marker] = (link, status, fragment)
        (corpus / f"{marker}.txt").write_text(article(marker, edit(marked(marker))))
    assert not run(corpus, index).failed
    with serve_in_thread(app) as url:
        yield url, links


GEOMETRY_JS = """(selector) => {
    const box = document.querySelector(selector).getBoundingClientRect();
    const bars = [...document.querySelectorAll("body *")]
        .filter(e => /sticky|fixed/.test(getComputedStyle(e).position) && e.getClientRects().length)
        .map(e => e.getBoundingClientRect().bottom);
    return {top: box.top, bottom: box.bottom, height: innerHeight, scrollY: scrollY, bars: bars};
}"""


def seen(page, selector: str) -> None:
    """Wait until ``selector`` is scrolled to, inside the viewport and below every sticky bar."""
    check = f"""() => {{ const g = ({GEOMETRY_JS})("{selector}");
                return g.scrollY > 0 && g.bars.length > 0 && g.bars.every(b => g.top >= b - 0.5)
                       && g.bottom <= g.height; }}"""
    try:
        page.wait_for_function(check, timeout=5000)
    except PlaywrightTimeout:
        pytest.fail(f"{selector} not seen on arrival: {page.evaluate(GEOMETRY_JS, selector)}")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", EDITS)
def test_the_notice_is_in_view_where_the_link_lands(stale, chromium, width, kind):
    url, links = stale
    link, status, fragment = links[kind]
    context = chromium.new_context(viewport={"width": width, "height": WIDTHS[width]})
    try:
        page = context.new_page()
        page.goto(url + link)
        page.wait_for_url(lambda address: address.endswith(fragment))
        notice = page.locator("#notice")
        assert {"moved": "has moved", "edited": "was edited", "gone": "no longer in the article"}[status] \
            in notice.inner_text()
        seen(page, "#notice")
        if status != "gone":
            assert page.locator(f"{fragment} #notice").count() == 1, "the notice is inside the passage"
            assert "linked" in page.locator(fragment).get_attribute("class")
            seen(page, f"{fragment} p.text")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"anchors-{kind}-{width}.png"))
    finally:
        context.close()
