"""Passage anchors: what a passage link carries, and where it lands after the article changed.

A link carries the passage's number ``p``, its fingerprint ``fp`` (a hash of
its normalised words, :func:`indexer.article.passage_fingerprint`) and a quote
``t``: its first :data:`LEAD` and last :data:`TAIL` normalised words, as
``"lead words~tail words"`` (like a W3C TextQuoteSelector, compressed).
Landing, in order (:func:`resolve`): the passage at ``p`` has the fingerprint
(``ok``); another passage has it (``moved``); some passage matches the quote
at :data:`THRESHOLD` or more (``edited``, the best one); else ``gone``, with
the :data:`NEAREST` closest passages to offer.  Matching is
``rapidfuzz.fuzz.partial_ratio`` of the lead words and of the tail words
against each passage's normalised words, the better of the two counting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from indexer.article import passage_fingerprint

LEAD = 7            # leading words carried in ``t``
TAIL = 5            # trailing words carried in ``t`` (none when the passage is that short)
WORD_CHARS = 24     # a carried word is cut to this many characters
MAX_QUOTE = 400     # the longest ``t`` accepted
THRESHOLD = 85      # the least score (0-100) an edited passage needs to be landed on
NEAREST = 3         # passages offered when the link's passage is gone

_WORD = re.compile(r"\w+")
_QUOTE = re.compile(r"^[\w ]*(?:~[\w ]*)?$")


class AnchorError(ValueError):
    """A link's ``t`` is not a passage quote."""


@dataclass(frozen=True)
class Anchor:
    """What a passage link carries: number, fingerprint and quote (lead and tail words)."""
    n: int
    fp: str | None = None
    lead: str = ""
    tail: str = ""


@dataclass(frozen=True)
class Landing:
    """Where an anchor lands: ``status`` ok, moved, edited or gone; ``passage`` (None when gone);
    ``nearest``: the closest passage numbers when gone."""
    status: str
    passage: int | None
    nearest: tuple[int, ...] = ()


def words(text: str) -> list[str]:
    """A passage's normalised words (as its fingerprint reads them)."""
    return _WORD.findall(text.lower())


def quote_of(text: str) -> str:
    """The ``t`` of a link to the passage ``text``."""
    ws = [w[:WORD_CHARS] for w in words(text)]
    if len(ws) <= LEAD + TAIL:
        return " ".join(ws)
    return " ".join(ws[:LEAD]) + "~" + " ".join(ws[-TAIL:])


def link_params(n: int, text: str) -> list[tuple[str, str]]:
    """The query parameters of a link to passage ``n`` whose text is ``text``."""
    params = [("p", str(n)), ("fp", passage_fingerprint(text))]
    quote = quote_of(text)
    return params + [("t", quote)] if quote else params


def parse_quote(t: str) -> tuple[str, str]:
    """``t`` as (lead, tail); raises :class:`AnchorError` when it is not a quote."""
    if len(t) > MAX_QUOTE or not _QUOTE.match(t):
        raise AnchorError("'t' must be a passage quote (words, at most one '~')")
    lead, _, tail = t.partition("~")
    return " ".join(lead.split()), " ".join(tail.split())


def _match(needle: str, hay: str) -> float:
    """How well ``needle`` is found in ``hay`` (0-100): partial when ``hay`` is the longer."""
    if not needle or not hay:
        return 0.0
    if len(hay) >= len(needle):
        return fuzz.partial_ratio(needle, hay)
    return fuzz.ratio(needle, hay)


def scores(anchor: Anchor, passages: list[str]) -> list[tuple[float, float]]:
    """For each passage: (best of lead and tail match, their sum)."""
    out = []
    for text in passages:
        hay = " ".join(words(text))
        lead, tail = _match(anchor.lead, hay), _match(anchor.tail, hay)
        out.append((max(lead, tail), lead + tail))
    return out


def resolve(anchor: Anchor, passages: list[str]) -> Landing:
    """Where ``anchor`` lands among ``passages`` (texts, ¶1 first); see the module docstring."""
    n, count = anchor.n, len(passages)
    if not anchor.fp:
        return Landing("ok", n) if 1 <= n <= count else Landing("gone", None)
    if 1 <= n <= count and passage_fingerprint(passages[n - 1]) == anchor.fp:
        return Landing("ok", n)
    same = [m for m, text in enumerate(passages, start=1) if passage_fingerprint(text) == anchor.fp]
    if same:
        return Landing("moved", min(same, key=lambda m: abs(m - n)))
    if not (anchor.lead or anchor.tail):
        return Landing("gone", None)
    scored = scores(anchor, passages)
    ranked = sorted(range(1, count + 1), key=lambda m: (-scored[m - 1][0], -scored[m - 1][1], abs(m - n), m))
    if ranked and scored[ranked[0] - 1][0] >= THRESHOLD:
        return Landing("edited", ranked[0])
    nearest = sorted(ranked, key=lambda m: (-scored[m - 1][1], abs(m - n), m))[:NEAREST]
    return Landing("gone", None, tuple(m for m in nearest if scored[m - 1][1] > 0))
