"""Cues without a verb of saying: transcript labels, colons, dash credits, "according to".

Rules ``label`` ("SECRETARY BLINKEN:"; a roundup's "Jennifer Rubin, The
Washington Post:"), ``colon`` ('Carl Bialik: "..."'),
``dash`` ('"..." — Pat Ryder') and the phrase half of ``according``
("according to X", "Quote from X:", "selon X", "Scholz zufolge").
"""

from __future__ import annotations

from indexer.extract.people.names import canonical_name, fold, name_key
from indexer.extract.people.reading import Reading
from indexer.extract.people.registry import Person, PersonRegistry
from indexer.extract.people.runs import names_left, names_right, person_at
from indexer.extract.people.tokens import (
    CLOSERS,
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
    return []


def _roundup(registry: PersonRegistry, words: list[str], i: int, comma: int, end: int,
             s_idx: int) -> list[Person]:
    """A roundup's credit opening a passage: "Jennifer Rubin, The Washington Post:" (a full
    name, a comma, a capitalised outlet or organisation, a colon)."""
    outlet = words[comma + 1:end]
    if outlet[:1] and fold(outlet[0]) == "the":
        outlet = outlet[1:]
    if not outlet or len(outlet) > 6 or not all(w[:1].isupper() or w in ("of", "&", "and")
                                                for w in outlet):
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


def colon(registry: PersonRegistry, words: list[str], i: int, s_idx: int) -> list[Person]:
    """'Carl Bialik: "..."': the name before a colon at ``i`` that opens a quotation
    (not a byline: no "by" in the six words before)."""
    if (i > 0 and i + 1 < len(words) and words[i + 1] in OPENERS
            and "by" not in (fold(x) for x in words[max(0, i - 6):i])):
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
        quoted = words[k] in CLOSERS if k >= 0 else reading.follows_quote(s_idx)
        if not quoted:
            return []
    if start >= len(words) or not is_cap(words[start]) and not is_title_token(words[start]):
        return []
    end = start
    while end + 1 < len(words) and is_run_word(words, end + 1):
        end += 1
    nxt = words[end + 1] if end + 1 < len(words) else ""
    if nxt not in ("", ",", "(", ".", ";", "\n", "“", '"'):
        return []
    person = person_at(reading.registry, words, start, end, s_idx)
    return [person] if person else []


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
