"""Clippings' web app: faceted keyword search over the index, read-only.

``create_app`` is the Flask application factory (``flask --app webapp run``,
``waitress-serve --call webapp:create_app``).  Configuration: the defaults
(``INDEX_DIR`` and ``CORPUS_DIR`` from the indexer's, ``$CLIPPINGS_INDEX`` and
``$CLIPPINGS_CORPUS``; ``PER_PAGE`` 10; ``WARM`` true), then either ``instance/config.py``
(when there is no ``test_config``) or ``test_config``.  The search engine
is ``BACKEND`` when set (a :class:`webapp.backend.Backend`), otherwise the
Whoosh index in ``INDEX_DIR``, built from ``CORPUS_DIR``.  With ``WARM``
the app prepares what the first request needs in a background thread
(:mod:`webapp.warm`); ``create_app`` does not wait for it.

Who may read (:mod:`webapp.access`): ``AUTH`` (``none``, ``signin``, ``proxy``; by
default inferred: ``proxy`` when ``AUTH_PROXY_HEADER`` is set, ``signin`` when
``USERS_FILE`` exists, else open access).  A served app (no ``test_config``)
takes ``USERS_FILE`` (``$CLIPPINGS_USERS``, else ``users.json`` in the instance
folder), ``$CLIPPINGS_AUTH`` and ``$CLIPPINGS_AUTH_PROXY_HEADER`` as defaults
under ``instance/config.py``; an app made with a test config reads
no environment and no users file it is not given, so it is open unless told.
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from indexer.config import default_corpus_dir, default_index_dir


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app."""
    from webapp import access

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=str(default_index_dir()),
        CORPUS_DIR=str(default_corpus_dir()),
        PER_PAGE=10,
        BACKEND=None,
        WARM=True,
        **access.DEFAULTS,
    )
    if test_config is None:
        app.config.from_mapping(access.served_defaults())
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.config["INDEX_DIR"] = str(Path(app.config["INDEX_DIR"]).resolve())
    app.config["CORPUS_DIR"] = str(Path(app.config["CORPUS_DIR"]).resolve())
    # An id is one path segment: "/doc//x" must be a 404, not a redirect to "/doc/x".
    app.url_map.merge_slashes = False
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from webapp import backend, cli, errors, security, views, warm

    engine = app.config["BACKEND"] or _configured_backend(app.config, test_config is not None)
    backend.init_app(app, engine)
    security.init_app(app)
    access.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(views.bp)
    from webapp.cite_views import bp as cite_bp; app.register_blueprint(cite_bp)
    from webapp.export_views import bp as export_bp; app.register_blueprint(export_bp)
    if app.config["WARM"]:
        warm.start(app, engine)
    return app


def _configured_backend(config, testing: bool):
    """The Whoosh index in ``INDEX_DIR``, or the searchd cluster when ``CLIPPINGS_BACKEND`` is
    ``searchd`` (the environment, else the app's config: ``instance/config.py`` or the test config)."""
    from indexer.searchd.config import BACKEND_ENV, SEARCHD_ENV, settings
    source = {k: config.get(k) for k in (BACKEND_ENV, SEARCHD_ENV) if config.get(k)}
    if not testing:
        source.update({k: os.environ[k] for k in (BACKEND_ENV, SEARCHD_ENV) if os.environ.get(k)})
    name, cluster = settings(source)
    if name == "searchd":
        from webapp.searchd_backend import CACHE_ENV, SearchdBackend, cache_size
        cache = config.get("SEARCHD_CACHE")
        cache = cache if testing else os.environ.get(CACHE_ENV, cache)
        return SearchdBackend(cluster, config["INDEX_DIR"], config["CORPUS_DIR"], cache=cache_size(cache))
    from webapp.whoosh_backend import WhooshBackend
    return WhooshBackend(config["INDEX_DIR"], config["CORPUS_DIR"])
