"""Words of an article for speaker attribution: tokens, quotation masks, sentences, caps tests.

:func:`read_sentences` splits passages into :class:`Sentence` records (NLTK
Punkt through :mod:`indexer.extract.people.sentences`, words by
:data:`TOKEN_PATTERN`), each token marked as inside a quotation or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.extract.people.names import (
    FUNCTION_WORDS,
    PARTICLES,
    TITLES,
    fold,
    is_initial,
    is_name_word,
)
from indexer.extract.people.sentences import sentence_spans, splitter
from indexer.extract.people.vocabulary import PERSONAL_TITLES

#: Word pattern.  It is applied with ``re`` directly: through NLTK 3.10's
#: RegexpTokenizer (which wraps every regex call in a ReDoS guard) the same
#: pattern took 1.3 instead of 0.55 ms per PolNeAR article.
TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}"                          # U.S.  H.W.
    r"|\d+(?:[.,:/]\d+)*%?"                        # numbers
    r"|[^\W\d_][\w]*(?:[-‐‑'’][\w]+)*\.?"          # words, Cranny-Evans, O'Brien, Gen.
    r"|-{2,}|[—–―]"                                # dashes
    r"|''|``|[\"“”‘’'«»]"                          # quotation marks
    r"|[^\w\s]",                                   # other punctuation
)
POSSESSIVE_END = re.compile(r"['’][sS]$")

PUNCT_BOUNDARY = frozenset([",", ".", ";", ":", "!", "?", ")", "(", "[", "]", '"', "“", "”",
                            "’", "'", "''", "``", "—", "–", "―", "-", "--", "\n"])
OPENERS = ('"', "“", "‘", "''", "``", "«")
CLOSERS = ('"', "”", "’", "'", "»", "''")
DASHES = {"—", "–", "―", "--", "---"}
#: Tokens that open or close an appositive ("Cranny-Evans, a fellow at RUSI, said").
APPOSITIVE_MARKS = frozenset([",", "—", "–", "--"])


@dataclass
class Sentence:
    """One sentence of a passage, as tokens."""

    passage: int
    start: int                   # offset of the sentence in its passage
    words: list[str]
    spans: list[tuple[int, int]]
    quoted: list[bool]           # token inside a quotation


def tokenize(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Tokens of ``text`` and their spans; a line break becomes a ``"\\n"`` token and
    a possessive ``'s`` a token of its own."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for m in TOKEN_PATTERN.finditer(text):
        start, end = m.span()
        if words and "\n" in text[last:start]:
            words.append("\n")                      # a line break stops name runs
            spans.append((last, start))
        last = end
        word = m.group()
        core = word.rstrip(".")
        if len(core) > 2 and POSSESSIVE_END.search(core):
            cut = start + len(core) - 2
            words += [text[start:cut], text[cut:start + len(core)]]
            spans += [(start, cut), (cut, start + len(core))]
            continue
        words.append(word)
        spans.append((start, end))
    return words, spans


def quote_mask(words: list[str]) -> list[bool]:
    """Mark tokens inside quotation marks (curly pairs, or straight quotes toggled)."""
    mask = []
    inside = False
    for i, w in enumerate(words):
        if w in ("“", "«") or (w == "‘" and _opens(words, i)):
            inside = True
            mask.append(False)
            continue
        if w in ("”", "»") or (w == "’" and inside and _closes(words, i)):
            inside = False
            mask.append(False)
            continue
        if w in ('"', "''", "``"):
            inside = not inside
            mask.append(False)
            continue
        mask.append(inside)
    return mask


def _opens(words: list[str], i: int) -> bool:
    return i + 1 < len(words) and words[i + 1][:1].isalnum()


def _closes(words: list[str], i: int) -> bool:
    return i + 1 >= len(words) or not words[i + 1][:1].isalnum()


def read_sentences(passages: list[str]) -> list[Sentence]:
    """The sentences of all ``passages``, in order, without empty ones.

    Quotation marks are matched over a whole passage (a quotation may span
    sentences); line breaks at a sentence's edges are dropped.
    """
    sentences: list[Sentence] = []
    tokenizer = splitter("\n\n".join(passages))
    for p, text in enumerate(passages):
        words, spans = tokenize(text)
        quoted = quote_mask(words)
        t = 0
        for start, end in sentence_spans(text, tokenizer=tokenizer):
            first = t
            while t < len(words) and spans[t][0] < end:
                t += 1
            while first < t and words[first] == "\n":
                first += 1
            last = t
            while last > first and words[last - 1] == "\n":
                last -= 1
            if first < last:
                sentences.append(Sentence(
                    p, start, words[first:last],
                    [(a - start, b - start) for a, b in spans[first:last]],
                    quoted[first:last]))
    return sentences


@lru_cache(maxsize=65536)
def is_cap(word: str) -> bool:
    """A capitalised name word that is no function word ("Ryder", not "The")."""
    return is_name_word(word) and fold(word) not in FUNCTION_WORDS


def is_run_word(words: list[str], i: int) -> bool:
    """Whether words[i] can be part of a capitalised name run."""
    w = words[i]
    if not w[:1].isalpha():
        return False
    if is_cap(w) or (w[0].isupper() and is_initial(w)):
        return True
    if fold(w) in PARTICLES or w == "of":
        return (0 < i < len(words) - 1 and is_cap(words[i - 1])
                and is_cap(words[i + 1]))
    return False


def is_title_token(word: str) -> bool:
    """A capitalised title or role word ("Secretary", "Gen.")."""
    return fold(word) in TITLES and word[:1].isupper()


#: Words in -ly that are no adverbs (nouns, adjectives, verbs, months).
_NOT_ADVERBS = frozenset("""family rally ally assembly supply monopoly anomaly italy july daily
weekly monthly quarterly yearly early bully jelly belly holly lily fly reply apply rely imply
comply only ugly elderly friendly likely unlikely lonely lovely costly deadly holy silly
""".split())


@lru_cache(maxsize=65536)
def is_adverb(word: str) -> bool:
    """A lowercase adverb in -ly ("forcefully", "sharply"): it may stand between a
    subject and its verb."""
    return (len(word) > 4 and word.islower() and word.endswith("ly") and word.isalpha()
            and word not in _NOT_ADVERBS)


def has_title(words: list[str]) -> bool:
    """Whether any of ``words`` is a personal title ("Mr.", "Sen.")."""
    return any(fold(w) in PERSONAL_TITLES for w in words)


def after_quote(words: list[str], i: int) -> bool:
    """Whether words[i] follows a closing quotation mark (past one punctuation mark)."""
    k = i - 1
    if k >= 0 and words[k] in (",", "?", "!", ".", "—"):
        k -= 1
    return k >= 0 and words[k] in CLOSERS
