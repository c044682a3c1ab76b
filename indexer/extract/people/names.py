"""Person names: the canonical form used on the speaker facet, and a match key.

``canonical_name("Air Force Maj. Gen. Pat Ryder")`` is ``"Pat Ryder"``: the
name is read from its right end leftwards, dropping generational suffixes
and middle initials and stopping at the first title, rank, role,
organisation or function word.  ``name_key`` folds case, accents, hyphens
and spaces so that "Kim Yong Hyun" and "Kim Yong-hyun" match.

The word lists live in ``indexer/extract/data/speech.txt`` (format described
at its top, read by :mod:`indexer.extract.wordlists`) and, for other
languages, in ``speech.<language>.txt`` beside it; every language's lists
apply to every article, merged into the frozensets exposed here.  Names in
Cyrillic are put in the nominative (:mod:`indexer.extract.people.cyrillic`).
Organisation, company and place words are in ``organisations.txt``.

What is not a person: a run with an organisation, company or place word
("Warburg Securities", "Hoechst AG", "San Antonio"); "X of Y" where X is an
organisation and Y holds no title ("the American Bureau of Metal
Statistics"); a title at the end of a run ("Oil Minister", "RBI Governor")
unless the title is also a surname and a first name precedes it ("Steve
King"); a hyphenated adjective ("California-based") is no part of a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from indexer.extract.people import cyrillic
from indexer.extract.wordlists import data_files, sections

WORDS_FILE = "speech.txt"
ORGANISATIONS_FILE = "organisations.txt"
#: The word lists of other languages (speech.de.txt, speech.fr.txt, ...).
LANGUAGE_FILES = data_files("speech.*.txt")


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase ``word`` and drop a final period: the lookup form of a word."""
    return word.lower().rstrip(".")


@lru_cache(maxsize=None)
def file_lists(name: str) -> dict[str, list[list[str]]]:
    """The sections of one word-list file: name -> lines -> folded entries."""
    return {section: [[fold(w) for w in line.split()] for line in lines]
            for section, lines in sections(name, inline_comments=True).items()}


@lru_cache(maxsize=1)
def word_lists() -> dict[str, list[list[str]]]:
    """The sections of speech.txt, then those of every language file, merged."""
    merged: dict[str, list[list[str]]] = {}
    for name in (WORDS_FILE, *LANGUAGE_FILES):
        for section, lines in file_lists(name).items():
            merged.setdefault(section, []).extend(lines)
    return merged


def word_set(section: str) -> frozenset[str]:
    """All entries of one section, in every language."""
    return frozenset(w for line in word_lists().get(section, []) for w in line)


def organisation_set(section: str) -> frozenset[str]:
    """All entries of one section of organisations.txt."""
    return frozenset(w for line in file_lists(ORGANISATIONS_FILE).get(section, []) for w in line)


TITLES = word_set("titles")
#: Titles and modifiers that are also surnames: one ends a name after a first
#: name ("Steve King", "Oliver North"); other titles there are roles ("Oil Minister").
TITLE_SURNAMES = word_set("title_surnames")
MODIFIERS = word_set("modifiers")
LEGAL_FORMS = organisation_set("legal_forms")
COMPANY_WORDS = organisation_set("company_words")
PLACE_STARTS = organisation_set("place_starts")
ORGANISATION_WORDS = (word_set("organisation_words") | LEGAL_FORMS | COMPANY_WORDS
                      | organisation_set("thing_words") | organisation_set("place_words"))
ADJECTIVE_SUFFIXES = organisation_set("adjective_suffixes")
SUFFIXES = word_set("suffixes")
PARTICLES = word_set("particles")
#: Compounds ending in these are titles or organisations ("Außenministerin", "Bundesregierung").
TITLE_SUFFIXES = word_set("title_suffixes")
ORGANISATION_SUFFIXES = word_set("organisation_suffixes")
#: Articles of other languages that may start a name run at a sentence start
#: ("Das Poster erklärt") but are not names there; inside a run they may be
#: part of one ("Tarun Das").
LEADING_ARTICLES = word_set("leading_articles")
#: Endings of common nouns in languages that capitalise them ("Kinderbetreuung").
NOUN_SUFFIXES = word_set("noun_suffixes")
#: Particles that join a name only after another particle ("von der Leyen",
#: "van den Berg"): alone they are articles ("Antwort der Landesgruppe").
SECOND_PARTICLES = frozenset(["der", "den", "dem", "des"])

