"""Where the corpus and the index are, unless told: the same folders for the CLI and the web app.

The defaults do not depend on the working directory: they are the
``corpus/`` folder and the ``instance/index`` folder of the project (the
folder holding the ``indexer`` and ``webapp`` packages; ``instance/`` is
also the web app's Flask instance folder).  ``$CLIPPINGS_CORPUS`` and
``$CLIPPINGS_INDEX`` override them (a relative value is taken from the
working directory); the ``clippings`` options override both.
"""

import os
from pathlib import Path

CORPUS_ENV = "CLIPPINGS_CORPUS"
INDEX_ENV = "CLIPPINGS_INDEX"

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS_DIR = PROJECT_DIR / "corpus"
DEFAULT_INSTANCE_DIR = PROJECT_DIR / "instance"
DEFAULT_INDEX_DIR = DEFAULT_INSTANCE_DIR / "index"


def default_corpus_dir() -> Path:
    """The corpus folder: ``$CLIPPINGS_CORPUS`` or :data:`DEFAULT_CORPUS_DIR`."""
    return Path(os.environ.get(CORPUS_ENV) or DEFAULT_CORPUS_DIR)


def default_index_dir() -> Path:
    """The index folder: ``$CLIPPINGS_INDEX`` or :data:`DEFAULT_INDEX_DIR`."""
    return Path(os.environ.get(INDEX_ENV) or DEFAULT_INDEX_DIR)
