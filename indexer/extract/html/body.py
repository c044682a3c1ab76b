"""The article body of a parsed page: headline, furniture, container, lead, standfirst, passages.

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
   footer, form), role, hidden style or class/id words (share, related,
   comment, newsletter, cookie, ad, sidebar, ...) are suspects; headings
   such as "Related stories" or "Das könnte Sie auch interessieren"
   (``data/chrome.txt``) taint the rest of their section.  A suspect that
   holds most of the good text (or the headline and much of it) is a
   wrapper and is cleared.
4. *Container.*  The element whose blocks weigh most wins (a maximum subtree
   sum: each element covers a contiguous range of blocks, so prefix sums
   make it O(1) per element).  An element named as the body
   (``itemprop=articleBody``, ``article-body``, ``entry-content``...) wins
   if it holds a fair share of that weight, and continues over the next
   named body when only furniture lies between (a body split by an ad).
5. *Lead and standfirst* (:mod:`~indexer.extract.html.lead`): prose between
   the headline and a container that starts after it comes first; the
   standfirst is set apart.
6. *Passages.*  Inside the container, blocks are kept in order unless they
   are in furniture, mostly links, chrome lines, bylines or date lines, or
   come before the headline; leading date/byline lines go to ``top_lines``
   with the other short lines around the headline; a trailing heading with
   no paragraph after it, and a closing note about the author, end the
   article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.extract.html.blocks import (HEADINGS, Block, Elem, block_weight, demote_teasers, is_placeholder,
                                         segment)
from indexer.extract.html.marks import MIXED, STRONG
from indexer.extract.html.metadata import PageMeta, page_metadata
from indexer.extract.html.lead import description_standfirst, find_standfirst, lead_blocks
from indexer.extract.html.parse import no_gc
from indexer.extract.plaintext import chrome_rules, cut_signature
from indexer.extract.html.text import similarity


@dataclass
class CleanPage:
    """The article part of a page."""

    title: str | None = None
    passages: list[str] = field(default_factory=list)
    top_lines: list[str] = field(default_factory=list)
    standfirst: str | None = None


_PARAGRAPHS = HEADINGS | frozenset("p li dd dt blockquote pre td th caption".split())

_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f:;][\"'\u201d\u2019)\]]*$")
_DATE_LIKE = re.compile(
    r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_BYLINE = re.compile(r"^(?:by|posted by|written by|from)\s", re.I)
# A byline line anywhere in the body: "By Jane Roe", "Por FIDEL RENDÓN", "Von Max Muster", "Par ..."
_BYLINE_ANYWHERE = re.compile(r"^(?i:by|por|von|par|di|door|przez|av|de)\s+(?:[A-ZÀ-ÝĀ-Ž][\w.'’-]*\s*){1,4}"
                              r"(?:(?:,|\||and|und|y|et|e|i)\s*(?:[A-ZÀ-ÝĀ-Ž][\w.'’-]*\s*){1,4})*$")

# Tuning (set on the article-extraction benchmark, see docs/notes/extraction-html.md).
NAMED_SHARE = 0.3        # a named body wins with this share of the best weight
WRAPPER_SHARE = 0.5      # a weak suspect holding this share of good text is a wrapper
STRONG_WRAPPER_SHARE = 0.8
HEADLINE_SHARE = 0.2     # ... or this share plus the headline (STRONG: 0.3)
PROSE_MASS = 500         # a mixed suspect holding this much prose ...
PROSE_DENSITY = 0.6      # ... at this density is a wrapper
MAX_TOP_LINES = 12
MIN_LIST = 3             # list items that make a trailing section content
MAX_BIO = 400            # characters of a closing note about the author
END_SHARE = 0.1          # after an end marker, less than this share of the story's weight is not story
MAX_END_MARKER = 200     # characters of an end marker


def _find_headline(blocks: list[Block], elems: list[Elem], declared: str | None):
    """The headline element and whether it matches the declared title.

    The h1 most similar to the declared title wins; failing that an h2/h3
    that matches it closely, then any short block that repeats it; failing
    that the first h1, untrusted.
    """
    best: dict[str, tuple[float, Elem]] = {}
    first_h1 = None
    for e in elems:
        if e.name not in ("h1", "h2", "h3") or not 0 < e.end - e.start <= 3:
            continue  # a headline is one short block (this also bounds nested headings)
        if e.name == "h1" and first_h1 is None:
            first_h1 = e
        if not declared:
            continue
        level = "h1" if e.name == "h1" else "h2"
        score = similarity(" ".join(b.text for b in blocks[e.start:e.end]), declared)
        if score >= (0.5 if level == "h1" else 0.7) and score > best.get(level, (0.0, None))[0] + 1e-9:
            best[level] = (score, e)
    for level in ("h1", "h2"):
        if level in best:
            return best[level][1], True
    if declared:
        for b in blocks:
            if b.n <= 300 and b.owner >= 0 and similarity(b.text, declared) >= 0.8:
                owner = elems[b.owner]
                pseudo = Elem(owner.tag, "title", owner.depth + 1, b.index, 0, False, b.owner)
                pseudo.end = b.index + 1
                return pseudo, True
    return first_h1, False


def clean(soup, meta: PageMeta | None = None) -> CleanPage:
    """Extract the article body of a parsed page (empty passages if none is found).

    ``meta`` is the page's :func:`page_metadata` when already read (its
    title is the declared one the headline is matched against).
    """
    try:
        with no_gc():
            return _clean(soup, meta if meta is not None else page_metadata(soup))
    except RecursionError:  # defensive: the code itself never recurses
        return CleanPage()


def _clean(soup, meta: PageMeta) -> CleanPage:
    declared = meta.title
    blocks, elems = segment(soup)
    if not blocks:
        return CleanPage(title=declared, standfirst=description_standfirst(meta.description, [], declared))
    headline, trusted = _find_headline(blocks, elems, declared)
    anchor = headline if trusted else None
    title = " ".join(b.text for b in blocks[headline.start:headline.end]) \
        if headline is not None and (trusted or not declared) else declared

    for b in blocks:
        b.weight = block_weight(b)
    demote_teasers(blocks, anchor)
    furniture = _furniture(blocks, elems, anchor)
    n = len(blocks)
    strong = _coverage(n, [e for e in furniture if e.suspect == STRONG])
    container, extra_end = _choose_container(blocks, elems, furniture, strong)
    if container is None:
        return CleanPage(title=title, top_lines=_top_lines(blocks, headline, n, strong),
                         standfirst=description_standfirst(meta.description, [], title))

    inside = [e for e in furniture if e.depth > container.depth
              and container.start <= e.start and e.end <= container.end]
    # a wrapper inside the container that holds most of its good text stays
    good = _prefix([max(b.weight, 0.0) for b in blocks])
    mass = good[container.end] - good[container.start]
    repeated = _repeated_wrappers(inside, good, mass)
    inside = [e for e in inside if e.suspect == STRONG or is_page_footer(e) or (
        good[e.end] - good[e.start] < WRAPPER_SHARE * mass and id(e) not in repeated)]
    covered = _coverage(n, inside)
    start = container.start
    if headline is not None and container.start <= headline.start < container.end and (
            trusted or not any(blocks[i].weight > 0 for i in range(container.start, headline.start))):
        start = headline.end  # an h1 that is not the declared title cuts only when no prose precedes it
    kept = [i for i in range(start, container.end) if not covered[i] and not _mostly_links(blocks[i])
            and not is_chrome_line(blocks[i].text) and not _is_byline(blocks[i]) and not is_placeholder(blocks[i])]
    if extra_end > container.end:
        anywhere = _coverage(n, furniture)
        kept += [i for i in range(container.end, extra_end) if blocks[i].weight > 0 and not anywhere[i]
                 and not _mostly_links(blocks[i]) and not is_chrome_line(blocks[i].text)]
    if anchor is not None and anchor.end <= container.start:
        kept = lead_blocks(blocks, anchor.end, container.start, _coverage(n, furniture),
                           lambda b: _is_furniture_line(b) or is_chrome_line(b.text)) + kept
    lead = 0
    while lead < len(kept) - 1 and _is_furniture_line(blocks[kept[lead]]):
        lead += 1
    body = _without_closing_bio(blocks, _trailing_sections_dropped(blocks, kept[lead:]))
    body = _ended(blocks, body)
    dek: list[int] = []
    if anchor is not None and body:
        dek = find_standfirst(blocks, elems, anchor.end, container.start, strong, meta.description)
        if set(body) <= set(dek):
            dek = []  # the only passages are the body
    first = min(body[:1] + dek[:1]) if body or dek else n
    body = [i for i in body if i not in dek]
    passages = cut_signature([blocks[i].text for i in body], chrome_rules())[0]
    standfirst = "\n".join(blocks[i].text for i in dek) if dek else \
        description_standfirst(meta.description, passages, title)
    return CleanPage(title=title, passages=passages, standfirst=standfirst,
                     top_lines=_top_lines(blocks, headline, first, strong))


def _without_closing_bio(blocks: list[Block], body: list[int]) -> list[int]:
    """Without a note about the author among the last two passages ("Jane Roe is a reporter
    at ..."; ``[bio]`` of ``data/chrome.txt``) and what follows it."""
    bio = chrome_rules().bio
    for k in range(max(1, len(body) - 2), len(body)):
        if blocks[body[k]].n <= MAX_BIO and bio.fullmatch(blocks[body[k]].text):
            return body[:k]
    return body


def _ended(blocks: list[Block], body: list[int]) -> list[int]:
    """The body up to its end marker: the first block after some of the story, left out of the
    body, that is a furniture label ("Related Links", "Leggi anche", "【熱門點閱】": ``[heading]``,
    but not a label that also stands alone mid-story such as "Advertisement": ``[line]``) or a
    legal line with a year ("© 2020 ...": ``[legal]``; "© Bild: WERK" is a photo credit), when
    the passages after it hold less than
    ``END_SHARE`` of the characters before it."""
    if len(body) < 2:
        return body
    rules = chrome_rules()
    total = sum(blocks[i].n for i in body)
    before, k = 0, 0
    for i in range(body[0] + 1, body[-1]):
        while body[k] < i:
            before += blocks[body[k]].n
            k += 1
        if body[k] == i:
            continue
        text = blocks[i].text
        if blocks[i].n <= MAX_END_MARKER and total - before < END_SHARE * before and (
                (rules.legal.fullmatch(text) and _YEAR.search(text))
                or (is_section_heading(text) and not rules.line.fullmatch(text))):
            return body[:k]
    return body


def _repeated_wrappers(inside: list[Elem], good: list[float], mass: float) -> set[int]:
    """Ids of weak or mixed suspects inside the container that repeat one class (the slides of
    a gallery article, its hidden sections) and together hold ``WRAPPER_SHARE`` of its good text."""
    groups: dict[tuple, list[Elem]] = {}
    for e in inside:
        cls = e.tag.get("class") if e.suspect != STRONG else None
        if cls:
            groups.setdefault((e.name, cls[0] if isinstance(cls, list) else cls), []).append(e)
    keep: set[int] = set()
    for members in groups.values():
        if len(members) >= 2 and sum(good[e.end] - good[e.start] for e in members) >= WRAPPER_SHARE * mass:
            keep.update(id(e) for e in members)
    return keep


def _trailing_sections_dropped(blocks: list[Block], body: list[int]) -> list[int]:
    """Without a heading after the last prose block and everything after it: a section
    that holds no paragraph at the end of the container is a box ("Teilnehmende Blogs:"),
    unless it holds a list (a closing table of results, a list of sources)."""
    last = max((k for k, i in enumerate(body) if blocks[i].weight > 0), default=-1)
    for k in range(last + 1, len(body)):
        if blocks[body[k]].tag in HEADINGS:
            if sum(blocks[i].tag == "li" for i in body[k:]) >= MIN_LIST:
                return body
            return body[:k]
    return body


def _furniture(blocks: list[Block], elems: list[Elem], anchor: Elem | None) -> list[Elem]:
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
        elif is_page_footer(e) and not holds_headline and anchor is not None:
            pass  # the page's footer is never the story's wrapper (a page whose story is drawn by script)
        elif share >= WRAPPER_SHARE or (holds_headline and share >= HEADLINE_SHARE):
            continue
        elif e.suspect == MIXED and mass >= PROSE_MASS and mass >= PROSE_DENSITY * (chars[e.end] - chars[e.start]):
            continue
        found.append(e)
    # A furniture heading ("Related", "More stories", "Comments") that follows
    # some of the story taints the rest of its section; elsewhere only itself.
    story_start = good[anchor.end] if anchor is not None else 0.0
    for e in list(found):
        if e.name in HEADINGS and e.suspect == STRONG and good[e.start] > story_start:
            found.append(e.span(e.start, _section_end(e, elems)))
    for b in blocks:
        if b.n < 80 and b.owner >= 0 and is_section_heading(b.text):
            owner = elems[b.owner]
            if owner.name in HEADINGS and good[b.index] > story_start:
                found.append(owner.span(b.index, _section_end(owner, elems)))
            else:
                label = owner.span(b.index, b.index + 1)
                label.depth += 1
                found.append(label)
    return found


_LABEL_TAIL = " :.!?\u2026\u00bb\u203a>|-\u2013\u2014\u2b07\u2193\u2192\u25bc\u25ba\u25b6\u276f\u2935\U0001f447"


def is_section_heading(text: str) -> bool:
    """A heading that opens a furniture section ("Related stories", "Mehr zum Thema:",
    "3 Comments"): ``[heading]`` and ``[end]`` of ``data/chrome.txt``."""
    rules = chrome_rules()
    label = text.rstrip(_LABEL_TAIL)
    return bool(rules.heading.fullmatch(label) or rules.end.fullmatch(label) or rules.end.fullmatch(text))


def is_chrome_line(text: str) -> bool:
    """A whole line of page chrome or a photo credit ("Teilen", "Anzeige", "Loading...",
    "© 2020 ...", "Foto: dpa": ``[line]`` and ``[image]`` of ``data/chrome.txt``), or a short
    line that only says when ("Aktualisiert: 03.04.2020", ``[meta]``; "3 April 2020, 12:35")."""
    if len(text) > 200:
        return False
    rules = chrome_rules()
    return bool(rules.line.fullmatch(text) or rules.image.fullmatch(text)
                or (len(text) <= 80 and (rules.meta.fullmatch(text) or _only_a_date(text))))


_DATE_WORDS = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|"
                         r"samstag|sonntag|uhr|am|pm|a\.m|p\.m|utc|gmt|[a-z]{1,3}t|\d{4})[a-z]*\b|[\W\d_]+", re.I)


