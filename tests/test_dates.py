"""Publication-date extraction (indexer.extract.dates): every rule on small inline examples."""

import datetime

import pytest
from bs4 import BeautifulSoup

from helpers import SEED_CORPUS, seeds_gold
from indexer.extract.dates import (MIN_YEAR, date_from_html, date_from_lines, date_from_url,
                                   max_year, parse_date)
from indexer.extract.dates.stamps import stamp
from indexer.extract.plaintext import clean_text


# --- parse_date ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2024-11-18", "2024-11-18"),
    (" 2024-11-18 ", "2024-11-18"),
    ("2024-11-18T10:00:00Z", "2024-11-18"),
    ("2024-11-18T23:30:00-05:00", "2024-11-18"),      # the date as written, not UTC
    ("2020-12-05T23:15:0Z", "2020-12-05"),
    ("20201123T05:02:35Z", "2020-11-23"),
    ("20241118", "2024-11-18"),
    ("2020/10/04 15:05:21", "2020-10-04"),
    ("November 4, 2024", "2024-11-04"),
    ("Nov. 18, 2024", "2024-11-18"),
    ("Sept. 8, 2020 at 9:22 a.m. ET", "2020-09-08"),
    ("Tue, Sep 15 2020 10:01:41 EDT", "2020-09-15"),
    ("Sun, 11 Oct 2020 07:34:36 GMT", "2020-10-11"),
    ("Mon Jan 13 13:37:49 UTC 2020", "2020-01-13"),
    ("Tuesday, 3 December 2024, 03:06", "2024-12-03"),
    ("3 Dec 2024", "2024-12-03"),
    ("3rd December 2024", "2024-12-03"),
    ("December 3rd, 2024", "2024-12-03"),
    ("10/31/2024", "2024-10-31"),
    ("31/10/2024", "2024-10-31"),
    ("04/04/2024", "2024-04-04"),
    ("18.11.2024", "2024-11-18"),
    ("04.05.2024", "2024-05-04"),                     # dots: day first
    ("1 de novembro de 2020", "2020-11-01"),
    ("20 septembrie 2020 16:20", "2020-09-20"),
    ("28 luglio 2020 10:43", "2020-07-28"),
    ("15. März 2020", "2020-03-15"),
    ("19 октября 2020", "2020-10-19"),
    ("2020年7月15日 11時00分", "2020-07-15"),
    ("2020년 3월 4일", "2020-03-04"),
    ("٢٠٢٠-١٠-٠٧", "2020-10-07"),                     # Eastern Arabic digits
])
def test_parse_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", [
    "", "on Tuesday", "yesterday", "2 hours ago", "this week",
    "Nov 2024", "March 2007",                          # no day
    "2024-02-30", "31/02/2024", "2023-13-01",          # impossible
    "1899-12-31",                                      # before 1900
    "۱۳۹۹/۰۲/۲۱",                                       # Persian calendar year
])
def test_parse_date_rejects(text):
    assert parse_date(text) is None


def test_parse_date_ambiguous_numeric_needs_an_order():
    assert parse_date("04/05/2024") is None
    assert parse_date("04/05/2024", dayfirst=False) == "2024-04-05"
    assert parse_date("04/05/2024", dayfirst=True) == "2024-05-04"
    # an unambiguous date ignores the hint
    assert parse_date("10/31/2024", dayfirst=True) == "2024-10-31"


# --- the accepted years: 1900 .. the year after ``today`` ---------------------

EARLY = datetime.date(2026, 12, 2)      # 2031 is too far ahead
LATE = datetime.date(2030, 6, 1)        # 2031 is next year


