"""Read an index column (a per-document value stored for sorting and facets) as a plain list."""

from __future__ import annotations


def column_values(reader, fieldname: str) -> list[str]:
    """All values of ``fieldname``'s column, indexed by document number ('' where a document has none).

    Read segment by segment: Whoosh's multi-segment column reader misplaces
    documents when one segment lacks the column altogether (a segment whose
    documents all have no outlet, say).  Deleted documents keep their slot.
    """
    values: list[str] = []
    for leaf, offset in reader.leaf_readers():
        if offset != len(values):  # pragma: no cover - Whoosh numbers segments contiguously
            raise RuntimeError(f"unexpected segment offset {offset} (expected {len(values)})")
        if leaf.doc_count_all() == 0:
            continue
        if not leaf.has_column(fieldname):
            values.extend([""] * leaf.doc_count_all())
            continue
        values.extend(_text(v) for v in leaf.column_reader(fieldname, translate=False))
    return values


def _text(value) -> str:
    if not value:
        return ""
    return value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)
