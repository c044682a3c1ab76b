"""Who may read: the access mode and the check in front of every request.

Three modes (config ``AUTH``; left empty, the mode is inferred):

- ``signin``: people sign in with a name and password from the users file
  (:mod:`webapp.users`, kept by ``clippings users``); the pages, sessions,
  CSRF protection and the limit on failed sign-ins are in :mod:`webapp.signin`.
  Inferred when the users file (``USERS_FILE``) exists.
- ``proxy``: a reverse proxy in front signs people in and names the user in a
  header (``AUTH_PROXY_HEADER``, e.g. ``X-Remote-User``); the header counts only
  on a request that comes from one of ``TRUSTED_PROXIES`` (loopback by default).
  Inferred when ``AUTH_PROXY_HEADER`` is set.
- ``none``: open access, as before (the default). The app cannot know where it
  listens: ``clippings serve`` (:mod:`webapp.serving`) refuses a non-loopback
  address in this mode.

Without credentials, a page answers a redirect to the sign-in page (``signin``)
or 401 (``proxy``); the JSON API (``/api/...``), the downloads, the feed, the
OpenSearch description and the citations (:data:`DATA_BLUEPRINTS`) answer 401
in both modes. The
sign-in page and static files are open. The mode is fixed when the app is made;
the users file is read again whenever it changes.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from flask import current_app, g, redirect, request, url_for

from webapp import errors
from webapp.users import UsersFile, default_path

OPEN, SIGNIN, PROXY = "none", "signin", "proxy"
MODES = (OPEN, SIGNIN, PROXY)

#: Blueprints whose routes answer files and data, not pages: 401 rather than a redirect to the sign-in page.
DATA_BLUEPRINTS = frozenset({"exports", "cite"})
MAX_PROXY_USER = 256
PATH_SAFE = "/:@!$&'()*+,;=-._~"

#: The app's defaults (a test config or ``instance/config.py`` overrides them).
DEFAULTS = {
    "AUTH": "",
    "USERS_FILE": None,
    "AUTH_PROXY_HEADER": "",
    "TRUSTED_PROXIES": ["127.0.0.1", "::1"],
    "SECRET_KEY_FILE": None,
    "SIGNIN_LIMIT_ADDRESS": "10 per minute;50 per hour",
    "SIGNIN_LIMIT_USER": "10 per 15 minutes",
    "SESSION_COOKIE_NAME": "clippings_session",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=12),
}

#: Environment variables read by a served app (not by one made with a test config), as config keys.
ENVIRONMENT = {"CLIPPINGS_AUTH": "AUTH", "CLIPPINGS_AUTH_PROXY_HEADER": "AUTH_PROXY_HEADER"}


class AccessConfigError(Exception):
    """The access settings contradict each other or cannot be read."""


def served_defaults(environ=os.environ) -> dict:
    """The defaults of an app served for real: the users file in the instance folder
    (``$CLIPPINGS_USERS`` moves it, :func:`webapp.users.default_path`) and :data:`ENVIRONMENT`."""
    settings = {"USERS_FILE": str(default_path())}
    settings.update({key: environ[name] for name, key in ENVIRONMENT.items() if environ.get(name)})
    return settings


@dataclass
class Access:
    """The app's access mode and what it needs to check a request."""

    mode: str
    header: str = ""
    proxies: tuple = ()
    users: UsersFile | None = None
    public: frozenset = field(default_factory=frozenset)

    def trusts(self, address: str | None) -> bool:
        """Whether ``address`` is one of the trusted proxies."""
        try:
            ip = ipaddress.ip_address((address or "").split("%", 1)[0])
        except ValueError:
            return False
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        return any(ip in network for network in self.proxies)

    def describe(self) -> str:
        if self.mode == SIGNIN:
            return f"sign-in (users file {self.users.path})"
        if self.mode == PROXY:
            return (f"trusted proxy header {self.header} from "
                    f"{', '.join(str(n) for n in self.proxies)}")
        return "none (open access)"


