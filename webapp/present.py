"""What the pages show besides the engine's data: article links, facet lists with links,
chips, sort, pages.

Each function turns the search dict and the state into plain dicts
with ready-made URLs, so the templates only loop and print.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from urllib.parse import quote, urlencode

from webapp.anchors import link_params
from webapp.facets import (DAY, MONTH, WEEK, add_date_links, add_links, bucket_unit, date_filter_label,
                           undated_bucket, value_label)
from webapp.params import NONE, PER_PAGE_CHOICES, SearchState

SHOWN = 8          # facet values in the sidebar; the rest on /facets/<name>
LISTED = 1000      # values on /facets/<name> at most (the filter box narrows the rest)
TITLES = {"outlet": "Outlet", "speaker": "Speaker", "lang": "Language"}
PLURALS = {"outlet": "outlets", "speaker": "speakers", "lang": "languages"}
UNIT_WORDS = {DAY: "day", WEEK: "week", MONTH: "month"}
ORDER_LABELS = (("count", "Most articles"), ("name", "A–Z"))
COPIES_INLINE = 3  # copies named in a result's "Also in ..." line; the rest behind "Show all"


def doc_url(root: str, doc_id: str, q: str = "", n: int | None = None, text: str | None = None,
            back: str = "") -> str:
    """Link to an article, optionally to passage ``n`` (``#p-n``; with ``text``, the passage's
    anchor: fingerprint and quote, :func:`webapp.anchors.link_params`); ``back`` is the search
    to return to (see :func:`webapp.document.back_param`)."""
    params = []
    if q:
        params.append(("q", q))
    if n is not None:
        params += link_params(n, text) if text is not None else [("p", str(n))]
    if back:
        params.append(("back", back))
    url = f"{root}/doc/{quote(doc_id)}"
    if params:
        url += "?" + urlencode(params)
    if n is not None:
        url += f"#p-{n}"
    return url


def heading(fields: dict) -> dict:
    """What a list shows of an article (its stored ``fields``): ``id``, ``title`` (the id when it
    has none), ``outlet`` and ``date`` (None when unknown).  One shape for a result, its copies,
    an article's other copies and a speaker page's quotes."""
    return {"id": fields["id"], "title": fields.get("title") or fields["id"],
            "outlet": fields.get("outlet") or None, "date": fields.get("date") or None}


def speaker_page_url(root: str, name: str) -> str:
    """The speaker page of ``name`` (``/speaker/<name>``, every character but letters and digits
    escaped, so slashes, accents and apostrophes survive)."""
    return f"{root}/speaker/{quote(name, safe='')}"


def facet_view(name: str, items: list[dict], state: SearchState, root: str, home: str | None = None,
               shown: int = SHOWN, count: int | None = None) -> dict:
    """A value facet for the sidebar: the top ``shown`` values of ``items`` (the first ones of
    the facet's ``count`` values: all of them by default); ``truncated`` when there are more,
    with ``more_url`` to the list of all of them (on the search page).  Its links change
    ``state`` on the page ``home`` (default: the search page)."""
    count = len(items) if count is None else count
    truncated = count > shown
    return {
        "name": name,
        "title": TITLES[name],
        "listed": add_speaker_pages(add_links(items[:shown], state, name, home or f"{root}/"), name, root),
        "count": count,
        "truncated": truncated,
        "more_url": state.url(f"{root}/facets/{name}") if truncated and home is None else None,
        "more_label": f"All {count:,} {PLURALS[name]}",
    }


def add_speaker_pages(items: list[dict], facet: str, root: str) -> list[dict]:
    """Speaker facet values with ``page_url``, their speaker page (none for "no named speaker")."""
    if facet != "speaker":
        return items
    return [dict(item, page_url=speaker_page_url(root, item["label"]) if item["value"] != NONE else None)
            for item in items]


def offers_choice(items: list[dict]) -> bool:
    """Whether a facet is worth showing: more than one value, or a selection to undo (the Language
    facet of a corpus in one language is left out of the sidebar)."""
    return len(items) > 1 or any(item["selected"] for item in items)


def fold(text: str) -> str:
    """Text for matching the list page's filter box: case and accents ignored (as app.js does)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def facet_list_view(name: str, items: list[dict], state: SearchState, root: str, contains: str = "",
                    order: str = "count") -> dict:
    """The list page of facet ``name``: every value containing ``contains``, by count or A–Z, with
    the links that toggle them on the search page and the order links (both keep the search)."""
    page = f"{root}/facets/{name}"
    wanted = fold(contains)
    kept = [item for item in items if wanted in fold(item["label"])]
    if order == "name":
        kept.sort(key=lambda item: (not item["selected"], fold(item["label"])))
    return {
        "name": name,
        "title": TITLES[name],
        "plural": PLURALS[name],
        "listed": add_speaker_pages(add_links(kept[:LISTED], state, name, f"{root}/"), name, root),
        "count": len(items),
        "matching": len(kept),
        "truncated": len(kept) > LISTED,
        "contains": contains,
        "action": page,
        "hidden": [(k, v) for k, v in state.params() if k != "page"],
        "orders": [{"value": value, "label": label, "current": value == order,
                    "url": _list_url(page, state, contains, value)} for value, label in ORDER_LABELS],
        "order": order,
        "back_url": state.url(f"{root}/"),
    }