def test_year_bound_follows_today():
    assert max_year(EARLY) == 2027 and max_year(LATE) == 2031
    assert parse_date("2031-05-01", today=EARLY) is None
    assert parse_date("2031-05-01", today=LATE) == "2031-05-01"
    assert parse_date("1 May 2031", today=LATE) == "2031-05-01"
    assert parse_date("20310501", today=EARLY) is None
    assert parse_date("20310501", today=LATE) == "2031-05-01"
    assert parse_date("2032-01-01", today=LATE) is None
    assert parse_date(f"{MIN_YEAR}-01-01", today=EARLY) == f"{MIN_YEAR}-01-01"


def test_year_bound_at_new_year():
    new_years_eve = datetime.date(2026, 12, 31)
    assert parse_date("2027-12-31", today=new_years_eve) == "2027-12-31"
    assert parse_date("2028-01-01", today=new_years_eve) is None
    assert parse_date("2028-01-01", today=datetime.date(2027, 1, 1)) == "2028-01-01"


def test_year_bound_default_is_the_date_of_the_call():
    year = datetime.date.today().year
    assert max_year() == year + 1
    assert parse_date(f"{year + 1}-12-31") == f"{year + 1}-12-31"
    assert parse_date(f"{year + 2}-01-01") is None
    assert date_from_lines([f"{year + 2}-01-01"]) is None
    assert date_from_url(f"https://example.com/{year + 2}/01/01/story") is None


def test_year_bound_in_lines_urls_and_stamps():
    assert date_from_lines(["Published May 1, 2031"], today=EARLY) is None
    assert date_from_lines(["Published May 1, 2031"], today=LATE) == "2031-05-01"
    url = "https://example.com/2031/05/01/story"
    assert date_from_url(url, today=EARLY) is None
    assert date_from_url(url, today=LATE) == "2031-05-01"
    assert stamp("2031-05-01T10:00:00Z", today=EARLY) is None
    assert stamp("2031-05-01T10:00:00Z", today=LATE) == ("2031-05-01", 600, 0)
    assert stamp("Thu, 01 May 2031 10:00:00 +0200", today=EARLY) is None
    assert stamp("Thu, 01 May 2031 10:00:00 +0200", today=LATE) == ("2031-05-01", 600, 120)


def test_year_bound_decides_which_numeric_dates_are_ambiguous():
    # 04/05/2031 is a date (ambiguous, ordered by the day-first 25/05/2024 of
    # the next line) only when 2031 is an accepted year; else the next line wins.
    lines = ["04/05/2031", "Printed 25/05/2024"]
    assert date_from_lines(lines, today=EARLY) == "2024-05-25"
    assert date_from_lines(lines, today=LATE) == "2031-05-04"
    assert parse_date("04/05/2031", dayfirst=True, today=EARLY) is None
    assert parse_date("04/05/2031", dayfirst=True, today=LATE) == "2031-05-04"


# --- date_from_lines: the five seed articles --------------------------------

