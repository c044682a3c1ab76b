"""A verb of saying as a cue: who said it, by the rules that read around a verb.

Left of the verb: ``subject`` ("Ryder said"), else ``pronoun`` ("he
said"), else ``role`` ("the secretary said").  Right of it: ``inverted``
('"...," said Ryder'), the verb half of ``according`` ("citing X") and
``participle`` (", saying ..." continues the sentence's speaker).
"""

from __future__ import annotations

from indexer.extract.people.continuation import pronoun, pronoun_is_object, role
from indexer.extract.people.names import fold
from indexer.extract.people.reading import Reading
from indexer.extract.people.registry import Person, PersonRegistry
from indexer.extract.people.runs import names_left, names_right, person_at, run_left
from indexer.extract.people.subject import absolute_subject, clause_subject, subject
from indexer.extract.people.tokens import (
    CLOSERS,
    DASHES,
    POSSESSIVE_END,
    PUNCT_BOUNDARY,
    Sentence,
    after_quote,
    is_adverb,
    is_cap,
    is_run_word,
)
from indexer.extract.people.vocabulary import (
    FOREIGN_FORMS,
    FOREIGN_SKIP,
    LISTENER_MARKERS,
    LISTENER_VERBS,
    NEEDS_AFTER,
    NEGATIONS,
    NOT_SPEECH_AFTER,
    PREPOSITIONS,
    PRONOUNS,
    QUOTE_ONLY_FORMS,
    SKIP_BEFORE_VERB,
    SOURCE_OBJECT_VERBS,
    SPEECH_FORMS,
)

_NOT_BEFORE_SPEECH = ("to", "the", "a", "an", "be", "been", "being")  # "declined to comment"
_BE = ("is", "are", "was", "were", "been")
_POSSESSIVES = ("his", "her", "their", "its", "our", "my", "your")
#: Words before a gerund that make it a participle of the clause's subject: "Thomas broke
#: his silence by asking questions", "Clinton quit before announcing her run".
_SUBORDINATORS = frozenset("by after before while when".split())
#: Verbs of attempt: their subject is the speaker of the verb of saying after them
#: ("Newt Gingrich, a Trump defender, tried to argue", "Cruz sought to reassure").
_ATTEMPTS = frozenset("try tries tried trying seek seeks sought seeking attempt attempts "
                      "attempted attempting".split())


def _head(words: list[str], i: int) -> int:
    """The finite verb the verb of saying at ``i`` depends on: "tried" in "tried to
    argue"; else ``i`` itself."""
    if i >= 2 and fold(words[i - 1]) == "to" and words[i - 2][:1].islower() \
            and fold(words[i - 2]) in _ATTEMPTS:
        return i - 2
    return i


def verb_cue(reading: Reading, sent: Sentence, s_idx: int, i: int,
             found: list[Person]) -> list[Person]:
    """The people who said what the verb of saying at words[i] reports.

    ``found`` holds the people found earlier in the sentence (a participle
    continues the last of them).
    """
    words = sent.words
    low = fold(words[i])
    lemma = SPEECH_FORMS.get(low) or QUOTE_ONLY_FORMS.get(low)
    foreign = low in FOREIGN_FORMS
    head = i if foreign else _head(words, i)
    j = head - 1
    progressive = fold(words[head]).endswith("ing")     # "Kasich is telling a crowd"
    while j >= 0 and (fold(words[j]) in SKIP_BEFORE_VERB or is_adverb(words[j])
                      or progressive and fold(words[j]) in _BE
                      or foreign and words[j] in FOREIGN_SKIP):
        j -= 1
    # '«...», a déclaré Macron': the quotation stands before the auxiliary
    quoted = (after_quote(words, i) or (foreign and after_quote(words, j + 1))
              or (j < 0 if foreign else i == 0) and reading.follows_quote(s_idx))
    if not foreign and "inverted" in reading.rules and i + 2 < len(words) \
            and words[i + 1] == "by" and lemma in SPEECH_FORMS.values() and _participle(low) \
            and lemma not in NEEDS_AFTER \
            and not (fold(words[i + 2]) == "the" and is_cap((words[i + 3:] or [""])[0])):   # "by the Globe"
        # "Asked by Stephanopoulos to respond, ...", "was told by Ryder": the agent spoke
        # (not a credit: "Reporting by ..."; not a verb that needs its object: "$37
        # million raised by Clinton")
        people = names_right(reading.registry, words, i + 2, s_idx)
        if people:
            return people
    if not _reports_speech(reading, words, s_idx, i, lemma, quoted, foreign, head):
        return []
    if any(fold(w) in NEGATIONS for w in words[j + 1:i]):
        return []                                    # "did not respond", "never said"
    people = _before_verb(reading, sent, s_idx, head, j) if j >= 0 else []
    return people or _after_verb(reading, sent, s_idx, head, lemma, quoted, found, foreign)


