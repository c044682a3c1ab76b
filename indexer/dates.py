"""Publication dates: parse date expressions and find the date an article states.

The date facet holds only what a file states (see the annotation guide):
HTML metadata, a dateline or timestamp next to the headline or byline, or a
date in the source URL.  Dates inside the story, in photo captions, in
comments or in related-article lists are not the publication date; relative
words ("on Tuesday") give none; when nothing states it the answer is
``None``.  A wrong date is worse than an unknown one, so ambiguous numeric
dates (``04/05/2024`` with no hint of the order) give ``None`` too.

Public functions return ``'YYYY-MM-DD'`` strings or ``None``:

- :func:`parse_date` -- one date expression;
- :func:`date_from_lines` -- the top lines of a plain-text article;
- :func:`date_from_url` -- a date in a URL's path;
- :func:`date_from_html` -- a parsed page (BeautifulSoup, never modified).
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import re
from urllib.parse import urlsplit

MIN_YEAR = 1900
MAX_YEAR = _dt.date.today().year + 1

# ---------------------------------------------------------------------------
# Vocabulary

# Month names and abbreviations in the languages news pages commonly use
# (nominative and, where dates use it, genitive forms).  A spelling that
# means different months in two languages (Polish/Croatian "listopada") is
# left out.
_MONTH_WORDS = {
    1: "january jan janvier janv enero ene janeiro gennaio gen januar jänner januari "
       "ianuarie stycznia января январь січня ocak gener janar يناير",
    2: "february feb febr février fevrier févr fevr febrero febr fevereiro fev febbraio "
       "februar februari februarie lutego февраля февраль лютого şubat subat febrer "
       "shkurt فبراير",
    3: "march mar mars marzo março marco märz maerz mär maart martie marca марта март "
       "березня mart març marc مارس",
    4: "april apr avril avr abril abr aprile aprilie kwietnia апреля апрель квітня "
       "nisan prill أبريل ابريل",
    5: "may mai mayo maio maggio mei maja мая май травня mayıs mayis maig maj مايو",
    6: "june jun juin junio junho giugno juni iunie czerwca июня июнь червня haziran "
       "juny qershor يونيو",
    7: "july jul juillet juil julio julho luglio juli iulie lipca июля июль липня "
       "temmuz juliol korrik يوليو",
    8: "august aug août aout agosto ago augustus agustus sierpnia августа август "
       "серпня ağustos agustos agost gusht أغسطس اغسطس",
    9: "september sep sept septembre septiembre setiembre setembro settembre "
       "septembrie września wrzesnia сентября сентябрь вересня eylül eylul setembre "
       "shtator سبتمبر",
    10: "october oct octobre octubre outubro ottobre oktober okt octombrie "
        "października pazdziernika октября октябрь жовтня ekim tetor أكتوبر اكتوبر",
    11: "november nov novembre noviembre novembro noiembrie ноября ноябрь листопада "
        "kasım kasim nëntor nentor نوفمبر",
    12: "december dec décembre decembre déc diciembre dic dezembro dez dicembre "
        "dezember desember decembrie grudnia декабря декабрь грудня aralık aralik "
        "desembre dhjetor ديسمبر",
}
# (Cyrillic "листопада" is Ukrainian November; the Latin spelling is left out
# because it is November in Polish but October in Croatian.)
_MONTHS: dict[str, int] = {}
for _n, _words in _MONTH_WORDS.items():
    for _w in _words.split():
        _MONTHS.setdefault(_w, _n)

_WEEKDAYS = (
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun "
    "lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira "
    "lunedì martedì mercoledì giovedì venerdì "
    "montag dienstag mittwoch donnerstag freitag samstag sonntag "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag "
    "senin selasa rabu kamis jumat sabtu minggu "
    "luni marți marti miercuri joi vineri sâmbătă duminică duminica "
    "понедельник вторник среда четверг пятница суббота воскресенье"
).split()
_WEEKDAY_ALT = "|".join(re.escape(w) for w in sorted(set(_WEEKDAYS), key=len, reverse=True))

_L = r"[^\W\d_]"            # one letter, any script
_NOT_LETTER_BEFORE = rf"(?<!{_L})"
_NOT_LETTER_AFTER = rf"(?!{_L})"
_YEAR = r"(?P<y>(?:19|20)\d\d)(?!\d)"
# Any word in a month's place; _find keeps it only if it names a month (cheaper
# to compile and to run than an alternation of all month names).
_MON = rf"{_NOT_LETTER_BEFORE}(?P<mon>{_L}{{3,12}}){_NOT_LETTER_AFTER}\.?"

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
    # November 4, 2024; Nov. 18, 2024; Sep 15 2020
    ("mdy", re.compile(_MON + r"\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d),?\s*" + _YEAR, re.I)),
    # Mon Jan 13 13:37:49 UTC 2020 (C library / Unix date format)
    ("mdy", re.compile(_MON + r"\s+(?P<d>[0-3]?\d)\s+\d{1,2}:\d\d(?::\d\d)?\s+(?:[A-Z]{2,5}\s+)?"
                       + _YEAR, re.I)),
    # 18.11.2024 (day first), 10/31/2024 and 31-10-2024 (order from the numbers or a hint)
    ("num", re.compile(r"(?<![\d./-])(?P<a>[0-3]?\d)(?P<s>[./-])(?P<b>[0-3]?\d)(?P=s)"
                       + r"(?P<y>(?:19|20)\d\d)(?![\d]|[./-]\d)")),
]

_HAS_YEAR = re.compile(r"(?:19|20)\d\d")   # every pattern above needs one
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_COMPACT = re.compile(r"\s*(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)\s*")


def _make(y: int, m: int, d: int) -> str | None:
    """ISO date for valid numbers in the accepted year range, else None."""
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _numeric(a: int, b: int, y: int, sep: str, dayfirst: bool | None) -> str | None:
    """Resolve a d/m/y or m/d/y date; dots always mean day first."""
    if sep == ".":
        return _make(y, b, a)
    if a > 12 and b <= 12:
        return _make(y, b, a)
    if b > 12 and a <= 12:
        return _make(y, a, b)
    if a == b:
        return _make(y, a, b)
    if dayfirst is None:
        return None
    return _make(y, b, a) if dayfirst else _make(y, a, b)


def _find(text: str, dayfirst: bool | None = None) -> list[tuple[int, int, str | None, str]]:
    """All date expressions in ``text``: (start, end, iso or None, kind), in text order.

    Overlapping matches keep the longer one.  ``iso`` is None for numeric
    dates whose order cannot be decided (kind ``"ambiguous"``) and for
    impossible dates (kind ``"invalid"``).
    """
    found = []
    if not _HAS_YEAR.search(text):
        return found
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            g = m.groupdict()
            if kind == "num":
                a, b, y = int(g["a"]), int(g["b"]), int(g["y"])
                iso = _numeric(a, b, y, g["s"], dayfirst)
                k = "num"
                if iso is None:
                    both_valid = (_make(y, a, b) is not None) and (_make(y, b, a) is not None)
                    k = "ambiguous" if both_valid and g["s"] != "." else "invalid"
                found.append((m.start(), m.end(), iso, k))
                continue
            month = int(g["m"]) if g.get("m") else _MONTHS.get(g["mon"].lower())
            if not month:
                continue
            iso = _make(int(g["y"]), month, int(g["d"]))
            found.append((m.start(), m.end(), iso, kind if iso else "invalid"))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    kept: list[tuple[int, int, str | None, str]] = []
    for f in found:
        if kept and f[0] < kept[-1][1]:
            continue
        kept.append(f)
    return kept


def parse_date(text: str, dayfirst: bool | None = None) -> str | None:
    """The first date that ``text`` states, as ``'YYYY-MM-DD'``, or None.

    Accepts ISO 8601 (with time and zone; the date is taken as written, not
    converted to UTC), ``20201123``, ``November 4, 2024``, ``Nov. 18, 2024``,
    ``Tuesday, 3 December 2024, 03:06``, ``3 Dec 2024``, month names in
    common European languages and Russian/Ukrainian/Turkish/Arabic,
    ``2020年7月15日``, ``18.11.2024`` (dots: day first) and ``10/31/2024``.
    A slash or dash date whose two orders are both valid and differ
    (``04/05/2024``) is None unless ``dayfirst`` says the order (False for
    US month-first).  Impossible dates and years outside 1900..next year
    are None; a relative word ("Tuesday", "yesterday") is no date.
    """
    if not text:
        return None
    text = text.translate(_DIGITS)
    m = _COMPACT.fullmatch(text)
    if m:
        return _make(int(m["y"]), int(m["m"]), int(m["d"]))
    for _s, _e, iso, kind in _find(text, dayfirst):
        if kind == "invalid":
            continue
        return iso
    return None


# ---------------------------------------------------------------------------
# Timestamps (metadata values) with their zone

_STAMP = re.compile(
    r"(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)[T ]\s*(?P<H>[0-2]?\d):(?P<M>[0-5]?\d)"
    r"(?::[0-5]?\d(?:[.,]\d+)?)?\s*(?P<z>Z\b|UTC|GMT|[+-]\d\d:?\d\d)?")
_RFC_ZONE = re.compile(r"\d{1,2}:\d\d(?::\d\d)?\s*(?P<z>GMT|UTC|Z\b|[+-]\d{4})")


def _stamp(value: str) -> tuple[str, int | None, int | None] | None:
    """(iso date, minutes after midnight or None, UTC offset in minutes or None).

    The offset is None when the value names no zone (a local time as written)
    or names it by abbreviation other than GMT/UTC.
    """
    value = value.strip().translate(_DIGITS)
    m = _STAMP.search(value)
    if m:
        iso = _make(int(m["y"]), int(m["m"]), int(m["d"]))
        if iso is None:
            return None
        return iso, int(m["H"]) * 60 + int(m["M"]), _offset(m["z"])
    iso = parse_date(value)
    if iso is None:
        return None
    z = _RFC_ZONE.search(value)
    if z:
        hm = re.match(r"(\d{1,2}):(\d\d)", z.group(0))
        return iso, int(hm[1]) * 60 + int(hm[2]), _offset(z["z"])
    return iso, None, None


def _offset(z: str | None) -> int | None:
    if not z:
        return None
    if z in ("Z", "UTC", "GMT"):
        return 0
    sign = -1 if z[0] == "-" else 1
    digits = z[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))


# ---------------------------------------------------------------------------
# Datelines in plain text

_TIME = re.compile(
    r"(?<!\d)[0-2]?\d(?:[:.h]\s?[0-5]\d|\s?[ap]\.?m\.?)(?:[:.][0-5]\d)?(?:\s*[ap]\.?\s?m\.?)?"
    r"(?:\s*(?:hrs?|uhr|h)\b)?|\b\d\d?h\d\d\b|(?<!\d)\d{1,2}\s?[hH](?=\W|$)", re.I)
_ZONE = re.compile(
    r"\b(?:UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|ET|PT|CT|MT|BST|CET|CEST|"
    r"EET|EEST|WET|WEST|IST|JST|KST|AEST|AEDT|ACST|AWST|NZST|NZDT|SGT|HKT|WIB|MSK|SAST|WAT|EAT)"
    r"\b(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|[+-]\d\d:?\d\d\b")
_WEEKDAY = re.compile(rf"(?:{_WEEKDAY_ALT})\.?{_NOT_LETTER_AFTER}", re.I)
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
_US_ZONES = re.compile(r"\b(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|ET|PT|CT)\b")


def _strip_dates(text: str, spans: list[tuple[int, int]]) -> str:
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


def _line_dates(line: str, dayfirst: bool | None) -> list[tuple[str, bool]]:
    """The dates a dateline/timestamp line states: [(iso, is_update)], or [] if not a dateline."""
    if len(line) > _MAX_LINE or _OTHER_DATE.search(line):
        return []
    found = [f for f in _find(line, dayfirst) if f[3] != "invalid"]
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


def _order_hint(text: str) -> bool | None:
    """Day-first (True) or month-first (False) as the text itself shows, else None."""
    votes = set()
    for m in _PATTERNS[6][1].finditer(text):
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
    for rx in (_PATTERNS[4][1], _PATTERNS[5][1]):
        if any(m["mon"].lower() in _MONTHS for m in rx.finditer(text)):
            return False
    return None


_MID_SENTENCE_END = re.compile(r"(?:[a-z]|[0-9,])\s*$")


def _continues(previous: str | None, line: str) -> bool:
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
    return any(end == len(body) for _s, end, _i, _k in _find(body))


def _has_ambiguous(lines: list[str]) -> bool:
    """Whether a candidate dateline holds a numeric date whose order is open."""
    return any(len(ln) <= _MAX_LINE and any(f[3] == "ambiguous" for f in _find(ln)) for ln in lines)


def date_from_lines(lines: list[str]) -> str | None:
    """The date stated by a dateline, timestamp or byline line among an article's top lines.

    A line counts only when the date is its main content: alone, with a
    time, weekday, zone or a keyword such as "Published"/"Updated", with a
    byline segment ("Nov. 18, 2024 | By David Vergun, DOD News") or with a
    name glued to it ("Olha HlushchenkoTuesday, 3 December 2024, 03:06").
    Dates inside sentences and captions are ignored, also when a sentence
    is hard-wrapped so that its date starts a line.  A publication date
    beats an "Updated" one; ambiguous numeric dates take their order from
    the other dates in the lines (US zones or month-first dates mean US
    order), else they give nothing.
    """
    lines = [ln.translate(_DIGITS) for ln in (x.strip() for x in lines if x) if ln]
    if not lines:
        return None
    dayfirst = _order_hint("\n".join(lines)) if _has_ambiguous(lines) else None
    updated = None
    for previous, line in zip([None] + lines, lines):
        if _continues(previous, line):
            continue
        for iso, is_update in _line_dates(line, dayfirst):
            if iso is None:
                continue
            if not is_update:
                return iso
            updated = updated or iso
    return updated


# ---------------------------------------------------------------------------
# URLs

_URL_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$|[-_.]|\D)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)_(?P<m>[01]\d)_(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d])"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)/(?P<mon>[a-z]{3,9})/(?P<d>[0-3]?\d)(?:/|$)", re.I),
]


def date_from_url(url: str | None) -> str | None:
    """A full date in a URL's path: ``/2024/11/18/``, ``/20241118/``, ``2024-11-18``.

    Only the path is read (not the host or query); a year and month without
    a day give nothing.
    """
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for rx in _URL_PATTERNS:
        for m in rx.finditer(path):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTHS.get(g["mon"].lower())
            if not month:
                continue
            iso = _make(int(m["y"]), month, int(m["d"]))
            if iso:
                return iso
    return None


# ---------------------------------------------------------------------------
# HTML

# Metadata names that state the publication date, strongest first
# (compared lower-cased; from the property, name or itemprop attribute).
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published",
    "og:published_time", "published_time", "article:published_date", "article.published",
    "datepublished", "publishdate", "publish_date", "publish-date", "pubdate",
    "publication_date", "publication-date", "publicationdate", "original-publish-date",
    "parsely-pub-date", "sailthru.date", "cxenseparse:recs:publishtime", "bt:pubdate",
    "rnews:datepublished", "analyticsattributes.articledate", "dc.date.issued",
    "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date.published",
    "citation_publication_date", "citation_date", "date.available", "release:date",
    "outbrain-date", "displaydate", "ptime", "pdate", "datecreated", "dc.date",
    "dcterms.date", "date",
)
_PUBLISHED_RANK = {name: i for i, name in enumerate(_PUBLISHED_META)}
_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
    "blogposting", "liveblogposting", "socialmediaposting", "discussionforumposting",
    "scholarlyarticle", "techarticle", "report", "posting",
))
_MEDIA_TYPES = frozenset(("videoobject", "imageobject", "audioobject", "mediaobject", "clip"))

_BLOCK_TAGS = frozenset((
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br", "tr",
    "table", "section", "article", "header", "main", "blockquote", "dl", "hr",
    "address", "pre", "center",
))
_SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "form",
    "figure", "figcaption", "nav", "footer", "aside", "picture", "video", "audio", "object",
    "input", "textarea", "label", "head", "title", "meta", "link",
))
# Blocks whose class or id names them as captions, comments, related links,
# sharing, navigation or advertising.  Whole words (split at "-", "_" and
# spaces) so that "commentary" or "usatoday" are not taken for them; a few
# unambiguous stems also match as prefixes ("relatedArticles").
_SKIP_WORDS = frozenset((
    "caption", "captions", "credit", "credits", "comment", "comments", "share", "sharing",
    "social", "menu", "footer", "ad", "ads", "popular", "clock", "today", "more", "mostread",
    "readmore",
))
_SKIP_PREFIXES = (
    "related", "recommend", "sidebar", "newsletter", "trending", "slideshow", "gallery",
    "advert", "breadcrumb", "promo", "teaser", "cookie", "popup", "modal", "subscribe",
    "login", "signup", "weather", "widget", "ticker", "wp-caption",
)
_CLASS_PARTS = re.compile(r"[\s_-]+")
_MAX_LINES_AFTER = 25
_MAX_LINES_BEFORE = 4


def _attr(tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, list):
        value = " ".join(value)
    return value or ""


class _Page:
    """What one pass over a parsed page collects for date finding (the soup is only read)."""

    def __init__(self, soup):
        from bs4.element import Tag

        self.published: list[tuple[int, str]] = []   # (rank, value) of publication metadata
        self.og_title = ""
        self.og_locale = ""
        self.lang = ""
        self.ld_scripts: list[str] = []
        self.itemprop_dates: list[str] = []          # itemprop=datePublished, <time pubdate>
        self.h1s: list = []
        self.headline_prop = None                    # first non-meta itemprop=headline element
        stack = [soup]
        while stack:
            node = stack.pop()
            for child in reversed(node.contents):
                if type(child) is Tag:
                    stack.append(child)
            if node is soup:
                continue
            name = node.name
            attrs = node.attrs
            if name == "html" and not self.lang:
                self.lang = _attr(node, "lang") or _attr(node, "xml:lang")
            if name == "meta":
                self._meta(attrs)
                continue
            if name == "script":
                kind = attrs.get("type") or ""
                if "ld+json" in kind.lower():
                    raw = node.string or node.get_text()
                    if raw and "datePublished" in raw:
                        self.ld_scripts.append(raw)
                continue
            if name == "h1" and len(self.h1s) < 20:
                self.h1s.append(node)
            prop = attrs.get("itemprop")
            if prop:
                prop = (" ".join(prop) if isinstance(prop, list) else prop).lower()
                if prop == "datepublished":
                    value = (_attr(node, "datetime") or _attr(node, "content")
                             or node.get_text(" ", strip=True))
                    if value:
                        self.itemprop_dates.append(value)
                elif prop == "headline" and self.headline_prop is None:
                    self.headline_prop = node
            elif name == "time" and "pubdate" in attrs:
                value = _attr(node, "datetime") or node.get_text(" ", strip=True)
                if value:
                    self.itemprop_dates.append(value)
        self.published.sort(key=lambda p: p[0])

    def _meta(self, attrs):
        content = attrs.get("content")
        if not isinstance(content, str) or not content.strip():
            return
        content = content.strip()
        for key in ("property", "name", "itemprop"):
            name = attrs.get(key)
            if not name:
                continue
            name = (" ".join(name) if isinstance(name, list) else name).strip().lower()
            if name == "og:title" and not self.og_title:
                self.og_title = content
            elif name == "og:locale" and not self.og_locale:
                self.og_locale = content
            if name in _PUBLISHED_RANK:
                self.published.append((_PUBLISHED_RANK[name], content))
                return


def _json_objects(data, depth: int = 0):
    """The top-level objects of a JSON-LD block (through lists, @graph and mainEntity)."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _json_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(data.get(key), (dict, list)):
                yield from _json_objects(data[key], depth + 1)


