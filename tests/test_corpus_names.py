"""Corpus-wide speaker names: a pure function of the names, whatever their order."""

import random

import pytest

from indexer.extract.people.aliases import alias_names
from indexer.extract.people.corpus_names import corpus_names, resolve, variant_key


@pytest.mark.parametrize("a, b", [
    ("Zelensky", "Zelenskyy"), ("Zelenskiy", "Zelenskyy"), ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Kim Yong-hyun", "Kim Yong Hyun"), ("Kim Yong-hyun", "KIM YONG-HYUN"), ("José Sarney", "Jose Sarney"),
    ("Dmitri Peskov", "Dmitriy Peskov"),
])
def test_spelling_variants_share_a_key(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize("a, b", [("Pat Ryder", "Pat Rider"), ("Kim Jong-un", "Kim Jong-il"), ("Li Peng", "Li Ping")])
def test_other_names_do_not(a, b):
    assert variant_key(a) != variant_key(b)


def test_a_lone_surname_becomes_the_one_full_name():
    names = {"Reagan": 5, "Ronald Reagan": 3, "Baker": 4, "James Baker": 9, "Howard Baker": 1}
    mapping = corpus_names(names)
    assert mapping["Reagan"] == "Ronald Reagan"
    assert mapping["Baker"] == "Baker"                      # two Bakers: undecided


def test_particles_double_surnames_and_middle_names():
    mapping = corpus_names({"De Clercq": 7, "Willy de Clercq": 5, "Hernandez Grisanti": 4,
                            "Grisanti": 1, "Arturo Hernandez Grisanti": 7,
                            "Hillary Rodham Clinton": 1, "Hillary Clinton": 1, "Karl Otto Poehl": 1})
    assert mapping["De Clercq"] == "Willy de Clercq"
    assert mapping["Hernandez Grisanti"] == mapping["Grisanti"] == "Arturo Hernandez Grisanti"
    assert mapping["Hillary Rodham Clinton"] == "Hillary Clinton"
    assert mapping["Karl Otto Poehl"] == "Karl Otto Poehl"     # no shorter form to go to


def test_a_stray_word_before_a_much_more_used_name_goes():
    mapping = corpus_names({"James Baker": 111, "Secertary James Baker": 1,
                            "Febres Cordero": 4, "Leon Febres Cordero": 2})
    assert mapping["Secertary James Baker"] == "James Baker"      # a misspelt title
    assert mapping["Febres Cordero"] == "Leon Febres Cordero"      # a fuller name


def test_hyphenated_given_names_are_one_word():
    mapping = corpus_names({"Li Gun-mo": 2, "Li Mo": 1, "Kim Yong-hyun": 3, "Kim Yong Hyun": 1})
    assert mapping["Li Gun-mo"] == "Li Gun-mo"
    assert mapping["Kim Yong Hyun"] == "Kim Yong-hyun"


def test_variants_show_the_most_used_form():
    mapping = corpus_names({"Zelensky": 2, "Zelenskyy": 5, "Volodymyr Zelenskiy": 1,
                            "Volodymyr Zelenskyy": 4})
    assert set(mapping.values()) == {"Volodymyr Zelenskyy"}


def test_aliases_decide_first():
    aliases = alias_names([("Volodymyr Zelensky", "Zelenskyy"), ("Bill Clinton", "William Clinton")])
    mapping = corpus_names({"Zelenskyy": 9, "Volodymyr Zelenskyy": 4, "William Clinton": 1,
                            "Bill Clinton": 1}, aliases)
    assert mapping["Zelenskyy"] == mapping["Volodymyr Zelenskyy"] == "Volodymyr Zelensky"
    assert mapping["William Clinton"] == "Bill Clinton"


def test_the_mapping_does_not_depend_on_order():
    names = ["Reagan", "Ronald Reagan", "Kim Yong Hyun", "Kim Yong-hyun", "Zelensky",
             "Zelenskyy", "Volodymyr Zelenskyy", "De Clercq", "Willy De Clercq", "Willy de Clercq"]
    counts = {name: 1 for name in names}
    expected = corpus_names(counts)
    for seed in range(20):
        shuffled = names[:]
        random.Random(seed).shuffle(shuffled)
        assert corpus_names({name: 1 for name in shuffled}) == expected


def test_resolve_keeps_order_and_drops_duplicates():
    assert resolve(["Reagan", "Ronald Reagan", "Baker"], {"Reagan": "Ronald Reagan"}) == \
        ["Ronald Reagan", "Baker"]


def test_a_name_the_corpus_shows_as_a_company_is_no_speaker():
    companies = {"morganstanley": 90, "mariogabelli": 1, "charlesschwab": 3}
    mapping = corpus_names({"Morgan Stanley": 6, "Mario Gabelli": 3, "Charles Schwab": 5,
                            "Stanley": 1}, companies=companies)
    assert mapping["Morgan Stanley"] == ""                 # a company in 90 articles
    assert mapping["Mario Gabelli"] == "Mario Gabelli"     # shown as a company once only
    assert mapping["Charles Schwab"] == "Charles Schwab"   # more often a speaker
    assert mapping["Stanley"] == "Stanley"                 # no longer a surname of Morgan Stanley
    assert resolve(["Morgan Stanley", "Mario Gabelli"], mapping) == ["Mario Gabelli"]
    aliases = alias_names([("Morgan Stanley", "Morgan Stanley")])     # the user's word wins
    assert corpus_names({"Morgan Stanley": 1}, aliases, companies)["Morgan Stanley"] == "Morgan Stanley"
