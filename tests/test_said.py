"""What each speaker said, indexed and searched: the said field, said: queries, quote highlighting.

Whoosh's own searcher is the judge of what a said: query matches (the
query the web app makes, run by Whoosh); the cases are the ones the issue
names: Ryder quoted saying "casualties" matches, Ryder only mentioned next
to "casualties" does not, nor does someone else saying "casualties" in an
article that quotes Ryder on something else.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from whoosh import query as wq

from indexer.article import Quote
from indexer.index import said
from indexer.index.analysis import SaidAnalyzer
from indexer.index.schema import build_schema, from_stored, to_document
from webapp.params import SearchState
from webapp.query import parse_query, said_terms
from webapp.querylang import rewrite_said
from webapp.quotes import SaidTerms, SpeakerDirectory, quote_hits
from webapp.search import run_search

CASUALTIES = '"Casualties are high among the North Korean units," Pat Ryder said.'


@pytest.fixture
def articles(news):
    return [
        news("r1", "Pentagon briefing", "Pat Ryder spoke on Monday.", CASUALTIES,
             "Troops moved toward Kursk, officials said.", date="2024-11-04", outlet="DOD News",
             quotes={2: [("Pat Ryder", "Casualties are high among the North Korean units")]}),
        news("m1", "Ryder visits", "Pat Ryder visited the troops near Kursk.",
             "The casualties were heavy, officials said.", date="2024-11-05", outlet="Newsweek"),
        news("o1", "Briefing", '"We are looking into those reports," Pat Ryder said.',
             '"Casualties are averaging 1,200 a day," Sabrina Singh said.', date="2024-11-06", outlet="Reuters",
             quotes={1: [("Pat Ryder", "We are looking into those reports")],
                     2: [("Sabrina Singh", "Casualties are averaging 1,200 a day")]}),
        news("w1", "Film", '"The casualties of fame are many," Winona Ryder said.', date="2024-10-01",
             outlet="Variety", quotes={1: [("Winona Ryder", "The casualties of fame are many")]}),
        news("t1", "Two quotes", '"We saw the units," Pat Ryder said. "Casualties followed."',
             date="2024-11-07", outlet="Reuters",
             quotes={1: [("Pat Ryder", "We saw the units"), ("Pat Ryder", "Casualties followed.")]}),
    ]


@pytest.fixture
def snap(make_index, articles):
    from helpers import snapshot_of
    with snapshot_of(make_index(articles)) as snapshot:
        yield snapshot


def whoosh_ids(snapshot, text: str) -> set[str]:
    """The ids Whoosh's own searcher finds for the query the web app makes of ``text``."""
    parsed = parse_query(text, snapshot.schema, snapshot.columns.analyses, snapshot.speakers)
    with snapshot.lock:
        hits = snapshot.searcher.search(parsed.query, limit=None)
        return {hit["id"] for hit in hits}


def app_ids(snapshot, text: str) -> set[str]:
    return {r["id"] for r in run_search(snapshot, SearchState(q=text, per_page=100))["results"]}


# -- what said: matches, and what it must not -------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ('said:"Pat Ryder" casualties', {"r1", "t1"}),     # not m1 (mentioned only), not o1 (Singh said it)
    ("said:pat-ryder casualties", {"r1", "t1"}),
    ("said:ryder casualties", {"r1", "t1", "w1"}),      # a surname: every Ryder
    ("said:singh casualties", {"o1"}),
    ("said:ryder", {"r1", "o1", "w1", "t1"}),           # quoted at all (m1 only mentions him)
    ('said:"Pat Ryder" "north korean units"', {"r1"}),
    ('said:"Pat Ryder" "units casualties"', set()),     # a phrase never spans two quotes
    ('said:"Pat Ryder" casualt*', {"r1", "t1"}),
    ('said:"Pat Ryder" casualties kursk', set()),       # the rest of the query is in his words
    ('said:"Pat Ryder"(casualties) kursk', {"r1"}),     # a group ends the scope
    ('said:"Pat Ryder"(looking OR units)', {"r1", "o1", "t1"}),
    ('said:"Pat Ryder" looking outlet:reuters', {"o1"}),  # another field keeps its field
    ('said:"Pat Ryder" -casualties', {"o1"}),           # exclusions alone still need him quoted
    ('-said:ryder', {"m1"}),
    ("ryder casualties", {"r1", "m1", "o1", "t1", "w1"}),   # without said:, anywhere
])
def test_said_queries_match_only_the_speakers_words(snap, text, expected):
    assert whoosh_ids(snap, text) == expected
    assert app_ids(snap, text) == expected                # the fast matcher agrees with Whoosh


