"""The shared analyzer: NLTK stemming, folding, dotted abbreviations."""

from indexer.index.analysis import text_analyzer


def terms(text):
    return [t.text for t in text_analyzer()(text)]


def test_stems_with_snowball():
    assert terms("troops troop running") == ["troop", "troop", "run"]


def test_folds_case_accents_and_dots():
    assert terms("Zelenskyy ZELENSKYY") == ["zelenskyy", "zelenskyy"]
    assert terms("café") == ["cafe"]
    assert terms("U.S.") == terms("US")


def test_keeps_stop_words_for_phrases():
    assert terms("the war of choice") == ["the", "war", "of", "choic"]


def test_curly_apostrophe_is_a_possessive():
    assert terms("Russia’s") == terms("Russia's") == ["russia"]