_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')


def _jsonld_dates(scripts: list[str], url: str | None) -> tuple[list[str], list[str], list[str]]:
    """datePublished values of JSON-LD objects: (articles, pages and others, media).

    Only top-level objects count (and those under @graph or mainEntity):
    dates of nested things (a related item, a video) are not the page's.
    An article whose url is the page's comes first.
    """
    articles, pages, media = [], [], []
    path = urlsplit(url).path.rstrip("/") if url else ""
    for raw in scripts:
        try:
            data = json.loads(raw.strip().strip(";"), strict=False)
        except ValueError:
            pages.extend(_LD_DATE.findall(raw))
            continue
        for obj in _json_objects(data):
            value = obj.get("datePublished")
            if isinstance(value, list):
                value = value[0] if value else None
            if not isinstance(value, str):
                continue
            types = obj.get("@type") or ""
            types = {t.lower() for t in (types if isinstance(types, list) else [types])
                     if isinstance(t, str)}
            if types & _MEDIA_TYPES:
                media.append(value)
            elif types & _ARTICLE_TYPES:
                own = obj.get("url") or obj.get("@id") or ""
                if path and isinstance(own, str) and own and urlsplit(own).path.rstrip("/") == path:
                    articles.insert(0, value)
                else:
                    articles.append(value)
            else:
                pages.append(value)
    return articles, pages, media


