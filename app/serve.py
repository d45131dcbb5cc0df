"""``praxisatlas serve``: the app under gunicorn, a production WSGI server."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from app import create_app, settings
from app.search import ensure_index


class PraxisatlasServer(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # type: ignore[no-untyped-def]
        return create_app()


def run(host: str, port: int, workers: int) -> None:
    # build a missing index once, before the workers start, instead of once per worker
    ensure_index(settings.get_path("CONTENT_DIR"), settings.get_path("INDEX_DIR"))
    PraxisatlasServer({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "accesslog": "-",
        "timeout": 60,
        "graceful_timeout": 10,
        "limit_request_line": 8190,
        "preload_app": False,
    }).run()
