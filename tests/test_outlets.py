"""The outlet registry: aliases, sites, text signals, user extensions."""

import pytest

from indexer.corpus.control import ControlFileError
from indexer.extract.outlets import Outlets, load_registry

REGISTRY = load_registry()


def test_aliases_map_to_one_name():
    for alias in ["DOD News", "dod news", "Department of Defense", "U.S. Department of Defense"]:
        assert REGISTRY.canonical(alias) == "U.S. Department of Defense"
    assert REGISTRY.canonical("Some Blog") is None
    assert REGISTRY.normalize("  Some   Blog ") == "Some Blog"


def test_site_of_a_url_including_subdomains():
    assert REGISTRY.from_url("https://www.newsweek.com/north-korea-123") == "Newsweek"
    assert REGISTRY.from_url("https://www.pravda.com.ua/eng/news/2024/12/03/1/") == "Ukrainska Pravda"
    assert REGISTRY.from_url("https://edition.cnn.com/x") == "CNN"
    assert REGISTRY.from_url("https://notnewsweek.com/x") is None
    assert REGISTRY.from_url("not a url") is None


def test_text_signals():
    assert REGISTRY.from_text(["Story.", "Support UP or become our patron!"]) == "Ukrainska Pravda"
    assert REGISTRY.from_text(["WASHINGTON, Nov 4 (Reuters) - The Pentagon said"]) == "Reuters"
    assert REGISTRY.from_text(["Nov. 18, 2024 | By David Vergun, DOD News"]) == "U.S. Department of Defense"
    assert REGISTRY.from_text(["U.S. Department of Defense", "Headline"]) == "U.S. Department of Defense"
    assert REGISTRY.from_text(["Fellow Samuel Cranny-Evans told Newsweek for a previous story"]) == "Newsweek"


def test_no_signal_means_unknown():
    assert REGISTRY.from_text(["The New York Times reported that", "He told reporters"]) is None


def test_corpus_file_extends_the_registry(tmp_path):
    (tmp_path / "outlets.csv").write_text("outlet,kind,value\nKyiv Post,domain,kyivpost.com\n"
                                          "Kyiv Post,alias,KP\n")
    registry = load_registry(tmp_path)
    assert registry.from_url("https://www.kyivpost.com/post/1") == "Kyiv Post"
    assert registry.canonical("KP") == "Kyiv Post"
    assert registry.canonical("DOD News") == "U.S. Department of Defense"


@pytest.mark.parametrize("text, message", [
    ("outlet,kind,value\nX,colour,blue\n", "outlets.csv line 2: expected 'outlet,kind,value' with kind alias"),
    ("outlet,kind,value\n# a comment\nX,signal,(unclosed\n", "outlets.csv line 3: bad regular expression '(unclosed'"),
    ("X,alias\n", "outlets.csv line 1: expected 'outlet,kind,value': ['X', 'alias']"),
])
def test_bad_rows_are_explained(text, message):
    with pytest.raises(ControlFileError) as caught:
        Outlets.load(text)
    assert str(caught.value).startswith(message)


def test_a_bad_corpus_file_names_its_path(tmp_path):
    (tmp_path / "outlets.csv").write_bytes(b"\x00\x01binary")
    with pytest.raises(ControlFileError, match=r"outlets.csv: binary data") as caught:
        load_registry(tmp_path)
    assert caught.value.file == str(tmp_path / "outlets.csv") and caught.value.line is None


def test_site_of_an_unknown_url_is_its_host():
    assert REGISTRY.site("https://www.slashgear.com/story-1/") == "slashgear.com"
    assert REGISTRY.site("https://www.newsweek.com/x") == "Newsweek"
    assert REGISTRY.site("mailto:x") is None and REGISTRY.site(None) is None


def test_page_metadata_choice_prefers_the_pages_own_site():
    choose = REGISTRY.from_metadata
    # a known site name wins, read part by part
    assert choose("The Jerusalem Post | JPost.com", "Reuters", None) == "The Jerusalem Post"
    # a site name that is no outlet gives way to the URL's known site
    assert choose("U.S.", "Reuters", "https://www.reuters.com/article/x") == "Reuters"
    # the page's own (unknown) site name beats the wire service named as publisher
    assert choose("Connecticut Post", "Associated Press", "https://www.ctpost.com/x") == "Connecticut Post"
    assert choose(None, "Associated Press", None) == "Associated Press"
    assert choose("TheHill", None, None) == "The Hill"            # spacing variants are one outlet
    assert choose(None, None, None) is None


# --- a source URL always gives an outlet -------------------------------------------------------