_TOKENS = re.compile(r"\w+")
_TITLE_SPLIT = re.compile(r"\s+[-|\u2013\u2014:\u00b7\u00bb]+\s+|\s*::\s*")


def _page_titles(soup, page: _Page) -> list[str]:
    """og:title and <title>, unescaped once more (some pages escape twice)."""
    titles = [page.og_title]
    if soup.title is not None:
        titles.append(soup.title.get_text(" ", strip=True))
    out = []
    for t in titles:
        t = " ".join(html.unescape(t).split())
        if t and t not in out:
            out.append(t)
    return out


def _headline(soup, page: _Page):
    """The element holding the article's headline, or None.

    The <h1> that best matches the page title (og:title or <title>);
    else an itemprop=headline element; else a lone <h1>; else the first
    body text that is the title without its site-name part.
    """
    titles = _page_titles(soup, page)
    title_words = set(_TOKENS.findall(" ".join(titles[:1]).lower()))
    best, best_score = None, 0.0
    h1s = page.h1s
    for h in h1s:
        words = _TOKENS.findall(h.get_text(" ", strip=True).lower())
        if not words:
            continue
        score = sum(w in title_words for w in words) / len(words)
        if score > best_score:
            best, best_score = h, score
    if best is not None and best_score >= 0.5:
        return best
    if page.headline_prop is not None:
        return page.headline_prop
    if len(h1s) == 1 and len(_TOKENS.findall(h1s[0].get_text(" ", strip=True))) >= 3:
        return h1s[0]
    for title in titles:
        found = _title_in_body(soup, title)
        if found is not None:
            return found
    return None


