"""The users file (webapp/users.py, webapp/private_files.py) and ``clippings users`` (CliRunner)."""

from __future__ import annotations

import json
import os
import stat
import threading

import argon2
import pytest
from click.testing import CliRunner

from indexer.cli import main
from webapp import users
from webapp.private_files import read_or_create_secret, write_private
from webapp.users import BadName, BadPassword, UnknownUser, UserExists, UsersFile, UsersFileError

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _cheap(cheap_hashes):
    """The cheapest argon2id: these tests are about the file, not the hash's cost."""


@pytest.fixture
def path(tmp_path):
    return tmp_path / "instance" / "users.json"


def mode(p) -> int:
    return stat.S_IMODE(p.stat().st_mode)


# -- the file ---------------------------------------------------------------------------------------

def test_added_users_are_kept_hashed_in_a_private_file(path):
    store = UsersFile(path)
    store.add("ann", PASSWORD)
    store.add("Bob", "another password")
    assert mode(path) == 0o600
    document = json.loads(path.read_text())
    assert document["format"] == "clippings-users/1"
    assert set(document["users"]) == {"ann", "Bob"}
    assert PASSWORD not in path.read_text()
    assert document["users"]["ann"]["hash"].startswith("$argon2id$")
    assert os.listdir(path.parent) == ["users.json"]                  # no temporary file left
    assert UsersFile(path).authenticate("ann", PASSWORD).name == "ann"
    assert UsersFile(path).authenticate("BOB", "another password").name == "Bob"


def test_the_real_hasher_is_argon2id_with_rfc_9106_low_memory_parameters(monkeypatch):
    monkeypatch.undo()                                                  # not the cheap one
    hasher = users.HASHER
    assert (hasher.type, hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        argon2.Type.ID, 3, 65536, 4)


def test_authentication_fails_alike_for_a_wrong_password_an_unknown_name_and_odd_input(path):
    store = UsersFile(path)
    store.add("ann", PASSWORD)
    assert store.authenticate("ann", "wrong password") is None
    assert store.authenticate("nobody", PASSWORD) is None
    assert store.authenticate("", "") is None
    assert store.authenticate("x" * 100_000, "y" * 100_000) is None
    assert UsersFile(path.parent / "absent.json").authenticate("ann", PASSWORD) is None


@pytest.mark.parametrize("name", ["", "a b", "-x", "x" * 65, "ann\n", "<b>", "a/b", "a:b"])
def test_bad_names_are_refused_with_the_rule(path, name):
    with pytest.raises(BadName, match="letters, digits"):
        UsersFile(path).add(name, PASSWORD)
    assert not path.exists()


@pytest.mark.parametrize("name", ["ann", "a.b-c_d", "ann@example.org", "Zoë", "x" * 64, "o+k"])
def test_good_names_are_taken(path, name):
    assert UsersFile(path).add(name, PASSWORD).name == name


def test_names_are_unique_without_regard_to_case(path):
    store = UsersFile(path)
    store.add("Ann", PASSWORD)
    with pytest.raises(UserExists, match="already a user 'Ann'"):
        store.add("aNN", PASSWORD)
    with pytest.raises(UserExists):
        store.check_new("ANN")


def test_short_and_huge_passwords_are_refused(path):
    with pytest.raises(BadPassword, match="at least 8"):
        UsersFile(path).add("ann", "short")
    with pytest.raises(BadPassword, match="at most"):
        UsersFile(path).add("ann", "x" * 1025)


def test_passwords_change_and_users_go(path):
    store = UsersFile(path)
    old = store.add("ann", PASSWORD)
    new = store.set_password("ANN", "a new password")
    assert new.name == "ann" and new.added == old.added and new.token != old.token
    assert store.authenticate("ann", PASSWORD) is None
    assert store.authenticate("ann", "a new password") is not None
    assert store.remove("Ann").name == "ann"
    assert store.users() == {}
    with pytest.raises(UnknownUser, match="no user 'ann'"):
        store.remove("ann")
    with pytest.raises(UnknownUser):
        store.set_password("ann", PASSWORD)


def test_a_changed_file_is_read_again(path):
    reader = UsersFile(path)
    assert reader.get("ann") is None
    UsersFile(path).add("ann", PASSWORD)
    assert reader.get("ann") is not None
    UsersFile(path).remove("ann")
    assert reader.get("ann") is None


@pytest.mark.parametrize("content", ["{not json", "[]", '{"users": {}}', '{"format": "clippings-users/1", "users": []}',
                                     '{"format": "clippings-users/1", "users": {"ann": {}}}'])
