"""From a file's bytes to a cleaned article: decoding, cleaning, dates, outlets, speakers.

The entry points live in :mod:`indexer.extract.pipeline`; each step is a
module (or package) of its own and a function over plain data.
"""

from indexer.extract.pipeline import (Context, ExtractionError, extract_bytes, extract_text,
                                      load_context, rules_fingerprint)

__all__ = ["Context", "ExtractionError", "extract_bytes", "extract_text", "load_context",
           "rules_fingerprint"]
