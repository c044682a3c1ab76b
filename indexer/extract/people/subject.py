"""Subjects: who a verb of saying has before it, and who a participle continues.

``subject`` reads the name run right before the verb, or the name before
an appositive ("Cranny-Evans, a fellow at RUSI, said"); ``clause_subject``
finds the subject of the clause a ", saying ..." participle continues.
"""

from __future__ import annotations

import re

from indexer.extract.people.names import (
    FUNCTION_WORDS,
    MODIFIERS,
    TITLES,
    fold,
    is_organisation_word,
)
from indexer.extract.people.registry import Person, PersonRegistry
from indexer.extract.people.runs import names_left, person_at, run_left
from indexer.extract.people.tokens import (
    APPOSITIVE_MARKS,
    DASHES,
    POSSESSIVE_END,
    Sentence,
    is_cap,
    is_run_word,
    is_title_token,
)
from indexer.extract.people.vocabulary import (
    APPOSITIVE_STARTS,
    COORDINATORS,
    PREPOSITIONS,
    SKIP_BEFORE_VERB,
)

_PARTY_STATE = re.compile(r"^[RDI]-[A-Z]")          # "R-Utah", "D-N.Y."


def subject(registry: PersonRegistry, words: list[str], j: int, s_idx: int) -> list[Person]:
    """People named by the subject that ends at ``j``, right before the verb."""
    if words[j] in _QUOTE_MARKS and j > 1 and words[j - 1] == ",":
        m = _short_quotation_start(words, j)        # 'Lehel, the hacker known as
        return _before_appositive(registry, words, j, m - 1, s_idx) if m else []   # "Guccifer,"'
    if words[j] not in APPOSITIVE_MARKS:
        return (names_left(registry, words, j, s_idx) or _before_phrase(registry, words, j, s_idx)
                or _before_group(registry, words, j, s_idx))
    if j > 0 and words[j - 1] == ")":                 # "Sen. Jack Reed (D-R.I.), said"
        people = names_left(registry, words, j - 1, s_idx)
        if people:
            return people
    # "Trump's campaign manager, Kellyanne Conway, said"
    k = j - 1
    while k >= 0 and words[k] not in (",", '"', "“", "”", "''"):
        k -= 1
    if k >= 0 and words[k] == "," and k + 1 < j and all(
            is_run_word(words, m) or is_title_token(words[m]) or words[m] in COORDINATORS
            for m in range(k + 1, j)):                # "..., Ileana Ros-Lehtinen and Carlos
                                                      # Curbelo, have said"
        people = names_left(registry, words, j - 1, s_idx)
        if people:
            return people
    if k >= 0 and words[k] == ",":
        # "One pastor, Darran Whiting of Liberty Baptist Church in Marion, said"
        end = k + 1
        while end + 1 < j and is_run_word(words, end + 1) and words[end + 1] != "of":
            end += 1
        if end > k + 1 and end + 1 < j and fold(words[end + 1]) in ("of", "at", "from"):
            people = names_left(registry, words, end, s_idx)
            if people:
                return people
    return _before_appositive(registry, words, j, j - 1, s_idx)


def _before_appositive(registry: PersonRegistry, words: list[str], j: int, k: int,
                       s_idx: int) -> list[Person]:
    """The name before the comma that opens an appositive which ends at ``j`` (read
    leftwards from ``k``): "Cranny-Evans, a fellow at RUSI, said"; "Sandy Phillips, who
    lost her daughter in Aurora, Colorado, in July 2012, said" (up to five commas back)."""
    commas = 0
    while k > 0 and j - k <= 50 and commas < 5:
        w = words[k]
        if w in _QUOTE_MARKS:
            k = _short_quotation_start(words, k)       # 'the hacker known as “Guccifer,”'
            if k is None:
                return []
            k -= 1
            continue
        if w in (";", ":"):
            return []
        if w in APPOSITIVE_MARKS:
            commas += 1
            if opens_appositive(words, k + 1, described=True):
                people = names_left(registry, words, k - 1, s_idx)
                if people:
                    return people
        k -= 1
    return []


_QUOTE_MARKS = frozenset(['"', "“", "”", "''"])


def _short_quotation_start(words: list[str], k: int) -> int | None:
    """The opening mark of a short quotation (up to six words) that closes at ``k``
    inside a description, after a lowercase word ('known as “Guccifer,”', 'wearing a
    hat and “Ted Cruz” pins'); None for anything else."""
    for m in range(k - 1, max(0, k - 8), -1):
        if words[m] in _QUOTE_MARKS:
            return m if m > 0 and words[m - 1][:1].islower() and words[m - 1].isalpha() else None
    return None


