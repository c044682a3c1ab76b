"""Precision rules of the HTML cleaner's second round (issue 12): one small synthetic page per rule.

What must go: placeholder text, live-blog times, inline teasers, prompts to pay, subscribe or
accept cookies in other languages, symbol-marked captions, a page footer standing in for a story
drawn by script, what follows the article's end marker, date rows; and, beside each, what must
stay.
"""

from __future__ import annotations

import pytest

from indexer.extract import html
from indexer.extract.html.body import is_chrome_line, is_section_heading
from test_html import HEADLINE, STORY, page, story_html


def cleaned(text: str) -> html.CleanPage:
    soup = html.parse(text)
    return html.clean(soup, html.page_metadata(soup))


def passages_with(inside: str, after: str = "") -> list[str]:
    """Our passages of the story in an article element, ``inside`` inserted after its second
    paragraph and ``after`` after its last."""
    body = story_html(STORY[:2]) + inside + story_html(STORY[2:]) + after
    return cleaned(page(f"<article><h1>{HEADLINE}</h1>{body}</article>")).passages


LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
         "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco.")
TEASER = "Free rides for pupils in the first month, mayor says."  # after a story of 600 characters


def test_placeholder_text_is_never_a_passage():
    assert passages_with(f"<p>{LOREM}</p>") == STORY


def test_a_page_showing_only_placeholder_text_has_no_passages():
    gated = f"<article><h1>{HEADLINE}</h1>" + f"<p>{LOREM}</p>" * 4 + "</article>"
    assert cleaned(page(gated)).passages == []


@pytest.mark.parametrize("stamp", ["6:14 a.m.", "11:02 p.m. ET", "Thursday", "Mittwoch",
                                   "PTI | July 9, 2020 | Updated 08:24 IST"])
def test_times_weekdays_and_date_rows_are_not_passages(stamp):
    assert passages_with(f"<p>{stamp}</p>") == STORY


@pytest.mark.parametrize("line", ["At 6:14 a.m. the first bus left the depot with twelve people on board.",
                                  "7th Amsterdam Light Festival 29 November 2018 | 20 January 2019"])
def test_sentences_and_event_rows_with_a_date_stay(line):
    assert line in passages_with(f"<p>{line}</p>")


@pytest.mark.parametrize("teaser", ["MUST READ | Council names a new transit chief after a long search",
                                    "READ MORE: Bus fares to rise by ten cents in January",
                                    "Lesen Sie auch: Der Stadtrat streitet über neue Radwege",
                                    "Czytaj także: Rada miasta głosuje nad budżetem"])
def test_inline_teasers_are_dropped(teaser):
    assert passages_with(f"<p>{teaser}</p>") == STORY


def test_a_sentence_mentioning_reading_stays():
    line = "Read the full report, the council member said, before you judge the plan."
    assert line in passages_with(f"<p>{line}</p>")


@pytest.mark.parametrize("prompt", [
    "Få fuld adgang til alle artikler – prøv en måned gratis",
    "Wypróbuj prenumeratę za 1 zł i czytaj bez ograniczeń",
    "Jetzt weiterlesen mit Plus: alle Artikel für 0,99 € im ersten Monat",
    "Cet article est réservé aux abonnés.",
    "Este contenido es exclusivo para suscriptores.",
    "We use cookies to improve your experience on our site.",
    "Never miss the latest news by signing up to our free newsletter.",
    "For the latest stories download the Daily Example apps for iOS and Android.",
    "不用抽 不用搶 現在用APP看新聞 點我下載APP 按我看活動辦法",
])
def test_paywall_newsletter_consent_and_app_prompts_are_dropped(prompt):
    assert passages_with(f"<p>{prompt}</p>") == STORY


@pytest.mark.parametrize("caption", ["▲ Council members vote on the plan on Tuesday. Photo by Kim Min-ji",
                                     "Borítókép: A tanács ülése kedden",
                                     "Фото: РИА Новости"])
