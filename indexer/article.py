"""A cleaned article as plain data, the hand-off between extraction and indexing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field


@dataclass
class Quote:
    """What one speaker said in a passage: ``text[start:end]`` of the passage (character
    offsets), a quotation or a reported-speech sentence attributed to ``speaker``."""

    start: int
    end: int
    speaker: str


@dataclass
class Passage:
    """One paragraph of article text, the people quoted in it and what each of them said.

    ``pre`` marks a preformatted passage (a fixed-width table): its line
    breaks and spacing are part of the text and are shown as they are.
    """

    n: int
    text: str
    speakers: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    pre: bool = False


@dataclass
class Article:
    """Everything the index needs to know about one file of the corpus."""

    id: str
    path: str
    title: str
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    speakers: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    lang: str | None = None          # ISO 639-1 code of the text's language; None: not determined
    #: name keys of the company names the text shows ("merrilllynch" for "Merrill Lynch
    #: and Co"): corpus-wide evidence that a speaker name is a company
    companies: list[str] = field(default_factory=list)
    standfirst: str | None = None    # the dek or summary under the headline (web pages), not a passage

    @property
    def text(self) -> str:
        """The cleaned body: passages joined by blank lines (no headline, no standfirst)."""
        return "\n\n".join(p.text for p in self.passages)

    def to_dict(self) -> dict:
        """The JSON shape printed by ``inspect --json``."""
        data = asdict(self)
        del data["companies"]                # index-side evidence, not part of the article
        data["text"] = self.text
        return data


_SLUG_UNSAFE = re.compile(r"[^a-z0-9_]+")


def article_id(relpath: str, attempt: int = 0) -> str:
    """A stable, URL-safe id for a corpus-relative path (``/`` separated).

    A readable slug of the file name plus 8 hex digits of the path's
    SHA-1, so that two paths never share an id and the id never contains
    a slash, a dot-dot or anything that needs escaping.  ``attempt`` > 0
    gives other ids for the same path (when a renamed article kept the
    path's first one: :mod:`indexer.sync.identity`).
    """
    stem = relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    slug = _SLUG_UNSAFE.sub("-", stem.lower()).strip("-")[:60] or "article"
    key = relpath if not attempt else f"{relpath}\0{attempt}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}"


def passage_fingerprint(text: str) -> str:
    """A short fingerprint of a passage's words, stable under whitespace and case.

    Passage links carry it so that a link can find its passage again after
    the article was edited and the passage moved.
    """
    words = re.findall(r"\w+", text.lower())
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()[:10]
