"""The search state as it lives in the URL, and the links that change one part of it.

Every page that shows a search (results, feed, exports) reads the same parameters, so a result list
can be bookmarked, shared, printed and subscribed to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import request

from app.search import DEFAULT_PER_PAGE, FACETS, SearchRequest
from app.search.request import ParamError, request_from_params
from app.search_service import search_service

# parameters that describe a search; anything else in the URL (lang, utm_…) is not carried along
STATE_PARAMS = ("q", *FACETS, "year_from", "year_to", "sort", "page", "per_page")


@dataclass
class SearchState:
    """The parameters of one search as (name, value) pairs, in URL order."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> SearchState:
        """The search parameters among ``pairs`` (others and empty ones left out), in their order."""
        return cls([(k, v) for k, v in pairs if k in STATE_PARAMS and v != ""])

    @classmethod
    def from_request(cls) -> SearchState:
        return cls.from_pairs(request.args.items(multi=True))

    @classmethod
    def from_request_obj(cls, search: SearchRequest) -> SearchState:
        """The canonical state of a checked request (invalid parameters already dropped)."""
        pairs: list[tuple[str, str]] = []
        if search.q:
            pairs.append(("q", search.q))
        for facet, values in search.selected().items():
            pairs.extend((facet, v) for v in values)
        if search.year_from is not None:
            pairs.append(("year_from", str(search.year_from)))
        if search.year_to is not None:
            pairs.append(("year_to", str(search.year_to)))
        if search.sort != "relevance":
            pairs.append(("sort", search.sort))
        if search.per_page != DEFAULT_PER_PAGE:
            pairs.append(("per_page", str(search.per_page)))
        if search.page != 1:
            pairs.append(("page", str(search.page)))
        return cls(pairs)

    def params(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, value in self.pairs:
            out.setdefault(key, []).append(value)
        return out

    def query_string(self, drop: Iterable[str] = ()) -> str:
        dropped = set(drop)
        return urlencode([(k, v) for k, v in self.pairs if k not in dropped])

    def url(self, path: str = "/", drop: Iterable[str] = ()) -> str:
        qs = self.query_string(drop)
        return f"{path}?{qs}" if qs else path

    def has(self, name: str, value: str) -> bool:
        return (name, value) in self.pairs

    def toggle(self, name: str, value: str) -> str:
        """The search with this facet value added, or removed if it is selected; back to page 1."""
        base = [(k, v) for k, v in self.pairs if k != "page"]
        if (name, value) in base:
            pairs = [(k, v) for k, v in base if (k, v) != (name, value)]
        else:
            pairs = [*base, (name, value)]
        return SearchState(pairs).url()

    def without(self, *names: str) -> str:
        return self.url(drop=(*names, "page"))

    def clear_filters(self) -> str:
        """The same words without any facet or year filter."""
        return self.without(*FACETS, "year_from", "year_to")

    def with_page(self, page: int) -> str:
        pairs = [(k, v) for k, v in self.pairs if k != "page"]
        if page > 1:
            pairs.append(("page", str(page)))
        return SearchState(pairs).url()

    def with_query(self, q: str) -> str:
        pairs = [(k, v) for k, v in self.pairs if k not in ("q", "page")]
        return SearchState([("q", q), *pairs]).url()

    def hidden_fields(self) -> list[tuple[str, str]]:
        """What the search form must carry along besides its own inputs (the chosen facets)."""
        own = {"q", "sort", "page", "year_from", "year_to"}
        return [(k, v) for k, v in self.pairs if k not in own]


def read_search(language: str, per_page: int | None = None) -> tuple[SearchRequest, list[ParamError],
                                                                      SearchState]:
    """The checked search of this request, its problems, and its state as given in the URL."""
    state = SearchState.from_request()
    params = state.params()
    if per_page is not None:
        params["per_page"] = [str(per_page)]
    search, errors = request_from_params(params, search_service(), language)
    return search, errors, state


def search_url_from_referrer() -> str:
    """The search the reader came from, for „Zur Suche“: the referring search page's own parameters
    (same host, path ``/``, only search parameters kept), else the plain search page."""
    from urllib.parse import parse_qsl, urlsplit

    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if not referrer or parts.netloc != request.host or parts.path != "/":
        return "/"
    return SearchState.from_pairs(parse_qsl(parts.query)).url("/")
