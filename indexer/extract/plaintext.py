"""Clean scraped plain text (and Markdown) into a title, a header area and passages.

Scraped text carries page chrome ("Share", "All Sections"), header lines
(`` date 2024-11-18``, sometimes glued to page text), photo captions with
their credit lines, donation appeals and related-links lists; wire copy
ends with a sign-off ("Reuter", "(Reporting by ...; Editing by ...)").
This module removes them with rules kept as data in
``indexer/extract/data/chrome.txt`` and returns what is left in reading
order: fixed-width tables stay whole, as preformatted passages
(:mod:`indexer.extract.textlayout`).  It decides nothing about dates,
outlets or speakers: it only says which lines are the header area and
which are the sign-off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from indexer.extract import dates, textlayout
from indexer.extract.wordlists import sections

CHROME_FILE = "chrome.txt"
HEADER_KEYS = ("date", "outlet", "url", "author", "title")
TOP_SCAN = 12          # non-empty lines searched for header fields
LONG_LINE = 90         # a block whose lines reach this is not hard-wrapped


@dataclass
class TextPage:
    """What plain-text cleaning finds in a file."""

    title: str | None
    passages: list[str]
    top_lines: list[str] = field(default_factory=list)   # header area: datelines, bylines, outlet lines
    header: dict[str, str] = field(default_factory=dict)  # explicit ``key value`` header fields
    pre: set[int] = field(default_factory=set)           # indexes of the passages that are tables
    signature: list[str] = field(default_factory=list)   # the wire sign-off lines cut from the end


@dataclass(frozen=True)
class ChromeRules:
    line: re.Pattern
    end: re.Pattern
    image: re.Pattern
    signature: re.Pattern
    heading: re.Pattern   # web pages: headings that open a furniture section (read by extract.html)
    bio: re.Pattern       # web pages: a note about the author at the end (read by extract.html)
    meta: re.Pattern      # web pages: a published/updated line inside the body (read by extract.html)
    legal: re.Pattern     # copyright and rights lines (also in ``line``); web pages: an end of the article


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    """The chrome patterns of ``data/chrome.txt``, each section compiled into one regex."""
    patterns = sections(CHROME_FILE)
    patterns["line"] = [*patterns.get("line", ()), *patterns.get("legal", ())]  # legal lines are lines too
    compiled = {name: re.compile("|".join(f"(?:{p})" for p in patterns.get(name, ())),
                                 re.IGNORECASE)
                for name in ("line", "end", "image", "signature", "heading", "bio", "meta", "legal")}
    return ChromeRules(**compiled)


_HEADER = re.compile(r"^\s*(?:(?P<lower>date|outlet|url|author|title)\s+|"
                     r"(?P<key>(?i:date|outlet|url|author|title))\s*:\s*|"
                     r"(?P<link>(?i:source|source url|link|permalink|canonical|original url|original article))"
                     r"\s*:\s*(?=https?://))(?P<value>\S.*)$")
_BARE_URL = re.compile(r"^\s*<?(https?://[^\s<>]+)>?\s*$")
#: A line that gives the source address at the end of a clipping ("Source: https://...").
_SOURCE_AT_END = re.compile(r"^\s*(?i:source|source url|original url|original article|originally published at"
                            r"|first published at|link)\s*:?\s*<?(https?://[^\s<>]+)>?\s*$")
END_SCAN = 3           # non-empty lines at the end searched for a source address
_ISO_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)\s*(.*)$")
_URL_PREFIX = re.compile(r"^(https?://\S+)\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣*\-–—]|\d{1,3}[.)])\s+")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_CAPTION_DATE_END = re.compile(
    r",\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}[.,]?\s+\d{4}\.?$")
_BYLINE = re.compile(r"^(?:[^|]*\|\s*)?By\s+(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*(?:,|\||$| and )")
_GLUED_AUTHOR = re.compile(
    r"^(?P<name>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2})\s*"
    r"(?=(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\b|\d)")


def clean_text(text: str, markdown: bool = False,
               is_outlet: Callable[[str], bool] = lambda line: False) -> TextPage:
    """Split ``text`` into header fields, a title, the header area and body passages.

    ``is_outlet`` tells whether a short line is an outlet's name (such a line
    before the headline is a site label, not the title).
    """
    rules = chrome_rules()
    lines = [line.replace("\xa0", " ").expandtabs(8).rstrip() for line in text.split("\n")]
    header: dict[str, str] = {}
    if markdown:
        lines, header = _front_matter(lines)
    lines = _split_header_lines(lines, header)
    md_title = None
    if markdown:
        lines, md_title = _markdown_lines(lines)
    lines = _cut_at_end_marker(lines, rules)
    lines, signature = cut_signature(lines, rules)
    wrap = textlayout.width(lines)
    blocks = _blocks(lines, rules)
    title, top_lines, blocks = _header_area(blocks, md_title or header.get("title"), is_outlet)
    passages: list[str] = []
    pre: set[int] = set()
    for block in _drop_captions(blocks, rules):
        for passage, table in _block_passages(block, wrap):
            if table:
                pre.add(len(passages))
            passages.append(passage)
    if title is None and passages:
        title = _title_from_text(" ".join(passages[0].split()))
    return TextPage(title=title, passages=passages, top_lines=top_lines, header=header, pre=pre,
                    signature=signature)


def author_from_lines(lines: list[str]) -> str | None:
    """The author named in a byline (``By David Vergun, DOD News``) or glued to a dateline."""
    for line in lines:
        match = _BYLINE.search(line.strip())
        if match:
            return match.group("name").strip()
    for line in lines:
        match = _GLUED_AUTHOR.match(line.strip())
        if match and dates.date_from_lines([line]):
            return match.group("name")
    return None


_REPORTERS = re.compile(r"\b(?:Reporting|Writing|Reported|Written)\s+by\s+(?P<names>[^;()]+)", re.IGNORECASE)


def author_from_signature(lines: list[str]) -> str | None:
    """The reporters a wire sign-off names: "(Reporting by Hyonhee Shin in Seoul and David
    Brunnstrom in Washington; Editing by ...)" -> "Hyonhee Shin, David Brunnstrom"."""
    for line in lines:
        match = _REPORTERS.search(line)
        if match:
            names = re.split(r",\s*|\s+and\s+", match.group("names"))
            names = [re.split(r"\s+(?:in|from|at)\s+", name.strip(), maxsplit=1)[0].strip(" .") for name in names]
            names = [name for name in names if re.fullmatch(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}", name)]
            if names:
                return ", ".join(names)
    return None


def _front_matter(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Read a YAML-style front matter block (``---`` ... ``---``) of simple ``key: value`` lines."""
    header: dict[str, str] = {}
    if not lines or lines[0].strip() != "---":
        return lines, header
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                key = key.strip().lower()
                value = value.strip().strip("'\"")
                if sep and key in HEADER_KEYS and value:
                    header[key] = value
            return lines[end + 1:], header
    return lines, header


def _split_header_lines(lines: list[str], header: dict[str, str]) -> list[str]:
    """Take ``date 2024-11-18``-style header lines out of the top of the text.

    Keys are ``date outlet url author title``, lowercase with a space or in
    any case with a colon (``URL: ...``, ``url: ...``); ``Source:``,
    ``Link:``, ``Permalink:`` with a web address are the url, and so is a
    line that is only a web address.  Text glued after a header value
    (`` date 2024-11-18 All Sections``) is kept as a line of its own, to be
    judged like any other line.  A "Source: https://..." line among the
    last lines gives the url too when the top did not.
    """
    out: list[str] = []
    seen = 0
    for i, line in enumerate(lines):
        if seen >= TOP_SCAN:
            out.extend(lines[i:])
            break
        if line.strip():
            seen += 1
        match = _HEADER.match(line)
        if match:
            key = "url" if match.group("link") else (match.group("lower") or match.group("key")).lower()
            value, rest = _header_value(key, match.group("value").strip())
            if value is not None and key not in header:
                header[key] = value
                if rest:
                    out.append(rest)
                continue
        bare = _BARE_URL.match(line)
        if bare and "url" not in header:       # a clipping that starts with its address
            header["url"] = bare.group(1)
            continue
        out.append(line)
    return _source_at_end(out, header)


def _source_at_end(lines: list[str], header: dict[str, str]) -> list[str]:
    """Take a "Source: https://..." line off the last lines when no header gave the address."""
    if "url" in header:
        return lines
    seen = 0
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip():
            continue
        match = _SOURCE_AT_END.match(lines[i])
        if match:
            header["url"] = match.group(1)
            return lines[:i] + lines[i + 1:]
        seen += 1
        if seen >= END_SCAN:
            break
    return lines


def _header_value(key: str, value: str) -> tuple[str | None, str]:
    """The header value and any text glued after it; (None, "") if it is not a header."""
    if key == "date":
        match = _ISO_PREFIX.match(value)
        if match and dates.parse_date(match.group(1)):
            return dates.parse_date(match.group(1)), match.group(2).strip()
        parsed = dates.parse_date(value)
        return (parsed, "") if parsed else (None, "")
    if key == "url":
        match = _URL_PREFIX.match(value)
        return (match.group(1), match.group(2).strip()) if match else (None, "")
    return (value, "") if len(value) <= 300 else (None, "")


def _markdown_lines(lines: list[str]) -> tuple[list[str], str | None]:
    """Strip Markdown syntax; the first level-1 heading is the title."""
    out: list[str] = []
    title = None
    in_code = False
    for line in lines:
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if not in_code:
            heading = _MD_HEADING.match(line)
            if heading:
                if heading.group(1) == "#" and title is None:
                    title = _inline_markdown(heading.group(2))
                    continue
                out.extend(["", _inline_markdown(heading.group(2)), ""])
                continue
            line = re.sub(r"^\s{0,3}>\s?", "", line)
            if re.fullmatch(r"\s*([-*_]\s*){3,}", line):
                line = ""
            line = _inline_markdown(line)
        out.append(line)
    return out, title


def _inline_markdown(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPHASIS.sub(r"\2", line)


def _cut_at_end_marker(lines: list[str], rules: ChromeRules) -> list[str]:
    """Drop an end marker (donation appeal, "Source link") and everything after it."""
    body_seen = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if body_seen >= 1 and rules.end.fullmatch(stripped):
            return lines[:i]
        if len(stripped) > 80:
            body_seen += 1
    return lines


_INLINE_SIGNATURE = re.compile(
    r"\s*\((?:additional\s+)?(?:reporting|writing|editing|compiled|translated|research)\b[^()]{0,300}\)\s*$"
    r"|(?<=[.!?\"”)])\s+(?:REUTER|Reuter)S?\s*$", re.IGNORECASE)
SIGNATURE_LINES = 4    # sign-off lines looked for at the end of a text


def cut_signature(lines: list[str], rules: ChromeRules) -> tuple[list[str], list[str]]:
    """Take a wire sign-off off the end of the text: lines such as "Reuter", "(Reporting by
    ...; Editing by ...)", "Compiled by ...", or such a parenthesis (or "REUTER" after a
    sentence) ending the last line."""
    lines = list(lines)
    signature: list[str] = []
    while lines and len(signature) < SIGNATURE_LINES:
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            break
        last = " ".join(lines[-1].split())
        if rules.signature.fullmatch(last):
            signature.insert(0, last)
            lines.pop()
            continue
        match = _INLINE_SIGNATURE.search(lines[-1])
        if match and match.start() > 0:
            signature.insert(0, match.group().strip())
            lines[-1] = lines[-1][:match.start()].rstrip()
        break
    return lines, signature


def _norm(line: str) -> str:
    """A line with its spacing normalised (blocks keep lines raw, for the table layout)."""
    return " ".join(line.split())


def _blocks(lines: list[str], rules: ChromeRules) -> list[list[str]]:
    """Group raw lines into blank-line separated blocks, without chrome lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        stripped = _norm(line)
        if not stripped:
            if current:
                blocks.append(current)
                current = []
            continue
        if rules.line.fullmatch(stripped):
            continue
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _is_top_line(line: str) -> bool:
    """A dateline, byline or short label that belongs to the header area, not the body."""
    if len(line) > 200:
        return False
    return bool(dates.date_from_lines([line]) or _BYLINE.search(line))