def _title_in_body(soup, title: str):
    """The element of the first body text that reads as the page title."""
    from bs4.element import NavigableString

    parts = [p.strip() for p in _TITLE_SPLIT.split(title)]
    part = max(parts, key=len) if parts else ""
    if len(part) < 12 or soup.body is None:
        return None
    low = part.lower()
    for text in soup.body.find_all(string=True):
        if type(text) is not NavigableString:
            continue
        t = " ".join(text.split()).lower()
        if len(t) >= 12 and (t == low or (len(t) >= 0.6 * len(low) and low.startswith(t))
                             or t.startswith(low)):
            parent = text.parent
            if parent is not None and parent.name not in _SKIP_TAGS and parent.name != "a":
                return parent
    return None


def _skipped_block(node) -> bool:
    names = (_attr(node, "class") + " " + _attr(node, "id")).lower()
    if not names.strip():
        return False
    for part in _CLASS_PARTS.split(names):
        if part in _SKIP_WORDS or part.startswith(_SKIP_PREFIXES):
            return True
    return False


class _Enough(Exception):
    pass


class _Lines:
    """Visible text lines of a stretch of a page, with the <time datetime> values met.

    Captions, figures, comments, navigation, related-link and share blocks
    are skipped; a skipped block still uses one line of the budget, so a
    date beyond a menu or a related-links box is out of reach.
    """

    def __init__(self, budget: int):
        self.lines: list[str] = []
        self.times: list[tuple[int, str]] = []
        self.budget = budget
        self._current: list[str] = []

    def flush(self, barrier: bool = False):
        text = " ".join("".join(self._current).split())
        self._current.clear()
        if text or barrier:
            self.lines.append(text)
            if len(self.lines) >= self.budget:
                raise _Enough

    def visit(self, node):
        from bs4.element import NavigableString, Tag

        if type(node) is NavigableString:
            self._current.append(str(node))
            return
        if not isinstance(node, Tag):
            return
        name = node.name
        if name in _SKIP_TAGS or _skipped_block(node):
            self.flush(barrier=True)
            return
        block = name in _BLOCK_TAGS
        if block:
            self.flush()
        elif name in ("td", "th", "dt", "dd"):
            self._current.append(" | ")
        if name == "time" and node.get("datetime"):
            self.times.append((len(self.lines), _attr(node, "datetime")))
        for child in node.children:
            self.visit(child)
        if block:
            self.flush()


