"""Clippings' web app: faceted keyword search over the index, read-only.

``create_app`` is the Flask application factory (``flask --app webapp run``,
``waitress-serve --call webapp:create_app``).  Configuration, lowest
priority first: the indexer's defaults (``$CLIPPINGS_INDEX``,
``$CLIPPINGS_CORPUS``), ``instance/config.py``, then ``test_config``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from indexer.config import default_corpus_dir, default_index_dir


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        INDEX_DIR=str(default_index_dir()),
        CORPUS_DIR=str(default_corpus_dir()),
        PER_PAGE=10,
        JSON_SORT_KEYS=False,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.config["INDEX_DIR"] = str(Path(app.config["INDEX_DIR"]).resolve())
    app.config["CORPUS_DIR"] = str(Path(app.config["CORPUS_DIR"]).resolve())
    # An id is one path segment: "/doc//x" must be a 404, not a redirect to "/doc/x".
    app.url_map.merge_slashes = False
    app.json.sort_keys = False
    app.json.ensure_ascii = False

    from webapp import cli, errors, index, security, views

    index.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    app.register_blueprint(views.bp)
    return app