#: Capitalised words that begin sentences or phrases but never names.
FUNCTION_WORDS = word_set("function_words")

_STOP = TITLES | MODIFIERS | ORGANISATION_WORDS | FUNCTION_WORDS
_PAREN = re.compile(r"\([^()]*\)|\[|\]")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)
_INITIAL = re.compile(r"^(?:[^\W\d_]\.?|(?:[^\W\d_]\.){2,}[^\W\d_]?)$")
_CONTRACTION = re.compile(r"['’](?:ve|m|ll|d|re|t|s)$")
_EDGE = " \t\n,;:.!?\"'“”‘’«»()[]{}—–―-*•"
_HYPHEN = re.compile(r"[-‐‑]")
#: A two-part given name written with a hyphen ("Chan-dae", "Yong-hyun"): the word
#: before it is a family name even when it is also a common word ("Park", "Moon").
_KOREAN_GIVEN = re.compile(r"^[A-Z][a-z]{1,5}-[a-z]{1,5}$")


def _compound_of(low: str, suffixes: frozenset[str]) -> bool:
    return any(low.endswith(suffix) and len(low) >= len(suffix) + 3 for suffix in suffixes)


@lru_cache(maxsize=65536)
def is_title_word(low: str) -> bool:
    """Whether the folded word ``low`` is a title or role, listed or a compound
    of one ("außenministerin", "cdu-experte", "crocs-ceo"); in Cyrillic, in
    any case form ("министра")."""
    return (low in TITLES or _compound_of(low, TITLE_SUFFIXES)
            or ("-" in low and low.rsplit("-", 1)[1] in TITLES | TITLE_SUFFIXES)
            or (cyrillic.is_cyrillic(low) and bool(cyrillic.lemmas(low) & TITLES)))


@lru_cache(maxsize=65536)
def is_organisation_word(low: str) -> bool:
    """Whether the folded word ``low`` names an organisation, place or thing, listed
    or a compound of one ("bundesregierung"); in Cyrillic, in any case form."""
    return (low in ORGANISATION_WORDS or _compound_of(low, ORGANISATION_SUFFIXES)
            or (cyrillic.is_cyrillic(low) and bool(cyrillic.lemmas(low) & ORGANISATION_WORDS)))


@lru_cache(maxsize=65536)
def _stops_name(token: str) -> bool:
    """A title, modifier, organisation or function word, or a Cyrillic word that
    is never a name (a place, an abbreviation, a preposition)."""
    low = fold(token)
    return (low in _STOP or is_title_word(low) or is_organisation_word(low)
            or any(low.endswith(s) and len(low) >= len(s) + 4 for s in NOUN_SUFFIXES)
            or (cyrillic.is_cyrillic(token) and cyrillic.never_name(token)))


@lru_cache(maxsize=65536)
def is_initial(token: str) -> bool:
    """A single letter ("J.", "J") or dotted initials ("H.W.")."""
    return bool(_INITIAL.match(token))


@lru_cache(maxsize=65536)
def is_hyphen_adjective(token: str) -> bool:
    """A hyphenated adjective: "California-based", "White House-ordered"."""
    if not _HYPHEN.search(token):
        return False
    end = _HYPHEN.split(token.rstrip("."))[-1]
    return end.lower() in ADJECTIVE_SUFFIXES or end.islower() and end.endswith("ed")


@lru_cache(maxsize=65536)
def is_name_word(token: str) -> bool:
    """Capitalised, letters (and hyphens or apostrophes) only: "O'Brien", "Yong-hyun";
    not a hyphenated adjective ("California-based")."""
    word = token.rstrip(".")
    if not word or not word[0].isupper() or _CONTRACTION.search(word):
        return False                       # "I've", "I’m" are not names
    if is_hyphen_adjective(word):
        return False
    return all(c.isalpha() or c in "-‐‑'’" for c in word)


