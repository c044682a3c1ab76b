"""What the pages show besides the engine's data: article links, facet lists with links,
chips, sort, pages.

Each function turns the search dict and the state into plain dicts
with ready-made URLs, so the templates only loop and print.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from webapp.facets import add_date_links, add_links
from webapp.params import SearchState

SHOWN = 8          # facet values shown before "show all"
IN_PAGE = 100      # facet values listed on the search page at most; the rest on /facets/<name>
TITLES = {"outlet": "Outlet", "speaker": "Speaker"}


def doc_url(root: str, doc_id: str, q: str = "", n: int | None = None, fingerprint: str | None = None) -> str:
    """Link to an article, optionally to one passage (``#p-n``, with its fingerprint)."""
    params = []
    if q:
        params.append(("q", q))
    if n is not None:
        params.append(("p", str(n)))
        if fingerprint:
            params.append(("fp", fingerprint))
    url = f"{root}/doc/{quote(doc_id)}"
    if params:
        url += "?" + urlencode(params)
    if n is not None:
        url += f"#p-{n}"
    return url


def facet_view(name: str, items: list[dict], state: SearchState, root: str, limit: int = IN_PAGE) -> dict:
    """A value facet for the page: the top values, the rest behind "show all", a link past that."""
    listed = add_links(items[:limit], state, name, f"{root}/")
    return {
        "name": name,
        "title": TITLES[name],
        "shown": listed[:SHOWN],
        "more": listed[SHOWN:],
        "count": len(items),
        "all_url": state.url(f"{root}/facets/{name}") if len(items) > limit else None,
    }


def date_view(buckets: list[dict], undated: int, state: SearchState, root: str) -> dict:
    """The histogram bars with their links, the span they cover and the from/to field values."""
    return {
        "bars": add_date_links(buckets, state, f"{root}/"),
        "undated": undated,
        "from": state.date_from or "",
        "to": state.date_to or "",
        "first": buckets[0]["from"] if buckets else "",
        "last": buckets[-1]["to"] if buckets else "",
        "first_label": _day_label(buckets[0]["from"]) if buckets else "",
        "last_label": _day_label(buckets[-1]["to"]) if buckets else "",
    }


def _day_label(day: str) -> str:
    parsed = dt.date.fromisoformat(day)
    return f"{parsed.day} {parsed:%b %Y}"


def chips(state: SearchState, root: str) -> list[dict]:
    """The active filters, each with the link that removes it."""
    home = f"{root}/"
    out = []
    for value in state.outlets:
        out.append({"kind": "Outlet", "label": value, "remove_url": state.toggle("outlet", value).url(home)})
    for value in state.speakers:
        out.append({"kind": "Speaker", "label": value, "remove_url": state.toggle("speaker", value).url(home)})
    if state.date_from or state.date_to:
        if state.date_from and state.date_to:
            label = state.date_from if state.date_from == state.date_to else f"{state.date_from} to {state.date_to}"
        elif state.date_from:
            label = f"from {state.date_from}"
        else:
            label = f"until {state.date_to}"
        out.append({"kind": "Date", "label": label, "remove_url": state.url(home, date_from=None, date_to=None)})
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


def pagination(state: SearchState, pages: int, root: str, around: int = 2) -> dict:
    """Previous/next links and a window of page numbers (first and last always present)."""
    home = f"{root}/"
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


def hidden_fields(state: SearchState, keep_dates: bool = True) -> list[tuple[str, str]]:
    """The state as hidden form inputs for a form that changes ``q`` (or the dates)."""
    pairs = [(k, v) for k, v in state.params() if k not in ("q", "page")]
    if not keep_dates:
        pairs = [(k, v) for k, v in pairs if k not in ("from", "to")]
    return pairs


def page_view(result: dict, state: SearchState, root: str) -> dict:
    """Everything the search template needs beyond the search dict itself."""
    facets = result["facets"]
    browse = result["browse"]
    return {
        "facets": [facet_view("outlet", facets["outlet"], state, root),
                   facet_view("speaker", facets["speaker"], state, root)],
        "dates": date_view(facets["date"], result["undated"], state, root),
        "chips": chips(state, root),
        "clear_url": SearchState(q=state.q).url(f"{root}/") if state.filtered else None,
        "sorts": sort_links(state, result["sort"], browse, root),
        "pages": pagination(state, result["pages"], root),
        "hidden": hidden_fields(state),
        "hidden_no_dates": hidden_fields(state, keep_dates=False),
        "suggestion_url": state.url(f"{root}/", q=result["suggestion"]) if result["suggestion"] else None,
        "reading_url": state.url(f"{root}/", q=result["reading"]) if result["reading"] else None,
        "first": (state.page - 1) * state.per_page + 1,
        "last": (state.page - 1) * state.per_page + len(result["results"]),
    }
