"""The people a run of capitalised words names, read leftwards or rightwards from a cue.

A name run is a stretch of :func:`~indexer.extract.people.tokens.is_run_word`
tokens ("Air Force Maj. Gen. Pat Ryder").  It names a person when
:func:`~indexer.extract.people.names.canonical_name` leaves a full name, a
surname the registry resolves, or a surname with a personal title.
"""

from __future__ import annotations

from indexer.extract.people import cyrillic, evidence
from indexer.extract.people.names import (
    FUNCTION_WORDS,
    MODIFIERS,
    PARTICLES,
    canonical_name,
    fold,
    is_hyphen_adjective,
    is_organisation_word,
)
from indexer.extract.people.registry import Person, PersonRegistry
from indexer.extract.people.tokens import (
    POSSESSIVE_END,
    PUNCT_BOUNDARY,
    has_title,
    is_cap,
    is_run_word,
    is_title_token,
)
from indexer.extract.people.vocabulary import (
    CLAUSE_END,
    CLAUSE_WORDS,
    COORDINATORS,
    FOREIGN_PREPOSITIONS,
    PREPOSITIONS,
    SKIP_BEFORE_VERB,
)


def run_left(words: list[str], end: int) -> int | None:
    """Start index of the name run ending at ``end`` (inclusive), if any."""
    if end < 0 or not is_run_word(words, end) or not (is_cap(words[end])):
        return None
    i = end
    while i - 1 >= 0 and is_run_word(words, i - 1):
        i -= 1
    while i < end and not is_cap(words[i]) and not is_title_token(words[i]):
        i += 1
    return i


def person_at(registry: PersonRegistry, words: list[str], start: int, end: int, s_idx: int,
              titled: bool = False, first_names: bool = True,
              oblique: bool = False) -> Person | None:
    """The person the run words[start:end + 1] names, or None (organisation, unknown surname).

    The run is the speaker's subject unless ``oblique`` ("according to X"):
    a Cyrillic name that cannot be in the nominative is then someone else
    ("сказал Путину", told Putin).
    """
    surface = " ".join(words[start:end + 1])
    full = canonical_name(surface)
    full = registry.as_person(full, registry.strict and evidence.titled(words[max(0, start - 1):end + 1]))
    if not full:
        return None
    company = registry.is_organisation(surface, full) and not (
        " " not in full and has_title(words[max(0, start - 1):end]))   # "Mr. Paulson" beside
    if company or (                                                      # "Paulson Partners"
            start > 0 and words[start - 1][:1].islower()
            and is_organisation_word(fold(words[start - 1])) and not is_title_token(words[start])
            and fold(words[start - 1]) not in SKIP_BEFORE_VERB):
        return None                                   # "the newspaper NRC Handelsblad", but
                                                      # "police Chief Chuck Jordan", "Last
                                                      # week Hope Hicks"
    if not oblique and cyrillic.is_cyrillic(words[end]) and not cyrillic.may_be_nominative(words[end]):
        return None
    position = (s_idx, end)
    if len(full.split()) > 1:
        return registry.person(full)
    person = registry.resolve(full, position, first_names)
    if person:
        return person
    titled = (titled or has_title(words[max(0, start - 1):end])
              or cyrillic.is_cyrillic(full) and cyrillic.is_known_surname(full))   # "Зеленський"
    if titled and not is_organisation_word(fold(full)):
        person = registry.person(full)
        registry.add(full, position, words[max(0, start - 3):end])
        return person
    return None


def names_left(registry: PersonRegistry, words: list[str], end: int,
               s_idx: int) -> list[Person]:
    """People named by the (coordinated) subject ending at ``end``."""
    people: list[Person] = []
    i = end
    while True:
        if i >= 0 and words[i] == ")":               # "(R-Texas)"
            j = i
            while j >= 0 and words[j] != "(":
                j -= 1
            i = j - 1
        start = run_left(words, i)
        if start is None:
            break
        blocked = after_preposition(words, start)    # "a spokesman for Clinton said"
        person = None if blocked else person_at(registry, words, start, i, s_idx,
                                                first_names=not people)
        if person is None:
            # "George Zornick of The Nation wrote", "Jeffrey Lewis of the James Martin
            # Center for Nonproliferation Studies wrote": the name before "of"
            person = None if people else _name_before_affiliation(registry, words, start, s_idx)
            if person:
                people.append(person)
            break
        people.append(person)
        k = start - 1
        if k >= 0 and words[k] in COORDINATORS:
            i = k - 1
            continue
        k = _description_left(words, start) - 1      # "Stone and Trump's running mate
        if k >= 1 and k < start - 1 and words[k] in COORDINATORS:   # Mike Pence"
            i = k - 1
            continue
        k = start - 1
        if k >= 1 and words[k] == "," and any(w in COORDINATORS for w in words[k:end + 1]):
            i = k - 1
            continue
        break
    return people[::-1]


_OWNERS = frozenset(["his", "her", "their"])