def resolve(config) -> Access:
    """The :class:`Access` the configuration asks for; :class:`AccessConfigError` when it cannot be."""
    wanted = str(config.get("AUTH") or "").strip().lower()
    header = str(config.get("AUTH_PROXY_HEADER") or "").strip()
    users_file = config.get("USERS_FILE")
    if wanted and wanted not in MODES:
        raise AccessConfigError(f"AUTH must be one of {', '.join(MODES)} or empty (got '{wanted}')")
    mode = wanted or (PROXY if header else SIGNIN if users_file and Path(users_file).is_file() else OPEN)
    if mode == PROXY and not header:
        raise AccessConfigError("AUTH = 'proxy' needs AUTH_PROXY_HEADER, the header the proxy names the user in "
                                "(e.g. 'X-Remote-User')")
    if mode == SIGNIN and not users_file:
        raise AccessConfigError("AUTH = 'signin' needs USERS_FILE (the file 'clippings users add' writes)")
    try:
        proxies = tuple(ipaddress.ip_network(str(p), strict=False) for p in config.get("TRUSTED_PROXIES") or ())
    except ValueError as exc:
        raise AccessConfigError(f"TRUSTED_PROXIES: {exc}") from None
    if mode == PROXY and not proxies:
        raise AccessConfigError("AUTH = 'proxy' needs TRUSTED_PROXIES, the proxy's addresses")
    users = UsersFile(users_file) if mode == SIGNIN else None
    public = frozenset({"static", "auth.sign_in"} if mode == SIGNIN else {"static"})
    return Access(mode, header if mode == PROXY else "", proxies, users, public)


def current_access() -> Access:
    return current_app.extensions["clippings_access"]


def init_app(app) -> Access:
    access = resolve(app.config)
    app.extensions["clippings_access"] = access
    if access.mode == OPEN:
        return access
    if access.mode == SIGNIN:
        from webapp import signin
        signin.init_app(app, access)
    app.before_request(guard)
    app.after_request(private)
    app.context_processor(lambda: {"account": account()})
    return access


# -- every request ----------------------------------------------------------------------------

def user_name() -> str | None:
    """Who made this request: the signed-in user, or the user the trusted proxy named; else ``None``."""
    if "access_user" not in g:
        access = current_access()
        if access.mode == SIGNIN:
            from flask_login import current_user
            g.access_user = current_user.name if current_user.is_authenticated else None
        elif access.mode == PROXY:
            g.access_user = proxy_user(access)
        else:
            g.access_user = None
    return g.access_user


def account() -> dict | None:
    """The page header's account line: the user's name, and whether there is a sign-out button."""
    name = user_name()
    return {"name": name, "sign_out": current_access().mode == SIGNIN} if name else None


def guard():
    """Before every request: let it through, or answer for want of credentials."""
    access = current_access()
    if request.endpoint in access.public or user_name() is not None:
        return None
    return deny(access)


def deny(access: Access):
    if is_data_route() or access.mode == PROXY:
        message = ("Sign in first: this address needs a signed-in session." if access.mode == SIGNIN else
                   "This request did not come with a signed-in user from the proxy Clippings is served behind.")
        return errors.respond(401, "Sign-in required", message)
    return redirect(url_for("auth.sign_in", next=here()), code=303)


def is_data_route() -> bool:
    return request.path.startswith("/api/") or request.blueprint in DATA_BLUEPRINTS


def here() -> str:
    """This request's local address (script root, path, query), to come back to after signing in."""
    if request.method not in ("GET", "HEAD"):
        return request.script_root + "/"
    query = request.query_string.decode("latin-1")
    return request.script_root + quote(request.path, safe=PATH_SAFE) + (f"?{query}" if query else "")


def proxy_user(access: Access) -> str | None:
    """The user named in the proxy header, when the request comes from a trusted proxy."""
    value = request.headers.get(access.header)
    if value is None:
        return None
    if not access.trusts(request.remote_addr):
        current_app.logger.warning("ignored the %s header of a request from %s, not a trusted proxy",
                                   access.header, request.remote_addr)
        return None
    value = value.strip()
    if not value or len(value) > MAX_PROXY_USER or not value.isprintable():
        return None
    return value


def client_address() -> str:
    """The client's address: behind a trusted proxy, the nearest untrusted ``X-Forwarded-For`` hop."""
    access = current_access()
    remote = request.remote_addr or ""
    if not access.trusts(remote):
        return remote
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not access.trusts(hop):
            return hop
    return hops[0] if hops else remote


def private(response):
    """Pages for signed-in users are theirs: no shared cache keeps them."""
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "private")
        access = current_access()
        response.vary.add(access.header if access.mode == PROXY else "Cookie")
    return response