_IRREGULAR_PARTICIPLES = frozenset("told said written spoken".split())


def _participle(low: str) -> bool:
    """A past participle ("asked", "told"), not a noun or a present form ("remarks by",
    "a quote by", "Reporting by")."""
    return low.endswith("ed") or low in _IRREGULAR_PARTICIPLES


def _reports_speech(reading: Reading, words: list[str], s_idx: int, i: int,
                    lemma: str | None, quoted: bool, foreign: bool, head: int) -> bool:
    """Whether the verb form at ``i`` is used as a verb of saying here: not "call
    off", "to say" or "the report", and a quote-only verb ("continued") only near
    a quotation or before a colon (``head``: the verb of attempt it depends on, or
    ``i``)."""
    low = fold(words[i])
    nxt = fold(words[i + 1]) if i + 1 < len(words) else ""
    if nxt in NOT_SPEECH_AFTER.get(lemma, ()) or (
            lemma in NEEDS_AFTER and nxt not in NEEDS_AFTER[lemma]):
        return False
    before = fold(words[head - 1]) if head > 0 else ""
    if before in _SUBORDINATORS and fold(words[head]).endswith("ing"):
        return low in SPEECH_FORMS   # "by saying", "after initially saying" (not "by going")
    if not foreign and (before in _NOT_BEFORE_SPEECH or before in PREPOSITIONS
                        or before in _POSSESSIVES):
        return False                 # "to say", "in talks", "his remarks" (French "a déclaré"
                                     # is a verb)
    if not foreign and before in _BE and not fold(words[head]).endswith("ing"):
        return False                                 # passive: "was told", "is said to"
    if low in QUOTE_ONLY_FORMS and low not in SPEECH_FORMS:
        return (quoted or (i + 1 < len(words) and words[i + 1] == ":")
                or any(w in CLOSERS for w in words[max(0, i - 8):i])  # '"...," Gray went on'
                or (i <= 6 and reading.follows_quote(s_idx)))
    return True


def _before_verb(reading: Reading, sent: Sentence, s_idx: int, i: int,
                 j: int) -> list[Person]:
    """The speaker named before the verb at ``i``, whose subject ends at ``j``."""
    words = sent.words
    rules = reading.rules
    low = fold(words[i])
    lemma = SPEECH_FORMS.get(low) or QUOTE_ONLY_FORMS.get(low)    # "and tell": no finite verb
    participle = fold(words[i]).endswith("ing") and words[j] == ","
    if "subject" in rules and not participle:
        people = ((low.endswith("ing") and absolute_subject(reading.registry, words, j, s_idx))
                  or subject(reading.registry, words, j, s_idx))   # "with A and B calling"
        if people:
            return people
        if fold(words[j]) in ("and", "but") and not sent.quoted[j] and low != lemma:
            # a second verb of the clause: "Trump bemoaned the unrest and said ..."
            people = clause_subject(reading.registry, sent, s_idx, j, nearest=True)
            if people:
                return people
    low = fold(words[j])
    if low in PRONOUNS and "pronoun" in rules and not pronoun_is_object(words, j):
        person = pronoun(reading, PRONOUNS[low], sent)
        if person:
            return [person]
    person = role(reading, words, j, s_idx) if "role" in rules else None
    return [person] if person else []


