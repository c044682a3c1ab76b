"""What an article's own lines say about who published it.

Each function reads lines (plain data) and returns outlet names as the
text writes them; :mod:`indexer.extract.outlets` folds them through the
registry and decides between them.  The patterns are general: a copyright
notice ("© 2024 The Korea Herald"), a "Published by X" line, an about-us
sentence ("X is an independent news outlet ..."), a site name after the
headline in a title line ("... | The Korea Herald"), a byline credit ("By
Jane Doe, CNN").  A name found this way must have the shape of a
publication's name (:func:`plausible_name`): text that is not a name (a
tagline, a role, a sentence) is not an outlet.
"""

from __future__ import annotations

import re

from indexer.extract.domains import looks_like_domain

#: Words that may stand lowercase inside a publication's name (Latin script).
_CONNECTORS = frozenset("""of the and for on in at to by a an & de del der des di da das do dos du el la le
les los las y e et und van von zu och og i na w z""".split())
#: Names that are words of page furniture or of the story, never a publication's name alone.
_GENERIC = frozenset("""home news menu search video videos photo photos live latest breaking opinion world
politics business sport sports tech technology science health culture entertainment blog blogs
archive archives article articles story stories page index main top more all about contact
subscribe login register share print email comments press release press releases update updates
analysis editorial editorials feature features magazine newsletter podcast podcasts watch read
exclusive report reports local national international u.s us uk today
start startseite übersicht uebersicht aktuelles nachrichten lokales lokalnachrichten politik wirtschaft
inicio portada noticias política politica economía economia deportes accueil actualités actualites
notizie politica cronaca início noticias""".split())
#: Words that make a byline credit a role or a desk rather than a publication.
_ROLES = re.compile(r"\b(?:writer|reporter|correspondent|editor|editors|staff|contributor|columnist|"
                    r"special to|senior|chief|producer|intern|fellow|freelance|desk|bureau|photographer|"
                    r"updated|published|posted|min read|minutes? read)\b", re.I)
_LEGAL_TAIL = re.compile(r"(?:,?\s+(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|plc|PLC|Corp|Corporation|"
                         r"GmbH|AG|S\.A|SA|Co|Company|LLP|Pty)\.?)+$")
_SENTENCE_END = re.compile(r"[.!?…]$")
_WORD = re.compile(r"[^\W\d_][\w'’.&-]*|\d[\w.&-]*", re.U)

MAX_NAME = 60          # characters of a publication's name
MAX_WORDS = 7
MAX_LINE = 300         # longer lines are story text, not a notice


def plausible_name(name: str | None) -> bool:
    """Whether ``name`` has the shape of a publication's name.

    A domain ("vse-diety.com") is one.  Otherwise: 1 to 7 words, at most 60
    characters, no sentence punctuation at its end, the first word
    capitalised (or in a script without case), and in Latin script every
    other word capitalised, a number, or a connector ("of", "the", "de");
    a lone furniture word ("Home", "Video", "Opinion") is not a name.
    """
    if not name:
        return False
    name = name.strip()
    if not name or len(name) > MAX_NAME or _SENTENCE_END.search(name) and not name.endswith("."):
        return False
    if looks_like_domain(name):
        return True
    words = _WORD.findall(name)
    if not words or len(words) > MAX_WORDS or not any(ch.isalpha() for ch in name):
        return False
    if len(words) == 1 and words[0].lower().strip(".") in _GENERIC:
        return False
    if all(w.lower().strip(".") in _GENERIC | _CONNECTORS for w in words):
        return False
    first = words[0]
    if first[0].isalpha() and first[0].islower() and not _has_inner_capital(first):
        return False
    latin = all(_latin(w) for w in words)
    if not latin:
        return True
    for word in words[1:]:
        head = word[0]
        if head.isdigit() or head.isupper() or word.lower() in _CONNECTORS or _has_inner_capital(word):
            continue
        return False
    return True


def _latin(word: str) -> bool:
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in word)


def _has_inner_capital(word: str) -> bool:
    """"iPhone", "derStandard", "eNCA": a brand written with a capital inside."""
    return any(ch.isupper() for ch in word[1:])


def tidy(name: str) -> str:
    """A found name without surrounding punctuation, legal-form suffixes and extra spaces."""
    name = " ".join(name.split()).strip(" ,;:|-–—·•\"'“”‘’()[]")
    name = _LEGAL_TAIL.sub("", name).strip(" ,")
    name = name.rstrip(" .")
    return name.lower() if looks_like_domain(name) else name


# --- copyright notices ------------------------------------------------------------------------
_COPYRIGHT = re.compile(
    r"(?:©|ⓒ|^\(c\)|\(C\)|&copy;|\bCopyright\b|\bcopyright\b)\s*"
    r"(?:(?:©|ⓒ|\(c\)|\(C\)|Copyright)\s*)?"
    r"(?:(?:\d{4}\s*(?:[-–—/]\s*(?:\d{4}|present|now))?)\s*,?\s*)?"
    r"(?:by\s+)?"
    r"(?P<name>[^\W\d_][^|,;:·•©()\n]*?)"
    r"(?=\s*(?:,\s*\d{4}|\d{4}|(?<!\b[A-Z][a-z])\.\s|\.$|,|;|\||·|•|\(|$|\s[-–—]\s|\s+All\s+[Rr]ights|\s+Alle\s+Rechte|"
    r"\s+Todos\s+los|\s+Tous\s+droits|\s+무단|\s+Все\s+права|\s+Усі\s+права))")


