"""Clean a news web page: metadata from its head, article passages from its body.

``parse`` makes a BeautifulSoup tree (lxml parser); ``page_metadata`` reads
the title, site, publisher, author, URL and description the page declares,
without changing the tree; ``clean`` finds the article body.

How ``clean`` works (one iterative pass over the tree, then linear work on
flat lists; no recursion, so any nesting depth is safe):

1. *Blocks.*  The tree is cut into blocks: the text an element holds directly
   (p, li, h2, td, a div with bare text, text between two ``<br><br>``), in
   reading order, each with its length, link text and punctuation.  Scripts,
   styles, media, form controls and figures are skipped.
2. *Weights.*  Paragraph-like blocks (long, punctuated, few links) weigh
   their length; short or link-heavy blocks weigh negative.  Text squeezed
   between two linked headlines (a teaser list) is negative too.
3. *Furniture.*  Elements marked as boilerplate by tag (nav, aside, header,
   footer), role, hidden style or class/id words (share, related, comment,
   newsletter, cookie, ad, sidebar, ...) are suspects; headings such as
   "Related stories" taint the rest of their section.  A suspect that holds
   most of the good text (or the headline and much of it) is a wrapper and
   is cleared.
4. *Container.*  The element whose blocks weigh most wins (a maximum subtree
   sum: each element covers a contiguous range of blocks, so prefix sums
   make it O(1) per element).  An element named as the body
   (``itemprop=articleBody``, ``article-body``, ``entry-content``...) wins
   if it holds a fair share of that weight.
5. *Passages.*  Inside the container, blocks are kept in order unless they
   are in furniture, mostly links, or come before the headline; leading
   date/byline lines go to ``top_lines`` with the other short lines around
   the headline.
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
from dataclasses import dataclass, field

import bs4
from bs4 import BeautifulSoup, NavigableString, Tag

__all__ = ["parse", "PageMeta", "page_metadata", "CleanPage", "clean"]


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
    with _no_gc():
        try:
            return BeautifulSoup(text.replace("\x00", ""), "lxml")
        except Exception:  # lxml is very forgiving; this is a last resort
            return BeautifulSoup("", "lxml")


@contextlib.contextmanager
def _no_gc():
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


_WS = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")


def _norm(text: str | None) -> str | None:
    """Whitespace-normalised text, or None when empty."""
    if not text:
        return None
    return _WS.sub(" ", text).strip() or None


# ---------------------------------------------------------------------------
# metadata


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
_JSON_NODES = 20_000       # objects visited in one JSON-LD document
_DOMAIN_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.I)
_AUTHOR_KEYS = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator")


@dataclass
class _HeadScan:
    """What one pass over the tree collects for the metadata."""

    meta: dict = field(default_factory=dict)
    json_ld: list = field(default_factory=list)
    canonical: str | None = None
    author_link: str | None = None
    title: str | None = None
    h1: str | None = None


def _scan(soup) -> _HeadScan:
    """Collect meta tags, JSON-LD texts, canonical link, rel=author, <title>, first <h1>."""
    scan = _HeadScan()
    for node in soup.descendants:
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name == "meta":
            content = _norm(node.get("content"))
            if content:
                for attr in ("property", "name", "itemprop"):
                    key = node.get(attr)
                    if isinstance(key, list):
                        key = " ".join(key)
                    if key:
                        scan.meta.setdefault(key.strip().lower(), content)
        elif name == "script":
            if "ld+json" in str(node.get("type") or "").lower():
                scan.json_ld.append(node.get_text())
        elif name in ("link", "a"):
            rel = node.get("rel") or []
            rel = [r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())]
            if name == "link" and "canonical" in rel and not scan.canonical:
                scan.canonical = _norm(node.get("href"))
            elif name == "a" and "author" in rel and not scan.author_link:
                scan.author_link = _norm(node.get_text(" "))
        elif name == "title" and scan.title is None:
            scan.title = _norm(node.get_text(" "))
        elif name == "h1" and scan.h1 is None:
            scan.h1 = _norm(node.get_text(" "))
    return scan


def _json_objects(texts: list[str]) -> list[dict]:
    """All JSON-LD objects, flattened (@graph, lists), in document order."""
    objects: list[dict] = []
    for raw in texts:
        if not raw or len(raw) > _JSON_MAX:
            continue
        raw = raw.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(raw, strict=False)
        except Exception:  # invalid JSON, or nesting deep enough to recurse
            continue
        todo = [data]
        seen = 0
        while todo and seen < _JSON_NODES:
            item = todo.pop()
            seen += 1
            if isinstance(item, list):
                todo.extend(reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    todo.extend(reversed(graph))
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
        name = _norm(name) if isinstance(name, str) else None
        if name and not _looks_like_url(name) and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _ld_text(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    return _norm(value) if isinstance(value, str) else None


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


def page_metadata(soup) -> PageMeta:
    """Read the page's declared metadata; ``soup`` is left unchanged."""
    try:
        return _page_metadata(soup)
    except Exception:  # defensive: metadata must never stop indexing
        return PageMeta()


