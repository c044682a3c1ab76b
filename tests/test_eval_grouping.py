"""The labelled set of ``bench/eval_grouping.py`` on a few made-up Reuters stories: which pairs are
copies, developing stories and same-topic stories, and the pair precision and recall it reports."""

from __future__ import annotations

import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import eval_grouping as E  # noqa: E402
import reuters  # noqa: E402

WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()


def paras(seed: int, n: int = 4) -> list[str]:
    import random
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(30)) + "." for _ in range(n)]


def story(newid, title, paragraphs, topic="crude", date="1987-03-02"):
    return reuters.Story(newid, date, title, "\n\n".join(paragraphs), "NORM", (topic,))


def test_a_developing_story_shares_the_lead_and_adds_or_rewrites_half():
    lead = paras(1, 1)
    first = story(1, "OPEC TALKS RESUME IN VIENNA", lead + paras(2, 3))
    update = story(2, "OPEC TALKS RESUME, SAUDI SAYS", lead + paras(3, 4))
    resent = story(3, "OPEC TALKS RESUME IN VIENNA", first.paragraphs[:3])    # a copy: not developing
    assert E.developing_pairs([first, update]) == [(first, update)]
    assert E.developing_pairs([first, resent]) == []


def test_copies_keep_most_of_the_text():
    import random
    base = story(1, "T", paras(5, 6))
    for kind in E.KINDS:
        copy = E.make_copy(base, kind, random.Random(0), paras(6, 1))
        kept = sum(p in base.paragraphs for p in copy) / len(base.paragraphs)
        assert kept >= 0.6 or kind in ("edit", "mixed"), kind


def test_pair_precision_and_recall():
    docs = [E.Doc("a", "a", "original", "1987-03-02", "t", []), E.Doc("a-trim", "a", "trim", "1987-03-02", "t", []),
            E.Doc("b", "b", "topic", "1987-03-02", "t", []), E.Doc("c", "c", "topic", "1987-03-02", "t", [])]
    perfect = E.score(docs, {"a": "a", "a-trim": "a", "b": "b", "c": "c"})
    assert (perfect["precision"], perfect["recall"]) == (1.0, 1.0)
    lumped = E.score(docs, {"a": "x", "a-trim": "x", "b": "x", "c": "c"})
    assert lumped["precision"] == 1 / 3 and lumped["recall"] == 1.0 and lumped["same_topic_grouped"] == 2
    split = E.score(docs, {"a": "a", "a-trim": "t", "b": "b", "c": "c"})
    assert split["recall"] == 0.0 and split["recall_trim"] == 0.0
