"""Blocks: the page cut into runs of text, each owned by a block-level element, and their weights.

One iterative walk (no recursion, so any nesting depth is safe) turns the
tree into a flat list of blocks in reading order, each with its length,
link text and punctuation, and a list of block-level elements, each
covering a contiguous range of blocks.  Scripts, styles, media, form
controls and figures are skipped, and so are ``<noscript>`` fallbacks
unless the page has no text outside them (a page served whole inside
``<noscript>``); ``<noembed>``/``<noframes>`` content, which parsers keep
as literal markup, is never text.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag

from indexer.extract.html.marks import STRONG, class_words, names_body, suspicion
from indexer.extract.html.text import squash

# Elements whose content is never article text (noscript: see ``segment``).
_SKIP = frozenset("""
    script style noscript noembed noframes template svg math iframe frame frameset object embed applet canvas
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

HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_PUNCT = re.compile(r"[.,;:!?\u3002\uff0c\u3001\uff1f\uff01]")


class Block:
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


class Elem:
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

    def span(self, start: int, end: int, suspect: int = STRONG) -> "Elem":
        """A pseudo-element at this depth covering blocks[start:end]."""
        pseudo = Elem(self.tag, self.name, self.depth, start, suspect, False, self.parent)
        pseudo.end = max(end, start + 1)
        return pseudo


_BR = object()
_LINK = object()
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
#: Below this much text outside ``<noscript>``, the page is read with its fallbacks.
NOSCRIPT_FALLBACK_CHARS = 200


def segment(root) -> tuple[list[Block], list[Elem]]:
    """Cut the tree into blocks and block-level elements, iteratively.

    ``<noscript>`` content counts only on a page that holds almost no text
    without it (less than :data:`NOSCRIPT_FALLBACK_CHARS`) when it holds at
    least that much itself (a whole page, not "Please enable JavaScript"),
    and then not its literal markup.
    """
    blocks, elems = _segment(root, False)
    if sum(b.n for b in blocks) < NOSCRIPT_FALLBACK_CHARS and root.find("noscript") is not None:
        fallback = _segment(root, True)
        if sum(b.n for b in fallback[0]) - sum(b.n for b in blocks) >= NOSCRIPT_FALLBACK_CHARS:
            return fallback
    return blocks, elems


def _segment(root, noscript: bool) -> tuple[list[Block], list[Elem]]:
    """The walk: link text is kept as a 1-tuple in a block's parts so that each
    block can count its links; two or more ``<br>`` in a row end a block."""
    skip = _SKIP - {"noscript"} if noscript else _SKIP
    blocks: list[Block] = []
    elems: list[Elem] = []
    contexts: list[list] = [[-1, []]]  # open blocks: [element index, parts]
    stack = [iter(root.contents)]
    exits: list = [None]
    link_depth = 0

    def emit(owner: int, texts: list[str], links: int, nlinks: int) -> None:
        text = squash("".join(texts))
        if text:
            blocks.append(Block(text, links, nlinks, owner, elems[owner].name if owner >= 0 else "", len(blocks)))

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
            if noscript and node.parent is not None and node.parent.name == "noscript" and _MARKUP.search(node):
                continue  # a fallback kept as literal markup
            contexts[-1][1].append((node,) if link_depth else node)
            continue
        if not isinstance(node, Tag):
            continue  # comments, doctype, CDATA, processing instructions
        name = node.name
        if name in skip:
            continue
        if name == "br":
            contexts[-1][1].append(_BR)
            continue
        attrs = node.attrs
        words = class_words(attrs) if attrs else []
        if name in _BLOCK:
            flush(contexts[-1])
            index = len(elems)
            named = bool(attrs) and name not in ("body", "html") and names_body(attrs, words)
            elems.append(Elem(node, name, len(stack), len(blocks), suspicion(name, attrs, words),
                               named, contexts[-1][0]))
            contexts.append([index, []])
            exits.append(index)
        elif name == "a":
            if not link_depth:
                contexts[-1][1].append(_LINK)
            link_depth += 1
            exits.append(_LINK)
        else:
            if attrs and suspicion(name, attrs, words):
                continue  # inline furniture: share links, credits, pop-ups
            exits.append(None)
        stack.append(iter(node.contents))
    while contexts:
        flush(contexts.pop())
    return blocks, elems


#: Placeholder text a page shows instead of a gated or unfinished story.
_PLACEHOLDER = re.compile(r"\blorem ipsum\b", re.I)


def is_placeholder(block: Block) -> bool:
    """Placeholder text ("Lorem ipsum dolor sit amet ..."), never an article's."""
    return "orem" in block.text and bool(_PLACEHOLDER.search(block.text))


def block_weight(block: Block) -> float:
    """Positive for paragraph-like text, negative for short or link-heavy text (and placeholders)."""
    if block.n == 0:
        return 0.0
    if is_placeholder(block):
        return -0.3 * block.size
    density = block.links / block.n
    size = block.size
    if block.tag in HEADINGS:
        return -0.2 * size if density > 0.3 else 0.0
    if size >= 60 and density < 0.35 and block.punct >= 1:
        return size * (1 - density)
    if size >= 120 and density < 0.5:
        return 0.5 * size * (1 - density)
    return -0.3 * size * (0.5 + density)


def demote_teasers(blocks: list[Block], anchor: Elem | None) -> None:
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

