"""The engine's row for an article, derived from the Whoosh document of :mod:`indexer.index.schema`.

One row per article, on one shard (:func:`shard_of`).  Nothing here names
the article's fields by hand except the facets: the full-text fields are
the Whoosh schema's ``TEXT`` fields, written as the analyzer's terms
(the same tokens, stems and number rules as the Whoosh index, so that both
engines match the same documents; searchd then runs with ``morphology =
none``), and the stored fields are the Whoosh schema's stored fields,
kept as one JSON attribute that the web app reads back exactly as Whoosh's
stored fields.  A field added to :func:`indexer.index.schema.build_schema`
is therefore mirrored here by itself (see docs/scale-out.md).

Facets are attributes: ``outlet_id``, ``lang_id`` and the multi-valued
``speakers`` are 64-bit ids of the names (:func:`value_id`; the id of ``""``
stands for "none"), ``outlet_name``, ``lang_name`` and ``speaker_names`` give
the names back, ``day`` is ``YYYYMMDD`` (0 undated).  String attributes that may hold any character (``path``, ``outlet_name``,
``speaker_names``, ``stored``) are JSON text: SphinxQL string literals
cannot carry NUL or U+001A.  ``article``, ``path`` and ``stamp`` let
``clippings update`` compare the corpus with what a shard holds.

Groups of copies (:mod:`indexer.index.groups`): ``story`` is the row's group
(the Whoosh document's ``group``), ``story_id`` its 63-bit id (the engine
id of the article that names the group), ``story_size`` the number of
articles in it, and ``card`` what a list of copies shows of the article (id,
title, outlet, date).  A row lives on the shard of its **story**
(:func:`home`), so all copies of a story are on one shard: each shard then
counts distinct stories exactly and the master adds them up (searchd sums
``COUNT(DISTINCT)`` over its agents), and a story's copies are found on one
shard.  The speakers as extracted and the company names an article shows
(``extracted_names``, ``company_names``) let the corpus-wide names step
(:meth:`indexer.searchd.sink.SearchdSink.reconcile`) read what it needs
without stored fields.

Two small indexes sit beside the articles on every shard copy:
``clippings_state`` holds one row per shard whose ``stamp`` the indexer
changes after every write to that shard (the web app keeps what does not
depend on the query, such as the facets of the whole index, for as long as
the stamps stay the same), and ``clippings_terms`` the terms of each
full-text field (the vocabulary "Did you mean" looks words up in: searchd
2.2 cannot list its dictionary).
"""

from __future__ import annotations

import hashlib
import json
from functools import cache

from whoosh.fields import TEXT

from indexer.index.columns import column_text, split_speakers
from indexer.index.schema import QUERY_FIELDS, SPEAKER_SEPARATOR, build_schema

INDEX = "clippings"            # the RT index on every shard copy, and the distributed index on the master
STATE_INDEX = "clippings_state"    # one row per shard: the stamp of its last write
TERMS_INDEX = "clippings_terms"    # the terms of each full-text field (a vocabulary for suggestions)
DATE_FIELD = "date"            # queried as day tokens (YYYYMMDD)
EVERY_FIELD = "every"          # one token in every document: the positive side of a query that is only NOT
EVERY_TOKEN = "every"

#: Attributes: (name, SphinxQL type).  Strings are returned as text.
ATTRIBUTES = (
    ("article", "string"), ("path", "string"), ("stamp", "string"), ("stored", "string"),
    ("outlet_name", "string"), ("speaker_names", "string"), ("lang_name", "string"),
    ("outlet_id", "bigint"), ("speakers", "multi_64"), ("lang_id", "bigint"), ("day", "uint"),
    ("story", "string"), ("story_id", "bigint"), ("story_size", "uint"), ("card", "string"),
    ("extracted_names", "string"), ("company_names", "string"),
)
#: The state index: one row per shard (id = shard number + 1).
STATE_ATTRIBUTES = (("stamp", "bigint"),)
#: The terms index: one row per (field, term) (id = :func:`term_id`), on the shards whose articles have it.
TERMS_ATTRIBUTES = (("term", "string"), ("field_id", "bigint"), ("initial", "uint"))


@cache
def _whoosh_schema():
    return build_schema()


