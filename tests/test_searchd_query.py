"""The query translation to searchd (``webapp/sphinxql.py``) and the escaping of MATCH() text.

Judges we did not write: rapidfuzz's Levenshtein distance for the fuzzy
patterns, and searchd itself for the escaping (any escaped text is a
literal: no syntax error, whatever hypothesis generates).
"""

from __future__ import annotations

import random
import re

import pymysql
import pytest
from hypothesis import given, settings, strategies as st
from rapidfuzz.distance import Levenshtein

from indexer.index.schema import build_schema
from indexer.searchd.client import SPECIAL, escape_match
from indexer.searchd.config import ConfigError, parse
from webapp.query import parse_query
from webapp.sphinxql import fuzzy_patterns, translate

SCHEMA = build_schema()
ALL = "@(title,body,speaker,outlet,author)"


def tr(q: str, days=(20241031, 20241104, 20241203)):
    return translate(parse_query(q, SCHEMA).query, lambda: list(days))


def test_words_fields_and_operators():
    assert tr("troops").match == f"({ALL} troop)"
    assert tr("outlet:newsweek kursk").match == f"((@outlet newsweek) ({ALL} kursk))"
    assert tr("a OR b").match == f"(({ALL} a) | ({ALL} b))"
    assert tr("-troops kursk").match == f"(({ALL} kursk) -(({ALL} troop)))"
    assert tr("NOT troops").match == f"((@every every) -(({ALL} troop)))"      # a lone NOT needs every document
    assert tr("a OR NOT b").match == f"(({ALL} a) | ((@every every) -(({ALL} b))))"
    assert tr("+a b").match == f"((({ALL} a)) MAYBE (({ALL} b)))"
    assert tr('"legitimate targets"').match == f'({ALL} "legitim target")'
    assert tr("U.S. 11,000").match == f"(({ALL} us) ({ALL} 11000))"


def test_dates_are_filters_where_the_whole_query_needs_them_and_tokens_elsewhere():
    found = tr("troops date:2024-11")
    assert found.match == f"({ALL} troop)" and found.ranges == [(20241101, 20241130)]
    assert tr("date:>2024-11-04").ranges == [(20241105, 99991231)]
    assert tr("date:<2024-11").ranges == [(1, 20241100)]          # no day lies between
    assert tr("troops OR date:2024-11").match == f"(({ALL} troop) | (@date 20241104))"
    assert tr("troops OR date:2023").match == f"({ALL} troop)"             # no such day: that side is empty
    assert tr("-date:2024").match == "((@every every) -((@date 20241031 | 20241104 | 20241203)))"
    assert tr("date:2024-1*").match == "(@date 20241031 | 20241104 | 20241203)"


def test_what_searchd_does_differently_is_said():
    assert tr("oil^2").notices == ["Boosts (^) do not change the ranking on this search engine (searchd)."]
    assert "in any order" in tr('"a b"~3').notices[0] and tr('"a b"~3').match.endswith('"a b"~3)')
    assert tr("title:[a TO c]").notices and tr("?").notices
    assert tr("x AND title:[a TO c]").match == f"({ALL} x)"


def _matches(pattern: str, term: str) -> bool:
    """searchd's reading of a pattern (``%``: zero or one character, ``?``: one, ``*``: any)."""
    rx = "".join({"%": ".?", "?": ".", "*": ".*"}.get(ch, re.escape(ch)) for ch in pattern.replace("\\", ""))
    return re.fullmatch(rx, term) is not None