def _header_area(blocks: list[list[str]], given_title: str | None, is_outlet: Callable[[str], bool]):
    """Find the title and the header-area lines; return them with the remaining body blocks."""
    top: list[str] = []
    title = given_title
    rest: list[list[str]] = []
    in_header = True
    for block in blocks:
        if not in_header:
            rest.append(block)
            continue
        remaining = []
        for k, raw in enumerate(block):
            line = _norm(raw)
            if _is_top_line(line) or (title is None and len(line) < 60 and is_outlet(line)):
                top.append(line)
            elif title is None and len(line) <= 200:
                title = line
            else:
                remaining = block[k:]
                in_header = False
                break
        if remaining:
            rest.append(remaining)
    return title, top, rest


def _drop_captions(blocks: list[list[str]], rules: ChromeRules) -> list[list[str]]:
    """Drop photo captions: blocks holding an image line, and the caption a lone credit follows."""
    kept: list[list[str]] = []
    for block in blocks:
        lines = [_norm(line) for line in block]
        if any(rules.image.fullmatch(line) for line in lines):
            if len(block) == 1 and kept and _caption_like([_norm(line) for line in kept[-1]]):
                kept.pop()
            continue
        if len(block) == 1 and _CAPTION_DATE_END.search(lines[0]) and len(lines[0]) < 300 \
                and not re.search(r"[\"“”]", lines[0]):
            continue
        kept.append(block)
    return kept


