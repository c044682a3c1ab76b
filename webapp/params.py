"""The search state carried in the URL, its validation and the URLs that change it.

Every state of the search page is a query string: ``q``, ``outlet``,
``speaker`` and ``lang`` (repeatable), ``from``, ``to``, ``undated``, ``sort``, ``page``,
``per_page`` and ``dupes`` (``group``, the default: one result per group of
copies; ``show``: every copy its own result).  In ``outlet``, ``speaker`` and ``lang`` the reserved value
``~none`` selects the articles without one (held as ``""`` in the state, as
in the index's columns); a real name starting with ``~`` is written with one
more ``~`` in front, so no name can collide with it.  :func:`parse_search_args` turns request arguments into a
:class:`SearchState` or raises :class:`ParamError` (a 400 with a message);
:meth:`SearchState.url` builds the link to a changed state.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

MAX_QUERY = 500            # characters in q
MAX_VALUE = 200            # characters in any other parameter value
MAX_VALUES = 20            # values of one repeatable parameter
MAX_QUERY_STRING = 8000    # bytes of the whole query string
MAX_PAGE = 1000
MAX_PER_PAGE = 100
PER_PAGE_CHOICES = (10, 20, 50, 100)   # offered on the page; any 1..MAX_PER_PAGE is accepted
SORTS = ("relevance", "newest", "oldest")
NONE = "~none"             # the URL value of "no outlet" / "no named speaker"
ESCAPE = "~"
LIST_ORDERS = ("count", "name")   # the facet list page's sort
DUPES = ("group", "show")  # copies of one story: one result per group (default), or each its own

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_LANG = re.compile(r"^[a-z]{2,3}$")           # an ISO 639 code, as the index stores languages
#: The state's attribute holding each value facet's selection.
FACET_ATTRS = {"outlet": "outlets", "speaker": "speakers", "lang": "langs"}


class ParamError(ValueError):
    """A request parameter is invalid; the message says which and why (HTTP 400)."""


@dataclass(frozen=True)
class SearchState:
    """Everything that defines one search page."""

    q: str = ""
    outlets: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()       # ISO 639-1 codes ("" is "undetermined")
    date_from: str | None = None      # YYYY-MM-DD, inclusive
    date_to: str | None = None        # YYYY-MM-DD, inclusive
    undated: bool = False             # the undated articles are in the date filter (OR the range)
    sort: str = ""                    # "" means the default for the query
    page: int = 1
    per_page: int = 10
    dupes: str = "group"              # "group": one result per group of copies; "show": every copy

    @property
    def grouped(self) -> bool:
        """Results are stories (one per group of copies), not articles."""
        return self.dupes == "group"

    @property
    def filtered(self) -> bool:
        return bool(self.outlets or self.speakers or self.langs or self.dated_filter)

    @property
    def dated_filter(self) -> bool:
        """A date filter is on: a range, the undated bucket, or both."""
        return bool(self.date_from or self.date_to or self.undated)

    def params(self) -> list[tuple[str, str]]:
        """The state as query-string pairs, defaults left out, in a stable order."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        pairs += [("outlet", url_value(v)) for v in self.outlets]
        pairs += [("speaker", url_value(v)) for v in self.speakers]
        pairs += [("lang", url_value(v)) for v in self.langs]
        if self.date_from:
            pairs.append(("from", self.date_from))
        if self.date_to:
            pairs.append(("to", self.date_to))
        if self.undated:
            pairs.append(("undated", "1"))
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(self.per_page)))
        if self.dupes != DUPES[0]:
            pairs.append(("dupes", self.dupes))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def url(self, base: str = "/", **changes) -> str:
        """The URL of this state with ``changes`` applied (any change but ``page`` resets to page 1)."""
        if changes and "page" not in changes:
            changes["page"] = 1
        state = replace(self, **changes) if changes else self
        query = urlencode(state.params())
        return f"{base}?{query}" if query else base

    def toggle(self, facet: str, value: str) -> "SearchState":
        """This state with ``value`` added to or removed from an outlet, speaker or language filter."""
        attr = FACET_ATTRS[facet]
        current = getattr(self, attr)
        values = tuple(v for v in current if v != value) if value in current else current + (value,)
        return replace(self, **{attr: values}, page=1)


DEFAULT_PER_PAGE = SearchState.per_page


def url_value(name: str) -> str:
    """The URL value of facet value ``name`` ("" is "none": :data:`NONE`)."""
    if not name:
        return NONE
    return ESCAPE + name if name.startswith(ESCAPE) else name


def from_url_value(value: str) -> str:
    """The facet value a URL value stands for (the inverse of :func:`url_value`)."""
    if value == NONE:
        return ""
    if value.startswith(ESCAPE + ESCAPE):
        return value[1:]
    if value.startswith(ESCAPE):
        raise ParamError(f"'{_short(value)}' is not a facet value: names starting with '~' are written "
                         f"with '~~', and '{NONE}' means none")
    return value


