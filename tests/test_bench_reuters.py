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

SAMPLE = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<UNKNOWN> 
&#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute
u f BC-BAHIA-COCOA-REVIEW   02-26 0105</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA &lt;BCR> REVIEW</TITLE>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, Comissaria Smith said in its
weekly review.
    The dry period means the temporao will be late this year.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5573" NEWID="30">
<DATE>  3-MAR-1987 15:42:31.12</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5600" NEWID="40">
<DATE>26-FEB-1987 16:00:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
    Two weeks ended Feb 25      daily avgs-mlns
 Net free reserves.............644 vs.....1,337

 Reuter
&#3;

</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1762" NEWID="41">
<DATE> 3-APR-1987 07:09:06.48</DATE>
<TEXT TYPE="UNPROC">&#2;
&#3;

</TEXT>
</REUTERS>
"""


@pytest.fixture
def stories():
    return list(reuters.parse_sgml(SAMPLE))


def test_normal_story_has_title_date_and_paragraphs(stories):
    story = stories[0]
    assert (story.newid, story.date, story.kind) == (1, "1987-02-26", "NORM")
    assert story.title == "BAHIA COCOA <BCR> REVIEW"
    assert story.paragraphs == [
        "SALVADOR, Feb 26 - Showers continued throughout the week in the Bahia cocoa zone, "
        "Comissaria Smith said in its weekly review.",
        "The dry period means the temporao will be late this year.",
    ]


def test_brief_story_is_a_headline_without_the_placeholder(stories):
    brief = stories[1]
    assert (brief.kind, brief.date) == ("BRIEF", "1987-03-03")
    assert brief.title.startswith("ASSETS OF MONEY MARKET")
    assert brief.paragraphs == []


def test_unprocessed_story_takes_its_first_line_as_title(stories):
    table = stories[2]
    assert table.kind == "UNPROC"
    assert table.title == "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26"
    assert table.paragraphs[0] == "Two weeks ended Feb 25      daily avgs-mlns"   # table spacing kept
    assert "Reuter" not in " ".join(table.paragraphs)


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
