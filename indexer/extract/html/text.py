"""Whitespace of page text: runs of spaces and invisible characters become one space."""

from __future__ import annotations

import re

#: Whitespace and the zero-width or soft characters that render as nothing.
WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def norm(text: str | None) -> str | None:
    """Whitespace-normalised text, or None when empty."""
    if not text:
        return None
    return WS.sub(" ", text).strip() or None
