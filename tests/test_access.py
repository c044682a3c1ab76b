"""Who may read: the access modes, every route without credentials, signing in and out, sessions,
CSRF, local-only ``next``, no user enumeration and the limit on failed sign-ins (test client)."""

from __future__ import annotations

import re
import stat

import argon2
import pytest
from flask import request

from helpers import write_users
from webapp import access, create_app, users
from webapp.access import AccessConfigError, resolve

PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


@pytest.fixture(autouse=True)
def _cheap(cheap_hashes):
    """Every test here hashes with the cheapest argon2id (the hasher is what counts, not its cost)."""


@pytest.fixture
def users_file(tmp_path):
    return write_users(tmp_path / "instance" / "users.json", {"ann": PASSWORD, "Bob.Smith@example.org": PASSWORD})


@pytest.fixture
def signin_app(make_app, seed_index, seed_corpus, users_file):
    def make(**config):
        settings = {"CORPUS_DIR": str(seed_corpus), "USERS_FILE": str(users_file), "SECRET_KEY": "k" * 64,
                    "WARM": False, **config}
        return make_app(seed_index, **settings)
    return make


@pytest.fixture
def sapp(signin_app):
    return signin_app()


def csrf(client) -> str:
    html = client.get("/signin").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def sign_in(client, name="ann", password=PASSWORD, next_url=None, **kwargs):
    data = {"csrf_token": csrf(client), "username": name, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/signin", data=data, **kwargs)


def seed_id(app) -> str:
    """An article id of the app's index (asked of an open app over the same index)."""
    client = create_app({"TESTING": True, "INDEX_DIR": app.config["INDEX_DIR"], "WARM": False}).test_client()
    return client.get("/api/search?sort=oldest").get_json()["results"][0]["id"]


# -- the mode ----------------------------------------------------------------------------------------

def test_an_app_made_with_a_test_config_is_open_as_before(app, monkeypatch, tmp_path):
    monkeypatch.setenv("CLIPPINGS_AUTH_PROXY_HEADER", "X-Remote-User")
    monkeypatch.setenv("CLIPPINGS_USERS", str(write_users(tmp_path / "u.json", {"ann": PASSWORD})))
    made = create_app({"TESTING": True, "INDEX_DIR": app.config["INDEX_DIR"], "WARM": False})
    assert made.extensions["clippings_access"].mode == access.OPEN
    response = made.test_client().get("/?q=troops")
    assert response.status_code == 200 and "Cache-Control" not in response.headers
    assert 'class="account"' not in response.get_data(as_text=True)


def test_the_mode_is_inferred_from_the_users_file_and_the_proxy_header(tmp_path):
    assert resolve({"USERS_FILE": str(tmp_path / "none.json")}).mode == access.OPEN
    path = write_users(tmp_path / "users.json", {"ann": PASSWORD})
    assert resolve({"USERS_FILE": str(path)}).mode == access.SIGNIN
    assert resolve({"USERS_FILE": str(path), "AUTH_PROXY_HEADER": "X-Remote-User",
                    "TRUSTED_PROXIES": ["127.0.0.1"]}).mode == access.PROXY
    assert resolve({"USERS_FILE": str(path), "AUTH": "none"}).mode == access.OPEN
    assert resolve({"USERS_FILE": str(tmp_path / "later.json"), "AUTH": "signin"}).mode == access.SIGNIN


@pytest.mark.parametrize("config, says", [
    ({"AUTH": "ldap"}, "AUTH must be one of"),
    ({"AUTH": "proxy"}, "AUTH_PROXY_HEADER"),
    ({"AUTH": "signin"}, "USERS_FILE"),
    ({"AUTH_PROXY_HEADER": "X-User", "TRUSTED_PROXIES": ["not-an-address"]}, "TRUSTED_PROXIES"),
    ({"AUTH_PROXY_HEADER": "X-User", "TRUSTED_PROXIES": []}, "TRUSTED_PROXIES"),
])
def test_contradictory_settings_are_a_clear_error(config, says):
    with pytest.raises(AccessConfigError, match=says):
        resolve(config)


def test_a_served_app_takes_its_defaults_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLIPPINGS_USERS", str(tmp_path / "u.json"))
    monkeypatch.setenv("CLIPPINGS_AUTH", "proxy")
    monkeypatch.setenv("CLIPPINGS_AUTH_PROXY_HEADER", "X-Forwarded-User")
    settings = access.served_defaults()
    assert settings["USERS_FILE"] == str(tmp_path / "u.json")
    assert settings["AUTH"] == "proxy" and settings["AUTH_PROXY_HEADER"] == "X-Forwarded-User"
    monkeypatch.delenv("CLIPPINGS_USERS")
    assert users.default_path().parts[-2:] == ("instance", "users.json")


# -- every route without credentials ------------------------------------------------------------------

def _sample_url(app, rule, values: dict) -> str:
    adapter = app.url_map.bind("localhost")
    args = {name: values.get(name, "x") for name in rule.arguments}
    return adapter.build(rule.endpoint, args, append_unknown=False)


def _routes(app, values):
    """Every (method, url, rule) of the app but static files and the sign-in page itself."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.sign_in"):
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, _sample_url(app, rule, values), rule


def test_every_route_wants_credentials_pages_redirect_data_401(sapp):
    """Enumerates the url_map, so a route added later is covered without touching this test. The judge
    is the signed-in answer: an HTML page must redirect to the sign-in page, anything else answer 401."""
    values = {"doc_id": seed_id(sapp), "name": "outlet"}
    signed = sapp.test_client()
    assert sign_in(signed).status_code == 303
    anonymous = sapp.test_client()
    token = csrf(anonymous)
    seen = set()
    for method, url, rule in _routes(sapp, values):
        seen.add(rule.rule)
        data = {"csrf_token": token} if method != "GET" else None
        response = anonymous.open(url, method=method, data=data)
        if method == "GET":
            html = signed.get(url).mimetype == "text/html"
        else:
            html = not rule.rule.startswith("/api/")
        if rule.rule.startswith("/api/"):
            assert response.status_code == 401, url
            assert response.get_json()["error"]["status"] == 401, url
        elif html:
            assert response.status_code == 303, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/signin?next="), url
        else:
            assert response.status_code == 401, (url, response.status_code)
    assert {"/", "/api/search", "/doc/<doc_id>", "/export.csv", "/feed", "/opensearch.xml", "/signout"} <= seen
    assert anonymous.get("/no/such/page").status_code == 303        # denied before routing
    assert anonymous.get("/static/style.css").status_code == 200
    assert anonymous.get("/signin").status_code == 200


def test_the_redirect_carries_the_requested_address_back(sapp):
    client = sapp.test_client()
    response = client.get("/?q=north+korean&outlet=Reuters&page=2")
    assert response.status_code == 303
    next_url = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/?q=north+korean&amp;outlet=Reuters&amp;page=2"' in next_url
    landed = sign_in(client, next_url="/?q=north+korean&outlet=Reuters&page=2")
    assert landed.headers["Location"] == "/?q=north+korean&outlet=Reuters&page=2"


@pytest.mark.parametrize("target", [
    "//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example", "/\t/evil.example",
    "javascript:alert(1)", "evil.example", "/%0a", "/x\r\nSet-Cookie: a=b", "http:/evil.example", "",
])
def test_next_only_ever_goes_to_a_local_path(sapp, target):
    response = sign_in(sapp.test_client(), next_url=target)
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == ("/%0a" if target == "/%0a" else "/")


def test_under_a_script_root_next_stays_inside_it(sapp):
    client = sapp.test_client()
    root = {"base_url": "http://localhost/news"}
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/signin", **root).get_data(as_text=True)).group(1)
    assert client.get("/?q=troops", **root).headers["Location"] == "/news/signin?next=/news/?q%3Dtroops"
    for target, landing in (("/news/?q=troops", "/news/?q=troops"), ("/other/", "/news/"), ("/newsroom", "/news/")):
        response = client.post("/signin", **root,
                               data={"csrf_token": token, "username": "ann", "password": "wrong", "next": target})
        assert f'name="next" value="{landing}"' in response.get_data(as_text=True)


# -- signing in and out -------------------------------------------------------------------------------

def test_signing_in_serves_the_pages_and_shows_who_is_signed_in(sapp):
    client = sapp.test_client()
    assert sign_in(client).status_code == 303
    response = client.get("/?q=troops")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private" and "Cookie" in response.headers["Vary"]
    header = re.search(r'<div class="account">.*?</div>', response.get_data(as_text=True), re.S).group(0)
    assert ">ann<" in header and 'action="/signout"' in header and "csrf_token" in header
    assert client.get("/api/search?q=troops").status_code == 200
    assert client.get("/export.csv").status_code == 200
    assert client.get("/signin").headers["Location"] == "/"        # already signed in


def test_names_are_matched_without_regard_to_case(sapp):
    client = sapp.test_client()
    assert sign_in(client, name="BOB.smith@EXAMPLE.org").status_code == 303
    assert ">Bob.Smith@example.org<" in client.get("/").get_data(as_text=True)


def test_the_session_cookie_is_httponly_lax_and_secure_when_configured(sapp, signin_app):
    cookie = sign_in(sapp.test_client()).headers["Set-Cookie"]
    assert cookie.startswith("clippings_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie and "Expires=" in cookie
    secure = signin_app(SESSION_COOKIE_SECURE=True).test_client()
    assert "Secure" in sign_in(secure).headers["Set-Cookie"]


def test_sign_out_ends_the_session(sapp):
    client = sapp.test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'action="/signout".*?name="csrf_token" value="([^"]+)"', page, re.S).group(1)
    assert client.get("/signout").status_code == 405                   # never by a mere link
    response = client.post("/signout", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/signin"
    assert "You are signed out." in client.get("/signin").get_data(as_text=True)
    assert client.get("/").status_code == 303


def test_the_forms_want_their_csrf_token(sapp):
    client = sapp.test_client()
    csrf(client)
    response = client.post("/signin", data={"username": "ann", "password": PASSWORD})
    assert response.status_code == 400 and "The form had expired" in response.get_data(as_text=True)
    assert client.get("/").status_code == 303                          # not signed in
    sign_in(client)
    assert client.post("/signout").status_code == 400                  # no token: still signed in
    assert client.get("/").status_code == 200


def test_removing_a_user_or_changing_a_password_ends_their_sessions(sapp, users_file):
    ann, bob = sapp.test_client(), sapp.test_client()
    sign_in(ann)
    sign_in(bob, name="bob.smith@example.org")
    users.UsersFile(users_file).set_password("ann", "a new password")
    assert ann.get("/").status_code == 303
    assert bob.get("/").status_code == 200
    users.UsersFile(users_file).remove("Bob.Smith@example.org")
    assert bob.get("/").status_code == 303
    assert sign_in(ann, password="a new password").status_code == 303


def test_a_user_added_while_the_app_runs_can_sign_in(sapp, users_file):
    users.UsersFile(users_file).add("cat", "purring loudly")
    assert sign_in(sapp.test_client(), name="cat", password="purring loudly").status_code == 303


def test_a_damaged_users_file_refuses_everyone(sapp, users_file):
    client = sapp.test_client()
    sign_in(client)
    users_file.write_text("{not json")
    assert client.get("/").status_code == 303
    assert sign_in(sapp.test_client()).status_code == 401


def test_the_secret_is_made_once_kept_private_and_outlives_the_process(signin_app, tmp_path, users_file):
    key_file = tmp_path / "instance" / "secret_key"
    first = signin_app(SECRET_KEY=None, SECRET_KEY_FILE=str(key_file))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    client = first.test_client()
    sign_in(client)
    again = signin_app(SECRET_KEY=None, SECRET_KEY_FILE=str(key_file))     # a restarted server
    cookie = client.get_cookie("clippings_session")
    restarted = again.test_client()
    restarted.set_cookie("clippings_session", cookie.value)
    assert restarted.get("/").status_code == 200
    assert again.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    beside = signin_app(SECRET_KEY=None)                                     # by default: beside the users file
    assert beside.config["SECRET_KEY"] == (users_file.parent / "secret_key").read_text().strip()


# -- no user enumeration --------------------------------------------------------------------------------

def test_unknown_name_and_wrong_password_answer_the_same(sapp):
    client = sapp.test_client()
    answers = [sign_in(client, name=name, password=password, next_url="/?q=troops")
               for name, password in (("ann", "wrong password"), ("nobody", "wrong password"),
                                      ("nobody", PASSWORD), ("x" * 5000, "y"))]
    assert {a.status_code for a in answers} == {401}
    bodies = {TOKEN.sub("csrf", a.get_data(as_text=True)) for a in answers}    # the token is per form
    assert len(bodies) == 1
    assert "The name or the password is not right." in bodies.pop()
    assert len({tuple(sorted((k, v) for k, v in a.headers if k != "Set-Cookie")) for a in answers}) == 1


def test_an_unknown_name_costs_one_hash_check_like_a_known_one(sapp, monkeypatch):
    checked = []

    class Counting(argon2.PasswordHasher):
        def verify(self, password_hash, password):
            checked.append(password_hash.split("$")[1:4])        # algorithm, version, parameters
            return super().verify(password_hash, password)
    cheap = users.HASHER
    monkeypatch.setattr(users, "HASHER", Counting(cheap.time_cost, cheap.memory_cost, cheap.parallelism))
    client = sapp.test_client()
    sign_in(client, name="ann", password="wrong password")
    sign_in(client, name="nobody", password="wrong password")
    assert len(checked) == 2 and checked[0] == checked[1]


# -- failed sign-ins are limited -----------------------------------------------------------------------

def test_failures_from_one_address_are_limited_then_refused_even_with_the_right_password(signin_app):
    app = signin_app(SIGNIN_LIMIT_ADDRESS="3 per hour", SIGNIN_LIMIT_USER="100 per hour")
    client = app.test_client()
    for name in ("ann", "nobody", "ann"):
        assert sign_in(client, name=name, password="wrong password").status_code == 401
    refused = sign_in(client)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    elsewhere = app.test_client()
    assert sign_in(elsewhere, environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 303


def test_failures_for_one_name_are_limited_from_any_address_known_or_not(signin_app):
    app = signin_app(SIGNIN_LIMIT_ADDRESS="100 per hour", SIGNIN_LIMIT_USER="2 per hour")
    for name in ("ann", "nobody"):
        client = app.test_client()
        for k in range(2):
            answer = sign_in(client, name=name, password="wrong", environ_base={"REMOTE_ADDR": f"192.0.2.{k}"})
            assert answer.status_code == 401
        limited = sign_in(client, name=name.upper(), environ_base={"REMOTE_ADDR": "192.0.2.99"})
        assert limited.status_code == 429, name
    assert sign_in(app.test_client(), name="bob.smith@example.org").status_code == 303


def test_successful_sign_ins_are_not_counted(signin_app):
    app = signin_app(SIGNIN_LIMIT_ADDRESS="2 per hour", SIGNIN_LIMIT_USER="2 per hour")
    for _ in range(4):
        assert sign_in(app.test_client()).status_code == 303


def test_the_client_address_behind_a_trusted_proxy_is_the_forwarded_one(sapp):
    def address(remote, forwarded=None):
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        with sapp.test_request_context("/", environ_base={"REMOTE_ADDR": remote}, headers=headers):
            assert request.remote_addr == remote
            return access.client_address()
    assert address("127.0.0.1", "198.51.100.4") == "198.51.100.4"
    assert address("127.0.0.1", "203.0.113.9, 198.51.100.4") == "198.51.100.4"     # the proxy's own hop
    assert address("198.51.100.4", "203.0.113.9") == "198.51.100.4"               # not a proxy: ignored
    assert address("::1") == "::1"


# -- the trusted proxy header ---------------------------------------------------------------------------

@pytest.fixture
def proxy_app(make_app, seed_index, seed_corpus):
    return make_app(seed_index, CORPUS_DIR=str(seed_corpus), WARM=False, AUTH_PROXY_HEADER="X-Remote-User")


def test_behind_the_proxy_every_route_wants_the_header_from_a_trusted_address(proxy_app, seed_index):
    values = {"doc_id": seed_id(proxy_app), "name": "outlet"}
    client = proxy_app.test_client()
    named = {"X-Remote-User": "ann"}
    for method, url, _rule in _routes(proxy_app, values):
        assert client.open(url, method=method).status_code == 401, url
        spoofed = client.open(url, method=method, headers=named, environ_base={"REMOTE_ADDR": "192.0.2.5"})
        assert spoofed.status_code == 401, url
        assert client.open(url, method=method, headers=named).status_code != 401, url
    page = client.get("/?q=troops", headers=named)
    assert page.status_code == 200 and ">ann<" in page.get_data(as_text=True)
    assert "Sign out" not in page.get_data(as_text=True) and "X-Remote-User" in page.headers["Vary"]
    assert client.get("/api/search", headers=named, environ_base={"REMOTE_ADDR": "::ffff:127.0.0.1"}).status_code == 200
    assert client.get("/", headers={"X-Remote-User": " "}).status_code == 401
    assert client.get("/", headers={"X-Remote-User": "a\x01b"}).status_code == 401
    assert client.get("/signin").status_code == 401                 # no sign-in page in this mode
    assert client.get("/static/style.css").status_code == 200


def test_trusted_proxies_may_be_networks(make_app, seed_index):
    app = make_app(seed_index, WARM=False, AUTH_PROXY_HEADER="X-Remote-User", TRUSTED_PROXIES=["10.1.0.0/16"])
    client = app.test_client()
    assert client.get("/", headers={"X-Remote-User": "ann"}, environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/", headers={"X-Remote-User": "ann"}).status_code == 401      # loopback no longer trusted