def _lines_after(element, budget: int = _MAX_LINES_AFTER
                 ) -> tuple[list[str], list[tuple[int, str]]]:
    """Lines following ``element`` in document order, and their <time datetime> values."""
    out = _Lines(budget)
    node = element
    try:
        while node is not None and node.name != "[document]":
            for sibling in node.next_siblings:
                out.visit(sibling)
            node = node.parent
        out.flush()
    except _Enough:
        pass
    return out.lines, out.times


def _lines_before(element, budget: int = _MAX_LINES_BEFORE) -> list[str]:
    """Up to ``budget`` lines just before ``element``, nearest first."""
    lines: list[str] = []
    node = element
    while node is not None and node.name != "[document]" and len(lines) < budget:
        for sibling in node.previous_siblings:
            part = _Lines(budget)
            try:
                part.visit(sibling)
                part.flush()
            except _Enough:
                pass
            lines.extend(reversed(part.lines))
            if len(lines) >= budget:
                break
        node = node.parent
    return lines[:budget]


def _page_dayfirst(url: str | None, page: _Page) -> bool | None:
    """Day-first order for numeric dates from the page's country or language, if they say."""
    region = _region(url, page)
    if region in ("us", "ph"):
        return False
    if region == "ca":
        return None
    if region:
        return True
    lang = (page.lang or page.og_locale).strip().lower()
    if lang and not lang.startswith("en"):
        return True
    return None


