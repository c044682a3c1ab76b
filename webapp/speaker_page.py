"""A speaker's page as plain data, whatever the engine: their quotes, each said once, newest first.

The engine selects the articles (those quoting the speaker, filtered like a
search: :func:`speaker_query` is the query it runs) and hands their stored
fields over; this module makes the page: one item per passage in which the
speaker is quoted (several quotes of one passage joined by " … "), the same
quote text in several articles (copies of a wire story) one item with all its
copies, items in date order, and the speakers most often quoted beside them.
"""

from __future__ import annotations

import math
import re

from markupsafe import Markup

from indexer.index.said import passage_quotes, speaker_keys
from webapp.params import NONE, SearchState
from webapp.present import doc_url, heading, speaker_page_url
from webapp.quotes import SaidTerms
from webapp.snippets import MarkFormatter, find_hits

SORTS = ("newest", "oldest")       # "oldest" is the timeline: in the order things were said
CO_SPEAKERS = 10                   # other speakers listed
JOIN = " … "                       # between two quotes of one passage
_WORD = re.compile(r"\w+")


def said_name(name: str) -> str:
    """``said:"Pat Ryder"`` (or the name's key when it holds a quotation mark)."""
    keys = speaker_keys(name)
    return f'said:"{name}"' if '"' not in name else f"said:{keys[0] if keys else ''}"


def speaker_query(name: str, q: str = "") -> str:
    """The search behind ``name``'s page: articles quoting them, and with ``q``, whose quotes by
    them match ``q`` (its words read as words of those quotes: ``said:NAME(q)``)."""
    said = said_name(name)
    return f"{said} {said}({q})" if q.strip() else said


def link_query(name: str, q: str = "") -> str:
    """The query a quote's link carries, so the article marks the quote (or ``q``'s words in it)."""
    return f"{said_name(name)}({q})" if q.strip() else said_name(name)


def page_sort(state: SearchState) -> str:
    return state.sort if state.sort in SORTS else SORTS[0]


def normalised(text: str) -> str:
    """What makes two quotes the same: their words, lowercased (punctuation and spacing aside)."""
    return " ".join(_WORD.findall(text.lower()))


def quote_items(name: str, articles: list[dict], said: SaidTerms) -> list[dict]:
    """One item per passage of ``articles`` (stored fields) quoting ``name``: its quotes' text,
    marked with what ``said`` marks in ``name``'s quotes; when ``said`` has words for the
    speaker, only the passages whose quotes hold one of them.  Each item keeps its passage's
    text (``passage_text``) for :func:`with_links`."""
    _whole, terms = said.for_speaker(name)
    items = []
    for fields in articles:
        passages = fields.get("passages") or []
        for n, quotes in sorted(passage_quotes(fields.get("quotes")).items()):
            mine = [(start, end) for start, end, speaker in quotes if speaker == name]
            if not mine or not 1 <= n <= len(passages):
                continue
            text = passages[n - 1][0]
            parts = [text[start:end] for start, end in mine]
            hits = [find_hits(part, terms) for part in parts] if terms else [[] for _ in parts]
            if terms and not any(hits):
                continue
            items.append({
                "text": JOIN.join(parts),
                "html": Markup(JOIN).join(MarkFormatter().format(part, h) for part, h in zip(parts, hits)),
                **heading(fields),
                "passage": n,
                "passage_text": text,
            })
    return items


def with_links(group: dict, link_q: str, root: str = "") -> dict:
    """A group of :func:`said_once` with the passage link of each copy (carrying ``link_q``);
    made only for the groups a page shows (a link costs a fingerprint of its passage)."""
    links = {(c["id"], c["passage"]): doc_url(root, c["id"], link_q, c["passage"], c.pop("passage_text"))
             for c in group["copies"]}
    out = {k: v for k, v in group.items() if k != "passage_text"}
    out["link"] = links[(group["id"], group["passage"])]
    out["copies"] = [dict(c, link=links[(c["id"], c["passage"])]) for c in group["copies"]]
    return out


def said_once(items: list[dict], sort: str) -> list[dict]:
    """Items with the same words (:func:`normalised`) as one: the first copy in date order
    (the earliest dated) with ``copies`` (every copy: id, title, outlet, date, passage) and
    ``outlets``; ordered newest or oldest first by that date, undated last."""
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(normalised(item["text"]), []).append(item)
    out = []
    for copies in groups.values():
        copies = sorted(copies, key=lambda c: (c["date"] is None, c["date"] or "", c["title"]))
        first = copies[0]
        out.append(dict(first, copies=[{k: c[k] for k in ("id", "title", "outlet", "date", "passage", "passage_text")}
                                       for c in copies],
                        outlets=list(dict.fromkeys(c["outlet"] for c in copies if c["outlet"]))))
    dated = [g for g in out if g["date"]]
    dated.sort(key=lambda g: g["date"], reverse=sort == "newest")
    return dated + [g for g in out if not g["date"]]


def co_speakers(facet: list[dict], name: str, state: SearchState, home: str, root: str = "") -> list[dict]:
    """The other speakers quoted in the same articles (the speaker facet's values), most first:
    ``{name, count, url}`` (their page) and ``filter_url`` (this page, only articles quoting both)."""
    out = []
    for item in facet:
        if item["value"] == NONE or item["label"] == name:
            continue
        out.append({"name": item["label"], "count": item["count"], "selected": item["selected"],
                    "url": speaker_page_url(root, item["label"]),
                    "filter_url": state.toggle("speaker", item["label"]).url(home)})
        if len(out) == CO_SPEAKERS:
            break
    return out


def speaker_view(name: str, state: SearchState, articles: list[dict], said: SaidTerms, *, total_articles: int,
                 read_all: bool, facets: dict, undated: int, message: str | None, generation: str,
                 root: str = "") -> dict:
    """The speaker page's dict (the contract in :mod:`webapp.backend`) from the stored fields of
    the selected ``articles`` (in the page's date order; ``read_all`` False when only the first
    of ``total_articles`` were read) and the selection's facets."""
    sort = page_sort(state)
    groups = said_once(quote_items(name, articles, said), sort)
    pages = max(1, math.ceil(len(groups) / state.per_page))
    page = min(state.page, pages)
    home = speaker_page_url(root, name)
    return {
        "name": name,
        "query": state.q,
        "message": message,
        "articles": total_articles,
        "quotes": len(groups),
        "copies": sum(len(g["copies"]) for g in groups),
        "read_all": read_all,
        "read": len(articles),
        "page": page,
        "pages": pages,
        "per_page": state.per_page,
        "sort": sort,
        "results": [with_links(g, link_query(name, state.q), root)
                    for g in groups[(page - 1) * state.per_page:page * state.per_page]],
        "co_speakers": co_speakers(facets["speaker"], name, state, home, root),
        "facets": {"outlet": facets["outlet"], "date": facets["date"]},
        "undated": undated,
        "filters": {"outlet": list(state.outlets), "speaker": list(state.speakers),
                    "from": state.date_from, "to": state.date_to},
        "url": home,
        "search_url": SearchState(q=speaker_query(name)).url(f"{root}/"),
        "articles_url": SearchState(speakers=(name,)).url(f"{root}/"),
        "generation": generation,
    }
