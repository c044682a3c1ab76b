"""Dates in text: date expressions, timestamps, plain-text datelines and URLs."""

from __future__ import annotations

import datetime as _dt
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
