"""Web addresses as site names: the host of a URL and its registrable domain.

The registrable domain ("hollywood-house.com" of ``https://www.hollywood-house.com/x``,
"bbc.co.uk" of ``news.bbc.co.uk``, "foo.blogspot.com") comes from the Public
Suffix List as the ``publicsuffixlist`` package bundles it: the list is read
from the package's own copy, never fetched, and nothing is cached on disk
(why this package: ``docs/extraction.md``, "Outlets").
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


_LABEL = re.compile(r"^[\w-]{1,63}$")
_DOMAIN_SHAPE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}$", re.I)


def looks_like_domain(text: str | None) -> bool:
    """Whether ``text`` is written as a domain name ("vse-diety.com", "EnterMedia.co.kr")."""
    return bool(text) and bool(_DOMAIN_SHAPE.match(text.strip()))


@lru_cache(maxsize=1)
def _suffixes() -> PublicSuffixList:
    return PublicSuffixList()   # the bundled snapshot (ICANN and private sections)


_ARCHIVED = re.compile(r"^(?:https?:)?//(?:web\.)?archive\.org/web/\d{1,14}[a-z_]*/(.+)$", re.I)


def original_url(url: str) -> str:
    """The page an archive address holds: a Wayback Machine capture
    ``https://web.archive.org/web/20190717140047/http://www.example.de/x`` is example.de's page."""
    match = _ARCHIVED.match(url.strip())
    return match.group(1) if match else url


def host(url: str | None) -> str | None:
    """The host name of ``url`` (lowercase, Unicode, without ``www.``), or None.

    A bare host ("example.com/page" or "example.com") is read as a URL too,
    an archived copy as the page it holds (:func:`original_url`); IP
    addresses and hosts without a dot give None.
    """
    if not url or not url.strip():
        return None
    text = original_url(url.strip())
    if "//" not in text.split("?", 1)[0]:
        text = "//" + text
    try:
        name = urlsplit(text).hostname
    except ValueError:
        return None
    if not name:
        return None
    name = name.rstrip(".").lower()
    try:
        ipaddress.ip_address(name)
        return None
    except ValueError:
        pass
    labels = []
    for label in name.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except UnicodeError:
                return None
        labels.append(label)
    name = ".".join(labels)
    if name.startswith("www.") or name.startswith("www1.") or name.startswith("www2."):
        name = name.split(".", 1)[1]
    if "." not in name or not all(_LABEL.match(label) for label in labels):
        return None
    return name


def registrable_domain(url: str | None) -> str | None:
    """The registrable domain of ``url``'s host (public suffix plus one label), or None.

    None when the host is a public suffix itself ("co.uk"), an IP address or
    not a host at all.
    """
    name = host(url)
    if name is None:
        return None
    return _suffixes().privatesuffix(name)


def site_label(url: str | None) -> str | None:
    """The registrable domain without its public suffix: "koreaherald" of
    ``https://www.koreaherald.com/x``, "bbc" of ``news.bbc.co.uk``, None when there is none."""
    domain = registrable_domain(url)
    if domain is None:
        return None
    suffix = _suffixes().publicsuffix(domain) or ""
    label = domain[: len(domain) - len(suffix)].rstrip(".") if suffix else domain.split(".", 1)[0]
    return label.rsplit(".", 1)[-1] or None
