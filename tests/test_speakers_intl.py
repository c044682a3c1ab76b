"""Speaker attribution in other languages: quotation marks, verbs of saying, names.

Every text here was written for these tests.  The word lists are
``indexer/extract/data/speech.<language>.txt``; Cyrillic names go through
pymorphy3's dictionaries.
"""

import pytest

from indexer.extract.people import evidence
from indexer.extract.people.names import canonical_name
from indexer.extract.people.speakers import attribute
from indexer.extract.people.tokens import dialogue_dashes, pair_quotes, quote_mask, tokenize


def speakers(*passages):
    return attribute(list(passages)).speakers


def marks(text):
    words, spans = tokenize(text)
    return dialogue_dashes(pair_quotes(words), spans)


# ------------------------------------------------------- quotation marks

@pytest.mark.parametrize("text, opening, closing", [
    ("„Wir bleiben“, sagte er.", "„", "“"),               # German
    ("«Nous restons», dit-il.", "«", "»"),                 # French, Spanish, Russian
    ("« Nous restons », dit-il.", "«", "»"),               # French, spaced
    ("»Wir bleiben«, sagte er.", "»", "«"),               # German, guillemets
    ("»Vi stannar», sa han.", "»", "»"),                  # Swedish
    ("「私たちは残る」と述べた。", "「", "」"),              # Japanese
])
def test_quotation_marks_of_other_languages_pair(text, opening, closing):
    words, _ = tokenize(text)
    paired = pair_quotes(words)
    assert paired[words.index(opening)] == "“"
    assert paired[len(words) - 1 - words[::-1].index(closing)] == "”"
    mask = quote_mask(paired)
    inside = [w for w, q in zip(words, mask) if q]
    assert inside and all(w not in (opening, closing) for w in inside)


def test_nested_quotation_stays_open_after_inner_one_closes():
    words = marks("„Er sagte ‚nein‘, und ging“, schrieb Scholz.")
    mask = quote_mask(words)
    assert mask[words.index("und")] and mask[words.index("ging")]     # still inside „…“
    assert not mask[words.index("schrieb")]


def test_a_stray_guillemet_is_no_quotation():
    words = marks("Lire la suite » Macron a déclaré qu'il partait.")
    assert not any(quote_mask(words))


@pytest.mark.parametrize("text, spoken, narration", [
    ("— Мы победим, — сказал Путин. — Это точно.", ["победим", "точно"], ["сказал"]),
    ("—No vamos a ceder —dijo Sánchez—. Seguiremos.", ["ceder", "Seguiremos"], ["dijo"]),
])
def test_dialogue_dashes_open_and_close_speech(text, spoken, narration):
    words = marks(text)
    mask = quote_mask(words)
    bare = [w.rstrip(".") for w in words]
    assert all(mask[bare.index(w)] for w in spoken)
    assert not any(mask[bare.index(w)] for w in narration)


def test_a_dash_credit_is_not_dialogue():
    words = marks("— Kim Hjelmgaard")
    assert words[0] == "—"


# ---------------------------------------------------- the examples

def test_german_quotation_then_verb_then_name():
    assert speakers("„Wir werden die Ukraine weiter unterstützen“, sagte Olaf Scholz.") == [
        "Olaf Scholz"]


def test_ukrainian_guillemets_comma_dash_verb_surname():
    assert speakers("«Ми не здамося», — сказав Зеленський.") == ["Зеленський"]


# ------------------------------------------------ verbs and word orders

