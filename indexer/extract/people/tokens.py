"""Words of an article for speaker attribution: tokens, quotation masks, sentences, caps tests.

:func:`read_sentences` splits passages into :class:`Sentence` records (NLTK
Punkt through :mod:`indexer.extract.people.sentences`, words by
:data:`TOKEN_PATTERN`), each token marked as inside a quotation or not.

The quotation marks of other languages („…“ ‚…‘ «…» »…« ‹…› 「…」 『…』,
and the dashes of dialogue: "— Текст, — сказал Путин.") are paired by
:func:`pair_quotes` and :func:`dialogue_dashes` and stand in a sentence's
words as the English marks they play the part of (“ ” ‘ ’), so the rules
read one set of marks; their spans still point at the marks as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.extract.people.names import (
    FUNCTION_WORDS,
    PARTICLES,
    SECOND_PARTICLES,
    TITLES,
    fold,
    is_initial,
    is_name_word,
)
from indexer.extract.people.sentences import sentence_spans, splitter
from indexer.extract.people.vocabulary import CLITIC_PRONOUNS, PERSONAL_TITLES

#: Word pattern.  It is applied with ``re`` directly: through NLTK 3.10's
#: RegexpTokenizer (which wraps every regex call in a ReDoS guard) the same
#: pattern took 1.3 instead of 0.55 ms per PolNeAR article.
TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}"                          # U.S.  H.W.
    r"|\d+(?:[.,:/]\d+)*%?"                        # numbers
    r"|[^\W\d_][\w]*(?:[-‐‑'’][\w]+)*\.?"          # words, Cranny-Evans, O'Brien, Gen.
    r"|-{2,}|[—–―]"                                # dashes
    r"|''|``|[\"“”‘’'«»„‚‹›「」『』]"                 # quotation marks
    r"|[^\w\s]",                                   # other punctuation
)
POSSESSIVE_END = re.compile(r"['’][sS]$")

PUNCT_BOUNDARY = frozenset([",", ".", ";", ":", "!", "?", ")", "(", "[", "]", '"', "“", "”",
                            "’", "'", "''", "``", "—", "–", "―", "-", "--", "\n",
                            "„", "‚", "«", "»", "‹", "›", "「", "」", "『", "』"])
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


#: French verb-subject inversion: "dit-il", "a-t-elle déclaré" (pronouns from the
#: language files' [clitic_pronouns]); the pronoun becomes a token of its own.
CLITIC_END = re.compile(r"(?<=\w)-(?:t-)?(?:%s)$" % "|".join(
    sorted(CLITIC_PRONOUNS, key=len, reverse=True) or ["(?!)"]), re.IGNORECASE)


def tokenize(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Tokens of ``text`` and their spans; a line break becomes a ``"\\n"`` token,
    a possessive ``'s`` a token of its own, and so does an inverted French
    pronoun ("dit-il" -> "dit", "il")."""
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
        clitic = CLITIC_END.search(core) if "-" in core else None
        if clitic:
            cut = start + clitic.start()
            pronoun = start + len(core) - len(core[clitic.start():].rsplit("-", 1)[-1])
            words += [text[start:cut], text[pronoun:start + len(core)]]
            spans += [(start, cut), (pronoun, start + len(core))]
            continue
        words.append(word)
        spans.append((start, end))
    return words, spans


#: Opening marks of other languages: the marks that close each, and whether it
#: plays the part of a double (“) or a single (‘) quotation mark.
_FOREIGN_OPENERS = {
    "„": ("“”", True), "«": ("»", True), "»": ("«»", True), "「": ("」", True),
    "『": ("』", True), "‚": ("‘’", False), "‹": ("›", False), "›": ("‹›", False),
}
#: Openers left unclosed in a passage stay quotations only when nothing else
#: uses the mark ("»" also closes French quotations and points at links).
_OPEN_TO_END = frozenset("„«「『")


