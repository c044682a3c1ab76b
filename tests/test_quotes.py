"""What each speaker said: the quote spans of speaker attribution (indexer/extract/people/quotes.py)."""

import pytest

from indexer.article import Quote
from indexer.extract.people.aliases import unify
from indexer.extract.pipeline import Context, extract_text
from indexer.extract.outlets import load_registry
from indexer.extract.people.speakers import attribute


def said(*passages) -> list[tuple[int, str, str]]:
    """(passage index, speaker, quoted text) for every quote of ``passages``."""
    result = attribute(list(passages))
    return [(p, name, passages[p][start:end]) for p, quotes in enumerate(result.quotes)
            for start, end, name in quotes]


# -- quotations ----------------------------------------------------------------------------------

def test_a_quotation_is_the_quote_without_its_marks_and_trailing_comma():
    text = '"We are looking into those reports," Pat Ryder told reporters on Monday.'
    assert said(text) == [(0, "Pat Ryder", "We are looking into those reports")]


def test_a_quotation_over_several_sentences_is_one_quote():
    text = 'Pat Ryder said: "We have seen the reports. We cannot confirm them. We are looking."'
    assert said(text) == [(0, "Pat Ryder", "We have seen the reports. We cannot confirm them. We are looking.")]


def test_a_quotation_split_by_its_attribution_gives_two_quotes_of_one_speaker():
    text = '"We have seen the reports," said Sabrina Singh, "but we cannot confirm them."'
    assert said(text) == [(0, "Sabrina Singh", "We have seen the reports"),
                          (0, "Sabrina Singh", "but we cannot confirm them.")]


def test_the_next_quotation_of_the_paragraph_is_the_same_speakers():
    text = ('"The effect depends on how they are used," said Samuel Cranny-Evans. '
            '"If they are front-line troops, they could matter a great deal."')
    assert said(text) == [(0, "Samuel Cranny-Evans", "The effect depends on how they are used"),
                          (0, "Samuel Cranny-Evans", "If they are front-line troops, they could matter a great deal.")]


def test_a_quotation_after_someone_elses_unattributed_quote_is_not_continued():
    text = ('"We will respond," said Pat Ryder. "The minister disagrees," a spokesman said. '
            '"He will not change course."')
    assert said(text) == [(0, "Pat Ryder", "We will respond")]


def test_a_quotation_left_open_continues_into_the_next_paragraph():
    first = '"We have seen the reports of casualties," Pat Ryder said. "We are looking into them.'
    second = '"We will say more when we know more."'
    third = '"This is someone else speaking."'          # the previous paragraph's quotation was closed
    assert said(first, second, third) == [
        (0, "Pat Ryder", "We have seen the reports of casualties"),
        (0, "Pat Ryder", "We are looking into them."),
        (1, "Pat Ryder", "We will say more when we know more."),
    ]


def test_a_colon_introduces_the_next_paragraphs_quotation():
    assert said("Pat Ryder told reporters:", '"We have seen the reports and we are looking into them."') == [
        (1, "Pat Ryder", "We have seen the reports and we are looking into them.")]


def test_a_quotation_before_its_cue_in_a_sentence_of_its_own():
    assert said('"Why would we wait for them to attack?" Pat Ryder asked.') == [
        (0, "Pat Ryder", "Why would we wait for them to attack?")]


@pytest.mark.parametrize("text, name, quote", [
    ('"Firmly," Kim Yong-hyun said on Monday in Seoul.', "Kim Yong-hyun", "Firmly"),
    ("«Seguiremos adelante», dijo Pedro Sánchez.", "Pedro Sánchez", "Seguiremos adelante"),
    ("— Мы победим, — сказал Владимир Путин.", "Владимир Путин", "Мы победим"),
    ("„Wir werden das prüfen“, sagte Olaf Scholz am Montag.", "Olaf Scholz", "Wir werden das prüfen"),
])
def test_a_short_quotation_next_to_its_cue_in_any_language(text, name, quote):
    assert said(text) == [(0, name, quote)]


def test_a_book_title_in_the_appositive_is_not_the_quote():
    text = ('"Politics has never been gentlemanly, and now it is not gentlemanly at all," said Jon Meacham, '
            'the author of "Destiny and Power," a biography.')
    assert said(text) == [(0, "Jon Meacham", "Politics has never been gentlemanly, and now it is not gentlemanly at all")]


# -- reported speech -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, quote", [
    ("There is no evidence that more troops are entering Russia, Sabrina Singh said.",
     "There is no evidence that more troops are entering Russia"),
    ("It is likely that 11,000 troops have moved into Kursk, said Deputy Press Secretary Sabrina Singh, "
     "who spoke to the media today.", "It is likely that 11,000 troops have moved into Kursk"),
    ("Details: Pat Ryder added that there is no information on the number of casualties.",
     "there is no information on the number of casualties."),
    ("Samuel Cranny-Evans told Newsweek for a previous story that the troops could matter.",
     "the troops could matter."),
    ("According to Pat Ryder, the troops have been integrated into Russian units.",
     "the troops have been integrated into Russian units."),
    ("In a statement, Pat Ryder said the troops were moving toward Kursk.",
     "the troops were moving toward Kursk."),
    ("Samuel Cranny-Evans, a fellow at the institute, said the troops could matter.",
     "the troops could matter."),
])
def test_reported_speech_without_the_attribution_clause(text, quote):
    assert [q for _, _, q in said(text)] == [quote]


