"""Canonical person names and their match keys."""

import pytest

from indexer.extract.people.names import (
    FUNCTION_WORDS,
    ORGANISATION_WORDS,
    TITLES,
    WORDS_FILE,
    canonical_name,
    file_lists,
    name_key,
    short_key,
    word_lists,
)
from indexer.extract.people.vocabulary import (
    CLAUSE_WORDS,
    COORDINATORS,
    NEGATIONS,
    PERSONAL_TITLES,
    PRONOUNS,
)


@pytest.mark.parametrize("surface, expected", [
    ("Air Force Maj. Gen. Pat Ryder", "Pat Ryder"),
    ("General Pat Ryder", "Pat Ryder"),
    ("Lloyd J. Austin III", "Lloyd Austin"),
    ("Secretary of Defense Lloyd J. Austin III", "Lloyd Austin"),
    ("Secretary Antony J. Blinken", "Antony Blinken"),
    ("Secretary of State Antony Blinken", "Antony Blinken"),
    ("Deputy Pentagon press secretary Sabrina Singh", "Sabrina Singh"),
    ("Royal United Services Institute’s Associate Fellow Samuel Cranny-Evans",
     "Samuel Cranny-Evans"),
    ("South Korean Defense Minister Kim Yong-hyun", "Kim Yong-hyun"),
    ("Kim Yong Hyun", "Kim Yong Hyun"),
    ("President Volodymyr Zelenskyy", "Volodymyr Zelenskyy"),
    ("Dr. Martin Luther King Jr.", "Martin Luther King"),
    ("Donald J. Trump", "Donald Trump"),
    ("George H.W. Bush", "George Bush"),
    ("Sen. Bernie Sanders (I-Vt.)", "Bernie Sanders"),
    ("Sen. Ben Cardin of Maryland", "Ben Cardin"),
    ("Republican presidential nominee Donald Trump", "Donald Trump"),
    ("Bill de Blasio", "Bill de Blasio"),
    ("Rep. Steve King", "Steve King"),         # a title word as surname
    ("Steve King", "Steve King"),
    ("Tarun Das", "Tarun Das"),                # "Das" opens German runs only (leading_articles)
    ("Trump's", "Trump"),                        # possessive
    ("Ryder", "Ryder"),                          # a surname alone stays a surname
])
def test_canonical_name(surface, expected):
    assert canonical_name(surface) == expected


@pytest.mark.parametrize("surface, expected", [
    ("SECRETARY BLINKEN", "Blinken"),
    ("MR. RYDER", "Ryder"),
    ("CRANNY-EVANS", "Cranny-Evans"),
])
def test_transcript_labels_in_capitals(surface, expected):
    assert canonical_name(surface) == expected


@pytest.mark.parametrize("surface", [
    "The New York Times", "the Pentagon", "Pentagon Press Secretary", "The Clinton campaign",
    "White House", "North Korea", "United States", "Ukraine Defense Contact Group",
    "Kursk Oblast", "Q", "I", "", "Bank of America", "CNN's",
])
def test_nothing_name_like(surface):
    assert canonical_name(surface) is None


def test_name_key_ignores_case_accents_hyphens_spaces():
    assert name_key("Kim Yong Hyun") == name_key("Kim Yong-hyun") == name_key("KIM YONG-HYUN")
    assert name_key("Zelénskyy") == name_key("Zelenskyy")
    assert name_key("Samuel Cranny-Evans") == "samuelcrannyevans"
    assert name_key("Pat Ryder") != name_key("Pat Rider")


def test_short_key_drops_middle_names():
    assert short_key("Hillary Rodham Clinton") == name_key("Hillary Clinton")
    assert short_key("Pat Ryder") == name_key("Pat Ryder")


def test_word_lists_load_from_data_file():
    sections = word_lists()
    for section in ("titles", "modifiers", "organisation_words", "speech_verbs",
                    "quote_only_verbs", "listener_verbs", "phrases"):
        assert sections[section], section
    assert {"gen", "maj", "secretary", "spokesperson"} <= TITLES
    assert {"pentagon", "times", "campaign"} <= ORGANISATION_WORDS
    assert ["say", "said", "says", "saying"] in sections["speech_verbs"]


def test_english_lists_that_other_languages_extend_are_read_from_speech_txt():
    # one place for each list: speech.txt holds the English part, speech.<lang>.txt the rest
    english = file_lists(WORDS_FILE)
    assert {"the", "however"} <= {w for line in english["function_words"] for w in line}
    assert ["he", "m"] in english["gendered_pronouns"] and ["she", "f"] in english["gendered_pronouns"]
    assert {"didn't", "didn’t", "never"} <= {w for line in english["negations"] for w in line}
    assert {"who", "that", "which"} <= {w for line in english["clause_words"] for w in line}
    assert {"and", "&"} <= {w for line in english["coordinators"] for w in line}
    assert {"mr", "sen", "pope"} <= {w for line in english["personal_titles"] for w in line}
    assert {"the", "however"} <= FUNCTION_WORDS and {"didn’t", "nicht"} <= NEGATIONS
    assert PRONOUNS["he"] == "m" and PRONOUNS["she"] == "f" and PRONOUNS["er"] == "m"
    assert {"and", "&", "und"} <= COORDINATORS and {"who", "dass"} <= CLAUSE_WORDS
    assert {"mr", "dr"} <= PERSONAL_TITLES


@pytest.mark.parametrize("surface", [
    "Hoechst AG", "Warburg Securities", "Airbus Industrie", "Credit Suisse", "BP Oil",
    "Writers Guild", "Flight Attendants", "Fifth Amendment", "General Motors",
    "the American Bureau of Metal Statistics", "Stock Exchange of Hong Kong",
    "San Antonio", "Santa Barbara", "the Office of Mark Jones",
])
def test_organisations_and_places_are_no_names(surface):
    # company forms and heads, laws, "X of Y" with an organisation X, place names
    assert canonical_name(surface) is None


@pytest.mark.parametrize("surface", ["Oil Minister", "RBI Governor", "Motors", "Finance Minister"])
def test_a_title_at_the_end_is_a_role_not_a_surname(surface):
    assert canonical_name(surface) is None


@pytest.mark.parametrize("surface, expected", [
    ("Rep. Steve King", "Steve King"),             # titles that are also surnames
    ("John Major", "John Major"),
    ("Oliver North", "Oliver North"),
    ("California-based Baker", "Baker"),            # a hyphenated adjective is no name word
    ("White House-ordered", None),
    ("Vice-President David Knox", "David Knox"),    # hyphenated titles
    ("Chancellor of the Exchequer Nigel Lawson", "Nigel Lawson"),
    ("Office of Management and Budget Director James Miller", "James Miller"),
    ("Department of Defense Secretary Lloyd Austin", "Lloyd Austin"),
    ("NBC News Lester Holt", "Lester Holt"),         # an organisation before a name stops it
])
def test_roles_adjectives_and_offices_around_names(surface, expected):
    assert canonical_name(surface) == expected
