"""``python -m bench.relevance``: the relevance set through the project's search and plain BM25.

    python -m bench.relevance            # per question and overall; writes bench/results/relevance.json
    python -m bench.relevance --pool     # pooled top-10 entries that still need a judgment
    python -m bench.relevance --worst 5  # the project's worst questions, with what it missed
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.relevance import FLOOR, JUDGMENTS, QUESTIONS
from bench.relevance.judged import SetError, load_set
from bench.relevance.run import evaluate, pool, shortfalls, summary, table, to_json, worst, write_json
from bench.relevance.systems import Systems

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "practices", help="content folder to index")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "relevance.json")
    parser.add_argument("--pool", action="store_true", help="print pooled entries without a judgment")
    parser.add_argument("--worst", type=int, metavar="N", help="print the project's N worst questions")
    args = parser.parse_args(argv)
    try:
        questions = load_set(args.questions, args.judgments)
    except SetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="praxisatlas-relevance-") as work:
        systems = Systems(args.content, Path(work))
        try:
            scored = evaluate(questions, systems)
        finally:
            systems.close()
    if args.pool:
        pool(scored, systems.practices)
        return 0
    if args.worst:
        worst(scored, systems.practices, args.worst)
        return 0
    totals = summary(scored)
    table(scored, totals)
    write_json(args.out, to_json(scored, totals))
    print(f"wrote {args.out}")
    floor = json.loads(FLOOR.read_text(encoding="utf-8")) if FLOOR.exists() else {}
    for line in shortfalls(totals["overall"], floor):
        print(f"BELOW FLOOR: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
