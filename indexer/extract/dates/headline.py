"""The headline area of a web page: the headline element and the dates stated next to it.

The lines after the headline (and a few just before it) are read as a
reader sees them; captions, comments, navigation, related-link and share
blocks are skipped.
"""

from __future__ import annotations

import datetime as _dt
import html
import re

from bs4.element import NavigableString, Tag

from indexer.extract.dates.lines import has_ambiguous, line_dates
from indexer.extract.dates.parse import order_hint
from indexer.extract.dates.stamps import Stamp, stamp
from indexer.extract.dates.vocabulary import DIGITS
from indexer.extract.html.head import PageHead, attr

_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr",
    "table", "section", "article", "header", "main", "blockquote", "dl", "hr",
    "address", "pre", "center",
))
_SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "form",
    "figure", "figcaption", "nav", "footer", "aside", "picture", "video", "audio", "object",
    "input", "textarea", "label", "head", "title", "meta", "link",
))
# Blocks whose class or id names them as captions, comments, related links,
# sharing, navigation or advertising.  Whole words (split at "-", "_" and
# spaces) so that "commentary" or "usatoday" are not taken for them; a few
# unambiguous stems also match as prefixes ("relatedArticles").
_SKIP_WORDS = frozenset((
    "caption", "captions", "credit", "credits", "comment", "comments", "share", "sharing",
    "social", "menu", "footer", "ad", "ads", "popular", "clock", "today", "more", "mostread",
    "readmore",
))
_SKIP_PREFIXES = (
    "related", "recommend", "sidebar", "newsletter", "trending", "slideshow", "gallery",
    "advert", "breadcrumb", "promo", "teaser", "cookie", "popup", "modal", "subscribe",
    "login", "signup", "weather", "widget", "ticker", "wp-caption",
)
_CLASS_PARTS = re.compile(r"[\s_-]+")
_MAX_LINES_AFTER = 25
_MAX_LINES_BEFORE = 4
_TOKENS = re.compile(r"\w+")
_TITLE_SPLIT = re.compile(r"\s+[-|\u2013\u2014:\u00b7\u00bb]+\s+|\s*::\s*")


def _page_titles(head: PageHead, og_title: str) -> list[str]:
    """og:title and <title>, unescaped once more (some pages escape twice)."""
    titles = [og_title]
    if head.title_tag is not None:
        titles.append(head.title_tag.get_text(" ", strip=True))
    out = []
    for t in titles:
        t = " ".join(html.unescape(t).split())
        if t and t not in out:
            out.append(t)
    return out


def _headline(soup, head: PageHead, og_title: str):
    """The element holding the article's headline, or None.

    The <h1> that best matches the page title (og:title or <title>);
    else an itemprop=headline element; else a lone <h1>; else the first
    body text that is the title without its site-name part.
    """
    titles = _page_titles(head, og_title)
    title_words = set(_TOKENS.findall(" ".join(titles[:1]).lower()))
    best, best_score = None, 0.0
    h1s = head.h1s
    for h in h1s:
        words = _TOKENS.findall(h.get_text(" ", strip=True).lower())
        if not words:
            continue
        score = sum(w in title_words for w in words) / len(words)
        if score > best_score:
            best, best_score = h, score
    if best is not None and best_score >= 0.5:
        return best
    if head.headline_prop is not None:
        return head.headline_prop
    if len(h1s) == 1 and len(_TOKENS.findall(h1s[0].get_text(" ", strip=True))) >= 3:
        return h1s[0]
    for title in titles:
        found = _title_in_body(soup, title)
        if found is not None:
            return found
    return None


def _title_in_body(soup, title: str):
    """The element of the first body text that reads as the page title."""
    parts = [p.strip() for p in _TITLE_SPLIT.split(title)]
    part = max(parts, key=len) if parts else ""
    if len(part) < 12 or soup.body is None:
        return None
    low = part.lower()
    for text in soup.body.find_all(string=True):
        if type(text) is not NavigableString:
            continue
        t = " ".join(text.split()).lower()
        if len(t) >= 12 and (t == low or (len(t) >= 0.6 * len(low) and low.startswith(t))
                             or t.startswith(low)):
            parent = text.parent
            if parent is not None and parent.name not in _SKIP_TAGS and parent.name != "a":
                return parent
    return None


