"""How alike two articles' texts are: word shingles, MinHash signatures, and the exact test of a copy.

An article's text (its passages; never the title, so a copy under another
headline is still a copy) becomes a set of *shingles*: every run of
:data:`SHINGLE_WORDS` consecutive words (lower-cased ``\\w+`` words, the
words of :func:`indexer.article.passage_fingerprint`), each hashed to 32
bits.  A :class:`Sketch` holds that set as a sorted array and its
MinHash signature (:data:`NUM_PERM` permutations), which
locality-sensitive hashing (:mod:`indexer.index.groups`) uses to find the
pairs worth comparing; :func:`is_copy` then decides on the exact sets.

The signature is datasketch's MinHash (its ``affine32`` scheme, seed
:data:`SEED`, the shingles as the hash values), computed here with NumPy
alone: the same permutations from the same seeded generator, the same
MurmurHash3 finaliser, bit for bit (``tests/test_grouping.py`` checks it
against ``datasketch.MinHash``).  datasketch is not a runtime dependency
because it requires SciPy, which it imports (0.3 s) and which made every
NLTK import pull ``scipy.stats`` (docs/performance.md).

Two texts are copies when their shingle sets have a Jaccard similarity of
at least :data:`JACCARD_MIN` (0.5).  That rule and threshold were chosen on
the tuning half of a labelled Reuters set (``bench/eval_grouping.py``,
figures in docs/indexing.md): a copy under another headline, cut by its
last paragraphs, given a byline or a closing notice, or with a few words
edited stays above it, while consecutive updates of a developing story
(the same lead, half of the text added or rewritten) fall below.
Containment (the shared part of the smaller text) was measured too and
is worse: an update that only adds paragraphs contains the first version
whole.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np

SHINGLE_WORDS = 5          # words per shingle
NUM_PERM = 64              # MinHash permutations (the signature's length)
SEED = 1                   # MinHash permutation seed: signatures are comparable across runs
MIN_SHINGLES = 10          # a text with fewer shingles (under 14 words) is never grouped
JACCARD_MIN = 0.5          # the least Jaccard similarity of two copies

_WORD = re.compile(r"\w+")
_EMPTY = np.zeros(0, dtype=np.uint32)
_PRIME = np.uint32(0x01000193)     # FNV's 32-bit prime


@dataclass(frozen=True)
class Sketch:
    """An article's shingle set (sorted unique uint32) and its MinHash signature (uint32 × NUM_PERM)."""

    shingles: np.ndarray
    signature: np.ndarray

    @property
    def groupable(self) -> bool:
        """Whether the text is long enough to be compared at all."""
        return len(self.shingles) >= MIN_SHINGLES


def words(passages: Iterable[str]) -> list[str]:
    """The lower-cased words of the passages, in order."""
    return _WORD.findall("\n".join(passages).lower())


def shingles(passages: Iterable[str]) -> np.ndarray:
    """The sorted, unique 32-bit hashes of every :data:`SHINGLE_WORDS`-word run of the passages
    (each word's CRC-32, combined along the run by a multiply-xor in 32-bit arithmetic)."""
    found = words(passages)
    runs = len(found) - SHINGLE_WORDS + 1
    if runs < 1:
        return _EMPTY
    crc = zlib.crc32
    hashed = np.fromiter((crc(word.encode("utf-8")) for word in found), dtype=np.uint32, count=len(found))
    combined = hashed[:runs].copy()
    for offset in range(1, SHINGLE_WORDS):
        combined = (combined * _PRIME) ^ hashed[offset:offset + runs]
    return np.unique(combined)


_FULL = np.uint32(0xFFFFFFFF)    # the signature value of no shingle
_BLOCK = 4096                    # shingles permuted at once (a block is 4096 × NUM_PERM values)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's ``affine32`` permutations ``h -> a*h + b (mod 2**32)``, ``a`` odd: the draws of
    ``MinHash._init_permutations`` from ``numpy.random.RandomState(SEED)``, in its order."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (a bijection that spreads the bits), as datasketch pre-mixes."""
    h = values ^ (values >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature(shingle_set: np.ndarray) -> np.ndarray:
    """The MinHash signature of a shingle set (uint32 × :data:`NUM_PERM`; all maximal for an empty set):
    for each permutation, the least permuted value of the set."""
    a, b = _permutations()
    found = np.full(NUM_PERM, _FULL, dtype=np.uint32)
    mixed = _fmix32(np.asarray(shingle_set, dtype=np.uint32))
    for start in range(0, len(mixed), _BLOCK):
        block = mixed[start:start + _BLOCK, np.newaxis] * a + b      # wraps modulo 2**32
        np.minimum(found, block.min(axis=0), out=found)
    return found


def sketch(passages: Iterable[str]) -> Sketch:
    """The :class:`Sketch` of an article's passages (their texts)."""
    found = shingles(passages)
    return Sketch(found, signature(found))


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Exact Jaccard similarity and containment (shared part of the smaller) of two shingle sets."""
    if not len(a) or not len(b):
        return 0.0, 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared), shared / min(len(a), len(b))


def is_copy(a: Sketch, b: Sketch) -> bool:
    """Whether two articles are copies of one text: both long enough, and a Jaccard similarity
    of their shingle sets of at least :data:`JACCARD_MIN`."""
    if not (a.groupable and b.groupable):
        return False
    return overlap(a.shingles, b.shingles)[0] >= JACCARD_MIN
