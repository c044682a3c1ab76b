"""One article as the attribution rules see it: sentences, people named, speakers so far.

:func:`read_article` does the first pass (sentences and the people they
name); the rules of the second pass read a :class:`Reading` and
:meth:`Reading.record` what they attribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from indexer.extract.people.mentions import collect_people
from indexer.extract.people.registry import Person, PersonRegistry
from indexer.extract.people.tokens import CLOSERS, Sentence, read_sentences


@dataclass(eq=False)
class Reading:
    """An article during attribution: read once, then filled in by the rules."""

    sentences: list[Sentence]
    registry: PersonRegistry
    by_passage: list[list[Person]]          # per passage, the people quoted in it
    rules: frozenset[str] = frozenset()     # names of the rules to apply
    quoted_cues: bool = False               # read cues inside quotations too
    speakers: list[Person] = field(default_factory=list)   # order of first attribution
    last_speaker: tuple[Person, int, int] | None = None    # (person, passage, sentence)
    caps_labels: set[str] | None = None     # labels in capitals opening passages (credits.py)
    said: list[tuple[Person, int]] = field(default_factory=list)   # every (person, sentence) recorded

    def record(self, person: Person, passage: int, sentence: int) -> None:
        """Attribute speech in ``passage`` (at ``sentence``) to ``person``."""
        if person not in self.speakers:
            self.speakers.append(person)
        if person not in self.by_passage[passage]:
            self.by_passage[passage].append(person)
        self.last_speaker = (person, passage, sentence)
        self.said.append((person, sentence))           # what they said: indexer.extract.people.quotes

    def has_evidence(self, person: Person) -> bool:
        """A title, role or gendered honorific in the text, or an attribution."""
        return bool(person.roles or person.gender) or person in self.speakers

    def follows_quote(self, s_idx: int) -> bool:
        """Whether the previous sentence of the same passage ends with a quotation
        ('"Why?" asked Ryder' is split after the question mark)."""
        if s_idx == 0:
            return False
        prev, sent = self.sentences[s_idx - 1], self.sentences[s_idx]
        return prev.passage == sent.passage and prev.words[-1] in CLOSERS


def read_article(passages: list[str], rules: frozenset[str] = frozenset(),
                 quoted_cues: bool = False, organisations: Iterable[str] = (),
                 lang: str | None = None) -> Reading:
    """The first pass over ``passages``: their sentences and the people they name
    (``organisations``: name keys of names that are never people, such as known outlets;
    ``lang``: the article's language, see :func:`indexer.extract.people.evidence.strict`)."""
    sentences = read_sentences(passages)
    people = collect_people(sentences, organisations, lang)
    return Reading(sentences, people, [[] for _ in passages],
                   rules, quoted_cues)