@cache
def text_fields() -> tuple[str, ...]:
    """The analysed full-text fields of the Whoosh schema (title, body, ...), sorted."""
    schema = _whoosh_schema()
    return tuple(sorted(name for name, field in schema.items() if isinstance(field, TEXT)))


@cache
def stored_fields() -> tuple[str, ...]:
    """The stored fields of the Whoosh schema: what the web app reads back."""
    schema = _whoosh_schema()
    return tuple(sorted(name for name, field in schema.items() if field.stored))


@cache
def engine_fields() -> tuple[str, ...]:
    """The engine's full-text fields: the text fields, the day tokens and the every-token."""
    extra = (DATE_FIELD,) if DATE_FIELD in QUERY_FIELDS and DATE_FIELD not in text_fields() else ()
    return text_fields() + extra + (EVERY_FIELD,)


def columns() -> tuple[str, ...]:
    """Every column of a row in the order :func:`row` gives them (``id`` first)."""
    return ("id",) + engine_fields() + tuple(name for name, _ in ATTRIBUTES)


def _hash63(text: str) -> int:
    return int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "big") >> 1 or 1


def value_id(name: str) -> int:
    """The 63-bit id of an outlet or speaker name (``""``: none), stable everywhere."""
    return _hash63("v\0" + name)


def docid(article_id: str) -> int:
    """The engine's document id of an article id (63 bits of its SHA-1; never 0)."""
    return _hash63("d\0" + article_id)


def shard_of(article_id: str, shards: int) -> int:
    """The shard of the story named ``article_id``: a stable hash of the id, modulo the number of
    shards."""
    return int.from_bytes(hashlib.sha1(article_id.encode("utf-8")).digest()[8:12], "big") % shards


def story_of(doc: dict) -> str:
    """The story (group of copies) of a Whoosh document or stored fields: its ``group``, else its
    own id."""
    return doc.get("group") or doc["id"]


def home(doc: dict, shards: int) -> int:
    """The shard a document's row lives on: its story's (every copy of a story on one shard)."""
    return shard_of(story_of(doc), shards)


def term_id(field: str, term: str) -> int:
    """The id of a (field, term) row of the terms index."""
    return _hash63("t\0" + field + "\0" + term)


def day_number(date: str | None) -> int:
    """``YYYY-MM-DD`` as ``YYYYMMDD`` (0 when undated)."""
    return int(date.replace("-", "")) if date else 0


def day_text(number: int) -> str:
    """The inverse of :func:`day_number` ("" for 0)."""
    if not number:
        return ""
    text = f"{number:08d}"
    return f"{text[:4]}-{text[4:6]}-{text[6:]}"


def analysed(fieldname: str, value: str) -> str:
    """``value`` as the Whoosh field's analyzer reads it: its index terms, space-separated."""
    if not value:
        return ""
    analyzer = _whoosh_schema()[fieldname].analyzer
    return " ".join(token.text for token in analyzer(value))


def row(doc: dict, story_size: int = 1) -> dict:
    """The engine's row for the Whoosh document ``doc`` (:func:`indexer.index.schema.to_document`
    of an article), column by column; ``story_size``: the articles in its group of copies."""
    out: dict = {"id": docid(doc["id"])}
    for name in text_fields():
        out[name] = analysed(name, doc.get(name) or "")
    if DATE_FIELD in engine_fields():
        out[DATE_FIELD] = str(day_number(doc.get("date")) or "")
    out[EVERY_FIELD] = EVERY_TOKEN
    names = list(split_speakers(doc.get("speaker_exact") or ""))
    outlet = doc.get("outlet_exact") or ""
    lang = doc.get("lang") or ""
    # Whoosh stores ``_stored_<field>`` as the field's stored value when given (a title indexed
    # in its language's field); None is not stored.
    stored = {}
    for name in stored_fields():
        value = doc.get(f"_stored_{name}", doc.get(name))
        if value is not None:
            stored[name] = value
    out.update({
        "article": doc["id"],
        "path": json.dumps(doc["path"]),
        "stamp": doc.get("stamp") or "",
        "stored": json.dumps(stored, ensure_ascii=False, separators=(",", ":")),
        "outlet_name": json.dumps(outlet, ensure_ascii=False),
        "speaker_names": json.dumps(names, ensure_ascii=False),
        "outlet_id": value_id(outlet),
        "speakers": tuple(value_id(n) for n in names) or (value_id(""),),
        "lang_name": json.dumps(lang),
        "lang_id": value_id(lang),
        "day": day_number(doc.get("date")),
        "story": story_of(doc),
        "story_id": docid(story_of(doc)),
        "story_size": max(1, story_size),
        "card": json.dumps(card(stored), ensure_ascii=False, separators=(",", ":")),
        "extracted_names": json.dumps(list(split_speakers(column_text(doc.get("speaker_names")))), ensure_ascii=False),
        "company_names": json.dumps([n for n in column_text(doc.get("company_names")).split(SPEAKER_SEPARATOR) if n],
                                    ensure_ascii=False),
    })
    return out


