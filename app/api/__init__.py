"""The JSON API under /api/v1: search, single entries, vocabulary, suggestions and its OpenAPI document.

Read-only and public: every GET carries an ETag and Cache-Control, answers 304 to a matching
If-None-Match, and may be read from any origin (CORS). Errors are JSON with a 4xx status.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from app.api.views import bp

CACHE_SECONDS = 60


def error_response(status: int, code: str, message: str, details: list[dict[str, str]] | None = None
                   ) -> tuple[Response, int]:
    """The one error shape: ``{"error": {"code", "message"}}`` (plus ``details`` for bad parameters)."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return jsonify({"error": error}), status


CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
         429: "too_many_requests"}


def _http_error(exc: HTTPException) -> Any:
    if not request.path.startswith("/api/"):
        return exc
    status = exc.code or 500
    response, status = error_response(status, CODES.get(status, "error"), exc.description or exc.name)
    if status == 405 and exc.get_response().headers.get("Allow"):
        response.headers["Allow"] = exc.get_response().headers["Allow"]
    return response, status


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


bp.after_request(_finish)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    # errors outside any view (unknown paths under /api, wrong methods) are answered as JSON too
    app.register_error_handler(HTTPException, _http_error)

    @app.after_request
    def _cors_for_unrouted(response: Response) -> Response:
        if request.path.startswith("/api/") and request.blueprint != "api":
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response
