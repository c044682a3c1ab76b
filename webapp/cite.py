"""Citations of an article or one of its passages: plain text, CSL-JSON and RIS.

:func:`citation` turns the article view (:func:`webapp.document.article_view`)
into one plain record; :data:`FORMATS` writes it out.  Every value is kept
on one line (whitespace collapsed), so no field can break a RIS line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from indexer.extract.people.sentences import split_sentences

#: The longest quotation, in characters, before it is cut at a word and ends with "…".
QUOTE_LIMIT = 300


class CiteError(ValueError):
    """A citation that cannot be made (a passage number the article does not have)."""


@dataclass(frozen=True)
class Citation:
    doc_id: str
    title: str
    outlet: str | None
    date: str | None          # YYYY-MM-DD, YYYY-MM or YYYY
    url: str | None           # the original source, when known
    authors: tuple[str, ...]
    passage: int | None       # the ¶ number; None for the whole article
    quote: str | None         # the passage's first sentence (or its first QUOTE_LIMIT characters)
    link: str                 # the absolute Clippings link to the passage or article


def one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def quote_of(text: str) -> str:
    """The first sentence of ``text`` (split by the indexer's sentence splitter, which knows
    titles, initials and abbreviations), or ``text`` cut at a word near :data:`QUOTE_LIMIT`
    characters."""
    text = one_line(text)
    sentences = split_sentences(text)
    if sentences and len(sentences[0]) <= QUOTE_LIMIT:
        return sentences[0]
    if len(text) <= QUOTE_LIMIT:
        return text
    cut = text[:QUOTE_LIMIT + 1].rsplit(" ", 1)[0] if " " in text[:QUOTE_LIMIT + 1] else text[:QUOTE_LIMIT]
    return cut.rstrip(" ,;:") + "…"


def split_authors(author: str | None) -> tuple[str, ...]:
    """The names in an author line: ``"Jane Doe, John Roe and Ann Poe"`` gives three."""
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", one_line(author))
    return tuple(p for p in parts if p)


def name_parts(name: str) -> dict:
    """A CSL name: ``{"family": "Doe", "given": "Jane"}``, or ``{"literal": name}`` for one word."""
    words = name.split()
    if len(words) < 2:
        return {"literal": name}
    return {"family": words[-1], "given": " ".join(words[:-1])}


def date_parts(date: str | None) -> list[int]:
    """``"2024-11-04"`` as ``[2024, 11, 4]`` (a month or year alone gives fewer parts)."""
    if not date or not re.match(r"^\d{4}(?:-\d{2}){0,2}$", date):
        return []
    return [int(p) for p in date.split("-")]


def citation(view: dict, passage: int | None, absolute) -> Citation:
    """The citation of passage ``passage`` (1-based; None: the whole article) of the article
    ``view``; ``absolute`` turns an app-relative link into an absolute URL.  Raises
    :class:`CiteError` for a passage number the article does not have."""
    passages = view["passages"]
    if passage is not None and not 1 <= passage <= len(passages):
        raise CiteError(f"'p' must be a passage of this article (1 to {len(passages)}; got {passage})")
    chosen = passages[passage - 1] if passage is not None else None
    return Citation(
        doc_id=view["id"],
        title=one_line(view["title"]),
        outlet=one_line(view["outlet"]) or None,
        date=view["date"] or None,
        url=one_line(view["url"]) or None,
        authors=split_authors(view["author"]),
        passage=passage,
        quote=quote_of(chosen["text"]) if chosen else None,
        link=absolute(chosen["link"] if chosen else view["plain_url"]),
    )


def _note(c: Citation) -> str:
    where = f"¶{c.passage}: “{c.quote}” " if c.passage is not None else ""
    return f"{where}Clippings: {c.link}"


def as_text(c: Citation) -> str:
    """A plain-text citation: who, what, where, when, ¶, then the quotation and the Clippings link."""
    head = ", ".join(p for p in (
        ", ".join(c.authors), f"“{c.title}”", c.outlet, c.date or "n.d.",
        f"¶{c.passage}" if c.passage is not None else None) if p)
    lines = [head + "." + (f" {c.url}" if c.url else "")]
    if c.quote:
        lines.append(f"“{c.quote}”")
    lines.append(f"Clippings: {c.link}")
    return "\n".join(lines) + "\n"


def as_csl(c: Citation) -> str:
    """A CSL-JSON list of one ``article-newspaper`` item (what Zotero and citeproc read)."""
    item: dict = {"id": c.doc_id + (f"-p{c.passage}" if c.passage is not None else ""),
                  "type": "article-newspaper", "title": c.title}
    if c.outlet:
        item["container-title"] = c.outlet
    if c.authors:
        item["author"] = [name_parts(a) for a in c.authors]
    if date_parts(c.date):
        item["issued"] = {"date-parts": [date_parts(c.date)]}
    if c.url:
        item["URL"] = c.url
    item["note"] = _note(c)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def as_ris(c: Citation) -> str:
    """A RIS record (``TY  - NEWS`` ... ``ER  - ``), CRLF line ends."""
    lines = [("TY", "NEWS"), ("TI", c.title)]
    if c.outlet:
        lines.append(("T2", c.outlet))
    for author in c.authors:
        parts = name_parts(author)
        lines.append(("AU", parts.get("literal") or f"{parts['family']}, {parts['given']}"))
    day = date_parts(c.date)
    if day:
        lines.append(("PY", str(day[0])))
        lines.append(("DA", "/".join(f"{v:02d}" for v in day)))
    if c.url:
        lines.append(("UR", c.url))
    lines.append(("N1", _note(c)))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


@dataclass(frozen=True)
class Format:
    write: Callable[[Citation], str]
    mimetype: str
    extension: str | None     # None: shown in the browser; else downloaded as <name>.<extension>


FORMATS = {
    "text": Format(as_text, "text/plain", None),
    "csl": Format(as_csl, "application/vnd.citationstyles.csl+json", "json"),
    "ris": Format(as_ris, "application/x-research-info-systems", "ris"),
}
