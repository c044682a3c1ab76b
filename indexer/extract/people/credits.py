"""Cues without a verb of saying: transcript labels, colons, dash credits, "according to".

Rules ``label`` ("SECRETARY BLINKEN:"; a roundup's "Jennifer Rubin, The
Washington Post:"), ``colon`` ('Carl Bialik: "..."'),
``dash`` ('"..." — Pat Ryder') and the phrase half of ``according``
("according to X", "Quote from X:", "selon X", "Scholz zufolge").
"""

from __future__ import annotations

from indexer.extract.people import evidence
from indexer.extract.people.names import TITLES, canonical_name, fold, name_key
from indexer.extract.people.reading import Reading
from indexer.extract.people.registry import Person, PersonRegistry
from indexer.extract.people.runs import names_left, names_right, person_at, run_left
from indexer.extract.people.tokens import (
    CLOSERS,
    DASHES,
    tokenize,
    OPENERS,
    Sentence,
    after_quote,
    is_cap,
    is_run_word,
    is_title_token,
)
from indexer.extract.people.vocabulary import (
    ENGLISH_PHRASES,
    LISTENER_MARKERS,
    QUOTE_ONLY_FORMS,
    SPEECH_FORMS,
    PERSONAL_TITLES,
    PHRASES,
    QUOTE_PHRASES,
)

_LABEL_LEAD = ('"', "“", "‘", "'", "''", "``", "*", "•", "-")   # skipped before a label


def label(reading: Reading, sent: Sentence, s_idx: int) -> list[Person]:
    """A transcript label opening a passage: "SECRETARY BLINKEN:", "Gen. Ryder:".

    The label must carry a title, or name a person the article names in
    ordinary text ("JAKE TAPPER:") and, unless it is in capitals, gives a
    title or role (a lone surname only in capitals: "WALLACE:"); "Q:",
    "Details:", "Clinton: Keep it close" (a heading) and "CORRECTION:"
    name nobody.
    """
    words = sent.words
    registry = reading.registry
    found = _leading_colon(words, 12)
    if found is None:
        return []
    i, colon_at = found
    end = colon_at
    if words[end - 1] == ")" and "(" in words[i:end]:      # "Rep. Trey Gowdy (R-S.C.):"
        end = words.index("(", i, end)
    if "," in words[i:end]:
        return _roundup(registry, words, i, words.index(",", i, end), end, s_idx)
    name = words[i:end]
    if not name or len(name) > 6 or not all(
            is_run_word(words, k) or is_title_token(words[k]) for k in range(i, end)):
        return []
    upper = all(w.isupper() for w in name if w[:1].isalpha())
    titled = any(fold(w) in PERSONAL_TITLES for w in name[:-1])
    full = canonical_name(" ".join(name))
    full = registry.as_person(full, titled)
    if not full:
        return []
    if len(full.split()) == 1:
        person = registry.resolve(full, (s_idx, colon_at))
        if person and (titled or upper and reading.has_evidence(person)):
            return [person]
        person = person_at(registry, words, i, end - 1, s_idx) if titled else None
        return [person] if person else []
    known = registry.people.get(name_key(full))
    if titled or (known and (upper or reading.has_evidence(known))):
        return [registry.person(full)]
    if upper and len(full.split()) <= 3 and len(caps_labels(reading) - {" ".join(name)}) >= 2 \
            and evidence.person_name(full, False, "en" if not registry.strict else registry.lang):
        # a transcript: "KATE BOULDUAN:" among other labels, with a given name
        return [registry.person(full)]
    return []


def caps_labels(reading: Reading) -> set[str]:
    """The labels in capitals that open passages of the article ("KATE BOULDUAN",
    "BOULDUAN", "Q"): more than one makes the article a transcript."""
    if reading.caps_labels is None:
        reading.caps_labels = set()
        passage = None
        for sent in reading.sentences:
            if sent.passage == passage:
                continue
            passage = sent.passage
            found = _leading_colon(sent.words, 6)
            if found and found[1] > found[0]:
                name = sent.words[found[0]:found[1]]
                if all(w.isupper() for w in name if w[:1].isalpha()) and any(
                        w[:1].isalpha() for w in name):
                    reading.caps_labels.add(" ".join(name))
    return reading.caps_labels


def _roundup(registry: PersonRegistry, words: list[str], i: int, comma: int, end: int,
             s_idx: int) -> list[Person]:
    """A roundup's credit opening a passage: "Jennifer Rubin, The Washington Post:" (a full
    name, a comma, a capitalised outlet or organisation, a colon)."""
    outlet = words[comma + 1:end]
    described = bool(outlet) and outlet[0][:1].islower() and any(
        fold(w) in TITLES for w in outlet[:3])       # "Jeremy Lott, author:", "..., editor of X:"
    if outlet[:1] and fold(outlet[0]) == "the":
        outlet = outlet[1:]
    if not outlet or len(outlet) > 6 or not described and not all(
            w[:1].isupper() or w in ("of", "&", "and") for w in outlet):
        return []
    if comma - i < 2 or not all(is_run_word(words, k) for k in range(i, comma)):
        return []
    person = person_at(registry, words, i, comma - 1, s_idx)
    return [person] if person and len(person.name.split()) > 1 else []


def _leading_colon(words: list[str], within: int) -> tuple[int, int] | None:
    """(first word, colon) of a label that opens ``words`` ("SECRETARY BLINKEN:", past
    leading quotation marks and bullets), the colon within ``within`` words; or None."""
    i = 0
    while i < len(words) and words[i] in _LABEL_LEAD:
        i += 1
    try:
        return i, words.index(":", i, i + within)
    except ValueError:
        return None


