"""Unit tests of the web app's plain-data parts: query reading, words, snippets, facets, params, links."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from indexer.index.analysis import text_analyzer
from indexer.article import passage_fingerprint
from indexer.index.schema import build_schema
from webapp import facets
from webapp.document import link_anchor, safe_source, text_fragment, valid_id
from webapp.anchors import resolve
from webapp.params import ParamError, SearchState, parse_day, parse_search_args
from webapp.query import parse_query, repair
from webapp.snippets import MarkFormatter, WindowFragmenter, best_snippets, find_hits, highlight_all
from webapp.textwords import stem_of, tokens


# -- words: the same terms as the indexer's analyzer ------------------------------

SAMPLES = [
    "North Korean troops entered Russia's Kursk Oblast last month.",
    "The U.S. and Zelenskyy’s government; Cranny-Evans said “No.” 11,000 troops",
    "Ünïcödé ÀCCENTS and ALLCAPS words, e-mail, 3.5 mln dlrs, don't won’t",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_tokens_match_the_index_analyzer(text):
    analyzer = text_analyzer()
    expected = [(t.startchar, t.endchar, t.text) for t in analyzer(text, chars=True, mode="index")]
    assert list(tokens(text)) == expected


@given(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=80))
@settings(max_examples=200, deadline=None)
def test_tokens_match_the_analyzer_on_any_text(text):
    analyzer = text_analyzer()
    assert [term for _, _, term in tokens(text)] == [t.text for t in analyzer(text, mode="index")]


def test_stem_of_folds_case_accents_and_dots():
    assert stem_of("Troops") == stem_of("troop") == "troop"
    assert stem_of("U.S.") == stem_of("us")


# -- query reading ---------------------------------------------------------------

@pytest.fixture(scope="module")
def schema():
    return build_schema()


def test_plain_words_parse_without_message(schema):
    parsed = parse_query("troops kursk", schema)
    assert parsed.query is not None and parsed.message is None and parsed.reading is None


@pytest.mark.parametrize("text", ["", "   ", "*"])
def test_empty_query_browses(schema, text):
    assert parse_query(text, schema).browse


@pytest.mark.parametrize("text, reading, says", [
    ('"north korean troops', '"north korean troops"', "quotation mark"),
    ("(troops OR kursk", "(troops OR kursk)", "parentheses"),
    ("troops) kursk", "troops kursk", "parentheses"),
    ("troops AND", "troops", "“AND”"),
    ("OR troops", "troops", "“OR”"),
    ("troops AND AND kursk", "troops AND kursk", "“AND”"),
    ("troops NOT", "troops", "“NOT”"),
    ("title: troops", "troops", "“title:”"),
    ("troops title:", "troops", "“title:”"),
    ("color:red troops", "color red troops", "not a field"),
    ("kursk~7", "kursk~2", "at most 2"),
    ("Title:kursk", "title:kursk", None),
])
def test_malformed_queries_are_repaired_with_a_message(schema, text, reading, says):
    repaired, messages = repair(text)
    assert repaired == reading
    if says:
        assert any(says in m for m in messages), messages
    parsed = parse_query(text, schema)
    assert parsed.query is not None


def test_only_operators_match_nothing_with_a_message(schema):
    parsed = parse_query("AND OR NOT", schema)
    assert not parsed.browse and parsed.message and "nothing was searched" in parsed.message


@given(st.text(alphabet='ab "()*?~:^-+ANDORNOTtitle[]{}\\/', max_size=40))
@settings(max_examples=300, deadline=None)
def test_parse_query_never_raises(text):
    parse_query(text, build_schema())


# -- snippets --------------------------------------------------------------------

def test_find_hits_uses_index_terms():
    text = "Troops moved; the troop's commander spoke."
    hits = find_hits(text, frozenset({"troop"}))
    assert [text[s:e] for s, e in hits] == ["Troops", "troop's"]


def test_formatter_escapes_everything_and_adds_only_mark():
    text = '<script>alert("x")</script> troops & <b>more</b>'
    html = MarkFormatter().format(text, find_hits(text, frozenset({"troop"})))
    assert html == ('&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>troops</mark> &amp; '
                    '&lt;b&gt;more&lt;/b&gt;')


def test_formatter_numbers_hits_across_texts():
    out, count = highlight_all(["troops here", "no hit", "troops and troops"], frozenset({"troop"}))
    assert count == 3
    assert 'id="h-1"' in out[0] and 'id="h-2"' in out[2] and 'id="h-3"' in out[2]


def test_fragmenter_keeps_short_passages_whole():
    assert WindowFragmenter(300).window("short text", [(0, 5)]) == (0, 10)


def test_fragmenter_centres_on_the_hits_of_a_long_passage():
    text = ("filler words " * 60) + "the troops arrived " + ("more filler " * 60)
    hits = find_hits(text, frozenset({"troop"}))
    begin, end = WindowFragmenter(200).window(text, hits)
    assert begin <= hits[0][0] and hits[0][1] <= end and end - begin <= 200
    html = MarkFormatter().format(text, hits, begin, end)
    assert html.startswith("…") and html.endswith("…") and "<mark>troops</mark>" in html


def test_best_snippets_rank_passages_by_distinct_terms():
    passages = [["Nothing here.", []], ["Troops only.", []], ["Troops in Kursk.", []], ["Kursk.", []]]
    snippets = best_snippets(passages, frozenset({"troop", "kursk"}), limit=3)
    assert [s.n for s in snippets] == [3, 2, 4]
    assert str(snippets[0].html) == "<mark>Troops</mark> in <mark>Kursk</mark>."


def test_best_snippets_fall_back_to_the_first_passage():
    snippets = best_snippets([["First.", []], ["Second.", []]], frozenset({"absent"}))
    assert [(s.n, str(s.html)) for s in snippets] == [(1, "First.")]


def test_passages_spoken_by_a_queried_speaker_come_first():
    passages = [["Ryder was mentioned.", []], ['"We see it," he said.', ["Pat Ryder"]]]
    snippets = best_snippets(passages, frozenset({"ryder"}), frozenset({"ryder"}), limit=2)
    assert [s.n for s in snippets] == [1, 2] or snippets[0].n == 2
    assert snippets[0].score > 0 and snippets[1].score > 0


# -- facets as plain dicts ---------------------------------------------------------

def test_value_facet_orders_by_count_and_keeps_selected_values():
    items = facets.value_facet(Counter({"AP": 3, "Reuters": 5, "BBC": 3}), ("Zeit",))
    assert items == [
        {"value": "Zeit", "label": "Zeit", "count": 0, "selected": True},
        {"value": "Reuters", "label": "Reuters", "count": 5, "selected": False},
        {"value": "AP", "label": "AP", "count": 3, "selected": False},
        {"value": "BBC", "label": "BBC", "count": 3, "selected": False},
    ]


@pytest.mark.parametrize("first, last, unit", [
    ("2024-11-01", "2024-11-20", "day"),
    ("2024-11-01", "2024-12-31", "week"),
    ("2024-01-15", "2024-12-01", "month"),
    ("2019-01-01", "2024-12-01", "month"),
    ("2010-01-01", "2024-12-01", "year"),
])
def test_histogram_gets_finer_when_the_span_is_short(first, last, unit):
    assert facets.granularity(dt.date.fromisoformat(first), dt.date.fromisoformat(last)) == unit


def test_date_facet_by_month_with_empty_months_and_selection():
    days = Counter({"2024-01-05": 2, "2024-01-20": 1, "2024-04-02": 4, "2024-09-30": 1})
    buckets = facets.date_facet(days, "2024-04-01", "2024-04-30")
    assert [b["label"] for b in buckets] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05",
                                             "2024-06", "2024-07", "2024-08", "2024-09"]
    assert buckets[0] == {"from": "2024-01-01", "to": "2024-01-31", "label": "2024-01", "count": 3,
                          "selected": False}
    assert buckets[3] == {"from": "2024-04-01", "to": "2024-04-30", "label": "2024-04", "count": 4,
                          "selected": True}
    assert buckets[1]["count"] == 0 and buckets[8]["to"] == "2024-09-30"


def test_date_facet_by_week_starts_on_monday():
    buckets = facets.date_facet(Counter({"2024-11-06": 1, "2024-12-20": 2}), None, None)
    assert buckets[0]["from"] == "2024-11-04" and buckets[0]["label"] == "week of 2024-11-04"
    assert buckets[-1]["from"] == "2024-12-16" and buckets[-1]["to"] == "2024-12-22"
    assert sum(b["count"] for b in buckets) == 3


def test_date_facet_links_toggle_and_levels():
    state = SearchState(q="x")
    buckets = facets.date_facet(Counter({"2024-11-04": 1, "2024-11-05": 4}), None, None)
    linked = facets.add_date_links(buckets, state, "/")
    assert linked[0]["toggle_url"] == "/?q=x&from=2024-11-04&to=2024-11-04"
    assert [b["level"] for b in linked] == [2, 10]
    chosen = SearchState(q="x", date_from="2024-11-05", date_to="2024-11-05")
    assert facets.add_date_links(buckets, chosen, "/")[1]["toggle_url"] == "/?q=x"


# -- parameters --------------------------------------------------------------------

def test_search_args_round_trip_through_the_url():
    args = MultiDict([("q", " troops "), ("outlet", "AP"), ("outlet", "BBC"), ("speaker", "Pat Ryder"),
                      ("from", "2024-11"), ("to", "2024"), ("sort", "newest"), ("page", "2")])
    state = parse_search_args(args)
    assert state == SearchState(q="troops", outlets=("AP", "BBC"), speakers=("Pat Ryder",),
                                date_from="2024-11-01", date_to="2024-12-31", sort="newest", page=2)
    assert state.url("/") == ("/?q=troops&outlet=AP&outlet=BBC&speaker=Pat+Ryder&from=2024-11-01"
                              "&to=2024-12-31&sort=newest&page=2")
    assert state.toggle("outlet", "AP").url("/").startswith("/?q=troops&outlet=BBC&speaker")
    assert "page" not in state.url("/", sort="oldest")


@pytest.mark.parametrize("args, says", [
    ([("q", "x" * 501)], "too long"),
    ([("outlet", "x" * 201)], "too long"),
    ([("speaker", str(i)) for i in range(21)], "too many"),
    ([("page", "0")], "between 1"),
    ([("page", "abc")], "whole number"),
    ([("page", "99999")], "between 1"),
    ([("per_page", "1000")], "between 1"),
    ([("sort", "random")], "sort must be"),
    ([("from", "yesterday")], "must be a date"),
    ([("from", "2024-02-30")], "not a real date"),
    ([("from", "2024-12-01"), ("to", "2024-01-01")], "after"),
    ([("q", "a"), ("q", "b")], "once"),
    ([("q", "a\x00b")], "NUL"),
])
def test_bad_search_args_raise_param_error(args, says):
    with pytest.raises(ParamError, match=says):
        parse_search_args(MultiDict(args))


def test_parse_day_covers_whole_periods():
    assert parse_day("2024-02", end=True) == "2024-02-29"
    assert parse_day("2023", end=True) == "2023-12-31"
    assert parse_day("2023-1-5") == "2023-01-05"


# -- article links -----------------------------------------------------------------

def test_ids_are_checked_before_the_index_is_asked():
    assert valid_id("000_37a6eac469d99020-1a2b3c4d")
    for bad in ["..", "../etc/passwd", "a/b", "a\x00b", "", "A-UPPER", ".hidden", "x" * 200, "a.b", "a%2fb"]:
        assert not valid_id(bad), bad


def resolve_link(passages, n, fp):
    landing = resolve(link_anchor(n, fp), [text for text, _speakers in passages])
    return landing.status, landing.passage


def test_a_link_follows_the_fingerprint():
    passages = [["One.", []], ["Two moved here.", []], ["Three.", []]]
    fp = passage_fingerprint("Two moved here.")
    assert resolve_link(passages, 2, fp) == ("ok", 2)
    assert resolve_link(passages, 1, fp) == ("moved", 2)
    assert resolve_link(passages, 9, fp) == ("moved", 2)
    assert resolve_link(passages, 2, "0000000000") == ("gone", None)
    assert resolve_link(passages, 2, None) == ("ok", 2)
    assert resolve_link(passages, 7, None) == ("gone", None)


def test_text_fragment_uses_start_and_end_words():
    text = "The Pentagon has not confirmed that these troops have engaged in combat with Ukrainian forces, she said."
    assert text_fragment(text) == "#:~:text=The%20Pentagon%20has%20not%20confirmed,with%20Ukrainian%20forces%2C%20she%20said"
    assert text_fragment("Short, well-known text.") == "#:~:text=Short%2C%20well%2Dknown%20text"


def test_only_web_addresses_become_source_links():
    assert safe_source("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil", "", None, "http://"]:
        assert safe_source(bad) is None


def test_a_phrase_is_one_hit_and_its_words_alone_are_not_marked():
    text = "North Korean troops met Korean officials; north korean troops left."
    terms = frozenset({("north", "korean", "troop"), "offici"})
    hits = find_hits(text, terms)
    assert [text[s:e] for s, e in hits] == ["North Korean troops", "officials", "north korean troops"]
    assert MarkFormatter().format(text, hits).count("<mark>") == 3


def test_highlight_terms_skip_negated_parts_and_expand_wildcards(make_index, news):
    from webapp.index import IndexHolder
    from webapp.query import highlight_terms
    holder = IndexHolder(make_index([news("x", "T", "troops trooper kursk grain")]))
    snapshot = holder.acquire()
    try:
        q = parse_query('troop* "kursk grain" NOT wheat', snapshot.schema).query
        assert highlight_terms(q, snapshot.searcher.reader()) == {"troop", "trooper", ("kursk", "grain")}
    finally:
        holder.release(snapshot)
        holder.close()


def test_columns_count_filter_and_rank_the_live_documents():
    from indexer.index.columns import Columns, split_speakers
    from indexer.index.stats import column_stats
    assert split_speakers("Pat Ryder,,Jane Doe") == ("Pat Ryder", "Jane Doe") and split_speakers("") == ()
    columns = Columns(live={0, 1, 3, 4}, outlet_of=["AP", "BBC", "AP", "", "AP"],
                      speakers_of=[("Pat Ryder",), (), ("Pat Ryder",), ("Jane Doe", "Pat Ryder"), ()],
                      date_of=["2024-11-02", "", "2024-11-01", "2024-10-30", "2024-11-02"],   # docnum 2 deleted
                      lang_of=["en", "de", "fr", "", "nb"])
    assert columns.count({0, 3}) == {"outlet": Counter({"AP": 1}), "speaker": Counter({"Pat Ryder": 2, "Jane Doe": 1}),
                                     "lang": Counter({"en": 1}),
                                     "day": Counter({"2024-11-02": 1, "2024-10-30": 1}), "undated": 0}
    assert columns.with_any("outlet", ["AP", "Reuters"]) == {0, 4}
    assert columns.with_any("speaker", ["Pat Ryder"]) == {0, 3}
    assert columns.with_any("lang", ["de", "fr"]) == {1}                  # the French one is deleted
    assert columns.analyses == ("de", "no")                               # live languages not English
    assert columns.in_range("2024-11-01", None) == {0, 4} and columns.in_range(None, "2024-10-31") == {3}
    assert sorted(columns.live, key=columns.newest_rank.__getitem__) == [4, 0, 3, 1]   # oldest, reversed
    assert sorted(columns.live, key=columns.oldest_rank.__getitem__) == [3, 0, 4, 1]
    assert column_stats(columns) == {"documents": 4, "outlets": {"AP": 2, "BBC": 1},
                                     "speakers": {"Pat Ryder": 2, "Jane Doe": 1},
                                     "languages": {"de": 1, "en": 1, "nb": 1},
                                     "date_range": {"from": "2024-10-30", "to": "2024-11-02"}, "undated": 1}


def test_a_speaker_listed_twice_counts_one_article():
    from indexer.index.columns import split_speakers
    assert split_speakers("Pat Ryder,Sabrina Singh,Pat Ryder") == ("Pat Ryder", "Sabrina Singh")
    assert split_speakers("") == ()
