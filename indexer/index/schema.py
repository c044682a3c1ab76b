"""The Whoosh schema of the index and the mapping from articles to documents.

One document per article.  Full-text fields (``title``, ``body``,
``outlet``, ``speaker``, ``author``) use :func:`indexer.index.analysis.text_analyzer`;
``body`` is the standfirst (stored on its own, ``standfirst``) and the passages;
the facet fields (``outlet_exact``, ``speaker_exact``, ``date``, ``lang``) are
exact values stored as columns so that facets can be counted without
loading stored documents.  ``passages`` holds ``[text, speakers]`` pairs;
``pre`` the numbers (1-based) of the passages that are preformatted tables,
kept apart so that the shape of ``passages`` stays what readers expect.
``group`` is the article's group of copies (the smallest article id of the
group, :mod:`indexer.index.groups`; its own id when it has no copies),
stored and a column, so that searches fold copies and any engine gets it as
a plain attribute.
What each speaker said is the ``said`` field and the stored ``quotes``
(:mod:`indexer.index.said`), kept apart for the same reason.

An article's title and body are analysed as its language is
(:func:`indexer.index.analysis.analysis_of`): English and undetermined
articles in ``title`` and ``body`` (the default analysis, as before
languages were told apart), the others in ``title_<analysis>`` and
``body_<analysis>`` (``body_de``, ``body_fr``, ..., ``body_plain`` for
languages without a stemmer).  So each field has one analyzer, a word
typed in a query is looked up in each language's fields as that
language stems it, and one language's stems never match another's text.
The stored ``title`` is every article's title, whatever field indexes it.
"""

from __future__ import annotations

from typing import Mapping

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

from indexer.index import said
from indexer.index.analysis import ANALYSES, DEFAULT, SaidAnalyzer, analysis_of, text_analyzer
from indexer.article import Article, Passage, Quote

#: Bump when the fields below change; the indexer then rebuilds from scratch.
#: 6: ``standfirst`` stored (and searched as part of ``body``); main's 5 had none.
#: 7: ``said`` (what each speaker said, per speaker) and the stored ``quotes``.
SCHEMA_VERSION = 7

#: Fields analysed as the article's language (one of each per analysis; :func:`field_in`).
LANGUAGE_FIELDS = ("title", "body")

#: Separator of the values in the ``speaker_exact`` column.
SPEAKER_SEPARATOR = ","

#: Fields a query searches when it names none.
DEFAULT_SEARCH_FIELDS = ("title", "body", "speaker", "outlet", "author")

#: Fields a user may name in a query (``speaker:ryder``; ``said:`` is read by the web app's
#: query language, :mod:`webapp.querylang`).
QUERY_FIELDS = ("title", "body", "outlet", "speaker", "author", "date", "said")


def field_in(fieldname: str, analysis: str) -> str:
    """The field holding ``fieldname`` (title or body) of articles analysed as ``analysis``."""
    return f"{fieldname}_{analysis}" if analysis else fieldname


def analysis_of_field(fieldname: str) -> str:
    """The analysis of a full-text field's terms (``body_de`` -> ``de``; ``body``, ``speaker`` -> default)."""
    base, _, analysis = fieldname.partition("_")
    return analysis if base in LANGUAGE_FIELDS and analysis in ANALYSES else DEFAULT


def base_field(fieldname: str) -> str:
    """The field a language field stands in for (``body_de`` -> ``body``); others are their own."""
    return fieldname.partition("_")[0] if analysis_of_field(fieldname) else fieldname


def build_schema() -> Schema:
    """A new instance of the index schema."""
    analyzer = text_analyzer()
    schema = Schema(
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
        group=ID(stored=True, sortable=True),
        url=STORED(),
        speakers=STORED(),
        passages=STORED(),
        pre=STORED(),
        lang=ID(stored=True, sortable=True),
        extracted=STORED(),
        speaker_names=COLUMN(VarBytesColumn()),
        company_names=COLUMN(VarBytesColumn()),
        standfirst=STORED(),
        said=TEXT(analyzer=SaidAnalyzer()),
        quotes=STORED(),
    )
    for analysis in ANALYSES:
        language = text_analyzer(analysis)
        schema.add(field_in("title", analysis), TEXT(analyzer=language, field_boost=2.0))
        schema.add(field_in("body", analysis), TEXT(analyzer=language, spelling=True))
    return schema