def _list_url(page: str, state: SearchState, contains: str, order: str) -> str:
    pairs = [(k, v) for k, v in state.params() if k != "page"]
    pairs += [("contains", contains)] if contains else []
    pairs += [("order", order)] if order != ORDER_LABELS[0][0] else []
    return f"{page}?{urlencode(pairs)}" if pairs else page


def date_view(buckets: list[dict], undated: int, state: SearchState, root: str, home: str | None = None) -> dict:
    """The histogram bars with their links and axis labels, the count scale, the undated bucket,
    the span they cover and the from/to field values; links change ``state`` on the page
    ``home`` (default: the search page), and so does the from/to form (``action``)."""
    unit = bucket_unit(buckets[0]) if buckets else None
    top = max((b["count"] for b in buckets), default=0)
    home = home or f"{root}/"
    return {
        "bars": add_date_links(buckets, state, home),
        "undated": undated_bucket(undated, state, home) if undated or state.undated else None,
        "action": home,
        "hidden": [(k, v) for k, v in state.params() if k not in ("from", "to", "page")],
        "caption": f"Articles a {UNIT_WORDS.get(unit, 'year')}; the tallest bar is {top:,}" if buckets else "",
        "top": top,
        "from": state.date_from or "",
        "to": state.date_to or "",
        "first": buckets[0]["from"] if buckets else "",
        "last": buckets[-1]["to"] if buckets else "",
    }


def chips(state: SearchState, root: str, home: str | None = None) -> list[dict]:
    """The active filters, each with the link that removes it (on the page ``home``)."""
    home = home or f"{root}/"
    out = []
    for facet, values in (("outlet", state.outlets), ("speaker", state.speakers), ("lang", state.langs)):
        for value in values:
            out.append({"kind": TITLES[facet], "label": value_label(facet, value),
                        "remove_url": state.toggle(facet, value).url(home)})
    if state.dated_filter:
        out.append({"kind": "Date", "label": date_filter_label(state),
                    "remove_url": state.url(home, date_from=None, date_to=None, undated=False)})
    return out


def sort_links(state: SearchState, sort: str, browse: bool, root: str) -> list[dict]:
    options = [("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest")]
    return [{
        "value": value,
        "label": label,
        "url": state.url(f"{root}/", sort=value),
        "current": value == sort,
        "disabled": browse and value == "relevance",
    } for value, label in options]


