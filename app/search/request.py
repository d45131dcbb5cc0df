"""Query parameters (from a URL, the API or the command line) → a checked SearchRequest: one place
decides what a valid search is, so the page, the API and the CLI reject the same things alike."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.search.schema import FACET_FIELDS
from app.search.service import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, SORTS, SearchIndex, SearchRequest

OPEN_FACETS = ("region",)
"""Facets whose values are the vocabulary's or any the entries carry (free-text regions abroad);
every other facet but the year takes the vocabulary's values only."""
ASCII_NUMBER = re.compile(r"[0-9]{1,9}")
"""Digits 0–9 only, as the OpenAPI document's integers: `page=٣` or `year=２０２１` are refused."""
YEAR = re.compile(r"[0-9]{4}")
YEARS = (1900, 2100)
"""The range ``year_from`` and ``year_to`` may take."""
EMPTY = "is empty; give a value or leave the parameter out"


@dataclass(frozen=True)
class ParamError:
    parameter: str
    message: str

    def __str__(self) -> str:
        return f"{self.parameter}: {self.message}"


def request_from_params(params: Mapping[str, Sequence[str]], engine: SearchIndex,
                        language: str = "de") -> tuple[SearchRequest, list[ParamError]]:
    """Read parameters given as name → list of values; unknown names are ignored."""
    errors: list[ParamError] = []

    def one(name: str) -> str | None:
        values = [v for v in params.get(name, []) if v is not None]
        if values and values[-1] == "" and name != "q":
            # as the OpenAPI document says: a parameter is given with a value or left out
            # (the search page drops its form's empty fields before it gets here)
            errors.append(ParamError(name, EMPTY))
            return None
        return values[-1] if values else None

    def number(name: str, low: int, high: int, default: int | None) -> int | None:
        raw = one(name)
        if raw is None:
            return default
        if not ASCII_NUMBER.fullmatch(raw):
            errors.append(ParamError(name, f"must be a whole number from {low} to {high}"))
        elif not low <= int(raw) <= high:
            errors.append(ParamError(name, f"must be from {low} to {high}"))
        else:
            return int(raw)
        return default

    request = SearchRequest(language=one("lang") or one("language") or language)
    if request.language not in ("de", "en"):
        errors.append(ParamError("lang", "must be de or en"))
        request.language = "de"
    q = one("q") or ""
    limit = engine.max_query_length
    if len(q) > limit:
        errors.append(ParamError("q", f"is {len(q)} characters long; at most {limit} are allowed"))
    request.q = q[:limit]
    request.sort = one("sort") or "relevance"
    if request.sort not in SORTS:
        errors.append(ParamError("sort", f"must be one of {', '.join(SORTS)}"))
        request.sort = "relevance"
    request.page = number("page", 1, MAX_PAGE, 1)
    request.per_page = number("per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE)
    request.year_from = number("year_from", *YEARS, None)
    request.year_to = number("year_to", *YEARS, None)
    for facet in FACET_FIELDS:
        values = params.get(facet, [])
        if "" in values:
            errors.append(ParamError(facet, EMPTY))
        accepted = []
        for value in filter(None, values):
            canonical = _known(facet, value, engine)
            if canonical is None:
                errors.append(ParamError(facet, f"unknown value {value!r}"))
            else:
                accepted.append(canonical)
        if accepted:
            request.filters[facet] = list(dict.fromkeys(accepted))
    return request, errors


def _known(facet: str, value: str, engine: SearchIndex) -> str | None:
    """The value as the vocabulary (or, for OPEN_FACETS, an entry) spells it; None if unknown."""
    if facet == "year":
        return value if YEAR.fullmatch(value) else None
    canonical = engine.vocabulary.canonical(facet, value)
    if canonical is not None or facet not in OPEN_FACETS:
        return canonical
    return {v.casefold(): v for v in engine.facet_values(facet)}.get(value.casefold())