def test_a_short_quotation_inside_reported_speech_stays_part_of_it():
    text = "Samuel Cranny-Evans said tens of thousands of troops could “significantly” affect the war."
    assert said(text) == [(0, "Samuel Cranny-Evans",
                           "tens of thousands of troops could “significantly” affect the war.")]


def test_a_second_verb_of_the_same_speaker_starts_a_second_quote():
    text = "Pat Ryder said the troops had arrived in Kursk but said the numbers were still unclear."
    assert said(text) == [(0, "Pat Ryder", "the troops had arrived in Kursk"),
                          (0, "Pat Ryder", "the numbers were still unclear.")]


def test_reported_speech_then_a_quotation():
    text = ('The Pentagon has not confirmed that the troops engaged in combat, Sabrina Singh said, adding, '
            '"They are moving into Kursk for a reason. We expect them to fight."')
    assert said(text) == [
        (0, "Sabrina Singh", "The Pentagon has not confirmed that the troops engaged in combat"),
        (0, "Sabrina Singh", "They are moving into Kursk for a reason. We expect them to fight."),
    ]


def test_a_transcript_label_says_the_whole_paragraph():
    assert said("Mr. Pat Ryder: Thank you. We have seen the reports. Next question.") == [
        (0, "Pat Ryder", "Thank you. We have seen the reports. Next question.")]


def test_no_quote_without_an_attributed_speaker():
    assert said('"We are looking into those," a senior official said.', "The Pentagon said 11,000 troops moved.",
                "Vladimir Putin has lost a lot of troops.") == []


def test_every_quote_is_a_span_of_its_passage_by_a_speaker_of_that_passage(seed_texts):
    for passages in seed_texts:
        result = attribute(passages)
        assert len(result.quotes) == len(passages)
        for text, names, quotes in zip(passages, result.passages, result.quotes):
            for start, end, name in quotes:
                assert name in names and 0 <= start < end <= len(text)
                assert text[start:end] == text[start:end].strip() and text[end - 1] not in ",;:"


@pytest.fixture
def seed_texts():
    from helpers import SEED_CORPUS
    out = []
    for path in sorted(SEED_CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append([p for p in text.split("\n\n") if p.strip()])
    return out


# -- into the article record ----------------------------------------------------------------------

def test_the_pipeline_puts_quotes_on_passages_and_unify_renames_their_speakers():
    context = Context(outlets=load_registry(None))
    text = "Title\n\nDetails: Pat Ryder added that the casualties were high.\n\nNothing said here."
    article = extract_text("a.txt", text, context)
    assert [p.quotes for p in article.passages] == [
        [Quote(article.passages[0].text.index("the casualties"), len(article.passages[0].text), "Pat Ryder")], []]
    renamed = unify(article, {"patryder": "Patrick Ryder"})
    assert renamed.passages[0].quotes[0].speaker == "Patrick Ryder" == renamed.speakers[0]


# -- the quote-level score of bench/eval_speakers.py (no PolNeAR needed) ------------------------

def test_quote_level_matching_rule():
    from bench.eval_speakers import _majority_quotes, quote_counts
    gold = [(((0, 100),), "ryder"), (((200, 240), (260, 300)), "singh")]
    predicted = [
        (((10, 90),), "ryder"),        # inside Ryder's content: right, and finds it
        (((200, 240),), "singh"),      # half of Singh's split content: right, finds it (50%)
        (((150, 190),), "singh"),      # in no content: wrong
        (((0, 100),), "austin"),       # Ryder's words given to Austin: wrong
    ]
    assert quote_counts(predicted, gold) == (2, 2, 2, 0)
    assert quote_counts([(((0, 30),), "ryder"), (((30, 45),), "ryder")], gold[:1]) == (2, 0, 0, 1)   # 45% covered
    assert quote_counts([(((0, 300),), "ryder")], gold[:1]) == (0, 1, 1, 0)   # covers it, but mostly outside
    annotators = [[(((0, 100),), "ryder")], [(((5, 95),), "ryder"), (((200, 240),), "singh")], []]
    assert _majority_quotes(annotators) == [(((0, 100),), "ryder")]          # 2 of 3 agree on Ryder only


@pytest.mark.parametrize("span, expected", [
    # a list with a party-and-state aside after each name, closed by a quantifier
    ("Jeff Merkley (D-Ore.), Sherrod Brown (D-Ohio) and Robert Menendez (D-N.J.) all",
     ["Jeff Merkley", "Sherrod Brown", "Robert Menendez"]),
    ("Sens. Tom Carper, Dianne Feinstein and Ben Cardin", ["Tom Carper", "Dianne Feinstein",
                                                           "Ben Cardin"]),
    ("Jeff Merkley (D-Ore.), a senator", ["Jeff Merkley"]),    # an aside, no list
])
def test_gold_names_of_a_source_span(span, expected):
    from bench.eval_speakers import _GoldArticle
    text = f"Headline\n\n{span} suggested it was fraud."
    assert _GoldArticle(text).names_in_span(span, text.index(span)) == expected
