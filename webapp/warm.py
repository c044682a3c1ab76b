"""Warming at start-up: what the first request needs, prepared in a background thread.

:func:`start` (called by ``create_app`` unless ``WARM`` is false) runs one
daemon thread that asks the backend to warm (:meth:`webapp.backend.Backend.warm`;
for Whoosh: open the newest state with its facet columns, field lengths and
posting-reader check, and run one small search so lazily imported code such
as NLTK's stemmer is loaded), after compiling the app's templates.  ``create_app``
returns at once; a request arriving meanwhile waits for the same opening of
the index (one thread opens a state, the others share it) instead of doing
the work twice.  Failures are logged, never raised: the first request then
does the work itself, as without warming.
"""

from __future__ import annotations

import logging
import threading

from webapp.backend import Backend, NoIndex

EXTENSION = "clippings_warming"
log = logging.getLogger(__name__)


def start(app, backend: Backend) -> threading.Thread:
    """Start warming ``app`` and its ``backend`` in a daemon thread (kept in ``app.extensions``)."""
    thread = threading.Thread(target=_warm, args=(app, backend), name="clippings-warm", daemon=True)
    app.extensions[EXTENSION] = thread
    thread.start()
    return thread


def wait(app, timeout: float | None = None) -> bool:
    """Wait for ``app``'s warming to end; False if it is still running (or never started)."""
    thread = app.extensions.get(EXTENSION)
    if thread is None:
        return False
    thread.join(timeout)
    return not thread.is_alive()


def _warm(app, backend: Backend) -> None:
    # Templates first: a request arriving at once spends that time opening the index,
    # which this thread then shares instead of repeating (compiling twice would not be).
    try:
        for name in app.jinja_env.list_templates(extensions=["html"]):
            app.jinja_env.get_template(name)
    except Exception:  # noqa: BLE001 - warming is an optimisation: the request path reports real errors
        log.warning("compiling the templates ahead of use failed", exc_info=True)
    try:
        backend.warm()
    except NoIndex:
        log.info("no index to warm yet; the first request will open it")
    except Exception:  # noqa: BLE001 - as above
        log.warning("warming the search backend failed; the first request will do it", exc_info=True)
