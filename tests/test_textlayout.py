"""Fixed-width text: tables kept as preformatted passages, wrapped paragraphs unwrapped, wire sign-offs cut.

The samples are written here in the shape of wire copy (hard-wrapped at about
65 characters, paragraphs starting with an indented line, tables made with
spaces); none is taken from a corpus.
"""

from indexer.extract import Context, extract_text
from indexer.extract.outlets import load_registry
from indexer.extract.plaintext import author_from_signature, clean_text
from indexer.extract.textlayout import dedent, is_columnar, segments, table_lines, width

REGISTRY = load_registry()

WIRE = """GRAIN PRICES FOR THE WEEK
 date 1987-02-26

CHICAGO, Feb 26 - The department reported average grain prices for
the week ended Friday as follows, in dlrs per bushel -
          Natl   Loan           Release   Call
          Avge   Rate    Level    Price  Price
 Wheat    2.55   2.40      IV     4.65     --
 Corn     1.35   1.92      IV     3.15   3.15
 Oats     1.24   0.99       V     1.65     --
    The reserve levels reflect grain entered after the harvest of
the previous year, the department said in its weekly report.
    Prices were little changed from the week before.
 Reuter
"""

EARNINGS = """ACME CORP 4TH QTR NET
 date 1987-03-02

BOSTON, March 2 - Acme Corp said fourth quarter results were as follows.
    Shr 86 cts vs 74 cts
    Net 11.1 mln vs 8.6 mln
    Revs 87.7 mln vs 80.5 mln
    Year
    Shr 2.61 dlrs vs 2.15 dlrs
    Net 32.6 mln vs 24.8 mln
    NOTE: Year results include a gain of 1.2 mln dlrs from a sale.
 REUTER
"""


def clean(text):
    return clean_text(text, is_outlet=lambda line: REGISTRY.canonical(line) is not None)


def test_an_aligned_table_is_one_preformatted_passage_with_its_line_breaks():
    page = clean(WIRE)
    tables = [page.passages[i] for i in sorted(page.pre)]
    assert len(tables) == 1
    assert tables[0].splitlines() == [
        "         Natl   Loan           Release   Call",
        "         Avge   Rate    Level    Price  Price",
        "Wheat    2.55   2.40      IV     4.65     --",
        "Corn     1.35   1.92      IV     3.15   3.15",
        "Oats     1.24   0.99       V     1.65     --",
    ]


def test_wire_paragraphs_are_unwrapped_at_their_indented_first_lines():
    page = clean(WIRE)
    prose = [p for i, p in enumerate(page.passages) if i not in page.pre]
    assert prose == [
        "CHICAGO, Feb 26 - The department reported average grain prices for the week ended Friday "
        "as follows, in dlrs per bushel -",
        "The reserve levels reflect grain entered after the harvest of the previous year, the department "
        "said in its weekly report.",
        "Prices were little changed from the week before.",
    ]


def test_earnings_lines_without_column_gaps_are_a_table():
    page = clean(EARNINGS)
    assert [page.passages[i] for i in sorted(page.pre)] == [
        "Shr 86 cts vs 74 cts\nNet 11.1 mln vs 8.6 mln\nRevs 87.7 mln vs 80.5 mln\nYear\n"
        "Shr 2.61 dlrs vs 2.15 dlrs\nNet 32.6 mln vs 24.8 mln"]
    assert page.passages[-1] == "NOTE: Year results include a gain of 1.2 mln dlrs from a sale."


def test_the_sign_off_is_not_article_text():
    for text in (WIRE, EARNINGS):
        page = clean(text)
        assert not any("reuter" in p.lower() for p in page.passages)
        assert page.signature and page.signature[-1].lower() == "reuter"


def test_signatures_of_other_forms():
    body = "Headline\n\nThe ministry said on Tuesday that talks would resume next week in Geneva.\n\n"
    for tail, cut in [
        ("(Reporting by Hyonhee Shin in Seoul; Editing by Jane Roe)", "(Reporting by Hyonhee Shin in Seoul; Editing by Jane Roe)"),
        ("Reporting by Hyonhee Shin; Editing by Jane Roe", "Reporting by Hyonhee Shin; Editing by Jane Roe"),
        ("(Writing by Ali Kucukgocmen; Editing by Daren Butler)", "(Writing by Ali Kucukgocmen; Editing by Daren Butler)"),
        ("Compiled by Jane Roe for Reuters", "Compiled by Jane Roe for Reuters"),
        ("REUTERS", "REUTERS"),
    ]:
        page = clean(body + tail + "\n")
        assert page.passages == ["The ministry said on Tuesday that talks would resume next week in Geneva."], tail
        assert page.signature == [cut]
    glued = clean("Headline\n\nTalks will resume next week. (Reporting by Jane Roe; Editing by Bob Poe)\n")
    assert glued.passages == ["Talks will resume next week."]
    sentence = clean("Headline\n\nTalks will resume next week, the ministry said. REUTER\n")
    assert sentence.passages == ["Talks will resume next week, the ministry said."]


