"""Evidence that a capitalised run is a person's name, for articles not in English.

German capitalises every noun and Spanish or Portuguese headings capitalise
phrases, so "Rücktritt Zaevs", "Airbus Helicopters Technik" or "Carta Magna"
have the shape of a name.  In an article whose language is known and is not
English, a name of two words or more is a person's only with evidence:

* a given name among its words (not the last): the first names of every
  locale of Faker (MIT; about 31,000 names of some 80 locales, Latin and
  other scripts), read once on first use; or, in Cyrillic, a word that
  pymorphy3's dictionary tags as a first name (``Name``) or the last word
  as a surname (``Surn``), in any case form;
* else a title or role right before it ("Präsident Wolodymyr Selenskyj",
  "Klimaaktivistin ..." when the compound ends in a known title).

Words before the first given name are dropped when two words are left
("Klimaaktivistin Luisa Neubauer" -> "Luisa Neubauer": a capitalised noun
that no list knows stands before the name).  English articles and articles of
unknown language are read as before: the English rules were measured on
PolNeAR and Reuters without this evidence, and English names are shaped
("said Mr. X", surnames resolving to full names) differently.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from functools import lru_cache

from indexer.extract.people import cyrillic
from indexer.extract.people.names import FUNCTION_WORDS, PARTICLES, fold, is_title_word
from indexer.extract.people.vocabulary import PERSONAL_TITLES, PHRASE_STARTS

#: Languages whose articles are read without this evidence.
LENIENT = frozenset(["en"])
_FIRST_NAME_ATTRIBUTES = ("first_names", "first_names_male", "first_names_female",
                          "first_names_nonbinary", "first_names_unisex")


def strict(lang: str | None) -> bool:
    """Whether names in an article of ``lang`` need evidence (a known language, not English)."""
    return bool(lang) and lang not in LENIENT


@lru_cache(maxsize=1)
def given_names() -> dict[str, frozenset[str]]:
    """The first names of every Faker locale (its person providers' lists), lowercase:
    name -> the locales that list it ("de_DE", "en", ...)."""
    import faker.providers.person as person          # imported on first use only
    found: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"),
                           "Provider", None)
        for attribute in _FIRST_NAME_ATTRIBUTES:
            names = next((cls.__dict__[attribute] for cls in getattr(provider, "__mro__", ())
                          if attribute in cls.__dict__), None)
            if isinstance(names, (list, tuple, dict, set, frozenset)):
                for name in names:
                    if isinstance(name, str) and name.strip():
                        found.setdefault(_key(name), set()).add(module.name)
    return {name: frozenset(locales) for name, locales in found.items()}


def _key(word: str) -> str:
    """Lowercase, accents kept: "Ära" is not the name "Ara"."""
    return unicodedata.normalize("NFC", word).lower()


@lru_cache(maxsize=65536)
def is_given_name(word: str, lang: str | None = None) -> bool:
    """A first name: "Luisa", "Olaf", "Jean-Luc" (every part), "Владимира".  A name
    that only one locale lists counts only in an article of that locale's language
    (``lang``): "Gernot" (de_DE) in German, not "Berlin" or "Viva" (the long
    English list) or "Forum" (en_IN) in a German article."""
    if not word[:1].isupper() or fold(word) in FUNCTION_WORDS or fold(word) in PARTICLES:
        return False                                 # "von", "Von", "de": particles
    if cyrillic.is_cyrillic(word) and cyrillic.is_first_name(word):
        return True
    parts = [p for p in word.replace("‐", "-").split("-") if p]
    return bool(parts) and all(_listed(_key(p), lang) for p in parts)


def _listed(key: str, lang: str | None) -> bool:
    locales = given_names().get(key, ())
    return len(locales) >= 2 or any(locale.split("_")[0] == lang for locale in locales)


def titled(before: list[str], described: list[str] = ()) -> bool:
    """Whether a title or role stands by a name: in ``before`` (the run and the word
    before it) right before a capitalised word ("Präsident Wolodymyr", not "Secretaria
    da Segurança Pública"), or anywhere in ``described`` (an appositive: ", ministro
    de Hacienda,")."""
    return any(_is_title(w) and before[k + 1][:1].isupper()
               for k, w in enumerate(before[:-1])) or any(_is_title(w) for w in described)


def _is_title(word: str) -> bool:
    return is_title_word(fold(word)) or fold(word) in PERSONAL_TITLES


def description_across_comma(words: list[str], start: int) -> list[str]:
    """The description a comma separates from the name at ``start``: "El ministro
    ruso de Asuntos Exteriores, Serguei Lavrov" (up to seven words, within the
    clause)."""
    if start < 2 or words[start - 1] != ",":
        return []
    k = start - 1
    while k > 0 and start - 1 - k < 7 and words[k - 1][:1].isalnum():
        k -= 1
    return words[k:start - 1]


def person_name(full: str, titled: bool, lang: str | None) -> str | None:
    """``full`` (a canonical name) as a person's name in an article in ``lang``, or
    None without evidence.  ``titled``: a title or role stands right before the name."""
    words = full.split()
    if len(words) > 1 and fold(words[0]) in PHRASE_STARTS:
        words = words[1:]                            # "Segundo Moser": "according to Moser"
    if len(words) < 2:
        return " ".join(words)
    if len(words[-1]) > 1 and words[-1].isupper():
        return None                                  # an acronym: "Hertha BSC"
    for k in range(2, len(words) - 1):
        if words[k][:1].islower():                   # "Ulrich Müller von LobbyControl"
            words = words[:k]
            break
    for k, word in enumerate(words[:-1]):
        if is_given_name(word, lang):
            return " ".join(words[k:])
    if cyrillic.is_cyrillic(words[-1]) and cyrillic.is_known_surname(words[-1], any_case=True):
        # from the first word the dictionary knows as a name ("Підозру Юрченко": a noun,
        # then the surname)
        return " ".join(words[next(k for k, w in enumerate(words) if cyrillic.is_name(w)):])
    if titled and all(w[:1].isupper() for w in words):
        return " ".join(words)                       # "Präsident Wolodymyr Selenskyj"
    return None