def test_symbol_marked_and_foreign_photo_captions_are_dropped(caption):
    assert passages_with(f"<p>{caption}</p>") == STORY


LEGAL = ("The Daily Example is published by Example Media Group, registered office 1 Main Street, "
         "Springfield. Registered in England and Wales under company number 01234567. All content "
         "is protected by law and may be used only under the terms of our licence, which you "
         "accept by using this site and its services in any form.")


def test_a_page_footer_never_stands_in_for_a_story_drawn_by_script():
    drawn_by_script = page(f"<h1>{HEADLINE}</h1><div id='root'></div>"
                           f"<footer><p>{LEGAL}</p><p>{LEGAL}</p></footer>")
    assert cleaned(drawn_by_script).passages == []


def test_the_story_next_to_a_long_footer_is_kept():
    found = cleaned(page(f"<article><h1>{HEADLINE}</h1>{story_html()}</article><footer><p>{LEGAL}</p></footer>"))
    assert found.passages == STORY


@pytest.mark.parametrize("marker", ["Te recomendamos ⬇", "【熱門點閱】", "© 2020 The Daily Example. All rights reserved.",
                                    "Related Links"])
def test_the_article_ends_at_a_label_or_a_dated_legal_line(marker):
    assert passages_with("", after=f"<p>{marker}</p><p>{TEASER}</p>") == STORY


def test_a_label_or_a_photo_credit_inside_the_story_ends_nothing():
    assert passages_with("<p>Advertisement</p>") == STORY
    assert passages_with("<p>© Bild: WERK/Jane Roe</p>") == STORY


def test_a_label_followed_by_much_of_the_story_ends_nothing():
    # "Related Links" after the first paragraph of four: most of the story follows it
    body = story_html(STORY[:1]) + "<p>Related Links</p>" + story_html(STORY[1:])
    assert cleaned(page(f"<article><h1>{HEADLINE}</h1>{body}</article>")).passages == STORY


def test_a_label_may_end_in_an_arrow():
    assert is_section_heading("Te recomendamos ⬇") and is_section_heading("Read more \u25b6")
    assert is_chrome_line("© 2000-2020 Example. All Rights Reserved. Example® and the Example logo are "
                          "registered trademarks of Example Media Group in many countries.")


@pytest.mark.parametrize("line", [
    "Möchten Sie den Artikel teilen?",
    "Gefällt dir unser Magazin? Dann unterstütze uns mit einem Abo.",
    "Die aktuelle Ausgabe jetzt an jedem Bahnhofskiosk, im Abo und als e-Paper erhältlich.",
    "¿Ya sabías que tenemos canal de Telegram? Únete desde tu celular.",
    "First-time subscribers also receive a welcome gift.",
    "Dieser Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.",
    "Bei den Verlinkungen handelt es sich um Affiliate Links.",
    "(Alle Angaben ohne Gewähr)",
    "Warning: Creating default object from empty value in /www/wp-includes/classes.php on line 407",
    "Informationsschreiben vom 14. Oktober 2021 PDF | 38 KB | Datei ist nicht barrierefrei",
    "Marco Odermatt, Ski-Star aus der Schweiz. © AFP / MARCO BERTORELLO",
])
def test_share_print_edition_and_channel_prompts_disclaimers_and_credits_are_dropped(line):
    assert passages_with(f"<p>{line}</p>") == STORY


def test_a_sentence_about_sharing_or_subscribers_stays():
    line = "The council will share the cost with the county, and subscribers to the bus pass pay less."
    assert line in passages_with(f"<p>{line}</p>")


def test_a_wire_sign_off_ends_the_web_article_too():
    sign_off = "(Reporting by Jane Roe; Editing by John Doe)"
    assert passages_with("", after=f"<p>{sign_off}</p>") == STORY
    last = STORY[-1] + " (Additional reporting by Max Muster)"
    found = cleaned(page(f"<article><h1>{HEADLINE}</h1>{story_html(STORY[:-1] + [last])}</article>")).passages
    assert found == STORY
