"""Cleaning scraped plain text: header lines, chrome, captions, appeals, passages."""

from indexer.extract.plaintext import author_from_lines, clean_text
from indexer.extract.outlets import load_registry

REGISTRY = load_registry()


def clean(text, **kw):
    return clean_text(text, is_outlet=lambda line: REGISTRY.canonical(line) is not None, **kw)


def test_header_line_glued_to_page_text():
    page = clean(" date 2024-11-18 An official website of the United States Government \n"
                 "Troops Enter Kursk\n\nBody text that is long enough to be a paragraph of the article.")
    assert page.header == {"date": "2024-11-18"}
    assert page.title == "Troops Enter Kursk"
    assert page.passages == ["Body text that is long enough to be a paragraph of the article."]


def test_header_fields_url_outlet_author():
    page = clean(" url https://www.newsweek.com/x-123 Share\n outlet Newsweek\n author Jane Doe\n"
                 "Headline\n\nBody.")
    assert page.header == {"url": "https://www.newsweek.com/x-123", "outlet": "Newsweek", "author": "Jane Doe"}
    assert page.title == "Headline" and page.passages == ["Body."]


def test_a_source_line_in_the_story_is_not_a_header():
    page = clean("Headline\n\nSource: Ukrinform, citing a spokesperson\n\nBody.")
    assert page.header == {}
    assert page.passages[0] == "Source: Ukrinform, citing a spokesperson"


def test_chrome_lines_are_dropped_and_title_is_the_headline():
    page = clean("Share\n\nReal Headline Here\n\nAll Sections\nCopy Link\nEmail Facebook X LinkedIn WhatsApp\n"
                 "The first paragraph of the story.")
    assert page.title == "Real Headline Here"
    assert page.passages == ["The first paragraph of the story."]


def test_outlet_line_and_dateline_before_headline():
    page = clean("U.S. Department of Defense\n\n10/31/2024 | News release | Distributed by Public\n\n"
                 "The Headline\n\nThe story begins here.")
    assert page.title == "The Headline"
    assert page.top_lines == ["U.S. Department of Defense", "10/31/2024 | News release | Distributed by Public"]
    assert page.passages == ["The story begins here."]


def test_dateline_and_byline_after_headline_go_to_the_header_area():
    page = clean("Headline\n\nNov. 18, 2024 | By David Vergun, DOD News\n\nStory.")
    assert page.top_lines == ["Nov. 18, 2024 | By David Vergun, DOD News"]
    assert page.passages == ["Story."]


def test_chrome_lines_of_other_languages_and_legal_lines_are_dropped():
    page = clean("Schlagzeile hier\n\nDer erste Absatz der Geschichte.\n\nTeilen\n\nAnzeige\n\n"
                 "Der zweite Absatz.\n\n© 2024 Die Zeitung. Alle Rechte vorbehalten.\n\nImpressum | Datenschutz")
    assert page.passages == ["Der erste Absatz der Geschichte.", "Der zweite Absatz."]


def test_german_photo_credit_drops_its_caption_block():
    page = clean("Headline\n\nStory one.\n\nDer Minister am Dienstag in Berlin.\nFoto: dpa\n\nStory two.")
    assert page.passages == ["Story one.", "Story two."]


def test_image_block_with_download_credit_and_virin_is_dropped():
    page = clean("Headline\n\nFirst paragraph of the story, long enough to count as body text here.\n\n"
                 "An aerial view of the Pentagon, May 15, 2023.\nDownload: Full Size (5.2 MB)\n"
                 "Credit: Air Force Staff Sgt. John Wright, DOD\nVIRIN: 230515-D-KY598-1364\n\nSecond.")
    assert page.passages == ["First paragraph of the story, long enough to count as body text here.", "Second."]


def test_lone_credit_drops_the_caption_before_it():
    page = clean("Headline\n\nStory one.\n\nLloyd Austin\nAustin is seen with the minister on October 30, "
                 "2024. During the meeting…\n\n\nAP Photo/Kevin Wolf/AP Photo/Kevin Wolf\n\nStory two.")
    assert page.passages == ["Story one.", "Story two."]


