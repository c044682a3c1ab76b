"""Readable names of the language codes the index stores (``de`` -> "German (Deutsch)").

Names come from the Unicode CLDR through Babel: the English name, and the
language's name for itself when that differs, so a German reader finds
"Deutsch" and an English one "German".  A code CLDR does not know is shown
as it is.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=512)
def language_name(code: str) -> str:
    """``code``'s English name, with its own name in brackets when that differs."""
    from babel import Locale, UnknownLocaleError   # imported on first use: Babel loads CLDR data
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    english = locale.get_display_name("en") or code
    own = locale.get_display_name() or ""
    return english if not own or own.casefold() == english.casefold() else f"{english} ({own})"