def absolute_subject(registry: PersonRegistry, words: list[str], j: int,
                     s_idx: int) -> list[Person]:
    """The subject of an absolute phrase with "with" whose participle is a verb of saying,
    the subject ending at ``j``: "with former Maryland Gov. Martin O'Malley calling Trump a
    fascist", "with Hillary Clinton — who has called for ... — lambasting the plan"."""
    end = j
    if words[end] in DASHES:                         # a dash appositive: back to its opening
        k = end - 1
        while k > 0 and end - k <= 25 and words[k] != words[end]:
            k -= 1
        if k <= 0 or words[k] != words[end]:
            return []
        end = k - 1
    start = run_left(words, end)
    if start is None:
        return []
    k = start - 1
    while k >= 0 and start - k <= 25 and (
            words[k][:1].islower() and (fold(words[k]) in TITLES or fold(words[k]) in MODIFIERS)
            or words[k] in COORDINATORS or words[k] == "," or is_run_word(words, k)):
        k -= 1                  # "with former Maryland Gov. ...", "with Donald Trump, Mike
    if k < 0 or fold(words[k]) != "with":            # Huckabee and Chris Christie all calling"
        return []
    people: list[Person] = []
    m = k + 1
    while m <= end:                                  # each name of the list
        if is_run_word(words, m) and is_cap(words[m]):
            last = m
            while last + 1 <= end and is_run_word(words, last + 1):
                last += 1
            person = person_at(registry, words, run_left(words, last), last, s_idx)
            if person is None:
                return []
            people.append(person)
            m = last
        m += 1
    return people


_PHRASE_PREPOSITIONS = frozenset("in on at during after before from with".split())


def _before_phrase(registry: PersonRegistry, words: list[str], j: int,
                   s_idx: int) -> list[Person]:
    """The subject before a short phrase that ends at ``j``: "Jeb Bush in a Medium post
    said" (a prepositional phrase of up to six words, no punctuation), "Katie Packer,
    who is chairman of Our Principles PAC said" (an appositive whose closing comma is
    missing)."""
    k = j
    while k > 0 and j - k < 6 and words[k][:1].isalnum():
        if fold(words[k]) in _PHRASE_PREPOSITIONS and words[k][:1].islower():
            start = run_left(words, k - 1)
            if start is not None and (start == 0 or words[start - 1] == ","
                                      or fold(words[start - 1]) in CLAUSE_STARTS):
                return names_left(registry, words, k - 1, s_idx)
            break
        k -= 1
    k = j
    while k > 0 and j - k <= 15:
        w = words[k]
        if w in ('"', "“", "”", "''", ";", ":", "(", ")") or w in DASHES:
            return []
        if w == ",":
            if fold(words[k + 1]) in ("who", "whose"):
                return names_left(registry, words, k - 1, s_idx)[-1:]   # the nearest antecedent
            if _describes(words[k + 1]) and words[j][:1].isupper():
                # "Sam Lau, the communications director for the Iowa Democratic Party
                # said": a full name opening the sentence or clause, a description
                # ending in a capitalised name (not "..., a graduate who has argued")
                start = run_left(words, k - 1)
                if start is not None and (start == 0 or fold(words[start - 1]) in CLAUSE_STARTS):
                    return [p for p in names_left(registry, words, k - 1, s_idx)
                            if " " in p.name]
            return []
        k -= 1
    return []


#: First words of a group of unnamed people coordinated with a name: "Mike Pence and
#: other senior Republicans", "Mrs. Clinton and her campaign".
_GROUP_STARTS = frozenset("other others his her their".split())


def _before_group(registry: PersonRegistry, words: list[str], j: int,
                  s_idx: int) -> list[Person]:
    """The named people of a subject that ends with a group of unnamed ones at ``j``:
    "Mike Pence and other senior Republicans had warned", "Both Mrs. Clinton and her
    campaign had said".  The name must open the clause (not "Trump attacked Clinton and
    her campaign said")."""
    k = j
    while k > 1 and j - k < 5 and words[k][:1].isalpha() and fold(words[k]) not in COORDINATORS:
        k -= 1
    if not (k < j and words[k] in COORDINATORS and fold(words[k + 1]) in _GROUP_STARTS
            and words[k + 1][:1].islower()):
        return []
    start = run_left(words, k - 1)
    if start is None or not (start == 0 or words[start - 1] == ","
                             or fold(words[start - 1]) in CLAUSE_STARTS | {"both"}):
        return []
    return names_left(registry, words, k - 1, s_idx)


def _describes(word: str) -> bool:
    """Whether ``word`` opens a description of a person: an article or a lowercase
    title ("the communications director", "president and CEO of")."""
    low = fold(word)
    return word[:1].islower() and (low in ("a", "an", "the") or low in TITLES)


