"""First-seen queries: a fresh process that sees each query once, as a new server worker does.

Run by ``python -m bench`` in a child process:

    python -m bench.firstseen CONTENT INDEX FTS5_DB QUERIES_JSON

Praxisatlas warms up as a server worker does at start (``SearchIndex.warm``: caches of the index,
the sentence encoder, the word lists); the FTS5 baseline opens its database. Then every query runs
once in each, interleaved, and the times (seconds) are printed as JSON: nothing is repeated, so no
per-query cache of either side helps.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

from app.search.service import SearchIndex, SearchRequest
from bench import baseline
from bench.queries import BenchQuery


def main(argv: list[str]) -> int:
    content, index, database, queries_file = (Path(a) for a in argv)
    queries = [BenchQuery(q["q"], q["filters"]) for q in json.loads(queries_file.read_text("utf-8"))]
    engine = SearchIndex(content, index)
    engine.warm()
    db = sqlite3.connect(str(database), check_same_thread=False)
    ours, theirs = [], []
    for query in queries:
        t0 = time.perf_counter()
        engine.search(SearchRequest(q=query.q, filters=dict(query.filters), per_page=20))
        t1 = time.perf_counter()
        baseline.search(db, query)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        theirs.append(t2 - t1)
    print(json.dumps({"ours": ours, "theirs": theirs}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
