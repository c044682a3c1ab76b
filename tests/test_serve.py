"""``clippings serve`` (webapp/serving.py): loopback only while no access control is configured."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import write_users
from indexer.cli import main
from webapp import serving
from webapp.access import OPEN, PROXY, SIGNIN
from webapp.serving import OpenAccessRefused, check_listen, is_loopback

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])
def test_loopback_hosts(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "", "192.168.1.10", "10.0.0.1", "203.0.113.5", "fe80::1"])
def test_other_hosts_are_not_loopback(host):
    assert not is_loopback(host)


def test_a_host_name_is_loopback_only_when_all_its_addresses_are(monkeypatch):
    answers = {"both": ["127.0.0.1", "::1"], "mixed": ["127.0.0.1", "192.0.2.1"]}

    def getaddrinfo(host, port):
        if host not in answers:
            raise socket.gaierror("unknown")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in answers[host]]
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    assert is_loopback("both")
    assert not is_loopback("mixed")
    assert not is_loopback("unknown.example")


def test_no_access_control_means_loopback_only():
    assert check_listen("127.0.0.1", OPEN, allow_open=False) is None
    with pytest.raises(OpenAccessRefused, match="refusing to listen on 0.0.0.0"):
        check_listen("0.0.0.0", OPEN, allow_open=False)
    assert "anyone who can reach this port" in check_listen("0.0.0.0", OPEN, allow_open=True)
    for mode in (SIGNIN, PROXY):
        assert check_listen("0.0.0.0", mode, allow_open=False) is None
        assert check_listen("::", mode, allow_open=True) is None


# -- the command -----------------------------------------------------------------------------------------

@pytest.fixture
def served(monkeypatch, tmp_path, seed_index):
    """``clippings serve`` with waitress replaced by a recorder; the app's files in tmp_path."""
    calls = []
    monkeypatch.setattr(serving, "serve", lambda app, host, port, threads: calls.append((app, host, port, threads)))
    monkeypatch.setenv("CLIPPINGS_INDEX", str(seed_index))
    monkeypatch.setenv("CLIPPINGS_USERS", str(tmp_path / "users.json"))
    for name in ("CLIPPINGS_AUTH", "CLIPPINGS_AUTH_PROXY_HEADER"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args):
        result = CliRunner().invoke(main, ["serve", *args], catch_exceptions=False)
        return result, calls
    return invoke


def test_serve_refuses_a_public_address_without_access_control(served):
    result, calls = served("--host", "0.0.0.0", "--port", "5999")
    assert result.exit_code == 2 and not calls
    assert "refusing to listen on 0.0.0.0" in result.output and "clippings users add" in result.output


def test_serve_allows_it_with_allow_open_and_warns(served):
    result, calls = served("--host", "0.0.0.0", "--port", "5999", "--allow-open")
    assert result.exit_code == 0
    assert "Warning: serving on 0.0.0.0 with no access control" in result.output
    assert [(host, port, threads) for _app, host, port, threads in calls] == [("0.0.0.0", 5999, 8)]


def test_serve_on_loopback_as_make_run_does(served):
    result, calls = served()
    assert result.exit_code == 0 and "Warning" not in result.output
    assert "Serving Clippings at http://127.0.0.1:5000/ (access: none (open access)" in result.output
    assert calls[0][1:] == ("127.0.0.1", 5000, 8)


def test_serve_on_any_address_once_there_are_users(served, tmp_path, cheap_hashes):
    write_users(tmp_path / "users.json", {"ann": "correct horse"})
    result, calls = served("--host", "::", "--port", "8080")
    assert result.exit_code == 0 and "Warning" not in result.output
    assert "http://[::]:8080/ (access: sign-in (users file" in result.output
    assert calls[0][0].extensions["clippings_access"].mode == SIGNIN


def test_serve_on_any_address_behind_a_signing_in_proxy(served, monkeypatch):
    monkeypatch.setenv("CLIPPINGS_AUTH_PROXY_HEADER", "X-Remote-User")
    result, calls = served("--host", "0.0.0.0")
    assert result.exit_code == 0 and "trusted proxy header X-Remote-User from 127.0.0.1/32, ::1/128" in result.output


def test_serve_reports_contradictory_settings(served, monkeypatch):
    monkeypatch.setenv("CLIPPINGS_AUTH", "proxy")
    result, calls = served()
    assert result.exit_code == 1 and "access settings: AUTH = 'proxy' needs AUTH_PROXY_HEADER" in result.output
    assert not calls


# -- for real: the command make run runs -------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, deadline: float, server) -> tuple[int, str]:
    """The status and Location of ``url`` (redirects not followed), waiting for the server to listen."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    while True:
        try:
            with opener.open(url, timeout=5) as response:
                return response.status, ""
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)


@pytest.mark.parametrize("with_users", [False, True])
def test_clippings_serve_serves_open_or_behind_sign_in(seed_index, tmp_path, with_users, cheap_hashes):
    users_file = tmp_path / "users.json"
    if with_users:
        write_users(users_file, {"ann": "correct horse"})
    port = free_port()
    env = dict(os.environ, CLIPPINGS_INDEX=str(seed_index), CLIPPINGS_USERS=str(users_file))
    env.pop("CLIPPINGS_AUTH", None)
    env.pop("CLIPPINGS_AUTH_PROXY_HEADER", None)
    server = subprocess.Popen([sys.executable, "-m", "indexer", "serve", "--port", str(port)], cwd=tmp_path,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        status, location = fetch(f"http://127.0.0.1:{port}/?q=troops", time.monotonic() + 60, server)
        if with_users:
            assert (status, location) == (303, "/signin?next=/?q%3Dtroops")
        else:
            assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