def _after_verb(reading: Reading, sent: Sentence, s_idx: int, i: int, lemma: str | None,
                quoted: bool, found: list[Person], foreign: bool = False) -> list[Person]:
    """The speaker named after the verb at ``i``, or continued by a participle."""
    words = sent.words
    rules = reading.rules
    registry = reading.registry
    if foreign:
        return _after_foreign_verb(reading, sent, s_idx, i, lemma, quoted)
    gerund = fold(words[i]).endswith("ing")
    inversion_ok = quoted or (lemma not in LISTENER_VERBS and (
        i == 0 or words[i - 1] in (",", ":", "(", "—", "–")))
    if "inverted" in rules and inversion_ok and not gerund:      # '"...," said Ryder'
        people = (names_right(registry, words, i + 1, s_idx)
                  or _appositive_right(registry, words, i + 1, s_idx))
        if people:
            return people
    k = i - 1
    while k > 0 and is_adverb(words[k]):
        k -= 1
    subordinate = k >= 0 and fold(words[k]) in _SUBORDINATORS and words[k][:1].islower()
    if gerund and lemma in SOURCE_OBJECT_VERBS and "according" in rules and not subordinate:
        return names_right(registry, words, i + 1, s_idx)          # "citing X"
    if gerund and k >= 0 and (words[k] == "," or words[k] in DASHES or subordinate) \
            and "participle" in rules:
        # ", saying", "– saying"; "by saying", "after initially saying": the nearest subject
        if found:
            return [found[-1]]
        if subordinate and k >= 2 and words[k - 1] == ",":
            start = run_left(words, k - 2)           # "Mr. Sanders, after initially saying"
            if start is not None and (start == 0 or words[start - 1] == ","):
                return names_left(registry, words, k - 2, s_idx)
        return clause_subject(registry, sent, s_idx, k, nearest=subordinate)
    return []


def _after_foreign_verb(reading: Reading, sent: Sentence, s_idx: int, i: int,
                        lemma: str | None, quoted: bool) -> list[Person]:
    """After a verb of another language: the subject that follows it, wherever the
    verb stands (German puts it second: "Am Montag sagte Scholz"; Russian
    anywhere: "Об этом заявил Песков"), unless a listener marker follows
    ("dijo a Sánchez"); else a pronoun ('„...“, sagte er', "dit-il"); else,
    right after a quotation with nothing after the verb, the last speaker (a
    dropped subject: '—No cederemos —añadió.')."""
    words = sent.words
    rules = reading.rules
    nxt = fold(words[i + 1]) if i + 1 < len(words) else ""
    if nxt in LISTENER_MARKERS or (lemma in LISTENER_VERBS and not quoted):
        return []
    if "inverted" in rules:
        people = (names_right(reading.registry, words, i + 1, s_idx, lenient=True)
                  or _appositive_right(reading.registry, words, i + 1, s_idx))
        if people:                      # "erklärte der Leiter, Dieter Kranzlmüller, der dpa"
            return people
    if "pronoun" in rules and nxt in PRONOUNS:
        person = pronoun(reading, PRONOUNS[nxt], sent)
        return [person] if person else []
    if "pronoun" in rules and quoted and (not nxt or words[i + 1] in PUNCT_BOUNDARY):
        person = pronoun(reading, None, sent)
        return [person] if person else []
    return []


def _owner_end(words: list[str], start: int) -> int | None:
    """Index of the possessive "'s" after a capitalised run at ``start`` ("Rubio’s deputy
    campaign manager"), else None."""
    k = start
    while k < len(words) and is_run_word(words, k):
        k += 1
    return k if start < k < len(words) and POSSESSIVE_END.search("x" + words[k]) else None


def _appositive_right(registry: PersonRegistry, words: list[str], start: int,
                      s_idx: int) -> list[Person]:
    """'said a former spokesman for the ministry, Oleg Voloshyn, who ...', 'said Rubio’s
    deputy campaign manager, Rich Beeson, who ...': a description, then a comma and a
    name that ends the clause."""
    if start >= len(words) or not (words[start][:1].islower() or fold(words[start]) == "the"
                                   or _owner_end(words, start) is not None):
        return []
    for k in range(start + 1, min(len(words), start + 15)):
        w = words[k]
        if w in PUNCT_BOUNDARY and w != ",":
            return []
        if w == ",":
            if k + 1 < len(words) and is_cap(words[k + 1]):
                end = k + 1
                while end + 1 < len(words) and is_run_word(words, end + 1):
                    end += 1
                nxt = words[end + 1] if end + 1 < len(words) else ""
                if nxt in ("", ",", ".", ";", "\n") or fold(nxt) in ("who", "whose"):
                    person = person_at(registry, words, k + 1, end, s_idx)
                    return [person] if person else []
            return []
    return []
