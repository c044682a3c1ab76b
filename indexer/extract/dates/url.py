"""Dates in URLs: a full date in the path."""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import urlsplit

from indexer.extract.dates.parse import current, make_date
from indexer.extract.dates.vocabulary import MONTHS

_URL_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$|[-_.]|\D)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)_(?P<m>[01]\d)_(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d])"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<mon>[a-z]{3,9})/(?P<d>[0-3]?\d)(?:/|$)", re.I),
]


def date_from_url(url: str | None, *, today: _dt.date | None = None) -> str | None:
    """A full date in a URL's path: ``/2024/11/18/``, ``/20241118/``, ``2024-11-18``.

    Only the path is read (not the host or query); a year and month without
    a day give nothing, nor does a year after the one following ``today``
    (default: the current date).
    """
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    today = current(today)
    for rx in _URL_PATTERNS:
        for m in rx.finditer(path):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else MONTHS.get(g["mon"].lower())
            if not month:
                continue
            iso = make_date(int(m["y"]), month, int(m["d"]), today=today)
            if iso:
                return iso
    return None
