"""Names an article gives to companies, so that they are not read as people.

Reuters-style business news names a company in full once ("Merrill Lynch
and Co Inc", "Morgan Stanley Group Inc", "Salomon Brothers Inc") and
shortens it afterwards ("Merrill Lynch said").  :func:`company_names` reads
every capitalised run that holds a legal form or a company word after its
first word, or that "and Co" / "& Co" follows, and returns the keys of the
part before it: within that article such a run is a company, not a person.
Laws, places and general organisation words ("the Clinton Foundation", "the
Trump campaign") do not count: only commercial names do, so that a person's
name is never taken for a company because an institution carries it.
"""

from __future__ import annotations

from typing import Iterable

from indexer.extract.people.names import COMPANY_WORDS, LEGAL_FORMS, fold, name_key
from indexer.extract.people.tokens import Sentence, is_cap, is_run_word

_JOINERS = ("and", "&")


def company_names(sentences: Iterable[Sentence]) -> set[str]:
    """name_key of every name an article uses as the head of a company name."""
    heads: set[str] = set()
    for sent in sentences:
        words = sent.words
        i = 0
        while i < len(words):
            if not (is_run_word(words, i) and is_cap(words[i])):
                i += 1
                continue
            j = i
            while j + 1 < len(words) and (is_run_word(words, j + 1) or words[j + 1] == ","
                                          and _comma_inside(words, j + 1)):
                j += 1
            for head in _heads(words, i, j):
                heads.add(name_key(" ".join(w for w in head if w != ",")))
            i = j + 1
    return heads


def _comma_inside(words: list[str], k: int) -> bool:
    """A comma inside a company name: "Goldman, Sachs and Co"."""
    return (k + 3 < len(words) and is_cap(words[k + 1]) and words[k + 2] in _JOINERS
            and fold(words[k + 3]) in LEGAL_FORMS)


def _heads(words: list[str], i: int, j: int) -> list[list[str]]:
    """The heads of the company name in the run words[i:j + 1]: the words before its
    legal form ("General Motors" of "General Motors Corp") and before its first
    company word ("Merrill Lynch" of "Merrill Lynch Capital Markets Inc")."""
    ends = set()
    for k in range(i + 1, j + 1):
        if words[k][:1].isupper() and fold(words[k]) in LEGAL_FORMS:
            ends.add(k)
            break
    for k in range(i + 1, j + 1):
        if words[k][:1].isupper() and fold(words[k]) in COMPANY_WORDS:
            ends.add(k)
            break
    if (j + 2 < len(words) and words[j + 1] in _JOINERS
            and fold(words[j + 2]) in LEGAL_FORMS and words[j + 2][:1].isupper()):
        ends.add(j + 1)                    # "Merrill Lynch and Co"
    heads = []
    for end in sorted(ends):
        head = words[i:end]
        if "of" in head:                   # "Shares of Merrill Lynch and Co"
            head = head[len(head) - head[::-1].index("of"):]
        if any(fold(w) not in LEGAL_FORMS | COMPANY_WORDS for w in head if w != ","):
            heads.append(head)
    return heads