def opens_appositive(words: list[str], i: int, described: bool = False) -> bool:
    """Whether words[i:] can open an appositive: "a fellow", "who lost",
    "Sanders' campaign manager", "30, a county employee", "R-Texas"; with
    ``described``, also a description ending in a title within four words
    ("political science professor at Seton Hall": where a comma closes the
    appositive before the verb, as in "NAME, description, said")."""
    if i >= len(words):
        return False
    w = words[i]
    low = fold(w)
    if low in APPOSITIVE_STARTS or w[:1].isdigit() or _PARTY_STATE.match(w):
        return True
    if low in TITLES or low in MODIFIERS or low in PREPOSITIONS or low.endswith("ing"):
        return True                  # "associate fellow", "former", "in a statement",
                                     # "speaking to Iowans" (not "died in a jail")
    if w[:1].islower() and i + 1 < len(words) and fold(words[i + 1]) in ("of", "at", "for") \
            and not low.endswith("ed"):
        return True                  # "head of", "co-founder of" (not "poked at")
    if described and w[:1].islower() and any(fold(x) in TITLES for x in words[i + 1:i + 4]
                               if x[:1].isalpha()) and all(
            x[:1].islower() or x[:1].isupper() and fold(x) in TITLES
            for x in words[i:i + 4] if x not in (",",)):
        return True                  # "political science professor at Seton Hall"
    return i + 1 < len(words) and (POSSESSIVE_END.search("x" + words[i + 1]) is not None
                                   or words[i + 1] in ("’", "'"))


#: Words after which a clause (and its subject) starts: "..., while Mike Huckabee said".
CLAUSE_STARTS = frozenset("while and but as when whereas though although because since "
                          "after before then".split())


def clause_subject(registry: PersonRegistry, sent: Sentence, s_idx: int,
                   limit: int, nearest: bool = False) -> list[Person]:
    """The people named by the subject of the clause that a participle at
    ``limit`` continues: a name run at the start of the sentence or after
    an introductory phrase and a comma, followed (past a parenthesis or
    appositives) by a lowercase verb.  "Trump attacked Clinton, saying"
    gives Trump; "In a statement, Rep. Hakeem Jeffries (D-N.Y.) reacted,
    saying" gives Jeffries; "Rubio press secretary Brooke Sammon gave it a
    try, tweeting" gives Sammon."""
    words = sent.words
    found: list[Person] = []
    k = 0
    while k < limit:
        w = words[k]
        before = fold(words[k - 1]) if k else ""
        at_start = (k == 0 or words[k - 1] == ","
                    or not words[k - 1][:1].isalnum() and not POSSESSIVE_END.search(words[k - 1])
                    or nearest and before in CLAUSE_STARTS
                    or k == 1 and before in ("the", "a", "an", "but", "and"))   # "But Sen. X"
        if not (at_start and is_run_word(words, k) and (is_cap(w) or is_title_token(w))
                and not sent.quoted[k]):
            k += 1
            continue
        end = k
        while end + 1 < limit and (
                is_run_word(words, end + 1)
                or (words[end + 1][:1].islower()
                    and (fold(words[end + 1]) in TITLES or fold(words[end + 1]) in MODIFIERS))):
            end += 1
        if _verb_after_subject(words, end + 1, limit) is not None:
            people = names_left(registry, words, end, s_idx)
            if people and not nearest:
                return people
            found = people or found
        k = end + 1
    return found


def _verb_after_subject(words: list[str], k: int, limit: int) -> int | None:
    """Index of the lowercase verb after a subject ending before ``k``, past a
    parenthesis ("(D-N.Y.)") and appositives (", R-Ill., who faces ...,")."""
    if k < limit and words[k] == "(":
        while k < limit and words[k] != ")":
            k += 1
        k += 1
    after_comma = False
    k = _after_time_phrase(words, k, limit)          # "Donald Trump on Thursday ratcheted up"
    for _ in range(6):
        if k >= limit:
            return None
        if words[k] == ",":
            k += 1
            after_comma = True
            continue
        if after_comma and opens_appositive(words, k):
            while k < limit and words[k] != ",":
                k += 1
            continue
        w = words[k]
        low = fold(w)
        verb_like = (w[:1].islower() and low not in PREPOSITIONS and not is_organisation_word(low)
                     and (low not in FUNCTION_WORDS or low in SKIP_BEFORE_VERB))
        return k if verb_like else None
    return None


#: Words of a time phrase between a subject and its verb: "on Thursday", "late Friday",
#: "last week", "on Sunday night".
_TIME_PHRASE = frozenset("on in at during last this early late earlier later next".split())
_TIME_NOUNS = frozenset("""monday tuesday wednesday thursday friday saturday sunday morning
afternoon evening night week weekend month year today yesterday tonight january february
march april june july august september october november december""".split())


def _after_time_phrase(words: list[str], k: int, limit: int) -> int:
    """Index after a time phrase that starts at ``k`` (up to four words, one of them a
    weekday, month or time noun), else ``k``."""
    m = k
    while m < limit and m - k < 4 and (fold(words[m]) in _TIME_PHRASE
                                       or fold(words[m]) in _TIME_NOUNS):
        m += 1
    return m if any(fold(w) in _TIME_NOUNS for w in words[k:m]) else k
