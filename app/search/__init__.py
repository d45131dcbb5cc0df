"""The search layer: the only package that imports Whoosh.

Callers use :class:`SearchIndex` (search, records, neighbours, completion) and the indexer
functions (build, update, update_entries); nothing else of the engine leaks out. A SearchIndex
keeps the index open: its owner closes it (the app: app/search_service.py; a command: ``with``).
"""

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