SEED_000 = [
    "Pentagon Says 10K North Korean Troops in Kursk Oblast",
    "November 4, 2024",
    "There are 10,000 North Korean troops in Russia's Kursk Oblast, and the Pentagon press "
    "secretary said if they enter combat, they are legitimate targets for Ukrainian soldiers.",
    "Pentagon Press Secretary Air Force Maj. Gen. Pat Ryder conducts a press briefing at the "
    "Pentagon, Nov. 4, 2024.",
]
SEED_001 = [
    " date 2024-11-18 An official website of the United States Government ",
    "North Korean Troops Enter Kursk Where Ukrainians Are Fighting",
    "Nov. 18, 2024 | By David Vergun, DOD News",
    "It is likely that about 11,000 North Korean troops have moved into Russia's Kursk region, "
    "said Deputy Pentagon Press Secretary Sabrina Singh, who spoke to the media today. ",
    "An aerial view of the Pentagon, May 15, 2023.",
    "Download: Full Size (5.2 MB)",
]
SEED_002 = [
    "U.S. Department of Defense",
    "10/31/2024 | News release | Distributed by Public on 10/31/2024 15:08",
    "North Korean Soldiers Likely to Enter Russian War on Ukraine",
    "It appears that North Korean troops will enter combat against Ukraine in the coming days, "
    "Secretary of Defense Lloyd J. Austin III said today at the conclusion of 2+2 meetings with "
    "South Korean officials at the State Department.",
    "Group Photo",
]
SEED_003 = [
    " date 2024-12-03 All Sections",
    "Pentagon records no active participation of North Korean troops in fighting against Ukraine",
    "Olha HlushchenkoTuesday, 3 December 2024, 03:06",
    "Pat Ryder. Photo: Getty Images",
    "The US Department of Defense has yet to confirm active participation of North Korean (DPRK) "
    "troops in combat against Ukrainian forces.",
]
SEED_004 = [
    "Share",
    "North Korean Troops Wearing Russian Uniforms Are Heading Toward Ukraine: US",
    "U.S. Defense Secretary Lloyd Austin said this week that North Korean troops were seen "
    "wearing Russian military uniforms as they headed toward Ukraine.",
    "On Wednesday, Austin made the remarks during a joint press conference with South Korean "
    "Defense Minister Kim Yong-hyun.",
    "Pentagon’s Statements on North Korean Troops",
    "Lloyd Austin",
    "U.S. Defense Secretary Lloyd Austin is seen with South Korean Defense Minister Kim Yong Hyun "
    "on October 30, 2024. During the meeting between the two, the officials discussed the "
    "deployment.",
]


GOLD = {article["file"][:3]: article for article in seeds_gold()}


@pytest.mark.parametrize("lines, seed", [
    (SEED_000, "000"), (SEED_001, "001"), (SEED_002, "002"), (SEED_003, "003"),
    (SEED_004, "004"),         # gold: no date (its only date is in a photo caption)
])
def test_seed_articles(lines, seed):
    assert date_from_lines(lines) == GOLD[seed]["date"]


@pytest.mark.parametrize("seed", ["001", "003"])
def test_seed_header_line_gives_the_gold_date(seed):
    # the first line of the seed file, " date 2024-11-18 An official website...", read as a header line
    first = (SEED_CORPUS / GOLD[seed]["file"]).read_text(encoding="utf-8").split("\n")[0]
    assert first.split()[0] == "date"
    assert clean_text(first).header["date"] == GOLD[seed]["date"]


# --- date_from_lines: what counts as a dateline ----------------------------

@pytest.mark.parametrize("line, expected", [
    ("Published 12:01 PM EST, Mon November 4, 2024", "2024-11-04"),
    ("Updated: Nov. 5, 2024 3:15 p.m.", "2024-11-05"),
    ("WASHINGTON, Nov. 4, 2024", "2024-11-04"),
    ("Nov 4, 2024 | 5 min read", "2024-11-04"),
    ("By Jane Doe | The Washington Post | Nov. 4, 2024", "2024-11-04"),
    ("November 20, 2019 / 1:07 AM / CBS News", "2019-11-20"),
    ("by Jeff Foust — November 18, 2019", "2019-11-18"),
    ("Von Moritz Bachmann publiziert am 25. September 2018", "2018-09-25"),
    ("05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde", None),  # order unknown
    ("31/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde", "2018-10-31"),
    ("2.9.2020 klo 12.45", "2020-09-02"),
    ("2020年07月12日 | 徒歩（ハイキング）", "2020-07-12"),
    ("기사입력 :[ 2018-08-25 15:24 ]", "2018-08-25"),
    ("Updated 10:01 pm PST, Tuesday, November 19, 2019", "2019-11-19"),
])
def test_dateline_lines(line, expected):
    assert date_from_lines([line]) == expected