def _skipped_block(node) -> bool:
    names = (attr(node, "class") + " " + attr(node, "id")).lower()
    if not names.strip():
        return False
    for part in _CLASS_PARTS.split(names):
        if part in _SKIP_WORDS or part.startswith(_SKIP_PREFIXES):
            return True
    return False


class _Enough(Exception):
    pass


class _Lines:
    """Visible text lines of a stretch of a page, with the <time datetime> values met.

    Captions, figures, comments, navigation, related-link and share blocks
    are skipped; a skipped block still uses one line of the budget, so a
    date beyond a menu or a related-links box is out of reach.
    """

    def __init__(self, budget: int):
        self.lines: list[str] = []
        self.times: list[tuple[int, str]] = []
        self.budget = budget
        self._current: list[str] = []

    def flush(self, barrier: bool = False):
        text = " ".join("".join(self._current).split())
        self._current.clear()
        if text or barrier:
            self.lines.append(text)
            if len(self.lines) >= self.budget:
                raise _Enough

    def visit(self, node):
        if type(node) is NavigableString:
            self._current.append(str(node))
            return
        if not isinstance(node, Tag):
            return
        name = node.name
        if name in _SKIP_TAGS or _skipped_block(node):
            self.flush(barrier=True)
            return
        block = name in _BLOCK_TAGS
        if block:
            self.flush()
        elif name in ("td", "th", "dt", "dd"):
            self._current.append(" | ")
        if name == "time" and node.get("datetime"):
            self.times.append((len(self.lines), attr(node, "datetime")))
        for child in node.children:
            self.visit(child)
        if block:
            self.flush()


def _lines_after(element, budget: int = _MAX_LINES_AFTER
                 ) -> tuple[list[str], list[tuple[int, str]]]:
    """Lines following ``element`` in document order, and their <time datetime> values."""
    out = _Lines(budget)
    node = element
    try:
        while node is not None and node.name != "[document]":
            for sibling in node.next_siblings:
                out.visit(sibling)
            node = node.parent
        out.flush()
    except _Enough:
        pass
    return out.lines, out.times


def _lines_before(element, budget: int = _MAX_LINES_BEFORE) -> list[str]:
    """Up to ``budget`` lines just before ``element``, nearest first."""
    lines: list[str] = []
    node = element
    while node is not None and node.name != "[document]" and len(lines) < budget:
        for sibling in node.previous_siblings:
            part = _Lines(budget)
            try:
                part.visit(sibling)
                part.flush()
            except _Enough:
                pass
            lines.extend(reversed(part.lines))
            if len(lines) >= budget:
                break
        node = node.parent
    return lines[:budget]


def _first_dateline(lines: list[str], dayfirst: bool | None, today: _dt.date) -> str | None:
    for line in lines:
        for iso, is_update in line_dates(line.translate(DIGITS), dayfirst, today=today):
            if iso and not is_update:
                return iso
    return None


def headline_dates(soup, head: PageHead, og_title: str, dayfirst: bool | None, *,
                   today: _dt.date) -> tuple[Stamp | None, str | None]:
    """(first <time datetime> stamp after the headline, dateline date next to the headline).

    The headline is the <h1> that best matches the page title (``og_title``
    or <title>), else the page's itemprop=headline element, else a lone
    <h1>, else the body text that reads as the title.  Numeric datelines
    are read day-first as ``dayfirst`` says, else as the lines themselves
    hint.
    """
    headline = _headline(soup, head, og_title)
    if headline is None:
        return None, None
    try:
        lines, times = _lines_after(headline)
        before = _lines_before(headline)
    except RecursionError:  # absurdly deep markup: no headline area to read
        return None, None
    found = None
    for _i, value in times:
        found = stamp(value, today=today)
        if found:
            break
    if dayfirst is None and has_ambiguous(lines, today=today):
        dayfirst = order_hint("\n".join(lines))
    date = _first_dateline(lines, dayfirst, today) or _first_dateline(before, dayfirst, today)
    return found, date
