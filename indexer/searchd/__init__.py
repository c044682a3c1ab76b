"""Clippings on a Sphinx ``searchd`` cluster (SphinxQL over the MySQL protocol), the scale-out engine.

``config`` reads the cluster's description (``CLIPPINGS_SEARCHD``),
``schema`` maps an article to the engine's row (derived from the Whoosh
document of :mod:`indexer.index.schema`), ``client`` connects with bounded
timeouts and escapes query text, ``cluster`` writes the configuration
files and starts and stops a local cluster (``clippings searchd up|down``),
``sink`` is where ``clippings update`` writes when the backend is searchd.
See docs/scale-out.md.
"""
