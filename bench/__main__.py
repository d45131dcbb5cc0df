"""``python -m bench``: Praxisatlas against an SQLite FTS5 baseline, side by side, in one run.

    python -m bench                 # 10,000 synthetic entries, 60 s load test
    python -m bench --size 1000 --load-seconds 20
    python -m bench --size 100000 --no-load

Writes bench/results/latest.json and prints a table. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.content.corpus import load_corpus
from app.content.files import atomic_write
from app.search.indexer import build, update_entries
from app.search.service import SearchIndex, SearchRequest
from bench import baseline, load
from bench.corpus import generate, learn, slug_for
from bench.load import percentile
from bench.queries import query_log

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"search_ratio": 0.5, "first_seen_ratio": 0.5, "update_ms": 100.0, "build_s": 30.0,
           "http_p95_ms": 50.0, "http_errors": 0}


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="entries in the synthetic corpus")
    parser.add_argument("--queries", type=int, default=240, help="distinct queries (>= 200)")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the query log")
    parser.add_argument("--load-seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=40.0, help="HTTP requests per second")
    parser.add_argument("--no-load", action="store_true", help="skip the HTTP load test")
    parser.add_argument("--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "praxisatlas-bench")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)

    work = args.work_dir
    content = work / f"corpus-{args.size}"
    index = work / f"index-{args.size}"
    print(f"corpus: {args.size} entries in {content}", flush=True)
    started = time.perf_counter()
    generate(content, args.size)
    generate_s = time.perf_counter() - started
    dist = learn()
    queries = query_log(dist, args.queries)

    # -- builds -------------------------------------------------------------------------------
    shutil.rmtree(index, ignore_errors=True)
    print("building the Whoosh index (cold: every entry vector encoded) …", flush=True)
    started = time.perf_counter()
    report = build(content, index)
    cold_build_s = time.perf_counter() - started
    print(f"  {report.indexed} entries in {cold_build_s:.1f} s", flush=True)
    print("building it again (entry vectors of unchanged entries reused, as every later build) …", flush=True)
    started = time.perf_counter()
    build(content, index)
    build_s = time.perf_counter() - started
    print(f"  {build_s:.1f} s", flush=True)
    started = time.perf_counter()
    corpus = load_corpus(content)
    parse_s = time.perf_counter() - started
    print("building the FTS5 baseline …", flush=True)
    started = time.perf_counter()
    db = baseline.build(corpus.published, work / f"fts5-{args.size}.sqlite")
    baseline_build_s = parse_s + time.perf_counter() - started

    # -- first-seen searches: a fresh process, each query once ----------------------------------
    first_ours, first_theirs = first_seen(content, index, work / f"fts5-{args.size}.sqlite", queries, work)

    # -- searches, interleaved so both see the same machine state ------------------------------
    engine = SearchIndex(content, index)
    requests = [SearchRequest(q=q.q, filters=dict(q.filters), per_page=20) for q in queries]
    for request, query in zip(requests, queries, strict=True):  # warm-up: caches, page cache
        engine.search(request)
        baseline.search(db, query)
    ours: list[float] = []
    theirs: list[float] = []
    totals_differ = 0
    for _ in range(args.rounds):
        for request, query in zip(requests, queries, strict=True):
            t0 = time.perf_counter()
            result = engine.search(request)
            t1 = time.perf_counter()
            other = baseline.search(db, query)
            t2 = time.perf_counter()
            ours.append(t1 - t0)
            theirs.append(t2 - t1)
            totals_differ += result.total != other["total"]
    search_p50 = statistics.median(ours)
    baseline_p50 = statistics.median(theirs)

    # -- one-entry updates (an editor's save) -------------------------------------------------
    update_times = []
    for number in range(1, 21):
        path = content / f"{slug_for(number * 7)}.md"
        text = path.read_text("utf-8").rstrip("\n") + f"\n\nNachtrag {number} aus dem Benchmark.\n"
        t0 = time.perf_counter()
        atomic_write(path, text.encode("utf-8"))
        update_entries(content, index, [path.stem])
        update_times.append(time.perf_counter() - t0)
        engine.search(requests[number])  # a reader refreshes between saves, as in production

    results = {
        "corpus_size": args.size,
        "queries": len(queries),
        "search_p50_ms": _ms(search_p50),
        "search_p95_ms": _ms(percentile(ours, 95)),
        "baseline_search_p50_ms": _ms(baseline_p50),
        "baseline_search_p95_ms": _ms(percentile(theirs, 95)),
        "search_ratio": round(search_p50 / baseline_p50, 2),
        "first_seen_p50_ms": _ms(statistics.median(first_ours)),
        "first_seen_p95_ms": _ms(percentile(first_ours, 95)),
        "baseline_first_seen_p50_ms": _ms(statistics.median(first_theirs)),
        "baseline_first_seen_p95_ms": _ms(percentile(first_theirs, 95)),
        "first_seen_ratio": round(statistics.median(first_ours) / statistics.median(first_theirs), 2),
        "build_s": round(build_s, 2),
        "cold_build_s": round(cold_build_s, 2),
        "parse_s": round(parse_s, 2),
        "baseline_build_s": round(baseline_build_s, 2),
        "update_ms": _ms(statistics.median(update_times)),
        "update_p95_ms": _ms(percentile(update_times, 95)),
        "totals_differ": totals_differ,
        "generate_s": round(generate_s, 1),
        "http_path": None, "http_rate": None, "http_seconds": None,
        "http_p50_ms": None, "http_p95_ms": None, "http_rps": None, "http_errors": None,
        "http_saves": None, "http_save_p50_ms": None,
        "machine": f"{platform.machine()} {platform.python_version()}",
    }
    print(f"search: ours p50 {results['search_p50_ms']} ms, FTS5 p50 {results['baseline_search_p50_ms']} ms",
          flush=True)

    if not args.no_load:
        print(f"load test: {args.load_seconds:.0f} s at {args.rate:.0f} req/s, 2 workers, "
              "one save a second …", flush=True)
        slugs = [slug_for(n) for n in range(1, min(args.size, 500) + 1)]
        outcome = load.run(content, index, work / "state", queries, slugs, args.load_seconds, args.rate)
        results.update({
            "http_path": outcome.path, "http_rate": args.rate, "http_seconds": args.load_seconds,
            "http_p50_ms": round(outcome.p50, 2), "http_p95_ms": round(outcome.p95, 2),
            "http_rps": round(outcome.rps, 1), "http_errors": outcome.errors, "http_dropped": outcome.dropped,
            "http_saves": outcome.saves, "http_warmup_errors": outcome.warmup_errors,
            "http_warmup": f"{load.WARMUP_SECONDS:.0f} s of the query log at the same rate, unmeasured, "
                           "without saves, before the timed run",
            "http_save_p50_ms": round(statistics.median(outcome.save_ms), 1) if outcome.save_ms else None,
        })
        if outcome.error_samples:
            results["http_error_samples"] = outcome.error_samples

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(table(results))
    print(f"written to {args.out}")
    return 0


def first_seen(content: Path, index: Path, database: Path, queries: list, work: Path
               ) -> tuple[list[float], list[float]]:
    """Each query once, in a fresh process (bench/firstseen.py): (ours, FTS5's) times in seconds."""
    log = work / "first-seen-queries.json"
    log.write_text(json.dumps([{"q": q.q, "filters": q.filters} for q in queries]), "utf-8")
    print("first-seen searches in a fresh process …", flush=True)
    done = subprocess.run([sys.executable, "-m", "bench.firstseen", str(content), str(index), str(database),
                           str(log)], check=True, capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    times = json.loads(done.stdout.strip().splitlines()[-1])
    return times["ours"], times["theirs"]


def table(r: dict) -> str:
    def fmt(value: object, unit: str = "") -> str:
        return "—" if value is None else f"{value}{unit}"

    rows = [
        ("corpus", f"{r['corpus_size']} entries, {r['queries']} queries", "", ""),
        ("search p50, repeated queries (query+facets+highlights, 20 hits)", fmt(r["search_p50_ms"], " ms"),
         fmt(r["baseline_search_p50_ms"], " ms"), f"ratio {r['search_ratio']} (target ≤ 0.5)"),
        ("search p95, repeated", fmt(r["search_p95_ms"], " ms"), fmt(r["baseline_search_p95_ms"], " ms"), ""),
        ("search p50, first-seen (fresh process, each query once)", fmt(r["first_seen_p50_ms"], " ms"),
         fmt(r["baseline_first_seen_p50_ms"], " ms"), f"ratio {r['first_seen_ratio']} (target ≤ 0.5)"),
        ("search p95, first-seen", fmt(r["first_seen_p95_ms"], " ms"), fmt(r["baseline_first_seen_p95_ms"], " ms"),
         ""),
        ("full build, entry vectors reused", fmt(r["build_s"], " s"), fmt(r["baseline_build_s"], " s"),
         f"target ≤ 30 s; parsing the files alone {r['parse_s']} s"),
        ("full build, cold (every vector encoded)", fmt(r["cold_build_s"], " s"), "—", ""),
        ("one-entry update p50 / p95", f"{r['update_ms']} / {r['update_p95_ms']} ms", "—", "target ≤ 100 ms"),
        ("HTTP p50 / p95", f"{fmt(r['http_p50_ms'])} / {fmt(r['http_p95_ms'], ' ms')}", "—",
         f"{fmt(r['http_path'])} at {fmt(r['http_rate'])} req/s; target p95 ≤ 50 ms"),
        ("HTTP throughput, errors", f"{fmt(r['http_rps'], ' req/s')}, {fmt(r['http_errors'])} errors", "—",
         f"{fmt(r['http_saves'])} saves during the test (p50 {fmt(r['http_save_p50_ms'], ' ms')})"),
    ]
    head = ("measure", "Praxisatlas", "SQLite FTS5", "note")
    widths = [max(len(str(row[i])) for row in (*rows, head)) for i in range(4)]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