@pytest.mark.parametrize("text, expected", [
    # German: verb second, perfect, "so", "laut", "zufolge", particles
    ("Am Montag sagte Bundeskanzler Olaf Scholz, die Lage sei ernst.", ["Olaf Scholz"]),
    ("Olaf Scholz hat bereits gesagt, die Lage sei ernst.", ["Olaf Scholz"]),
    ("„Das ist falsch“, so Friedrich Merz.", ["Friedrich Merz"]),
    ("Laut Annalena Baerbock ist die Lage ernst.", ["Annalena Baerbock"]),
    ("Olaf Scholz zufolge ist die Lage ernst.", ["Olaf Scholz"]),
    ("Ursula von der Leyen betonte, die Lage sei ernst.", ["Ursula von der Leyen"]),
    ("Außenministerin Annalena Baerbock erklärte den Plan.", ["Annalena Baerbock"]),
    # French: auxiliary, inversion after a quotation, "selon"
    ("« Nous ne céderons pas », a déclaré Emmanuel Macron.", ["Emmanuel Macron"]),
    ("Emmanuel Macron a également affirmé que la situation était grave.", ["Emmanuel Macron"]),
    ("Selon Élisabeth Borne, la situation est grave.", ["Élisabeth Borne"]),
    # Spanish, Italian, Portuguese
    ("«No vamos a ceder», dijo Pedro Sánchez.", ["Pedro Sánchez"]),
    ("Según Pedro Sánchez, la situación es grave.", ["Pedro Sánchez"]),
    ("«Non molleremo», ha detto Giorgia Meloni.", ["Giorgia Meloni"]),
    ("Secondo Giorgia Meloni la situazione è grave.", ["Giorgia Meloni"]),
    ("“Não vamos desistir”, disse Luiz Inácio Lula da Silva.", ["Luiz Inácio Lula da Silva"]),
    ("Segundo Marcelo Rebelo de Sousa, a situação é grave.", ["Marcelo Rebelo de Sousa"]),
    # Russian and Ukrainian: free order, declined names, "по словам" / "за словами"
    ("«Мы не отступим» — заявил Владимир Путин.", ["Владимир Путин"]),
    ("Об этом заявил пресс-секретарь президента Дмитрий Песков.", ["Дмитрий Песков"]),
    ("По словам Владимира Путина, ситуация сложная.", ["Владимир Путин"]),
    ("За словами Володимира Зеленського, ситуація складна.", ["Володимир Зеленський"]),
    ("Президент України Володимир Зеленський заявив, що ситуація складна.",
     ["Володимир Зеленський"]),
    # a dative name is the listener, not the speaker
    ("Владимир Путин сказал Олафу Шольцу, что ситуация сложная.", ["Владимир Путин"]),
    # a line of dialogue: the name after the dash that ends the speech
    ("— Мы победим, — сказал Владимир Путин. — Это точно.", ["Владимир Путин"]),
])
def test_verbs_of_saying_in_other_languages(text, expected):
    assert speakers(text) == expected


@pytest.mark.parametrize("text", [
    "Владимир Путин встретился с Олафом Шольцем. Он сказал Олафу Шольцу о плане.",  # dative
    "«No vamos a ceder», le dijo a Pedro Sánchez el ministro.",    # listener after "a"
    "Die Bundesregierung erklärte, die Lage sei ernst.",            # organisation compound
    "Die Opposition kritisierte den Plan.",                          # article + noun
    "Die Antwort der Landesgruppe erklärte nichts.",                # "der" is an article
    "Die Landesregierung erklärte, die Lage sei ernst.",            # organisation suffix
    "El abogado de Juan Hernández aseguró que era inocente.",       # name after "de"
    "Emmanuel Macron n'a pas déclaré la guerre.",                   # negated
])
def test_no_speaker_in_other_languages(text):
    assert speakers(text) == []


@pytest.mark.parametrize("first, then", [
    ("Emmanuel Macron a déclaré qu'il partait.", "« Nous partons », a-t-il ajouté."),
    ("Emmanuel Macron a déclaré qu'il partait.", "« Nous partons », dit-il."),
    ("Olaf Scholz sagte, er gehe.", "„Wir gehen“, sagte er."),
    ("Pedro Sánchez dijo que se iba.", "—No vamos a ceder —añadió—. Seguiremos."),
    ("Володимир Зеленський заявив, що ситуація складна.", "«Ми не здамося», — додав він."),
    ("Володимир Зеленський заявив, що ситуація складна.", "«Ми не здамося», — додав."),
])
def test_pronouns_and_dropped_subjects_continue_the_speaker(first, then):
    assert attribute([first, then]).passages[1] == attribute([first]).passages[0]


# ---------------------------------------------------------------- names

@pytest.mark.parametrize("surface, expected", [
    ("Bundeskanzler Olaf Scholz", "Olaf Scholz"),
    ("Regierungssprecher Steffen Hebestreit", "Steffen Hebestreit"),
    ("CDU-Experte Mark Helfrich", "Mark Helfrich"),
    ("Crocs-CEO Andrew Rees", "Andrew Rees"),
    ("Klimaaktivistin Lina Berger", "Lina Berger"),            # German title compounds
    ("Parteienrechtler Martin Morlok", "Martin Morlok"),
    ("Dickie-Darstellerin Katja Bogdanski", "Katja Bogdanski"),
    ("Мэр Новосибирска Анатолий Локоть", "Анатолий Локоть"),
    ("Ursula von der Leyen", "Ursula von der Leyen"),
    ("Владимира Владимировича Путина", "Владимир Путин"),   # genitive, patronymic dropped
    ("Марии Захаровой", "Мария Захарова"),
    ("Володимира Зеленського", "Володимир Зеленський"),
    ("Президент України Володимир Зеленський", "Володимир Зеленський"),
])
def test_canonical_names_in_other_languages(surface, expected):
    assert canonical_name(surface) == expected


@pytest.mark.parametrize("surface", ["Die Bundesregierung", "Der Minister", "Das Poster",
                                     "Sachen Kinderbetreuung"])
def test_german_noun_phrases_are_no_full_names(surface):
    assert canonical_name(surface) in (None, "Poster", "Sachen")


