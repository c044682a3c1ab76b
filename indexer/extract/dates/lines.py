"""Datelines in plain text: which of an article's top lines state its date."""

from __future__ import annotations

import datetime as _dt
import re

from indexer.extract.dates.parse import current, find, order_hint
from indexer.extract.dates.vocabulary import DIGITS, NOT_LETTER_AFTER, WEEKDAY_ALT

_TIME = re.compile(
    r"(?<!\d)[0-2]?\d(?:[:.h]\s?[0-5]\d|\s?[ap]\.?m\.?)(?:[:.][0-5]\d)?(?:\s*[ap]\.?\s?m\.?)?"
    r"(?:\s*(?:hrs?|uhr|h)\b)?|\b\d\d?h\d\d\b|(?<!\d)\d{1,2}\s?[hH](?=\W|$)", re.I)
_ZONE = re.compile(
    r"\b(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|ET|PT|CT|MT|BST|CET|CEST|"
    r"EET|EEST|WET|WEST|IST|JST|KST|AEST|AEDT|ACST|AWST|NZST|NZDT|SGT|HKT|WIB|MSK|SAST|WAT|EAT)"
    r"\b(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|[+-]\d\d:?\d\d\b")
_WEEKDAY = re.compile(rf"(?:{WEEKDAY_ALT})\.?{NOT_LETTER_AFTER}", re.I)
_KEYWORDS = re.compile(
    r"(?<!\w)(?:first\s+published|last\s+updated|last\s+modified|published|publication\s+date|"
    r"posted|updated|modified|created|issued|released|dated|date|time|on|at|as\s+of|by|"
    r"news\s+release|press\s+release|distributed\s+by|release|"
    r"publié|publie|mis\s+à\s+jour|le|publicado|atualizado|actualizado|publicada|em|el|às|as|"
    r"a\s+las|"
    r"pubblicato|aggiornato|il|alle|veröffentlicht|aktualisiert|am|um|uhr|gepubliceerd|"
    r"bijgewerkt|op|om|publicat|actualizat|la|ora|diterbitkan|pukul|"
    r"publiziert|опубликовано|обновлено|в|від|о|klo|kl|kello|godz|saat|"
    r"editor|admin|staff|reporter|correspondent|writer|author|contributor)(?!\w)\s*:?", re.I)
_UPDATED = re.compile(r"(?<!\w)(?:updated|last\s+updated|modified|last\s+modified|"
                      r"mis\s+à\s+jour|atualizado|actualizado|aggiornato|aktualisiert|"
                      r"bijgewerkt|actualizat|обновлено|оновлено)(?!\w)", re.I)
# Lines about another kind of date (a tweet, an event, a birth), captions, credits, markup.
_OTHER_DATE = re.compile(
    r"(?<!\w)(?:joined|born|died|since|until|till|through|effective|expires?|expiry|deadline|due|"
    r"valid|event|starts?|ends?|opening|closing|copyright|photo|photograph|image|picture|"
    r"pictured|caption|credit|file|getty|virin|download|tweet(?:ed)?|ended|ending|quarter|"
    r"fiscal|matur\w*)(?!\w)|©|\(c\)|=[\"']", re.I)
# Page furniture that sits on a dateline: "5 min read", "12 Comments", "Share".
_FURNITURE = re.compile(
    r"(?<!\w)(?:\d+\s+)?(?:min(?:ute)?s?\s+read|reading\s+time|comments?|replies|reply|"
    r"leave\s+a\s+comment|add\s+comment|share|print|e-?mail|views?|listen|"
    r"read\s+more)(?!\w)|(?<![\w.,])\d+(?![\w.,])", re.I)
_SEPARATORS = re.compile(r"\s*(?:\||•|·|\u2013|\u2014|\s-\s|\t|/\s|\s/)\s*")
_CREDIT = re.compile(r"^(?:by|from|source|written\s+by|reporting\s+by|story\s+by|text|words|"
                     r"distributed\s+by|von|par|por|di|door|oleh|автор)\b", re.I)
# "Category: Health", "Tags: ..." next to a date on a metadata line.
_LABEL = re.compile(r"^[^\W\d_][\w-]*(?:\s[^\W\d_][\w-]*)?\s?:\s*\S")
_ARTICLE_WORDS = frozenset("the a an this that these those le la les el los las il lo un une "
                           "der die das ein eine de het".split())
_CONNECTORS = frozenset("by of and for de da do dos das del della di von van der den du la le "
                        "y e et und en on in at from por par door oleh".split())
_WORD = re.compile(r"[^\W_][\w'’.-]*")
_MAX_LINE = 200            # a longer line is a paragraph, not a dateline


