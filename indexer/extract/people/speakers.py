"""Speaker attribution: which named people an article quotes, without models.

Each passage is split into sentences (NLTK Punkt, :mod:`indexer.extract.people.sentences`)
and words (a regular expression).  Rules, each named for the ablation in
``bench/eval_speakers.py``:

* ``subject``: a name run right before a verb of saying ("Ryder said",
  "Austin and Blinken both noted", "Cranny-Evans, a fellow at RUSI, said");
* ``inverted``: a name after the verb when nothing stands before the verb
  but a comma or a quotation ('"...," said Deputy Press Secretary Sabrina
  Singh'); verbs whose object is a listener ("told", "asked") only
  directly after a quotation;
* ``according``: "according to X", "Quote from X:", "citing X" (and the
  phrases of other languages: "selon X", "по словам X", "Scholz zufolge");
* ``label``: a transcript label at the start of a passage ("SECRETARY
  BLINKEN:", "MR. RYDER:", "Gen. Ryder:");
* ``colon``: a name introducing a quotation with a colon ('Carl Bialik:
  "..."');
* ``dash``: a credit after a quotation ('"..." — Pat Ryder');
* ``participle``: ", saying ..." / ", adding ..." continue the subject
  that starts the sentence ("Blinken spoke of ..., saying: ...");
* ``pronoun``: "he said" / "she noted" continue the last named speaker
  (within three passages) unless a title showed the other gender;
* ``role``: "the secretary said" continues the last speaker, or else the
  last person of the last three passages, introduced with that title
  ("Secretary of Defense Lloyd Austin").

A name is a person when :func:`indexer.extract.people.names.canonical_name` leaves a
first and last name, or a single surname that resolves to a full name
used in the article (or carries a personal title such as "Mr.").
Organisations ("the Pentagon said"), anonymous sources ("a senior
official said") and people only mentioned never match these patterns.

The parts, in ``indexer/extract/people/``: ``tokens`` (words, quotation
marks, sentences), ``mentions`` and ``registry`` (the first pass: people
named, coreference), ``reading`` (one article's state), ``runs`` (name runs
read from a cue), the rules in ``subject``, ``verbs``, ``continuation`` and
``credits``, and their words in ``vocabulary``; ``quotes`` finds what each
attributed person said (``Attribution.quotes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from indexer.extract.people.credits import (
    according_phrase,
    colon,
    dash,
    heading_subject,
    headline_speakers,
    label,
    postposition,
)
from indexer.extract.people.names import fold
from indexer.extract.people.quotes import QUOTE_RULES, Span, quote_spans
from indexer.extract.people.reading import Reading, read_article
from indexer.extract.people.registry import Person
from indexer.extract.people.tokens import CLOSERS, DASHES, OPENERS, Sentence
from indexer.extract.people.verbs import verb_cue
from indexer.extract.people.vocabulary import (
    PHRASE_STARTS,
    POSTPOSITIONS,
    QUOTE_ONLY_FORMS,
    SPEECH_FORMS,
)

RULES = ("subject", "inverted", "according", "label", "colon", "dash", "participle",
         "pronoun", "role")


@dataclass
class Attribution:
    speakers: list[str]          # canonical names, order of first attribution, no duplicates
    passages: list[list[str]]    # per input passage, the canonical names quoted in it
    companies: list[str] = field(default_factory=list)   # name keys of company names shown
    quotes: list[list[Span]] = field(default_factory=list)   # per passage, (start, end, name) said


def attribute(passages: list[str], *, rules=RULES, quoted_cues: bool = False,
              organisations: Iterable[str] = (), title: str | None = None,
              lang: str | None = None, quote_rules=QUOTE_RULES) -> Attribution:
    """Speakers of an article given as a list of passages (paragraphs), and what they said.

    ``rules`` selects the rules to apply (for ablation); ``quoted_cues``
    also reads cues inside quotations (reported speech within a quote);
    ``organisations`` are name keys (:func:`~indexer.extract.people.names.name_key`)
    of names that are never people, such as the known outlets; ``title``, the
    headline, may quote someone ('Austin: "..."'): that person is a speaker of
    the article (first), of no passage; ``lang``, the article's language (ISO
    639-1): in a language other than English a name needs evidence that it
    is a person's (:mod:`indexer.extract.people.evidence`).  ``quote_rules`` selects
    the rules of :mod:`indexer.extract.people.quotes`, which finds what each attributed
    person said from the attributions the reading noted (:attr:`Reading.said`).
    """
    reading = read_article(passages, frozenset(rules), quoted_cues, organisations, lang)
    if title and "label" in reading.rules:
        reading.speakers.extend(headline_speakers(reading.registry, title))
    for s_idx, sent in enumerate(reading.sentences):
        for person in _sentence_speakers(reading, sent, s_idx):
            reading.record(person, sent.passage, s_idx)
    if "colon" in reading.rules:
        _quoted_paragraphs(reading)
    return Attribution(
        speakers=[p.name for p in reading.speakers],
        passages=[[p.name for p in people] for people in reading.by_passage],
        companies=sorted(reading.registry.companies),
        quotes=quote_spans(reading.sentences, reading.said, len(passages), quote_rules),
    )


def _quoted_paragraphs(reading: Reading) -> None:
    """A speaker introduced with a colon at the end of one passage ("Ryder said:") is the
    speaker of the quotation-only passages that follow, up to the one that closes it."""
    firsts: dict[int, int] = {}
    for s_idx, sent in enumerate(reading.sentences):
        firsts.setdefault(sent.passage, s_idx)
    speaker = None
    for s_idx, sent in enumerate(reading.sentences):
        if firsts[sent.passage] != s_idx:
            continue
        previous = reading.sentences[s_idx - 1] if s_idx else None
        if previous is not None and previous.words[-1] == ":" and reading.by_passage[
                previous.passage] and previous.passage == sent.passage - 1:
            speaker = reading.by_passage[previous.passage][-1]
        elif not (speaker and previous is not None and previous.passage == sent.passage - 1
                  and previous.words[-1] not in CLOSERS):
            speaker = None               # a paragraph that closes its quotation ends the run
        if speaker and sent.words[0] in OPENERS and not reading.by_passage[sent.passage]:
            reading.record(speaker, sent.passage, s_idx)
        elif reading.by_passage[sent.passage] or sent.words[0] not in OPENERS:
            speaker = None


def _sentence_speakers(reading: Reading, sent: Sentence, s_idx: int) -> list[Person]:
    """The people the cues of one sentence attribute speech to, in cue order."""
    rules = reading.rules
    words = sent.words
    found: list[Person] = []
    if "label" in rules and (s_idx == 0 or reading.sentences[s_idx - 1].passage != sent.passage):
        found += label(reading, sent, s_idx)
    for i, w in enumerate(words):
        if sent.quoted[i] and not reading.quoted_cues:
            continue
        low = fold(w)
        phrase = (according_phrase(reading.registry, sent, s_idx, i)
                  if low in PHRASE_STARTS and "according" in rules else None)
        if phrase is not None:
            found += phrase
        elif (w[:1].islower() or i == 0 and "inverted" in rules) and (
                low in SPEECH_FORMS or low in QUOTE_ONLY_FORMS):
            found += verb_cue(reading, sent, s_idx, i, found)
        elif w[:1].isupper() and i > 0 and low in SPEECH_FORMS and "subject" in rules:
            found += heading_subject(reading.registry, words, i, s_idx)
        elif low in POSTPOSITIONS and "according" in rules:
            found += postposition(reading.registry, words, i, s_idx)
        elif (w in DASHES or w == "-") and "dash" in rules:
            found += dash(reading, sent, s_idx, i)
        elif w == ":" and "colon" in rules:
            found += colon(reading.registry, words, i, s_idx)
    return found
