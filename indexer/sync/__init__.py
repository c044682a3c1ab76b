"""Keeping the index in step with the corpus: update and rebuild, workers, the parallel writer."""
