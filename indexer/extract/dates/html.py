"""Publication dates of web pages: metadata, the headline area, the URL, time zones."""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from urllib.parse import urlsplit

from indexer.extract.dates.text import (_DIGITS, _has_ambiguous, _line_dates, _order_hint,
                                        _stamp, date_from_url)

# ---------------------------------------------------------------------------
# HTML

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


def _attr(tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return value or ""


class _Page:
    """What one pass over a parsed page collects for date finding (the soup is only read)."""

    def __init__(self, soup):
        from bs4.element import Tag

        self.published: list[tuple[int, str]] = []   # (rank, value) of publication metadata
        self.og_title = ""
        self.og_locale = ""
        self.lang = ""
        self.ld_scripts: list[str] = []
        self.itemprop_dates: list[str] = []          # itemprop=datePublished, <time pubdate>
        self.h1s: list = []
        self.headline_prop = None                    # first non-meta itemprop=headline element
        stack = [soup]
        while stack:
            node = stack.pop()
            for child in reversed(node.contents):
                if type(child) is Tag:
                    stack.append(child)
            if node is soup:
                continue
            name = node.name
            attrs = node.attrs
            if name == "html" and not self.lang:
                self.lang = _attr(node, "lang") or _attr(node, "xml:lang")
            if name == "meta":
                self._meta(attrs)
                continue
            if name == "script":
                kind = attrs.get("type") or ""
                if "ld+json" in kind.lower():
                    raw = node.string or node.get_text()
                    if raw and "datePublished" in raw:
                        self.ld_scripts.append(raw)
                continue
            if name == "h1" and len(self.h1s) < 20:
                self.h1s.append(node)
            prop = attrs.get("itemprop")
            if prop:
                prop = (" ".join(prop) if isinstance(prop, list) else prop).lower()
                if prop == "datepublished":
                    value = (_attr(node, "datetime") or _attr(node, "content")
                             or node.get_text(" ", strip=True))
                    if value:
                        self.itemprop_dates.append(value)
                elif prop == "headline" and self.headline_prop is None:
                    self.headline_prop = node
            elif name == "time" and "pubdate" in attrs:
                value = _attr(node, "datetime") or node.get_text(" ", strip=True)
                if value:
                    self.itemprop_dates.append(value)
        self.published.sort(key=lambda p: p[0])

    def _meta(self, attrs):
        content = attrs.get("content")
        if not isinstance(content, str) or not content.strip():
            return
        content = content.strip()
        for key in ("property", "name", "itemprop"):
            name = attrs.get(key)
            if not name:
                continue
            name = (" ".join(name) if isinstance(name, list) else name).strip().lower()
            if name == "og:title" and not self.og_title:
                self.og_title = content
            elif name == "og:locale" and not self.og_locale:
                self.og_locale = content
            if name in _PUBLISHED_RANK:
                self.published.append((_PUBLISHED_RANK[name], content))
                return


def _json_objects(data, depth: int = 0):
    """The top-level objects of a JSON-LD block (through lists, @graph and mainEntity)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (dict, list)):
                yield from _json_objects(data[key], depth + 1)


_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')


def _jsonld_dates(scripts: list[str], url: str | None) -> tuple[list[str], list[str], list[str]]:
    """datePublished values of JSON-LD objects: (articles, pages and others, media).

    Only top-level objects count (and those under @graph or mainEntity):
    dates of nested things (a related item, a video) are not the page's.
    An article whose url is the page's comes first.
    """
    articles, pages, media = [], [], []
    path = urlsplit(url).path.rstrip("/") if url else ""
    for raw in scripts:
        try:
            data = json.loads(raw.strip().strip(";"), strict=False)
        except ValueError:
            pages.extend(_LD_DATE.findall(raw))
            continue
        for obj in _json_objects(data):
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


_TOKENS = re.compile(r"\w+")
_TITLE_SPLIT = re.compile(r"\s+[-|\u2013\u2014:\u00b7\u00bb]+\s+|\s*::\s*")


def _page_titles(soup, page: _Page) -> list[str]:
    """og:title and <title>, unescaped once more (some pages escape twice)."""
    titles = [page.og_title]
    if soup.title is not None:
        titles.append(soup.title.get_text(" ", strip=True))
    out = []
    for t in titles:
        t = " ".join(html.unescape(t).split())
        if t and t not in out:
            out.append(t)
    return out


def _headline(soup, page: _Page):
    """The element holding the article's headline, or None.

    The <h1> that best matches the page title (og:title or <title>);
    else an itemprop=headline element; else a lone <h1>; else the first
    body text that is the title without its site-name part.
    """
    titles = _page_titles(soup, page)
    title_words = set(_TOKENS.findall(" ".join(titles[:1]).lower()))
    best, best_score = None, 0.0
    h1s = page.h1s
    for h in h1s:
        words = _TOKENS.findall(h.get_text(" ", strip=True).lower())
        if not words:
            continue
        score = sum(w in title_words for w in words) / len(words)
        if score > best_score:
            best, best_score = h, score
    if best is not None and best_score >= 0.5:
        return best
    if page.headline_prop is not None:
        return page.headline_prop
    if len(h1s) == 1 and len(_TOKENS.findall(h1s[0].get_text(" ", strip=True))) >= 3:
        return h1s[0]
    for title in titles:
        found = _title_in_body(soup, title)
        if found is not None:
            return found
    return None


def _title_in_body(soup, title: str):
    """The element of the first body text that reads as the page title."""
    from bs4.element import NavigableString

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
    names = (_attr(node, "class") + " " + _attr(node, "id")).lower()
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
        from bs4.element import NavigableString, Tag

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
            self.times.append((len(self.lines), _attr(node, "datetime")))
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


def _page_dayfirst(url: str | None, page: _Page) -> bool | None:
    """Day-first order for numeric dates from the page's country or language, if they say."""
    region = _region(url, page)
    if region in ("us", "ph"):
        return False
    if region == "ca":
        return None
    if region:
        return True
    lang = (page.lang or page.og_locale).strip().lower()
    if lang and not lang.startswith("en"):
        return True
    return None


def _first_dateline(lines: list[str], dayfirst: bool | None) -> str | None:
    for line in lines:
        for iso, is_update in _line_dates(line.translate(_DIGITS), dayfirst):
            if iso and not is_update:
                return iso
    return None


def _headline_dates(soup, page: _Page, url: str | None) -> tuple[tuple | None, str | None]:
    """(first <time datetime> stamp after the headline, dateline date next to the headline)."""
    headline = _headline(soup, page)
    if headline is None:
        return None, None
    try:
        lines, times = _lines_after(headline)
        before = _lines_before(headline)
    except RecursionError:  # absurdly deep markup: no headline area to read
        return None, None
    stamp = None
    for _i, value in times:
        stamp = _stamp(value)
        if stamp:
            break
    dayfirst = _page_dayfirst(url, page)
    if dayfirst is None and _has_ambiguous(lines):
        dayfirst = _order_hint("\n".join(lines))
    date = _first_dateline(lines, dayfirst) or _first_dateline(before, dayfirst)
    return stamp, date


def _stamps(values) -> list[tuple[str, int | None, int | None]]:
    out = []
    for v in values:
        s = _stamp(v)
        if s:
            out.append(s)
    return out


# UTC offsets (hours, standard and summer time) of the places a page can name by
# its country domain or language region; used only to turn a UTC instant into
# the local calendar day when every zone of the place agrees on it.
_REGION_OFFSETS = {
    "us": (-10, -4), "ca": (-8, -2.5), "mx": (-8, -5), "br": (-5, -2), "ar": (-3, -3),
    "cl": (-6, -3), "co": (-5, -5), "pe": (-5, -5), "ve": (-4, -4), "cu": (-5, -4),
    "do": (-4, -4), "ec": (-6, -5), "uy": (-3, -3), "bo": (-4, -4), "pr": (-4, -4),
    "gb": (0, 1), "uk": (0, 1), "ie": (0, 1), "pt": (-1, 1), "es": (0, 2), "ma": (0, 1),
    "fr": (1, 2), "be": (1, 2), "nl": (1, 2), "lu": (1, 2), "de": (1, 2), "at": (1, 2),
    "ch": (1, 2), "it": (1, 2), "pl": (1, 2), "cz": (1, 2), "sk": (1, 2), "hu": (1, 2),
    "si": (1, 2), "hr": (1, 2), "ba": (1, 2), "rs": (1, 2), "mk": (1, 2), "al": (1, 2),
    "dk": (1, 2), "se": (1, 2), "no": (1, 2), "mt": (1, 2), "ng": (1, 1), "dz": (1, 1),
    "tn": (1, 1), "fi": (2, 3), "ee": (2, 3), "lv": (2, 3), "lt": (2, 3), "ua": (2, 3),
    "md": (2, 3), "ro": (2, 3), "bg": (2, 3), "gr": (2, 3), "cy": (2, 3), "il": (2, 3),
    "lb": (2, 3), "jo": (2, 3), "eg": (2, 3), "za": (2, 2), "tr": (3, 3), "by": (3, 3),
    "sa": (3, 3), "iq": (3, 3), "kw": (3, 3), "qa": (3, 3), "ke": (3, 3), "ir": (3.5, 4.5),
    "ae": (4, 4), "az": (4, 4), "ge": (4, 4), "pk": (5, 5), "uz": (5, 5), "in": (5.5, 5.5),
    "lk": (5.5, 5.5), "np": (5.75, 5.75), "bd": (6, 6), "kz": (5, 6), "th": (7, 7),
    "vn": (7, 7), "id": (7, 9), "my": (8, 8), "sg": (8, 8), "ph": (8, 8), "cn": (8, 8),
    "hk": (8, 8), "tw": (8, 8), "jp": (9, 9), "kr": (9, 9), "au": (8, 11),
    "nz": (12, 13.75), "ru": (2, 12),
}
# Country domains also sold as generic names: trusted only under a second level
# such as .com.co or .org.me.
_VANITY_TLDS = frozenset("co me tv fm am ai io ly cc ws to gg la so sh is ag vc".split())
_SECOND_LEVEL = frozenset("com org net gov edu ac co or ne go nic".split())


def _region(url: str | None, page: _Page) -> str | None:
    """The country a page names: its URL's country domain, else its language region."""
    if url:
        try:
            labels = (urlsplit(url).hostname or "").split(".")
        except ValueError:
            labels = []
        tld = labels[-1] if len(labels) >= 2 else ""
        if tld in _REGION_OFFSETS:
            if tld not in _VANITY_TLDS or (len(labels) >= 3 and labels[-2] in _SECOND_LEVEL):
                return tld
    for lang in (page.lang, page.og_locale):
        parts = re.split(r"[-_]", lang.strip().lower())
        if len(parts) >= 2 and parts[1] in _REGION_OFFSETS:
            return parts[1]
    return None


def _region_day(stamp, region: str | None) -> str | None:
    """The local date of a UTC stamp in ``region`` if all its zones agree, else None."""
    if region is None or region not in _REGION_OFFSETS:
        return None
    iso, minutes, _offset = stamp
    start = _dt.datetime.fromisoformat(iso) + _dt.timedelta(minutes=minutes)
    low, high = _REGION_OFFSETS[region]
    first = (start + _dt.timedelta(hours=low)).date()
    last = (start + _dt.timedelta(hours=high)).date()
    return first.isoformat() if first == last else None


def _utc_like(stamp, stamps) -> bool:
    """A stamp in UTC: marked so, or naive with the wall time of a UTC stamp of the page."""
    iso, minutes, offset = stamp
    if offset == 0:
        return True
    return offset is None and minutes is not None and any(
        s[2] == 0 and s[0] == iso and s[1] == minutes for s in stamps)


def _local_choice(chosen, stamps, dates: list[str], region: str | None = None) -> str:
    """The outlet's local date for the chosen stamp.

    A UTC timestamp fixes an instant, not the outlet's calendar day.  When
    another timestamp with a local zone, the headline's dateline or the URL
    states a date on which that instant falls in a plausible news zone
    (UTC-10..UTC+14), that stated date wins.  A date without a time borrows
    the time of a stamp of the same day.
    """
    iso, minutes, _offset = chosen
    if minutes is None:
        same_day = [s for s in stamps if s[0] == iso and s[1] is not None]
        if not same_day:
            return iso
        chosen = same_day[0]
        minutes = chosen[1]
    if not _utc_like(chosen, stamps):
        return iso
    evidence = [s[0] for s in stamps if s[1] is not None and not _utc_like(s, stamps)]
    evidence += dates
    if iso in evidence:
        return iso
    day = _dt.date.fromisoformat(iso)
    possible = set()
    if minutes < 10 * 60:
        possible.add((day - _dt.timedelta(days=1)).isoformat())
    if minutes >= 10 * 60:
        possible.add((day + _dt.timedelta(days=1)).isoformat())
    for other in evidence:
        if other in possible:
            return other
    if not evidence:
        return _region_day(chosen, region) or iso
    return iso


def date_from_html(soup, url: str | None = None) -> str | None:
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
    """
    page = _Page(soup)
    published = page.published
    ld_articles, ld_pages, _media = _jsonld_dates(page.ld_scripts, url)
    # Open Graph article:published_* first, then JSON-LD articles, the other
    # meta names, itemprop/<time pubdate>, other JSON-LD objects.
    split = _PUBLISHED_RANK["datepublished"]
    ordered = [v for r, v in published if r < split] + ld_articles
    ordered += [v for r, v in published if r >= split] + page.itemprop_dates + ld_pages
    candidates = _stamps(ordered)
    url_date = date_from_url(url)

    # The headline area is read when metadata is missing or in UTC/date-only form.
    head_stamp = head_date = None
    if not candidates or candidates[0][1] is None or _utc_like(candidates[0], candidates):
        head_stamp, head_date = _headline_dates(soup, page, url)

    if candidates:
        stamps = candidates + ([head_stamp] if head_stamp else [])
        return _local_choice(candidates[0], stamps, [d for d in (head_date, url_date) if d],
                             _region(url, page))
    if head_stamp:
        return _local_choice(head_stamp, [head_stamp], [d for d in (head_date, url_date) if d],
                             _region(url, page))
    if head_date:
        return head_date
    return url_date