@pytest.mark.parametrize("text, reading", [
    ("said:patryder casualties", "said:patryder_casualties"),
    ('said:"Pat Ryder" casualties wounded', "(said:patryder_casualties said:patryder_wounded)"),
    ('kursk said:ryder(casualties OR wounded) troops', "kursk (said:ryder_casualties OR said:ryder_wounded) troops"),
    ('said:ryder "legitimate targets"~2 outlet:reuters', '(said:"ryder_legitimate targets"~2 outlet:reuters)'),
    ("said:ryder NOT casualties", "(said:ryder NOT said:ryder_casualties)"),
    ("NOT said:ryder a b", "NOT (said:ryder_a said:ryder_b)"),
    ("said:ryder said:singh troops", "said:ryder said:singh_troops"),
    ("said:ryder title:(a b) c*", "(title:(a b) said:ryder_c*)"),
])
def test_said_is_rewritten_into_terms_of_the_said_field(text, reading):
    assert rewrite_said(text, []) == reading


@pytest.mark.parametrize("text, reading", [
    ("said:ryder casualties", "(said:patryder_casualties OR said:winonaryder_casualties)"),
    ("said:ryder", "(said:patryder OR said:winonaryder)"),
    ("-said:ryder a b", "NOT ((said:patryder_a said:patryder_b) OR (said:winonaryder_a said:winonaryder_b))"),
    ("said:singh a", "said:sabrinasingh_a"),
    ("said:pat-ryder a", "said:patryder_a"),
    ("said:rydr a", "said:rydr_a"),                  # unknown: searched as typed (it finds nothing)
])
def test_a_surname_stands_for_every_speaker_who_has_it(snap, text, reading):
    notes: list[str] = []
    assert rewrite_said(text, notes, snap.speakers) == reading


def test_said_without_a_name_searches_its_words_everywhere(snap):
    notes: list[str] = []
    assert rewrite_said('said:"" casualties', notes) == "casualties"
    assert notes and "needs a speaker's name" in notes[0]


def test_notices_for_an_unknown_or_ambiguous_speaker(snap):
    unknown = run_search(snap, SearchState(q="said:rydr casualties"))
    assert unknown["total"] == 0
    assert "No one called “rydr” is quoted" in unknown["message"] and "Pat Ryder" in unknown["message"]
    ambiguous = run_search(snap, SearchState(q="said:ryder casualties"))
    assert "said:ryder stands for 2 speakers (Pat Ryder, Winona Ryder)" in ambiguous["message"]
    assert run_search(snap, SearchState(q='said:"Pat Ryder" casualties'))["message"] is None


def test_speaker_directory_finds_names_keys_and_unique_surnames():
    directory = SpeakerDirectory(["Pat Ryder", "Winona Ryder", "Kim Yong-hyun", "Zoë Ąlvarez"])
    assert directory.find("Pat Ryder") == "Pat Ryder"
    assert directory.find("pat ryder") == directory.find("PAT-RYDER") == "Pat Ryder"
    assert directory.find("ryder") is None                      # two Ryders
    assert directory.find("Kim Yong Hyun") == directory.find("yong-hyun") == "Kim Yong-hyun"
    assert directory.find("zoe alvarez") == "Zoë Ąlvarez"
    assert directory.find("kim") is None and directory.suggestions("kim") == ["Kim Yong-hyun"]
    assert directory.suggestions("Rydr") == ["Pat Ryder", "Winona Ryder"]