def to_document(article: Article, stamp: str, names: Mapping[str, str] | None = None,
                group: str | None = None) -> dict:
    """The fields of ``article`` as Whoosh expects them; ``stamp`` identifies the file version.

    ``article`` holds its speakers as extracted; ``names`` maps them to the
    names the facet shows (the corpus-wide names), which go in ``speakers``,
    ``passages``, ``speaker``, ``speaker_exact``, ``quotes`` and ``said``.  The extracted names are
    kept too (``extracted``, and the ``speaker_names`` column) so that the
    corpus-wide names can be recomputed without extracting again; so are the
    company names the article shows (``company_names``), evidence across the
    corpus that a speaker name is a company's.  ``group`` is its group of
    copies (by default its own id: no copies); a document rewritten from its
    stored fields passes its stored ``group`` on.
    """
    names = names or {}
    analysis = analysis_of(article.lang)
    speakers = _renamed(article.speakers, names)
    doc = {
        "id": article.id,
        "group": group or article.id,
        "path": article.path,
        "stamp": stamp,
        "title": article.title,
        field_in("body", analysis): f"{article.standfirst}\n\n{article.text}" if article.standfirst else article.text,
        "speakers": speakers,
        "passages": [[p.text, _renamed(p.speakers, names)] for p in article.passages],
        "url": article.url,
        "extracted": [list(article.speakers), [list(p.speakers) for p in article.passages],
                      list(article.companies)],          # (+ the quotes with extracted names, when any)
        "speaker_names": SPEAKER_SEPARATOR.join(article.speakers).encode("utf-8"),
        "company_names": SPEAKER_SEPARATOR.join(article.companies).encode("utf-8"),
    }
    tables = preformatted(article)
    if tables:
        doc["pre"] = tables
    if article.author:
        doc["author"] = article.author
    if article.outlet:
        doc["outlet"] = article.outlet
        doc["outlet_exact"] = article.outlet
    if speakers:
        doc["speaker"] = "\n".join(speakers)
        doc["speaker_exact"] = SPEAKER_SEPARATOR.join(speakers)
    if article.date:
        doc["date"] = article.date
    if article.standfirst:
        doc["standfirst"] = article.standfirst
    if article.lang:
        doc["lang"] = article.lang
    if analysis:     # the title indexed in its language's field, stored as every title is
        doc["title"], doc["_stored_title"] = [], article.title
        doc[field_in("title", analysis)] = article.title
    quotes = said.stored_quotes(article, names)
    if quotes:
        doc["quotes"] = quotes
        doc["said"] = said.said_value(article, names)
    extracted_quotes = said.stored_quotes(article)
    if extracted_quotes:
        doc["extracted"].append(extracted_quotes)
    return doc


def _renamed(names: list[str], mapping: Mapping[str, str]) -> list[str]:
    """``names`` through ``mapping``, each once; a name mapped to "" is no speaker."""
    return list(dict.fromkeys(n for n in (mapping.get(name, name) for name in names) if n))


def preformatted(article: Article) -> list[int]:
    """The numbers of ``article``'s preformatted passages (the stored ``pre`` field)."""
    return [p.n for p in article.passages if p.pre]


def stored_pre(fields: dict) -> frozenset[int]:
    """The numbers of the preformatted passages of a document's stored fields (none when absent)."""
    value = fields.get("pre") or []
    return frozenset(n for n in value if isinstance(n, int))


def from_stored(fields: dict) -> Article:
    """Rebuild an :class:`Article` from a document's stored fields, with its speakers (and the
    speakers of its quotes) as extracted (the shown ones for a document stored without them)."""
    tables = stored_pre(fields)
    extracted = fields.get("extracted")
    quotes = said.passage_quotes(extracted[3] if extracted and len(extracted) > 3 else fields.get("quotes"))
    companies: list[str] = []
    if extracted:
        fields = dict(fields, speakers=extracted[0],
                      passages=[[p[0], names] for p, names in zip(fields.get("passages") or [],
                                                                  extracted[1])])
        companies = list(extracted[2]) if len(extracted) > 2 else []
    return Article(
        id=fields["id"],
        path=fields["path"],
        title=fields.get("title") or "",
        date=fields.get("date") or None,
        outlet=fields.get("outlet") or None,
        author=fields.get("author") or None,
        url=fields.get("url") or None,
        speakers=list(fields.get("speakers") or []),
        passages=[Passage(n, text, list(speakers), [Quote(*q) for q in quotes.get(n, [])], pre=n in tables)
                  for n, (text, speakers) in enumerate(fields.get("passages") or [], start=1)],
        lang=fields.get("lang") or None,
        companies=companies,
        standfirst=fields.get("standfirst") or None,
    )
