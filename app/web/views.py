"""A minimal search page until the full front end lands (issue 4)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from app.search import SearchIndex
from app.search.request import request_from_params

bp = Blueprint("web", __name__)


def engine() -> SearchIndex:
    return SearchIndex(current_app.config["CONTENT_DIR"], current_app.config["INDEX_DIR"])


@bp.get("/")
def search_page() -> str:
    search = engine()
    params = {key: request.args.getlist(key) for key in request.args}
    search_request, errors = request_from_params(params, search)
    result = search.search(search_request)
    return render_template("search.html", result=result, errors=errors)