# -- the index: the said field and the stored quotes ------------------------------------------------

def test_the_said_field_joins_each_speaker_key_to_each_word_of_their_quotes(news):
    article = news("a", "T", 'Intro. "Oil-prices rose," Zoë Ąlvarez said.', "Nothing.",
                   quotes={1: [("Zoë Ąlvarez", "Oil-prices rose")]})
    assert said.speaker_keys("Zoë Ąlvarez") == ("zoealvarez", "alvarez")
    assert said.speaker_keys("Madonna") == ("madonna",)
    assert said.speaker_key_of("Zoë Ąlvarez") == "zoealvarez"
    value = said.said_value(article)
    assert value == "zoealvarez\tOil-prices rose"
    tokens = [(t.text, t.pos) for t in SaidAnalyzer()(value, positions=True)]
    assert tokens == [("zoealvarez", 0), ("zoealvarez_oil", 1), ("zoealvarez_price", 2), ("zoealvarez_rose", 3)]
    two = said.said_value(news("b", "T", "A b c. D e f.", quotes={1: [("Al Bo", "A b c."), ("Al Bo", "D e f.")]}))
    positions = [t.pos for t in SaidAnalyzer()(two, positions=True) if t.text == "albo_d"]
    assert positions == [3 + 1000 + 1]                  # quotes are QUOTE_GAP positions apart


def test_the_query_side_of_the_said_analyzer():
    analyzer = SaidAnalyzer()
    assert [t.text for t in analyzer("Ryder_Oil-Prices", mode="query")] == ["ryder_oil", "ryder_price"]
    assert [t.text for t in analyzer("Zoë", mode="query")] == ["zoe"]
    bare = list(analyzer("Pat Ryder", mode="query", chars=True))     # as Whoosh reads said:"Pat Ryder" itself
    assert [(t.text, t.startchar, t.endchar) for t in bare] == [("patryder", 0, 9)]


def test_documents_store_quotes_and_read_back(news):
    article = news("a", "T", 'x "We will respond," Pat Ryder said.', quotes={1: [("Pat Ryder", "We will respond")]})
    doc = to_document(article, "stamp")
    assert doc["quotes"] == [[1, 3, 18, "Pat Ryder"]]
    assert doc["said"] == "patryder\tWe will respond"
    assert from_stored(doc).passages[0].quotes == [Quote(3, 18, "Pat Ryder")]
    assert "said" in build_schema() and "quotes" not in to_document(news("b", "T", "No one spoke."), "s")


def test_an_indexed_corpus_has_its_quotes(seed_index):
    from helpers import snapshot_of
    with snapshot_of(seed_index) as snapshot:
        fields = [snapshot.searcher.stored_fields(d) for d in snapshot.columns.live]
        by_id = {f["id"]: f for f in fields}
        quoted = {f["id"] for f in fields if f.get("quotes")}
        assert quoted == set(by_id)                        # every seed quotes someone
        for f in fields:
            for n, start, end, speaker in f["quotes"]:
                text, speakers = f["passages"][n - 1]
                assert speaker in speakers and 0 <= start < end <= len(text)
        casualties = whoosh_ids(snapshot, "said:ryder casualties")     # Ryder added that ... casualties
        assert casualties == {i for i in by_id if i.startswith("003_")}
        assert casualties < whoosh_ids(snapshot, "ryder casualties")     # 000 has both, not in his words


# -- highlighting: the quote, not the name -----------------------------------------------------------

