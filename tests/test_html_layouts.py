"""Page layouts the HTML cleaner met on unseen pages (issue 12), one small synthetic page per rule.

Each test builds the smallest page that shows one failure class: a body split
across containers, a standfirst, a vetoing class word, a box that outweighs a
short article, lists and listicles, the end of the article, embedded posts,
captions and bios.
"""

from __future__ import annotations

import pytest

from indexer.extract import html
from test_html import HEADLINE, STORY, page, story_html


def cleaned(text: str) -> html.CleanPage:
    soup = html.parse(text)
    return html.clean(soup, html.page_metadata(soup))


def article_with(inside: str, before: str = "") -> str:
    """The story in an article element, with ``inside`` after its paragraphs."""
    return page(f"<article><h1>{HEADLINE}</h1>{before}{story_html()}{inside}</article>")


DEK = "A plan to connect the eastern suburbs divides the council, and the vote was close."


# --- the lead and the standfirst: what lies between the headline and the body -------------------


def test_lead_paragraph_in_a_sibling_container_is_kept_before_the_body():
    body = (f"<article><h1>{HEADLINE}</h1><div class='story-top'><p>{STORY[0]}</p></div>"
            f"<div class='article-body'>{story_html(STORY[1:])}</div></article>")
    assert cleaned(page(body)).passages == STORY


def test_marked_standfirst_is_its_own_field_not_a_passage():
    body = (f"<article><header><h1>{HEADLINE}</h1><p class='article-summary'>{DEK}</p></header>"
            f"<div class='article-body'>{story_html()}</div></article>")
    found = cleaned(page(body))
    assert found.standfirst == DEK and found.passages == STORY


def test_standfirst_set_as_a_heading_is_the_standfirst():
    body = (f"<article><header><h1>{HEADLINE}</h1><h2 class='article-teaser'>{DEK}</h2></header>"
            f"<div class='article-body'>{story_html()}</div></article>")
    found = cleaned(page(body))
    assert found.standfirst == DEK and found.passages == STORY


def test_unmarked_standfirst_repeating_the_description_is_the_standfirst():
    head = f'<meta name="description" content="{DEK}">'
    body = (f"<article><h1>{HEADLINE}</h1><div><p>{DEK}</p></div>"
            f"<div class='article-body'>{story_html()}</div></article>")
    found = cleaned(page(body, head=head))
    assert found.standfirst == DEK and found.passages == STORY


def test_summary_bullets_between_headline_and_body_are_the_standfirst():
    bullets = ["The council approved three new bus routes for the eastern suburbs on Tuesday evening.",
               "The first route opens in March; the plan costs about $12 million over two years."]
    body = (f"<article><h1>{HEADLINE}</h1><div class='box'><h2>Key points</h2><ul>"
            + "".join(f"<li>{b}</li>" for b in bullets) +
            f"</ul></div><div class='article-body'>{story_html()}</div></article>")
    found = cleaned(page(body))
    assert found.standfirst == "\n".join(bullets) and found.passages == STORY


def test_intro_paragraph_inside_the_body_stays_a_passage():
    body = (f"<header><h1>{HEADLINE}</h1></header><div class='article-body'><p class='intro'>{STORY[0]}</p>"
            f"{story_html(STORY[1:])}</div>")
    found = cleaned(page(body))
    assert found.passages == STORY and found.standfirst != STORY[0]