def _page_metadata(soup) -> PageMeta:
    scan = _scan(soup)
    meta = scan.meta
    objects = _json_objects(scan.json_ld)
    articles = [o for o in objects if any(_ARTICLE_TYPES.search(t) for t in _type_names(o))]
    article = next((o for o in articles if "WebPage" not in _type_names(o)), articles[0] if articles else {})

    publisher = None
    for obj in [article, *objects]:
        publisher = _ld_name(obj.get("publisher"))
        if publisher:
            break
    if not publisher:
        for obj in objects:
            if _ORGANISATION_TYPES.intersection(_type_names(obj)):
                publisher = _ld_name(obj)
                if publisher:
                    break
    if not publisher and meta.get("publisher") and not _looks_like_url(meta["publisher"]):
        publisher = meta["publisher"]
    site_name = meta.get("og:site_name") or meta.get("application-name") or publisher

    url = scan.canonical or meta.get("og:url") or meta.get("twitter:url") or _ld_text(article, "url")
    site_keys = {_simplify(n) for n in (site_name, publisher, *_host_names(url)) if n}

    author = None
    for key in _AUTHOR_KEYS:
        value = meta.get(key)
        if value and not _looks_like_url(value):
            value = re.sub(r"^by\s+", "", value, flags=re.I).strip()
            if value and _simplify(value) not in site_keys and not _DOMAIN_LIKE.search(value):
                author = value
                break
    if not author and article:
        author = _ld_name(article.get("author")) or _ld_name(article.get("creator"))
    author = author or scan.author_link

    description = (meta.get("description") or meta.get("og:description")
                   or meta.get("twitter:description") or _ld_text(article, "description"))

    title = (meta.get("og:title") or meta.get("twitter:title") or scan.title
             or _ld_text(article, "headline") or scan.h1)
    if title:
        title = _strip_site_suffix(title, [site_name, publisher, *_host_names(url)])
    return PageMeta(title=title, site_name=site_name, publisher=publisher, author=author,
                    url=url, description=description)


# ---------------------------------------------------------------------------
# body extraction


@dataclass
class CleanPage:
    """The article part of a page."""

    title: str | None = None
    passages: list[str] = field(default_factory=list)
    top_lines: list[str] = field(default_factory=list)


# Elements whose content is never article text.
_SKIP = frozenset("""
    script style noscript template svg math iframe frame frameset object embed applet canvas
    video audio source track picture img map area button input select option optgroup
    textarea label datalist output progress meter dialog link meta head title base
    figcaption figure
""".split())

# Elements that end the current block and start a new one.
_BLOCK = frozenset("""
    address article aside blockquote body center dd details dir div dl dt fieldset
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section
    summary table tbody thead tfoot tr td th ul caption legend
""".split())

_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_PARAGRAPHS = _HEADINGS | frozenset("p li dd dt blockquote pre td th caption".split())
_SUSPECT_TAGS = frozenset("nav aside footer header menu".split())
_FURNITURE_ROLES = frozenset("navigation complementary banner contentinfo".split())
_DIALOG_ROLES = frozenset("dialog alertdialog alert".split())