def pair_quotes(words: list[str]) -> list[str]:
    """``words`` with the quotation marks of other languages paired and written as
    the English marks they stand for: „Wort“ and «mot» become “Wort” and “mot”,
    ‚Wort‘ becomes ‘Wort’; »Wort« (German) and »ord» (Swedish) too.

    A mark that closes the innermost open quotation closes it (so “ after „
    closes, as it does in German); English marks are left as they are.  A
    stray "»" or "›" that never closes stays as written.
    """
    out = list(words)
    stack: list[tuple[int, str, bool]] = []        # (index, closing marks, double)
    for i, w in enumerate(words):
        depth = next((d for d in range(len(stack) - 1, -1, -1) if w in stack[d][1]), None)
        if depth is not None:
            double = stack[depth][2]
            del stack[depth:]
            out[i] = "”" if double else "’"
        elif w in _FOREIGN_OPENERS:
            closers, double = _FOREIGN_OPENERS[w]
            stack.append((i, closers, double))
            out[i] = "“" if double else "‘"
    for i, _, _ in stack:
        if words[i] not in _OPEN_TO_END:
            out[i] = words[i]
    return out


_DIALOGUE_DASHES = frozenset(["—", "–", "―", "-", "--"])
_SPEECH_END = frozenset([",", ".", "!", "?", "…", ";"])


def dialogue_dashes(words: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """``words`` with the dashes of dialogue written as quotation marks.

    A passage that opens with a dash is a line of dialogue when a later dash
    ends the speech: one after a comma or full stop ("— Мы победим, —
    сказал он.") or one joined to a lowercase word ("—No cederemos —dijo
    Sánchez—. Seguiremos.").  Then the dashes open and close the speech in
    turn: after the narrator's words, a dash after punctuation or joined to
    the word before it opens the speech again.  Anything else (a credit such
    as "— Kim Hjelmgaard") is left alone.
    """
    if not words or words[0] not in _DIALOGUE_DASHES:
        return words
    out = list(words)
    inside = True
    changes = [(0, "“")]
    for k in range(1, len(words)):
        if words[k] not in _DIALOGUE_DASHES:
            continue
        after = words[k + 1] if k + 1 < len(words) else ""
        joined_after = k + 1 < len(words) and spans[k][1] == spans[k + 1][0]
        joined_before = spans[k - 1][1] == spans[k][0]
        ended = words[k - 1] in _SPEECH_END or words[k - 1].endswith(".")   # "Путин."
        if inside and (ended or (joined_after and after[:1].islower())):
            changes.append((k, "”"))
            inside = False
        elif not inside and (ended or joined_before) and after:
            changes.append((k, "“"))
            inside = True
    if len(changes) == 1:
        return words                                # no dash ends the speech: not dialogue
    for k, mark in changes:
        out[k] = mark
    return out


def quote_mask(words: list[str]) -> list[bool]:
    """Mark tokens inside quotation marks (curly pairs, or straight quotes toggled).

    A single quotation nested in a double one (“... ‘...’ ...”, „... ‚...‘
    ...“) ends at its own closing mark, not the outer one's.  (A closing ’
    with no single quotation open still ends a double one, as it always
    did: it recovers from quotations whose closing mark is missing.)
    """
    mask = []
    double = single = False
    for i, w in enumerate(words):
        if w in ("“", "«"):
            double = True
        elif w == "‘" and _opens(words, i):
            single = True
        elif w in ("”", "»"):
            double = single = False
        elif w == "’" and (single or double) and _closes(words, i):
            if single:
                single = False
            else:
                double = False
        elif w in ('"', "''", "``"):
            double = not double
            single = False
        else:
            mask.append(double or single)
            continue
        mask.append(False)
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
        words = dialogue_dashes(pair_quotes(words), spans)
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
        # between capitalised words, past one more particle ("Ursula von der
        # Leyen"); "der", "den" alone are articles ("Antwort der Landesgruppe")
        before, after = i - 1, i + 1
        if before > 0 and fold(words[before]) in PARTICLES and words[before][:1].islower():
            before -= 1
        elif w in SECOND_PARTICLES:
            return False
        if (after < len(words) - 1 and w not in SECOND_PARTICLES
                and words[after] in SECOND_PARTICLES):
            after += 1
        return (0 <= before and after < len(words) and is_cap(words[before])
                and is_cap(words[after]))
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
    """Whether words[i] follows a closing quotation mark, past one punctuation mark
    and a dash ('"...," said', '«...», — сказав')."""
    k = i - 1
    if k >= 1 and words[k] in DASHES and words[k - 1] in (",", "?", "!", ".", "…"):
        k -= 1
    if k >= 0 and words[k] in (",", "?", "!", ".", "—", "…"):
        k -= 1
    return k >= 0 and words[k] in CLOSERS