def test_story_lines_that_mention_reporting_are_kept():
    page = clean("Headline\n\nReporting by the agency was questioned. The agency denied any bias.\n\n"
                 "Reuter Inc is a spindle maker. It is not connected with Reuters Holdings PLC.\n")
    assert len(page.passages) == 2 and page.signature == []


def test_author_from_the_signature():
    assert author_from_signature(["(Reporting by Hyonhee Shin in Seoul and David Brunnstrom in Washington; "
                                  "Editing by Jane Roe)"]) == "Hyonhee Shin, David Brunnstrom"
    assert author_from_signature(["(Writing by Ali Kucukgocmen; Editing by Daren Butler)"]) == "Ali Kucukgocmen"
    assert author_from_signature(["Reuter"]) is None


def test_pipeline_marks_preformatted_passages_and_reads_the_signature():
    article = extract_text("grain.txt", WIRE, Context(outlets=REGISTRY))
    assert [p.pre for p in article.passages] == [False, True, False, False]
    assert article.outlet == "Reuters"          # the sign-off names the wire when nothing else does
    article = extract_text("a.txt", "Headline\n\nTalks resume.\n\n(Reporting by Jane Roe; Editing by Bob Poe)\n",
                           Context(outlets=REGISTRY))
    assert article.author == "Jane Roe" and [p.text for p in article.passages] == ["Talks resume."]


def test_prose_with_double_spaces_is_not_a_table():
    typed = ["The minister said.  The talks would go on.  Nobody knew for how long,",
             "and the delegates were tired.  Some left early.  Others stayed in  the hall",
             "until the doors closed.  Then the lights went out."]
    assert not any(is_columnar(line) for line in typed)
    assert table_lines(typed, width(typed)) == [False, False, False]


def test_short_wrapped_prose_with_numbers_is_not_a_table():
    # a narrow column of running text: each line is full, so no line was broken on purpose
    narrow = ["Revenue rose 12 pct to 1.2 billion", "dlrs in the year to March 31, and", "profit rose 8 pct to 210 mln dlrs",
              "as sales in 14 countries grew by", "about 9 pct, the company said."]
    assert table_lines(narrow, width(narrow)) == [False] * 5


def test_a_wrapped_line_is_not_the_first_row_of_a_table():
    lines = ["BOSTON, March 2 - Qtly div from income 5.1 cts vs 3.035 dlrs in prior qtr",
             "including capital gains of 2.978 dlrs", "    Payable March 27", "    Record February 27"]
    assert table_lines(lines, 74)[1] is False


def test_a_dotted_leader_table():
    lines = [" Net free reserves.............644 vs.....1,337", " Borrowings....................310 vs.......250"]
    assert table_lines(lines, 60) == [True, True]
    assert dedent(lines) == "Net free reserves.............644 vs.....1,337\nBorrowings....................310 vs.......250"


def test_segments_keep_order():
    lines = ["Prices were as follows -", "  Wheat    2.55   2.40", "  Corn     1.35   1.92", "    Trade was quiet."]
    found = segments(lines, 60)
    assert [(s.pre, len(s.lines)) for s in found] == [(False, 1), (True, 2), (False, 1)]


def test_a_dash_that_continues_a_wrapped_sentence_is_no_list_item():
    text = ("Headline\n\n"
            "Banknotes in circulation rose while other deposits on call - mainly government funds\n"
            "- fell 1.60 billion francs to 1.04 billion, the bank said in its report today.\n\n"
            "Items on the agenda:\n- trade\n- security\n")
    page = clean(text)
    assert page.passages[0].endswith("mainly government funds - fell 1.60 billion francs to 1.04 billion, "
                                     "the bank said in its report today.")
    assert page.passages[-2:] == ["trade", "security"]
