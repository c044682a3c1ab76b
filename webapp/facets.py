"""Facet values as plain dicts: outlet, speaker and language lists, and the date histogram.

Input is counts (from :class:`indexer.index.columns.Columns`) and the current selection;
output is lists of dicts that templates and the JSON API show as they
are: ``{value, label, count, selected}`` for outlet, speaker and language (``value``
is the URL value: ``~none`` for the articles without one, see
:mod:`webapp.params`; a language's ``value`` is its ISO 639-1 code and its
``label`` its readable name), ``{from, to, label, count, selected}`` for date
buckets.  Links, bar heights and axis ticks are added by :func:`add_links`
and :func:`add_date_links`, only for the values a page shows.  Dates are
ISO 8601 throughout (``2024-11-18``, ``2024-11``, ``2024``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from indexer.index.languages import language_name
from webapp.params import NONE, SearchState, from_url_value, url_value

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
MAX_DAYS = 31          # at most this many days spanned: one bar a day
MAX_WEEKS_DAYS = 182   # at most this many days: one bar a week
MAX_MONTHS = 72        # at most this many months: one bar a month; beyond, a bar a year
LEVELS = 10            # bar heights are classes lvl-0 .. lvl-10 (no inline styles under the CSP)
MAX_TICKS = 4          # date labels along the axis at most
CHAR_SHARE = 0.03      # the share of the axis one character of a tick label takes (labels run rightwards)
TICK_GAP = 0.05        # and the least share of the axis between one label and the next
NONE_LABELS = {"outlet": "(no outlet)", "speaker": "(no named speaker)", "lang": "(undetermined)"}
FACET_WORDS = {"outlet": "outlet", "speaker": "speaker", "lang": "language"}   # in running text


def value_label(facet: str, value: str) -> str:
    """How a facet value is shown ("" is the "none" bucket; a language by its name)."""
    if not value:
        return NONE_LABELS[facet]
    return language_name(value) if facet == "lang" else value


def labels(facet: str, values) -> str:
    return ", ".join(value_label(facet, v) for v in values)


def value_facet(counts: Counter, selected: tuple[str, ...], none: int = 0, facet: str = "outlet") -> list[dict]:
    """Values by count (then name), with ``none`` documents lacking a value as one more value;
    selected values are always listed, even at zero."""
    counts = Counter({v: n for v, n in counts.items() if n and v})
    if none:
        counts[""] = none
    items = [_item(facet, v, n, v in selected) for v, n in counts.items()]
    items += [_item(facet, v, 0, True) for v in selected if v not in counts]
    items.sort(key=lambda item: (not item["selected"], -item["count"], item["value"] == NONE, item["label"].lower()))
    # Selected values first keeps them visible in a truncated list; order the rest by count.
    return items


def _item(facet: str, value: str, count: int, selected: bool) -> dict:
    return {"value": url_value(value), "label": value_label(facet, value), "count": count, "selected": selected}


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
    parsed = {}
    for day, n in days.items():
        if n and day:
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
    """The bucket as text: ``2024-11-18``, ``week of 2024-11-18``, ``2024-11``, ``2024``."""
    if unit == WEEK:
        return f"week of {start.isoformat()}"
    return short_label(start, unit)


def short_label(start: dt.date, unit: str) -> str:
    if unit in (DAY, WEEK):
        return start.isoformat()
    return start.isoformat()[:7] if unit == MONTH else str(start.year)


def bucket_unit(bucket: dict) -> str:
    """The width of a histogram bucket, from its first and last day."""
    days = (dt.date.fromisoformat(bucket["to"]) - dt.date.fromisoformat(bucket["from"])).days + 1
    return DAY if days == 1 else WEEK if days == 7 else MONTH if days <= 31 else YEAR


def axis_ticks(buckets: list[dict]) -> dict[int, str]:
    """Date labels along the axis, ``{bucket index: label}``: where the next coarser unit begins
    (a month for day and week bars, a year for month bars), else at every bar; at most
    :data:`MAX_TICKS`, each with room to its right before the next one and the end."""
    if not buckets:
        return {}
    unit = bucket_unit(buckets[0])
    starts = [dt.date.fromisoformat(b["from"]) for b in buckets]
    coarse = {DAY: MONTH, WEEK: MONTH, MONTH: YEAR}.get(unit)
    candidates = {}
    if coarse:
        previous = None
        for i, start in enumerate(starts):
            mark = bucket_start(start, coarse)
            if mark != previous:
                candidates[i] = short_label(mark, coarse)
            previous = mark
    if len(candidates) < 2:
        candidates = {i: short_label(start, unit) for i, start in enumerate(starts)}
    n = len(buckets)
    ticks: dict[int, str] = {}
    for i, label in candidates.items():
        if len(ticks) == MAX_TICKS or (n - i) / n < len(label) * CHAR_SHARE:
            break
        if ticks:
            last = max(ticks)
            if (i - last) / n < len(ticks[last]) * CHAR_SHARE + TICK_GAP:
                continue
        ticks[i] = label
    return ticks


def date_filter_label(state: SearchState) -> str:
    """The date filter in words: ``2024-01-01 to 2024-08-31``, ``from …``, ``until …``, ``undated``."""
    lo, hi = state.date_from, state.date_to
    if lo and hi:
        text = lo if lo == hi else f"{lo} to {hi}"
    else:
        text = f"from {lo}" if lo else f"until {hi}" if hi else ""
    if state.undated:
        return f"{text} or undated" if text else "undated"
    return text


def add_links(items: list[dict], state: SearchState, facet: str, base: str) -> list[dict]:
    """Copies of outlet/speaker/lang ``items`` with ``toggle_url`` (add or remove the value)."""
    return [dict(item, toggle_url=state.toggle(facet, from_url_value(item["value"])).url(base)) for item in items]


def add_date_links(buckets: list[dict], state: SearchState, base: str) -> list[dict]:
    """Copies of date ``buckets`` with ``toggle_url`` (filter to the bucket, or clear the range if
    it is the whole range), ``level`` (bar height 0..LEVELS) and ``tick`` (axis label or None)."""
    top = max((b["count"] for b in buckets), default=0)
    ticks = axis_ticks(buckets)
    out = []
    for i, b in enumerate(buckets):
        exact = state.date_from == b["from"] and state.date_to == b["to"]
        url = state.url(base, date_from=None, date_to=None) if exact \
            else state.url(base, date_from=b["from"], date_to=b["to"])
        level = 0 if not b["count"] else max(1, round(LEVELS * b["count"] / top))
        out.append(dict(b, toggle_url=url, level=level, tick=ticks.get(i)))
    return out


def undated_bucket(count: int, state: SearchState, base: str) -> dict:
    """The "undated" bucket of the date facet, selectable like a bar (``undated=1``)."""
    return {"label": "undated", "count": count, "selected": state.undated,
            "toggle_url": state.url(base, undated=not state.undated)}
