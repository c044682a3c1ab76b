"""Sentence splitting with Punkt parameters built without downloaded models."""

import pytest

from indexer.extract.people.sentences import (
    ABBREVIATIONS,
    fast_parameters,
    orthographic_context,
    revealed_abbreviations,
    sentence_spans,
    split_sentences,
    splitter,
    trained_parameters,
)


@pytest.mark.parametrize("text", [
    "Air Force Maj. Gen. Pat Ryder said so.",
    "Secretary of Defense Lloyd J. Austin III spoke.",
    "Vice President George H.W. Bush ran in 1988.",
    "Troops arrived on Nov. 4, 2024, in the region.",
    "Shares of Acme Inc. rose sharply.",
    "The U.S. Defense Department agreed.",
    "Rep. Will Hurd agreed with Sen. Ted Cruz.",
    "Gov. C.L. Otter of Idaho spoke.",
])
def test_no_break_after_titles_initials_months_and_suffixes(text):
    assert split_sentences(text) == [text]


def test_breaks_between_ordinary_sentences():
    text = "Ryder spoke on Monday. He said the troops were in Kursk. Was it true? Yes!"
    assert split_sentences(text) == [
        "Ryder spoke on Monday.", "He said the troops were in Kursk.", "Was it true?", "Yes!"]


def test_abbreviation_can_still_end_a_sentence():
    # "the" is seen lowercase in the text, so after "U.S." it starts a sentence
    text = "Then the troops left the U.S. The talks ended. It was 3 p.m. The end."
    assert split_sentences(text) == [
        "Then the troops left the U.S.", "The talks ended.", "It was 3 p.m.", "The end."]


def test_quotes_stay_with_their_sentence():
    text = '"We cannot corroborate those reports." Ryder told reporters so.'
    assert split_sentences(text) == [
        '"We cannot corroborate those reports."', "Ryder told reporters so."]


def test_blank_lines_always_end_a_sentence():
    text = "North Korean Troops Enter Kursk\n\nNov. 18, 2024 | By David Vergun\n\nIt is likely."
    assert split_sentences(text) == [
        "North Korean Troops Enter Kursk", "Nov. 18, 2024 | By David Vergun", "It is likely."]


def test_empty_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


def test_spans_point_into_the_text():
    text = "Singh said it. She noted more.\n\nRussian casualties rose, she said."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Singh said it.", "She noted more.", "Russian casualties rose, she said."]


def test_one_splitter_serves_several_passages():
    passages = ["Maj. Gen. Pat Ryder spoke. He left.", "Singh said so."]
    tok = splitter("\n\n".join(passages))
    assert [len(sentence_spans(p, tokenizer=tok)) for p in passages] == [2, 1]


def test_explicit_abbreviations_cover_titles_months_companies():
    for word in ("mr", "dr", "gen", "maj", "sen", "rep", "gov", "jan", "nov", "inc", "corp",
                 "u.s", "jr"):
        assert word in ABBREVIATIONS


def test_text_reveals_abbreviations():
    found = revealed_abbreviations("He paid ca. two dollars. Mr. H.W. Smith came.")
    assert {"ca", "h.w"} <= found
    assert "came" not in found


def test_orthographic_context_only_for_words_after_periods():
    context = orthographic_context("It rained. The end came. Then the rain stopped.",
                                   ABBREVIATIONS)
    assert set(context) == {"the", "then"}
    assert context["the"] & (1 << 5)          # seen lowercase inside a sentence
    assert context["the"] & (1 << 1)          # seen capitalised at a sentence start


def test_fast_parameters_keep_explicit_set():
    params = fast_parameters("Nothing here.")
    assert ABBREVIATIONS <= params.abbrev_types


def test_trained_mode_adds_explicit_abbreviations():
    text = "Maj. Gen. Pat Ryder said so. Dr. Jones agreed with him. The end came."
    params = trained_parameters(text)
    assert "maj" in params.abbrev_types and "dr" in params.abbrev_types
    assert split_sentences(text, trained=True) == [
        "Maj. Gen. Pat Ryder said so.", "Dr. Jones agreed with him.", "The end came."]
