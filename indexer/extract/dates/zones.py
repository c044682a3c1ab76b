"""Time zones of a page's place: whether numeric dates are day-first, and the local
calendar day of a UTC timestamp.

The place is the page's URL country domain, else the region of its
language (``<html lang>``, ``og:locale``).
"""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import urlsplit

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


def region(url: str | None, lang: str, locale: str) -> str | None:
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
    for tag in (lang, locale):
        parts = re.split(r"[-_]", tag.strip().lower())
        if len(parts) >= 2 and parts[1] in _REGION_OFFSETS:
            return parts[1]
    return None


def region_day(stamp, place: str | None) -> str | None:
    """The local date of a UTC stamp in region ``place`` if all its zones agree, else None."""
    if place is None or place not in _REGION_OFFSETS:
        return None
    iso, minutes, _offset = stamp
    start = _dt.datetime.fromisoformat(iso) + _dt.timedelta(minutes=minutes)
    low, high = _REGION_OFFSETS[place]
    first = (start + _dt.timedelta(hours=low)).date()
    last = (start + _dt.timedelta(hours=high)).date()
    return first.isoformat() if first == last else None


def utc_like(stamp, stamps) -> bool:
    """A stamp in UTC: marked so, or naive with the wall time of a UTC stamp of the page."""
    iso, minutes, offset = stamp
    if offset == 0:
        return True
    return offset is None and minutes is not None and any(
        s[2] == 0 and s[0] == iso and s[1] == minutes for s in stamps)


def local_choice(chosen, stamps, dates: list[str], place: str | None = None) -> str:
    """The outlet's local date for the chosen stamp.

    A UTC timestamp fixes an instant, not the outlet's calendar day.  When
    another timestamp with a local zone, the headline's dateline or the URL
    states a date on which that instant falls in a plausible news zone
    (UTC-10..UTC+14), that stated date wins.  A date without a time borrows
    the time of a stamp of the same day.  With no such statement, the
    date in region ``place`` when all its zones agree.
    """
    iso, minutes, _offset = chosen
    if minutes is None:
        same_day = [s for s in stamps if s[0] == iso and s[1] is not None]
        if not same_day:
            return iso
        chosen = same_day[0]
        minutes = chosen[1]
    if not utc_like(chosen, stamps):
        return iso
    evidence = [s[0] for s in stamps if s[1] is not None and not utc_like(s, stamps)]
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
        return region_day(chosen, place) or iso
    return iso


def page_dayfirst(url: str | None, lang: str, locale: str) -> bool | None:
    """Day-first order for numeric dates from the page's country or language, if they say."""
    place = region(url, lang, locale)
    if place in ("us", "ph"):
        return False
    if place == "ca":
        return None
    if place:
        return True
    lang = (lang or locale).strip().lower()
    if lang and not lang.startswith("en"):
        return True
    return None
