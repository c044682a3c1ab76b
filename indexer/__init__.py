"""Clippings indexer: turn a folder of news articles into a Whoosh index.

The pipeline reads one way: files -> cleaned articles (passages and
metadata) -> index documents.  The web app reuses :mod:`indexer.index.schema`
and :mod:`indexer.index.analysis` to parse queries, and opens the index through
:mod:`indexer.index.store`.
"""

__version__ = "0.1.0"
