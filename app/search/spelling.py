"""The entries' words as written, for spelling suggestions and completion.

Each word (three letters or more, lower-cased, from title, summary and the start of the body) is
kept with the number of entries that contain it, in the index generation's SQLite file next to the
manifest (manifest.Manifest keeps the counts up to date with every save). As a Whoosh field these
words were half of all postings and more than half of a build's time (measured: 44.7 s → 20.2 s
for 10k entries without them).

Suggestions compare a word with the stored words of the same first letter and similar length
(RapidFuzz's Levenshtein distance); the closest wins, the more frequent at equal distance.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from app.search.analysis import WORD_PATTERN

_LAST = "\U0010ffff"


def entry_words(*texts: str) -> set[str]:
    """The distinct words of these texts, lower-cased."""
    return {word.lower() for text in texts for word in WORD_PATTERN.findall(text)}


class SpellingWords:
    """Read access to one index generation's words (a connection per view, opened on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def _rows(self, sql: str, parameters: Iterable[object]) -> list[tuple]:
        try:
            if self._db is None:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5.0,
                                           check_same_thread=False)
            return self._db.execute(sql, tuple(parameters)).fetchall()
        except sqlite3.Error:
            return []  # no words at hand (a generation being replaced): no suggestion, no error

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def closest(self, word: str, maxdist: int) -> str | None:
        """The most frequent of the closest words (same first letter, at most ``maxdist`` edits)."""
        if not word:
            return None
        rows = self._rows("SELECT word, entries FROM words WHERE word >= ? AND word < ? "
                          "AND length(word) BETWEEN ? AND ?",
                          (word[0], word[0] + _LAST, len(word) - maxdist, len(word) + maxdist))
        if not rows:
            return None
        choices = [w for w, _ in rows]
        close = process.extract(word, choices, scorer=Levenshtein.distance, score_cutoff=maxdist, limit=None)
        candidates = [(distance, -rows[index][1], choice) for choice, distance, index in close if choice != word]
        return min(candidates)[2] if candidates else None

    def most_common(self, limit: int) -> list[str]:
        """The words in most entries first."""
        return [w for (w,) in self._rows("SELECT word FROM words ORDER BY entries DESC LIMIT ?", (limit,))]

    def completions(self, typed: str, limit: int) -> list[str]:
        """Words starting with ``typed``, those in most entries first."""
        rows = self._rows("SELECT word FROM words WHERE word >= ? AND word < ? "
                          "ORDER BY entries DESC, word LIMIT ?", (typed, typed + _LAST, limit))
        return [w for (w,) in rows]
