"""The Whoosh schema of the index and the mapping from articles to documents.

One document per article.  Full-text fields (``title``, ``body``,
``outlet``, ``speaker``, ``author``) use :func:`indexer.index.analysis.text_analyzer`;
``body`` is the standfirst (stored on its own) and the passages;
the facet fields (``outlet_exact``, ``speaker_exact``, ``date``) are
exact values stored as columns so that facets can be counted without
loading stored documents.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from indexer.index.analysis import text_analyzer
from indexer.article import Article, Passage

#: Bump when the fields below change; the indexer then rebuilds from scratch.
#: 2: ``standfirst`` stored (and searched as part of ``body``).
SCHEMA_VERSION = 2

#: Separator of the values in the ``speaker_exact`` column.
SPEAKER_SEPARATOR = ","

#: Fields a query searches when it names none.
DEFAULT_SEARCH_FIELDS = ("title", "body", "speaker", "outlet", "author")

#: Fields a user may name in a query (``speaker:ryder``).
QUERY_FIELDS = ("title", "body", "outlet", "speaker", "author", "date")


def build_schema() -> Schema:
    """A new instance of the index schema."""
    analyzer = text_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        path=ID(stored=True, sortable=True),
        stamp=ID(sortable=True),
        title=TEXT(analyzer=analyzer, stored=True, field_boost=2.0),
        body=TEXT(analyzer=analyzer, spelling=True),
        author=TEXT(analyzer=analyzer, stored=True),
        outlet=TEXT(analyzer=analyzer, stored=True),
        outlet_exact=ID(sortable=True),
        speaker=TEXT(analyzer=analyzer),
        speaker_exact=KEYWORD(commas=True, sortable=True),
        date=ID(stored=True, sortable=True),
        url=STORED(),
        speakers=STORED(),
        passages=STORED(),
        standfirst=STORED(),
    )


def to_document(article: Article, stamp: str) -> dict:
    """The fields of ``article`` as Whoosh expects them; ``stamp`` identifies the file version."""
    doc = {
        "id": article.id,
        "path": article.path,
        "stamp": stamp,
        "title": article.title,
        "body": f"{article.standfirst}\n\n{article.text}" if article.standfirst else article.text,
        "speakers": list(article.speakers),
        "passages": [[p.text, list(p.speakers)] for p in article.passages],
        "url": article.url,
    }
    if article.author:
        doc["author"] = article.author
    if article.outlet:
        doc["outlet"] = article.outlet
        doc["outlet_exact"] = article.outlet
    if article.speakers:
        doc["speaker"] = "\n".join(article.speakers)
        doc["speaker_exact"] = SPEAKER_SEPARATOR.join(article.speakers)
    if article.date:
        doc["date"] = article.date
    if article.standfirst:
        doc["standfirst"] = article.standfirst
    return doc


def from_stored(fields: dict) -> Article:
    """Rebuild an :class:`Article` from a document's stored fields."""
    return Article(
        id=fields["id"],
        path=fields["path"],
        title=fields.get("title") or "",
        date=fields.get("date") or None,
        outlet=fields.get("outlet") or None,
        author=fields.get("author") or None,
        url=fields.get("url") or None,
        speakers=list(fields.get("speakers") or []),
        passages=[Passage(n, text, list(speakers))
                  for n, (text, speakers) in enumerate(fields.get("passages") or [], start=1)],
        standfirst=fields.get("standfirst") or None,
    )
