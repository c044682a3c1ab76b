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


def test_apostrophes_and_dots_inside_words_are_kept_or_dropped_as_before():
    assert terms("don't rock'n'roll a.m. O’Neill e.g.") == ["don't", "rock'n'rol", "am", "o'neil", "eg"]


def test_hyphens_split_and_letters_stay_on_digits():
    assert terms("F-16 G7 1990s") == ["f", "16", "g7", "1990s"]
