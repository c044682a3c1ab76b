"""Talking to searchd: connections with bounded timeouts, and query text that cannot escape MATCH().

Values always travel as parameters of PyMySQL statements; the text of a
``MATCH()`` is made from the analyzer's terms by the query translation,
and :func:`escape_match` backslash-escapes every character the extended
query syntax gives a meaning to, so no query string reaches SphinxQL as
syntax.  searchd has no authentication: it must listen on loopback or a
private network only (docs/scale-out.md).
"""

from __future__ import annotations

import pymysql

from indexer.searchd.config import Node

CONNECT_TIMEOUT = 1        # seconds (PyMySQL's least)
READ_TIMEOUT = 3.0         # seconds: the master answers within its agents' timeouts, or this fails
WRITE_TIMEOUT = 10.0       # seconds for a batch of rows

#: Characters with a meaning in searchd's extended query syntax (and the backslash itself).
SPECIAL = frozenset('\\()|-!@~"&/^$=<>*?%\'')


class SearchdError(Exception):
    """searchd refused a statement or could not be reached; the message names the node."""


class Unreachable(SearchdError):
    """The node did not answer (refused, timed out, connection lost)."""


def connect(node: Node, read_timeout: float = READ_TIMEOUT) -> pymysql.connections.Connection:
    """A SphinxQL connection to ``node`` (autocommit); raises :class:`Unreachable`."""
    try:
        return pymysql.connect(host=node.host, port=node.port, autocommit=True, charset="utf8",
                               connect_timeout=CONNECT_TIMEOUT, read_timeout=read_timeout,
                               write_timeout=WRITE_TIMEOUT,
                               client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
    except pymysql.err.OperationalError as exc:
        raise Unreachable(f"searchd at {node.address} cannot be reached ({_reason(exc)})") from None


def _reason(exc: Exception) -> str:
    args = getattr(exc, "args", ())
    text = str(args[1]) if len(args) > 1 else str(exc)
    return text.replace("\x00", "").strip()[:300] or type(exc).__name__


def error(node: Node, exc: Exception) -> SearchdError:
    """The :class:`SearchdError` for ``exc`` raised while talking to ``node``."""
    if isinstance(exc, (pymysql.err.OperationalError, pymysql.err.InterfaceError, OSError)) and \
            not (isinstance(exc, pymysql.err.OperationalError) and exc.args and exc.args[0] == 1064):
        return Unreachable(f"searchd at {node.address} did not answer ({_reason(exc)})")
    return SearchdError(f"searchd at {node.address}: {_reason(exc)}")


def escape_match(text: str) -> str:
    """``text`` as a literal in a ``MATCH()`` query: syntax characters backslash-escaped, NUL dropped."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in text if ch != "\x00")
