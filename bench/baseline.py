"""The SQLite FTS5 baseline: what a user who reaches for Datasette would get.

Same corpus, same queries, same work per search: bm25 ranking with field weights, a total, one
count query per facet (disjunctive: each facet ignores its own selection, as Datasette's facets
re-run the query per facet), and snippets with ``<mark>`` for 20 hits.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from app.content.model import Practice
from app.content.text import plain_text
from bench.queries import BenchQuery, facet_values

FACETS = ("level", "topic", "country", "region", "municipality_type", "kind", "evidence", "year")
TOKEN = re.compile(r"\w+", re.UNICODE)


def build(practices: list[Practice], path: Path) -> sqlite3.Connection:
    """Write every entry into an FTS5 table plus a facet table, in one transaction."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(str(path), check_same_thread=False)
    db.executescript("""
        PRAGMA journal_mode=WAL;
        CREATE VIRTUAL TABLE fts USING fts5(slug UNINDEXED, title, summary, body,
                                            tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE facets(doc INTEGER, facet TEXT, value TEXT);
    """)
    with db:
        for number, practice in enumerate(practices, start=1):
            db.execute("INSERT INTO fts(rowid, slug, title, summary, body) VALUES (?, ?, ?, ?, ?)",
                       (number, practice.slug, practice.title, practice.summary,
                        plain_text(practice.body)))
            db.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                           [(number, facet, value) for facet, values in facet_values(practice).items()
                            for value in values])
    db.executescript("""
        CREATE INDEX facets_by_value ON facets(facet, value, doc);
        CREATE INDEX facets_by_doc ON facets(doc, facet, value);
        INSERT INTO fts(fts) VALUES ('optimize');
        ANALYZE;
    """)
    return db


def match_expression(q: str) -> str | None:
    """Words ANDed, ``word*`` as a prefix; None for an empty query (browse everything)."""
    terms = []
    for raw in q.split():
        prefix = raw.endswith("*")
        words = TOKEN.findall(raw)
        for word in words:
            terms.append(f'"{word}"' + ("*" if prefix and word == words[-1] else ""))
    return " ".join(terms) or None


def search(db: sqlite3.Connection, query: BenchQuery, limit: int = 20) -> dict:
    match = match_expression(query.q)
    # the matching set once, in a temporary table that every facet count joins (one MATCH, not nine)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS matched(doc INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM temp.matched")
    if match:
        db.execute("INSERT INTO temp.matched SELECT rowid FROM fts WHERE fts MATCH ?", [match])
    else:
        db.execute("INSERT INTO temp.matched SELECT rowid FROM fts")
    base_sql, base_args = "SELECT doc FROM temp.matched", []

    def filters(skip: str | None) -> tuple[str, list[str]]:
        sql, args = [], []
        for facet, values in query.filters.items():
            if facet == skip:
                continue
            marks = ", ".join("?" * len(values))
            sql.append(f" AND doc_id IN (SELECT doc FROM facets WHERE facet = ? AND value IN ({marks}))")
            args.extend([facet, *values])
        return "".join(sql), args

    where, where_args = filters(None)
    ranked = where.replace("doc_id", "+fts.rowid")  # unary +: a filter, not a per-row FTS lookup
    if match:
        hits = db.execute(
            "SELECT slug, title, snippet(fts, 3, '<mark>', '</mark>', '…', 24), "
            "bm25(fts, 0.0, 4.0, 2.5, 1.0) AS score FROM fts WHERE fts MATCH ?"
            f"{ranked} ORDER BY score LIMIT ?", [match, *where_args, limit]).fetchall()
        total = db.execute(f"SELECT count(*) FROM fts WHERE fts MATCH ?{ranked}",
                           [match, *where_args]).fetchone()[0]
    else:
        hits = db.execute(f"SELECT slug, title, substr(summary, 1, 200), 0 FROM fts WHERE 1{ranked} "
                          "ORDER BY title LIMIT ?", [*where_args, limit]).fetchall()
        total = db.execute(f"SELECT count(*) FROM fts WHERE 1{ranked}", where_args).fetchone()[0]
    counts = {}
    for facet in FACETS:
        other, other_args = filters(facet)
        counts[facet] = db.execute(
            f"SELECT value, count(*) FROM facets WHERE facet = ? AND doc IN ({base_sql})"
            f"{other.replace('doc_id', 'doc')} GROUP BY value ORDER BY count(*) DESC",
            [facet, *base_args, *other_args]).fetchall()
    return {"total": total, "hits": hits, "facets": counts}
