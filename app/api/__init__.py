"""The JSON API under /api/v1: search, single entries, vocabulary, suggestions and its OpenAPI document.

Read-only and public: every GET carries an ETag and Cache-Control, answers 304 to a matching
If-None-Match, and may be read from any origin (CORS). Errors are JSON with a 4xx status.
"""

from __future__ import annotations

from flask import Flask, Response, request

from app.api import errors
from app.api.views import bp
from app.i18n import without_interface_language

CACHE_SECONDS = 60


def _finish(response: Response) -> Response:
    """CORS for everyone, and conditional GETs with a strong ETag over the body."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "ETag"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match"
        response.headers["Access-Control-Max-Age"] = "86400"
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
        response.add_etag()
        response.make_conditional(request)
    elif request.method in ("GET", "HEAD"):
        response.headers["Cache-Control"] = "no-store"
    return response


bp.before_request(without_interface_language)
bp.after_request(_finish)
errors.register(bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # unknown paths and wrong methods under /api never reach the blueprint (errors.py)
    app.before_request(errors.answer_unrouted)
