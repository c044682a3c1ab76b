"""Which outlet published an article: known outlets, their aliases, sites and text signals.

The registry is data (``indexer/extract/data/outlets.csv``, extended by a
corpus' own ``outlets.csv``; both read as every control file is, by
:mod:`indexer.corpus.control`) so that one outlet always gets one name on the facet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

from indexer.corpus.control import Row, Table, load_table, parse_table
from indexer.corpus.files import OUTLETS_NAME
from indexer.extract import domains
from indexer.extract import outlet_signals as signals
from indexer.extract.outlet_signals import plausible_name

PACKAGED = Path(__file__).with_name("data") / "outlets.csv"
COLUMNS = ("outlet", "kind", "value")
_KINDS = {"alias", "domain", "signal", "wire"}


def _fold(name: str) -> str:
    """Lowercase words of any script, accents dropped: "Le Monde" -> "le monde", "ТАСС" -> "тасс"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", plain).strip()


def _squash(name: str) -> str:
    """The name with all spaces and punctuation gone: "TheHill" ~ "The Hill"."""
    return _fold(name).replace(" ", "")


_LOOSE = str.maketrans({"y": "i", "j": "i", "w": "v", "c": "k", "x": "k"})


def skeleton(name: str) -> str:
    """A loose Latin key that lets one name meet across scripts and spellings.

    Transliterated to ASCII (``anyascii``), squashed, then the letters that
    romanisations disagree on are merged (y/j/i, w/v, c/k/x, doubled
    letters, "ue" for "ü"): "Українська правда" and "Ukrainska Pravda",
    "Kyiv" and "Київ", "Interfax" and "Интерфакс" meet.  Keys shorter than
    five letters are not used (too many names would meet).
    """
    ascii_name = anyascii(name).lower().replace("ue", "u").replace("ks", "x")
    key = re.sub(r"[^a-z0-9]+", "", ascii_name).translate(_LOOSE)
    key = re.sub(r"(.)\1+", r"\1", key)
    return key if len(key) >= 5 else ""


@dataclass
class Clues:
    """What one file says about its publisher, gathered by the pipeline (plain data).

    ``site_names`` and ``publishers`` are a web page's declarations
    (``og:site_name``; JSON-LD publisher); ``title`` the title line as
    written (with any " | Site" part); ``top`` the header area (masthead,
    datelines, bylines); ``lines`` every line in reading order, footer and
    copyright notices included.
    """

    url: str | None = None
    site_names: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    title: str | None = None
    top: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass
