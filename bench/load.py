"""A bounded load test: ``praxisatlas serve`` on 127.0.0.1, a fixed request rate, an editor saving.

Open loop: request *i* is due at ``start + i / rate`` whatever happened to earlier ones, and its
latency counts from that due time, so a stalled server shows up as latency instead of being hidden
by a client that waits. Traffic goes to 127.0.0.1 only and stops after ``seconds``.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.queries import BenchQuery

HOST = "127.0.0.1"
LATE_LIMIT = 5.0
PRAXISATLAS = Path(sys.executable).parent / "praxisatlas"


@dataclass
class LoadResult:
    path: str
    rate: float
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    saves: int = 0
    save_ms: list[float] = field(default_factory=list)
    wall_s: float = 0.0
    dropped: int = 0
    """Requests not sent because they were already LATE_LIMIT seconds overdue (counted as errors)."""
    warmup_errors: int = 0
    """Errors during the unmeasured warm-up (WARMUP_SECONDS) before the run."""
    timeline: list[tuple[float, float]] = field(default_factory=list)
    """(seconds since the start, latency in ms) of each answered request."""

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s else 0.0


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, content_dir: Path, index_dir: Path, state_dir: Path, workers: int = 2) -> None:
        self.port = free_port()
        env = {**os.environ, "PRAXISATLAS_CONTENT_DIR": str(content_dir),
               "PRAXISATLAS_INDEX_DIR": str(index_dir), "PRAXISATLAS_STATE_DIR": str(state_dir)}
        self.process = subprocess.Popen(
            [str(PRAXISATLAS), "serve", "--host", HOST, "--port", str(self.port), "--workers", str(workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("praxisatlas serve exited during start-up")
            try:
                get(self.port, "/", timeout=5)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("praxisatlas serve did not answer within 120 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def search_path(port: int) -> str:
    """``/api/v1/search`` when the API answers JSON there, else the search page ``/``."""
    try:
        status, body = get(port, "/api/v1/search?q=integration")
        if status == 200 and "results" in json.loads(body):
            return "/api/v1/search"
    except (OSError, ValueError):
        pass
    return "/"


def _editor(content_dir: str, index_dir: str, slugs: list[str], seconds: float,
            out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Save one entry a second the way the editor does: atomic write, then update_entries."""
    from app.content.files import atomic_write
    from app.search.indexer import update_entries

    rng = random.Random(7)
    times = []
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        slug = rng.choice(slugs)
        path = Path(content_dir) / f"{slug}.md"
        number += 1
        text = path.read_text("utf-8").rstrip("\n") + f"\n\nÜberarbeitung {number} im Lasttest.\n"
        atomic_write(path, text.encode("utf-8"))
        update_entries(Path(content_dir), Path(index_dir), [slug])
        times.append((time.monotonic() - started) * 1000)
        time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
    out.put(times)


WARMUP_SECONDS = 15.0
"""Unmeasured load before the timed run: each worker meets the query log (a sequential warm-up
reached mostly one of them, and the other started cold)."""


def run(content_dir: Path, index_dir: Path, state_dir: Path, queries: list[BenchQuery],
        slugs: list[str], seconds: float = 60.0, rate: float = 40.0, workers: int = 2) -> LoadResult:
    server = Server(content_dir, index_dir, state_dir, workers)
    try:
        path = search_path(server.port)
        urls = [f"{path}?{urllib.parse.urlencode(q.params())}" for q in queries]
        warmup = LoadResult(path, rate, WARMUP_SECONDS)
        drive(server.port, urls, warmup)
        result = LoadResult(path, rate, seconds, warmup_errors=warmup.errors)
        saves: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
        editor = multiprocessing.Process(
            target=_editor, args=(str(content_dir), str(index_dir), slugs, seconds, saves))
        editor.start()
        drive(server.port, urls, result)
        editor.join(timeout=30)
        if editor.is_alive():
            editor.kill()
        else:
            result.save_ms = saves.get(timeout=5)
            result.saves = len(result.save_ms)
        return result
    finally:
        server.stop()


def drive(port: int, urls: list[str], result: LoadResult) -> None:
    """Send ``result.rate`` requests a second for ``result.seconds``, open loop; record into ``result``."""
    lock = threading.Lock()
    rate = result.rate
    total = int(result.seconds * rate)
    start = time.monotonic() + 0.2

    def one(i: int) -> None:
        due = start + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif -delay > LATE_LIMIT:  # the server fell this far behind: count it, don't queue more
            with lock:
                result.errors += 1
                result.dropped += 1
            return
        try:
            status, _ = get(port, urls[i % len(urls)], timeout=LATE_LIMIT)
            ok = status == 200
            problem = f"HTTP {status}"
        except OSError as exc:
            ok, problem = False, repr(exc)
        elapsed = (time.monotonic() - due) * 1000
        with lock:
            if ok:
                result.latencies_ms.append(elapsed)
                result.timeline.append((due - start, elapsed))
            else:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(problem)

    with ThreadPoolExecutor(max_workers=48) as pool:
        for i in range(total):
            delay = start + i / rate - time.monotonic() - 0.05
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, i)
    result.wall_s = time.monotonic() - start
