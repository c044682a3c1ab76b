"""``/cite/<id>``: the citation of an article (or of passage ``p``) as text, CSL-JSON or RIS."""

from __future__ import annotations

from urllib.parse import urljoin

from flask import Blueprint, Response, abort, request

from webapp import cite, document
from webapp.backend import redirect_if_renamed, with_session
from webapp.params import ParamError, check_query_string, int_arg, text_arg

bp = Blueprint("cite", __name__)


@bp.get("/cite/<doc_id>")
def cite_page(doc_id: str):
    check_query_string(request.query_string)
    name = text_arg(request.args, "format", 8) or "text"
    if name not in cite.FORMATS:
        raise ParamError(f"'format' must be one of {', '.join(cite.FORMATS)} (got '{name}')")
    passage = int_arg(request.args, "p", 0, 1, 1_000_000) or None
    if not document.valid_id(doc_id):
        abort(404)
    view = with_session(lambda session: session.article(doc_id, "", request.script_root))
    if view is None:
        redirect_if_renamed(doc_id)
        abort(404)
    try:
        record = cite.citation(view, passage, lambda link: urljoin(request.host_url, link))
    except cite.CiteError as exc:
        raise ParamError(str(exc)) from None
    fmt = cite.FORMATS[name]
    response = Response(fmt.write(record), content_type=f"{fmt.mimetype}; charset=utf-8")
    if fmt.extension:
        filename = f"{record.doc_id}{f'-p{passage}' if passage else ''}.{fmt.extension}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
