"""An article's language: an ISO 639-1 code from its cleaned text, with the page's declaration as evidence.

:func:`detect_language` asks py3langid (a Naive Bayes model over byte
n-grams, shipped inside the package: nothing is downloaded) for the most
likely language of the first :data:`SAMPLE_CHARS` characters and its
probability, and decides with the language the page declares (``<html
lang>``, ``og:locale`` or a plain-text ``lang`` header line), if any:

- fewer than :data:`MIN_LETTERS` letters: too little text to tell; the
  declared language, else None (undetermined);
- the detector agrees with the declaration, or is sure of itself
  (probability at least :data:`CONFIDENT`): the detected language (a page
  that declares ``en`` because its theme does, while its text is German, is
  German);
- unsure, with a declaration: the declared language;
- unsure, without one: the detected language when its probability is at
  least :data:`LIKELY`, else None (Reuters earnings tables of figures and
  abbreviations are not guessed at).

Why py3langid, with the figures, is in docs/extraction.md.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

SAMPLE_CHARS = 1000     # the detector reads this much of the text (its time grows with the length)
MIN_LETTERS = 20        # fewer letters than this: too little text to tell a language by
CONFIDENT = 0.9         # the detector's probability above which it overrides a declared language
LIKELY = 0.5            # without a declaration, the least probability taken as an answer

#: The detector's answers that are not ISO 639-1, as the ISO 639-1 code of their macrolanguage;
#: ``zxx`` (no linguistic content) is no language.
SAME_AS = {"nb": "no", "nn": "no", "yue": "zh", "wuu": "zh", "arz": "ar", "ary": "ar", "uzs": "uz",
           "gug": "gn", "iw": "he", "in": "id", "ji": "yi", "zxx": None}

_LETTER = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"[a-z]{2,3}")


@lru_cache(maxsize=1)
def _identifier():
    # Loaded on first use (about 0.7 s: numpy and the model), in the parent before workers fork.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def preload() -> None:
    """Load the detector's model now (so that forked worker processes share it)."""
    _identifier()


def normalize(tag: str | None) -> str | None:
    """The ISO 639-1 code of a language tag (``de-DE``, ``pt_BR``, ``NB`` -> ``de``, ``pt``, ``no``);
    None when ``tag`` is not a language tag."""
    if not tag:
        return None
    primary = tag.strip().lower().replace("_", "-").split("-")[0]
    if not _CODE.fullmatch(primary):
        return None
    return SAME_AS.get(primary, primary)


def detect_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when it cannot be told.

    ``declared`` is the language the source states for itself (any BCP 47
    tag), used as the module docstring says.
    """
    hint = normalize(declared)
    sample = text[:SAMPLE_CHARS]
    if sum(1 for _ in islice(_LETTER.finditer(sample), MIN_LETTERS)) < MIN_LETTERS:
        return hint
    found, probability = _identifier().classify(sample)
    found = normalize(found)
    if found is None:
        probability = 0.0
    if found == hint or probability >= CONFIDENT:
        return found
    if hint:
        return hint
    return found if probability >= LIKELY else None