def _description_left(words: list[str], start: int) -> int:
    """Start of the description before the name run at ``start``: up to three
    lowercase words ("running mate", "economist"), after a possessive ("Trump's",
    "his") if any; ``start`` when there is none."""
    k = start
    while k > 0 and start - k < 3 and words[k - 1][:1].islower() and words[k - 1].isalpha() \
            and fold(words[k - 1]) not in FUNCTION_WORDS | PREPOSITIONS | COORDINATORS:
        k -= 1
    if k == start:
        return start
    if k > 0 and fold(words[k - 1]) in _OWNERS:
        return k - 1
    if k > 1 and POSSESSIVE_END.search("x" + words[k - 1]):
        owner = run_left(words, k - 2)
        return owner if owner is not None else start
    return k


_AFFILIATION = ("of", "at", "from", "with")
#: Lowercase words inside an organisation's name ("Center for Nonproliferation Studies").
_ORGANISATION_JOINERS = frozenset(["of", "for", "and", "&", "on", "the"])


def _name_before_affiliation(registry: PersonRegistry, words: list[str], start: int,
                             s_idx: int) -> Person | None:
    """The person before "of"/"at"/"from"/"with" and an organisation's capitalised name
    (or a place and its state: "of Columbia, South Carolina") that ends before the run at
    ``start`` (up to ten words back)."""
    k = start - 1
    while k > 0 and start - k <= 10:
        low = fold(words[k])
        if low in _AFFILIATION and words[k][:1].islower():
            alt = run_left(words, k - 1)
            if alt is not None and not after_preposition(words, alt):
                return person_at(registry, words, alt, k - 1, s_idx)
            return None
        if not (is_run_word(words, k) or low in _ORGANISATION_JOINERS
                or words[k] == "," and fold(words[k + 1]) in MODIFIERS):   # "of Columbia,
            return None                                                    # South Carolina"
        k -= 1
    return None


def names_right(registry: PersonRegistry, words: list[str], start: int, s_idx: int,
                lenient: bool = False, oblique: bool = False) -> list[Person]:
    """People named by the noun phrase that starts at ``start``.

    ``lenient`` (after a verb of another language): any lowercase word ends
    the name ("sagte Scholz am Montag", "dijo Sánchez en ..."); ``oblique``:
    see :func:`person_at`.
    """
    people: list[Person] = []
    i = start
    seen_word = False
    while i < len(words):
        w = words[i]
        low = fold(w)
        if is_run_word(words, i) and (is_cap(w) or is_title_token(w)):
            j = i
            while j + 1 < len(words) and is_run_word(words, j + 1):
                j += 1
            nxt = words[j + 1] if j + 1 < len(words) else ""
            if is_hyphen_adjective(nxt):
                i = j + 2                            # "Los Angeles-based attorney Edgar ..."
                seen_word = True
                continue
            if POSSESSIVE_END.search("x" + nxt):
                i = j + 2                            # "Trump's spokeswoman Hope Hicks"
                seen_word = True
                continue
            if nxt == "(":
                k = j + 1
                while k < len(words) and words[k] != ")":
                    k += 1
                nxt = words[k + 1] if k + 1 < len(words) else ""
            if (nxt and fold(nxt) not in CLAUSE_END and nxt not in PUNCT_BOUNDARY
                    and not (lenient and nxt[:1].islower())):
                if nxt[:1].islower() and nxt not in COORDINATORS:
                    i = j + 1                         # "Pentagon spokesman ..."
                    seen_word = True
                    continue
                return []
            # a title before the name ("Pentagon spokesman Ryder"); in an article not in
            # English, right before it ("o ministro do Exterior" names no "Exterior")
            titled = seen_word and has_title(words[i - 1:i] if registry.strict else words[start:i])
            person = person_at(registry, words, i, j, s_idx, titled=titled, oblique=oblique)
            if person is None:
                return []
            people.append(person)
            if nxt in COORDINATORS:
                i = j + 2
                seen_word = False
                continue
            return people
        if low in PREPOSITIONS or low in CLAUSE_WORDS or not w[:1].isalpha():
            return []
        if w[:1].isupper() and low in FUNCTION_WORDS and low not in ("the",):
            return []
        seen_word = True
        i += 1
        if i - start > 8:
            return []
    return people


def after_preposition(words: list[str], start: int) -> bool:
    """Whether the name starting at ``start`` is the object of a preposition,
    possibly behind a few modifiers ("a spokesman for Democratic candidate
    Hillary Clinton said")."""
    k = start - 1
    if k >= 0 and words[k] in PARTICLES and (k == 0 or not words[k - 1][:1].islower()
                                             or fold(words[k - 1]) in FUNCTION_WORDS):
        k -= 1                      # "after de Blasio stated": the particle is the name's
    while k >= 0 and start - k <= 5 and words[k][:1].isalpha() \
            and fold(words[k]) not in FUNCTION_WORDS and words[k] not in FOREIGN_PREPOSITIONS:
        k -= 1
    if k > 0 and fold(words[k]) in ("the", "a", "an"):
        k -= 1
    return k >= 0 and fold(words[k]) in PREPOSITIONS
