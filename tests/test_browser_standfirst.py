"""Browser test of the standfirst on the article page: shown under the headline, readable, never
wider than a phone, light and dark."""

from __future__ import annotations

import pytest

from helpers import index_corpus, serve_in_thread, write_files
from test_browser_layout import HEIGHT, PHONE, RENDERED_COLOURS_JS, WIDE, contrast, overflow

pytestmark = pytest.mark.browser

DEK = ("A plan to connect the eastern suburbs divides the council: supporters_of_the_"
       "three_new_routes_and_the_depot_extension say it halves commuting times, critics doubt the cost.")
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Council votes to expand bus network</title></head>
<body><article><header><h1>Council votes to expand bus network</h1><p class="standfirst">{DEK}</p></header>
<div class="article-body"><p>The city council voted on Tuesday to expand the bus network, adding three routes
that will connect the eastern suburbs with the central station by next spring.</p>
<p>Supporters said the plan, which costs about $12 million, would cut commuting times in half for thousands
of residents who now rely on a single, crowded line.</p></div></article></body></html>"""


POINTS = ["The council approved three new bus routes for the eastern suburbs on Tuesday evening.",
          "The first route opens in March; the plan costs about $12 million over two years."]
POINTS_PAGE = PAGE.replace("Council votes to expand bus network", "Bus routes approved: the key points").replace(
    f'<p class="standfirst">{DEK}</p>', "<ul>" + "".join(f"<li>{p}</li>" for p in POINTS) + "</ul>")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from webapp import create_app

    base = tmp_path_factory.mktemp("standfirst")
    corpus = write_files(base / "corpus", {"bus.html": PAGE, "points.html": POINTS_PAGE})
    index = index_corpus(corpus, base / "index")
    with serve_in_thread(create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})) as url:
        yield url


@pytest.mark.parametrize("width", [PHONE, WIDE])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_standfirst_under_the_headline_fits_and_reads(server, chromium, width, scheme):
    context = chromium.new_context(viewport={"width": width, "height": HEIGHT[width]}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(server + "/?q=council")
        page.locator("li.hit a").first.click()
        standfirst = page.locator(".article-head .standfirst")
        assert standfirst.inner_text() == DEK
        head, dek = page.locator(".article-head h1").bounding_box(), standfirst.bounding_box()
        assert dek["y"] >= head["y"] + head["height"] - 1          # under the headline
        measured = overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], measured
        colours = standfirst.evaluate(RENDERED_COLOURS_JS)
        assert contrast(colours["fg"], colours["bg"]) >= 4.5
        assert DEK not in " ".join(page.locator("section.passage p.text").all_inner_texts())
    finally:
        context.close()


def test_a_standfirst_of_several_points_shows_one_per_line(server, chromium):
    context = chromium.new_context(viewport={"width": PHONE, "height": HEIGHT[PHONE]})
    try:
        page = context.new_page()
        page.goto(server + "/?q=%22key+points%22")
        page.locator("li.hit a").first.click()
        assert page.locator(".article-head .standfirst").inner_text() == "\n".join(POINTS)
    finally:
        context.close()