@pytest.mark.parametrize("line", [
    # dates inside sentences and captions
    "The talks began on November 4, 2024, officials said.",
    "An aerial view of the Pentagon, May 15, 2023.",
    "The Pentagon, May 15, 2023.",
    "Ryder at the Pentagon, Nov. 4, 2024",
    "Photo: Getty Images, 3 December 2024",
    "Soldiers fire a rocket during a live-fire exercise in Tapa, Estonia, Sept. 19, 2024.",
    # other kinds of dates
    "Joined May 11, 2017",
    "Effective Date | Saturday, July 25, 2020",
    "Copyright November 4, 2024",
    '<tweet tweet-author="@someone" tweet-date="March 9, 2016',
    # relative words and dates without a year
    "Tuesday", "2 hours ago", "Posted Nov 18, 8:19 PM",
    "On 7 November, President Volodymyr Zelenskyy stated that troops had suffered losses.",
])
def test_not_datelines(line):
    assert date_from_lines([line]) is None


def test_hard_wrapped_sentence_is_not_a_dateline():
    lines = ["Acme Corp said it will redeem all of its 150 mln dlrs of notes due",
             "Oct 15, 1992.", "The notes were issued in 1985."]
    assert date_from_lines(lines) is None
    # a headline before a dateline is not a sentence to continue
    assert date_from_lines(["Lawmakers weigh new sanctions", "November 4, 2024"]) == "2024-11-04"
    assert date_from_lines(["RENAULT YR ENDED DEC 31 1986"]) is None


def test_publication_beats_update():
    assert date_from_lines(["Updated Nov. 6, 2024", "Published Nov. 4, 2024"]) == "2024-11-04"
    assert date_from_lines(["Updated Nov. 6, 2024 | Published Nov. 4, 2024"]) == "2024-11-04"
    assert date_from_lines(["Updated Nov. 6, 2024", "Some headline"]) == "2024-11-06"


def test_first_dateline_wins():
    assert date_from_lines(["Headline", "Nov. 4, 2024", "Nov. 5, 2024"]) == "2024-11-04"


def test_ambiguous_numeric_order_from_the_lines():
    assert date_from_lines(["04/05/2024"]) is None
    assert date_from_lines(["04/05/2024 3:00 PM EST"]) == "2024-04-05"        # US zone
    assert date_from_lines(["04/05/2024", "Printed 25/05/2024"]) == "2024-05-04"
    assert date_from_lines(["04/05/2024 | By Al Smith", "Nov. 4, 2024"]) == "2024-04-05"


def test_empty_lines():
    assert date_from_lines([]) is None
    assert date_from_lines(["", "   "]) is None


# --- date_from_url ----------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("https://www.example.com/2024/11/18/north-korea-troops/", "2024-11-18"),
    ("https://chicago.suntimes.com/2020/6/24/21302329/trump-judges", "2020-06-24"),
    ("https://www.hutchnews.com/ZZ/news/20201123/latest-news", "2020-11-23"),
    ("https://www.baltimoresun.com/maryland/cng-ho-permits-20200817-hntmbt.html", "2020-08-17"),
    ("https://economia.ig.com.br/2020-11-26/agronegocio.html", "2020-11-26"),
    ("https://www.politifact.com/statements/2019/nov/18/david-mckinley/value/", "2019-11-18"),
    ("https://www.example.com/2024/11/monthly-report", None),       # no day
    ("https://www.example.com/2024/13/45/story", None),             # impossible
    ("https://www.example.com/story?date=2024-11-18", None),        # query, not path
    ("https://20241118.example.com/story", None),                   # host, not path
    ("https://www.example.com/news/1650123456789/story", None),     # an id
    ("", None),
    (None, None),
])
def test_date_from_url(url, expected):
    assert date_from_url(url) == expected


# --- date_from_html -----------------------------------------------------------

