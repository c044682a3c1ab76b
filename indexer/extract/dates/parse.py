"""Date expressions: the patterns that find them and their reading as ISO dates.

Every function that checks a year takes ``today`` (keyword-only; None means
the current date at call time): years from :data:`MIN_YEAR` to the year
after ``today`` are accepted.
"""

from __future__ import annotations

import datetime as _dt
import re

from indexer.extract.dates.vocabulary import (DIGITS, LETTER, MONTHS, NOT_LETTER_AFTER,
                                              NOT_LETTER_BEFORE)

MIN_YEAR = 1900

# (start, end, iso or None, kind) of one date expression in a text.
Found = tuple[int, int, str | None, str]


def current(today: _dt.date | None) -> _dt.date:
    """``today``, or the current date when it is None."""
    return _dt.date.today() if today is None else today


def max_year(today: _dt.date | None = None) -> int:
    """The latest accepted year: the one after ``today``."""
    return current(today).year + 1


def make_date(y: int, m: int, d: int, *, today: _dt.date | None = None) -> str | None:
    """ISO date for valid numbers in the accepted year range, else None."""
    if not MIN_YEAR <= y <= max_year(today):
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
# Any word in a month's place; find() keeps it only if it names a month (cheaper
# to compile and to run than an alternation of all month names).
_MON = rf"{NOT_LETTER_BEFORE}(?P<mon>{LETTER}{{3,12}}){NOT_LETTER_AFTER}\.?"

# 10/31/2024, 31-10-2024, 18.11.2024: groups a, b (day and month in either order), s, y.
_NUMERIC = re.compile(r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[0-3]?\d)(?P=s)"
                      + r"(?P<y>(?:19|20)\d\d)(?![\d]|[./-]\d)")
# Month-name-first dates: "November 4, 2024" and "Mon Jan 13 13:37:49 UTC 2020".
_MONTH_FIRST = (
    re.compile(_MON + r"\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d),?\s*" + _YEAR, re.I),
    re.compile(_MON + r"\s+(?P<d>[0-3]?\d)\s+\d{1,2}:\d\d(?::\d\d)?\s+(?:[A-Z]{2,5}\s+)?"
               + _YEAR, re.I),
)

# Each pattern names its groups y, m or mon, d (a/b for ambiguous numerics).
_PATTERNS = [
    # 2024-11-18, 2024/11/18, 2024.11.18, 2024-11-18T10:00:00Z
    ("ymd", re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d\d)(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)"
                       r"(?P<d>[0-3]?\d)(?!\d)")),
    # 20201123T05:02:35Z (basic ISO 8601 with a time)
    ("ymd", re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=T\d)")),
    # 2020年7月15日, 2020년 3월 4일
    ("ymd", re.compile(r"(?P<y>(?:19|20)\d\d)\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*"
                       r"(?P<d>[0-3]?\d)\s*[日일]")),
    # 3 December 2024, 3rd Dec. 2024, 1 de novembro de 2020, 3. Dezember 2024
    ("dmy", re.compile(r"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?\s*(?:de\s+|of\s+)?"
                       + _MON + r",?\s*(?:de\s+|del\s+)?" + _YEAR, re.I)),
    ("mdy", _MONTH_FIRST[0]),
    ("mdy", _MONTH_FIRST[1]),
    # 18.11.2024 (day first), 10/31/2024 and 31-10-2024 (order from the numbers or a hint)
    ("num", _NUMERIC),
]

_HAS_YEAR = re.compile(r"(?:19|20)\d\d")   # every pattern above needs one
_COMPACT = re.compile(r"\s*(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*")
_US_ZONES = re.compile(r"\b(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|ET|PT|CT)\b")


def _numeric(a: int, b: int, y: int, sep: str, dayfirst: bool | None,
             today: _dt.date) -> str | None:
    """Resolve a d/m/y or m/d/y date; dots always mean day first."""
    if sep == ".":
        return make_date(y, b, a, today=today)
    if a > 12 and b <= 12:
        return make_date(y, b, a, today=today)
    if b > 12 and a <= 12:
        return make_date(y, a, b, today=today)
    if a == b:
        return make_date(y, a, b, today=today)
    if dayfirst is None:
        return None
    return make_date(y, b, a, today=today) if dayfirst else make_date(y, a, b, today=today)


def find(text: str, dayfirst: bool | None = None, *,
         today: _dt.date | None = None) -> list[Found]:
    """All date expressions in ``text``: (start, end, iso or None, kind), in text order.

    Overlapping matches keep the longer one.  ``iso`` is None for numeric
    dates whose order cannot be decided (kind ``"ambiguous"``) and for
    impossible dates (kind ``"invalid"``).
    """
    found: list[Found] = []
    if not _HAS_YEAR.search(text):
        return found
    today = current(today)
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            g = m.groupdict()
            if kind == "num":
                a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
                iso = _numeric(a, b, y, g["s"], dayfirst, today)
                k = "num"
                if iso is None:
                    both_valid = (make_date(y, a, b, today=today) is not None
                                  and make_date(y, b, a, today=today) is not None)
                    k = "ambiguous" if both_valid and g["s"] != "." else "invalid"
                found.append((m.start(), m.end(), iso, k))
                continue
            month = int(g["m"]) if g.get("m") else MONTHS.get(g["mon"].lower())
            if not month:
                continue
            iso = make_date(int(g["y"]), month, int(g["d"]), today=today)
            found.append((m.start(), m.end(), iso, kind if iso else "invalid"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[Found] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            continue
        kept.append(f)
    return kept


def parse_date(text: str, dayfirst: bool | None = None, *,
               today: _dt.date | None = None) -> str | None:
    """The first date that ``text`` states, as ``'YYYY-MM-DD'``, or None.

    Accepts ISO 8601 (with time and zone; the date is taken as written, not
    converted to UTC), ``20201123``, ``November 4, 2024``, ``Nov. 18, 2024``,
    ``Tuesday, 3 December 2024, 03:06``, ``3 Dec 2024``, month names in
    common European languages and Russian/Ukrainian/Turkish/Arabic,
    ``2020年7月15日``, ``18.11.2024`` (dots: day first) and ``10/31/2024``.
    A slash or dash date whose two orders are both valid and differ
    (``04/05/2024``) is None unless ``dayfirst`` says the order (False for
    US month-first).  Impossible dates and years outside 1900 .. the year
    after ``today`` (default: the current date) are None; a relative word
    ("Tuesday", "yesterday") is no date.
    """
    if not text:
        return None
    text = text.translate(DIGITS)
    today = current(today)
    m = _COMPACT.fullmatch(text)
    if m:
        return make_date(int(m["y"]), int(m["m"]), int(m["d"]), today=today)
    for _s, _e, iso, kind in find(text, dayfirst, today=today):
        if kind == "invalid":
            continue
        return iso
    return None


def order_hint(text: str) -> bool | None:
    """Day-first (True) or month-first (False) as the text itself shows, else None.

    Numeric dates with a day over 12 vote for their order; without votes,
    a US time zone or a month-name-first date means month first.
    """
    votes = set()
    for m in _NUMERIC.finditer(text):
        if m["s"] == ".":
            continue
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            votes.add(True)
        elif b > 12 >= a:
            votes.add(False)
    if len(votes) == 1:
        return votes.pop()
    if votes:
        return None
    if _US_ZONES.search(text):
        return False
    for rx in _MONTH_FIRST:
        if any(m["mon"].lower() in MONTHS for m in rx.finditer(text)):
            return False
    return None
