"""Publication dates of web pages: metadata first, then the headline area, then the URL.

The page's declarations come from one :func:`~indexer.extract.html.scan_head`
walk (shared with page metadata); ``headline`` reads the headline area and
``zones`` turns a UTC timestamp into the outlet's local day.
"""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import urlsplit

from indexer.extract.dates.headline import headline_dates
from indexer.extract.dates.parse import current
from indexer.extract.dates.stamps import Stamp, stamp
from indexer.extract.dates.url import date_from_url
from indexer.extract.dates.zones import local_choice, page_dayfirst, region, utc_like
from indexer.extract.html.head import PageHead, scan_head
from indexer.extract.html.jsonld import LdScript

# Metadata names that state the publication date, strongest first
# (compared lower-cased; from the property, name or itemprop attribute).
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "published_time", "article:published_date", "article.published",
    "datepublished", "publishdate", "publish_date", "publish-date", "pubdate",
    "publication_date", "publication-date", "publicationdate", "original-publish-date",
    "parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime", "bt:pubdate",
    "rnews:datepublished", "analyticsattributes.articledate", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date.published",
    "citation_publication_date", "citation_date", "date.available", "release:date",
    "outbrain-date", "displaydate", "ptime", "pdate", "datecreated", "dc.date",
    "dcterms.date", "date",
)
_PUBLISHED_RANK = {name: i for i, name in enumerate(_PUBLISHED_META)}
_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
    "blogposting", "liveblogposting", "socialmediaposting", "discussionforumposting",
    "scholarlyarticle", "techarticle", "report", "posting",
))
_MEDIA_TYPES = frozenset(("videoobject", "imageobject", "audioobject", "mediaobject", "clip"))


def _declared(head: PageHead) -> tuple[list[tuple[int, str]], str, str]:
    """(rank, value) of the publication meta tags, strongest first; og:title; og:locale."""
    published: list[tuple[int, str]] = []
    og_title = og_locale = ""
    for keys, content in head.meta_tags:
        content = content.strip()
        if not content:
            continue
        for name in keys:
            if name == "og:title" and not og_title:
                og_title = content
            elif name == "og:locale" and not og_locale:
                og_locale = content
            if name in _PUBLISHED_RANK:
                published.append((_PUBLISHED_RANK[name], content))
                break
    published.sort(key=lambda p: p[0])
    return published, og_title, og_locale


_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')


def _jsonld_dates(scripts: list[LdScript], url: str | None) -> tuple[list[str], list[str], list[str]]:
    """datePublished values of JSON-LD objects: (articles, pages and others, media).

    Only top-level objects count (and those under @graph or mainEntity):
    dates of nested things (a related item, a video) are not the page's.
    An article whose url is the page's comes first.  A script that is not
    valid JSON still gives the values its "datePublished" keys hold.
    """
    articles, pages, media = [], [], []
    path = urlsplit(url).path.rstrip("/") if url else ""
    for script in scripts:
        raw = script.text
        if "datePublished" not in raw:
            continue
        objects = script.objects(raw.strip().strip(";"))
        if objects is None:
            pages.extend(_LD_DATE.findall(raw))
            continue
        for found in objects:
            if not found.top:
                continue
            obj = found.data
            value = obj.get("datePublished")
            if isinstance(value, list):
                value = value[0] if value else None
            if not isinstance(value, str):
                continue
            types = obj.get("@type") or ""
            types = {t.lower() for t in (types if isinstance(types, list) else [types])
                     if isinstance(t, str)}
            if types & _MEDIA_TYPES:
                media.append(value)
            elif types & _ARTICLE_TYPES:
                own = obj.get("url") or obj.get("@id") or ""
                if path and isinstance(own, str) and own and urlsplit(own).path.rstrip("/") == path:
                    articles.insert(0, value)
                else:
                    articles.append(value)
            else:
                pages.append(value)
    return articles, pages, media


def _stamps(values, today: _dt.date) -> list[Stamp]:
    out = []
    for v in values:
        s = stamp(v, today=today)
        if s:
            out.append(s)
    return out


def date_from_html(soup, url: str | None = None, *, head: PageHead | None = None,
                   today: _dt.date | None = None) -> str | None:
    """The publication date a web page states, or None.  Never modifies ``soup``.

    Order: publication metadata (``article:published_time`` and similar
    meta tags, JSON-LD ``datePublished`` of the article, other date meta
    names, ``itemprop`` datePublished, ``<time pubdate>``); then a
    ``<time datetime>`` or a dateline in the lines after the headline (or
    just before it); then a date in the URL.  Captions, comments and
    related-link blocks are never read.  Timestamps keep the date as
    written, except that a UTC timestamp gives way to the local date the
    page states elsewhere (URL, headline area, a zoned timestamp) when the
    instant falls on it in some zone, or with no such statement to the
    date in the page's country (URL country domain or language region)
    when all its zones agree.  Modification dates are not used.

    ``head`` is the page's :func:`scan_head` when already computed (then
    ``soup`` is not walked again for it); ``today`` (default: the current
    date) bounds the years accepted, as in :func:`parse_date`.
    """
    today = current(today)
    if head is None:
        head = scan_head(soup)
    published, og_title, og_locale = _declared(head)
    ld_articles, ld_pages, _media = _jsonld_dates(head.json_ld, url)
    # Open Graph article:published_* first, then JSON-LD articles, the other
    # meta names, itemprop/<time pubdate>, other JSON-LD objects.
    split = _PUBLISHED_RANK["datepublished"]
    ordered = [v for r, v in published if r < split] + ld_articles
    ordered += [v for r, v in published if r >= split] + head.itemprop_dates + ld_pages
    candidates = _stamps(ordered, today)
    url_date = date_from_url(url, today=today)

    # The headline area is read when metadata is missing or in UTC/date-only form.
    head_stamp = head_date = None
    if not candidates or candidates[0][1] is None or utc_like(candidates[0], candidates):
        head_stamp, head_date = headline_dates(soup, head, og_title,
                                               page_dayfirst(url, head.lang, og_locale), today=today)

    place = region(url, head.lang, og_locale)
    stated = [d for d in (head_date, url_date) if d]
    if candidates:
        stamps = candidates + ([head_stamp] if head_stamp else [])
        return local_choice(candidates[0], stamps, stated, place)
    if head_stamp:
        return local_choice(head_stamp, [head_stamp], stated, place)
    if head_date:
        return head_date
    return url_date
