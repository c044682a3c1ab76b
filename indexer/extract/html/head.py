"""One walk of a parsed page for what it declares about itself.

:func:`scan_head` collects, in a single pass over the tree (the soup is only
read), everything that page metadata and the date finder read from a page's
declarations: meta tags, JSON-LD scripts, the canonical link, the first
``rel=author`` link, ``<title>``, ``<h1>`` elements, the ``<html lang>``,
``itemprop`` datePublished and headline elements, ``<time pubdate>`` and the
copyright notices (``© 2024 The Korea Herald``, for the outlet).
Compute it once per page and pass it to :func:`~indexer.extract.html.page_metadata`
and :func:`~indexer.extract.dates.date_from_html`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bs4 import NavigableString, Tag

from indexer.extract.html.jsonld import LdScript
from indexer.extract.html.parse import no_gc
from indexer.extract.html.text import norm
from indexer.extract.outlet_signals import has_copyright_mark

MAX_H1S = 20  # <h1> elements kept for finding the headline
MAX_NOTICES = 8  # copyright notices kept
NOTICE_CHARS = 300  # characters of a notice's element text
_LANGUAGE_META = ("og:locale", "language", "dc.language", "content-language")


@dataclass
class PageHead:
    """What a page declares, in document order (elements are the soup's own)."""

    #: (lower-cased property, name and itemprop values, content) of each <meta content>
    meta_tags: list[tuple[list[str], str]] = field(default_factory=list)
    json_ld: list[LdScript] = field(default_factory=list)
    canonical: str | None = None     # href of the first rel=canonical <link> that has one
    author_link: str | None = None   # text of the first rel=author <a> that has one
    title: str | None = None         # text of the first non-empty <title>
    title_tag: Tag | None = None     # the first <title> element
    h1: str | None = None            # text of the first non-empty <h1>
    h1s: list[Tag] = field(default_factory=list)  # the first MAX_H1S <h1> elements
    lang: str = ""                   # lang (or xml:lang) of the first <html> that states one
    itemprop_dates: list[str] = field(default_factory=list)  # itemprop=datePublished, <time pubdate>
    headline_prop: Tag | None = None  # the first itemprop=headline element that is not a <meta>
    notices: list[str] = field(default_factory=list)  # text of elements holding a copyright mark

    @property
    def declared_lang(self) -> str:
        """The language the page states: its ``<html lang>``, else ``og:locale`` or a language meta tag."""
        if self.lang:
            return self.lang
        for keys, content in self.meta_tags:
            if content.strip() and any(key in _LANGUAGE_META for key in keys):
                return content.strip()
        return ""


def attr(tag: Tag, name: str) -> str:
    """An attribute as one string ("" when absent; multi-valued ones joined by spaces)."""
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return value or ""


# Elements that may declare something whatever their attributes; others only
# by an itemprop, or a rel on <link> and <a>.
_DECLARING = frozenset(("meta", "script", "html", "title", "h1", "time"))


def scan_head(soup) -> PageHead:
    """Collect the page's declarations in one iterative walk of ``soup``."""
    head = PageHead()
    tries = 0  # elements with a copyright mark whose text was read (bounded: each read walks it)
    with no_gc():
        stack = [child for child in reversed(soup.contents) if type(child) is Tag]
        while stack:
            node = stack.pop()
            notice = False
            for child in reversed(node.contents):
                if type(child) is Tag:
                    stack.append(child)
                elif type(child) is NavigableString and not notice and has_copyright_mark(child):
                    notice = True
            if notice and tries < 2 * MAX_NOTICES:
                tries += 1
                text = norm(node.get_text(" ")[:4 * NOTICE_CHARS])
                if text and len(text) <= NOTICE_CHARS and len(head.notices) < MAX_NOTICES:
                    head.notices.append(text)
            attrs = node.attrs
            if node.name in _DECLARING or "itemprop" in attrs or "rel" in attrs:
                _visit(head, node)
    return head


def _visit(head: PageHead, node: Tag) -> None:
    name = node.name
    attrs = node.attrs
    if name == "meta":
        content = attrs.get("content")
        if isinstance(content, str):
            keys = [(" ".join(key) if isinstance(key, list) else key).strip().lower()
                    for key in (attrs.get("property"), attrs.get("name"), attrs.get("itemprop")) if key]
            head.meta_tags.append((keys, content))
        return
    if name == "script":
        if "ld+json" in str(attrs.get("type") or "").lower():
            head.json_ld.append(LdScript(node.get_text()))
        return
    if name == "html":
        if not head.lang:
            head.lang = attr(node, "lang") or attr(node, "xml:lang")
    elif name == "link" or name == "a":
        _link(head, node)
    elif name == "title":
        if head.title_tag is None:
            head.title_tag = node
        if head.title is None:
            head.title = norm(node.get_text(" "))
    elif name == "h1":
        if len(head.h1s) < MAX_H1S:
            head.h1s.append(node)
        if head.h1 is None:
            head.h1 = norm(node.get_text(" "))
    prop = attrs.get("itemprop")
    if prop:
        prop = (" ".join(prop) if isinstance(prop, list) else prop).lower()
        if prop == "datepublished":
            value = attr(node, "datetime") or attr(node, "content") or node.get_text(" ", strip=True)
            if value:
                head.itemprop_dates.append(value)
        elif prop == "headline" and head.headline_prop is None:
            head.headline_prop = node
    elif name == "time" and "pubdate" in attrs:
        value = attr(node, "datetime") or node.get_text(" ", strip=True)
        if value:
            head.itemprop_dates.append(value)


def _link(head: PageHead, node: Tag) -> None:
    """The canonical <link> and the rel=author <a>."""
    rel = node.get("rel") or []
    rel = [r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())]
    if node.name == "link" and "canonical" in rel and not head.canonical:
        head.canonical = norm(node.get("href"))
    elif node.name == "a" and "author" in rel and not head.author_link:
        head.author_link = norm(node.get_text(" "))