from indexer.extract import Context, extract_text  # noqa: E402
from indexer.extract import domains, outlet_signals as signals  # noqa: E402
from indexer.extract.outlets import Clues, skeleton  # noqa: E402
from indexer.corpus.manifest import Manifest  # noqa: E402


def extract(path, text, manifest=None):
    return extract_text(path, text, Context(outlets=REGISTRY, manifest=manifest or Manifest()))


@pytest.mark.parametrize("url, domain", [
    ("https://www.hollywood-house.com/news/1", "hollywood-house.com"),
    ("http://news.bbc.co.uk/2/hi/x.stm", "bbc.co.uk"),              # a public suffix of two labels
    ("https://stories.example.co.jp:8080/a?b=c", "example.co.jp"),
    ("https://someone.blogspot.com/2020/01/x.html", "someone.blogspot.com"),   # a private suffix: the blog
    ("https://WWW.Example.ORG./x", "example.org"),
    ("https://xn--80ak6aa92e.com/x", "аррӏе.com"),                 # punycode shown as written
    ("https://web.archive.org/web/20190717140047/http://www.modabot.de/x", "modabot.de"),
    ("example.com/page", "example.com"),
])
def test_registrable_domain(url, domain):
    assert domains.registrable_domain(url) == domain


@pytest.mark.parametrize("url", ["http://127.0.0.1/x", "http://[::1]/x", "http://localhost/x", "https://co.uk/",
                                 "mailto:x@y", "", None, "http://exa mple.com/"])
def test_no_registrable_domain(url):
    assert domains.registrable_domain(url) is None


def test_site_of_an_unknown_url_is_its_registrable_domain():
    assert REGISTRY.site("https://www.hollywood-house.com/a/b") == "hollywood-house.com"
    assert REGISTRY.site("https://edition.cnn.com/x") == "CNN"


def test_plain_text_with_a_url_header_always_has_an_outlet():
    text = " url https://www.hollywood-house.com/celebs/1\nA headline\n\nSome story text here.\n"
    assert extract("a.txt", text).outlet == "hollywood-house.com"
    # a text name that agrees with the site is the nicer name of the same outlet
    text2 = text + "\n© 2024 Hollywood House\n"
    assert extract("a.txt", text2).outlet == "Hollywood House"
    # one that does not agree is not the site's (a parent company, a quoted outlet)
    text3 = text + "\n© 2024 Cruz Bay Publishing, Inc.\n\nLONDON (Reuters) - x\n"
    assert extract("a.txt", text3).outlet == "hollywood-house.com"


def test_a_url_from_the_manifest_gives_the_outlet():
    manifest = Manifest(rows={"a.txt": {"url": "https://www.hollywood-house.com/x"}})
    assert extract("a.txt", "A headline\n\nStory text.\n", manifest).outlet == "hollywood-house.com"
    assert extract("a.txt", "A headline\n\nStory text.\n").outlet is None


def test_web_page_with_only_a_url_gets_the_domain():
    page = ('<html><head><title>A story</title><link rel="canonical" href="https://www.hollywood-house.com/x">'
            '</head><body><h1>A story</h1><p>' + "Story text. " * 20 + '</p></body></html>')
    assert extract("a.html", page).outlet == "hollywood-house.com"


def test_a_tagline_as_site_name_gives_way_to_the_domain():
    page = ('<html><head><meta property="og:site_name" content="Expert how-to for English Riders">'
            '<meta property="og:url" content="https://practicalhorsemanmag.com/news/x"></head>'
            '<body><p>' + "Story text. " * 20 + '</p></body></html>')
    assert extract("a.html", page).outlet == "practicalhorsemanmag.com"


# --- text signals --------------------------------------------------------------------------------

@pytest.mark.parametrize("line, name", [
    ("© 2024 The Korea Herald", "The Korea Herald"),
    ("Copyright © 2020 The Seattle Times. All rights reserved.", "The Seattle Times"),
    ("Copyright (C)  EnterMedia.co.kr . All right reserved.", "entermedia.co.kr"),
    ("Правовая информация © vse-diety.com , 2008", "vse-diety.com"),
    ("©2019 Ascom", "Ascom"),
    ("© 2019 by Cruz Bay Publishing, Inc., an Active Interest Media company", "Cruz Bay Publishing"),
    ("Copyright 2016 The Associated Press. All rights reserved.", "The Associated Press"),
])
def test_copyright_notices(line, name):
    assert signals.copyright_names([line]) == [name]


@pytest.mark.parametrize("line", ["(c) the third item of the list", "© All rights reserved",
                                  "Photo: © Getty Images / some photographer with a long credit " * 8])
def test_no_name_in_copyright_lines(line):
    assert signals.copyright_names([line]) == []


