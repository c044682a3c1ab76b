"""What differs between copies of one story, paragraph by paragraph (the article page's "Other copies").

Two paragraphs are the same when their words are (``passage_fingerprint``),
or when they are at least :data:`SAME_PARAGRAPH` alike (``rapidfuzz``
ratio: a typo fixed, a word changed), so a reader sees which outlet added
or cut what, not every spelling difference.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from indexer.article import passage_fingerprint

SAME_PARAGRAPH = 90


def copy_order(copy: dict) -> tuple:
    """The order copies of a story are listed in (a result's copies, an article's other copies):
    earliest first, then by outlet and id (undated last)."""
    return copy["date"] or "9999", copy["outlet"] or "", copy["id"]


def missing(paragraphs: list[str], others: list[str]) -> list[int]:
    """The indexes of ``paragraphs`` that ``others`` does not have (neither as is nor lightly edited)."""
    exact = {passage_fingerprint(text) for text in others}
    lowered = [text.lower() for text in others]
    out = []
    for n, text in enumerate(paragraphs):
        if passage_fingerprint(text) in exact:
            continue
        if lowered and process.extractOne(text.lower(), lowered, scorer=fuzz.ratio,
                                          score_cutoff=SAME_PARAGRAPH) is not None:
            continue
        out.append(n)
    return out


def compare(passages: list[str], copies: list[dict]) -> tuple[list[dict], list[int]]:
    """Each copy (``{id, title, outlet, date, link, passages}``, passages as texts) with
    ``only_here`` (numbers of this article's passages the copy lacks) and ``only_there`` (the
    copy's passages this article lacks: ``{n, text}``); and the numbers of this article's
    passages that no copy has."""
    out = []
    everywhere_else: list[str] = []
    for copy in copies:
        theirs = copy["passages"]
        everywhere_else += theirs
        out.append({
            **{k: v for k, v in copy.items() if k != "passages"},
            "only_here": [n + 1 for n in missing(passages, theirs)],
            "only_there": [{"n": n + 1, "text": theirs[n]} for n in missing(theirs, passages)],
        })
    alone = [n + 1 for n in missing(passages, everywhere_else)] if copies else []
    return out, alone