def _first_dateline(lines: list[str], dayfirst: bool | None) -> str | None:
    for line in lines:
        for iso, is_update in _line_dates(line.translate(_DIGITS), dayfirst):
            if iso and not is_update:
                return iso
    return None


def _headline_dates(soup, page: _Page, url: str | None) -> tuple[tuple | None, str | None]:
    """(first <time datetime> stamp after the headline, dateline date next to the headline)."""
    headline = _headline(soup, page)
    if headline is None:
        return None, None
    try:
        lines, times = _lines_after(headline)
        before = _lines_before(headline)
    except RecursionError:  # absurdly deep markup: no headline area to read
        return None, None
    stamp = None
    for _i, value in times:
        stamp = _stamp(value)
        if stamp:
            break
    dayfirst = _page_dayfirst(url, page)
    if dayfirst is None and _has_ambiguous(lines):
        dayfirst = _order_hint("\n".join(lines))
    date = _first_dateline(lines, dayfirst) or _first_dateline(before, dayfirst)
    return stamp, date


def _stamps(values) -> list[tuple[str, int | None, int | None]]:
    out = []
    for v in values:
        s = _stamp(v)
        if s:
            out.append(s)
    return out


# UTC offsets (hours, standard and summer time) of the places a page can name by
# its country domain or language region; used only to turn a UTC instant into
# the local calendar day when every zone of the place agrees on it.
_REGION_OFFSETS = {
    "us": (-10, -4), "ca": (-8, -2.5), "mx": (-8, -5), "br": (-5, -2), "ar": (-3, -3),
    "cl": (-6, -3), "co": (-5, -5), "pe": (-5, -5), "ve": (-4, -4), "cu": (-5, -4),
    "do": (-4, -4), "ec": (-6, -5), "uy": (-3, -3), "bo": (-4, -4), "pr": (-4, -4),
    "gb": (0, 1), "uk": (0, 1), "ie": (0, 1), "pt": (-1, 1), "es": (0, 2), "ma": (0, 1),
    "fr": (1, 2), "be": (1, 2), "nl": (1, 2), "lu": (1, 2), "de": (1, 2), "at": (1, 2),
    "ch": (1, 2), "it": (1, 2), "pl": (1, 2), "cz": (1, 2), "sk": (1, 2), "hu": (1, 2),
    "si": (1, 2), "hr": (1, 2), "ba": (1, 2), "rs": (1, 2), "mk": (1, 2), "al": (1, 2),
    "dk": (1, 2), "se": (1, 2), "no": (1, 2), "mt": (1, 2), "ng": (1, 1), "dz": (1, 1),
    "tn": (1, 1), "fi": (2, 3), "ee": (2, 3), "lv": (2, 3), "lt": (2, 3), "ua": (2, 3),
    "md": (2, 3), "ro": (2, 3), "bg": (2, 3), "gr": (2, 3), "cy": (2, 3), "il": (2, 3),
    "lb": (2, 3), "jo": (2, 3), "eg": (2, 3), "za": (2, 2), "tr": (3, 3), "by": (3, 3),
    "sa": (3, 3), "iq": (3, 3), "kw": (3, 3), "qa": (3, 3), "ke": (3, 3), "ir": (3.5, 4.5),
    "ae": (4, 4), "az": (4, 4), "ge": (4, 4), "pk": (5, 5), "uz": (5, 5), "in": (5.5, 5.5),
    "lk": (5.5, 5.5), "np": (5.75, 5.75), "bd": (6, 6), "kz": (5, 6), "th": (7, 7),
    "vn": (7, 7), "id": (7, 9), "my": (8, 8), "sg": (8, 8), "ph": (8, 8), "cn": (8, 8),
    "hk": (8, 8), "tw": (8, 8), "jp": (9, 9), "kr": (9, 9), "au": (8, 11),
    "nz": (12, 13.75), "ru": (2, 12),
}
# Country domains also sold as generic names: trusted only under a second level
# such as .com.co or .org.me.
_VANITY_TLDS = frozenset("co me tv fm am ai io ly cc ws to gg la so sh is ag vc".split())
_SECOND_LEVEL = frozenset("com org net gov edu ac co or ne go nic".split())