def page(head="", body="", lang=None):
    lang_attr = f' lang="{lang}"' if lang else ""
    return BeautifulSoup(f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>", "lxml")


def test_html_meta_published_time():
    soup = page('<meta property="article:published_time" content="2024-11-18T09:00:00-05:00">')
    assert date_from_html(soup) == "2024-11-18"


def test_html_meta_other_names():
    for name in ("pubdate", "publish-date", "dc.date.issued", "parsely-pub-date", "date"):
        soup = page(f'<meta name="{name}" content="2020-02-11">')
        assert date_from_html(soup) == "2020-02-11", name
    soup = page('<meta itemprop="datePublished" content="2020-02-18T05:46:51+0300">')
    assert date_from_html(soup) == "2020-02-18"


def test_html_modified_date_alone_is_not_the_date():
    soup = page('<meta property="article:modified_time" content="2024-11-20T10:00:00Z">')
    assert date_from_html(soup) is None


def ld_page(*blocks):
    return page("".join(f'<script type="application/ld+json">{b}</script>' for b in blocks))


def test_html_jsonld_article_graph_and_list():
    ld = '{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2020-06-07"}'
    assert date_from_html(ld_page(ld)) == "2020-06-07"
    graph = ('{"@graph":[{"@type":"WebSite","name":"X"},'
             '{"@type":"Article","datePublished":"2020-09-21T11:00:00+03:00"}]}')
    assert date_from_html(ld_page(graph)) == "2020-09-21"
    listed = '[{"@type":"Organization"},{"@type":"BlogPosting","datePublished":"2020-03-27"}]'
    assert date_from_html(ld_page(listed)) == "2020-03-27"


def test_html_jsonld_nested_and_media_dates_do_not_count():
    related = ('{"@type":"ItemList","itemListElement":[{"@type":"NewsArticle",'
               '"datePublished":"2019-01-01"}]}')
    assert date_from_html(ld_page(related)) is None
    video = '{"@type":"VideoObject","uploadDate":"2020-08-14","datePublished":"2020-08-14"}'
    article = '{"@type":"NewsArticle","datePublished":"2020-08-19T03:16:00Z"}'
    assert date_from_html(ld_page(video, article)) == "2020-08-19"


def test_html_jsonld_broken_json_still_read():
    broken = '{"@type":"NewsArticle", "datePublished":"2020-10-26T18:10:00+01:00", }'
    assert date_from_html(ld_page(broken)) == "2020-10-26"


def test_html_itemprop_and_time_pubdate():
    body = '<h1>Title here now</h1><time itemprop="datePublished" datetime="2020-04-15">x</time>'
    assert date_from_html(page(body=body)) == "2020-04-15"
    body = '<article><time pubdate datetime="2020-04-16T10:00">Apr 16</time></article>'
    assert date_from_html(page(body=body)) == "2020-04-16"


HEADLINE = "<title>Troops Enter Kursk - DOD News</title>"


def test_html_time_after_headline():
    body = ('<h1>Troops Enter Kursk</h1><div class="byline">By A. Writer '
            '<time datetime="2024-11-18T14:00:00-05:00">Monday</time></div><p>Text.</p>')
    assert date_from_html(page(HEADLINE, body)) == "2024-11-18"


def test_html_dateline_after_headline():
    body = ('<h1>Troops Enter Kursk</h1><p>Nov. 18, 2024 | By <a>David Vergun</a>, DOD News</p>'
            '<p>It is likely that about 11,000 troops moved on Nov. 17, 2024, officials said.</p>')
    assert date_from_html(page(HEADLINE, body)) == "2024-11-18"


def test_html_dateline_before_headline():
    body = ('<div><a href="/x">Section</a></div>'
            '<p class="published-date"> / jueves 2 de abril de 2020</p>'
            '<h1 class="title">Troops Enter Kursk</h1><p>Story text without dates.</p>')
    assert date_from_html(page(HEADLINE, body)) == "2020-04-02"


def test_html_title_found_without_h1():
    body = ('<div class="top"><span>Menu</span></div>'
            '<h2>Australian megablaze brought under control</h2>'
            '<p>News24<br>13 Jan 2020, 22:11 GMT+10</p><p>Exhausted firefighters ...</p>')
    soup = page("<title>Australian megablaze brought under control</title>", body)
    assert date_from_html(soup) == "2020-01-13"


def test_html_captions_comments_and_sentences_ignored():
    body = ('<h1>Troops Enter Kursk</h1>'
            '<figure><img src="a.jpg">'
            '<figcaption>Ryder briefs reporters, Nov. 4, 2024</figcaption></figure>'
            '<p class="wp-caption-text">The Pentagon, May 15, 2023</p>'
            '<p>On November 4, 2024, the secretary said the troops had moved.</p>'
            '<div class="comments"><p>Claire</p><p>November 5, 2024 4:14 pm</p></div>')
    assert date_from_html(page(HEADLINE, body)) is None
    url = "https://example.com/2024/11/18/troops"
    assert date_from_html(page(HEADLINE, body), url) == "2024-11-18"


def test_html_metadata_beats_visible_and_url():
    head = HEADLINE + '<meta property="article:published_time" content="2024-11-18T12:00:00+01:00">'
    body = '<h1>Troops Enter Kursk</h1><p>Nov. 19, 2024</p>'
    assert date_from_html(page(head, body), "https://example.com/2024/11/17/x") == "2024-11-18"


def test_html_utc_stamp_gives_way_to_local_date():
    head = '<meta property="article:published_time" content="2020-02-18T02:18:11Z">'
    assert date_from_html(page(head), "https://laprensafl.com/2020/02/17/story/") == "2020-02-17"
    # the same instant written in a local zone
    ld = '{"@type":"NewsArticle","datePublished":"2020-12-25T01:59:50+02:00"}'
    head = ('<meta property="article:published_time" content="2020-12-24T23:59:50+00:00">'
            f'<script type="application/ld+json">{ld}</script>')
    assert date_from_html(page(head)) == "2020-12-25"
    # a day that no plausible zone reaches is not taken
    head = '<meta property="article:published_time" content="2020-02-18T12:00:00Z">'
    assert date_from_html(page(head), "https://example.com/2020/02/16/story/") == "2020-02-18"


def test_html_utc_stamp_and_country():
    head = '<meta property="article:published_time" content="2020-08-25T00:23:33Z">'
    assert date_from_html(page(head), "https://ici.radio-canada.ca/nouvelle/1") == "2020-08-24"
    assert date_from_html(page(head), "https://example.com/nouvelle/1") == "2020-08-25"
    # zones of the country disagree on the day: keep the date as written
    head = '<meta property="article:published_time" content="2020-08-25T06:00:00Z">'
    assert date_from_html(page(head, lang="en-US"), "https://example.com/a") == "2020-08-25"


def test_html_numeric_order_from_page_language():
    body = ('<h1>Atendimento registra arrombamento</h1>'
            '<p>05/10/2018 - Publicado por: Clarissa Borba</p>')
    title = "<title>Atendimento registra arrombamento</title>"
    assert date_from_html(page(title, body, lang="pt-BR")) == "2018-10-05"
    assert date_from_html(page(title, body, lang="en-US")) == "2018-05-10"
    assert date_from_html(page(title, body)) is None


def test_html_nothing_stated():
    body = "<h1>Troops Enter Kursk</h1><p>On Tuesday, it rained.</p>"
    assert date_from_html(page(HEADLINE, body)) is None
    assert date_from_html(BeautifulSoup("", "lxml")) is None


def test_html_soup_not_modified():
    head = (HEADLINE + '<meta property="article:published_time" content="2020-02-18T02:18:11Z">'
            '<script type="application/ld+json">'
            '{"@type":"NewsArticle","datePublished":"2020-02-18"}</script>')
    body = ('<h1>Troops Enter Kursk</h1><figure><figcaption>Nov. 4, 2024</figcaption></figure>'
            '<p>Nov. 18, 2024 | By X</p>')
    soup = page(head, body)
    before = soup.decode()
    date_from_html(soup, "https://example.com/2020/02/17/x")
    assert soup.decode() == before