def _only_a_date(text: str) -> bool:
    """A line that is a date or a time and nothing else ("03.04.2020, 12:35 Uhr", "Thursday"),
    or a row of a few fields one of which is a date ("PTI | July 9, 2020 | Updated 08:24 IST")."""
    if not _DATE_LIKE.search(text):
        return bool(_WEEKDAY.fullmatch(text))
    if not _DATE_WORDS.sub("", _DATE_LIKE.sub("", text)).strip():
        return True
    fields = [f.strip() for f in _FIELD_SEP.split(text) if f.strip()]
    return 2 <= len(fields) <= 5 and all(len(f.split()) <= 4 for f in fields) \
        and any(_only_a_date(f) for f in fields)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WEEKDAY = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:mon|diens|donners|frei|sams|sonn)tag|"
                      r"mittwoch|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|"
                      r"jueves|viernes|sábado|domingo", re.I)
_FIELD_SEP = re.compile(r"\s+[|\u2022\u00b7]\s+")


def is_page_footer(e: Elem) -> bool:
    """A ``<footer>`` element or one with the ARIA role ``contentinfo``."""
    return e.name == "footer" or (bool(e.tag.attrs) and e.tag.attrs.get("role") == "contentinfo")


def _section_end(e: Elem, elems: list[Elem]) -> int:
    return elems[e.parent].end if e.parent >= 0 else e.end


