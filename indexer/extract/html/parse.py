"""Parse a web page into a BeautifulSoup tree, in bounded time and without collector pauses."""

from __future__ import annotations

import contextlib
import gc
import re

import bs4
from bs4 import BeautifulSoup

MAX_HTML_CHARS = 4_000_000  # the largest benchmark page is 1.5 MB


def parse(text: str) -> bs4.BeautifulSoup:
    """Parse ``text`` with lxml; never raises on malformed markup.

    Pages over ``MAX_HTML_CHARS`` first lose their scripts (except JSON-LD),
    styles and comments, then are cut to that size, so that a huge page
    costs bounded time.
    """
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", "replace")
    elif not isinstance(text, str):
        text = "" if text is None else str(text)
    if len(text) > MAX_HTML_CHARS:
        text = _strip_heavy(text)[:MAX_HTML_CHARS]
    with no_gc():
        try:
            return BeautifulSoup(text.replace("\x00", ""), "lxml")
        except Exception:  # lxml is very forgiving; this is a last resort
            return BeautifulSoup("", "lxml")


@contextlib.contextmanager
def no_gc():
    """Pause the cyclic garbage collector: building or walking a tree of a
    million nodes otherwise triggers full collections again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_HEAVY_OPEN = re.compile(r"<(script|style)\b|<!--", re.I)
_HEAVY_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


def _strip_heavy(text: str) -> str:
    """Drop <script> (but JSON-LD), <style> and comments, in one linear scan."""
    out = []
    pos = 0
    while True:
        opened = _HEAVY_OPEN.search(text, pos)
        if opened is None:
            break
        name = opened.group(1)
        if name is None:  # a comment
            close = text.find("-->", opened.end())
            end = len(text) if close < 0 else close + 3
        else:
            tag_end = text.find(">", opened.end())
            if tag_end < 0:
                break  # no tag can end after this point
            closed = _HEAVY_CLOSE[name.lower()].search(text, tag_end)
            end = len(text) if closed is None else closed.end()
            if "ld+json" in text[opened.start():tag_end].lower():
                out.append(text[pos:end])
                pos = end
                continue
        out.append(text[pos:opened.start()])
        pos = end
    out.append(text[pos:])
    return "".join(out)
