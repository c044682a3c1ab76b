"""From a file's bytes to a cleaned :class:`~indexer.article.Article`.

The steps are separate functions over plain data: decode, clean (plain
text or HTML), then date, outlet and author, then the corpus manifest's
overrides, then the language of the cleaned text
(:mod:`indexer.extract.language`; a manifest ``lang`` cell overrides it), then
the speakers (whose rules ask for evidence of a name in other languages than
English).
Nothing here touches the index.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from indexer.extract import dates, html, plaintext
from indexer.extract.language import detect_language, normalize as normalize_language
from indexer.article import Article, Passage, Quote, article_id
from indexer.corpus.files import kind_of
from indexer.corpus.manifest import Manifest, load_manifest
from indexer.extract.outlets import TOP_LINES, Clues, Outlets, load_registry, name_parts
from indexer.extract.people.aliases import load_people, unify
from indexer.corpus.decode import NotText, decode

#: What defines the extraction rules, as globs under ``indexer/``: every module
#: and data file of ``extract/`` and ``corpus/``, the article record, the
#: analyzer and schema that turn articles into index documents, and the rules
#: that group copies (a changed threshold regroups every article).
RULE_GLOBS = ("extract/**/*.py", "extract/data/*", "corpus/**/*.py", "article.py",
              "index/analysis.py", "index/schema.py", "index/said.py", "index/similarity.py", "index/groups.py")


class ExtractionError(Exception):
    """A file could not be turned into an article; the message says why."""


@dataclass
class Context:
    """What extraction needs to know about the corpus (picklable for worker processes)."""

    outlets: Outlets
    manifest: Manifest = field(default_factory=Manifest)
    people: dict[str, str] = field(default_factory=dict)   # name_key -> preferred name


def load_context(corpus: Path | None) -> Context:
    """The corpus' outlets, manifest and people files (packaged defaults when absent)."""
    return Context(outlets=load_registry(corpus),
                   manifest=load_manifest(corpus, parse_date=dates.parse_date) if corpus is not None else Manifest(),
                   people=load_people(corpus))


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A hash of the extraction code and its packaged data: when it changes, rebuild."""
    root = Path(__file__).resolve().parent.parent
    paths = sorted({path for pattern in RULE_GLOBS for path in root.glob(pattern) if path.is_file()})
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extract_bytes(relpath: str, data: bytes, context: Context) -> Article:
    """Decode and extract one file given as bytes; raises :class:`ExtractionError`."""
    try:
        text = decode(data)
    except NotText as exc:
        raise ExtractionError(str(exc)) from None
    if not text.strip():
        raise ExtractionError("empty file (no text)")
    return extract_text(relpath, text, context)


def extract_text(relpath: str, text: str, context: Context) -> Article:
    """Extract the article of ``text``, a decoded file at corpus-relative ``relpath``."""
    if kind_of(relpath) == "html":
        found = _from_html(text, context)
    else:
        found = _from_plain_text(text, context, markdown=relpath.lower().endswith(".md"))
    found.update({k: v for k, v in context.manifest.row(relpath).items() if v})
    # Decided after the manifest: a URL it supplies is the file's source address.
    clues = found.pop("clues")
    clues.url = found["url"]
    found["outlet"] = context.outlets.normalize(found["outlet"]) or context.outlets.resolve(clues)
    passages_text = found["passages"]
    if not passages_text and not found["title"]:
        raise ExtractionError("no article text found")
    tables = found["pre"]
    prose = [text for i, text in enumerate(passages_text) if i not in tables]    # tables tell no language
    lang = normalize_language(found.get("lang")) or detect_language("\n\n".join([found["title"] or "", *prose]),
                                                                    declared=found["declared_lang"])
    from indexer.extract.people import speakers  # imported on first use: it loads NLTK (about a second)
    attribution = speakers.attribute(passages_text, organisations=context.outlets.squashed,
                                     title=found["title"], lang=lang)
    passages = [Passage(n, text, names, [Quote(*span) for span in quotes], pre=n - 1 in tables)
                for n, (text, names, quotes) in enumerate(
                    zip(passages_text, attribution.passages, attribution.quotes), start=1)]
    title = found["title"] or Path(relpath).stem
    article = Article(
        id=article_id(relpath), path=relpath, title=title, date=found["date"],
        outlet=found["outlet"], author=found["author"], url=found["url"],
        speakers=list(attribution.speakers), passages=passages, lang=lang,
        companies=list(attribution.companies), standfirst=found.get("standfirst"),
    )
    return unify(article, dict(context.people)) if context.people else article


def _from_plain_text(text: str, context: Context, markdown: bool) -> dict:
    page = plaintext.clean_text(text, markdown=markdown,
                                is_outlet=lambda line: context.outlets.canonical(line) is not None)
    header = page.header
    url = header.get("url")
    lines = _raw_lines(text)
    return {
        "title": header.get("title") or page.title,
        "passages": page.passages,
        "pre": page.pre,
        "url": url,
        "date": header.get("date") or dates.date_from_lines(page.top_lines) or dates.date_from_url(url),
        "outlet": header.get("outlet"),
        "clues": Clues(title=header.get("title") or page.title, top=lines[:TOP_LINES], lines=lines),
        "author": (header.get("author") or plaintext.author_from_lines(page.top_lines)
                   or plaintext.author_from_signature(page.signature)),
        "declared_lang": None,
    }


def _raw_lines(text: str) -> list[str]:
    """All non-empty lines of the file, chrome included: outlet signals live in the chrome."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _from_html(text: str, context: Context) -> dict:
    soup = html.parse(text)
    head = html.scan_head(soup)  # the one walk for declarations, shared by metadata and date
    meta = html.page_metadata(soup, head)
    date = dates.date_from_html(soup, meta.url, head=head)
    page = html.clean(soup, meta)
    clues = Clues(site_names=name_parts(meta.site_name), publishers=name_parts(meta.publisher), title=head.title,
                  top=page.top_lines, lines=page.top_lines + page.passages + head.notices)
    return {
        "title": page.title or meta.title,
        "passages": page.passages,
        "pre": set(),
        "url": meta.url,
        "date": date or dates.date_from_lines(page.top_lines),
        "outlet": None,
        "clues": clues,
        "author": meta.author or plaintext.author_from_lines(page.top_lines),
        "declared_lang": head.declared_lang,
        "standfirst": page.standfirst,
    }
