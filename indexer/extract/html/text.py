"""Whitespace of page text: runs of spaces become one space, invisible characters go.

A soft hyphen (U+00AD, as in hyphenated "Über-le-bens"), a word joiner, a zero-width
joiner or non-joiner and a stray byte-order mark sit inside words and
render as nothing, so they are removed; a zero-width space marks a break
between words, so it counts as a space.
"""

from __future__ import annotations

import re

#: Whitespace, including the zero-width space.
WS = re.compile(r"[\s\u200b]+")
#: Characters that render as nothing inside a word.
INVISIBLE = re.compile(r"[\u00ad\u200c\u200d\u2060\ufeff]")


def squash(text: str) -> str:
    """Invisible characters removed, whitespace runs collapsed to one space, stripped."""
    return WS.sub(" ", INVISIBLE.sub("", text)).strip()


def norm(text: str | None) -> str | None:
    """Whitespace-normalised text, or None when empty."""
    if not text:
        return None
    return squash(text) or None


_WORD = re.compile(r"\w+")


def similarity(a: str | None, b: str | None) -> float:
    """Shared words over the larger word set, case folded (1.0 for the same words)."""
    if not a or not b:
        return 0.0
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))
