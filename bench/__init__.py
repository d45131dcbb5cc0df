"""Benchmarks: a synthetic corpus, Praxisatlas against SQLite FTS5, and a bounded load test."""
