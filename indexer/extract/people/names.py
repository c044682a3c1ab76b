"""Person names: the canonical form used on the speaker facet, and a match key.

``canonical_name("Air Force Maj. Gen. Pat Ryder")`` is ``"Pat Ryder"``: the
name is read from its right end leftwards, dropping generational suffixes
and middle initials and stopping at the first title, rank, role,
organisation or function word.  ``name_key`` folds case, accents, hyphens
and spaces so that "Kim Yong Hyun" and "Kim Yong-hyun" match.

The word lists live in ``indexer/extract/data/speech.txt`` and
``organisations.txt`` (format described at the top of each, read by
:mod:`indexer.extract.wordlists`) and are exposed here as frozensets.

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

from indexer.extract.wordlists import sections

WORDS_FILE = "speech.txt"
ORGANISATIONS_FILE = "organisations.txt"


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase ``word`` and drop a final period: the lookup form of a word."""
    return word.lower().rstrip(".")


@lru_cache(maxsize=2)
def word_lists(file: str = WORDS_FILE) -> dict[str, list[list[str]]]:
    """The sections of a word-list file (speech.txt): name -> lines -> folded entries."""
    return {name: [[fold(w) for w in line.split()] for line in lines]
            for name, lines in sections(file, inline_comments=True).items()}


def word_set(section: str, file: str = WORDS_FILE) -> frozenset[str]:
    """All entries of one section of a word-list file (speech.txt)."""
    return frozenset(w for line in word_lists(file).get(section, []) for w in line)


TITLES = word_set("titles")
#: Titles and modifiers that are also surnames: one ends a name after a first
#: name ("Steve King", "Oliver North"); other titles there are roles ("Oil Minister").
TITLE_SURNAMES = word_set("title_surnames")
MODIFIERS = word_set("modifiers")
LEGAL_FORMS = word_set("legal_forms", ORGANISATIONS_FILE)
COMPANY_WORDS = word_set("company_words", ORGANISATIONS_FILE)
PLACE_STARTS = word_set("place_starts", ORGANISATIONS_FILE)
ORGANISATION_WORDS = (word_set("organisation_words") | LEGAL_FORMS | COMPANY_WORDS
                      | word_set("thing_words", ORGANISATIONS_FILE)
                      | word_set("place_words", ORGANISATIONS_FILE))
ADJECTIVE_SUFFIXES = word_set("adjective_suffixes", ORGANISATIONS_FILE)
SUFFIXES = word_set("suffixes")
PARTICLES = word_set("particles")

#: Capitalised words that begin sentences or phrases but never names.
FUNCTION_WORDS = frozenset("""
a an the this that these those there here it its he she his her him hers
they them their we us our i me my you your who whom whose which what when
where why how and or but nor if then so yet as at by for from in into of on
onto to with without about after before since until while during despite
also still even just only not no yes all both each every any some many most
more other another such one two three four five first second third last
next meanwhile however though although because unless whether though
instead indeed perhaps now today tonight yesterday tomorrow earlier later
according over under up down out off per via amid among between against
besides including except unlike like
towards toward around across behind beyond above below near
""".split())

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


@lru_cache(maxsize=65536)
def is_initial(token: str) -> bool:
    """A single letter ("J.", "J") or dotted initials ("H.W.")."""
    return bool(_INITIAL.match(token))


@lru_cache(maxsize=65536)
def is_name_word(token: str) -> bool:
    """Capitalised, letters (and hyphens or apostrophes) only: "O'Brien", "Yong-hyun";
    not a hyphenated adjective ("California-based")."""
    word = token.rstrip(".")
    if not word or not word[0].isupper() or _CONTRACTION.search(word):
        return False                       # "I've", "I’m" are not names
    if _HYPHEN.search(word):
        end = _HYPHEN.split(word)[-1]
        if end.lower() in ADJECTIVE_SUFFIXES or end.islower() and end.endswith("ed"):
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
        if low in _STOP or _hyphenated_title(low):
            # A title or modifier word that is also a surname, at the very end,
            # is a surname when a first name stands before it ("Steve King",
            # "Oliver North"); any other title there makes a role ("Oil Minister")
            if (not name and low in TITLE_SURNAMES and low not in ORGANISATION_WORDS
                    and i > 0 and is_name_word(tokens[i - 1])
                    and fold(tokens[i - 1]) not in _STOP):
                name.append(token)
                continue
            if len(name) == 1 and _KOREAN_GIVEN.match(name[0]) and (i == 0 or not is_name_word(
                    tokens[i - 1]) or fold(tokens[i - 1]) in _STOP):
                name.append(token)         # a family name first: "Park Chan-dae"
                break
            break
        name.append(token)
        if len(name) >= 4:
            break
    while name and name[-1][0].islower():
        name.pop()                         # a lowercase particle is not a first name
    if not name or fold(name[-1]) in PLACE_STARTS:
        return None                        # "San Antonio"
    words = [w.rstrip(".") for w in reversed(name)]
    if all_caps:
        words = [_title_case(w) for w in words]
    return " ".join(words)


def _hyphenated_title(low: str) -> bool:
    """"vice-president", "lieutenant-general": titles joined by a hyphen."""
    parts = _HYPHEN.split(low)
    return len(parts) > 1 and all(part in TITLES or part in MODIFIERS for part in parts)


def _title_case(word: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), word)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Case-, accent-, hyphen- and space-insensitive key of a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed.lower() if c.isalnum() and not unicodedata.combining(c))


def surname_key(name: str) -> str:
    """The key of a name's last word."""
    return name_key(name.split()[-1]) if name.split() else ""


def short_key(name: str) -> str:
    """The key of first plus last word: "Hillary Rodham Clinton" -> "hillaryclinton"."""
    words = name.split()
    if len(words) < 3:
        return name_key(name)
    return name_key(words[0] + words[-1])