# Class/id words.  STRONG furniture always holds; WEAK (layout, hiding) and
# MIXED (a furniture word next to a content word, "story-share-wrapper")
# give way when the element holds most of the good text.
WEAK, STRONG, MIXED = 1, 2, 3
_STRONG_WORDS = frozenset("""
    ad ads adv advert adverts advertisement advertising advertorial adslot adunit banner dfp gpt
    share sharing shares sharebar social socials sociallinks
    comment comments commenting disqus respond reply replies
    related recommended recommendations recirc recirculation trending popular mostpopular
    mostread outbrain taboola zergnet promo promos promoted sponsor sponsored sponsors partner
    newsletter newsletters subscribe subscription signup donate donation
    cookie cookies consent gdpr modal popup popover overlay lightbox tooltip rollover hovercard flyout
    caption captions credit credits
    readmore morestories moreon alsoread seealso
""".split())
_WEAK_WORDS = frozenset("""
    nav navbar navigation menu breadcrumb breadcrumbs pagination pager
    footer sidebar masthead topbar toolbar header
    hidden hide invisible sronly screenreader visuallyhidden offscreen
    tags keywords topics byline author authors bio dateline timestamp
    widget widgets print email paywall membership
""".split())
_STRONG_PREFIXES = ("advert", "sponsor", "comment", "share", "social", "newsletter", "subscri",
                    "recommend", "promo", "related", "cookie", "outbrain", "taboola")
_NOT_FURNITURE = frozenset("commentary commentator commentators".split())
_CONTENT_WORDS = frozenset("body content article story text entry main post".split())

# Class/id words that name an article body: "article-body", "entry-content", ...
_BODY_FIRST = frozenset("article story entry post blog news content".split())
_BODY_SECOND = frozenset("body content text entry main".split())
_BODY_WORDS = frozenset("articlebody storybody postbody entrycontent articletext storytext "
                        "articlecontent postcontent storycontent bodytext richtext".split())

# Headings that open a furniture section ("Related stories", "Comments").
_SECTION_HEADING = re.compile(
    r"(?:related(?: articles?| stories| posts?| news| content| coverage| links| reading| videos?| topics)?"
    r"|read (?:more|next|also)|more (?:from|on|in|stories|news|articles|videos|like this)\b.*"
    r"|recommended(?: for you| stories| reading| articles)?"
    r"|you (?:may|might|will) (?:also )?(?:like|enjoy|be interested in)"
    r"|also read|see also|further reading|most (?:read|popular|viewed|shared|emailed)"
    r"|trending(?: now| stories)?|popular (?:posts|stories|now|articles)|top stories"
    r"|latest (?:news|stories|posts|articles|videos)|\d* ?comments?|leave a (?:reply|comment)"
    r"|join the (?:conversation|discussion)|what to read next|editor'?s picks|don'?t miss|around the web"
    r"|from the web|sponsored (?:content|stories|links)|advertisement"
    r"|share this(?: article| story| post)?|sign up for (?:our|the) .*newsletter.*)[\s:.!\u2026]*$",
    re.I)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CLASS_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_PUNCT = re.compile(r"[.,;:!?\u3002\uff0c\u3001\uff1f\uff01]")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f:;][\"'\u201d\u2019)\]]*$")