def test_inline_photo_credit_line_is_dropped():
    page = clean("Headline\n\nJane DoeTuesday, 3 December 2024, 03:06\nPat Ryder. Photo: Getty Images\n\nStory.")
    assert page.top_lines == ["Jane DoeTuesday, 3 December 2024, 03:06"]
    assert page.passages == ["Story."]


def test_caption_ending_in_a_date_is_dropped():
    page = clean("Headline\n\nStory.\n\nPentagon Press Secretary Pat Ryder conducts a press briefing at the "
                 "Pentagon, Nov. 4, 2024.\n\nMore story.")
    assert page.passages == ["Story.", "More story."]


def test_donation_appeal_ends_the_article():
    page = clean("Headline\n\n" + "A long paragraph of story text that goes on for a while. " * 2 +
                 "\n\nSupport UP or become our patron!\n\nNorth Korea\nRelated headline one\nRelated two")
    assert len(page.passages) == 1


def test_source_link_ends_the_article():
    page = clean("Headline\n\n" + "Story text " * 10 + "\n\nSource link\n\nTrailing junk")
    assert page.passages[-1].startswith("Story text")
    assert len(page.passages) == 1


def test_bullets_become_passages_and_wrapped_lines_join():
    page = clean("Headline\n\nBackground:\n\n  • First item.\n\n  • Second item.\n\n"
                 "A paragraph that was\nhard wrapped over\nthree lines.")
    assert page.passages == ["Background:", "First item.", "Second item.",
                             "A paragraph that was hard wrapped over three lines."]


def test_long_lines_in_one_block_stay_separate_passages():
    one, two = "x " * 60, "y " * 60
    page = clean(f"Headline\n\n{one}\n{two}")
    assert page.passages == [one.strip(), two.strip()]


def test_markdown_title_front_matter_links_and_emphasis():
    page = clean("---\ntitle: Front Title\ndate: 2024-11-04\nauthor: Jane Doe\n---\n# Heading One\n\n"
                 "Some **bold** and [a link](https://example.com/x) and ![img](a.png) text.\n\n## Sub\n\n- item",
                 markdown=True)
    assert page.header == {"title": "Front Title", "date": "2024-11-04", "author": "Jane Doe"}
    assert page.passages == ["Some bold and a link and text.", "Sub", "item"]


def test_text_without_headline_gets_its_first_sentence_as_title():
    page = clean("This is a long first paragraph without any headline above it, and it goes on and on "
                 "for well over two hundred characters so that it cannot be a headline at all. It has "
                 "a second sentence too, which makes it long enough.")
    assert page.title.startswith("This is a long first paragraph")
    assert len(page.passages) == 1


def test_author_from_byline_or_glued_dateline():
    assert author_from_lines(["Nov. 18, 2024 | By David Vergun, DOD News"]) == "David Vergun"
    assert author_from_lines(["Olha HlushchenkoTuesday, 3 December 2024, 03:06"]) == "Olha Hlushchenko"
    assert author_from_lines(["November 4, 2024"]) is None


def test_the_source_address_in_its_usual_forms():
    body = "Headline\n\nThe story, long enough to be a paragraph of the article text.\n"
    for text in [" url https://www.example.com/a\n" + body, "URL: https://www.example.com/a\n" + body,
                 "url: https://www.example.com/a\n" + body, "Source: https://www.example.com/a\n" + body,
                 "Link: <https://www.example.com/a>\n" + body, "https://www.example.com/a\n" + body,
                 body + "\nSource: https://www.example.com/a\n", body + "\nOriginally published at https://www.example.com/a\n"]:
        page = clean(text)
        assert page.header.get("url") == "https://www.example.com/a", text
        assert page.passages == ["The story, long enough to be a paragraph of the article text."], text


def test_a_source_line_without_an_address_is_not_the_url():
    page = clean("Headline\n\nSource: Ukrinform, citing a spokesperson\n\nBody.\n\nSource: the ministry\n")
    assert "url" not in page.header and page.passages[-1] == "Source: the ministry"
