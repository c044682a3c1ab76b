"""Tests for indexer.extract.html: boilerplate removal, passages, headline, metadata, robustness."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.extract import extract_text, html, load_context
from indexer.extract.dates import date_from_html
from indexer.extract.html.jsonld import FLAT_VALUES, walk

STORY = [
    "The city council voted on Tuesday to expand the bus network, adding three routes that will "
    "connect the eastern suburbs with the central station by next spring.",
    "Supporters said the plan, which costs about $12 million, would cut commuting times in half for "
    "thousands of residents who now rely on a single, crowded line.",
    "Critics questioned the cost. \u201cWe have not seen a serious study of demand,\u201d said one "
    "council member, who voted against the measure after a long debate.",
    "The first of the new routes is expected to open in March, officials said, with the others "
    "following over the summer if the budget allows it.",
]
HEADLINE = "Council votes to expand bus network"


def story_html(paragraphs=STORY) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def page(body: str, head: str = "", title: str = HEADLINE) -> str:
    return (f"<!DOCTYPE html><html><head><title>{title} | The Daily Example</title>"
            f'<meta property="og:site_name" content="The Daily Example">{head}</head>'
            f"<body>{body}</body></html>")


def article(extra_inside: str = "", extra_outside: str = "", paragraphs=STORY) -> str:
    return page(f"{extra_outside}<article><h1>{HEADLINE}</h1>{story_html(paragraphs)}{extra_inside}</article>")


def passages(text: str) -> list[str]:
    return html.clean(html.parse(text)).passages


def joined(text: str) -> str:
    return "\n".join(passages(text))


# --- boilerplate removal, one kind at a time -------------------------------------------------


def test_plain_article_gives_its_paragraphs_in_order():
    assert passages(article()) == STORY


@pytest.mark.parametrize("junk", [
    "<script>var tracking = 'Subscribe now for full access';</script>",
    "<style>.x { content: 'Subscribe now for full access'; }</style>",
    "<noscript>Subscribe now for full access to every story.</noscript>",
    "<template><p>Subscribe now for full access to every story.</p></template>",
])
def test_scripts_styles_and_templates_are_dropped(junk):
    out = passages(article(extra_inside=junk))
    assert out == STORY and "Subscribe" not in "\n".join(out)


@pytest.mark.parametrize("fallback", [
    '<noembed><a href="https://example.com/player">Watch the council meeting</a></noembed>',
    '<noframes><a href="/frames.html">Council page without frames</a></noframes>',
    '<noscript><img src="pixel.gif"><a href="/enable">Enable JavaScript to see the map</a></noscript>',
])
def test_noscript_and_noembed_fallbacks_never_become_text(fallback):
    out = joined(article(extra_inside=fallback))
    assert out == "\n".join(STORY) and "href" not in out


def test_page_served_inside_noscript_is_read_from_it():
    body = f"<div id='app'></div><noscript><div><h1>{HEADLINE}</h1>{story_html()}</div></noscript>"
    assert passages(page(body)) == STORY


def test_literal_markup_inside_a_noscript_fallback_is_dropped():
    body = (f"<div id='app'>Loading</div><article><noscript><h1>{HEADLINE}</h1>{story_html()}"
            "&lt;a href=\"/gallery\"&gt;See the photos of the new bus routes, taken on Monday.&lt;/a&gt;"
            "</noscript></article>")
    out = joined(page(body))
    assert out == "\n".join(STORY) and "href" not in out


def test_navigation_header_footer_and_aside_are_dropped():
    text = page(
        "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li></ul></nav>"
        "<p>The Daily Example, serving the valley since 1901, is read by many people every day.</p></header>"
        f"<main><article><h1>{HEADLINE}</h1>{story_html()}</article>"
        "<aside><p>Weather today: sunny spells with a light breeze and highs of 21 degrees.</p></aside></main>"
        "<footer><p>Copyright 2024 The Daily Example, all rights reserved, terms apply.</p></footer>")
    out = joined(text)
    assert out == "\n".join(STORY)


@pytest.mark.parametrize("widget", [
    '<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a> <span>Share this story with friends, it helps us a lot.</span></div>',
    '<div class="social-links"><p>Follow us on social media for more coverage like this, every day.</p></div>',
])
def test_share_widgets_are_dropped(widget):
    out = joined(article(extra_inside=widget))
    assert "Facebook" not in out and "Follow us" not in out and "Share this" not in out
    assert out == "\n".join(STORY)


def test_cookie_banner_is_dropped_even_when_long():
    banner = ('<div id="cookie-consent" role="dialog">' +
              "<p>We use cookies to improve your experience, to analyse traffic and to show you "
              "personalised advertising. By continuing you agree to our use of cookies.</p>" * 6 + "</div>")
    out = joined(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article>{banner}"))
    assert "cookies" not in out and STORY[0] in out


def test_related_links_list_is_dropped():
    related = ('<ul class="links">' + "".join(
        f'<li><a href="/s{i}">Another story about the city budget and its many consequences {i}</a></li>'
        for i in range(6)) + "</ul>")
    out = joined(article(extra_inside=related))
    assert "Another story" not in out and out.endswith(STORY[-1])


def test_related_heading_drops_its_section():
    section = ("<div><h3>Related stories</h3>"
               "<p>A completely different report about the harbour, which has long paragraphs too, "
               "and would otherwise look like text.</p></div>")
    out = joined(article(extra_inside=section))
    assert "harbour" not in out and "Related" not in out
    assert out == "\n".join(STORY)


def test_comment_count_heading_above_the_story_drops_only_itself():
    text = page(f"<article><h1>{HEADLINE}</h1><h4><a href='#c'>12 Comments</a></h4>{story_html()}</article>")
    assert passages(text) == STORY


def test_related_box_by_class_is_dropped():
    box = ('<div class="related-articles"><p>Earlier, the council rejected a plan for new trams, '
           "saying that the costs were far too high for the city.</p></div>")
    out = joined(article(extra_inside=box))
    assert "trams" not in out and out == "\n".join(STORY)


def test_comments_are_dropped():
    comments = ('<section id="comments"><h2>3 Comments</h2>' +
                "<div class='comment'><p>I think this is a great idea, the buses are always full in the "
                "morning and nobody can get a seat anymore.</p></div>" * 3 + "</section>")
    out = joined(article(extra_outside="", extra_inside="") .replace("</article>", "</article>" + comments))
    assert "great idea" not in out and STORY[-1] in out


def test_image_captions_are_dropped():
    figure = ('<figure><img src="bus.jpg"><figcaption>A bus at the central station on Monday, '
              "photographed by our staff.</figcaption></figure>"
              '<p class="caption">Passengers wait at the stop on Main Street, in the rain.</p>')
    out = joined(article(extra_inside=figure))
    assert "photographed" not in out and "Passengers wait" not in out
    assert out == "\n".join(STORY)


@pytest.mark.parametrize("box", [
    '<div class="newsletter-signup"><p>Sign up for our morning newsletter and get the news in your inbox every day.</p></div>',
    '<div class="donate-box"><p>Independent journalism needs your support. Please donate today, every gift helps us.</p></div>',
])
def test_newsletter_and_donation_boxes_are_dropped(box):
    out = joined(article(extra_inside=box))
    assert "newsletter" not in out.lower() and "donate" not in out.lower()
    assert out == "\n".join(STORY)


def test_read_more_teasers_are_dropped():
    teasers = "".join(
        f'<div class="card"><h3><a href="/t{i}">Teaser headline number {i} about something else</a></h3>'
        f"<p>This is the summary of another article, long enough to look like a paragraph of text.</p></div>"
        for i in range(8))
    out = joined(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article><section>{teasers}</section>"))
    assert "summary of another article" not in out and out == "\n".join(STORY)


def test_read_more_link_line_is_dropped():
    more = '<p class="read-more"><a href="/more">Read more about transport in the city</a></p>'
    out = joined(article(extra_inside=more))
    assert "Read more" not in out and out == "\n".join(STORY)


def test_hidden_elements_are_dropped():
    hidden = ('<div style="display: none"><p>Hidden text that a reader never sees on the page, '
              "however long it is.</p></div>")
    out = joined(article(extra_inside=hidden))
    assert "Hidden text" not in out and out == "\n".join(STORY)


def test_ads_are_dropped():
    ad = '<div class="ad-slot"><p>Advertisement: buy the best shoes in town, now with twenty percent off.</p></div>'
    out = joined(article(extra_inside=ad))
    assert "shoes" not in out and out == "\n".join(STORY)


def test_advertisement_label_line_is_dropped():
    label = "<p>Advertisement</p>"
    out = passages(page(f"<article><h1>{HEADLINE}</h1>{story_html(STORY[:2])}{label}{story_html(STORY[2:])}</article>"))
    assert out == STORY


def test_wrapper_named_like_furniture_is_kept():
    # a layout wrapper whose class mentions the sidebar still holds the story
    text = page(f'<div class="page has-sidebar-layout"><article><h1>{HEADLINE}</h1>{story_html()}</article></div>')
    assert passages(text) == STORY


def test_body_wrapped_in_share_wrapper_is_kept():
    text = page(f'<article><h1>{HEADLINE}</h1><div class="story-body-share-wrapper">{story_html()}</div></article>')
    assert passages(text) == STORY


def test_named_article_body_wins_over_longer_boilerplate():
    service = "".join(f"<p>Customer service can be contacted by phone, by fax, or by email, number {i}.</p>"
                      for i in range(6))
    body = f'<div itemprop="articleBody">{story_html(STORY[:2])}</div>'
    out = passages(page(f"<h1>{HEADLINE}</h1>{body}<div>{service}</div>"))
    assert out == STORY[:2]


# --- blocks become passages ------------------------------------------------------------------


def test_block_elements_become_passages():
    body = (f"<h1>{HEADLINE}</h1>{story_html(STORY[:2])}"
            "<h2>What happens next</h2>"
            "<blockquote>It is the biggest change to the network in twenty years, the mayor said.</blockquote>"
            "<ul><li>Route 12 will run every ten minutes during the morning peak.</li>"
            "<li>Route 14 will connect the hospital with the university campus.</li></ul>"
            "<pre>Route  Start   End\n12     Oak St  Station</pre>"
            f"{story_html(STORY[2:])}")
    out = passages(page(f"<article>{body}</article>"))
    assert out[:2] == STORY[:2]
    assert "What happens next" in out
    assert "It is the biggest change to the network in twenty years, the mayor said." in out
    assert "Route 12 will run every ten minutes during the morning peak." in out
    assert "Route Start End 12 Oak St Station" in out
    assert out[-2:] == STORY[2:]


def test_div_with_bare_text_and_double_br_split_into_passages():
    body = f"<h1>{HEADLINE}</h1><div class='text'>{STORY[0]}<br><br>{STORY[1]}<br>\n<br/>{STORY[2]}</div>"
    assert passages(page(body)) == STORY[:3]


def test_single_br_is_a_space_and_whitespace_is_normalised():
    body = f"<article><h1>{HEADLINE}</h1><p>First   line<br>second\n\n line\u200b here, with words.</p>{story_html()}</article>"
    assert passages(page(body))[0] == "First line second line here, with words."


def test_soft_hyphens_and_joiners_inside_words_are_removed():
    body = (f"<article><h1>{HEADLINE}</h1><p>The Über\u00adle\u00adbens\u00adfrage of the "
            f"co\u2060operative was settled\ufeff, said the council.</p>{story_html()}</article>")
    assert passages(page(body))[0] == "The Überlebensfrage of the cooperative was settled, said the council."


def test_table_body_becomes_passages():
    rows = "".join(f"<tr><td>{p}</td></tr>" for p in STORY)
    text = page(f"<table><tr><td><h1>{HEADLINE}</h1></td></tr>{rows}</table>")
    assert passages(text) == STORY


def test_inline_markup_is_joined_into_its_paragraph():
    body = f"<article><h1>{HEADLINE}</h1><p>The <b>council</b> met <a href='/x'>on Tuesday</a>, and it <i>agreed</i>.</p>{story_html()}</article>"
    assert passages(page(body))[0] == "The council met on Tuesday, and it agreed."


def test_link_heavy_item_with_long_lead_in_is_kept():
    item = ("<li><strong><a href='/a'>The mayor announced a review of parking fees across the city centre.</a></strong> "
            "The review will report in June and may lead to lower fees.</li>")
    out = passages(article(extra_inside=f"<ol>{item}</ol>"))
    assert any(p.startswith("The mayor announced") for p in out)


# --- headline, title and top lines -----------------------------------------------------------


def test_headline_is_title_and_not_a_passage():
    result = html.clean(html.parse(article()))
    assert result.title == HEADLINE
    assert HEADLINE not in result.passages


def test_h1_matching_declared_title_beats_logo_h1():
    text = page(f"<header><h1>The Daily Example</h1></header><article><h1>{HEADLINE}</h1>{story_html()}</article>",
                head=f'<meta property="og:title" content="{HEADLINE}">')
    assert html.clean(html.parse(text)).title == HEADLINE


def test_h2_headline_when_no_h1_matches():
    text = page(f"<h1>Latest</h1><article><h2>{HEADLINE}</h2>{story_html()}</article>",
                head=f'<meta property="og:title" content="{HEADLINE}">')
    result = html.clean(html.parse(text))
    assert result.title == HEADLINE and result.passages == STORY


def test_declared_title_when_page_has_no_headline():
    result = html.clean(html.parse(page(f"<div>{story_html()}</div>")))
    assert result.title == HEADLINE  # from <title>, " | The Daily Example" stripped
    assert result.passages == STORY


def test_text_before_headline_is_not_body():
    kicker = "<p>Transport news from our reporters in the city and the surrounding region, all week long.</p>"
    out = passages(page(f"<article>{kicker}<h1>{HEADLINE}</h1>{story_html()}</article>"))
    assert out == STORY


def test_byline_and_dateline_go_to_top_lines():
    body = (f"<article><div class='kicker'>Transport</div><h1>{HEADLINE}</h1>"
            "<div class='byline'>By Jane Smith</div><time>March 3, 2024 10:15 AM</time>"
            f"{story_html()}</article>")
    result = html.clean(html.parse(page(body)))
    assert result.passages == STORY
    assert "By Jane Smith" in result.top_lines
    assert "March 3, 2024 10:15 AM" in result.top_lines
    assert "Transport" in result.top_lines


def test_leading_date_line_inside_body_moves_to_top_lines():
    body = f"<article><h1>{HEADLINE}</h1><p>November 20, 2019</p>{story_html()}</article>"
    result = html.clean(html.parse(page(body)))
    assert result.passages == STORY and "November 20, 2019" in result.top_lines


# --- metadata --------------------------------------------------------------------------------


def test_metadata_from_meta_tags():
    head = ('<meta property="og:title" content="Council votes to expand bus network - The Daily Example">'
            '<meta name="author" content="By Jane Smith">'
            '<meta name="description" content="Three new routes.">'
            '<meta property="og:url" content="https://example.com/og">'
            '<link rel="canonical" href="https://example.com/story">')
    meta = html.page_metadata(html.parse(page("<p>x</p>", head=head)))
    assert meta.title == HEADLINE
    assert meta.site_name == "The Daily Example"
    assert meta.author == "Jane Smith"
    assert meta.description == "Three new routes."
    assert meta.url == "https://example.com/story"


def test_title_suffix_kept_when_it_is_not_the_site():
    text = "<html><head><title>Budget: What Changes | Analysis</title></head><body></body></html>"
    assert html.page_metadata(html.parse(text)).title == "Budget: What Changes | Analysis"


def test_title_suffix_from_url_host_is_stripped():
    text = ('<html><head><title>Budget vote passes - Example</title>'
            '<link rel="canonical" href="https://www.example.com/a"></head></html>')
    assert html.page_metadata(html.parse(text)).title == "Budget vote passes"


def test_title_falls_back_to_h1():
    meta = html.page_metadata(html.parse(f"<html><body><h1>{HEADLINE}</h1></body></html>"))
    assert meta.title == HEADLINE


def test_metadata_from_json_ld():
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "url": "https://example.com/page"},
        {"@type": "NewsArticle", "headline": "Bus network grows",
         "author": [{"@type": "Person", "name": "Jane Smith"}, {"@type": "Person", "name": "Ali Khan"}],
         "publisher": {"@type": "Organization", "name": "Example Media Group"}}]}
    text = f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head><body></body></html>'
    meta = html.page_metadata(html.parse(text))
    assert meta.publisher == "Example Media Group"
    assert meta.site_name == "Example Media Group"
    assert meta.author == "Jane Smith, Ali Khan"
    assert meta.title == "Bus network grows"


def test_site_name_from_application_name_and_author_from_rel():
    text = ('<html><head><meta name="application-name" content="Valley Times"></head>'
            '<body><a rel="author" href="/jane">Jane Smith</a></body></html>')
    meta = html.page_metadata(html.parse(text))
    assert meta.site_name == "Valley Times" and meta.author == "Jane Smith"


def test_author_that_is_the_site_is_ignored():
    text = ('<html><head><meta property="og:site_name" content="News.example.md">'
            '<meta name="author" content="News.example.md"></head></html>')
    assert html.page_metadata(html.parse(text)).author is None


def test_broken_json_ld_is_ignored():
    text = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "author": </script>'
            f'<script type="application/ld+json">{"[" * 50000}</script>'
            '<meta name="author" content="Jane Smith"></head></html>')
    assert html.page_metadata(html.parse(text)).author == "Jane Smith"


def test_page_metadata_does_not_mutate_the_tree():
    ld = json.dumps({"@type": "NewsArticle", "author": {"name": "Jane Smith"}})
    soup = html.parse(article().replace("</head>", f'<script type="application/ld+json">{ld}</script></head>'))
    before = str(soup)
    html.page_metadata(soup)
    assert str(soup) == before


def test_missing_metadata_is_none():
    meta = html.page_metadata(html.parse("<p>just text</p>"))
    assert meta == html.PageMeta()


# --- one walk of the page head -----------------------------------------------------------


def declaring(url: str, author: str, published: str) -> str:
    head = (f'<link rel="canonical" href="{url}"><meta name="author" content="{author}">'
            f'<meta property="article:published_time" content="{published}">')
    return article().replace("</head>", head + "</head>")


def test_extraction_scans_the_page_head_once_for_metadata_and_date(monkeypatch):
    other_page = declaring("https://example.com/other", "Ali Khan", "2021-05-06T10:00:00+02:00")
    other = html.scan_head(html.parse(other_page))
    calls = []

    def scan(soup):
        calls.append(soup)
        return other

    monkeypatch.setattr(html, "scan_head", scan)
    own_page = declaring("https://example.com/a", "Jane Smith", "2024-03-03T10:00:00+01:00")
    found = extract_text("a.html", own_page, load_context(None))
    assert len(calls) == 1
    # metadata and date both read the one head given (here another page's), not the tree again
    assert (found.url, found.author, found.date) == ("https://example.com/other", "Ali Khan", "2021-05-06")


def test_metadata_and_date_accept_a_precomputed_head():
    soup = html.parse(declaring("https://example.com/a", "Jane Smith", "2024-03-03T10:00:00+01:00"))
    head = html.scan_head(soup)
    empty = html.parse("<p>x</p>")
    assert html.page_metadata(empty, head) == html.page_metadata(soup)
    assert html.page_metadata(empty, head).author == "Jane Smith"
    assert date_from_html(empty, head=head) == date_from_html(soup) == "2024-03-03"


def test_date_from_html_bounds_the_year_by_today():
    soup = html.parse(declaring("https://example.com/a", "Jane Smith", "2031-02-03T10:00:00+01:00"))
    assert date_from_html(soup, today=datetime.date(2030, 6, 1)) == "2031-02-03"
    assert date_from_html(soup, today=datetime.date(2024, 6, 1)) is None


def test_clean_matches_the_headline_against_the_metadata_given():
    soup = html.parse(article())
    assert html.clean(soup).title == HEADLINE
    assert html.clean(soup, html.PageMeta(title="Something else entirely")).title == "Something else entirely"


def test_json_ld_walk_tells_top_level_from_flattened_objects():
    document = {"@type": "WebPage", "@graph": [[{"@type": "Person"}]],
                "mainEntity": {"@type": "NewsArticle", "video": {"@type": "VideoObject"}}}
    assert [(o.data["@type"], o.top, o.flat) for o in walk(document)] == [
        ("WebPage", True, True), ("Person", True, True), ("NewsArticle", True, False)]
    deep = [[[[[[{"@type": "Thing"}]]]]]]
    assert [(o.top, o.flat) for o in walk(deep)] == [(False, True)]
    crowded = [0] * FLAT_VALUES + [{"@type": "Thing"}]
    assert [(o.top, o.flat) for o in walk(crowded)] == [(True, False)]


# --- robustness ------------------------------------------------------------------------------


def test_ten_thousand_levels_of_nesting():
    text = "<html><body>" + "<div>" * 10000 + story_html() + "</div>" * 10000 + "</body></html>"
    assert passages(text) == STORY


def test_deep_unclosed_tags():
    text = "<html><body>" + "<div><span><ul><li>" * 3000 + story_html()
    assert passages(text) == STORY


def test_unclosed_paragraphs_and_broken_entities():
    text = (f"<html><body><h1>{HEADLINE}<p>Fares &amp costs &lt;rise&gt; &bogus; &#99999999; caf&eacute"
            f" and more words to make it long enough for a paragraph, say the officials.<p>{STORY[0]}<p>{STORY[1]}")
    out = passages(text)
    assert out[0].startswith("Fares & costs <rise> &bogus;") and out[1:] == STORY[:2]


def test_page_of_only_scripts_has_no_passages():
    text = "<html><head><script>var a = 1;</script></head><body>" + "<script>alert('x')</script>" * 500 + "</body></html>"
    result = html.clean(html.parse(text))
    assert result.passages == []


@pytest.mark.parametrize("text", ["", "   ", "plain text, no markup at all", "<", "<!-->", "\x00\x01<p>\ufffd</p>",
                                  "<html><body></body></html>", "</p></div></body>"])
def test_degenerate_inputs_do_not_raise(text):
    result = html.clean(html.parse(text))
    assert isinstance(result.passages, list)
    html.page_metadata(html.parse(text))


def test_none_and_bytes_inputs_are_tolerated():
    assert html.clean(html.parse(None)).passages == []
    assert html.clean(html.parse(article().encode("utf-8"))).passages == STORY


def test_twenty_megabyte_page():
    filler = "<script>" + "x" * 1000 + "</script>"
    body = story_html() + '<div class="share"><a href="#">Share</a></div>' * 1000
    text = page(f"<article><h1>{HEADLINE}</h1>{body}</article>" + filler * 20000)
    assert len(text) > 20_000_000
    start = time.process_time()
    result = html.clean(html.parse(text))
    assert result.passages == STORY
    assert time.process_time() - start < 30


def test_huge_page_of_text_is_cut_not_crashed():
    text = "<html><body>" + ("<p>" + STORY[0] + "</p>") * 150_000 + "</body></html>"
    assert len(text) > 20_000_000
    result = html.clean(html.parse(text))
    assert result.passages and all(p == STORY[0] for p in result.passages[:-1])
    kept = sum(len(p) for p in result.passages)
    # the page is cut to MAX_HTML_CHARS of markup before parsing: most of that is the text kept
    assert html.MAX_HTML_CHARS // 2 < kept <= html.MAX_HTML_CHARS < len(STORY[0]) * 150_000


def test_time_grows_linearly_with_depth():
    def cost(depth):
        text = "<html><body>" + "<div>" * depth + story_html() + "</div>" * depth
        soup = html.parse(text)
        start = time.process_time()
        html.clean(soup)
        return time.process_time() - start
    small, large = cost(2000), cost(8000)
    assert large < 12 * small + 0.5  # 4x the depth: far from 16x


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<a href='x'>", "</a>", "<br>", "<br/>", "<li>", "<ul>", "<table>",
    "<td>", "<h1>", "</h1>", "<h2>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#x;", "<", ">",
    "<nav>", "<div class='share'>", "<div style='display:none'>", "word ", "A longer sentence, with a comma. ",
]), max_size=60))
def test_random_tag_soup_never_raises(pieces):
    soup = html.parse("".join(pieces))
    result = html.clean(soup)
    assert all(p == " ".join(p.split()) and p for p in result.passages)
    html.page_metadata(soup)