def headline_speakers(registry: PersonRegistry, title: str) -> list[Person]:
    """The person a headline quotes with a colon: 'Austin: "We stand with Ukraine"',
    "Lynch: No outside influence on FBI probe": a full name, or a surname that
    names a person of the article."""
    words, _ = tokenize(title)
    found = _leading_colon(words, 6)
    if found is None:
        return []
    start, colon_at = found
    if colon_at == start or not all(is_run_word(words, k) for k in range(start, colon_at)):
        return []
    person = person_at(registry, words, start, colon_at - 1, 0)
    return [person] if person else []


def heading_subject(registry: PersonRegistry, words: list[str], i: int,
                    s_idx: int) -> list[Person]:
    """A heading in title case inside the body whose capitalised verb of saying at ``i``
    follows the name that opens it: "Salma Hayek Described Her Experience ...",
    "— Hillary Clinton Says EgyptAir Crash Seems Like ..."."""
    start = run_left(words, i - 1)
    long_words = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    if start is None or start > 0 and words[start - 1] not in _LABEL_LEAD + ("—", "–", "--"):
        return []
    if len(long_words) < 3 or sum(w[:1].isupper() for w in long_words) < 0.8 * len(long_words):
        return []
    person = person_at(registry, words, start, i - 1, s_idx)
    return [person] if person else []


def colon(registry: PersonRegistry, words: list[str], i: int, s_idx: int) -> list[Person]:
    """'Carl Bialik: "..."': the name before a colon at ``i`` that opens a quotation
    (not a byline: no "by" in the six words before)."""
    if (i > 0 and i + 1 < len(words) and words[i + 1] in OPENERS
            and "by" not in (fold(x) for x in words[max(0, i - 6):i])):
        k = (run_left(words, i - 1) or 0) - 1       # a listener: "le dije a Hugo:",
        if k >= 0 and (fold(words[k]) in LISTENER_MARKERS   # "told Ann Lee:"
                       or fold(words[k]) in SPEECH_FORMS or fold(words[k]) in QUOTE_ONLY_FORMS):
            return []
        return names_left(registry, words, i - 1, s_idx)
    return []


def dash(reading: Reading, sent: Sentence, s_idx: int, i: int) -> list[Person]:
    """'"..." — Pat Ryder': a name alone after a dash that follows a quotation."""
    words = sent.words
    k = i - 1
    while k >= 0 and words[k] == "\n":
        k -= 1
    if k >= 0 and words[k] == ".":
        k -= 1
    start = i + 1
    tweet = (start + 1 < len(words) and "(" in words[start:start + 6]
             and words[words.index("(", start) + 1:][:1] == ["@"])
    if not tweet:                 # a tweet: "— Sahil Kapur (@sahilkapur) September 1, 2016"
        # else a quotation ends right before the dash, or ends the previous
        # sentence of the same passage (a credit in a passage of its own is a
        # byline: "-- Kim Hjelmgaard.")
        quoted = words[k] in CLOSERS if k >= 0 else (reading.follows_quote(s_idx)
                                                     or _after_quoted_passage(reading, s_idx))
        if not quoted:
            return []
    if start >= len(words) or not is_cap(words[start]) and not is_title_token(words[start]):
        return []
    end = start
    while end + 1 < len(words) and is_run_word(words, end + 1):
        end += 1
    nxt = words[end + 1] if end + 1 < len(words) else ""
    if nxt not in ("", ",", "(", ".", ";", "\n", "“", '"') and nxt not in DASHES | {"-"}:   # "- Ben Wilson -"
        return []
    person = person_at(reading.registry, words, start, end, s_idx)
    return [person] if person else []


def _after_quoted_passage(reading: Reading, s_idx: int) -> bool:
    """Whether the sentence at ``s_idx`` opens a passage right after one that is a
    quotation and nothing else (a vox pop or a fact check's claim: the passage
    '"The whole idea ... needs to stop."' then "- Michelle Marks, Philadelphia.");
    after any other passage a credit alone is a byline ("-- Kim Hjelmgaard")."""
    sentences = reading.sentences
    if s_idx == 0 or sentences[s_idx - 1].passage != sentences[s_idx].passage - 1:
        return False
    first = s_idx - 1
    while first > 0 and sentences[first - 1].passage == sentences[s_idx - 1].passage:
        first -= 1
    return (sentences[first].words[0] in OPENERS
            and sentences[s_idx - 1].words[-1] in CLOSERS)


def according_phrase(registry: PersonRegistry, sent: Sentence, s_idx: int,
                     i: int) -> list[Person] | None:
    """People named after a source phrase ("according to", "quote from", "selon",
    "по словам") at ``i``, or after one valid only right after a quotation
    ('„...“, so Scholz'); None when no phrase starts there.  The name may be
    in an oblique case ("за словами Зеленського")."""
    words = sent.words
    for phrase in PHRASES:
        n = len(phrase)
        if tuple(fold(w) for w in words[i:i + n]) == phrase:
            foreign = phrase not in ENGLISH_PHRASES
            return names_right(registry, words, i + n, s_idx, lenient=foreign, oblique=foreign)
    for phrase in QUOTE_PHRASES:
        n = len(phrase)
        if tuple(fold(w) for w in words[i:i + n]) == phrase and after_quote(words, i):
            return names_right(registry, words, i + n, s_idx, lenient=True)
    return None


def postposition(registry: PersonRegistry, words: list[str], i: int,
                 s_idx: int) -> list[Person]:
    """People named before a source word that follows them ("Scholz zufolge")."""
    return names_left(registry, words, i - 1, s_idx) if i > 0 else []
