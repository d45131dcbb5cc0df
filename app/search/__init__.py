"""The search layer, the only package that imports Whoosh: callers use ``SearchIndex`` (closed by its
owner: the app's app/search_service.py, a command's ``with``) and the indexer's build and update."""

from __future__ import annotations

from app.search.facets import FacetCount
from app.search.indexer import IndexReport, build, ensure_index, needs_build, update, update_entries
from app.search.schema import FACET_FIELDS
from app.search.service import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    SORTS,
    Hit,
    SearchIndex,
    SearchRequest,
    SearchResult,
)
from app.search.store import IndexBusy

FACETS = tuple(FACET_FIELDS)

__all__ = ["DEFAULT_PER_PAGE", "FACETS", "MAX_PAGE", "MAX_PER_PAGE", "SORTS", "FacetCount", "Hit", "IndexBusy",
           "IndexReport", "SearchIndex", "SearchRequest", "SearchResult", "build", "ensure_index", "needs_build",
           "update", "update_entries"]