class Outlets:
    """The outlet registry: canonical names, alias lookup, domain lookup and signals."""

    names: dict[str, str] = field(default_factory=dict)        # folded alias -> name
    squashed: dict[str, str] = field(default_factory=dict)     # squashed alias -> name
    skeletons: dict[str, str] = field(default_factory=dict)    # skeleton of an alias -> name
    domains: dict[str, str] = field(default_factory=dict)      # domain -> name
    signals: list[tuple[re.Pattern, str]] = field(default_factory=list)
    wire_signals: list[tuple[re.Pattern, str]] = field(default_factory=list)
    wires: set[str] = field(default_factory=set)               # names of wire services

    @classmethod
    def load(cls, *texts: str) -> "Outlets":
        """Build a registry from the text of one or more outlets CSV files (later ones win)."""
        return cls.from_tables(*(parse_table(text, OUTLETS_NAME, COLUMNS, fixed=True) for text in texts))

    @classmethod
    def from_tables(cls, *tables: Table) -> "Outlets":
        """Build a registry from read outlets files (later ones win)."""
        registry = cls()
        for table in tables:
            for row in table.rows:
                registry._add(table, row)
        return registry

    def _add(self, table: Table, row: Row) -> None:
        name, kind, value = (row.cells[column] for column in COLUMNS)
        if kind not in _KINDS or not name or not _fold(name):
            raise table.problem(row, "expected 'outlet,kind,value' with kind alias, domain, signal or wire: "
                                     f"{[name, kind, value]!r}")
        self._name(name, name)
        if kind == "alias":
            self._name(value, name)
        elif kind == "domain":
            # read as from_url reads a page's URL (www1., IDNA, a full address), so that they meet
            self.domains[domains.host(value) or value.lower().removeprefix("www.")] = name
        else:
            try:
                pattern = re.compile(value)
            except re.error as exc:
                raise table.problem(row, f"bad regular expression {value!r}: {exc}") from None
            if kind == "wire":
                self.wire_signals.append((pattern, name))
                self.wires.add(name)
            else:
                self.signals.append((pattern, name))

    def _name(self, alias: str, name: str) -> None:
        for table, key in ((self.names, _fold(alias)), (self.squashed, _squash(alias)),
                           (self.skeletons, skeleton(alias))):
            if key:
                table[key] = name

    def canonical(self, name: str | None) -> str | None:
        """The registry's name for ``name`` (an alias, the name itself in another script or
        spelling, or one of its web domains), or None if unknown."""
        if not name or not name.strip() or len(name) > 200:
            return None
        folded = _fold(name)
        if not folded:
            return None
        found = self.names.get(folded) or self.squashed.get(folded.replace(" ", ""))
        if found:
            return found
        key = skeleton(name)
        if key and key in self.skeletons:
            return self.skeletons[key]
        return self.from_url(name) if domains.looks_like_domain(name) else None

    def normalize(self, name: str | None) -> str | None:
        """The canonical name when known, else the name as given (whitespace tidied; a domain
        lowercased, so that it meets the name a URL of that site gives)."""
        if not name or not name.strip():
            return None
        tidy = " ".join(name.split())
        return self.canonical(tidy) or (tidy.lower() if domains.looks_like_domain(tidy) else tidy)

    def from_url(self, url: str | None) -> str | None:
        """The outlet whose site ``url`` is on (subdomains included), or None."""
        name = domains.host(url)
        while name:
            if name in self.domains:
                return self.domains[name]
            name = name.partition(".")[2]
        return None

    def site(self, url: str | None) -> str | None:
        """The outlet of ``url``: the registry's name for its site, else its registrable domain
        ("hollywood-house.com"); None only when ``url`` names no web host."""
        return self.from_url(url) or domains.registrable_domain(url)

    def is_wire(self, name: str | None) -> bool:
        """Whether ``name`` is a wire service (an outlet with ``wire`` rows in the registry)."""
        return (self.canonical(name) or name) in self.wires

    def agrees(self, name: str, url: str | None) -> bool:
        """Whether ``name`` is a plausible name of ``url``'s site: "The Korea Herald" of
        koreaherald.com, "Houston Chronicle" of chron.com, "LA Times" of latimes.com."""
        label = domains.site_label(url)
        if not label:
            return False
        label = re.sub(r"[^a-z0-9]", "", anyascii(label).lower())
        words = re.findall(r"[a-z0-9]+", anyascii(_fold(name)))
        if words and words[0] == "the" and len(words) > 1:
            words = words[1:]
        if not words or not label:
            return False
        forms = {"".join(words), "".join(w[0] for w in words)}
        if len(words) > 1:
            forms.add("".join(w[0] for w in words[:-1]) + words[-1])
        return any(form == label or (min(len(form), len(label)) >= 5 and (label in form or form in label))
                   for form in forms)

    def from_metadata(self, site_name: str | None, publisher: str | None, url: str | None) -> str | None:
        """Choose among a web page's own statements of its outlet (see :meth:`resolve`)."""
        return self.resolve(Clues(url=url, site_names=name_parts(site_name), publishers=name_parts(publisher)))

    def from_text(self, lines: list[str], title: str | None = None, url: str | None = None) -> str | None:
        """The outlet an article's own lines name (the header area first), with ``url`` the
        file's source address when it states one."""
        return self.resolve(Clues(url=url, title=title, top=lines[:TOP_LINES], lines=lines))

    def resolve(self, clues: Clues) -> str | None:
        """The outlet of a file, from everything it says (the order is in docs/extraction.md).

        1. a site name the registry knows; 2. the registry's name for the URL's
        site, unless it is a wire service's and the page's copyright notice
        does not name that wire (a newspaper page carrying a wire story may
        give the wire's address as canonical); 3. the site name as
        stated, when it has the shape of a name (a tagline is not); then, with
        a URL, 4. a name from the page's publisher
        or its text that agrees with the URL's domain, else 5. the domain
        itself.  Without a URL: 4. the publisher, 5. the text's own signals
        (registry signals, then known names, then other names in copyright,
        "Published by", about-us, title and byline lines, then a known outlet
        someone "told"; not after a wire's address), and last 6. a wire
        service (a dateline "(Reuters) -", a wire named as publisher or in a
        credit): a newspaper page carrying a wire story is the newspaper's.
        """
        for part in clues.site_names:
            if self.canonical(part) and not self.is_wire(part):
                return self.canonical(part)
        at_url = self.from_url(clues.url)
        if at_url and (at_url not in self.wires or at_url in map(self.canonical, signals.copyright_names(clues.lines))):
            return at_url
        for part in clues.site_names:
            if plausible_name(part) and not self.is_wire(part):
                return self.normalize(part)
        candidates = [name for name in clues.publishers if plausible_name(name)] + self._text_names(clues)
        if not at_url:
            candidates += [self.canonical(name) for name in signals.told_names(clues.lines) if self.canonical(name)]
        publishing = [name for name in candidates if not self.is_wire(name)]
        site = None if at_url else self.site(clues.url)   # a wire's own address is a wire credit
        if site:
            return next((self.normalize(name) for name in publishing if self.agrees(name, clues.url)), site)
        if publishing:
            return self.normalize(publishing[0])
        return at_url or self._wire(clues) or next((self.normalize(name) for name in candidates), None)

    def _text_names(self, clues: Clues) -> list[str]:
        """Outlet names the text gives, strongest first (see :meth:`resolve`)."""
        lines = [line for line in clues.lines if line]
        top = clues.top
        known: list[str] = []
        for line in lines:
            for pattern, name in self.signals:
                if pattern.search(line):
                    known.append(name)
        suffix = signals.title_suffix(clues.title)
        masthead = [line.strip() for line in top if len(line.strip()) < 60 and self.canonical(line.strip())]
        stated = {
            "title": [suffix[0]] if suffix else [],
            "copyright": signals.copyright_names(lines),
            "published": signals.published_by_names(lines),
            "about": signals.about_names(lines),
            "byline": signals.byline_names(top),
        }
        for name in masthead + [n for names in stated.values() for n in names]:
            if self.canonical(name):
                known.append(self.canonical(name))
        unknown = stated["copyright"] + stated["published"] + stated["about"]
        if suffix and (suffix[1] not in "-–—" or any(self._same(suffix[0], other) for other in unknown)):
            unknown.insert(0, suffix[0])    # a dash suffix may be part of a headline: only when confirmed
        unknown += stated["byline"]
        return known + [name for name in unknown if not self.canonical(name)]

    @staticmethod
    def _same(one: str, other: str) -> bool:
        """Whether two found names are one ("Entermedia" and "EnterMedia.co.kr")."""
        a, b = skeleton(one), skeleton(other)
        return bool(a and b) and (a == b or (min(len(a), len(b)) >= 5 and (a in b or b in a)))

    def _wire(self, clues: Clues) -> str | None:
        """The wire service a dateline or credit names ("SEOUL (Reuters) -", "By AP")."""
        for line in clues.lines:
            for pattern, name in self.wire_signals:
                if pattern.search(line):
                    return name
        return None


def name_parts(name: str | None) -> list[str]:
    """The parts of a name joined by separators ("The Jerusalem Post | JPost.com")."""
    return [" ".join(p.split()) for p in re.split(r"\s+[|·–—-]\s+", name or "") if p.strip()]


TOP_LINES = 12   # lines of the header area read for a masthead or a byline


def load_registry(corpus: Path | None = None) -> Outlets:
    """The packaged registry, extended by ``<corpus>/outlets.csv`` when there is one.

    Raises :class:`~indexer.corpus.control.ControlFileError` for a file or row that cannot be used.
    """
    paths = [PACKAGED] + ([Path(corpus) / OUTLETS_NAME] if corpus is not None else [])
    tables = [load_table(path, COLUMNS, fixed=True) for path in paths]
    return Outlets.from_tables(*(table for table in tables if table is not None))
