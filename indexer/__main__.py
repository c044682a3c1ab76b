"""``python -m indexer`` runs the same command line as ``clippings``."""

from indexer.cli import main

if __name__ == "__main__":
    main()
