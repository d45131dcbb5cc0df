"""Entries as files: the Practice model, parsing, validation, vocabulary and atomic writes.

This package knows nothing of Flask or the search engine; everything else builds on it.
"""

from __future__ import annotations

from app.content.corpus import Corpus, load_corpus, load_practice
from app.content.model import Practice, Problem, Source
from app.content.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "Corpus",
    "Practice",
    "Problem",
    "Source",
    "Vocabulary",
    "load_corpus",
    "load_practice",
    "load_vocabulary",
]
