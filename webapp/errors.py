"""Error responses: HTML pages for people, JSON under /api/, always with the right status."""

from __future__ import annotations

from flask import current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from webapp.backend import NoIndex, Unavailable, UnknownSpeaker, current_backend
from webapp.params import ParamError

NO_INDEX_HELP = ("There is no index yet. Build one with '{command}' "
                 "(or 'make run', which indexes corpus/ and starts the server), then reload this page.")


def wants_json() -> bool:
    return request.path.startswith("/api/")


def respond(status: int, title: str, message: str, template: str = "error.html", **extra):
    if wants_json():
        response = jsonify({"error": {"status": status, "title": title, "message": message, **extra}})
        response.status_code = status
        return response
    return render_template(template, status=status, title=title, message=message, **extra), status


def bad_request(exc: ParamError):
    return respond(400, "Bad request", str(exc))


def http_error(exc: HTTPException):
    messages = {
        404: "There is no page here. The article may have been removed from the index.",
        405: "This address does not accept that method.",
    }
    message = messages.get(exc.code) or exc.description or exc.name
    return respond(exc.code or 500, exc.name, message)


def no_index(exc: NoIndex):
    backend = current_backend()
    return respond(503, "No index yet", NO_INDEX_HELP.format(command=backend.build_command),
                   template="noindex.html", index_dir=backend.location, command=backend.build_command)


def unavailable(exc: Unavailable):
    current_app.logger.warning("search backend unavailable: %s", exc)
    return respond(503, "Search is unavailable", f"{exc} Please try again in a moment.")


def unknown_speaker(exc: UnknownSpeaker):
    shown = exc.name if len(exc.name) <= 80 else exc.name[:80] + "…"
    return respond(404, "No such speaker", f"No one called “{shown}” is quoted in the indexed articles.",
                   suggestions=exc.suggestions)


def server_error(exc: Exception):
    original = getattr(exc, "original_exception", None) or exc
    current_app.logger.error("unhandled error", exc_info=original)
    return respond(500, "Something went wrong",
                   "The search failed unexpectedly. Please try again; if it keeps happening, report it.")


def init_app(app) -> None:
    app.register_error_handler(ParamError, bad_request)
    app.register_error_handler(NoIndex, no_index)
    app.register_error_handler(Unavailable, unavailable)
    app.register_error_handler(UnknownSpeaker, unknown_speaker)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, server_error)