# ------------------------------------ evidence of a name (issue 12, second round)

def in_lang(lang, *passages):
    return attribute(list(passages), lang=lang).speakers


@pytest.mark.parametrize("lang, passages, expected", [
    # a given name trims the nouns before it; a capitalised noun pair is no name
    ("de", ["„Wir streiken weiter“, sagte Klimaaktivistin Lina Berger am Montag."],
     ["Lina Berger"]),
    ("de", ["„Das ist vorbei“, sagte Rücktritt Zaevs."], []),
    ("de", ["Airbus Helicopters Technik erklärte, das Modell sei sicher."], []),
    # a title or role gives the evidence a name lacks ("Wolodymyr" is in no list)
    ("de", ["„Wir halten durch“, sagte Präsident Wolodymyr Selenskyj."],
     ["Wolodymyr Selenskyj"]),
    ("es", ["Elián Villegas, ministro de Hacienda, aseguró que el pago llega."],
     ["Elián Villegas"]),
    ("es", ["El ministro ruso de Asuntos Exteriores, Serguei Lavrov, dijo que no."],
     ["Serguei Lavrov"]),
    # a title counts right before the name, not before a particle ("X da Y" is a body)
    ("pt", ["A Secretaria da Segurança Pública informou que as buscas continuam."], []),
    # a first name that one locale lists counts in that locale's language only
    ("de", ["Viva Magenta erklärte die Farbe des Jahres."], []),
    ("de", ["Gernot Jäger sagte, das Verfahren sei neu."], ["Gernot Jäger"]),
    # an acronym is no surname; a particle after a full name starts an affiliation
    ("de", ["Hertha BSC erklärte, der Trainer bleibe."], []),
    ("de", ["Ulrich Müller von LobbyControl sagte, das sei ein Skandal."], ["Ulrich Müller"]),
    # a source phrase opening the run is no given name ("Segundo" = "according to")
    ("pt", ["Benjamin Moser escreveu o livro.", "Segundo Moser, a obra é universal."],
     ["Benjamin Moser"]),
    # Cyrillic: the dictionary's first names, in any case form
    ("ru", ["По словам Владимира Путина, переговоры идут."], ["Владимир Путин"]),
    # labels in capitals need a given name too
    ("es", ["DE LIDOM: El equipo ganó.", "DE INTERES: Se retira Howie.", "ANA LOPEZ: Hola."],
     ["Ana Lopez"]),
])
def test_names_need_evidence_in_other_languages(lang, passages, expected):
    assert in_lang(lang, *passages) == expected


@pytest.mark.parametrize("passages", [
    ["„Das ist vorbei“, sagte Rücktritt Zaevs."],
    ["Viva Magenta erklärte die Farbe des Jahres."],
])
def test_english_and_unknown_languages_ask_no_evidence(passages):
    assert in_lang("en", *passages) == in_lang(None, *passages) != []


@pytest.mark.parametrize("word, lang, expected", [
    ("Olaf", "de", True),
    ("Jean-Luc", "fr", True),             # every part of a hyphenated name
    ("Владимира", "ru", True),            # the dictionary's first name, genitive
    ("Von", "de", False),                 # a particle, though some locales list it
    ("von", "de", False),
    ("Gernot", "de", True),               # one locale (de_DE): in German ...
    ("Gernot", "es", False),              # ... only
])
def test_given_names(word, lang, expected):
    assert evidence.is_given_name(word, lang) is expected


@pytest.mark.parametrize("lang, passages, expected", [
    # a description, a comma and the name after a verb of another language
    ("de", ["„Die Zahlen sind hoch“, erklärte der Leiter, Dieter Brandt, der Zeitung."],
     ["Dieter Brandt"]),
    # a title across a particle names no one ("o ministro do Exterior")
    ("pt", ['"Na carta", disse o ministro do Exterior iraniano, Rui Matos Pinto, ontem.'],
     ["Rui Matos Pinto"]),
    # Cyrillic: a noun before a surname the dictionary knows is no part of the name
    ("uk", ["Підозру Юрченко отримав торік, заявив прокурор.", "Юрченко заявив, що невинний."],
     ["Юрченко"]),
    # the listener of a verb of saying before a colon ("le dije a Hugo:")
    ("es", ['Hugo Ramos llegó. Entonces le dije a Hugo: "¿Me preparas una camiseta?"'], []),
    # a German possessive opening a sentence is no name, even where the language is
    # mistaken for English
    (None, ["Meine Oma erzählte mir, dass sie ihn zur Verlobung bekam."], []),
    # "назвала" (called): a verb of saying
    ("ru", ["Мария Захарова назвала это решение ошибкой."], ["Мария Захарова"]),
])
def test_forms_found_on_the_held_out_pages(lang, passages, expected):
    assert in_lang(lang, *passages) == expected
