"""The SQLite file beside an index generation's segments: which file state each indexed entry came
from (what ``index update`` compares, a row per entry), and the entries' words with the number of entries
holding each (spelling suggestions and completion). An editor's save writes its row and its words in one
transaction. A cache like the index: a row lost before it is written only means indexing that file again.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

FILENAME = "manifest.sqlite3"
_LAST = "\U0010ffff"

State = dict[str, Any]


class Manifest:
    """The rows of one index generation (use with ``contextlib.closing``); ``save`` writes changes together."""

    def __init__(self, generation: Path) -> None:
        self.path = Path(generation) / FILENAME
        with self._errors():
            self._db = sqlite3.connect(self.path, isolation_level=None)
            # no WAL: its shared-memory file would make merely opening the manifest write to disk
            self._db.execute("PRAGMA synchronous=NORMAL")  # a lost last row only means indexing again
            self._db.execute("CREATE TABLE IF NOT EXISTS files (slug TEXT PRIMARY KEY, state TEXT NOT NULL)")
            self._db.execute("CREATE TABLE IF NOT EXISTS words (word TEXT PRIMARY KEY, entries INTEGER NOT NULL)")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite's errors as OSError naming the file: a full disk reads like any other write."""
        try:
            yield
        except sqlite3.Error as exc:
            raise OSError(errno.EIO, f"index manifest {self.path}: {exc}") from exc

    def close(self) -> None:
        self._db.close()

    def get(self, slug: str) -> State | None:
        row = self._db.execute("SELECT state FROM files WHERE slug = ?", (slug,)).fetchone()
        return json.loads(row[0]) if row else None

    def __contains__(self, slug: object) -> bool:
        return self._db.execute("SELECT 1 FROM files WHERE slug = ?", (slug,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM files").fetchone()[0])

    def all(self) -> dict[str, State]:
        return {slug: json.loads(text) for slug, text in self._db.execute("SELECT slug, state FROM files")}

    def save(self, changes: Mapping[str, State | None], words: Mapping[str, int]) -> None:
        """Write rows (a state) and remove them (None), and add to the word counts (word → entries
        gained, negative for entries lost), all in one transaction."""
        with self._errors(), self._db:  # the connection commits, or rolls back on an error
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("DELETE FROM files WHERE slug = ?",
                                 [(slug,) for slug, state in changes.items() if state is None])
            self._db.executemany("INSERT OR REPLACE INTO files (slug, state) VALUES (?, ?)",
                                 [(slug, json.dumps(state)) for slug, state in changes.items() if state is not None])
            if words:
                self._db.executemany("INSERT INTO words (word, entries) VALUES (?, ?) ON CONFLICT(word) "
                                     "DO UPDATE SET entries = entries + excluded.entries",
                                     [(word, n) for word, n in words.items() if n])
                self._db.execute("DELETE FROM words WHERE entries <= 0")


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
        close = process.extract(word, [w for w, _ in rows], scorer=Levenshtein.distance, score_cutoff=maxdist,
                                limit=None)
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
