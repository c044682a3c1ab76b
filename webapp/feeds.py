"""Following a search from elsewhere: its Atom feed, and the OpenSearch description.

Both are XML documents built with :mod:`xml.etree.ElementTree` (text is
escaped by the serializer, never pasted into markup), from the flat
records of :func:`webapp.exports.record`.

The feed (RFC 4287) lists the newest :data:`FEED_ENTRIES` dated articles of
a search.  Undated articles are left out: a feed reader orders and dates
entries by ``updated``, and an article without a date would have to borrow
one (the index's update time would make it look new after every update).
Each entry: the article page as ``id``, the best snippet's passage link
as ``link``, the article's source as a ``related`` link, its date as
``published`` and ``updated`` (midnight UTC), the byline or else the
outlet as ``author``, the outlet as a ``category``, the best snippet as
plain-text ``summary``.  The feed's own ``updated`` is its newest entry's
date, or the index's update time when it has none.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from itertools import islice, takewhile
from urllib.parse import quote

from webapp.document import safe_source
from webapp.facets import date_filter_label, labels
from webapp.params import SearchState

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ATOM_TYPE = "application/atom+xml"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"
FEED_ENTRIES = 50
SHORT_NAME = "Clippings"
DESCRIPTION = "Search the Clippings news archive"

# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def describe(state: SearchState) -> str:
    """A search in words, for the feed's title: the query, then each filter."""
    parts = [f"“{state.q}”" if state.q else "all articles"]
    if state.outlets:
        parts.append("outlet: " + labels("outlet", state.outlets))
    if state.speakers:
        parts.append("speaker: " + labels("speaker", state.speakers))
    if state.langs:
        parts.append("language: " + labels("lang", state.langs))
    if state.dated_filter:
        parts.append("dates " + date_filter_label(state))
    return parts[0] + (f" ({'; '.join(parts[1:])})" if len(parts) > 1 else "")


def dated_entries(records: Iterable[dict]) -> list[dict]:
    """The feed's entries: ``records`` (newest first, undated last) up to the first undated one,
    at most :data:`FEED_ENTRIES`."""
    return list(islice(takewhile(lambda item: _timestamp(item["date"]), records), FEED_ENTRIES))


def atom_feed(entries: list[dict], *, site: str, title: str, feed_url: str, page_url: str,
              fallback_updated: str) -> bytes:
    """The Atom document of ``entries`` (from :func:`dated_entries`); ``site`` is the app's
    absolute root (``scheme://host/root``), ``fallback_updated`` the feed's time when empty."""
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "title", title)
    _text(feed, "subtitle", "The newest dated articles of this search in Clippings")
    ET.SubElement(feed, "link", rel="self", type=ATOM_TYPE, href=feed_url)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=page_url)
    _text(feed, "id", feed_url)
    _text(feed, "updated", _timestamp(entries[0]["date"]) if entries else fallback_updated)
    _text(ET.SubElement(feed, "author"), "name", SHORT_NAME)
    _text(feed, "generator", SHORT_NAME)
    for item in entries:
        _entry(feed, item, site)
    return _serialize(feed)


def _entry(feed: ET.Element, item: dict, site: str) -> None:
    entry = ET.SubElement(feed, "entry")
    _text(entry, "title", item["title"] or item["id"])
    _text(entry, "id", f"{site}/doc/{quote(item['id'])}")
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=item["passage_link"])
    source = safe_source(item["url"])
    if source:
        ET.SubElement(entry, "link", rel="related", href=source)
    stamp = _timestamp(item["date"])
    _text(entry, "published", stamp)
    _text(entry, "updated", stamp)
    byline = item["author"] or item["outlet"]
    if byline:
        _text(ET.SubElement(entry, "author"), "name", byline)
    if item["outlet"]:
        ET.SubElement(entry, "category", term=_clean(item["outlet"]), label=_clean(item["outlet"]))
    if item["snippet"]:
        _text(entry, "summary", item["snippet"], type="text")


def opensearch_description(site: str) -> bytes:
    """The OpenSearch 1.1 description: the search page and the feed, ``{searchTerms}`` as ``q``."""
    root = ET.Element("OpenSearchDescription", xmlns=OPENSEARCH)
    _text(root, "ShortName", SHORT_NAME)
    _text(root, "Description", DESCRIPTION)
    _text(root, "InputEncoding", "UTF-8")
    ET.SubElement(root, "Url", type="text/html", method="get", template=f"{site}/?q={{searchTerms}}")
    ET.SubElement(root, "Url", type=ATOM_TYPE, method="get", template=f"{site}/feed?q={{searchTerms}}")
    ET.SubElement(root, "Url", type=OPENSEARCH_TYPE, rel="self", template=f"{site}/opensearch.xml")
    return _serialize(root)


def _timestamp(day: str | None) -> str | None:
    """An article's date (``YYYY-MM-DD``) as an RFC 3339 time, midnight UTC; None if it has none."""
    if not day:
        return None
    try:
        return dt.date.fromisoformat(day).isoformat() + "T00:00:00Z"
    except ValueError:
        return None


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(parent: ET.Element, tag: str, text: str, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, **attrs)
    element.text = _clean(text)
    return element


def _serialize(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
