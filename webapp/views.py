"""The routes: the search page, the article page, the facet list page and the JSON API.

They ask the request's backend session (:mod:`webapp.backend`) for plain
dicts and only present them, whatever the search engine.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request

from webapp import document
from webapp.backend import UnknownSpeaker, redirect_if_renamed, with_session
from webapp.params import (MAX_QUERY, MAX_QUERY_STRING, MAX_VALUE, ParamError, check_query_string, int_arg,
                           list_page_args, parse_search_args, text_arg)
from webapp.present import SHOWN, facet_list_view, page_view, speaker_page_url, speaker_page_view

bp = Blueprint("clippings", __name__)

API_FACET_SIZE = 50
MAX_FACET_SIZE = 10_000


def _root() -> str:
    return request.script_root


def _state():
    return parse_search_args(request.args, request.query_string,
                             per_page=int(current_app.config["PER_PAGE"]))


@bp.get("/")
def search_page():
    state = _state()
    result = with_session(lambda session: session.search(state, _root(), facet_size=SHOWN))
    return render_template("search.html", r=result, state=state, view=page_view(result, state, _root()))


@bp.get("/api/search")
def api_search():
    state = _state()
    size = int_arg(request.args, "facet_size", API_FACET_SIZE, 1, MAX_FACET_SIZE)
    result = with_session(lambda session: session.search(state, _root(), facet_size=size))
    return jsonify(api_result(result, size))


def api_result(result: dict, facet_size: int) -> dict:
    """The JSON shape of a search: facets reduced to value, count, selected (top ``facet_size``);
    a language also has its readable ``label`` (its ``value`` is the code)."""
    out = dict(result)
    facets = result["facets"]
    out["facets"] = {name: api_values(name, facets[name][:facet_size]) for name in ("outlet", "speaker", "lang")}
    out["facets"]["date"] = facets["date"]
    out["results"] = [dict(r, snippets=[dict(s, html=str(s["html"])) for s in r["snippets"]])
                      for r in result["results"]]
    return out


def api_values(name: str, items: list[dict]) -> list[dict]:
    """A value facet's items as the API gives them: value, count, selected (and a language's
    readable ``label``: its ``value`` is the code)."""
    return [{"value": f["value"], **({"label": f["label"]} if name == "lang" else {}),
             "count": f["count"], "selected": f["selected"]} for f in items]


@bp.get("/facets/<name>")
def facet_page(name: str):
    if name not in ("outlet", "speaker", "lang"):
        abort(404)
    state = _state()
    contains, order = list_page_args(request.args)
    items = with_session(lambda session: session.facet_values(name, state))
    return render_template("facet.html", state=state,
                           facet=facet_list_view(name, items, state, _root(), contains, order))


def _speaker(name: str):
    """The speaker page dict of ``name`` for the request's state; a redirect when ``name`` stands
    for a speaker of another name ("ryder" for "Pat Ryder"), a 404 page with suggestions when
    it stands for none."""
    state = _state()
    name = name.strip()
    result = None
    if name and len(name) <= MAX_VALUE and "\x00" not in name:
        result = with_session(lambda session: session.speaker(name, state, _root()))
    if result is None:
        close = with_session(lambda session: session.speakers_like(name)) if name and len(name) <= MAX_VALUE else []
        raise UnknownSpeaker(name, [{"name": n, "url": speaker_page_url(_root(), n)} for n in close])
    if result["name"] != name:
        query = request.query_string.decode("utf-8", "replace")
        target = result["url"] if not request.path.startswith("/api/") else \
            f"{_root()}/api{result['url'][len(_root()):]}"
        return None, state, redirect(target + (f"?{query}" if query else ""), code=302)
    return result, state, None


@bp.get("/speaker/<path:name>")
def speaker_page(name: str):
    result, state, other = _speaker(name)
    if other is not None:
        return other
    return render_template("speaker.html", s=result, state=state, view=speaker_page_view(result, state, _root()))


@bp.get("/api/speaker/<path:name>")
def api_speaker(name: str):
    result, _state_, other = _speaker(name)
    if other is not None:
        return other
    out = dict(result, results=[dict(r, html=str(r["html"])) for r in result["results"]])
    out["facets"] = {"outlet": api_values("outlet", result["facets"]["outlet"]), "date": result["facets"]["date"]}
    return jsonify(out)


def _doc_args():
    """The article page's parameters: ``q``, the link's anchor (``p``, ``fp``, ``t``; ``gone``
    stands for ``p`` on the page a gone link was sent to) and the notices (``moved``, ``edited``,
    ``gone``: the number the link had)."""
    check_query_string(request.query_string)
    q = text_arg(request.args, "q", MAX_QUERY)
    n = int_arg(request.args, "p", 0, 1, 1_000_000) or None
    fp = text_arg(request.args, "fp", MAX_VALUE)
    if fp and not document.valid_fingerprint(fp):
        raise ParamError("'fp' must be a passage fingerprint (hexadecimal digits)")
    t = text_arg(request.args, "t", MAX_VALUE)
    notices = {name: int_arg(request.args, name, 0, 1, 1_000_000) or None for name in ("moved", "edited", "gone")}
    try:
        number = n or (notices["gone"] if fp else None)      # a gone page without fp: the notice only
        anchor = document.link_anchor(number, fp, t) if number else None
    except document.anchors.AnchorError as error:
        raise ParamError(str(error)) from None
    return q, anchor, notices


def _back(q: str):
    """The search the article page returns to (``back``, validated; else the search for ``q``)."""
    return document.back_state(text_arg(request.args, "back", MAX_QUERY_STRING), q)


def _article(doc_id: str, q: str, anchor) -> dict:
    """The article view landed on the link's ``anchor`` (see :func:`webapp.document.land`), or a 404."""
    if not document.valid_id(doc_id):
        abort(404)
    view = with_session(lambda session: session.article(doc_id, q, _root()))
    if view is None:
        redirect_if_renamed(doc_id)
        abort(404)
    return document.land(document.keep_search(view, _back(q), _root()), anchor)


