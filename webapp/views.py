"""The routes: the search page, the article page, the facet list page and the JSON API."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request

from webapp import document, index
from webapp.params import (MAX_QUERY, MAX_VALUE, ParamError, check_query_string, int_arg,
                           parse_search_args, text_arg)
from webapp.present import facet_view, page_view
from webapp.search import run_search

bp = Blueprint("clippings", __name__)

API_FACET_SIZE = 50
MAX_FACET_SIZE = 10_000


def with_snapshot(work):
    """Run ``work(snapshot)``; if it fails because the index changed underneath, run it
    once more on the new state (the whole response comes from one state either way)."""
    snapshot = index.get_snapshot()
    try:
        return work(snapshot)
    except (ParamError, LookupError):
        raise
    except Exception:
        fresh = index.renew_snapshot()
        if fresh is None:
            raise
        return work(fresh)


def _root() -> str:
    return request.script_root


def _state():
    return parse_search_args(request.args, request.query_string,
                             per_page=int(current_app.config["PER_PAGE"]))


@bp.get("/")
def search_page():
    state = _state()
    result = with_snapshot(lambda snap: run_search(snap, state, _root()))
    return render_template("search.html", r=result, state=state, view=page_view(result, state, _root()))


@bp.get("/api/search")
def api_search():
    state = _state()
    size = int_arg(request.args, "facet_size", API_FACET_SIZE, 1, MAX_FACET_SIZE)
    result = with_snapshot(lambda snap: run_search(snap, state, _root()))
    return jsonify(api_result(result, size))


def api_result(result: dict, facet_size: int) -> dict:
    """The JSON shape of a search: facets reduced to value, count, selected (top ``facet_size``)."""
    out = dict(result)
    facets = result["facets"]
    out["facets"] = {
        name: [{"value": f["value"], "count": f["count"], "selected": f["selected"]}
               for f in facets[name][:facet_size]]
        for name in ("outlet", "speaker")
    }
    out["facets"]["date"] = facets["date"]
    out["results"] = [dict(r, snippets=[dict(s, html=str(s["html"])) for s in r["snippets"]])
                      for r in result["results"]]
    return out


@bp.get("/facets/<name>")
def facet_page(name: str):
    if name not in ("outlet", "speaker"):
        abort(404)
    state = _state()
    result = with_snapshot(lambda snap: run_search(snap, state, _root()))
    items = result["facets"][name]
    view = facet_view(name, items, state, _root(), limit=MAX_FACET_SIZE)
    return render_template("facet.html", r=result, state=state, facet=view,
                           back_url=state.url(f"{_root()}/"))


def _doc_args():
    check_query_string(request.query_string)
    q = text_arg(request.args, "q", MAX_QUERY)
    n = int_arg(request.args, "p", 0, 1, 1_000_000) or None
    fp = text_arg(request.args, "fp", MAX_VALUE)
    if fp and not document.valid_fingerprint(fp):
        raise ParamError("'fp' must be a passage fingerprint (hexadecimal digits)")
    moved = int_arg(request.args, "moved", 0, 1, 1_000_000) or None
    gone = int_arg(request.args, "gone", 0, 1, 1_000_000) or None
    return q, n, fp, moved, gone


def _load(doc_id: str):
    def work(snapshot):
        fields = document.find_article(snapshot, doc_id)
        if fields is None:
            raise LookupError(doc_id)
        return snapshot, fields
    if not document.valid_id(doc_id):
        abort(404)
    try:
        return with_snapshot(work)
    except LookupError:
        abort(404)


@bp.get("/doc/<doc_id>")
def doc_page(doc_id: str):
    q, n, fp, moved, gone = _doc_args()
    snapshot, fields = _load(doc_id)
    passages = fields.get("passages") or []
    status, where = document.resolve_link(passages, n, fp)
    if status in ("moved", "gone"):
        # The passage is elsewhere now, or gone: send the browser to where it is (the
        # fragment is the browser's, so only a redirect can move it) or to the notice.
        params = [("q", q)] if q else []
        if status == "moved":
            params += [("p", str(where)), ("fp", fp), ("moved", str(n))]
            fragment = f"p-{where}"
        else:
            params += [("gone", str(n))]
            fragment = "notice"
        return redirect(f"{_root()}/doc/{quote(doc_id)}?{urlencode(params)}#{fragment}", code=302)
    view = document.article_view(snapshot, fields, q, _root(), linked=where)
    return render_template("doc.html", d=view, moved=moved, gone=gone)


@bp.get("/api/doc/<doc_id>")
def api_doc(doc_id: str):
    q, n, fp, _moved, _gone = _doc_args()
    snapshot, fields = _load(doc_id)
    status, where = document.resolve_link(fields.get("passages") or [], n, fp)
    view = document.article_view(snapshot, fields, q, _root(), linked=where)
    out = document.api_article(view)
    if n is not None:
        out["link"] = {"status": status, "passage": where}
    return jsonify(out)
