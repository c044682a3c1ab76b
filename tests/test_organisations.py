"""Organisations are no speakers: company names an article shows, known outlets, company words."""

import pytest

from indexer.extract.people.names import name_key
from indexer.extract.people.organisations import company_names
from indexer.extract.people.speakers import attribute
from indexer.extract.people.tokens import read_sentences


def speakers(*passages, **options):
    return attribute(list(passages), **options).speakers


@pytest.mark.parametrize("text, heads", [
    ("Merrill Lynch and Co Inc raised its stake.", {"Merrill Lynch"}),
    ("Shares of Morgan Stanley Group Inc rose.", {"Morgan Stanley"}),
    ("Goldman, Sachs and Co was the manager.", {"Goldman Sachs"}),
    ("General Motors Corp's truck plants were struck.", {"General Motors"}),
    ("Merrill Lynch Capital Markets led the offering.", {"Merrill Lynch"}),
    ("The Clinton Foundation and the Trump campaign said so.", set()),   # no company word
    ("The Dodd-Frank Act was passed.", set()),                           # a law, not a company
])
def test_company_names(text, heads):
    found = company_names(read_sentences([text]))
    assert {name_key(h) for h in heads} <= found
    assert found or not heads


@pytest.mark.parametrize("passages", [
    ["Merrill Lynch and Co Inc said it would buy the unit.",
     "The offering is priced at par, Merrill Lynch said."],
    ["Duke Power is raising 100 mln dlrs, said lead manager Morgan Stanley.",
     "Morgan Stanley and Co declined to comment."],
    ["NEW YORK, March 2 - Copper stocks fell, the American Bureau of Metal Statistics said."],
    ["Hoechst AG said its profit rose."],
    ["General Motors said it would cut prices."],
    ["Warburg Securities said the shares were cheap."],
])
def test_companies_are_not_speakers(passages):
    assert speakers(*passages) == []


def test_a_company_head_does_not_hide_a_person_of_another_name():
    assert speakers("Merrill Lynch and Co hired Ann Lynch.",
                    "Ann Lynch said the bank would grow.") == ["Ann Lynch"]


def test_known_outlets_are_not_speakers():
    text = "Le Courrier Picard reported that the plane was late, Le Courrier Picard said."
    assert speakers(text) == ["Le Courrier Picard"]          # shaped like a name
    assert speakers(text, organisations={name_key("Le Courrier Picard")}) == []


def test_a_lone_outlet_name_can_still_be_a_surname():
    text = "Michael Bloomberg spoke at noon. Bloomberg said the city was safe."
    assert speakers(text, organisations={name_key("Bloomberg")}) == ["Michael Bloomberg"]


def test_the_pipeline_passes_the_known_outlets():
    from indexer.extract.pipeline import extract_text, load_context
    article = extract_text("a.txt", "Title\n\nThe deal is off, Al Jazeera said.\n\n"
                           "\"No,\" Jeff Zucker said.\n", load_context(None))
    assert article.speakers == ["Jeff Zucker"]
