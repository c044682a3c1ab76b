"""Which outlet published an article: known outlets, their aliases, sites and text signals.

The registry is data (``indexer/extract/data/outlets.csv``, extended by a
corpus' own ``outlets.csv``; both read as every control file is, by
:mod:`indexer.corpus.control`) so that one outlet always gets one name on the facet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from indexer.corpus.control import Row, Table, load_table, parse_table
from indexer.corpus.files import OUTLETS_NAME

PACKAGED = Path(__file__).with_name("data") / "outlets.csv"
COLUMNS = ("outlet", "kind", "value")
_KINDS = {"alias", "domain", "signal"}


def _fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _squash(name: str) -> str:
    """The name with all spaces and punctuation gone: "TheHill" ~ "The Hill"."""
    return _fold(name).replace(" ", "")


@dataclass
class Outlets:
    """The outlet registry: canonical names, alias lookup, domain lookup and signals."""

    names: dict[str, str] = field(default_factory=dict)        # folded alias -> name
    squashed: dict[str, str] = field(default_factory=dict)     # squashed alias -> name
    domains: dict[str, str] = field(default_factory=dict)      # domain -> name
    signals: list[tuple[re.Pattern, str]] = field(default_factory=list)

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
        if kind not in _KINDS or not name:
            raise table.problem(row, "expected 'outlet,kind,value' with kind alias, domain or signal: "
                                     f"{[name, kind, value]!r}")
        self.names[_fold(name)] = name
        self.squashed[_squash(name)] = name
        if kind == "alias":
            self.names[_fold(value)] = name
            self.squashed[_squash(value)] = name
        elif kind == "domain":
            self.domains[value.lower().removeprefix("www.")] = name
        else:
            try:
                self.signals.append((re.compile(value), name))
            except re.error as exc:
                raise table.problem(row, f"bad regular expression {value!r}: {exc}") from None

    def canonical(self, name: str | None) -> str | None:
        """The registry's name for ``name`` (an alias or the name itself), or None if unknown."""
        if not name:
            return None
        return self.names.get(_fold(name)) or self.squashed.get(_squash(name))

    def normalize(self, name: str | None) -> str | None:
        """The canonical name when known, else the name as given (whitespace tidied)."""
        if not name or not name.strip():
            return None
        return self.canonical(name) or " ".join(name.split())

    def from_url(self, url: str | None) -> str | None:
        """The outlet whose site ``url`` is on (subdomains included), or None."""
        if not url:
            return None
        try:
            host = (urlsplit(url.strip()).hostname or "").lower()
        except ValueError:
            return None
        host = host.removeprefix("www.")
        while host:
            if host in self.domains:
                return self.domains[host]
            host = host.partition(".")[2]
        return None

    def from_metadata(self, site_name: str | None, publisher: str | None, url: str | None) -> str | None:
        """Choose among a page's own statements of its outlet.

        A site name the registry knows comes first (read part by part: "The
        Jerusalem Post | JPost.com"), then the registry's name for the URL's
        site, then the site name as stated, and only then the publisher,
        which on a newspaper's page is often the wire service that wrote the
        story.
        """
        site_parts = _parts(site_name)
        for part in site_parts:
            if self.canonical(part):
                return self.canonical(part)
        known = self.from_url(url)
        if known:
            return known
        if site_parts:
            return site_parts[0]
        publisher_parts = _parts(publisher)
        for part in publisher_parts:
            if self.canonical(part):
                return self.canonical(part)
        return publisher_parts[0] if publisher_parts else None

    def site(self, url: str | None) -> str | None:
        """The outlet of ``url``: the registry's name for its site, else the host name itself."""
        known = self.from_url(url)
        if known or not url:
            return known
        try:
            host = (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")
        except ValueError:
            return None
        return host if "." in host else None

    def from_text(self, lines: list[str]) -> str | None:
        """The outlet the article's own lines name: a signal, a byline credit or a header line.

        ``lines`` are the article's lines in order; the header area comes first.
        """
        for line in lines:
            for pattern, name in self.signals:
                if pattern.search(line):
                    return name
        for line in lines[:12]:
            stripped = line.strip()
            found = self.canonical(stripped) if len(stripped) < 60 else None
            if found:
                return found
            credit = _BYLINE_CREDIT.search(stripped) if len(stripped) <= BYLINE_MAX else None
            if credit and self.canonical(credit.group(1)):
                return self.canonical(credit.group(1))
        for line in lines:
            for match in _TOLD_OUTLET.finditer(line):
                found = self.canonical(match.group(1))
                if found:
                    return found
        return None


def _parts(name: str | None) -> list[str]:
    """The parts of a name joined by separators ("The Jerusalem Post | JPost.com")."""
    return [" ".join(p.split()) for p in re.split(r"\s+[|·–—-]\s+", name or "") if p.strip()]


# "By David Vergun, DOD News" -> "DOD News"
_BYLINE_CREDIT = re.compile(r"\bBy\s+[^,|\n]{1,80},\s*([A-Z][\w.&' -]{1,40}?)\s*$")
BYLINE_MAX = 300   # a byline is a short line; longer lines are story text
# "... told Newsweek for a previous story": the outlet writing the story.
_TOLD_OUTLET = re.compile(r"\btold\s+((?:The\s+)?[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})\b")


def load_registry(corpus: Path | None = None) -> Outlets:
    """The packaged registry, extended by ``<corpus>/outlets.csv`` when there is one.

    Raises :class:`~indexer.corpus.control.ControlFileError` for a file or row that cannot be used.
    """
    paths = [PACKAGED] + ([Path(corpus) / OUTLETS_NAME] if corpus is not None else [])
    tables = [load_table(path, COLUMNS, fixed=True) for path in paths]
    return Outlets.from_tables(*(table for table in tables if table is not None))
