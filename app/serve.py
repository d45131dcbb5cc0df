"""``praxisatlas serve``: the app under gunicorn, a production WSGI server."""

from __future__ import annotations

import gc
import html
from typing import Any

import gunicorn.util
from gunicorn.app.base import BaseApplication

from app import create_app, settings
from app.search import ensure_index
from app.search_service import search_service
from app.security import response_headers

if not callable(getattr(gunicorn.util, "write_error", None)):  # pragma: no cover - a gunicorn without it
    raise ImportError("gunicorn.util.write_error is gone: check app/serve.py's error answers")


def error_answer(status_int: int, reason: str, mesg: str, tls: bool) -> bytes:
    """What gunicorn sends for a request it cannot read (400, 414, 431, …), with our headers.

    gunicorn writes these itself, before any app code runs, and its own answer carried none of the
    security headers (issue 16).
    """
    body = (f"<!doctype html><title>{status_int} {html.escape(reason)}</title>"
            f"<h1>{status_int} {html.escape(reason)}</h1><p>{html.escape(mesg)}</p>\n").encode()
    head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close", "Content-Type: text/html; charset=utf-8",
            f"Content-Length: {len(body)}", "Cache-Control: no-store",
            *(f"{name}: {value}" for name, value in response_headers(tls).items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def _answer_bad_requests_with_headers(tls: bool) -> None:
    def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
        gunicorn.util.write_nonblock(sock, error_answer(status_int, reason, mesg, tls))

    gunicorn.util.write_error = write_error


class PraxisatlasServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        return create_app()


def finish_unfinished_saves(log: Any) -> None:
    """Complete the saves a killed process left in the journal (see app/editor/journal.py)."""
    from app.editor.journal import replay

    try:
        for warning in replay(settings.get_path("CONTENT_DIR"), settings.get_path("INDEX_DIR"),
                              settings.get_path("STATE_DIR")):
            log.warning("%s", warning)
    except Exception as exc:  # noqa: BLE001 - serving goes on; the next save tries again
        log.warning("finishing unfinished saves failed: %s", exc)


def warm_worker(worker: Any) -> None:
    """gunicorn's post_worker_init: finish a save a killed worker left, then read what every
    search needs before the first request, in the search service of the worker's app.

    A worker that starts cold spent about a second of its first requests on facet sets, term lists
    and sort keys, and the queue behind them grew (bench/, first seconds of the load test).
    """
    finish_unfinished_saves(worker.log)
    try:
        engine = search_service(worker.wsgi)
        engine.warm()
        health = engine.health()
        worker.log.info("search caches warm: %d entries; search by meaning %s", health["entries"],
                        "on" if health["semantic"] else f"OFF, words only ({health['error']})")
    except Exception as exc:  # noqa: BLE001 - a worker still serves; the first request tries again
        worker.log.warning("warming the search caches failed: %s", exc)
    tune_garbage_collector()


def refresh_after_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    """gunicorn's post_request, once the answer is sent: take up an index version a save made.

    Opening the next version and carrying its caches over (facet bitmaps, live documents, lengths)
    was most of the first search after each save, ~30 ms at 10k entries. Done here, it falls
    between requests, where an idle worker has the time; a request still checks for a newer
    version itself, so an edit is seen on the next request as before.
    """
    try:
        search_service(worker.wsgi).next_version()
    except Exception as exc:  # noqa: BLE001 - the next request opens the index itself
        worker.log.warning("taking up the new index version failed: %s", exc)


GC_THRESHOLDS = (10_000, 50, 100)


def tune_garbage_collector() -> None:
    """Fewer, cheaper garbage collections in a worker whose caches hold millions of documents.

    A full collection visits every element of every cached posting set: with CPython's default
    thresholds (700, 10, 10), 600 searches with a save every 20 met 37 second-generation passes of
    ~10 ms and 3 full ones of ~85 ms each (in process, bench corpus), each longer than a search. With
    these, the same searches spent 293 ms instead of 1,064 ms in the collector, in 21 young passes. What the
    worker holds after warming up is frozen out of every later collection. Reference cycles are
    still collected, only less often.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def run(host: str, port: int, workers: int) -> None:
    # build a missing index once, before the workers start, instead of once per worker
    ensure_index(settings.get_path("CONTENT_DIR"), settings.get_path("INDEX_DIR"))
    _answer_bad_requests_with_headers(settings.get("TLS") == "1")
    PraxisatlasServer({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "accesslog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
        "limit_request_line": 8190,
        "preload_app": False,
        "post_worker_init": warm_worker,
        "post_request": refresh_after_request,
        # gunicorn's control socket defaults to one path per user ($HOME/.gunicorn/gunicorn.ctl), so
        # every `praxisatlas serve` on a host bound the same one (issue 16); none is opened
        "control_socket_disable": True,
    }).run()
