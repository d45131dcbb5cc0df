"""The API's one error shape and the handlers that give it.

Errors inside the API's views are handled on the API blueprint. A request under the API's URL
prefix that matches no route (or not its method) has no blueprint yet: routing happens before a
blueprint is known, so Flask hands 404 and 405 for unmatched URLs to the application's handlers, not a
blueprint's (the docstring of ``Blueprint.errorhandler``; pallets/flask#503, #1498). ``answer_unrouted``
answers those before any view runs, for every URL under the API's root (``/api``); the web's pages keep
the application's handlers.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from app.i18n import without_interface_language

API_ROOT = "/api"
"""Every URL under it belongs to the API (v1 now; a later version would sit beside it), unknown ones too."""
CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
         429: "too_many_requests"}
NOT_FOUND = "No such resource."


def error_response(status: int, code: str, message: str, details: list[dict[str, str]] | None = None
                   ) -> tuple[Response, int]:
    """The one error shape: ``{"error": {"code", "message"}}`` (plus ``details`` for bad parameters)."""
    error: dict[str, Any] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return jsonify({"error": error}), status


def http_error(exc: HTTPException) -> tuple[Response, int]:
    """Any HTTP error as the API's JSON, with the status (and for 405 the ``Allow`` header) kept."""
    status = exc.code or 500
    message = NOT_FOUND if status == 404 else (exc.description or exc.name)
    response, status = error_response(status, CODES.get(status, "error"), message)
    allow = exc.get_response().headers.get("Allow") if status == 405 else None
    if allow:
        response.headers["Allow"] = allow
    return response, status


def register(bp: Blueprint) -> None:
    """Errors raised in the blueprint's views answer as JSON. 404 by its code as well: Flask looks for
    a handler by code in the blueprint and then in the application (the web's error page) before it
    looks for one by exception class."""
    bp.register_error_handler(404, http_error)
    bp.register_error_handler(HTTPException, http_error)


def answer_unrouted() -> Response | None:
    """A ``before_request`` hook: a URL under ``API_ROOT`` that matched no route, or not with this
    method, is answered as the API's JSON (with CORS, like every API answer)."""
    exc = request.routing_exception
    if not isinstance(exc, HTTPException) or (exc.code or 0) < 400:
        return None  # routed, or a redirect (a missing trailing slash)
    if request.path != API_ROOT and not request.path.startswith(API_ROOT + "/"):
        return None
    without_interface_language()
    response, status = http_error(exc)
    response.status_code = status
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
