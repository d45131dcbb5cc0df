"""The search page and the entry page."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template
from flask_babel import get_locale

from app.content import load_practice
from app.content.model import is_slug
from app.links import public_url
from app.render import render_markdown
from app.search import FACETS
from app.search_service import search_service
from app.web.state import SearchState, read_search, search_url_from_referrer

bp = Blueprint("web", __name__)

FACET_ORDER = ("kind", *(facet for facet in FACETS if facet != "kind"))
"""The kind first (practice or recommendation), then the facets in the schema's order."""


def language() -> str:
    return str(get_locale() or "de")


@bp.get("/")
def search_page() -> Any:
    search, errors, _ = read_search(language())
    state = SearchState.from_request_obj(search)
    result = search_service().search(search)
    if search.page > result.pages:
        # a page past the last (an old bookmark, a shrunken result) goes to the last one, not an empty list
        return redirect(state.with_page(result.pages))
    chips = [(facet, c) for facet in FACET_ORDER for c in result.facets.get(facet, []) if c.selected]
    no_words = bool(search.q.strip()) and not any(ch.isalnum() for ch in search.q)
    landing = not search.q and not chips and search.year_from is None and search.year_to is None \
        and search.page == 1
    return render_template("search.html", result=result, errors=errors, state=state, search=search,
                           chips=chips, facet_order=FACET_ORDER, no_words=no_words, landing=landing)


def entry_or_404(slug: str) -> Any:
    """The published entry read from its file (the source of truth), or a 404."""
    if not is_slug(slug):
        abort(404)
    practice, _ = load_practice(current_app.config["CONTENT_DIR"], slug)
    if practice is None or not practice.published:
        abort(404)
    return practice


@bp.get("/practices/<slug>")
def practice_page(slug: str) -> str:
    practice = entry_or_404(slug)
    search = search_service()
    related = search.records(practice.related)
    based_on, supports = search.records(practice.based_on), search.supported(slug)
    shown = {r["slug"] for r in [*related, *based_on, *supports]}
    more = [r for r in search.more_like_this(slug, limit=5) if r["slug"] not in shown]
    from app.web import citation, day

    today = date.today()
    return render_template("practice.html", practice=practice, body=render_markdown(practice.body),
                           citation=citation.citation_line(practice, today, day),
                           report_link=citation.error_report_link(practice),
                           back_url=search_url_from_referrer(),
                           related=related, more=more,
                           based_on=based_on, supports=supports,
                           permalink=public_url("web.practice_page", slug=slug))
