"""Speakers named before: "he said" (``pronoun`` rule) and "the secretary said" (``role`` rule)."""

from __future__ import annotations

from indexer.extract.people.names import FUNCTION_WORDS, MODIFIERS, TITLES, fold
from indexer.extract.people.reading import Reading
from indexer.extract.people.registry import Person, gender_ok
from indexer.extract.people.tokens import Sentence
from indexer.extract.people.vocabulary import PREPOSITIONS, WEAK_ROLES

_BEFORE_OBJECT = PREPOSITIONS | {"told", "asked", "that"}
_NOT_IN_ROLE = FUNCTION_WORDS - {"of"}          # "the secretary of state" is one role


def pronoun_is_object(words: list[str], j: int) -> bool:
    """Whether the pronoun at ``j`` is an object ("told him", "for her")."""
    return j > 0 and fold(words[j - 1]) in _BEFORE_OBJECT


def pronoun(reading: Reading, gender: str | None, sent: Sentence) -> Person | None:
    """The named speaker "he"/"she" continues: the last one, if attributed in
    this or the previous three passages and not known to be of the other
    gender (``gender`` None: a dropped subject, "añadió").  (Resolving to people named but not yet attributed added about
    as many wrong names as right ones on PolNeAR's training split.)
    """
    if not reading.last_speaker:
        return None
    person, passage, _ = reading.last_speaker
    if sent.passage - passage > 3 or not gender_ok(person, gender):
        return None
    if person.gender is None:
        person.gender = gender
    return person


def role(reading: Reading, words: list[str], j: int, s_idx: int) -> Person | None:
    """The person a role without a name ending at ``j`` continues: "the secretary",
    or a capitalised role ("Oil Minister", "the RBI Governor").

    The last speaker if they hold that title (and were described with the
    role's other words: "oil"), else the last person introduced with it: in
    the last three passages for a bare title ("the secretary"), anywhere
    before in the article for a described one ("Oil Minister").  A role
    nobody was introduced with names nobody.
    """
    roles, described = set(), set()
    k = j
    while k >= 0 and j - k < 6:
        low = fold(words[k])
        if low == "the" or not words[k][:1].isalpha() or low in _NOT_IN_ROLE:
            break
        if low in TITLES:
            roles.add(low)
        elif low not in MODIFIERS and low not in FUNCTION_WORDS:
            described.add(low)
        k -= 1
    start = k + 1
    the = k >= 0 and fold(words[k]) == "the"
    capitalised = start <= j and words[start][:1].isupper() and (k < 0 or not words[k][:1].isalpha()
                                                                or the)
    if fold(words[j]) not in TITLES or not roles or not (the or capitalised):
        return None
    if not capitalised:
        described = set()                         # "the campaign spokesman": the title decides
    roles = roles - WEAK_ROLES or roles
    last = reading.last_speaker
    if last and last[0].roles & roles and described <= last[0].described:
        return last[0]
    if described:                                 # a named office: anywhere before
        return reading.registry.with_role(roles, (s_idx, j), (0, 0), described)
    sentences = reading.sentences
    floor = s_idx                  # else someone with that title in the last 3 passages
    while floor > 0 and sentences[floor - 1].passage >= sentences[s_idx].passage - 2:
        floor -= 1
    return reading.registry.with_role(roles, (s_idx, j), (floor, 0))