def _caption_like(block: list[str]) -> bool:
    """A block that reads like a photo caption: a short label line over a line, or a cut-off text."""
    text = " ".join(block)
    if len(text) > 600:
        return False
    if block[-1].endswith(("…", "...")):
        return True
    return len(block) >= 2 and len(block[0].split()) <= 5 and not block[0].endswith((".", ":", "!", "?"))


def _block_passages(block: list[str], wrap: int) -> list[tuple[str, bool]]:
    """Turn a block of raw lines into (passage, is a table) pairs: a table stays one passage with
    its line breaks; the other lines go by paragraph (:func:`_paragraph_passages`)."""
    out: list[tuple[str, bool]] = []
    for segment in textlayout.segments(block, wrap):
        if segment.pre:
            out.append((textlayout.dedent(segment.lines), True))
        else:
            lines = [_norm(line) for line in segment.lines]
            out.extend((passage, False) for passage in _paragraph_passages(lines, wrap))
    return out


def _continues(previous: str, line: str, wrap: int) -> bool:
    """Whether a line that starts like a list item ("- fell 1.60 billion", "13. Chinese") is the
    next line of a wrapped sentence: the line before is no item, ends no sentence, and was not
    broken on purpose (the marker and first word would not have fit after it)."""
    if _BULLET.match(previous) or re.search(r"[.:;!?]$", previous):
        return False
    return not textlayout.broken_on_purpose(previous, "".join(line.split()[:2]), wrap)


def _paragraph_passages(block: list[str], wrap: int) -> list[str]:
    """Passages of a paragraph's lines: list items and long lines stand alone, wrapped lines are joined."""
    passages: list[str] = []
    hard_wrapped = len(block) > 1 and all(len(line) < LONG_LINE for line in block)
    for k, line in enumerate(block):
        bullet = _BULLET.match(line)
        if bullet and not (k > 0 and _continues(block[k - 1], line, wrap)):
            passages.append(line[bullet.end():].strip())
        elif hard_wrapped and passages and (not _BULLET.match(block[0])
                                            or not textlayout.broken_on_purpose(block[k - 1], line, wrap)):
            passages[-1] = f"{passages[-1]} {line}"     # a wrapped line (of a list item too)
        else:
            passages.append(line)
    return [p for p in passages if p]


def _title_from_text(first: str) -> str:
    """A title for a text without a headline: its first sentence, shortened."""
    sentence = re.split(r"(?<=[.!?])\s+", first, maxsplit=1)[0]
    if len(sentence) > 120:
        sentence = sentence[:117].rsplit(" ", 1)[0] + "…"
    return sentence
