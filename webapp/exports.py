"""A search's results as downloads: CSV for spreadsheets, JSON for programs.

Both take the rows of :meth:`webapp.backend.Session.export` (result dicts)
and turn each into one flat :func:`record` with the columns in
:data:`COLUMNS`; the views stream them.  At most :data:`MAX_ROWS` rows are
written (the cap is read at each request, so it can be changed on this
module); past it the response says so in the ``X-Clippings-Truncated``
header and, in JSON, in ``truncated`` and ``message`` (a comment row would
break spreadsheets).

CSV is written by the :mod:`csv` module, UTF-8 with a byte-order mark so
that Excel reads it as UTF-8, CRLF line ends, and cells holding commas,
quotes or newlines quoted.  A cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` so that no
spreadsheet runs it as a formula (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from markupsafe import Markup

from webapp.present import fold

MAX_ROWS = 10_000
COLUMNS = ("id", "title", "date", "outlet", "author", "url", "speakers", "snippet", "passage_link", "group",
           "copies")
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SPEAKER_SEPARATOR = "; "
NAME_WORDS = 6                 # words of the query in a download's file name at most

_NAME_WORD = re.compile(r"[a-z0-9]+")


def record(result: dict, base: str) -> dict:
    """One exported row: a result dict flattened, its best snippet as plain text and the link to
    that passage (else to the article) made absolute with ``base`` (``scheme://host``)."""
    snippets = result.get("snippets") or []
    best = snippets[0] if snippets else None
    return {
        "id": result["id"],
        "title": result.get("title") or "",
        "date": result.get("date"),
        "outlet": result.get("outlet"),
        "author": result.get("author"),
        "url": result.get("url"),
        "speakers": list(result.get("speakers") or []),
        "snippet": plain_text(best["html"]) if best else "",
        "passage_link": absolute(base, best["link"] if best else result["link"]),
        "group": (result.get("group") or {}).get("id") or result["id"],
        "copies": (result.get("group") or {}).get("size", 1),
    }


def plain_text(html: str) -> str:
    """A snippet's markup (escaped text and ``<mark>``) as the text it shows."""
    return Markup(str(html)).striptags()


def absolute(base: str, link: str) -> str:
    """``link`` (a path such as ``/doc/a1?p=2``) on the site ``base``; absolute links are kept."""
    return link if urlsplit(link).scheme else base.rstrip("/") + link


def safe_cell(value) -> str:
    """A CSV cell: None is empty, lists are joined, text that a spreadsheet would run as a
    formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = SPEAKER_SEPARATOR.join(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_chunks(records: Iterable[dict]) -> Iterator[str]:
    """The CSV file, a line at a time: the BOM and the header, then one line per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + line(COLUMNS)
    for item in records:
        yield line(safe_cell(item[name]) for name in COLUMNS)


def json_chunks(head: dict, records: Iterable[dict]) -> Iterator[str]:
    """One JSON object, written piece by piece: ``head``'s keys (at least one), then ``results``."""
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    for i, item in enumerate(records):
        yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]}\n"


def summary(total: int, limit: int) -> dict:
    """What the download holds: ``total`` matches, ``exported`` rows, ``truncated`` and why."""
    exported = min(total, limit)
    truncated = total > limit
    message = (f"Only the first {limit:,} of {total:,} matching articles are exported; narrow the search "
               f"to get the rest." if truncated else None)
    return {"total": total, "exported": exported, "limit": limit, "truncated": truncated, "message": message}


def file_name(q: str, extension: str) -> str:
    """A download's name: ``clippings-`` and the query's first words (ASCII), or ``all``."""
    words = _NAME_WORD.findall(fold(q).encode("ascii", "ignore").decode())[:NAME_WORDS]
    return f"clippings-{'-'.join(words) or 'all'}.{extension}"
