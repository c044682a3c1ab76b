"""The people one article names, and which of them a surname, a role or a pronoun means.

A :class:`Person` is one individual however the article spells the name;
a :class:`Mention` places a person at a (sentence index, token index)
position.  :class:`PersonRegistry` holds both and answers coreference
questions by text order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from indexer.extract.people import evidence
from indexer.extract.people.names import TITLES, fold, name_key, short_key
from indexer.extract.people.vocabulary import FEMALE_WORDS, MALE_WORDS

Position = tuple[int, int]       # (sentence index, token index)


@dataclass(eq=False)
class Person:
    name: str                    # display form: first-seen full name
    gender: str | None = None
    roles: set[str] = field(default_factory=set)          # title words ("minister")
    described: set[str] = field(default_factory=set)      # every word describing them ("oil")


@dataclass(eq=False)
class Mention:
    position: Position
    person: Person


class PersonRegistry:
    """Full names seen in one article, to resolve surnames and roles."""

    def __init__(self, companies: Iterable[str] = (), outlets: Iterable[str] = (),
                 lang: str | None = None) -> None:
        #: name keys of what the article names as companies, and of known outlets
        self.companies: set[str] = set(companies)
        self.outlets: frozenset[str] = frozenset(outlets)
        #: the article's language: in one other than English, names need evidence
        #: of being a person's (:mod:`indexer.extract.people.evidence`)
        self.lang = lang
        self.strict = evidence.strict(lang)
        self.people: dict[str, Person] = {}
        self.mentions: list[Mention] = []
        self._by_short: dict[str, Person] = {}
        self._by_last_two: dict[str, Person] = {}
        # surname key / first-word key -> [(position, person)] in text order
        self._by_part: tuple[dict, dict] = ({}, {})

    def is_organisation(self, *names: str) -> bool:
        """Whether any of ``names`` (a run as written, its canonical form) names a
        company of this article ("Merrill Lynch" after "Merrill Lynch and Co") or,
        when of two words or more, a known outlet ("Le Courrier Picard"; a lone
        "Bloomberg" may still be a surname)."""
        for name in names:
            if name:
                key = name_key(name)
                if key in self.companies or (key in self.outlets and " " in name.strip()):
                    return True
        return False

    def as_person(self, full: str | None, titled: bool) -> str | None:
        """``full`` (a canonical name) as a person's name, or None: in an article not in
        English, a name of two words or more that no earlier mention established needs
        evidence (``titled``: a title or role stands by it)."""
        if not full or not self.strict or " " not in full or name_key(full) in self.people:
            return full
        return evidence.person_name(full, titled, self.lang)

    def person(self, full: str) -> Person:
        """The person a full name denotes; variants of one name share a person.

        "Hillary Rodham Clinton" and "Hillary Clinton" (same first and last
        word) are one person, and so are "Miss Universe Alicia Machado" read
        as "Universe Alicia Machado" and "Alicia Machado" (the shorter name
        ends the longer one); the shorter form is displayed.
        """
        key = name_key(full)
        found = self.people.get(key)
        if found:
            return found
        words = full.split()
        alias = short_key(full)
        found = self._by_short.get(alias)
        if found is None and len(words) >= 2:
            other = self._by_last_two.get(_last_two(words))
            if other is not None and 2 in (len(words), len(other.name.split())):
                found = other
                if len(words) < len(other.name.split()):
                    other.name = full
        found = found or Person(full)
        self.people[key] = found
        self._by_short.setdefault(alias, found)
        if len(words) >= 2:
            self._by_last_two.setdefault(_last_two(words), found)
        return found

    def add(self, full: str, position: Position, context: list[str]) -> Person:
        """Record a mention of ``full`` at ``position``; ``context`` words give roles, gender."""
        person = self.person(full)
        for word in context:
            low = fold(word)
            if low in TITLES:
                person.roles.add(low)
            if word[:1].isalpha():
                person.described.add(low)
            if person.gender is None and low in FEMALE_WORDS:
                person.gender = "f"
            elif person.gender is None and low in MALE_WORDS:
                person.gender = "m"
        self.mentions.append(Mention(position, person))
        words = full.split()
        if len(words) > 1:
            for table, word in zip(self._by_part, (words[-1], words[0])):
                table.setdefault(name_key(word), []).append((position, person))
        return person

    def resolve(self, single: str, position: Position,
                first_names: bool = True) -> Person | None:
        """The person a lone surname (or family name) refers to at ``position``.

        The nearest full name before ``position`` whose last word (else first
        word: "Kim" for "Kim Yong-hyun") is ``single``; else the first after.
        """
        key = name_key(single)
        for table in self._by_part if first_names else self._by_part[:1]:
            entries = table.get(key)
            if entries:
                before = [person for pos, person in entries if pos <= position]
                return before[-1] if before else entries[0][1]
        return None

    def with_role(self, roles: set[str], position: Position,
                  floor: Position = (0, 0), described: set[str] = frozenset()) -> Person | None:
        """The person mentioned last before ``position`` (not before ``floor``)
        whose title or role is one of ``roles`` and who was described with all
        the words of ``described`` ("oil" of "the Oil Minister")."""
        for m in reversed(self.mentions):
            if m.position < floor:
                break
            if m.position <= position and m.person.roles & roles \
                    and described <= m.person.described:
                return m.person
        return None


def _last_two(words: list[str]) -> str:
    return name_key(words[-2] + words[-1])


def gender_ok(person: Person, gender: str | None) -> bool:
    """Whether ``person`` may be referred to by a word of ``gender`` ("m", "f" or None)."""
    return gender is None or person.gender in (None, gender)
