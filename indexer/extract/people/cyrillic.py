"""Names in Cyrillic script: their nominative form, and whether a word can be one.

Russian and Ukrainian decline names: "по словам Владимира Путина" (genitive)
names "Владимир Путин", and "сказал Путину" (dative) names the listener,
not the speaker.  The morphology comes from pymorphy3 and its Russian and
Ukrainian dictionaries (OpenCorpora and LanguageTool data, shipped as
packages: nothing is fetched at run time); the analyzers are built on first
use, so articles without Cyrillic never load them.

Only parses tagged as a first name, surname or patronymic (``Name``,
``Surn``, ``Patr``) are trusted to change a word: pymorphy guesses unknown
words from their endings, and its guess for a foreign surname such as
"Шольца" is a common noun ("шолец"), so such a word is kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_RUSSIAN = frozenset("ыэёъЫЭЁЪ")
_NAME_TAGS = ("Name", "Surn", "Patr")
#: Parts of speech that are never a name (prepositions, conjunctions, ...).
_NOT_NAME_POS = frozenset("PREP CONJ PRCL NPRO ADVB VERB INFN NUMR PRED INTJ GRND PRTF PRTS "
                          "COMP".split())
_NOT_NAME_TAGS = ("Geox", "Orgn", "Abbr")


def is_cyrillic(word: str) -> bool:
    """Whether ``word`` is written in Cyrillic."""
    return bool(_CYRILLIC.search(word))


@lru_cache(maxsize=2)
def _analyzer(lang: str):
    import pymorphy3                       # loads its dictionary: imported on first use
    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple:
    """The parses of ``word`` by the analyzer of its language: Ukrainian when
    its letters say so (і ї є ґ), Russian when they say so (ы э ё ъ), else the
    one that knows it as a name, else the one that knows it at all, Russian
    first (its dictionary has the richer surname paradigms: "Захарова" is a
    woman's name in the nominative there, a man's in the genitive in the
    Ukrainian one)."""
    letters = set(word)
    if letters & _UKRAINIAN:
        return tuple(_analyzer("uk").parse(word))
    if letters & _RUSSIAN:
        return tuple(_analyzer("ru").parse(word))
    options = [tuple(_analyzer(lang).parse(word)) for lang in ("ru", "uk")]
    for parses in options:
        if any(p.is_known and _is_name(p) for p in parses):
            return parses
    for parses in options:
        if any(p.is_known for p in parses):
            return parses
    return options[0]


def _is_name(parse) -> bool:
    return any(tag in parse.tag.grammemes for tag in _NAME_TAGS)


@lru_cache(maxsize=65536)
def lemmas(word: str) -> frozenset[str]:
    """The dictionary forms ``word`` may have ("Кремле" -> {"кремль"})."""
    return frozenset(p.normal_form for p in _parses(word))


@lru_cache(maxsize=65536)
def never_name(word: str) -> bool:
    """Whether ``word`` cannot be part of a person's name: every reading of it is a
    place, an organisation, an abbreviation or a function word ("України",
    "Минобороны", "Об")."""
    parses = _parses(word)
    return bool(parses) and all(
        not _is_name(p) and (p.tag.POS in _NOT_NAME_POS
                             or any(tag in p.tag.grammemes for tag in _NOT_NAME_TAGS))
        for p in parses)


@lru_cache(maxsize=65536)
def is_known_surname(word: str, any_case: bool = False) -> bool:
    """Whether the dictionary knows ``word`` as a surname in the nominative
    ("Зеленський", "Путин"): such a word names a person even alone; with
    ``any_case``, in any case form ("Путина")."""
    return any(p.is_known and "Surn" in p.tag.grammemes and (any_case or p.tag.case == "nomn")
               for p in _parses(word))


@lru_cache(maxsize=65536)
def is_name(word: str) -> bool:
    """Whether the dictionary knows ``word`` as a first name, surname or patronymic,
    in any case form."""
    return any(p.is_known and _is_name(p) for p in _parses(word))


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """Whether the dictionary knows ``word`` as a first name, in any case form
    ("Владимира", "Олена")."""
    return any(p.is_known and "Name" in p.tag.grammemes for p in _parses(word))


@lru_cache(maxsize=65536)
def may_be_nominative(word: str) -> bool:
    """Whether ``word`` can be in the nominative (a subject): "Путин" can,
    "Путину" (dative) cannot.  Words the analyzer cannot read at all pass."""
    parses = _parses(word)
    return not parses or any(p.tag.case in (None, "nomn") for p in parses)


def nominative(words: list[str]) -> list[str]:
    """The nominative of a Cyrillic name, without patronymics:
    ["Владимира", "Владимировича", "Путина"] -> ["Владимир", "Путин"].

    Each word takes its best name parse, preferring the gender of the first
    word that has one; words without a name parse are kept as written.
    """
    best = [_name_parse(w) for w in words]
    gender = next((g for p in best if p is not None
                   for g in ("masc", "femn") if g in p.tag.grammemes), None)
    result: list[str] = []
    for word, parse in zip(words, best):
        if gender is not None:
            parse = _name_parse(word, gender) or parse
        if parse is not None and "Patr" in parse.tag.grammemes and len(words) > 2:
            continue                                   # a patronymic, like a middle name
        result.append(_nominative_of(word, parse))
    return result


def _name_parse(word: str, gender: str | None = None):
    """The most likely parse of ``word`` as a name (of ``gender``), or None."""
    for p in _parses(word):
        grammemes = p.tag.grammemes
        if _is_name(p) and (gender is None or gender in grammemes or "ms-f" in grammemes
                            or not grammemes & {"masc", "femn", "neut"}):
            return p
    return None


def _nominative_of(word: str, parse) -> str:
    if not is_cyrillic(word) or parse is None or parse.tag.case in (None, "nomn"):
        return word
    form = parse.inflect({"nomn"})
    if form is None:
        return word
    return "-".join(part[:1].upper() + part[1:] for part in form.word.split("-"))
