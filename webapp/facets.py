"""Facet values as plain dicts: outlet and speaker lists, and the date histogram.

Input is counts (from :class:`indexer.index.columns.Columns`) and the current selection;
output is lists of dicts that templates and the JSON API show as they
are: ``{value, label, count, selected}`` for outlet and speaker,
``{from, to, label, count, selected}`` for date buckets.  Links are added
by :func:`add_links`, only for the values a page shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from webapp.params import SearchState

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
MAX_DAYS = 31          # at most this many days spanned: one bar a day
MAX_WEEKS_DAYS = 182   # at most this many days: one bar a week
MAX_MONTHS = 72        # at most this many months: one bar a month; beyond, a bar a year
LEVELS = 10            # bar heights are classes lvl-0 .. lvl-10 (no inline styles under the CSP)


def value_facet(counts: Counter, selected: tuple[str, ...]) -> list[dict]:
    """Values by count (then name); selected values are always listed, even at zero."""
    items = [{"value": v, "label": v, "count": n, "selected": v in selected} for v, n in counts.items() if n]
    present = set(counts)
    items += [{"value": v, "label": v, "count": 0, "selected": True}
              for v in selected if v not in present or not counts[v]]
    items.sort(key=lambda item: (not item["selected"], -item["count"], item["value"].lower()))
    # Selected values first keeps them visible in a truncated list; order the rest by count.
    return items


def granularity(first: dt.date, last: dt.date) -> str:
    """The bar width for dates spanning ``first`` to ``last``: finer when the span is short."""
    days = (last - first).days + 1
    if days <= MAX_DAYS:
        return DAY
    if days <= MAX_WEEKS_DAYS:
        return WEEK
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    return MONTH if months <= MAX_MONTHS else YEAR


def date_facet(days: Counter, date_from: str | None, date_to: str | None) -> list[dict]:
    """Histogram buckets over the dated documents counted in ``days`` (``YYYY-MM-DD`` -> count).

    Buckets run from the first to the last date present, empty ones
    included; a bucket is selected when it overlaps the selected range.
    """
    dated = {day: n for day, n in days.items() if n and day}
    if not dated:
        return []
    parsed = {}
    for day, n in dated.items():
        try:
            parsed[dt.date.fromisoformat(day)] = n
        except ValueError:
            continue
    if not parsed:
        return []
    first, last = min(parsed), max(parsed)
    unit = granularity(first, last)
    buckets: dict[dt.date, int] = {}
    start = bucket_start(first, unit)
    while start <= last:
        buckets[start] = 0
        start = next_start(start, unit)
    for day, n in parsed.items():
        buckets[bucket_start(day, unit)] += n
    out = []
    for start, count in buckets.items():
        end = next_start(start, unit) - dt.timedelta(days=1)
        lo, hi = start.isoformat(), end.isoformat()
        selected = bool(date_from or date_to) and (date_from or lo) <= hi and (date_to or hi) >= lo
        out.append({"from": lo, "to": hi, "label": bucket_label(start, unit), "count": count,
                    "selected": selected})
    return out


def bucket_start(day: dt.date, unit: str) -> dt.date:
    if unit == DAY:
        return day
    if unit == WEEK:
        return day - dt.timedelta(days=day.weekday())
    if unit == MONTH:
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_start(start: dt.date, unit: str) -> dt.date:
    if unit == DAY:
        return start + dt.timedelta(days=1)
    if unit == WEEK:
        return start + dt.timedelta(days=7)
    if unit == MONTH:
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def bucket_label(start: dt.date, unit: str) -> str:
    if unit == DAY:
        return f"{start.day} {start:%b %Y}"
    if unit == WEEK:
        return f"Week of {start.day} {start:%b %Y}"
    if unit == MONTH:
        return f"{start:%b %Y}"
    return str(start.year)


def add_links(items: list[dict], state: SearchState, facet: str, base: str) -> list[dict]:
    """Copies of outlet/speaker ``items`` with ``toggle_url`` (add or remove the value)."""
    return [dict(item, toggle_url=state.toggle(facet, item["value"]).url(base)) for item in items]


def add_date_links(buckets: list[dict], state: SearchState, base: str) -> list[dict]:
    """Copies of date ``buckets`` with ``toggle_url`` (filter to the bucket, or clear if it is the
    whole selection) and ``level`` (bar height 0..LEVELS)."""
    top = max((b["count"] for b in buckets), default=0)
    out = []
    for b in buckets:
        exact = state.date_from == b["from"] and state.date_to == b["to"]
        url = state.url(base, date_from=None, date_to=None) if exact \
            else state.url(base, date_from=b["from"], date_to=b["to"])
        level = 0 if not b["count"] else max(1, round(LEVELS * b["count"] / top))
        out.append(dict(b, toggle_url=url, level=level))
    return out
