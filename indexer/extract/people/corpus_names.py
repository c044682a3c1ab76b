"""One name per person across a corpus: a pure function over every speaker name of the index.

Each article's speakers are extracted on their own ("Reagan" in one story,
"Ronald Reagan" in another, "Zelensky" here and "Zelenskyy" there).
:func:`corpus_names` maps every name the corpus holds to the name the
facet shows, from the names alone, so that a rebuild and any sequence of
updates give the same facet values:

1. ``people.csv`` aliases first: the user's word is final.  Then a name that
   articles show as a company's name ("Morgan Stanley and Co Inc") in at least
   two articles, and at least as often as it is a speaker, is no speaker
   ("Morgan Stanley said" in a story that never writes the company out).
2. Spelling variants are one person: the same :func:`variant_key`
   (case, accents, hyphens and spaces: "Kim Yong-hyun" ~ "Kim Yong Hyun";
   transliterated endings: "Zelensky" ~ "Zelenskyy" ~ "Zelenskiy"; doubled
   letters).  The form most articles use is shown (ties: the one with more
   hyphens, apostrophes and accents, then the first in sorted order), unless
   an alias names it.
3. A longer form with middle names is the shorter one when exactly one
   two-word name has its first and last word ("Hillary Rodham Clinton" ->
   "Hillary Clinton").
4. A longer form that only adds words before a name used at least
   :data:`JUNK_RATIO` times as often is that name ("Secertary James Baker",
   a misspelt title, -> "James Baker").  Then a name that ends exactly one
   longer name is that name: a lone surname ("Reagan" -> "Ronald Reagan"),
   a surname with a particle ("De Clercq" -> "Willy de Clercq"), a double
   surname ("Febres Cordero" -> "Leon Febres Cordero").  With two
   candidates ("Baker": James and Howard) the name stays as it is.

What rules cannot decide (a nickname, a maiden name, a different script)
goes in ``corpus/people.csv`` (``name,alias``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Mapping

from indexer.extract.people.names import PARTICLES, fold, name_key

_HYPHENS = re.compile(r"[\-‐‑]+")
_ENDING = re.compile(r"(?:iy|yy|ii|ij|i|y)$")
_DOUBLE = re.compile(r"(.)\1+")
_PARTICLES = PARTICLES | {"st", "mc", "mac"}
#: A longer form is taken for a more used name plus stray words ("Secertary James
#: Baker", "Industry Hajime Tamura") when that name is used this many times as often;
#: else the longer form is a fuller name ("Leon Febres Cordero" for "Febres Cordero").
JUNK_RATIO = 3
#: A speaker name shown as a company's ("Morgan Stanley and Co Inc") in this many
#: articles, and in as many as it is a speaker, is a company's.
COMPANY_ARTICLES = 2


@lru_cache(maxsize=65536)
def word_variant(word: str) -> str:
    """The key of one word across transliterations and hyphenation: "Zelenskyy",
    "Zelenskiy", "Zelensky" -> "zelensky"; "Yong-hyun" -> "yonghyun"."""
    parts = [_DOUBLE.sub(r"\1", name_key(part)) for part in _HYPHENS.split(word)]
    return "".join(_ENDING.sub("y", p) if len(p) > 3 else p for p in parts if p)


@lru_cache(maxsize=65536)
def variant_key(name: str) -> str:
    """One key for the spellings of one name (see the module docstring, step 2):
    the variants of its words and hyphen-parts, spaces and hyphens ignored."""
    return "".join(word_variant(part) for part in _HYPHENS.sub(" ", name).split())


def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in map(word_variant, name.split()) if w)


def corpus_names(names: Mapping[str, int] | Iterable[str],
                 aliases: Mapping[str, str] | None = None,
                 companies: Mapping[str, int] | None = None) -> dict[str, str]:
    """The facet name of every name in ``names`` (name -> number of articles, or names).

    ``aliases`` maps :func:`~indexer.extract.people.names.name_key` of an
    alias (or of a preferred name) to the preferred name, as
    :func:`indexer.extract.people.aliases.load_people` reads ``people.csv``.
    ``companies`` maps the name_key of a company name to the number of
    articles that show it as one ("Merrill Lynch and Co"): a name that is a
    company's in at least :data:`COMPANY_ARTICLES` articles, and in as many
    articles as it is a speaker, maps to "" (no speaker; step 1b).  The
    result depends only on the names and their counts, never on the order
    they come in.
    """
    counts = Counter(dict(names)) if isinstance(names, Mapping) else Counter(names)
    aliases = aliases or {}
    companies = companies or {}
    dropped = {name for name in counts if name_key(name) not in aliases
               and companies.get(name_key(name), 0) >= max(COMPANY_ARTICLES, counts[name])}
    counts = Counter({name: n for name, n in counts.items() if name not in dropped})
    chosen = {name: aliases.get(name_key(name), name) for name in counts}
    pinned = {aliases[key] for key in map(name_key, counts) if key in aliases}

    # 2. spelling variants: one group per variant key, shown in its most used form
    groups: dict[str, Counter] = defaultdict(Counter)
    for name, n in counts.items():
        groups[variant_key(chosen[name])][chosen[name]] += n
    shown: dict[str, str] = {}
    for key, forms in groups.items():
        preferred = sorted(f for f in forms if f in pinned)
        shown[key] = preferred[0] if preferred else min(forms, key=lambda f: (-forms[f], -_marks(f), f))
    weight = {key: sum(forms.values()) for key, forms in groups.items()}
    words = {key: _words(shown[key]) for key in groups}
    fixed = {key for key in groups if shown[key] in pinned}
    by_words = {w: key for key, w in words.items()}
    target = {key: key for key in groups}
    order = sorted(groups, key=lambda k: (-len(words[k]), k))    # longest names first

    # 3. middle names: "Hillary Rodham Clinton" -> the one "Hillary Clinton"
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in groups:
        if len(words[key]) == 2:
            by_ends[words[key]].append(key)
    for key in order:
        found = by_ends.get((words[key][0], words[key][-1]), []) if len(words[key]) > 2 else []
        if len(found) == 1 and key not in fixed:
            target[key] = found[0]

    # 4a. a longer form that only adds words before a more used name ("Secertary
    # James Baker", a misspelt title): that name
    for key in order:
        if target[key] != key or key in fixed:
            continue
        for n in range(len(words[key]) - 1, 1, -1):
            tail = by_words.get(words[key][-n:])
            if tail is not None:
                if weight[tail] >= JUNK_RATIO * weight[key] and not _surname(shown[tail]):
                    target[key] = target[tail]
                break

    # 4b. a name that ends exactly one longer name: a surname ("Reagan" -> "Ronald
    # Reagan"; "De Clercq" -> "Willy de Clercq") always, another name when less used
    by_tail: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key in groups:
        for n in range(1, len(words[key])):
            by_tail[words[key][-n:]].append(key)
    for key in order:
        if target[key] != key or key in fixed:
            continue
        candidates = {target[other] for other in by_tail.get(words[key], ())}
        if len(candidates) == 1:
            target[key] = candidates.pop()
    mapping = {name: shown[_final(target, variant_key(chosen[name]))] for name in counts}
    return mapping | {name: "" for name in dropped}


def _marks(name: str) -> int:
    """Hyphens, apostrophes and accented letters: of two forms used as often, the one
    that writes more of the name ("Kim Yong-hyun", "José")."""
    return sum(1 for c in name if c in "-‐‑'’" or ord(c) > 127)


def _surname(name: str) -> bool:
    """A lone word, or a surname with its particle ("De Clercq", "van Horick")."""
    words = name.split()
    return len(words) == 1 or fold(words[0]) in _PARTICLES


def _final(target: dict[str, str], key: str) -> str:
    while target[key] != key:
        key = target[key]
    return key


def resolve(names: Iterable[str], mapping: Mapping[str, str]) -> list[str]:
    """``names`` through ``mapping`` (unknown names unchanged, names mapped to "" left
    out), each once, in order."""
    return list(dict.fromkeys(n for n in (mapping.get(name, name) for name in names) if n))
