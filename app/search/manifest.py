"""Which file state each indexed entry came from: one SQLite table beside the index segments.

``index update`` compares every file with its row to find what changed; an editor's save reads and
writes just its own row. The same file counts the entries' words (spelling.py), updated in the
same transaction. (A JSON file had to be read and written whole on every save: about 30 ms
at 10k entries, a third of a save.) Like the index, the manifest is a cache: if a writer dies
between the index commit and the manifest, the entry's file still looks changed, and the next
update indexes it again.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

FILENAME = "manifest.sqlite3"

State = dict[str, Any]


class Manifest:
    """The rows of one index generation; changes are written together by ``save``."""

    def __init__(self, generation: Path) -> None:
        self.path = Path(generation) / FILENAME
        with self._errors():
            self._db = sqlite3.connect(self.path, isolation_level=None)
            # no WAL: its shared-memory file would make merely opening the manifest write to disk
            self._db.execute("PRAGMA synchronous=NORMAL")  # a lost last row only means indexing again
            self._db.execute("CREATE TABLE IF NOT EXISTS files (slug TEXT PRIMARY KEY, state TEXT NOT NULL)")
            # the entries' words and in how many entries each occurs (read by spelling.SpellingWords)
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

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def get(self, slug: str) -> State | None:
        row = self._db.execute("SELECT state FROM files WHERE slug = ?", (slug,)).fetchone()
        return _state(row[0]) if row else None

    def __contains__(self, slug: object) -> bool:
        return self._db.execute("SELECT 1 FROM files WHERE slug = ?", (slug,)).fetchone() is not None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM files").fetchone()[0])

    def all(self) -> dict[str, State]:
        return {slug: _state(text) for slug, text in self._db.execute("SELECT slug, state FROM files")}

    def save(self, changes: Mapping[str, State | None], words: Mapping[str, int] | None = None) -> None:
        """Write rows (a state) and remove them (None), and add to the word counts (``words``:
        word → entries gained, negative for entries lost), all in one transaction."""
        with self._errors(), closing(self._db.cursor()) as cursor:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                cursor.executemany("DELETE FROM files WHERE slug = ?",
                                   [(slug,) for slug, state in changes.items() if state is None])
                cursor.executemany("INSERT OR REPLACE INTO files (slug, state) VALUES (?, ?)",
                                   [(slug, json.dumps(state)) for slug, state in changes.items()
                                    if state is not None])
                if words:
                    cursor.executemany("INSERT INTO words (word, entries) VALUES (?, ?) ON CONFLICT(word) "
                                       "DO UPDATE SET entries = entries + excluded.entries",
                                       [(word, n) for word, n in words.items() if n])
                    cursor.execute("DELETE FROM words WHERE entries <= 0")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
            cursor.execute("COMMIT")


def _state(text: str) -> State:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