def test_description_is_the_standfirst_when_the_page_shows_none():
    head = f'<meta property="og:description" content="{DEK}">'
    assert cleaned(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article>", head=head)).standfirst == DEK


def test_description_escaped_twice_is_decoded():
    head = ('<meta property="og:description" content="PARIS &amp;mdash; The council &amp;amp; the mayor agree '
            'on three new bus routes.">')
    found = cleaned(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article>", head=head))
    assert found.standfirst == "PARIS \u2014 The council & the mayor agree on three new bus routes."


def test_a_site_wide_tagline_is_no_standfirst():
    head = ('<meta name="description" content="Breaking News, Latest News and Current News from '
            'Example.com. Breaking news and video: World, Entertainment, Health, Business, Sports.">')
    assert cleaned(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article>", head=head)).standfirst is None


def test_description_that_repeats_the_first_paragraph_is_no_standfirst():
    head = f'<meta name="description" content="{STORY[0][:120]}...">'
    assert cleaned(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article>", head=head)).standfirst is None


@pytest.mark.parametrize("between", [
    "<div><p>https://cdn.example.com/img/104442/34/1044423427_0:0:1280:721_1200x675_80_0_0_"
    "f8d71a1e765d615bebe9e5ea2a17b718.jpg?width=1200&amp;height=675</p></div>",
    "<div class='image-caption'><p>Passengers wait at the central station on Monday, in the rain, "
    "as the first buses of the morning arrive late.</p></div>",
    "<div class='meta'>The Daily Example Published Monday, November 18, 2019 8:22AM EST</div>",
])
def test_captions_and_datelines_between_headline_and_body_are_no_lead(between):
    body = (f"<article><h1>{HEADLINE}</h1><div><p>{STORY[0]}</p></div>{between}"
            f"<div class='article-body'>{story_html(STORY[1:])}</div></article>")
    found = cleaned(page(body))
    assert found.passages == STORY


def test_the_article_record_keeps_the_standfirst_out_of_its_text():
    from indexer.extract import extract_text, load_context
    from indexer.index.schema import from_stored, to_document

    body = (f"<article><header><h1>{HEADLINE}</h1><p class='dek'>{DEK}</p></header>"
            f"<div class='article-body'>{story_html()}</div></article>")
    article = extract_text("news/bus.html", page(body), load_context(None))
    assert article.standfirst == DEK and DEK not in article.text and article.to_dict()["standfirst"] == DEK
    doc = to_document(article, "stamp")
    assert doc["body"].startswith(DEK) and from_stored(doc).standfirst == DEK


# --- the end of the article: labels, legal lines, ratings, related sections in any language ------


@pytest.mark.parametrize("heading", [
    "Das könnte Sie auch interessieren", "Mehr zum Thema:", "Temas relacionados", "À lire aussi",
    "Czytaj także", "Leggi anche", "Related stories", "12 Kommentare", "Te recomendamos", "About us",
])
def test_related_section_heading_in_several_languages_drops_its_section(heading):
    section = (f"<div><h3>{heading}</h3><p>A completely different report about the harbour, which has "
               "long paragraphs too, and would otherwise look like text.</p></div>")
    out = cleaned(article_with(section)).passages
    assert out == STORY


@pytest.mark.parametrize("line", [
    "Teilen", "Anzeige", "Loading...", "Wird geladen …", "© 2020 The Daily Example. All rights reserved.",
    "Copyright 2019 Hawaii News Now. All rights reserved.", "Alle Rechte vorbehalten.",
    "Foto: dpa", "Impressum | Datenschutz | Kontakt", "War dieser Artikel hilfreich?",
    "Was this article helpful?", "(95 Stimmen: 4,73 von 5)", "Sie sind aktuell nicht eingeloggt.",
    "Kommentare geschlossen | Trackback-URL", "Follow us on Twitter and Instagram @DailyExample",
    "Previous article: Council rejects tram plan", "Aktualisiert: 03.04.2020, 12:35", "Release Date:",
    "03.04.2020", "Tuesday, Nov 19, 2019 10:43 EST", "Dieses Skript als PDF herunterladen",
    "Abbildung: Vergleich der Fahrgastzahlen", "Beitragsbild",
    "https://cdn.example.com/img/104442/34/1044423427_0:0:1280:721_1200x675.jpg", "Please follow and like us:",
    "Get more of the Daily Example in your inbox", "Help support the Metric Foundation's mission to restore local news.",
    "Use of this material is strictly prohibited without express written consent.", "Video Loading",
    "Por FIDEL RENDÓN MATIENZO", "Von Max Muster und Erika Beispiel", "By Jane Roe, John Doe and Ann Poe",
])
def test_chrome_and_legal_lines_after_the_story_are_dropped(line):
    assert cleaned(article_with(f"<p>{line}</p>")).passages == STORY


@pytest.mark.parametrize("line", ["The vote is at 10:43 on Tuesday, and the public may attend.",
                                  "Von der Leyen said the European Union would help pay for the buses.",
                                  "By Tuesday the council had approved all three routes.",
                                  "Updated bus timetables for the new routes are published on the council's website."])
def test_lines_with_a_time_or_an_update_word_in_a_sentence_stay(line):
    assert cleaned(article_with(f"<p>{line}</p>")).passages == STORY + [line]


def test_a_sentence_that_starts_like_a_legal_line_stays():
    sentence = ('Privacy, like environmental sustainability, is not a "bolt-on thing," the chief '
                "executive said, but part of who the company is.")
    assert cleaned(article_with(f"<p>{sentence}</p>")).passages == STORY + [sentence]


@pytest.mark.parametrize("line", [
    "Subscribe now to our e-edition for the full story.",
    "To view the full story, please subscribe to The Daily Example.",
    "Never miss the latest news by signing up for our morning newsletter.",
    "For the latest stories and breaking news updates download the Daily Example app.",
    "Síguenos en Telegram, Instagram, Facebook y Twitter para recibir toda la información.",
    "Jetzt abonnieren und weiterlesen!",
])
def test_calls_to_subscribe_or_follow_are_dropped(line):
    assert cleaned(article_with(f"<p>{line}</p>")).passages == STORY


def test_a_trailing_heading_without_paragraphs_ends_the_article():
    box = "<h3>Participating blogs:</h3><p>Anna K.</p><p>Ben R.</p>"
    assert cleaned(article_with(box)).passages == STORY


def test_a_trailing_heading_over_a_list_is_content():
    items = ["Poland: fourth appearance", "France: tenth appearance", "Turkey: fifth appearance"]
    table = "<h3>The qualified teams</h3><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
    assert cleaned(article_with(table)).passages == STORY + ["The qualified teams"] + items


# --- class words that must not veto the body ----------------------------------------------------

WEATHER = ("<aside><p>Weather in the valley today: sunny spells, a light breeze from the west and "
           "highs of 21 degrees, with showers expected later in the evening and overnight.</p>"
           "<p>Tomorrow: cloudy, with highs of 18 degrees and a chance of rain in the afternoon, clearing later.</p>"
           "</aside>")
COMMENTS = ("<section class='comments'>" + "<div class='comment'><p>I think this is a great idea, the buses are "
            "always full in the morning and nobody can get a seat anymore, so three more routes will help.</p></div>"
            * 4 + "</section>")


@pytest.mark.parametrize("cls", [
    "paywall", "paywalled", "subscriber-only", "premium", "premium-only", "is-locked metered",
    "members-only", "subscribers", "subscription-wall", "piano-locked",
])
def test_paywall_and_subscriber_words_on_the_body_do_not_veto_it(cls):
    """A paywalled page shows a short teaser of the story: a weather widget must not win."""
    body = f"<main><h1>{HEADLINE}</h1><div class='{cls}'>{story_html(STORY[:2])}</div>{COMMENTS}</main>{WEATHER}"
    assert cleaned(page(body)).passages == STORY[:2]


def test_a_subscription_box_is_still_furniture():
    box = ("<div class='subscription-box'><p>Subscribers get unlimited access to every story, the "
           "e-paper and our puzzles, for less than a coffee a week. Cancel at any time.</p></div>")
    assert cleaned(article_with(box)).passages == STORY


# --- short articles: a box next to them must not win or join ---------------------------------------

SHORT = STORY[:2]


def short_article(box: str) -> str:
    return page(f"<main><h1>{HEADLINE}</h1><div class='c'>{story_html(SHORT)}</div>{box}</main>")


@pytest.mark.parametrize("box", [
    "<div class='box'><h3>Got a tip?</h3><p>Send us a tip: if you know something about the council, the buses "
    "or anything else in town that we should look into, write to our newsroom. We read every message and "
    "protect our sources, always.</p></div>",
    "<form action='/register'><p>Create a free account to keep reading: registered readers get three more "
    "stories every month, our morning newsletter and the weekly puzzle, and they can comment on every "
    "article.</p><label>Email</label><input name='email'><button>Register</button></form>",
    "<div class='slideshow'>" + "".join(
        f"<div class='slide'><p>Slide {i}: the new buses lined up at the depot on Monday morning, before "
        "their first trip through the eastern suburbs.</p></div>" for i in range(1, 3)) + "</div>",
    "<div class='teasers'>" + "".join(
        f"<div><h3><a href='/s{i}'>Another story about the city budget and its consequences, part {i}</a></h3>"
        "<p>The budget debate goes on, with the mayor and the council at odds over the new routes.</p></div>"
        for i in range(1, 5)) + "</div>",
])
def test_a_box_next_to_a_short_article_neither_wins_nor_joins(box):
    assert cleaned(short_article(box)).passages == SHORT


def test_a_gallery_article_keeps_its_slides():
    slides = "".join(f"<div class='gallery-slide'><h2>{i}. Stop {i}</h2><p>{p}</p></div>"
                     for i, p in enumerate(STORY, start=1))
    body = f"<main><div class='gallery-wrapper'><h1>{HEADLINE}</h1>{slides}</div></main>"
    assert [p for p in cleaned(page(body)).passages if p in STORY] == STORY


# --- bodies split by ads, listicles, lists ---------------------------------------------------------


def test_a_named_body_split_by_an_ad_keeps_both_parts():
    body = (f"<article><h1>{HEADLINE}</h1><div class='article-body'>{story_html(STORY[:2])}</div>"
            "<div class='ad-slot'><span>Advertisement</span><a href='/ads'>About our ads</a></div>"
            f"<div class='article-body'>{story_html(STORY[2:])}</div>"
            "<div class='promo'><p>Join our forums to keep talking about the city, its buses and "
            "everything else, every day of the week.</p></div></article>")
    assert cleaned(page(body)).passages == STORY


PLACES = [("1. The harbour steps", "Locals sit here at sunset with an ice cream, and the view of the old "
           "lighthouse is free."),
          ("2. The covered market", "Open every morning but Sunday, with bread, cheese and fish from the "
           "boats that came in at dawn."),
          ("3. The cliff path", "An hour's walk to the next village, steep in places, with benches and "
           "a café halfway."),
          ("4. The old cinema", "Restored by volunteers, it shows films every Friday and Saturday "
           "night, and tickets cost five euros.")]


def test_a_listicle_keeps_every_subhead_and_paragraph():
    items = "".join(f"<div class='item'><h2>{h}</h2><img src='x.jpg'><p>{p}</p></div>" for h, p in PLACES)
    body = f"<article><h1>{HEADLINE}</h1><p>{STORY[0]}</p>{items}</article>"
    assert cleaned(page(body)).passages == [STORY[0]] + [t for pair in PLACES for t in pair]


def test_a_listicle_with_linked_subheads_keeps_its_paragraphs():
    """A linked subhead over a single short paragraph is a teaser list (see demote_teasers); with
    more than one paragraph under each linked subhead, the items are the article."""
    more = "It is busiest on weekends, so come early in the day if you can."
    items = "".join(f"<div class='item'><h2><a href='/p{n}'>{h}</a></h2><p>{p}</p><p>{more}</p></div>"
                    for n, (h, p) in enumerate(PLACES))
    body = f"<article><h1>{HEADLINE}</h1><p>{STORY[0]}</p>{items}</article>"
    assert cleaned(page(body)).passages == [STORY[0]] + [t for _, p in PLACES for t in (p, more)]


def test_a_bulleted_list_inside_the_body_is_kept():
    bullets = ["Route 12 to the harbour", "Route 14 to the <a href='/stadium'>stadium</a>", "Route 15 to the airport"]
    body = (f"<article><h1>{HEADLINE}</h1>{story_html(STORY[:2])}<ul>" + "".join(f"<li>{b}</li>" for b in bullets)
            + f"</ul>{story_html(STORY[2:])}</article>")
    assert cleaned(page(body)).passages == STORY[:2] + [
        "Route 12 to the harbour", "Route 14 to the stadium", "Route 15 to the airport"] + STORY[2:]


# --- embedded posts, video promos, bios, captions and credits -------------------------------------


@pytest.mark.parametrize("embed", [
    "<blockquote class='instagram-media'><div><a href='https://instagram.com/p/x'>View this post on Instagram</a>"
    "</div><p><a href='https://instagram.com/p/x'>A post shared by Jane Roe (@janeroe)</a> on Nov 3, 2019 at "
    "10:12am PST</p></blockquote>",
    "<blockquote class='tiktok-embed'><section><a href='/@bus'>@citybus</a><p>First ride on the new route, "
    "what a view of the harbour from the top deck, honestly the best bus in town.</p>"
    "<a href='/music'>♬ original sound - citybus</a></section></blockquote>",
    "<div class='fb-post'><p>The Daily Example posted: the new buses are here! Come and see them at the depot "
    "on Saturday, with free rides for everyone all day long.</p></div>",
])
def test_embedded_social_posts_are_dropped(embed):
    assert cleaned(article_with(embed, before="")).passages == STORY


def test_embedded_tweet_keeps_its_words():
    """Annotators of the article-extraction benchmark keep a quoted tweet's words as article text."""
    tweet = ("<blockquote class='twitter-tweet'><p>The new routes start in March. We will publish the "
             "timetable next week.</p>&mdash; City Council (@citycouncil) "
             "<a href='https://twitter.com/x/status/1'>November 18, 2019</a></blockquote>")
    out = cleaned(article_with(tweet)).passages
    assert "The new routes start in March. We will publish the timetable next week." in out


def test_video_promo_module_is_dropped():
    promo = ("<div class='media'><h3>JUST WATCHED</h3><div><a href='/v1'>Buses of the world: a tour</a></div>"
             "<p>Replay</p><p>More Videos ...</p><div><a href='/v2'>How a bus depot works (02:14)</a></div>"
             "<p>A look inside the depot where the city's 200 buses are cleaned and repaired every night.</p></div>")
    assert cleaned(article_with(promo)).passages == STORY


@pytest.mark.parametrize("bio", [
    "<div class='author-bio'><p>Jane Roe is a reporter covering transport and city hall. Follow her on "
    "Twitter.</p></div>",
    "<p><em>Jane Roe is a senior reporter at The Daily Example, where she covers transport and city hall.</em></p>",
    "<h3>About the author</h3><p>Jane Roe has covered the city for twenty years and lives near the harbour.</p>",
])
def test_author_bio_after_the_story_is_dropped(bio):
    assert cleaned(article_with(bio)).passages == STORY


def test_a_sentence_about_a_reporter_inside_the_story_stays():
    inside = "Jane Roe is a reporter who was fined by the council last year, and she says she will appeal."
    text = page(f"<article><h1>{HEADLINE}</h1>{story_html(STORY[:2] + [inside] + STORY[2:])}</article>")
    assert cleaned(text).passages == STORY[:2] + [inside] + STORY[2:]


@pytest.mark.parametrize("caption", [
    "<p>Photo: Getty Images</p>",
    "<p>A bus at the central station on Monday. (Photo: John Doe/Getty Images)</p>",
    "<p>Passengers board a bus in the rain. Foto: Max Muster/dpa</p>",
    "<p>FILE PHOTO: The mayor speaks at the depot in Springfield, Illinois, January 2, 2019. REUTERS/Jane Roe</p>",
    "<div class='wp-caption'><img src='a.jpg'><p class='wp-caption-text'>The mayor at the depot.</p></div>",
])
def test_photo_captions_and_credits_are_dropped(caption):
    text = page(f"<article><h1>{HEADLINE}</h1>{story_html(STORY[:2])}{caption}{story_html(STORY[2:])}</article>")
    assert cleaned(text).passages == STORY


def test_an_h1_that_is_not_the_title_does_not_cut_the_story_before_it():
    body = (f"<div id='content'><h2>News</h2>{story_html()}<h1>Dates and results</h1>"
            "<p>See the calendar for the next meetings of the council and its committees.</p></div>")
    out = cleaned(page(body, title="Synchronised swimming - News")).passages
    assert [p for p in out if p in STORY] == STORY


def test_a_short_noscript_notice_is_not_the_page():
    body = "<div id='app'></div><noscript>Please enable JavaScript to read this site.</noscript>"
    assert cleaned(page(body)).passages == []
