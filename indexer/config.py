"""Default locations of the corpus and the index, overridable by environment."""

import os
from pathlib import Path

CORPUS_ENV = "CLIPPINGS_CORPUS"
INDEX_ENV = "CLIPPINGS_INDEX"


def default_corpus_dir() -> Path:
    """The corpus folder: ``$CLIPPINGS_CORPUS`` or ``./corpus``."""
    return Path(os.environ.get(CORPUS_ENV) or "corpus")


def default_index_dir() -> Path:
    """The index folder: ``$CLIPPINGS_INDEX`` or ``./instance/index``."""
    return Path(os.environ.get(INDEX_ENV) or os.path.join("instance", "index"))
