"""Posting lists and field lengths of an opened index, read fast and checked against Whoosh.

Whoosh's matchers hand out one posting per Python call; ranking a query
over ~20,000 stories that way costs tens of milliseconds.  The W3 codec
stores postings in blocks of ids and weights and field lengths in one
byte column, so :class:`PostingReader` reads those whole (the *fast
path*, through Whoosh's private block reader).  Because those internals
may change with Whoosh, each reader is first checked: the fast path must
give, for a frequent term of the body field, the ids and weights of
Whoosh's public matcher, and the lengths of its public
``doc_field_length``.  If it does not (or the internals are not there),
a warning is logged once and the reader uses the public path, which
gives the same results more slowly.
"""

from __future__ import annotations

import logging
import threading
from itertools import accumulate, islice
from weakref import WeakKeyDictionary

from whoosh.util.numeric import byte_to_length

log = logging.getLogger(__name__)

#: Whether :func:`posting_reader` tries the fast path (False: Whoosh's public API only, for
#: readers opened afterwards).
FAST_PATH = True

#: The field and the words tried first for the sample term of the check.
SAMPLE_FIELD = "body"
SAMPLE_WORDS = ("the", "and", "to", "of", "a", "in", "said")
SAMPLE_LEXICON = 1000      # else the most frequent of the field's first terms
SAMPLE_POSTINGS = 5000     # postings compared with the public matcher
SAMPLE_LENGTHS = 200       # documents whose lengths are compared

#: What Whoosh's private internals raise when they are not what this module expects.
INTERNALS_CHANGED = (AttributeError, ImportError, IndexError, KeyError, TypeError, ValueError)

_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]
_warned = False


class PostingReader:
    """Postings and field lengths of one opened Whoosh reader.

    ``fast`` says whether the W3 blocks are read directly; pass
    ``fast=False`` to use only Whoosh's public API.  With ``fast=True``
    the fast path is checked once, here, and dropped when it disagrees.
    """

    def __init__(self, reader, fast: bool = True):
        self.reader = reader
        self.fast = False
        self.problem: str | None = None       # why the fast path is not used, when it was wanted
        self._field_docs: dict[str, frozenset[int]] = {}
        if fast and reader.doc_count_all():
            self.problem = _fast_path_problem(reader)
            self.fast = self.problem is None
            if self.problem:
                _warn_once(self.problem)

    def postings(self, fieldname: str, text) -> tuple[list[int], list[float]]:
        """Document numbers and weights (term frequency times field boost) of one term, in
        docnum order.  The fast path includes deleted documents: intersect with the live ones."""
        if self.fast:
            return _block_postings(self.reader, fieldname, text)
        return _public_postings(self.reader, fieldname, text)

    def lengths(self, fieldname: str) -> list[int]:
        """The length (in terms) of ``fieldname`` in every document, indexed by docnum."""
        if self.fast:
            return _column_lengths(self.reader, fieldname)
        return _public_lengths(self.reader, fieldname)

    def field_docs(self, fieldname: str) -> frozenset[int]:
        """Documents with at least one term in ``fieldname`` (what Whoosh's ``Every(fieldname)``,
        the query ``field:*``, matches); deleted ones included.  Computed once per reader."""
        found = self._field_docs.get(fieldname)
        if found is None:
            if self.reader.schema[fieldname].scorable:     # a field with lengths: those above 0
                found = frozenset(d for d, n in enumerate(self.lengths(fieldname)) if n)
            else:
                found = frozenset(d for text in self.reader.field_terms(fieldname)
                                  for d in self.postings(fieldname, text)[0])
            self._field_docs[fieldname] = found
        return found


_shared: WeakKeyDictionary = WeakKeyDictionary()
_shared_lock = threading.Lock()


def posting_reader(reader) -> PostingReader:
    """The :class:`PostingReader` of ``reader``, made (and checked) on the first call."""
    with _shared_lock:
        found = _shared.get(reader)
        if found is None:
            found = _shared[reader] = PostingReader(reader, fast=FAST_PATH)
        return found


# -- the public path -----------------------------------------------------------------------------

def _public_postings(reader, fieldname: str, text, limit: int | None = None) -> tuple[list[int], list[float]]:
    """The live postings of a term (at most ``limit``), from Whoosh's public matcher."""
    ids: list[int] = []
    weights: list[float] = []
    if (fieldname, text) not in reader:
        return ids, weights
    matcher = reader.postings(fieldname, text)
    while matcher.is_active() and (limit is None or len(ids) < limit):
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _public_lengths(reader, fieldname: str) -> list[int]:
    return [reader.doc_field_length(d, fieldname, 0) or 0 for d in range(reader.doc_count_all())]


# -- the fast path: the W3 codec's blocks and length columns --------------------------------------

