"""Page metadata: the title, site, publisher, author, URL and description a page declares.

Read from a :class:`~indexer.extract.html.head.PageHead` (meta tags, the
flattened JSON-LD, the canonical link, ``rel=author``, ``<title>``, ``<h1>``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from indexer.extract.html.head import PageHead, scan_head
from indexer.extract.html.text import norm


@dataclass
class PageMeta:
    """Metadata a page declares about itself (all optional)."""

    title: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    description: str | None = None


_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|story|webpage|creativework", re.I)
_ORGANISATION_TYPES = frozenset("Organization NewsMediaOrganization Corporation".split())
_JSON_MAX = 2_000_000      # characters of one JSON-LD script
_DOMAIN_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.I)
_AUTHOR_KEYS = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")


_ESCAPED = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)


def _meta_values(head: PageHead) -> dict[str, str]:
    """The first whitespace-normalised content of each meta key; entities a page escaped twice
    ("PARIS &amp;mdash; ..." in the source, "&mdash;" once parsed) are decoded."""
    meta: dict[str, str] = {}
    for keys, content in head.meta_tags:
        if content and "&" in content and _ESCAPED.search(content):
            content = html.unescape(content)
        content = norm(content)
        if content:
            for key in keys:
                meta.setdefault(key, content)
    return meta


def _json_objects(head: PageHead) -> list[dict]:
    """All JSON-LD objects, flattened (@graph, lists), in document order."""
    objects: list[dict] = []
    for script in head.json_ld:
        raw = script.text
        if not raw or len(raw) > _JSON_MAX:
            continue
        found = script.objects(raw.strip().removeprefix("<!--").removesuffix("-->").strip())
        objects.extend(obj.data for obj in found or () if obj.flat)
    return objects


def _type_names(obj: dict) -> list[str]:
    kind = obj.get("@type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    return []


def _ld_name(value) -> str | None:
    """The name(s) in a JSON-LD person or organisation value, joined with ', '."""
    names: list[str] = []
    for item in (value if isinstance(value, list) else [value])[:20]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = name[0] if name else None
        name = norm(name) if isinstance(name, str) else None
        if name and not _looks_like_url(name) and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _ld_text(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    return norm(value) if isinstance(value, str) else None


def _looks_like_url(text: str) -> bool:
    return bool(re.match(r"(https?:)?//|www\.", text, re.I))


_TITLE_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-\u00b7:\u00bb\u2022/]+\s+")


def _simplify(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _strip_site_suffix(title: str, names: list[str | None]) -> str:
    """Drop leading or trailing " | Site" parts that name the site."""
    keys = {_simplify(n) for n in names if n} - {""}
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2 or not keys:
        return title
    separators = _TITLE_SEPARATORS.findall(title)

    def is_site(part: str) -> bool:
        key = _simplify(part)
        return bool(key) and any(key == k or (len(key) >= 4 and (key in k or k in key)) for k in keys)

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        separators.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        separators.pop(0)
    out = parts[0]
    for sep, part in zip(separators, parts[1:]):
        out += sep + part
    return out.strip() or title


def _host_names(url: str | None) -> list[str]:
    """Site-like names from a URL: 'https://www.nytimes.com/x' -> ['nytimes.com', 'nytimes']."""
    match = re.match(r"(?:[a-z][a-z0-9+.-]*:)?//([^/:?#]+)", url or "", re.I)
    if not match:
        return []
    host = re.sub(r"^(www\d?|m|amp|mobile)\.", "", match.group(1).lower())
    labels = host.split(".")
    names = [host]
    if len(labels) >= 2:
        names.append(labels[-3] if len(labels) >= 3 and len(labels[-2]) <= 3 else labels[-2])
    return names


def page_metadata(soup, head: PageHead | None = None) -> PageMeta:
    """Read the page's declared metadata; ``soup`` is left unchanged.

    ``head`` is the page's :func:`scan_head` when already computed (then
    ``soup`` is not walked again).
    """
    try:
        return _page_metadata(head if head is not None else scan_head(soup))
    except Exception:  # defensive: metadata must never stop indexing
        return PageMeta()


def _publisher(article: dict, objects: list[dict], meta: dict[str, str]) -> str | None:
    """JSON-LD publisher name (the article's, any object's, an organisation's), else the meta tag."""
    for obj in [article, *objects]:
        publisher = _ld_name(obj.get("publisher"))
        if publisher:
            return publisher
    for obj in objects:
        if _ORGANISATION_TYPES.intersection(_type_names(obj)):
            publisher = _ld_name(obj)
            if publisher:
                return publisher
    if meta.get("publisher") and not _looks_like_url(meta["publisher"]):
        return meta["publisher"]
    return None


def _author(meta: dict[str, str], article: dict, site_keys: set[str]) -> str | None:
    """Author meta tags (not the site, not a domain), else the JSON-LD article's author or creator."""
    for key in _AUTHOR_KEYS:
        value = meta.get(key)
        if value and not _looks_like_url(value):
            value = re.sub(r"^by\s+", "", value, flags=re.I).strip()
            if value and _simplify(value) not in site_keys and not _DOMAIN_LIKE.search(value):
                return value
    if article:
        return _ld_name(article.get("author")) or _ld_name(article.get("creator"))
    return None


def _page_metadata(head: PageHead) -> PageMeta:
    meta = _meta_values(head)
    objects = _json_objects(head)
    articles = [o for o in objects if any(_ARTICLE_TYPES.search(t) for t in _type_names(o))]
    article = next((o for o in articles if "WebPage" not in _type_names(o)), articles[0] if articles else {})

    publisher = _publisher(article, objects, meta)
    site_name = meta.get("og:site_name") or meta.get("application-name") or publisher
    url = head.canonical or meta.get("og:url") or meta.get("twitter:url") or _ld_text(article, "url")
    site_keys = {_simplify(n) for n in (site_name, publisher, *_host_names(url)) if n}
    author = _author(meta, article, site_keys) or head.author_link

    description = (meta.get("description") or meta.get("og:description")
                   or meta.get("twitter:description") or _ld_text(article, "description"))

    title = (meta.get("og:title") or meta.get("twitter:title") or head.title
             or _ld_text(article, "headline") or head.h1)
    if title:
        title = _strip_site_suffix(title, [site_name, publisher, *_host_names(url)])
    return PageMeta(title=title, site_name=site_name, publisher=publisher, author=author,
                    url=url, description=description)
