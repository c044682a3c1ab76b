"""Signing in and out (the ``signin`` access mode of :mod:`webapp.access`), on maintained parts.

- Sessions: Flask-Login over Flask's signed session cookie (HttpOnly,
  SameSite=Lax, ``Secure`` when ``SESSION_COOKIE_SECURE``; 12 hours by
  default). The session holds the user's name and a digest of their password
  hash, so a new password or a removed user ends every session.
- The secret that signs the cookie: ``SECRET_KEY`` when configured, else one
  made once and kept in ``SECRET_KEY_FILE`` (by default ``secret_key`` beside the
  users file: ``instance/secret_key``; mode 0600).
- CSRF: Flask-WTF's ``CSRFProtect`` on every POST (the sign-in and sign-out
  forms are the only ones); the token lives as long as the session.
- Failed sign-ins: Flask-Limiter, in this process's memory, counts failures
  per client address (``SIGNIN_LIMIT_ADDRESS``) and per name
  (``SIGNIN_LIMIT_USER``, known or not); past a limit the form answers 429
  without checking any password until the window has passed.
- No user enumeration: an unknown name and a wrong password give the same
  page, after the same work (:meth:`webapp.users.UsersFile.authenticate`).
- ``next``: after signing in the browser goes back to the page it asked for,
  only ever a path on this site (:func:`local_target`).
"""

from __future__ import annotations

import math
import secrets
import time
from pathlib import Path

from flask import Blueprint, current_app, flash, redirect, render_template, request, session
from flask_limiter import Limiter, RateLimitExceeded
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from webapp import errors
from webapp.access import Access, client_address, current_access
from webapp.private_files import read_or_create_secret
from webapp.users import MAX_PASSWORD, UsersError, name_key

bp = Blueprint("auth", __name__)

FAILED = "The name or the password is not right."
TOO_MANY = "Too many failed sign-ins from this address or for this name. Try again in {wait}."
EXPIRED = "The form had expired. Please sign in again."
MAX_TARGET = 8192


class Account(UserMixin):
    """A signed-in user as Flask-Login sees them; the id carries the password digest."""

    def __init__(self, name: str, token: str):
        self.name = name
        self.token = token

    def get_id(self) -> str:
        return f"{self.token}:{self.name}"


def load_account(user_id: str) -> Account | None:
    """The session's user while they are still in the users file with the same password."""
    token, _, name = user_id.partition(":")
    try:
        user = current_access().users.get(name)
    except UsersError as exc:
        current_app.logger.error("%s", exc)
        return None
    if user is None or not secrets.compare_digest(user.token, token):
        return None
    return Account(user.name, user.token)


def init_app(app, access: Access) -> None:
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret(app)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)      # as long as the session
    CSRFProtect(app)
    logins = LoginManager(app)
    logins.user_loader(load_account)
    logins.session_protection = "basic"
    app.register_blueprint(bp)
    # The limits are this app's: its own limiter wraps its copy of the sign-in view.
    limiter = Limiter(key_func=client_address, app=app, storage_uri="memory://", key_prefix="signin")
    view = app.view_functions["auth.sign_in"]
    for setting, key in (("SIGNIN_LIMIT_ADDRESS", client_address), ("SIGNIN_LIMIT_USER", _name_limit_key)):
        view = limiter.limit(app.config[setting], key_func=key, methods=["POST"], deduct_when=_failed)(view)
    app.view_functions["auth.sign_in"] = view
    app.extensions["clippings_limiter"] = limiter
    app.register_error_handler(RateLimitExceeded, too_many)
    app.register_error_handler(CSRFError, form_expired)


def _secret(app) -> str:
    """The secret in ``SECRET_KEY_FILE``, by default ``secret_key`` beside the users file."""
    path = app.config.get("SECRET_KEY_FILE") or Path(app.config["USERS_FILE"]).parent / "secret_key"
    return read_or_create_secret(Path(path))


def _failed(response) -> bool:
    return response.status_code == 401


def _name_limit_key() -> str:
    return "name:" + name_key(request.form.get("username", ""))[:256]


# -- the pages -----------------------------------------------------------------------------------

@bp.route("/signin", methods=["GET", "POST"])
def sign_in():
    target = local_target(request.values.get("next"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target, code=303)
        return render_template("signin.html", next=target, error=None)
    name = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    try:
        user = current_access().users.authenticate(name, password[:MAX_PASSWORD])
    except UsersError as exc:
        current_app.logger.error("sign-in refused: %s", exc)
        user = None
    if user is None:
        return render_template("signin.html", next=target, error=FAILED), 401
    session.clear()                     # nothing of the anonymous session carries over
    login_user(Account(user.name, user.token))
    session.permanent = True
    return redirect(target, code=303)


@bp.post("/signout")
def sign_out():
    logout_user()
    session.clear()
    flash("You are signed out.")
    return redirect(f"{request.script_root}/signin", code=303)


def too_many(exc: RateLimitExceeded):
    wait = _retry_after()
    minutes = max(1, math.ceil(wait / 60))
    message = TOO_MANY.format(wait=f"{minutes} minute{'s' if minutes != 1 else ''}")
    target = local_target(request.values.get("next"))
    response = current_app.make_response((render_template("signin.html", next=target, error=message), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def _retry_after() -> int:
    limit = current_app.extensions["clippings_limiter"].current_limit
    return max(1, int(limit.reset_at - time.time())) if limit else 60


def form_expired(exc: CSRFError):
    if request.endpoint == "auth.sign_in":
        target = local_target(request.values.get("next"))
        return render_template("signin.html", next=target, error=EXPIRED), 400
    return errors.respond(400, "The form had expired", "Reload the page and try again.")


def local_target(value: str | None) -> str:
    """``value`` when it is a path on this site, else the search page: the one guard against open
    redirects. A path starts with one ``/`` (``//host`` is another site) and holds no ``\\`` and no
    space or control character (browsers read ``/\\host`` and ``/<tab>/host`` as ``//host``); under a
    script root it starts with that root."""
    home = f"{request.script_root}/"
    if not value or len(value) > MAX_TARGET or not value.startswith("/") or value.startswith("//"):
        return home
    if "\\" in value or any(ord(c) < 0x21 or ord(c) == 0x7f for c in value):
        return home
    if request.script_root and not (value == request.script_root or value.startswith(request.script_root + "/")):
        return home
    return value
