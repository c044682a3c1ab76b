"""The corpus folder: finding article files, decoding them, and its control files."""