def test_published_by_and_about_lines():
    assert signals.published_by_names(["This article was originally published by The Conversation."]) == \
        ["The Conversation"]
    assert signals.published_by_names(["Published by Khaleej Times on 3 May 2024"]) == ["Khaleej Times"]
    assert signals.published_by_names(["The book was published by Penguin in 2001."]) == []
    assert signals.about_names(["The Kyiv Independent is an independent English-language media outlet."]) == \
        ["The Kyiv Independent"]
    assert signals.about_names(["Meduza is a Russian news site based in Riga."]) == ["Meduza"]
    assert signals.about_names(["Greenpeace is an independent campaigning organisation."]) == []


def test_title_suffix():
    assert signals.title_suffix("Floods in Seoul | The Korea Herald") == ("The Korea Herald", "|")
    assert signals.title_suffix("Floods hit Dubai - Khaleej Times") == ("Khaleej Times", "-")
    assert signals.title_suffix("Russia-Ukraine war - live") is None          # not a name
    assert signals.title_suffix("Floods") is None


def test_a_dash_suffix_needs_confirmation():
    # " - Name" may be the end of a headline; it counts when another statement names the same outlet
    assert REGISTRY.from_text(["Trump made a decision - Refused Immediately", "Story."],
                              title="Trump made a decision - Refused Immediately") is None
    lines = ["Floods hit Seoul - Entermedia", "Story.", "Copyright (C) EnterMedia.co.kr . All right reserved."]
    assert REGISTRY.from_text(lines, title=lines[0]) == "Entermedia"
    assert REGISTRY.from_text(["Floods | Gulf Daily Mirror", "Story."], title="Floods | Gulf Daily Mirror") == \
        "Gulf Daily Mirror"


def test_byline_credits():
    assert signals.byline_names(["By Jane Doe, The Korea Herald"]) == ["The Korea Herald"]
    assert signals.byline_names(["By Jane Doe / Gulf Daily Mirror"]) == ["Gulf Daily Mirror"]
    assert signals.byline_names(["By Jane Doe, Staff Writer"]) == []
    assert signals.byline_names(["By Jane Doe, Senior Correspondent"]) == []
    assert REGISTRY.from_text(["A headline", "By Jane Doe, CNN", "Story."]) == "CNN"


@pytest.mark.parametrize("name, ok", [
    ("The Korea Herald", True), ("Українська правда", True), ("연합뉴스", True), ("vse-diety.com", True),
    ("derStandard", True), ("iPhone Life", True), ("spiked", False), ("Center for American Progress", True),
    ("Expert how-to for English Riders", False), ("Home", False), ("Latest News", False),
    ("this is a sentence", False), ("A name that goes on for far too many words to be one", False),
    ("", False), ("2024", False),
])
def test_plausible_name(name, ok):
    assert signals.plausible_name(name) is ok


def test_told_only_for_a_previous_story():
    assert REGISTRY.from_text(["Fellow Samuel Cranny-Evans told Newsweek for a previous story that"]) == "Newsweek"
    assert REGISTRY.from_text(["The senator told CNN on Sunday that he would run."]) is None


# --- wires: only when nothing names the publishing site ----------------------------------------

def test_wire_dateline_only_when_nothing_names_the_site():
    story = ["SEOUL, Dec 3 (Reuters) - North Korea said on Tuesday", "More text."]
    assert REGISTRY.from_text(story) == "Reuters"
    assert REGISTRY.from_text(story + ["© 2024 The Korea Herald"]) == "The Korea Herald"
    assert REGISTRY.from_text(story, url="https://www.hollywood-house.com/x") == "hollywood-house.com"
    assert REGISTRY.from_text(["WASHINGTON (AP) — The Senate voted", "x"]) == "Associated Press"
    assert REGISTRY.from_text(["Some story.", "Reuter"]) == "Reuters"            # the wire's sign-off
    # a wire named in a byline or a copyright line is a wire credit too
    assert REGISTRY.from_text(["By Jane Doe, Associated Press", "Story.", "© 2024 Gulf Daily Mirror"]) == \
        "Gulf Daily Mirror"
    assert REGISTRY.from_text(["By Jane Doe, Associated Press", "Story."]) == "Associated Press"


def test_a_wire_address_is_a_wire_credit_unless_the_page_is_the_wires():
    carried = Clues(url="https://apnews.com/748f8eb6", site_names=["Arizona Daily Star"])
    assert REGISTRY.resolve(carried) == "Arizona Daily Star"
    hosted = Clues(url="https://hosted.ap.org/eagle/article/1", site_names=["Hosted"],
                   lines=["©2019 The Associated Press. All rights reserved."])
    assert REGISTRY.resolve(hosted) == "Associated Press"
    assert REGISTRY.resolve(Clues(url="https://apnews.com/748f8eb6")) == "Associated Press"