def _region(url: str | None, page: _Page) -> str | None:
    """The country a page names: its URL's country domain, else its language region."""
    if url:
        try:
            labels = (urlsplit(url).hostname or "").split(".")
        except ValueError:
            labels = []
        tld = labels[-1] if len(labels) >= 2 else ""
        if tld in _REGION_OFFSETS:
            if tld not in _VANITY_TLDS or (len(labels) >= 3 and labels[-2] in _SECOND_LEVEL):
                return tld
    for lang in (page.lang, page.og_locale):
        parts = re.split(r"[-_]", lang.strip().lower())
        if len(parts) >= 2 and parts[1] in _REGION_OFFSETS:
            return parts[1]
    return None


def _region_day(stamp, region: str | None) -> str | None:
    """The local date of a UTC stamp in ``region`` if all its zones agree, else None."""
    if region is None or region not in _REGION_OFFSETS:
        return None
    iso, minutes, _offset = stamp
    start = _dt.datetime.fromisoformat(iso) + _dt.timedelta(minutes=minutes)
    low, high = _REGION_OFFSETS[region]
    first = (start + _dt.timedelta(hours=low)).date()
    last = (start + _dt.timedelta(hours=high)).date()
    return first.isoformat() if first == last else None


def _utc_like(stamp, stamps) -> bool:
    """A stamp in UTC: marked so, or naive with the wall time of a UTC stamp of the page."""
    iso, minutes, offset = stamp
    if offset == 0:
        return True
    return offset is None and minutes is not None and any(
        s[2] == 0 and s[0] == iso and s[1] == minutes for s in stamps)


