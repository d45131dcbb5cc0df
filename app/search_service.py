"""The app's one search service: made in ``init_app``, reached through ``search_service()``, closed
with the app.

The service (a SearchIndex) keeps the index open and its caches warm between requests, so the app
owns exactly one, over the configured folders and with the configured limits; pages, the API and
the editor all reach it through ``search_service()``.
"""

from __future__ import annotations

from flask import Flask, current_app

from app.search import SearchIndex

EXTENSION = "praxisatlas.search"


def init_app(app: Flask) -> None:
    """Give ``app`` its search service; it closes its files when the app is dropped (a test's app)
    or the process ends (a server worker's), or earlier by ``search_service(app).close()``."""
    service = SearchIndex(app.config["CONTENT_DIR"], app.config["INDEX_DIR"],
                          max_query_length=int(app.config["MAX_QUERY_LENGTH"]))
    app.extensions[EXTENSION] = service


def search_service(app: Flask | None = None) -> SearchIndex:
    """The search service of ``app``, by default the app of the current request or command."""
    service: SearchIndex = (app or current_app).extensions[EXTENSION]
    return service