def _strip_dates(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span replaced by a space."""
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        out.append(" ")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _leftover_words(text: str) -> list[str]:
    """Words left once times, zones, weekdays and dateline keywords are removed."""
    text = _TIME.sub(" ", text)
    text = _ZONE.sub(" ", text)
    text = _WEEKDAY.sub(" ", text)
    text = _KEYWORDS.sub(" ", text)
    text = _FURNITURE.sub(" ", text)
    return _WORD.findall(text)


def _name_like(words: list[str], limit: int, article_first: bool = False) -> bool:
    """Up to ``limit`` capitalised words: a name glued to a date, or an outlet.

    A leading article ("The Pentagon") is allowed only when ``article_first``
    (an outlet in a credit segment), not next to a date, where it reads as
    a caption.
    """
    if len(words) > limit:
        return False
    if words and words[0].lower() in _ARTICLE_WORDS:
        if not article_first:
            return False
        words = words[1:]
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in words)


def _uncased(text: str) -> bool:
    """True when no letter of ``text`` has a case (CJK, Arabic, Hebrew, Thai ...)."""
    return not any(c.isupper() or c.islower() for c in text)


def _credit_like(segment: str) -> bool:
    """A byline/credit segment next to a date: 'By David Vergun, DOD News'."""
    words = _leftover_words(segment)
    if not words:
        return True
    if _uncased(segment):
        return len(segment.strip()) <= 20
    if _CREDIT.match(segment.strip()):
        return len(words) <= 10
    if _LABEL.match(segment.strip()):
        return len(words) <= 8
    return _name_like(words, 6, article_first=True)


def line_dates(line: str, dayfirst: bool | None, *,
               today: _dt.date | None = None) -> list[tuple[str | None, bool]]:
    """The dates a dateline/timestamp line states: [(iso, is_update)], or [] if not a dateline.

    ``iso`` is None for a numeric date whose order ``dayfirst`` leaves open.
    """
    if len(line) > _MAX_LINE or _OTHER_DATE.search(line):
        return []
    found = [f for f in find(line, dayfirst, today=today) if f[3] != "invalid"]
    if not found:
        return []
    # Split at separators ('|', bullets, dashes) and judge each segment.
    cuts = [0]
    for m in _SEPARATORS.finditer(line):
        if not any(s < m.start() < e or s < m.end() - 1 < e for s, e, _i, _k in found):
            cuts.extend((m.start(), m.end()))
    cuts.append(len(line))
    out = []
    for i in range(0, len(cuts), 2):
        start, end = cuts[i], cuts[i + 1]
        segment = line[start:end]
        inside = [f for f in found if start <= f[0] and f[1] <= end]
        if not inside:
            if segment.strip() and not _credit_like(segment):
                return []
            continue
        rest = _strip_dates(segment, [(s - start, e - start) for s, e, _i, _k in inside])
        words = _leftover_words(rest)
        if words and _uncased(rest):
            if len("".join(words)) > 12:
                return []
        elif words and not _name_like(words, 4):
            return []
        if words and segment.rstrip().endswith("."):
            return []  # "The Pentagon, May 15, 2023." reads as a caption
        for s, e, iso, _kind in inside:
            before = line[start:s]
            out.append((iso, bool(_UPDATED.search(before))))
    return out


_MID_SENTENCE_END = re.compile(r"(?:[a-z]|[0-9,])\s*$")


def _continues(previous: str | None, line: str, today: _dt.date) -> bool:
    """Whether ``line`` ends a hard-wrapped sentence begun on ``previous``.

    The previous line stops mid-sentence (a lower-case letter, digit or
    comma) and this one ends with a date and sentence punctuation:
    "... notes due" / "Oct 15, 1992."  A dateline rarely does.
    """
    if not previous or not _MID_SENTENCE_END.search(previous):
        return False
    body = line.rstrip()
    if not body.endswith((".", ",", ";")):
        return False
    body = body[:-1].rstrip()
    return any(end == len(body) for _s, end, _i, _k in find(body, today=today))


def has_ambiguous(lines: list[str], *, today: _dt.date | None = None) -> bool:
    """Whether a candidate dateline holds a numeric date whose order is open."""
    today = current(today)
    return any(len(ln) <= _MAX_LINE and any(f[3] == "ambiguous" for f in find(ln, today=today))
               for ln in lines)


def date_from_lines(lines: list[str], *, today: _dt.date | None = None) -> str | None:
    """The date stated by a dateline, timestamp or byline line among an article's top lines.

    A line counts only when the date is its main content: alone, with a
    time, weekday, zone or a keyword such as "Published"/"Updated", with a
    byline segment ("Nov. 18, 2024 | By David Vergun, DOD News") or with a
    name glued to it ("Olha HlushchenkoTuesday, 3 December 2024, 03:06").
    Dates inside sentences and captions are ignored, also when a sentence
    is hard-wrapped so that its date starts a line.  A publication date
    beats an "Updated" one; ambiguous numeric dates take their order from
    the other dates in the lines (US zones or month-first dates mean US
    order), else they give nothing.  Years after the one following
    ``today`` (default: the current date) are no date.
    """
    lines = [ln.translate(DIGITS) for ln in (x.strip() for x in lines if x) if ln]
    if not lines:
        return None
    today = current(today)
    dayfirst = order_hint("\n".join(lines)) if has_ambiguous(lines, today=today) else None
    updated = None
    for previous, line in zip([None] + lines, lines):
        if _continues(previous, line, today):
            continue
        for iso, is_update in line_dates(line, dayfirst, today=today):
            if iso is None:
                continue
            if not is_update:
                return iso
            updated = updated or iso
    return updated