def copyright_names(lines: list[str]) -> list[str]:
    """Names in copyright notices: "© 2024 The Korea Herald", "Copyright (C) EnterMedia.co.kr.".

    A photo credit is not the site's notice: a name with a slash ("© APA/AP",
    "© aremac / Clipdealer") or a notice after a caption ("... Lee Elder. | © Andy Lyons").
    """
    found = []
    for line in lines:
        if len(line) > MAX_LINE or not has_copyright_mark(line):
            continue
        for match in _COPYRIGHT.finditer(line):
            name = tidy(match.group("name"))
            before = line[:match.start()].rstrip()
            if name.lower().startswith(("all rights", "the author", "the authors", "the respective")) \
                    or "/" in line[match.start():match.end() + 3] or re.search(r"[.!?]\s*\|?$", before):
                continue
            if plausible_name(name):
                found.append(name)
                break
    return found


def has_copyright_mark(line: str) -> bool:
    """Whether ``line`` holds a copyright mark (©, ⓒ, "Copyright", "(c)", "&copy;")."""
    return "©" in line or "ⓒ" in line or "opyright" in line or "(c)" in line or "(C)" in line or "&copy;" in line


# --- "Published by X" ---------------------------------------------------------------------------
_PUBLISHED_BY = re.compile(
    r"^(?:This\s+(?:article|story|piece)\s+(?:was\s+|is\s+)?(?:first\s+|originally\s+)?|Originally\s+|First\s+)?"
    r"(?:published|Published|PUBLISHED)\s+(?:by|BY)\s+(?P<name>[^\W\d_][^,;:|()\n]*?)"
    r"(?=\s*(?:,|;|\||\.\s|\.$|$|\s+on\s|\s+at\s|\s+in\s|\s+\d))")


def published_by_names(lines: list[str]) -> list[str]:
    """Names in lines that start "Published by X" ("This article was originally published by X")."""
    return _line_start_names(lines, _PUBLISHED_BY)


def _line_start_names(lines: list[str], pattern: re.Pattern) -> list[str]:
    """The plausible names ``pattern`` finds at the start of lines (of at most MAX_LINE characters)."""
    found = []
    for line in lines:
        match = pattern.match(line.strip()) if len(line) <= MAX_LINE else None
        if match:
            name = tidy(match.group("name"))
            if plausible_name(name):
                found.append(name)
    return found


# --- "X is an independent news outlet ..." ------------------------------------------------------
_ABOUT = re.compile(
    r"^(?P<name>[^\W\d_][^,.;:()\n]{1,60}?)\s+is\s+(?:an?|the|Ukraine's|Russia's|America's|Britain's|"
    r"[A-Z][a-z]+(?:'s|’s))\s+(?:[\w,-]+\s+){0,6}?"
    r"(?:news(?:paper|room|\s+(?:site|outlet|agency|organi[sz]ation|website|service|publication|magazine))?|"
    r"media(?:\s+(?:outlet|organi[sz]ation|company))?|newspaper|magazine|publication|broadcaster|"
    r"journalism|outlet|news\s+agency|online\s+(?:newspaper|publication|magazine))\b")


def about_names(lines: list[str]) -> list[str]:
    """Names of about-us sentences: "The Kyiv Independent is an independent English-language media outlet"."""
    return _line_start_names([line.strip()[:MAX_LINE] for line in lines], _ABOUT)


# --- the title line ------------------------------------------------------------------------------
_TITLE_PARTS = re.compile(r"\s+(?:\||[-–—]|::|»|·|•)\s+")


def title_suffix(title: str | None) -> tuple[str, str] | None:
    """The site-name part of a title line and its separator: ("The Korea Herald", "|")
    for "Some headline | The Korea Herald"; None when the last part is no name or the headline."""
    if not title or len(title) > MAX_LINE:
        return None
    separators = _TITLE_PARTS.findall(title)
    if not separators:
        return None
    parts = _TITLE_PARTS.split(title)
    last = tidy(parts[-1])
    if not plausible_name(last) or len(last.split()) > 5:
        return None
    return last, separators[-1].strip()


# --- bylines -------------------------------------------------------------------------------------
_BYLINE_CREDIT = re.compile(r"\bBy\s+[^,|\n]{1,80},\s*(?P<name>[^\W\d_][\w.&' -]{1,40}?)\s*$")
_BYLINE_SLASH = re.compile(r"^By\s+[^,|/\n]{1,80}\s*(?:/|\|)\s*(?P<name>[^\W\d_][\w.&' -]{1,40}?)\s*$")
BYLINE_MAX = 300   # a byline is a short line; longer lines are story text


def byline_names(lines: list[str]) -> list[str]:
    """Publications credited in bylines: "By David Vergun, DOD News", "By Jane Doe / CNN"."""
    found = []
    for line in lines:
        stripped = line.strip()
        if len(stripped) > BYLINE_MAX:
            continue
        match = _BYLINE_CREDIT.search(stripped) or _BYLINE_SLASH.match(stripped)
        if match:
            name = tidy(match.group("name"))
            if plausible_name(name) and not _ROLES.search(name):
                found.append(name)
    return found


# --- "told Newsweek for a previous story" -----------------------------------------------------
# Someone "told X for a previous story": X is the outlet writing this one.  A bare "told CNN" is
# as often a citation of another outlet's interview, so it is not a signal.
_TOLD_OUTLET = re.compile(r"\btold\s+((?:The\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\s+for\s+"
                          r"(?:a|an|this|the)\s+(?:[a-z]+\s+)?(?:story|article|report|piece)\b")


def told_names(lines: list[str]) -> list[str]:
    """Outlets someone "told ... for a previous story" (the caller keeps those the registry knows)."""
    found = []
    for line in lines:
        for match in _TOLD_OUTLET.finditer(line):
            found.append(match.group(1))
    return found