#: The stored fields a list of copies shows (:func:`webapp.search.story_dict`).
CARD_FIELDS = ("id", "title", "outlet", "date")


def card(stored: dict) -> dict:
    """What a list of copies shows of an article: its :data:`CARD_FIELDS` among ``stored``."""
    return {name: stored[name] for name in CARD_FIELDS if stored.get(name)}


def terms(row_values: dict) -> set[tuple[str, str]]:
    """The (field, term) pairs of a row's full-text fields (the analyzer's terms)."""
    return {(name, term) for name in text_fields() for term in (row_values.get(name) or "").split()}


def stored_of(text: str) -> dict:
    """The stored fields of a row (its ``stored`` attribute), as Whoosh's ``stored_fields`` gives them."""
    return json.loads(text) if text else {}


def index_config(path: str) -> str:
    """The ``index`` section of a shard copy's article index (an RT index at ``path``)."""
    lines = [f"index {INDEX}", "{", "    type = rt", f"    path = {path}"]
    lines += [f"    rt_field = {name}" for name in engine_fields()]
    lines += [f"    rt_attr_{kind} = {name}" for name, kind in ATTRIBUTES]
    lines += [
        "    dict = keywords",
        "    min_infix_len = 1             # wildcards anywhere (expanded over the dictionary at query time)",
        "    morphology = none             # the text is already the analyzer's terms (see indexer/searchd/schema.py)",
        f"    charset_table = {CHARSET_TABLE}",
        "    index_field_lengths = 1       # for BM25F ranking",
        "    rt_mem_limit = 256M",
        "}",
    ]
    return "\n".join(lines)


def _small_index(name: str, path: str, attributes) -> str:
    lines = [f"index {name}", "{", "    type = rt", f"    path = {path}", "    rt_field = word"]
    lines += [f"    rt_attr_{kind} = {attr}" for attr, kind in attributes]
    lines += ["    dict = keywords", f"    charset_table = {CHARSET_TABLE}", "}"]
    return "\n".join(lines)


def index_configs(data_dir: str) -> str:
    """Every ``index`` section of a shard copy: the articles, the state and the terms, under ``data_dir``."""
    return "\n\n".join([index_config(f"{data_dir}/{INDEX}"),
                        _small_index(STATE_INDEX, f"{data_dir}/{STATE_INDEX}", STATE_ATTRIBUTES),
                        _small_index(TERMS_INDEX, f"{data_dir}/{TERMS_INDEX}", TERMS_ATTRIBUTES)])


def expected_columns(index: str = INDEX) -> tuple[str, ...]:
    """The columns ``DESCRIBE`` lists for ``index`` on a shard copy made by this version (in any
    order, besides searchd's own field lengths)."""
    if index == INDEX:
        return ("id",) + engine_fields() + tuple(name for name, _ in ATTRIBUTES)
    return ("id", "word") + tuple(name for name, _ in (STATE_ATTRIBUTES if index == STATE_INDEX else TERMS_ATTRIBUTES))


#: Word characters of the engine: what the analyzer's terms are made of (lowercase letters and
#: digits of any script up to U+2FFFF, the most searchd 2.2 maps; "_", the apostrophe and the
#: decimal point); everything else separates.
CHARSET_TABLE = "0..9, A..Z->a..z, _, a..z, U+27, U+2E, U+80..U+2FFFF"