def _split_surface(surface: str) -> list[str]:
    text = unicodedata.normalize("NFC", surface).replace("\u00a0", " ")
    text = _PAREN.sub(" ", text).split(",", 1)[0]
    text = text.strip(_EDGE)
    text = _POSSESSIVE.sub("", text).strip(_EDGE)
    return [t.strip("\"“”‘’") for t in text.split() if t.strip("\"“”‘’")]


@lru_cache(maxsize=65536)     # pure, and called for every capitalised run of every sentence
def canonical_name(surface: str) -> str | None:
    """First and last name from a name as written, or None if nothing name-like is left.

    >>> canonical_name("Secretary of Defense Lloyd J. Austin III")
    'Lloyd Austin'
    """
    tokens = _split_surface(surface)
    if "of" in tokens:
        # "Secretary of State Antony Blinken" -> the part after "of" (a title
        # stands before it); "Sen. Ben Cardin of Maryland", "Meenakshi
        # Ganguly of Human Rights Watch" -> the part before it
        first = tokens.index("of")
        last = len(tokens) - 1 - tokens[::-1].index("of")
        before = canonical_name(" ".join(tokens[:first]))
        after = canonical_name(" ".join(tokens[last + 1:]))
        if first > 0 and fold(tokens[first - 1]) in TITLES:
            return after or before
        if before is None and any(fold(t) in ORGANISATION_WORDS for t in tokens[:first]) \
                and not any(fold(t) in TITLES for t in tokens[last + 1:]):
            return None                    # "the American Bureau of Metal Statistics"
        return before or after
    all_caps = bool(tokens) and all(t.isupper() for t in tokens if any(c.isalpha() for c in t))
    while tokens and (fold(tokens[-1]) in SUFFIXES or is_initial(tokens[-1])):
        tokens.pop()
    name: list[str] = []
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        low = fold(token)
        if name and is_initial(token):
            continue                       # middle initial
        if name and low in PARTICLES and token[0].islower():
            name.append(token)
            continue
        if not is_name_word(token) or _POSSESSIVE.search(token.rstrip(".")):
            break                          # not a name word, or a possessive
        if _stops_name(token):
            # A title or modifier word that is also a surname, at the very end,
            # is a surname when a first name stands before it ("Steve King",
            # "Oliver North"); any other title there makes a role ("Oil Minister")
            if (not name and low in TITLE_SURNAMES
                    and not is_organisation_word(low) and low not in FUNCTION_WORDS
                    and i > 0 and is_name_word(tokens[i - 1])
                    and not _stops_name(tokens[i - 1])):
                name.append(token)
                continue
            if len(name) == 1 and _KOREAN_GIVEN.match(name[0]) and (i == 0 or not is_name_word(
                    tokens[i - 1]) or fold(tokens[i - 1]) in _STOP):
                name.append(token)         # a family name first: "Park Chan-dae"
                break
            break
        name.append(token)
        if sum(1 for w in name if not w[0].islower()) >= 4:   # particles not counted
            break
    while name and name[-1][0].islower():
        name.pop()                         # a lowercase particle is not a first name
    if len(name) > 1 and len(name) == len(tokens) and fold(name[-1]) in LEADING_ARTICLES:
        name.pop()                         # "Das Poster": an article opens the run
    if not name or fold(name[-1]) in PLACE_STARTS:
        return None                        # "San Antonio"
    words = [w.rstrip(".") for w in reversed(name)]
    if all_caps:
        words = [_title_case(w) for w in words]
    if any(cyrillic.is_cyrillic(w) for w in words):
        words = cyrillic.nominative(words)
    return " ".join(words)


def _title_case(word: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), word)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Case-, accent-, hyphen- and space-insensitive key of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.lower() if c.isalnum() and not unicodedata.combining(c))


def short_key(name: str) -> str:
    """The key of first plus last word: "Hillary Rodham Clinton" -> "hillaryclinton"."""
    words = name.split()
    if len(words) < 3:
        return name_key(name)
    return name_key(words[0] + words[-1])
