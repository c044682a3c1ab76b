"""The five seed articles against their gold answers (tests/data/seeds_gold.json).

The gold file is a copy of shared/seeds/gold.json, so that the tests run
without shared/; where shared/ is there, the copy must agree with it.  See
shared/ANNOTATION.md for the definitions.  Ambiguous speakers count neither
for nor against.
"""

from __future__ import annotations

import json

import pytest

from helpers import ROOT, SEED_CORPUS, SEEDS_GOLD, seeds_gold
from indexer.extract import Context, extract_bytes
from indexer.corpus.manifest import Manifest, load_manifest
from indexer.extract.dates import parse_date
from indexer.extract.outlets import load_registry

CORPUS = SEED_CORPUS
GOLD = seeds_gold()
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
WITH_MANIFEST = Context(outlets=load_registry(CORPUS), manifest=load_manifest(CORPUS, parse_date=parse_date))
TEXT_ONLY = Context(outlets=load_registry(CORPUS), manifest=Manifest())


def extract(gold, context):
    return extract_bytes(gold["file"], (CORPUS / gold["file"]).read_bytes(), context)


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_title_date_outlet(gold):
    article = extract(gold, WITH_MANIFEST)
    assert article.title == gold["title"]
    assert article.date == gold["date"]
    assert article.outlet == gold["outlet"]
    if "author" in gold:
        assert article.author == gold["author"]


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_outlet_from_text_alone(gold):
    assert extract(gold, TEXT_ONLY).outlet == gold["outlet_from_text"]


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_speakers(gold):
    found = set(extract(gold, WITH_MANIFEST).speakers) - set(gold["ambiguous_speakers"])
    assert found == {s["name"] for s in gold["speakers"]}
    assert not found & set(gold["mentioned_not_speakers"])


@pytest.mark.parametrize("gold", GOLD, ids=[g["file"][:3] for g in GOLD])
def test_passage_speakers_are_article_speakers_and_chrome_is_gone(gold):
    article = extract(gold, WITH_MANIFEST)
    quoted = {name for p in article.passages for name in p.speakers}
    assert quoted == set(article.speakers)
    chrome = ["Share", "All Sections", "An official website", "Copy Link", "Download: Full Size",
              "VIRIN", "Credit:", "Support UP", "Source link", "Photo:", "AP Photo"]
    assert not [c for c in chrome if c in article.text]
    assert article.title not in ("Share", "")


def test_gold_covers_every_seed_article():
    assert sorted(g["file"] for g in GOLD) == sorted(p.name for p in CORPUS.glob("*.txt"))


@pytest.mark.skipif(not (SHARED_SEEDS / "gold.json").exists(), reason="no shared/seeds/ next to the project")
def test_gold_copy_and_seed_files_agree_with_shared_seeds():
    copy = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    shared = json.loads((SHARED_SEEDS / "gold.json").read_text(encoding="utf-8"))
    assert copy["about"] == shared["about"]
    shared_articles = {g["file"]: g for g in shared["articles"]}
    both = [g for g in copy["articles"] if g["file"] in shared_articles]
    assert both, "the copy and shared/seeds/gold.json have no article in common"
    for gold in both:
        assert gold == shared_articles[gold["file"]], gold["file"]
        assert (CORPUS / gold["file"]).read_bytes() == (SHARED_SEEDS / gold["file"]).read_bytes(), gold["file"]
