"""Timestamps (metadata values): the date as written, the time of day and the zone."""

from __future__ import annotations

import datetime as _dt
import re

from indexer.extract.dates.parse import current, make_date, parse_date
from indexer.extract.dates.vocabulary import DIGITS

# (iso date, minutes after midnight or None, UTC offset in minutes or None)
Stamp = tuple[str, int | None, int | None]

_STAMP = re.compile(
    r"(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)[T ]\s*(?P<H>[0-2]?\d):(?P<M>[0-5]?\d)"
    r"(?::[0-5]?\d(?:[.,]\d+)?)?\s*(?P<z>Z\b|UTC|GMT|[+-]\d\d:?\d\d)?")
_RFC_ZONE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?\s*(?P<z>GMT|UTC|Z\b|[+-]\d{4})")


def stamp(value: str, *, today: _dt.date | None = None) -> Stamp | None:
    """(iso date, minutes after midnight or None, UTC offset in minutes or None).

    The offset is None when the value names no zone (a local time as written)
    or names it by abbreviation other than GMT/UTC.  None when the value
    states no date, or one outside the years :func:`parse_date` accepts.
    """
    value = value.strip().translate(DIGITS)
    today = current(today)
    m = _STAMP.search(value)
    if m:
        iso = make_date(int(m["y"]), int(m["m"]), int(m["d"]), today=today)
        if iso is None:
            return None
        return iso, int(m["H"]) * 60 + int(m["M"]), _offset(m["z"])
    iso = parse_date(value, today=today)
    if iso is None:
        return None
    z = _RFC_ZONE.search(value)
    if z:
        hm = re.match(r"(\d{1,2}):(\d\d)", z.group(0))
        return iso, int(hm[1]) * 60 + int(hm[2]), _offset(z["z"])
    return iso, None, None


def _offset(z: str | None) -> int | None:
    """Minutes east of UTC for ``Z``, ``UTC``, ``GMT``, ``+05:30`` or ``-0400``."""
    if not z:
        return None
    if z in ("Z", "UTC", "GMT"):
        return 0
    sign = -1 if z[0] == "-" else 1
    digits = z[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))