def parse_search_args(args, query_string: bytes = b"", per_page: int = DEFAULT_PER_PAGE) -> SearchState:
    """Validate request arguments (a werkzeug MultiDict) into a :class:`SearchState`."""
    check_query_string(query_string)
    q = text_arg(args, "q", MAX_QUERY)
    outlets = tuple(map(from_url_value, list_arg(args, "outlet")))
    speakers = tuple(map(from_url_value, list_arg(args, "speaker")))
    langs = tuple(map(from_url_value, list_arg(args, "lang")))
    for lang in langs:
        if lang and not _LANG.match(lang):
            raise ParamError(f"'lang' must be a language code such as de or en, or {NONE} (got '{_short(lang)}')")
    date_from = date_arg(args, "from", end=False)
    date_to = date_arg(args, "to", end=True)
    undated = flag_arg(args, "undated")
    if date_from and date_to and date_from > date_to:
        raise ParamError(f"the date range is empty: 'from' ({date_from}) is after 'to' ({date_to})")
    sort = text_arg(args, "sort", MAX_VALUE)
    if sort and sort not in SORTS:
        raise ParamError(f"sort must be one of {', '.join(SORTS)} (got '{_short(sort)}')")
    page = int_arg(args, "page", 1, 1, MAX_PAGE)
    size = int_arg(args, "per_page", per_page, 1, MAX_PER_PAGE)
    dupes = text_arg(args, "dupes", MAX_VALUE) or DUPES[0]
    if dupes not in DUPES:
        raise ParamError(f"dupes must be one of {', '.join(DUPES)} (got '{_short(dupes)}')")
    return SearchState(q=q, outlets=outlets, speakers=speakers, langs=langs, date_from=date_from, date_to=date_to,
                       undated=undated, sort=sort, page=page, per_page=size, dupes=dupes)


def list_page_args(args) -> tuple[str, str]:
    """The facet list page's own parameters: ``contains`` (the filter box) and ``order``."""
    contains = text_arg(args, "contains", MAX_VALUE)
    order = text_arg(args, "order", MAX_VALUE) or LIST_ORDERS[0]
    if order not in LIST_ORDERS:
        raise ParamError(f"order must be one of {', '.join(LIST_ORDERS)} (got '{_short(order)}')")
    return contains, order


def flag_arg(args, name: str) -> bool:
    raw = text_arg(args, name, 12)
    if raw not in ("", "0", "1"):
        raise ParamError(f"'{name}' must be 1 or 0 (got '{_short(raw)}')")
    return raw == "1"


def check_query_string(query_string: bytes) -> None:
    if len(query_string) > MAX_QUERY_STRING:
        raise ParamError(f"the address is too long ({len(query_string)} bytes; the limit is {MAX_QUERY_STRING})")


def text_arg(args, name: str, limit: int) -> str:
    values = args.getlist(name)
    if len(values) > 1:
        raise ParamError(f"'{name}' was given {len(values)} times; give it once")
    value = values[0] if values else ""
    if len(value) > limit:
        raise ParamError(f"'{name}' is too long ({len(value)} characters; the limit is {limit})")
    if "\x00" in value:
        raise ParamError(f"'{name}' contains a NUL character")
    return value.strip()


def list_arg(args, name: str) -> tuple[str, ...]:
    values = [v.strip() for v in args.getlist(name)]
    if len(values) > MAX_VALUES:
        raise ParamError(f"too many '{name}' values ({len(values)}; the limit is {MAX_VALUES})")
    for value in values:
        if len(value) > MAX_VALUE:
            raise ParamError(f"a '{name}' value is too long ({len(value)} characters; the limit is {MAX_VALUE})")
        if "\x00" in value:
            raise ParamError(f"a '{name}' value contains a NUL character")
    return tuple(dict.fromkeys(v for v in values if v))


def int_arg(args, name: str, default: int, low: int, high: int) -> int:
    raw = text_arg(args, name, 12)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParamError(f"'{name}' must be a whole number (got '{_short(raw)}')") from None
    if not low <= value <= high:
        raise ParamError(f"'{name}' must be between {low} and {high} (got {value})")
    return value


def date_arg(args, name: str, end: bool) -> str | None:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD, as the first (or, for ``end``, last) day it covers."""
    raw = text_arg(args, name, 32)
    if not raw:
        return None
    return parse_day(raw, end=end, name=name)


def parse_day(raw: str, end: bool = False, name: str = "date") -> str:
    match = _DATE.match(raw)
    if not match:
        raise ParamError(f"'{name}' must be a date like 2024-11-04, 2024-11 or 2024 (got '{_short(raw)}')")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if month is None:
            value = dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        elif day is None:
            m = int(month)
            last = calendar.monthrange(year, m)[1] if 1 <= m <= 12 else 0
            value = dt.date(year, m, last if end else 1)
        else:
            value = dt.date(year, int(month), int(day))
    except ValueError:
        raise ParamError(f"'{name}' is not a real date (got '{_short(raw)}')") from None
    return value.isoformat()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