def test_quote_hits_mark_words_only_inside_the_speakers_quotes():
    text = 'Ryder spoke of casualties. "Casualties are high," Ryder said. "Casualties?" Singh asked.'
    quotes = [(text.index("Casualties are"), text.index("high") + 4, "Pat Ryder"),
              (text.index("Casualties?"), text.index("Casualties?") + 11, "Sabrina Singh")]
    words = SaidTerms({"patryder": frozenset({"casualti"})})
    assert [text[a:b] for a, b in quote_hits(text, quotes, words)] == ["Casualties"]
    assert quote_hits(text, quotes, words)[0][0] == text.index("Casualties are")
    whole = SaidTerms(whole=frozenset({"patryder"}))
    assert [text[a:b] for a, b in quote_hits(text, quotes, whole)] == ["Casualties are high"]


def test_said_terms_of_a_parsed_query(snap):
    parsed = parse_query('said:ryder casualties "north korean" -units said:singh', snap.schema,
                         speakers=snap.speakers)
    terms = said_terms(parsed.query)
    assert terms.words == {key: frozenset({"casualti", ("north", "korean")}) for key in ("patryder", "winonaryder")}
    assert terms.whole == frozenset({"sabrinasingh"})


def test_snippets_and_the_article_mark_the_quote_not_the_name(snap, make_app, index_dir):
    result = run_search(snap, SearchState(q='said:"Pat Ryder" casualties'))
    snippets = {r["id"]: [str(s["html"]) for s in r["snippets"]] for r in result["results"]}
    assert snippets["r1"][0] == ('&#34;<mark>Casualties</mark> are high among the North Korean units,&#34; '
                                 'Pat Ryder said.')
    bare = run_search(snap, SearchState(q='said:"Pat Ryder"', per_page=100))["results"]
    first = {r["id"]: str(r["snippets"][0]["html"]) for r in bare}
    assert first["r1"] == '&#34;<mark>Casualties are high among the North Korean units</mark>,&#34; Pat Ryder said.'
    assert first["o1"].startswith("&#34;<mark>We are looking into those reports</mark>")   # the quote's passage
    client = make_app(index_dir).test_client()
    page = BeautifulSoup(client.get("/doc/o1?q=said:ryder+casualties").get_data(as_text=True), "lxml")
    assert [m.get_text() for m in page.select("section.passage mark")] == []   # Singh's casualties: not marked
    page = BeautifulSoup(client.get("/doc/o1?q=said:singh+casualties").get_data(as_text=True), "lxml")
    assert [m.get_text() for m in page.select("section.passage mark")] == ["Casualties"]
    data = client.get("/api/doc/o1?q=said:singh").get_json()
    assert data["passages"][1]["quotes"] == [{"start": 1, "end": 37, "speaker": "Sabrina Singh"}]
    assert data["passages"][1]["html"] == ('&#34;<mark id="h-1">Casualties are averaging 1,200 a day</mark>,&#34; '
                                           'Sabrina Singh said.')


def test_the_rules_fingerprint_covers_the_said_module():
    from indexer.extract.pipeline import RULE_GLOBS
    assert "index/said.py" in RULE_GLOBS


def test_a_said_query_needs_no_whoosh_query_class_of_its_own(snap):
    parsed = parse_query('said:"Pat Ryder" casualties', snap.schema, speakers=snap.speakers)
    assert parsed.query == wq.Term("said", "patryder_casualti") and parsed.reading is None


def test_corpus_wide_names_rename_the_quotes_and_keep_the_extracted_ones(news):
    article = news("a", "T", 'x "We will respond," Pat Ryder said.', quotes={1: [("Pat Ryder", "We will respond")]})
    doc = to_document(article, "s", {"Pat Ryder": "Patrick Ryder"})      # the name the facet shows
    assert doc["quotes"] == [[1, 3, 18, "Patrick Ryder"]] and doc["said"] == "patrickryder\tWe will respond"
    assert from_stored(doc).passages[0].quotes == [Quote(3, 18, "Pat Ryder")]     # as extracted, to map again
    dropped = to_document(article, "s", {"Pat Ryder": ""})               # a name that is no speaker
    assert "quotes" not in dropped and "said" not in dropped
    assert from_stored(dropped).passages[0].quotes == [Quote(3, 18, "Pat Ryder")]