_DATE_LIKE = re.compile(
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_BYLINE = re.compile(r"^(?:by|posted by|written by|from)\s", re.I)

# Tuning (set on the article-extraction benchmark, see docs/notes/extraction-html.md).
NAMED_SHARE = 0.3        # a named body wins with this share of the best weight
WRAPPER_SHARE = 0.5      # a weak suspect holding this share of good text is a wrapper
STRONG_WRAPPER_SHARE = 0.8
HEADLINE_SHARE = 0.2     # ... or this share plus the headline (STRONG: 0.3)
PROSE_MASS = 500         # a mixed suspect holding this much prose ...
PROSE_DENSITY = 0.6      # ... at this density is a wrapper
MAX_TOP_LINES = 12


def _class_words(attrs: dict) -> list[str]:
    """Lowercase words of the class and id attributes ("articleBody" -> article, body)."""
    cls = attrs.get("class")
    if isinstance(cls, list):
        cls = " ".join(cls)
    ident = attrs.get("id")
    if not cls and not ident:
        return []
    words = _CAMEL.sub(" ", f"{cls or ''} {ident if isinstance(ident, str) else ''}").lower()
    return [w for w in _CLASS_SPLIT.split(words) if w]


def _suspicion(name: str, attrs: dict, words: list[str]) -> int:
    """0, WEAK, STRONG or MIXED: how much the element looks like page furniture."""
    level = WEAK if name in _SUSPECT_TAGS else 0
    if not attrs:
        return level
    role = attrs.get("role")
    if role in _DIALOG_ROLES:
        return STRONG
    if (role in _FURNITURE_ROLES or "hidden" in attrs
            or str(attrs.get("aria-hidden", "")).lower() == "true"
            or _HIDDEN_STYLE.search(str(attrs.get("style") or ""))):
        level = WEAK
    strong = content = False
    for i, word in enumerate(words):
        joined = word + words[i + 1] if i + 1 < len(words) else ""
        if word in _STRONG_WORDS or joined in _STRONG_WORDS or (
                word.startswith(_STRONG_PREFIXES) and word not in _NOT_FURNITURE):
            strong = True
        elif word in _WEAK_WORDS or joined in _WEAK_WORDS:
            level = level or WEAK
        if word in _CONTENT_WORDS:
            content = True
    if content and (strong or level):
        return MIXED
    return STRONG if strong else level


def _names_body(attrs: dict, words: list[str]) -> bool:
    """Does the element call itself the article body (itemprop or class/id words)?"""
    if str(attrs.get("itemprop", "")).lower() == "articlebody":
        return True
    for i, word in enumerate(words):
        if word in _BODY_WORDS:
            return True
        if word in _BODY_FIRST and i + 1 < len(words) and words[i + 1] in _BODY_SECOND and word != words[i + 1]:
            return True
    return False


class _Block:
    """A run of text owned by one block-level element."""

    __slots__ = ("text", "n", "size", "links", "nlinks", "owner", "tag", "index", "punct", "weight")

    def __init__(self, text: str, links: int, nlinks: int, owner: int, tag: str, index: int):
        self.text = text
        self.n = len(text)
        # a CJK character carries about as much as a short Latin word
        self.size = self.n if text.isascii() else self.n + 2 * len(_CJK.findall(text))
        self.links = min(links, self.n)
        self.nlinks = nlinks
        self.owner = owner
        self.tag = tag
        self.index = index
        self.punct = len(_PUNCT.findall(text))
        self.weight = 0.0


class _Elem:
    """A block-level element: the blocks[start:end] it contains, and its marks."""

    __slots__ = ("tag", "name", "depth", "start", "end", "suspect", "named", "parent")

    def __init__(self, tag, name: str, depth: int, start: int, suspect: int, named: bool, parent: int):
        self.tag = tag
        self.name = name
        self.depth = depth
        self.start = start
        self.end = start
        self.suspect = suspect
        self.named = named
        self.parent = parent

    def span(self, start: int, end: int, suspect: int = STRONG) -> "_Elem":
        """A pseudo-element at this depth covering blocks[start:end]."""
        pseudo = _Elem(self.tag, self.name, self.depth, start, suspect, False, self.parent)
        pseudo.end = max(end, start + 1)
        return pseudo


_BR = object()
_LINK = object()


def _segment(root) -> tuple[list[_Block], list[_Elem]]:
    """Cut the tree into blocks and block-level elements, iteratively.

    Link text is kept as a 1-tuple in a block's parts so that each block can
    count its links; two or more ``<br>`` in a row end a block.
    """
    blocks: list[_Block] = []
    elems: list[_Elem] = []
    contexts: list[list] = [[-1, []]]  # open blocks: [element index, parts]
    stack = [iter(root.contents)]
    exits: list = [None]
    link_depth = 0

    def emit(owner: int, texts: list[str], links: int, nlinks: int) -> None:
        text = _WS.sub(" ", "".join(texts)).strip()
        if text:
            blocks.append(_Block(text, links, nlinks, owner, elems[owner].name if owner >= 0 else "", len(blocks)))

    def flush(ctx: list) -> None:
        parts = ctx[1]
        if not parts:
            return
        ctx[1] = []
        texts: list[str] = []
        links = nlinks = breaks = 0
        for part in parts:
            if part is _BR:
                breaks += 1
                continue
            if part is _LINK:
                nlinks += 1
                continue
            text = part[0] if type(part) is tuple else part
            if breaks and not text.isspace():
                if breaks >= 2:
                    emit(ctx[0], texts, links, nlinks)
                    texts, links, nlinks = [], 0, 0
                else:
                    texts.append(" ")
                breaks = 0
            texts.append(text)
            if type(part) is tuple:
                links += len(text.strip())
        emit(ctx[0], texts, links, nlinks)

    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            action = exits.pop()
            if action is _LINK:
                link_depth -= 1
            elif action is not None:
                flush(contexts.pop())
                elems[action].end = len(blocks)
            continue
        if type(node) is NavigableString:
            contexts[-1][1].append((node,) if link_depth else node)
            continue
        if not isinstance(node, Tag):
            continue  # comments, doctype, CDATA, processing instructions
        name = node.name
        if name in _SKIP:
            continue
        if name == "br":
            contexts[-1][1].append(_BR)
            continue
        attrs = node.attrs
        words = _class_words(attrs) if attrs else []
        if name in _BLOCK:
            flush(contexts[-1])
            index = len(elems)
            named = bool(attrs) and name not in ("body", "html") and _names_body(attrs, words)
            elems.append(_Elem(node, name, len(stack), len(blocks), _suspicion(name, attrs, words),
                               named, contexts[-1][0]))
            contexts.append([index, []])
            exits.append(index)
        elif name == "a":
            if not link_depth:
                contexts[-1][1].append(_LINK)
            link_depth += 1
            exits.append(_LINK)
        else:
            if attrs and _suspicion(name, attrs, words):
                continue  # inline furniture: share links, credits, pop-ups
            exits.append(None)
        stack.append(iter(node.contents))
    while contexts:
        flush(contexts.pop())
    return blocks, elems


def _weight(block: _Block) -> float:
    """Positive for paragraph-like text, negative for short or link-heavy text."""
    if block.n == 0:
        return 0.0
    density = block.links / block.n
    size = block.size
    if block.tag in _HEADINGS:
        return -0.2 * size if density > 0.3 else 0.0
    if size >= 60 and density < 0.35 and block.punct >= 1:
        return size * (1 - density)
    if size >= 120 and density < 0.5:
        return 0.5 * size * (1 - density)
    return -0.3 * size * (0.5 + density)


def _demote_teasers(blocks: list[_Block], anchor: _Elem | None) -> None:
    """Text squeezed between two linked headlines is a teaser, not a paragraph.

    A linked headline is a block that is almost all link text in few, long
    links; short lines in between (kickers, dates, authors, share rows) are
    skipped, and nothing before the page's own headline counts after it.
    """
    n = len(blocks)
    linky = [b.links >= 0.9 * b.n and b.links >= 15 * b.nlinks for b in blocks]
    minor = [b.n < 50 and not linky[i] for i, b in enumerate(blocks)]
    after_link = [False] * n
    last = False
    for i in range(n):
        if anchor is not None and i == anchor.end:
            last = False
        after_link[i] = last
        if not minor[i]:
            last = linky[i]
    last = False
    for i in range(n - 1, -1, -1):
        b = blocks[i]
        if b.weight > 0 and after_link[i] and last:
            b.weight = -0.3 * b.size
        if not minor[i]:
            last = linky[i]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _similarity(a: str | None, b: str | None) -> float:
    """Shared words over the larger word set (1.0 for the same words)."""
    if not a or not b:
        return 0.0
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def _find_headline(blocks: list[_Block], elems: list[_Elem], declared: str | None):
    """The headline element and whether it matches the declared title.

    The h1 most similar to the declared title wins; failing that an h2/h3
    that matches it closely, then any short block that repeats it; failing
    that the first h1, untrusted.
    """
    best: dict[str, tuple[float, _Elem]] = {}
    first_h1 = None
    for e in elems:
        if e.name not in ("h1", "h2", "h3") or not 0 < e.end - e.start <= 3:
            continue  # a headline is one short block (this also bounds nested headings)
        if e.name == "h1" and first_h1 is None:
            first_h1 = e
        if not declared:
            continue
        level = "h1" if e.name == "h1" else "h2"
        score = _similarity(" ".join(b.text for b in blocks[e.start:e.end]), declared)
        if score >= (0.5 if level == "h1" else 0.7) and score > best.get(level, (0.0, None))[0] + 1e-9:
            best[level] = (score, e)
    for level in ("h1", "h2"):
        if level in best:
            return best[level][1], True
    if declared:
        for b in blocks:
            if b.n <= 300 and b.owner >= 0 and _similarity(b.text, declared) >= 0.8:
                owner = elems[b.owner]
                pseudo = _Elem(owner.tag, "title", owner.depth + 1, b.index, 0, False, b.owner)
                pseudo.end = b.index + 1
                return pseudo, True
    return first_h1, False


def clean(soup) -> CleanPage:
    """Extract the article body of a parsed page (empty passages if none is found)."""
    try:
        with _no_gc():
            return _clean(soup)
    except RecursionError:  # defensive: the code itself never recurses
        return CleanPage()


def _clean(soup) -> CleanPage:
    declared = page_metadata(soup).title
    blocks, elems = _segment(soup)
    if not blocks:
        return CleanPage(title=declared)
    headline, trusted = _find_headline(blocks, elems, declared)
    anchor = headline if trusted else None
    title = " ".join(b.text for b in blocks[headline.start:headline.end]) \
        if headline is not None and (trusted or not declared) else declared

    for b in blocks:
        b.weight = _weight(b)
    _demote_teasers(blocks, anchor)
    furniture = _furniture(blocks, elems, anchor)
    n = len(blocks)
    strong = _coverage(n, [e for e in furniture if e.suspect == STRONG])
    container = _choose_container(blocks, elems, furniture, strong)
    if container is None:
        return CleanPage(title=title, top_lines=_top_lines(blocks, headline, n, strong))

    inside = [e for e in furniture if e.depth > container.depth
              and container.start <= e.start and e.end <= container.end]
    # a wrapper inside the container that holds most of its good text stays
    good = _prefix([max(b.weight, 0.0) for b in blocks])
    mass = good[container.end] - good[container.start]
    inside = [e for e in inside if e.suspect == STRONG or good[e.end] - good[e.start] < WRAPPER_SHARE * mass]
    covered = _coverage(n, inside)
    start = container.start
    if headline is not None and container.start <= headline.start < container.end:
        start = headline.end
    kept = [i for i in range(start, container.end) if not covered[i] and not _mostly_links(blocks[i])]
    lead = 0
    while lead < len(kept) - 1 and _is_furniture_line(blocks[kept[lead]]):
        lead += 1
    body = kept[lead:]
    return CleanPage(title=title, passages=[blocks[i].text for i in body],
                     top_lines=_top_lines(blocks, headline, body[0] if body else n, strong))


def _furniture(blocks: list[_Block], elems: list[_Elem], anchor: _Elem | None) -> list[_Elem]:
    """Suspect elements that are furniture (wrappers holding the story are cleared)."""
    n = len(blocks)
    good = _prefix([max(b.weight, 0.0) for b in blocks])
    chars = _prefix([b.n for b in blocks])
    total = good[n] or 1.0
    found = []
    for e in elems:
        if not e.suspect or e.end <= e.start:
            continue
        mass = good[e.end] - good[e.start]
        share = mass / total
        holds_headline = (anchor is not None and e.start <= anchor.start and anchor.end <= e.end
                          and e.depth < anchor.depth)
        if e.suspect == STRONG:
            if share >= STRONG_WRAPPER_SHARE or (holds_headline and share >= 1.5 * HEADLINE_SHARE):
                continue
        elif share >= WRAPPER_SHARE or (holds_headline and share >= HEADLINE_SHARE):
            continue
        elif e.suspect == MIXED and mass >= PROSE_MASS and mass >= PROSE_DENSITY * (chars[e.end] - chars[e.start]):
            continue
        found.append(e)
    # A furniture heading ("Related", "More stories", "Comments") that follows
    # some of the story taints the rest of its section; elsewhere only itself.
    story_start = good[anchor.end] if anchor is not None else 0.0
    for e in list(found):
        if e.name in _HEADINGS and e.suspect == STRONG and good[e.start] > story_start:
            found.append(e.span(e.start, _section_end(e, elems)))
    for b in blocks:
        if b.n < 60 and b.owner >= 0 and _SECTION_HEADING.match(b.text):
            owner = elems[b.owner]
            if owner.name in _HEADINGS and good[b.index] > story_start:
                found.append(owner.span(b.index, _section_end(owner, elems)))
            else:
                label = owner.span(b.index, b.index + 1)
                label.depth += 1
                found.append(label)
    return found


def _section_end(e: _Elem, elems: list[_Elem]) -> int:
    return elems[e.parent].end if e.parent >= 0 else e.end


def _choose_container(blocks, elems, furniture, covered) -> _Elem | None:
    """The element whose blocks weigh most, or a named body with a fair share.

    ``covered`` counts the strong furniture over each block.
    """
    n = len(blocks)
    softly = _coverage(n, [e for e in furniture if e.suspect != STRONG])
    weights = []
    for i, b in enumerate(blocks):
        w = b.weight
        if covered[i]:
            w = -0.5 * w if w > 0 else 0.0  # furniture: its prose repels, its noise is gone anyway
        elif w > 0 and softly[i]:
            w = 0.0
        weights.append(w)
    container = _best(elems, _prefix(weights))
    if container is None:
        # nothing looks like prose: fall back to plain text mass outside strong furniture
        container = _best(elems, _prefix([0.0 if covered[i] else b.size - 2 * b.links
                                          for i, b in enumerate(blocks)]))
    return container


def _best(elems: list[_Elem], prefix: list[float]) -> _Elem | None:
    best, best_score = None, 0.0
    named, named_score = None, 0.0
    for e in elems:
        if e.end <= e.start:
            continue
        score = prefix[e.end] - prefix[e.start]
        if score > best_score:
            best, best_score = e, score
        if e.named and not e.suspect and e.name not in _PARAGRAPHS and score > named_score:
            named, named_score = e, score
    if named is not None and named_score >= NAMED_SHARE * best_score:
        return named
    return best


def _prefix(values) -> list:
    out = [0] * (len(values) + 1)
    run = 0
    for i, v in enumerate(values):
        run += v
        out[i + 1] = run
    return out


def _coverage(n: int, elems: list[_Elem]) -> list[int]:
    """How many of ``elems`` contain each block (a difference array, O(n + len(elems)))."""
    diff = [0] * (n + 1)
    for e in elems:
        diff[e.start] += 1
        diff[min(e.end, n)] -= 1
    return _prefix(diff)[1:]


def _mostly_links(b: _Block) -> bool:
    """Link lists and link rows; a long item with a linked lead-in stays."""
    return b.links > 0.5 * b.n and (b.n - b.links < 50 or b.links > 0.8 * b.n)


def _is_furniture_line(b: _Block) -> bool:
    """A short non-sentence line with a date, a byline or a one- or two-word label."""
    if b.n >= 100 or b.tag in _HEADINGS or _SENTENCE_END.search(b.text):
        return False
    return bool(_DATE_LIKE.search(b.text) or _BYLINE.match(b.text) or len(b.text.split()) <= 2)


def _top_lines(blocks: list[_Block], headline: _Elem | None, first: int, strong: list[int]) -> list[str]:
    """Short lines around the headline and before the body (bylines, datelines, kickers),
    leaving out strong furniture (share rows, ads)."""
    if headline is not None and headline.end <= first:
        indices = [i for i in range(max(0, headline.start - 3), min(first, headline.end + 30))
                   if not headline.start <= i < headline.end]
    else:
        indices = list(range(max(0, first - 8), first))
    lines: list[str] = []
    for i in indices:
        text = blocks[i].text
        if len(text) <= 200 and not strong[i] and text not in lines:
            lines.append(text)
    return lines[-MAX_TOP_LINES:]
