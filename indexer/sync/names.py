"""Corpus-wide speaker names after every write: the step after update and rebuild.

Documents keep their speakers as extracted (the ``speaker_names`` column and
the ``extracted`` stored field), and so do the company names each shows
(``company_names``).  :func:`renames` computes the corpus-wide names from all
of them (:func:`indexer.extract.people.corpus_names.corpus_names`,
a pure function of the names, with ``people.csv``'s aliases) and says which
documents show other names than they should; :func:`reconcile` rewrites those
of a Whoosh index from their stored fields (no extraction), and the searchd
sink those of its cluster (:mod:`indexer.searchd.sink`) from the same
function.  Facet values therefore depend on the set of articles in the
index, never on the order in which files were indexed.
"""

from __future__ import annotations

from collections import Counter
from typing import Hashable, Iterable, Mapping, TypeVar

from indexer.extract.people.corpus_names import corpus_names, resolve
from indexer.extract.people.names import name_key
from indexer.index import store
from indexer.index.columns import column_values, split_speakers
from indexer.index.schema import from_stored, to_document

Doc = TypeVar("Doc", bound=Hashable)


def renames(extracted: Mapping[Doc, tuple[str, ...]], shown: Mapping[Doc, tuple[str, ...]],
            companies: Mapping[Doc, list[str]], aliases: Mapping[str, str] | None = None
            ) -> tuple[dict[str, str], list[Doc]]:
    """The corpus-wide mapping of speaker names, and the documents whose shown names it changes.

    ``extracted``: every live document's speakers as extracted; ``shown``: the speakers it
    shows now; ``companies``: the company name keys it shows (``company_names``), each
    document under any key (a Whoosh docnum, a searchd row id)."""
    mapping = corpus_mapping(extracted.values(), companies.values(), aliases)
    renamed = {name for name, shown_as in mapping.items() if shown_as != name}
    stale = [doc for doc, names in extracted.items()
             if (renamed.intersection(names) or shown.get(doc, ()) != names)
             and tuple(resolve(names, mapping)) != shown.get(doc, ())]
    return mapping, stale


def corpus_mapping(names_of: Iterable[Iterable[str]], companies_of: Iterable[Iterable[str]],
                   aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    """Speaker name as extracted -> name shown, across a corpus whose documents hold ``names_of``
    (each document's speakers as extracted, each name once) and show ``companies_of`` (each
    document's company name keys, its ``company_names``)."""
    counts = Counter(n for names in names_of for n in names)
    keys = {name_key(name) for name in counts}
    return corpus_names(counts, aliases, Counter(k for found in companies_of for k in found if k in keys))


def reconcile(ix, aliases: Mapping[str, str] | None = None) -> int:
    """Give every document of ``ix`` its corpus-wide speaker names; returns how many
    documents were rewritten (committed at once; nothing is written when none)."""
    with ix.reader() as reader:
        live = sorted(reader.all_doc_ids())
        extracted = column_values(reader, "speaker_names")
        shown = column_values(reader, "speaker_exact")
        companies = column_values(reader, "company_names")     # sorted unique keys per doc
        mapping, stale = renames({doc: split_speakers(extracted[doc]) for doc in live},
                                 {doc: split_speakers(shown[doc]) for doc in live},
                                 {doc: companies[doc].split(",") if companies[doc] else [] for doc in live},
                                 aliases)
        if not stale:
            return 0
        stamps = column_values(reader, "stamp")
        stored = [reader.stored_fields(doc) for doc in stale]
        documents = [to_document(from_stored(fields), stamps[doc], mapping, group=fields.get("group"))
                     for doc, fields in zip(stale, stored)]
    writer = store.writer(ix)
    try:
        for document in documents:
            writer.update_document(**document)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return len(documents)