def test_a_damaged_file_is_a_clear_error_and_is_not_overwritten(path, content):
    path.parent.mkdir(parents=True)
    path.write_text(content)
    with pytest.raises(UsersFileError, match="is damaged"):
        UsersFile(path).users()
    with pytest.raises(UsersFileError):
        UsersFile(path).add("ann", PASSWORD)
    assert path.read_text() == content


def test_adds_at_the_same_time_lose_nothing(path):
    errors = []

    def add(k):
        try:
            UsersFile(path).add(f"user{k}", PASSWORD)
        except Exception as exc:                   # noqa: BLE001 (reported below)
            errors.append(exc)
    threads = [threading.Thread(target=add, args=(k,)) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(UsersFile(path).users()) == 12


def test_private_files_are_written_whole_and_the_secret_once(tmp_path):
    target = tmp_path / "a" / "file"
    write_private(target, b"one")
    write_private(target, b"two")
    assert target.read_bytes() == b"two" and mode(target) == 0o600
    assert os.listdir(target.parent) == ["file"]
    secret = read_or_create_secret(tmp_path / "secret_key")
    assert len(secret) == 64 and mode(tmp_path / "secret_key") == 0o600
    assert read_or_create_secret(tmp_path / "secret_key") == secret


# -- clippings users --------------------------------------------------------------------------------------

def run(*args, input=None):
    return CliRunner().invoke(main, ["users", *args], input=input, catch_exceptions=False)


def test_cli_add_reads_the_password_twice_without_echo(path):
    result = run("add", "ann", "--users", str(path), input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert f"Added user 'ann' to {path}." in result.output
    assert "restart a running server" in result.output              # the first user turns sign-in on
    assert UsersFile(path).authenticate("ann", PASSWORD)
    second = run("add", "bob", "--users", str(path), input=f"{PASSWORD}\n{PASSWORD}\n")
    assert "restart" not in second.output


def test_cli_add_asks_again_when_the_two_differ(path):
    result = run("add", "ann", "--users", str(path), input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0
    assert "do not match" in result.output
    assert UsersFile(path).authenticate("ann", PASSWORD)


def test_cli_add_takes_the_password_from_stdin_for_scripts(path):
    result = run("add", "ann", "--password-stdin", "--users", str(path), input=f"{PASSWORD}\nignored\n")
    assert result.exit_code == 0
    assert UsersFile(path).authenticate("ann", PASSWORD)
    assert run("add", "bob", "--password-stdin", "--users", str(path), input="").exit_code == 1


def test_cli_says_clearly_when_a_user_exists_or_not(path):
    run("add", "ann", "--password-stdin", "--users", str(path), input=PASSWORD)
    exists = run("add", "ANN", "--password-stdin", "--users", str(path), input=PASSWORD)
    assert exists.exit_code == 1 and f"there is already a user 'ann' in {path}" in exists.output
    unknown = run("remove", "zed", "--users", str(path))
    assert unknown.exit_code == 1 and f"there is no user 'zed' in {path}" in unknown.output
    bad = run("add", "a b", "--users", str(path))
    assert bad.exit_code == 1 and "is not a user name" in bad.output and "Password" not in bad.output
    short = run("add", "cat", "--password-stdin", "--users", str(path), input="short\n")
    assert short.exit_code == 1 and "too short" in short.output


def test_cli_passwd_remove_and_list(path, monkeypatch):
    monkeypatch.setenv("CLIPPINGS_USERS", str(path))                 # the same variable as the web app's
    run("add", "ann", "--password-stdin", input=PASSWORD)
    run("add", "bob", "--password-stdin", input=PASSWORD)
    listed = run("list")
    assert listed.exit_code == 0 and "ann\t" in listed.output and "2 users in" in listed.output
    assert "$argon2" not in listed.output
    as_json = json.loads(run("list", "--json").output)
    assert [u["name"] for u in as_json["users"]] == ["ann", "bob"] and as_json["file"] == str(path)
    changed = run("passwd", "ann", "--password-stdin", input="a new password\n")
    assert changed.exit_code == 0 and "sessions have ended" in changed.output
    assert UsersFile(path).authenticate("ann", "a new password")
    assert run("passwd", "zed", "--password-stdin", input="a new password\n").exit_code == 1
    assert run("remove", "ann").exit_code == 0
    last = run("remove", "bob")
    assert "No users are left" in last.output
    assert run("list").output.strip().endswith(f"0 users in {path}")


def test_cli_list_without_a_file_says_sign_in_is_off(path):
    result = run("list", "--users", str(path))
    assert result.exit_code == 0 and "sign-in is off" in result.output
    assert not path.exists()


def test_cli_reports_a_damaged_file(path):
    path.parent.mkdir(parents=True)
    path.write_text("{oops")
    result = run("list", "--users", str(path))
    assert result.exit_code == 1 and "is damaged" in result.output and "Traceback" not in result.output
