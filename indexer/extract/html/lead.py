"""What lies between the headline and the article's container: the standfirst and the lead.

Pages often give the standfirst (dek, summary) and sometimes the first
paragraphs of the story a container of their own, between the headline and
the container that holds the rest of the body; the container alone loses
them.

- *Lead*: prose blocks (positive weight) between the headline and a
  container that starts after it, outside any furniture, that are not a
  date or byline line.  They are body passages.
- *Standfirst*: the first prose block (or a heading of 60 characters or
  more) between the headline and the container (in the lead or in a header) when it is marked as one
  (:func:`~indexer.extract.html.marks.names_dek` on the block's element or
  its three nearest ancestors: "summary", "dek", "intro", "key-points"...;
  then the marked element's prose is the standfirst, one line per block),
  or is a list (summary bullets: the list is the standfirst), or repeats
  the page's declared description.  It is not a passage.  Inside
  the container such marks name the body's first paragraph, which stays.  Failing that, the declared description is the standfirst,
  unless it only repeats the opening of the body.
"""

from __future__ import annotations

import re

from indexer.extract.html.blocks import HEADINGS, Block, Elem
from indexer.extract.html.marks import class_words, names_dek
from indexer.extract.html.text import similarity

DESCRIPTION_MATCH = 0.6   # a lead block sharing this much of its words with the description is the standfirst
ABOUT_SHARE = 0.34        # of a description's words that its article must use
ABOUT_BODY = 400          # characters of passages needed to judge that
MAX_STANDFIRST = 800      # characters; a longer block is a paragraph
MIN_HEADING_DEK = 60      # characters of a subtitle set as a heading (<h2 class=teaser>) to be a standfirst
MARK_DEPTH = 4            # a block's element and its three nearest ancestors may mark it
_WORD = re.compile(r"\w+")


def lead_blocks(blocks: list[Block], start: int, end: int, furniture: list[int], is_meta_line) -> list[int]:
    """Prose blocks of ``blocks[start:end]`` outside furniture (``furniture[i]`` counts the
    furniture over block i) that ``is_meta_line`` (a date or byline line) does not reject."""
    return [i for i in range(start, end)
            if blocks[i].weight > 0 and not furniture[i] and not is_meta_line(blocks[i])]


def _marked(block: Block, elems: list[Elem]) -> Elem | None:
    """The element marked as a standfirst among the block's element and its nearest ancestors."""
    owner, steps = block.owner, 0
    while owner >= 0 and steps < MARK_DEPTH:
        elem = elems[owner]
        attrs = elem.tag.attrs
        if attrs and names_dek(class_words(attrs)):
            return elem
        owner, steps = elem.parent, steps + 1
    return None


def find_standfirst(blocks: list[Block], elems: list[Elem], first: int, container_start: int,
                    strong: list[int], description: str | None) -> list[int]:
    """The blocks of the standfirst among ``blocks[first:container_start]`` (``first``: just
    after the headline); empty when there is none.

    Only the first prose block outside strong furniture is considered, and only before the
    container (inside it, a paragraph marked "intro" or "summary" is the body's first).  A
    marked element gives all its prose there (a key-points list), at most ``MAX_STANDFIRST``
    characters.
    """
    for i in range(first, container_start):
        block = blocks[i]
        if strong[i] or (block.weight <= 0 and not (block.tag in HEADINGS and block.n >= MIN_HEADING_DEK)):
            continue
        if block.n > MAX_STANDFIRST:
            return []
        marked = _marked(block, elems)
        if marked is None and block.tag == "li" and block.owner >= 0:
            marked = elems[elems[block.owner].parent] if elems[block.owner].parent >= 0 else None
        if marked is not None:
            found = [j for j in range(i, min(marked.end, container_start))
                     if (blocks[j].weight > 0 or j == i) and not strong[j]]
            return found if sum(blocks[j].n for j in found) <= MAX_STANDFIRST else [i]
        return [i] if similarity(block.text, description) >= DESCRIPTION_MATCH else []
    return []


def description_standfirst(description: str | None, passages: list[str], title: str | None = None) -> str | None:
    """The declared description as the standfirst, unless it only repeats the body's opening,
    is empty, or is not about the article: fewer than ``ABOUT_SHARE`` of its words of four
    letters or more occur in the title and passages (a site-wide tagline, "Breaking news,
    latest news and videos from ..."; judged only when the body has ``ABOUT_BODY``
    characters: without a body, the description is the best summary there is)."""
    if not description or not description.strip():
        return None
    words = {w for w in _WORD.findall(description.lower()) if len(w) >= 4 and not w.isdigit()}
    if len(words) >= 3 and sum(map(len, passages)) >= ABOUT_BODY:
        known = set(_WORD.findall(" ".join([title or "", *passages]).lower()))
        if len(words & known) < ABOUT_SHARE * len(words):
            return None
    opening = " ".join(passages[:3])
    head = " ".join(_WORD.findall(description.lower())[:8])
    if head and head in " ".join(_WORD.findall(opening.lower())):
        return None
    if similarity(description, opening[:2 * len(description)]) >= DESCRIPTION_MATCH:
        return None
    return description.strip()