def _choose_container(blocks, elems, furniture, covered) -> tuple[Elem | None, int]:
    """The element whose blocks weigh most, or a named body with a fair share; and the index
    where the body ends (after the container when a named body continues).

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
    prefix = _prefix(weights)
    container, best = _best(elems, prefix)
    if container is None:
        # nothing looks like prose: fall back to plain text mass outside strong furniture
        footers = _coverage(n, [e for e in furniture if is_page_footer(e)])
        container, best = _best(elems, _prefix([0.0 if covered[i] or footers[i] else b.size - 2 * b.links
                                                for i, b in enumerate(blocks)]))
        return container, container.end if container is not None else 0
    return container, _continuation(container, best, elems, blocks, _coverage(n, furniture))


def _continuation(named: Elem, best: Elem, elems: list[Elem], blocks: list[Block], furniture: list[int]) -> int:
    """Where the body ends when a named body won inside a heavier element: a body split by an
    ad or a box into two named bodies (``<div class=article-body>`` twice) goes on over the
    next named body inside the heavier element when only furniture, short lines or links lie
    between (``furniture[i]`` counts the furniture over block i)."""
    if best is named or not (best.start <= named.start and named.end <= best.end):
        return named.end
    end = named.end
    for e in elems:
        if not e.named or e.suspect or e.start < end or e.end > best.end or e.end <= e.start:
            continue
        if any(blocks[i].weight > 0 and not furniture[i] for i in range(end, e.start)):
            break
        end = e.end
    return end


def _best(elems: list[Elem], prefix: list[float]) -> tuple[Elem | None, Elem | None]:
    """(the container, the heaviest element): the heaviest, unless a named body holds a fair share."""
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
        return named, best
    return best, best


def _prefix(values) -> list:
    out = [0] * (len(values) + 1)
    run = 0
    for i, v in enumerate(values):
        run += v
        out[i + 1] = run
    return out


def _coverage(n: int, elems: list[Elem]) -> list[int]:
    """How many of ``elems`` contain each block (a difference array, O(n + len(elems)))."""
    diff = [0] * (n + 1)
    for e in elems:
        diff[e.start] += 1
        diff[min(e.end, n)] -= 1
    return _prefix(diff)[1:]


def _mostly_links(b: Block) -> bool:
    """Link lists and link rows; a long item with a linked lead-in stays."""
    return b.links > 0.5 * b.n and (b.n - b.links < 50 or b.links > 0.8 * b.n)


def _is_byline(b: Block) -> bool:
    """A short line that only names the author ("Por FIDEL RENDÓN MATIENZO", "By Jane Roe and John Doe")."""
    return b.n <= 80 and bool(_BYLINE_ANYWHERE.match(b.text))


def _is_furniture_line(b: Block) -> bool:
    """A short non-sentence line with a date, a byline or a one- or two-word label."""
    if b.n >= 100 or b.tag in HEADINGS or _SENTENCE_END.search(b.text):
        return False
    return bool(_DATE_LIKE.search(b.text) or _BYLINE.match(b.text) or len(b.text.split()) <= 2)


def _top_lines(blocks: list[Block], headline: Elem | None, first: int, strong: list[int]) -> list[str]:
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
