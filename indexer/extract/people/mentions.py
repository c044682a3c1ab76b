"""First pass over an article: every person it names, with the titles and roles it gives them.

Each capitalised name run outside headlines and capitalised labels is
read as a name; full names are registered, lone surnames only when they
resolve to a full name seen before or after.  The words describing a
name (before it, or in an appositive after it) give roles and gender.
"""

from __future__ import annotations

from typing import Iterable

from indexer.extract.people import evidence
from indexer.extract.people.names import FUNCTION_WORDS, canonical_name, fold, is_initial
from indexer.extract.people.organisations import company_names
from indexer.extract.people.registry import PersonRegistry
from indexer.extract.people.tokens import Sentence, is_cap, is_run_word
from indexer.extract.people.vocabulary import PERSONAL_TITLES, SPEECH_FORMS


def collect_people(sentences: list[Sentence], organisations: Iterable[str] = (),
                   lang: str | None = None) -> PersonRegistry:
    """A registry of the people named in ``sentences``, each mention at its position.

    ``organisations`` (name keys: known outlets) and the company names the
    article itself shows (:func:`~indexer.extract.people.organisations.company_names`)
    are never registered as people; in an article whose ``lang`` is not English
    a name needs evidence (:mod:`indexer.extract.people.evidence`).
    """
    registry = PersonRegistry(company_names(sentences), organisations, lang)
    titled: list[tuple[str, tuple[int, int], list[str]]] = []   # unresolved "Minister Subroto"
    for s_idx, sent in enumerate(sentences):
        words = sent.words
        run = [is_run_word(words, i) for i in range(len(words))]
        i = 0
        while i < len(words):
            if not run[i] or not is_cap(words[i]) and not is_initial(words[i]):
                i += 1
                continue
            j = i
            while j + 1 < len(words) and run[j + 1]:
                j += 1
            if j > i and all(w.isupper() for w in words[i:j + 1] if w[:1].isalpha()):
                i = j + 1                      # headlines and labels in capitals
                continue
            surface = " ".join(words[i:j + 1])
            full = canonical_name(surface)
            context = (words[i:j + 1] + description_before(words, i)
                       + appositive_roles(words, j + 1))
            full = registry.as_person(full, registry.strict and evidence.titled(
                words[max(0, i - 1):j + 1],
                appositive_roles(words, j + 1) + evidence.description_across_comma(words, i)))
            if registry.is_organisation(surface, full):
                i = j + 1
                continue
            if full and len(full.split()) > 1:
                registry.add(full, (s_idx, j), context)
            elif full:
                person = registry.resolve(full, (s_idx, j))
                if person:
                    registry.add(person.name, (s_idx, j), context)
                elif any(fold(w) in PERSONAL_TITLES for w in context):
                    titled.append((full, (s_idx, j), context))
            i = j + 1
    # a single name with a personal title that names no one else ("Indonesian Oil
    # Minister Subroto"): a person of that one name, who can hold a role
    for full, position, context in titled:
        if registry.resolve(full, position) is None:
            registry.add(full, position, context)
    registry.mentions.sort(key=lambda m: m.position)
    return registry


def description_before(words: list[str], start: int) -> list[str]:
    """The words describing a name right before it ("Deputy Pentagon press
    secretary" before "Sabrina Singh"), up to five, stopping at punctuation
    and function words."""
    k = start
    while k > 0 and start - k < 5 and words[k - 1][:1].isalpha() \
            and fold(words[k - 1]) not in FUNCTION_WORDS:
        k -= 1
    return words[k:start]


def appositive_roles(words: list[str], i: int) -> list[str]:
    """The words of an appositive right after a name (", the Republican
    nominee,"), if it closes within eight words."""
    if i < len(words) and words[i] == ",":
        for k in range(i + 1, min(len(words), i + 9)):
            if words[k] in (",", ".", ";", ")") or k == len(words) - 1:
                return words[i + 1:k + 1]
            if fold(words[k]) in SPEECH_FORMS:
                return []
    return []