def _block_postings(reader, fieldname: str, text) -> tuple[list[int], list[float]]:
    ids: list[int] = []
    weights: list[float] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        matcher = leaf.postings(fieldname, text)
        matcher = getattr(matcher, "child", matcher)        # unwrap the deletion filter
        while matcher.is_active():
            block_ids, block_weights = _w3_block(matcher)
            ids.extend(block_ids if not offset else [i + offset for i in block_ids])
            weights.extend(block_weights)
            matcher._next_block()                          # noqa: SLF001 - Whoosh's block reader
    return ids, weights


def _w3_block(matcher) -> tuple[list[int], list[float]]:
    """The ids and weights of the W3 posting block ``matcher`` is on, decoded at C speed."""
    matcher._read_data()                                   # noqa: SLF001 - Whoosh's block reader
    raw_ids, raw_weights = matcher._data[0], matcher._data[1]   # noqa: SLF001
    count = matcher._blocklength                           # noqa: SLF001
    ids = list(raw_ids) if matcher._byteids else list(accumulate(raw_ids))   # noqa: SLF001
    if raw_weights is None:
        weights = [1.0] * count
    elif isinstance(raw_weights, float):
        weights = [raw_weights] * count
    else:
        weights = list(raw_weights)
    return ids, weights


def _column_lengths(reader, fieldname: str) -> list[int]:
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    name = _lenfield(fieldname)
    out: list[int] = []
    for leaf, offset in reader.leaf_readers():
        assert offset == len(out), "segments out of docnum order"
        count = leaf.doc_count_all()
        perdoc = leaf._perdoc                              # noqa: SLF001 - the segment's columns
        if perdoc.has_column(name):
            column = list(perdoc.column_reader(name, LENGTHS_COLUMN))
            out.extend(_BYTE_TO_LENGTH[b] for b in column[:count])
        else:
            out.extend([0] * count)
    return out


# -- the check -------------------------------------------------------------------------------------

def _fast_path_problem(reader) -> str | None:
    """Why the fast path cannot be used on ``reader`` (it disagrees with Whoosh), or None."""
    try:
        from whoosh.codec.whoosh3 import W3LeafMatcher, W3PerDocReader

        for leaf, _offset in reader.leaf_readers():
            if not isinstance(leaf._perdoc, W3PerDocReader):  # noqa: SLF001
                return f"a segment is not in Whoosh's W3 format ({type(leaf._perdoc).__name__})"  # noqa: SLF001
        text = _sample_term(reader)
        if text is None:
            return None                                    # no words to read: nothing can disagree
        return _disagreement(reader, SAMPLE_FIELD, text, W3LeafMatcher)
    except INTERNALS_CHANGED as exc:
        return f"Whoosh's block reader failed ({type(exc).__name__}: {exc})"


def _sample_term(reader) -> str | None:
    """A frequent term of the body field: a common English word, else one of its first terms."""
    if SAMPLE_FIELD not in reader.schema:
        return None
    frequency, word = max((reader.doc_frequency(SAMPLE_FIELD, w), w) for w in SAMPLE_WORDS)
    if frequency:
        return word
    first = islice(reader.iter_field(SAMPLE_FIELD), SAMPLE_LEXICON)
    frequency, word = max(((info.doc_frequency(), text) for text, info in first), default=(0, None))
    return word if frequency else None


def _disagreement(reader, fieldname: str, text: str, leaf_matcher_class) -> str | None:
    """How the fast path's postings and lengths of one term differ from Whoosh's public ones, or None."""
    for leaf, _offset in reader.leaf_readers():
        if (fieldname, text) in leaf:
            matcher = leaf.postings(fieldname, text)
            if not isinstance(getattr(matcher, "child", matcher), leaf_matcher_class):
                return f"a posting list is not read by Whoosh's W3 matcher ({type(matcher).__name__})"
    ids, weights = _block_postings(reader, fieldname, text)
    if len(ids) != reader.doc_frequency(fieldname, text):
        return f"{len(ids)} postings read for {fieldname}:{text}, {reader.doc_frequency(fieldname, text)} expected"
    live = list(islice(((i, w) for i, w in zip(ids, weights) if not reader.is_deleted(i)), SAMPLE_POSTINGS))
    public = list(zip(*_public_postings(reader, fieldname, text, SAMPLE_POSTINGS)))
    if live != public:
        return f"the postings of {fieldname}:{text} differ from Whoosh's matcher"
    lengths = _column_lengths(reader, fieldname)
    if len(lengths) != reader.doc_count_all():
        return f"{len(lengths)} lengths of {fieldname} read for {reader.doc_count_all()} documents"
    step = max(1, len(live) // SAMPLE_LENGTHS)
    for docnum, _weight in live[::step]:
        if lengths[docnum] != reader.doc_field_length(docnum, fieldname, 0):
            return f"the length of {fieldname} in document {docnum} differs from Whoosh's"
    return None


def _warn_once(problem: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        log.warning("Reading postings through Whoosh's public matchers (slower): %s", problem)