def _local_choice(chosen, stamps, dates: list[str], region: str | None = None) -> str:
    """The outlet's local date for the chosen stamp.

    A UTC timestamp fixes an instant, not the outlet's calendar day.  When
    another timestamp with a local zone, the headline's dateline or the URL
    states a date on which that instant falls in a plausible news zone
    (UTC-10..UTC+14), that stated date wins.  A date without a time borrows
    the time of a stamp of the same day.
    """
    iso, minutes, _offset = chosen
    if minutes is None:
        same_day = [s for s in stamps if s[0] == iso and s[1] is not None]
        if not same_day:
            return iso
        chosen = same_day[0]
        minutes = chosen[1]
    if not _utc_like(chosen, stamps):
        return iso
    evidence = [s[0] for s in stamps if s[1] is not None and not _utc_like(s, stamps)]
    evidence += dates
    if iso in evidence:
        return iso
    day = _dt.date.fromisoformat(iso)
    possible = set()
    if minutes < 10 * 60:
        possible.add((day - _dt.timedelta(days=1)).isoformat())
    if minutes >= 10 * 60:
        possible.add((day + _dt.timedelta(days=1)).isoformat())
    for other in evidence:
        if other in possible:
            return other
    if not evidence:
        return _region_day(chosen, region) or iso
    return iso


def date_from_html(soup, url: str | None = None) -> str | None:
    """The publication date a web page states, or None.  Never modifies ``soup``.

    Order: publication metadata (``article:published_time`` and similar
    meta tags, JSON-LD ``datePublished`` of the article, other date meta
    names, ``itemprop`` datePublished, ``<time pubdate>``); then a
    ``<time datetime>`` or a dateline in the lines after the headline (or
    just before it); then a date in the URL.  Captions, comments and
    related-link blocks are never read.  Timestamps keep the date as
    written, except that a UTC timestamp gives way to the local date the
    page states elsewhere (URL, headline area, a zoned timestamp) when the
    instant falls on it in some zone, or with no such statement to the
    date in the page's country (URL country domain or language region)
    when all its zones agree.  Modification dates are not used.
    """
    page = _Page(soup)
    published = page.published
    ld_articles, ld_pages, _media = _jsonld_dates(page.ld_scripts, url)
    # Open Graph article:published_* first, then JSON-LD articles, the other
    # meta names, itemprop/<time pubdate>, other JSON-LD objects.
    split = _PUBLISHED_RANK["datepublished"]
    ordered = [v for r, v in published if r < split] + ld_articles
    ordered += [v for r, v in published if r >= split] + page.itemprop_dates + ld_pages
    candidates = _stamps(ordered)
    url_date = date_from_url(url)

    # The headline area is read when metadata is missing or in UTC/date-only form.
    head_stamp = head_date = None
    if not candidates or candidates[0][1] is None or _utc_like(candidates[0], candidates):
        head_stamp, head_date = _headline_dates(soup, page, url)

    if candidates:
        stamps = candidates + ([head_stamp] if head_stamp else [])
        return _local_choice(candidates[0], stamps, [d for d in (head_date, url_date) if d],
                             _region(url, page))
    if head_stamp:
        return _local_choice(head_stamp, [head_stamp], [d for d in (head_date, url_date) if d],
                             _region(url, page))
    if head_date:
        return head_date
    return url_date
