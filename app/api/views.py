"""The API's endpoints: thin wrappers over the search layer and the content files."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request, url_for
from werkzeug.wrappers import Response

from app.api.errors import API_ROOT
from app.api.errors import error_response as _error
from app.api.openapi import openapi_document
from app.content import load_practice
from app.content.model import is_slug
from app.links import public_root
from app.render import render_markdown
from app.search.request import request_from_params
from app.search_service import search_service

bp = Blueprint("api", __name__, url_prefix=f"{API_ROOT}/v1")


@bp.get("/search")
def search() -> Any:
    params = {key: request.args.getlist(key) for key in request.args}
    search_engine = search_service()
    search_request, errors = request_from_params(params, search_engine)
    if errors:
        return _error(400, "bad_request", "; ".join(str(e) for e in errors),
                      [{"parameter": e.parameter, "message": e.message} for e in errors])
    return jsonify(search_engine.search(search_request).to_json())


@bp.get("/practices/<slug>")
def practice(slug: str) -> Any:
    if not is_slug(slug):
        return _error(404, "not_found", f"No published entry {slug!r}.")
    found, _ = load_practice(current_app.config["CONTENT_DIR"], slug)
    if found is None or not found.published:
        return _error(404, "not_found", f"No published entry {slug!r}.")
    search_engine = search_service()
    found.based_on = [r["slug"] for r in search_engine.records(found.based_on)]  # links to published entries
    return jsonify({
        **found.to_json(),
        "supports": [r["slug"] for r in search_engine.supported(found.slug)],
        "url": url_for("web.practice_page", slug=found.slug),
        "body": found.body,
        "body_html": render_markdown(found.body),
    })


@bp.get("/vocabulary")
def vocabulary() -> Any:
    return jsonify(search_service().vocabulary.to_json())


@bp.get("/suggest")
def suggest() -> Any:
    q = request.args.get("q", "")
    search_engine = search_service()
    limit = search_engine.max_query_length
    if len(q) > limit:
        return _error(400, "bad_request", f"q: is {len(q)} characters long; at most {limit} are allowed",
                      [{"parameter": "q", "message": f"at most {limit} characters"}])
    return jsonify({"query": q, "suggestions": search_engine.complete(q)})


@bp.get("/health")
def health() -> Any:
    """Whether search answers, with how many entries, and whether search by meaning is on."""
    return jsonify({"status": "ok", **search_service().health()})


@bp.get("/openapi.json")
def openapi() -> Response:
    search_engine = search_service()
    return jsonify(openapi_document(search_engine.vocabulary, search_engine.max_query_length, public_root(),
                                    search_engine.facet_values("region")))
