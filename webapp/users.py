"""The users file: who may sign in, with their password hashes (argon2id, :mod:`argon2`).

A JSON file, by default ``instance/users.json`` (``$CLIPPINGS_USERS`` moves it),
kept by ``clippings users add|passwd|remove|list`` and read by the web app::

    {"format": "clippings-users/1",
     "users": {"ann": {"hash": "$argon2id$v=19$m=65536,t=3,p=4$...", "added": "2025-01-31T09:00:00+00:00"}}}

Every write replaces the whole file atomically with mode 0600
(:mod:`webapp.private_files`), under a lock so two commands at once lose
nothing.  Names are compared without regard to case (``Ann`` signs in as
``ann``); each is kept as it was written.

:meth:`UsersFile.authenticate` does the same work whether the name exists or
not (an unknown name is checked against a dummy hash made with the same
parameters), so neither its answer nor its time tells which names exist.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import argon2

from indexer.config import DEFAULT_INSTANCE_DIR
from webapp.private_files import folder_lock, write_private

USERS_ENV = "CLIPPINGS_USERS"
FORMAT = "clippings-users/1"
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_NAME = 64
NAME_RULE = re.compile(r"[\w.@+-]+")

#: argon2-cffi's defaults: Argon2id with RFC 9106's low-memory profile (t=3, 64 MiB, p=4).
HASHER = argon2.PasswordHasher()


class UsersError(Exception):
    """A problem with the users file or a request to change it; the message says which."""


class UserExists(UsersError):
    pass


class UnknownUser(UsersError):
    pass


class BadName(UsersError):
    pass


class BadPassword(UsersError):
    pass


class UsersFileError(UsersError):
    """The file cannot be read or is not a users file."""


def default_path() -> Path:
    """``$CLIPPINGS_USERS``, else ``users.json`` in the project's instance folder (beside the index)."""
    return Path(os.environ.get(USERS_ENV) or DEFAULT_INSTANCE_DIR / "users.json")


def check_name(name: str) -> str:
    """``name`` in NFKC form, or :class:`BadName` saying what a name may hold."""
    name = unicodedata.normalize("NFKC", name)
    if not name or len(name) > MAX_NAME or not NAME_RULE.fullmatch(name) or name.startswith("-"):
        raise BadName(f"'{name}' is not a user name: use 1 to {MAX_NAME} letters, digits and . _ @ + - "
                      "(not starting with -)")
    return name


def name_key(name: str) -> str:
    """What names are compared by: NFKC form, case folded."""
    return unicodedata.normalize("NFKC", name).casefold()


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise BadPassword(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise BadPassword(f"the password is too long: at most {MAX_PASSWORD} characters")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def session_token(password_hash: str) -> str:
    """A short digest of a user's hash, kept in their session: a new password ends the old sessions."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class User:
    name: str
    password_hash: str
    added: str = ""

    @property
    def token(self) -> str:
        return session_token(self.password_hash)


class UsersFile:
    """The users file at ``path``: read (again only when it changed on disk) and changed whole."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._seen: tuple | None = None
        self._users: dict[str, User] = {}

    # -- reading ----------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.is_file()

    def users(self) -> dict[str, User]:
        """Every user by :func:`name_key`; an absent file is no users. Re-read when the file changed."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise UsersFileError(f"cannot read the users file {self.path}: {exc.strerror}") from None
        seen = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            if seen != self._seen:
                self._users = self._parse(self._read())
                self._seen = seen
            return self._users

    def get(self, name: str) -> User | None:
        return self.users().get(name_key(name))

    def _read(self) -> bytes:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return b""
        except OSError as exc:
            raise UsersFileError(f"cannot read the users file {self.path}: {exc.strerror}") from None

    def _parse(self, data: bytes) -> dict[str, User]:
        if not data.strip():
            return {}
        try:
            document = json.loads(data)
            records = document["users"]
            if document.get("format") != FORMAT or not isinstance(records, dict):
                raise ValueError("not a Clippings users file")
            users = {}
            for name, record in records.items():
                users[name_key(name)] = User(name, str(record["hash"]), str(record.get("added", "")))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsersFileError(f"the users file {self.path} is damaged ({exc}); "
                                 "fix it or remove it and add the users again") from None
        return users

    # -- signing in ---------------------------------------------------------------

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else ``None``: one hash check either way."""
        user = self.get(name) if len(name) <= MAX_NAME * 4 else None
        candidate = user.password_hash if user else _dummy_hash()
        try:
            HASHER.verify(candidate, password[:MAX_PASSWORD])
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return None
        return user

    # -- changing -------------------------------------------------------------------

    def add(self, name: str, password: str) -> User:
        name = check_name(name)
        check_password(password)
        with self._changing() as users:
            _absent(users, name, self.path)
            user = User(name, hash_password(password), _now())
            users[name_key(name)] = user
        return user

    def set_password(self, name: str, password: str) -> User:
        check_password(password)
        with self._changing() as users:
            old = _present(users, name, self.path)
            user = User(old.name, hash_password(password), old.added)
            users[name_key(name)] = user
        return user

    def remove(self, name: str) -> User:
        with self._changing() as users:
            user = _present(users, name, self.path)
            del users[name_key(name)]
        return user

    def check_new(self, name: str) -> str:
        """``name`` checked (:func:`check_name`) and not taken yet, else :class:`BadName` / :class:`UserExists`."""
        name = check_name(name)
        _absent(self.users(), name, self.path)
        return name

    def require(self, name: str) -> User:
        """The user called ``name``, else :class:`UnknownUser`."""
        return _present(self.users(), name, self.path)

    @contextlib.contextmanager
    def _changing(self):
        """Read the file, let the block change the dict, write it back; all under the folder's lock."""
        with folder_lock(self.path.parent):
            users = dict(self._parse(self._read()))
            yield users
            self._write(users)

    def _write(self, users: dict[str, User]) -> None:
        document = {"format": FORMAT,
                    "users": {u.name: {"hash": u.password_hash, "added": u.added}
                              for u in sorted(users.values(), key=lambda u: name_key(u.name))}}
        write_private(self.path, (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _absent(users: dict[str, User], name: str, path: Path) -> None:
    if name_key(name) in users:
        raise UserExists(f"there is already a user '{users[name_key(name)].name}' in {path}")


def _present(users: dict[str, User], name: str, path: Path) -> User:
    user = users.get(name_key(name))
    if user is None:
        raise UnknownUser(f"there is no user '{name}' in {path}")
    return user


_dummy: dict[str, str] = {}
_dummy_lock = threading.Lock()


def _dummy_hash() -> str:
    """A hash of a random password, made once per hasher, with the hasher's parameters."""
    key = repr((HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism, HASHER.type))
    with _dummy_lock:
        if key not in _dummy:
            _dummy[key] = HASHER.hash(secrets.token_urlsafe(16))
        return _dummy[key]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