def per_page_links(state: SearchState, root: str) -> list[dict]:
    """The results-per-page choices (``per_page``; the first result shown stays on the page)."""
    first = (state.page - 1) * state.per_page
    choices = sorted(set(PER_PAGE_CHOICES) | {state.per_page})
    return [{"n": n, "current": n == state.per_page,
             "url": state.url(f"{root}/", per_page=n, page=first // n + 1)} for n in choices]


def pagination(state: SearchState, pages: int, root: str, around: int = 2, home: str | None = None) -> dict:
    """Previous/next links and a window of page numbers (first and last always present)."""
    home = home or f"{root}/"
    page = state.page
    numbers = sorted({1, pages} | set(range(max(1, page - around), min(pages, page + around) + 1)))
    items, previous = [], 0
    for n in numbers:
        if n - previous > 1:
            items.append({"gap": True})
        items.append({"n": n, "url": state.url(home, page=n), "current": n == page, "gap": False})
        previous = n
    return {
        "prev_url": state.url(home, page=page - 1) if page > 1 else None,
        "next_url": state.url(home, page=page + 1) if page < pages else None,
        "links": items if pages > 1 else [],
    }


def plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def copies_view(group: dict | None) -> dict | None:
    """The line under a result with copies: "Also in 4 outlets: AP News, ABC News, The
    Independent, …" (each a link to its copy) and every copy for the expandable list; None
    without copies.  "N other copies" when some copies share an outlet or have none."""
    copies = (group or {}).get("copies") or []
    if not copies:
        return None
    others = group["size"] - 1
    outlets = {c["outlet"] for c in copies if c["outlet"]}
    distinct = len(outlets) == len(copies) == others
    return {
        "label": f"Also in {plural(others, 'outlet', 'outlets')}" if distinct
        else f"{plural(others, 'other copy', 'other copies')}",
        "inline": [dict(c, name=c["outlet"] or c["title"]) for c in copies[:COPIES_INLINE]],
        "more": len(copies) > COPIES_INLINE,
        "all": copies,
        "unlisted": others - len(copies),
        "size": group["size"],
    }


def count_view(result: dict, state: SearchState, root: str) -> dict:
    """The result count in what the list shows (stories, or articles) with the other unit, and
    the switch between one result per story and every copy (``dupes``)."""
    articles, stories = result["total"], result.get("stories", result["total"])
    grouped = result.get("dupes", state.dupes) == "group"
    listed = stories if grouped else articles
    as_stories = grouped and articles != stories        # without copies, stories are articles: say articles
    return {
        "listed": listed,
        "unit": ("story" if listed == 1 else "stories") if as_stories else ("article" if listed == 1 else "articles"),
        "other": (f"{plural(articles, 'article', 'articles')}" if grouped
                  else f"{plural(stories, 'story', 'stories')}") if articles != stories else "",
        "grouped": grouped,
        "switch": [{"value": value, "label": label, "current": value == state.dupes,
                    "url": state.url(f"{root}/", dupes=value)}
                   for value, label in (("group", "one per story"), ("show", "every copy"))],
    }


def hidden_fields(state: SearchState) -> list[tuple[str, str]]:
    """The state as hidden form inputs for a form that changes ``q``."""
    return [(k, v) for k, v in state.params() if k not in ("q", "page")]


def page_view(result: dict, state: SearchState, root: str) -> dict:
    """Everything the search template needs beyond the search dict itself."""
    state = replace(state, page=result["page"])   # a page beyond the last was searched as the last
    facets = result["facets"]
    browse = result["browse"]
    return {
        "facets": [facet_view(name, facets[name], state, root,
                              count=result.get("facet_counts", {}).get(name))
                   for name in ("outlet", "speaker", "lang") if name != "lang" or offers_choice(facets[name])],
        "dates": date_view(facets["date"], result["undated"], state, root),
        "chips": chips(state, root),
        "clear_url": SearchState(q=state.q, dupes=state.dupes).url(f"{root}/") if state.filtered else None,
        "sorts": sort_links(state, result["sort"], browse, root),
        "pages": pagination(state, result["pages"], root),
        "per_page": per_page_links(state, root),
        "hidden": hidden_fields(state),
        "suggestion_url": state.url(f"{root}/", q=result["suggestion"]) if result["suggestion"] else None,
        "reading_url": state.url(f"{root}/", q=result["reading"]) if result["reading"] else None,
        "speaker_pages": {name: speaker_page_url(root, name) for hit in result["results"] for name in hit["speakers"]},
        "count": count_view(result, state, root),
        "copies": [copies_view(hit.get("group")) for hit in result["results"]],
        "first": (state.page - 1) * state.per_page + 1,
        "last": (state.page - 1) * state.per_page + len(result["results"]),
    }


SPEAKER_SORTS = (("newest", "Newest first"), ("oldest", "Timeline (oldest first)"))
SPEAKER_OUTLETS = 20      # outlets listed on a speaker page


def speaker_page_view(result: dict, state: SearchState, root: str) -> dict:
    """Everything the speaker page's template needs beyond the speaker dict: facet and histogram
    links that stay on the page, chips, order links, pages, and the quotes under month headings."""
    state = replace(state, page=result["page"])
    home = result["url"]
    sections: list[dict] = []
    for item in result["results"]:
        label = item["date"][:7] if item["date"] else "Undated"
        if not sections or sections[-1]["label"] != label:
            sections.append({"label": label, "items": []})
        sections[-1]["items"].append(item)
    return {
        "outlets": facet_view("outlet", result["facets"]["outlet"], state, root, home, SPEAKER_OUTLETS),
        "dates": date_view(result["facets"]["date"], result["undated"], state, root, home),
        "chips": chips(state, root, home),
        "clear_url": SearchState(q=state.q).url(home) if state.filtered else None,
        "sorts": [{"value": value, "label": label, "url": state.url(home, sort=value),
                   "current": value == result["sort"]} for value, label in SPEAKER_SORTS],
        "pages": pagination(state, result["pages"], root, home=home),
        "hidden": hidden_fields(state),
        "sections": sections,
        "first": (state.page - 1) * state.per_page + 1,
        "last": (state.page - 1) * state.per_page + len(result["results"]),
    }
