"""The routes that take results out of Clippings: CSV and JSON downloads, the Atom feed, the
OpenSearch description; and ``download_links``, the search page's links to them.

Each takes the search page's own parameters (:func:`webapp.params.parse_search_args`),
asks the request's backend session for every matching article
(:meth:`webapp.backend.Session.export`) and presents it with
:mod:`webapp.exports` or :mod:`webapp.feeds`.  Downloads are streamed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from flask import Blueprint, Response, current_app, request, stream_with_context

from webapp import exports, feeds
from webapp.backend import take_session, with_session
from webapp.params import DEFAULT_PER_PAGE, SearchState, parse_search_args

bp = Blueprint("exports", __name__)

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


def _state() -> SearchState:
    return parse_search_args(request.args, request.query_string,
                             per_page=int(current_app.config["PER_PAGE"]))


def _site() -> str:
    """The app's absolute root: ``scheme://host`` and the script root."""
    return request.host_url.rstrip("/") + request.script_root


def _download(kind: str, chunks, state: SearchState, info: dict) -> Response:
    headers = {
        "Content-Disposition": f'attachment; filename="{exports.file_name(state.q, kind)}"',
        "X-Clippings-Total": str(info["total"]),
        "X-Clippings-Truncated": "true" if info["truncated"] else "false",
    }
    mimetype = CSV_TYPE if kind == "csv" else JSON_TYPE
    response = Response(stream_with_context(chunks), headers=headers, content_type=mimetype)
    # The rows are read from the index while streaming: the session is closed with the response
    # (at the end of the stream, when the client goes away, or unread for a HEAD request).
    session = take_session()
    if session is not None:
        response.call_on_close(session.close)
    return response


def _records(state: SearchState, limit: int):
    """The search's export (from one state of the index) and its rows as flat records: every
    matching article, copies included (``dupes`` is ignored; each row names its group)."""
    found = with_session(lambda session: session.export(replace(state, dupes="show"), limit, request.script_root))
    base = request.host_url
    return found, (exports.record(result, base) for result in found.rows)


@bp.get("/export.csv")
def export_csv():
    state = _state()
    limit = exports.MAX_ROWS
    found, records = _records(state, limit)
    return _download("csv", exports.csv_chunks(records), state, exports.summary(found.total, limit))


@bp.get("/export.json")
def export_json():
    state = _state()
    limit = exports.MAX_ROWS
    found, records = _records(state, limit)
    info = exports.summary(found.total, limit)
    head = {"query": state.q, "filters": {"outlet": list(state.outlets), "speaker": list(state.speakers),
                                         "lang": list(state.langs), "from": state.date_from, "to": state.date_to, "undated": state.undated},
            "sort": found.sort, **info}
    return _download("json", exports.json_chunks(head, records), state, info)


@bp.get("/feed")
def feed():
    state = replace(_state(), sort="newest", page=1)
    site = _site()

    def work(session):
        if state.grouped:      # one entry per story: its newest copy
            rows = session.search(replace(state, per_page=feeds.FEED_ENTRIES), request.script_root,
                                  facet_size=0)["results"]
        else:
            rows = session.export(state, feeds.FEED_ENTRIES, request.script_root).rows
        entries = feeds.dated_entries(exports.record(result, request.host_url) for result in rows)
        updated = None if entries else session.stats().get("updated")
        return entries, updated

    entries, updated = with_session(work)
    links = download_links(state)
    body = feeds.atom_feed(entries, site=site, title=f"Clippings: {feeds.describe(state)}",
                           feed_url=exports.absolute(request.host_url, links["feed"]),
                           page_url=exports.absolute(request.host_url, links["page"]),
                           fallback_updated=updated or _now())
    return Response(body, content_type=f"{feeds.ATOM_TYPE}; charset=utf-8")


@bp.get("/opensearch.xml")
def opensearch():
    return Response(feeds.opensearch_description(_site()), content_type=f"{feeds.OPENSEARCH_TYPE}; charset=utf-8")


@bp.app_template_global()
def download_links(state: SearchState, total: int = 0) -> dict:
    """The search page's links to its downloads and feed (page and page size left out; the feed
    is always newest first), and whether ``total`` results pass the row cap."""
    root = request.script_root
    plain = replace(state, page=1, per_page=DEFAULT_PER_PAGE)
    return {
        "page": plain.url(f"{root}/"),
        "csv": plain.url(f"{root}/export.csv"),
        "json": plain.url(f"{root}/export.json"),
        "feed": replace(plain, sort="").url(f"{root}/feed"),
        "feed_title": f"Clippings: {feeds.describe(state)}",
        "limit": exports.MAX_ROWS,
        "truncated": total > exports.MAX_ROWS,
    }


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
