"""Evaluation and benchmark scripts (run from the repository root)."""