@pytest.mark.parametrize("edits", [1, 2])
def test_fuzzy_patterns_cover_exactly_the_terms_within_the_edits(edits):
    rng = random.Random(edits)
    for _ in range(40):
        word = "".join(rng.choice("abcde") for _ in range(rng.randint(1, 6)))
        prefix = rng.choice([0, 0, 1])
        vocabulary = {"".join(rng.choice("abcde") for _ in range(rng.randint(1, 8))) for _ in range(400)}
        vocabulary |= {word[:i] + c + word[j:] for i in range(len(word) + 1) for j in range(i, min(i + 2, len(word)) + 1)
                       for c in ("", "a", "x")}
        patterns = fuzzy_patterns(word, edits, prefix)
        found = {t for t in vocabulary if t and any(_matches(p, t) for p in patterns)}
        expected = {t for t in vocabulary if t and Levenshtein.distance(word, t) <= edits
                    and t[:prefix] == word[:prefix]}
        assert found <= expected, (word, edits, prefix)
        # A pattern of wildcards alone cannot be asked: only words as short as the edits are lost,
        # and the query then says so.
        lost = expected - found
        assert all(len(t) <= edits for t in lost), (word, edits, prefix, lost)
        assert not lost or tr(f"{word}~{edits}").notices


def test_escaping_covers_every_syntax_character():
    assert escape_match('a(b)|c-d!e@f~g"h&i/j^k$l=m<n>o*p?q%r\\s\'t\x00u') == \
        'a\\(b\\)\\|c\\-d\\!e\\@f\\~g\\"h\\&i\\/j\\^k\\$l\\=m\\<n\\>o\\*p\\?q\\%r\\\\s\\\'tu'
    assert all(escape_match(ch) == "\\" + ch for ch in SPECIAL)


@pytest.fixture(scope="module")
def shard(searchd_cluster):
    node = searchd_cluster.cluster.shards[0][0]
    conn = pymysql.connect(host=node.host, port=node.port, autocommit=True)
    yield conn
    conn.close()


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(SPECIAL) + list("ab ') ;\n\t\x00é𝕏")), max_size=60) |
       st.text(max_size=80))
def test_searchd_reads_any_escaped_text_as_a_literal(shard, text):
    with shard.cursor() as cur:
        cur.execute("SELECT id FROM clippings WHERE MATCH(%s) LIMIT 1", (escape_match(text),))
        cur.fetchall()


def test_the_cluster_description_is_checked():
    cluster = parse("master=127.0.0.1:9306 shard=127.0.0.1:9307/9308|127.0.0.1:9311/9312 shard=h:9309/9310")
    assert len(cluster.shards) == 2 and cluster.shards[0][1].agent == "127.0.0.1:9312"
    assert cluster.shard_of_agent("h:9310") == 1 and parse(cluster.spec()) == cluster
    for bad in ("", "master=127.0.0.1:9306", "shard=127.0.0.1:1/2", "master=x:1 shard=x:2",
                "master=x:1 shard=x:2/99999", "master=x:1 shard=x:2/3 bogus=1", "master=a;b:1 shard=x:2/3"):
        with pytest.raises(ConfigError):
            parse(bad)


def test_the_answer_cache_keeps_answers_of_one_index_state_up_to_its_size():
    from webapp.searchd_backend import CACHE_SIZE, AnswerCache, cache_size
    from webapp.searchd_facets import Answer
    assert cache_size(None) == cache_size("") == CACHE_SIZE and cache_size("0") == 0 and cache_size(3) == 3
    for bad in ("-1", "x", "1.5"):
        with pytest.raises(ConfigError, match="SEARCHD_CACHE"):
            cache_size(bad)
    cache, state = AnswerCache(2), ((0, 1), (1, 1))
    assert cache.settle(state) and not cache.settle(state)
    for key in "abc":
        cache.put(key, Answer([(key,)]), state)
        cache.get("a")                                           # "a" recently used: "b" goes first
    assert cache.get("a").rows == [("a",)] and cache.get("b") is None and cache.get("c").rows == [("c",)]
    cache.put("d", Answer([]), ((0, 1), (1, 2)))                 # asked in another state: not kept
    assert cache.get("d") is None
    assert cache.settle(((0, 1), (1, 2))) and cache.get("a") is None        # a write: all gone
    empty = AnswerCache(0)
    empty.settle(state)
    empty.put("a", Answer([]), state)
    assert empty.get("a") is None