@bp.get("/doc/<doc_id>")
def doc_page(doc_id: str):
    q, anchor, notices = _doc_args()
    view = _article(doc_id, q, anchor)
    link = view.get("link")
    if link and (link["status"] in ("moved", "edited") or (link["status"] == "gone" and not notices["gone"])):
        # Elsewhere now, or gone: send the browser there (the fragment is the browser's, so
        # only a redirect can move it): to the passage with its new link, or to the notice.
        return redirect(_landed_url(doc_id, q, view, anchor), code=302)
    return render_template("doc.html", d=view, moved=notices["moved"], edited=notices["edited"],
                           gone=notices["gone"])


def _landed_url(doc_id: str, q: str, view: dict, anchor) -> str:
    """The address a link that moved, was edited or is gone is sent to."""
    status, where = view["link"]["status"], view["link"]["passage"]
    if status == "gone":
        params = [("q", q)] if q else []
        params += [("gone", str(anchor.n))] + ([("fp", anchor.fp)] if anchor.fp else [])
        if anchor.lead or anchor.tail:
            params.append(("t", anchor.lead + ("~" + anchor.tail if anchor.tail else "")))
        if view["back"]:
            params.append(("back", view["back"]))
        return f"{_root()}/doc/{quote(doc_id)}?{urlencode(params)}#notice"
    url, fragment = view["passages"][where - 1]["link"].split("#")
    return f"{url}&{urlencode([(status, str(anchor.n))])}#{fragment}"


@bp.get("/api/doc/<doc_id>")
def api_doc(doc_id: str):
    q, anchor, _notices = _doc_args()
    view = _article(doc_id, q, anchor)
    out = document.api_article(view)
    if anchor is not None:
        out["link"] = view["link"]
        if view["link"]["status"] == "gone":
            out["link"]["nearest"] = [p["n"] for p in view["nearest"]]
    return jsonify(out)