def test_html_footer_and_title_name_the_outlet():
    body = '<p>' + "Story text. " * 20 + '</p>'
    page = f'<html><head><title>Floods hit Seoul</title></head><body><h1>Floods hit Seoul</h1>{body}' \
           '<footer><p>© 2024 The Gulf Daily Mirror. All rights reserved.</p></footer></body></html>'
    assert extract("a.html", page).outlet == "The Gulf Daily Mirror"
    titled = f'<html><head><title>Floods hit Seoul | Gulf Daily Mirror</title></head><body>{body}</body></html>'
    assert extract("a.html", titled).outlet == "Gulf Daily Mirror"


# --- one outlet, one name across scripts and spellings ------------------------------------------

def test_names_meet_across_scripts():
    assert REGISTRY.canonical("Українська правда") == REGISTRY.canonical("Ukrainska Pravda") == "Ukrainska Pravda"
    assert REGISTRY.canonical("Укрінформ") == "Ukrinform"
    # the registry knows only the Latin name: the Cyrillic one meets it by transliteration
    registry = Outlets.load("outlet,kind,value\nInterfax,domain,interfax.ru\nKyiv Post,domain,kyivpost.com\n"
                            "Radio Svoboda,domain,radiosvoboda.org\n")
    assert registry.canonical("Интерфакс") == "Interfax"
    assert registry.canonical("Київ Пост") == "Kyiv Post"
    assert registry.canonical("Радіо Свобода") == "Radio Svoboda"
    assert registry.canonical("Le Monde") is None


def test_names_in_other_scripts_do_not_collide():
    # before, every non-Latin name folded to "" and matched any other
    registry = Outlets.load("outlet,kind,value\nYonhap,alias,연합뉴스\n")
    assert registry.canonical("연합뉴스") == "Yonhap"
    assert registry.canonical("조선일보") is None and registry.canonical("Известия") is None


def test_skeleton():
    assert skeleton("Interfax") == skeleton("Интерфакс")
    assert skeleton("Süddeutsche Zeitung") == skeleton("Sueddeutsche Zeitung")
    assert skeleton("TASS") == ""                      # too short to be used


@pytest.mark.parametrize("line", ["© 2012 APA/AP", "Stau © aremac / Clipdealer",
                                  "Kämpfte sich nach Augusta: Lee Elder. | © Andy Lyons /Allsport",
                                  "< Effiziente Hybridbatterie (c) Wiley-VCH"])
def test_photo_credits_are_not_the_sites_notice(line):
    assert signals.copyright_names([line]) == []


def test_an_abbreviation_does_not_end_the_copyright_name():
    assert signals.copyright_names(["© 2020, St. Georgs Chorknaben Ulm"]) == ["St. Georgs Chorknaben Ulm"]


@pytest.mark.parametrize("word", ["Übersicht", "Startseite", "Noticias", "Accueil", "Política"])
def test_section_words_of_other_languages_are_no_name(word):
    assert not signals.plausible_name(word)


@pytest.mark.parametrize("value", ["www1.example-news.org", "https://www.example-news.org/", "EXAMPLE-NEWS.org"])
def test_a_domain_row_is_read_as_the_urls_it_is_matched_against(value):
    # the row's value goes through the same host reading (domains.host) as the page's URL
    registry = Outlets.load(f"outlet,kind,value\nExample News,domain,{value}\n")
    assert registry.from_url("https://www2.example-news.org/2024/story") == "Example News"
    assert registry.from_url("http://sport.example-news.org/x") == "Example News"
    assert registry.canonical("example-news.org") == "Example News"


def test_an_internationalised_domain_row_meets_its_punycode_url():
    registry = Outlets.load("outlet,kind,value\nPravda Test,domain,xn--80aa0cbo65f.com\n")
    assert registry.from_url("https://xn--80aa0cbo65f.com/news/1") == "Pravda Test"


@pytest.mark.parametrize("footer", ["© 2024 Example Times", "Copyright 2024 Example Times",
                                    "&amp;copy; 2024 Example Times", "(c) 2024 Example Times"])
def test_the_head_scan_keeps_the_notices_the_copyright_reader_reads(footer):
    # one list of copyright marks: a notice the page scan keeps is one copyright_names reads
    from indexer.extract.html import parse, scan_head
    head = scan_head(parse(f"<html><body><p>Story.</p><footer><p>{footer}</p></footer></body></html>"))
    assert signals.copyright_names(head.notices) == ["Example Times"]
