"""The two systems compared on one corpus: the project's search and a plain BM25 baseline.

The baseline is what an SQLite FTS5 table gives out of the box (bench/baseline.py's table: unicode61
with diacritics removed, bm25 with title 4, summary 2.5, body 1), with the question's words ORed: no
stemming, no stop words removed, no synonyms, no compounds, no spelling help.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.content.corpus import load_corpus
from app.content.model import Practice
from app.search import SearchIndex, SearchRequest, build
from bench import baseline
from bench.relevance import K


class Systems:
    """Both systems built over the same published entries of ``content_dir``, in ``work_dir``."""

    def __init__(self, content_dir: Path, work_dir: Path) -> None:
        self.practices: dict[str, Practice] = {p.slug: p for p in load_corpus(content_dir).published}
        build(content_dir, work_dir / "index")
        self.engine = SearchIndex(content_dir, work_dir / "index")
        self.db: sqlite3.Connection = baseline.build(list(self.practices.values()), work_dir / "bm25.sqlite")

    def project(self, q: str) -> list[str]:
        """The slugs on the first page the project shows for ``q`` (whatever fallback it takes)."""
        result = self.engine.search(SearchRequest(q=q, per_page=K))
        return [hit.record["slug"] for hit in result.hits]

    def baseline(self, q: str) -> list[str]:
        words = list(dict.fromkeys(w.lower() for w in baseline.TOKEN.findall(q)))
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute("SELECT slug FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 0.0, 4.0, 2.5, 1.0) "
                               "LIMIT ?", [match, K]).fetchall()
        return [slug for (slug,) in rows]

    def close(self) -> None:
        self.engine.close()
        self.db.close()
