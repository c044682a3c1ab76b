"""The benchmark's Reuters-21578 conversion, query set and FTS5 baseline, on inline samples."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import baselines  # noqa: E402
import queries  # noqa: E402
import reuters  # noqa: E402

from indexer.extract import extract_text, load_context  # noqa: E402


def record(newid: int, oldid: int, date: str, text: str, kind: str = "", head: str = "") -> str:
    """One <REUTERS> element of an .sgm file, as the collection spells it.

    With a ``head`` (the topics and the wire codes) it is a normal story with
    topics; without, a story of the given TEXT ``kind`` and no topics.
    """
    topics, type_attr = ("YES", "") if head else ("NO", f' TYPE="{kind}"')
    return (f'<REUTERS TOPICS="{topics}" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="{oldid}" NEWID="{newid}">\n'
            f"<DATE>{date}</DATE>\n{head}<TEXT{type_attr}>&#2;\n{text}</TEXT>\n</REUTERS>\n")


SAMPLE = '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + "".join([
    record(1, 5544, "26-FEB-1987 15:01:01.79",
           head="<TOPICS><D>cocoa</D></TOPICS>\n<UNKNOWN> \n&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0704&#31;reute\n"
                "u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>\n",
           text="<TITLE>BAHIA COCOA &lt;BCR> REVIEW</TITLE>\n"
                "<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in\n"
                "the Bahia cocoa zone, Comissaria Smith said in its\nweekly review.\n"
                "    The dry period means the temporao will be late this year.\n Reuter\n&#3;</BODY>"),
    record(30, 5573, "  3-MAR-1987 15:42:31.12", kind="BRIEF",
           text="******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS\n</TITLE>Blah blah blah.\n"
                "&#3;\n\n"),
    record(40, 5600, "26-FEB-1987 16:00:00.00", kind="UNPROC",
           text="FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    Two weeks ended Feb 25      daily avgs-mlns\n"
                " Net free reserves.............644 vs.....1,337\n\n Reuter\n&#3;\n\n"),
    record(41, 1762, " 3-APR-1987 07:09:06.48", kind="UNPROC", text="&#3;\n\n"),      # no text at all
])


@pytest.fixture
def stories():
    return list(reuters.parse_sgml(SAMPLE))


@pytest.mark.parametrize("position, newid, date, kind, title", [
    (0, 1, "1987-02-26", "NORM", "BAHIA COCOA <BCR> REVIEW"),
    (1, 30, "1987-03-03", "BRIEF", "ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS"),
    (2, 40, "1987-02-26", "UNPROC", "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"),   # its first line
], ids=["normal", "brief", "unprocessed"])
def test_story_id_date_kind_and_title(stories, position, newid, date, kind, title):
    story = stories[position]
    assert (story.newid, story.date, story.kind, story.title) == (newid, date, kind, title)


def test_normal_story_paragraphs_join_the_dateline_and_drop_the_signature(stories):
    assert stories[0].paragraphs == [
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, "
        "Comissaria Smith said in its weekly review.",
        "The dry period means the temporao will be late this year.",
    ]


def test_brief_story_is_a_headline_without_the_placeholder(stories):
    assert stories[1].paragraphs == []


def test_unprocessed_story_keeps_its_table_spacing_and_drops_the_signature(stories):
    assert stories[2].paragraphs == ["Two weeks ended Feb 25      daily avgs-mlns",
                                     "Net free reserves.............644 vs.....1,337"]


def test_story_without_any_text_is_skipped(stories):
    assert [s.newid for s in stories] == [1, 30, 40]


def test_file_format_is_read_back_by_the_indexer(stories):
    text = stories[0].to_text()
    assert text.startswith("BAHIA COCOA <BCR> REVIEW\n date 1987-02-26\n outlet Reuters\n\nSALVADOR")
    article = extract_text("reut-00001.txt", text, load_context(None))
    assert article.title == "BAHIA COCOA <BCR> REVIEW"
    assert article.date == "1987-02-26"
    assert article.outlet == "Reuters"
    assert len(article.passages) == 2
    assert article.passages[1].text.startswith("The dry period")


def test_headline_only_file_is_an_article(stories):
    article = extract_text("reut-00030.txt", stories[1].to_text(), load_context(None))
    assert article.title.startswith("ASSETS OF MONEY MARKET")
    assert article.passages == []


def test_collection_corpus_subsets_and_doubling(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with gzip.open(data / "reut2-000.sgm.gz", "wb") as fh:
        fh.write(SAMPLE.encode("latin-1"))
    out = tmp_path / "corpus"
    assert reuters.main([str(data), str(out), "--limit", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["reut-00001.txt", "reut-00030.txt"]
    names = reuters.write_corpus(reuters.read_collection(data), tmp_path / "full")
    reuters.link_subset(tmp_path / "full", names[:1], tmp_path / "one")
    reuters.link_doubled(tmp_path / "full", names, tmp_path / "double")
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["reut-00001.txt"]
    doubled = sorted(p.name for p in (tmp_path / "double").iterdir())
    assert len(doubled) == 6 and "reut-00040-b.txt" in doubled
    assert (tmp_path / "double" / "reut-00001-b.txt").read_text() == (tmp_path / "full" / "reut-00001.txt").read_text()


def test_query_set_is_fixed_and_large_enough():
    searches = queries.query_set(["Comissaria Smith", "James Baker"])
    assert len(searches) >= 200
    assert searches == queries.query_set(["Comissaria Smith", "James Baker"])
    kinds = {s.kind for s in searches}
    assert {"very common", "common", "rare", "two words", "phrase"} <= kinds
    assert any(s.page == 5 for s in searches) and any(s.date_from for s in searches)
    assert any(s.speakers for s in searches) and any(s.outlets for s in searches)
    assert ("speaker", "James Baker") in [p for s in searches for p in s.params()]


def test_fts5_match_quotes_words_and_keeps_phrases():
    assert queries.fts5_match('"bank of japan" U.S. oil-prices AND') == '"bank of japan" "U S" "oil prices" "AND"'
    assert queries.fts5_match("") == ""


def test_fts5_baseline_searches_and_highlights(tmp_path, stories):
    corpus = tmp_path / "corpus"
    reuters.write_corpus(stories, corpus)
    db = tmp_path / "fts.db"
    assert baselines.fts5_build(corpus, db) == 3
    searcher = baselines.Fts5Searcher(db)
    try:
        result = searcher.search(queries.fts5_match("cocoa"), date_from="1987-02-01", date_to="1987-02-28")
        assert result["total"] == 1 and result["outlets"] == [("Reuters", 1)]
        assert "<mark>" in result["hits"][0][4]
        assert searcher.search(queries.fts5_match("cocoa"), date_from="1987-03-01")["total"] == 0
        assert "<mark>temporao</mark>" in searcher.article(result["hits"][0][0], queries.fts5_match("temporao"))
    finally:
        searcher.close()


def test_topics_are_read(stories):
    assert stories[0].topics == ("cocoa",) and stories[1].topics == ()
