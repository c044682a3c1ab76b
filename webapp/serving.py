"""``clippings serve``: the app under waitress, and the rule on where it may listen.

The app cannot know the address it is served on, so the serving command
decides: with no access control configured (:data:`webapp.access.OPEN`) it
listens only on a loopback address, unless told ``--allow-open`` (then it
warns). A host name counts as loopback only when every address it resolves
to is one.
"""

from __future__ import annotations

import ipaddress
import logging
import socket

from webapp.access import OPEN

DEFAULT_THREADS = 8


class OpenAccessRefused(Exception):
    """Asked to listen beyond loopback with no access control."""


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` stands for is a loopback address (``localhost``, 127.x, ``::1``)."""
    host = host.strip().strip("[]")
    if not host:
        return False            # an empty host is every interface
    try:
        return _loopback(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        return False
    return bool(infos) and all(_loopback(ipaddress.ip_address(info[4][0].split("%", 1)[0])) for info in infos)


def _loopback(ip) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def check_listen(host: str, mode: str, allow_open: bool) -> str | None:
    """``None`` when serving ``host`` in access ``mode`` is fine; a warning when only ``allow_open``
    makes it so; :class:`OpenAccessRefused` otherwise."""
    if mode != OPEN or is_loopback(host):
        return None
    if allow_open:
        return (f"serving on {host} with no access control: anyone who can reach this port reads every "
                "article. Add a user ('clippings users add NAME') or configure a trusted proxy header "
                "(docs/access.md).")
    raise OpenAccessRefused(
        f"refusing to listen on {host}, which is not a loopback address, while no access control is "
        "configured: anyone who can reach the port would read every article. Add a user with "
        "'clippings users add NAME' (sign-in), or set AUTH_PROXY_HEADER behind a signing-in proxy "
        "(see docs/access.md); or pass --allow-open to serve openly anyway.")


def serve(app, host: str, port: int, threads: int = DEFAULT_THREADS) -> None:
    """Serve ``app`` with waitress until interrupted (as ``waitress-serve`` does, with its log on)."""
    import waitress

    logger = logging.getLogger("waitress")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    waitress.serve(app, host=host, port=port, threads=threads)
