"""Query parameters (from a URL, the API or the command line) → a checked SearchRequest.

One place decides what a valid search is, so the page, the API and the CLI reject the same things
with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.content.vocabulary import Vocabulary
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
            errors.append(ParamError(name, "is empty; give a value or leave the parameter out"))
            return None
        return values[-1] if values else None

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
    request.page = _int(one("page"), "page", 1, MAX_PAGE, 1, errors)
    request.per_page = _int(one("per_page"), "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE, errors)
    request.year_from = _int(one("year_from"), "year_from", *YEARS, None, errors)
    request.year_to = _int(one("year_to"), "year_to", *YEARS, None, errors)
    vocab = engine.vocabulary
    for facet in FACET_FIELDS:
        values = params.get(facet, [])
        if not values:
            continue
        if "" in values:
            errors.append(ParamError(facet, "is empty; give a value or leave the parameter out"))
            values = [v for v in values if v]
        accepted = []
        for value in values:
            canonical = _known(facet, value, vocab, engine)
            if canonical is None:
                errors.append(ParamError(facet, f"unknown value {value!r}"))
            else:
                accepted.append(canonical)
        if accepted:
            request.filters[facet] = list(dict.fromkeys(accepted))
    return request, errors


def _int(raw: str | None, name: str, low: int, high: int, default: int | None,
         errors: list[ParamError]) -> int | None:
    if raw is None or raw == "":
        return default
    if not ASCII_NUMBER.fullmatch(raw):
        errors.append(ParamError(name, f"must be a whole number from {low} to {high}"))
        return default
    value = int(raw)
    if not low <= value <= high:
        errors.append(ParamError(name, f"must be from {low} to {high}"))
        return default
    return value


def _known(facet: str, value: str, vocab: Vocabulary, engine: SearchIndex) -> str | None:
    if facet == "year":
        return value if YEAR.fullmatch(value) else None
    canonical = vocab.canonical(facet, value)
    if canonical is not None or facet not in OPEN_FACETS:
        return canonical
    indexed = {v.casefold(): v for v in engine.facet_values(facet)}
    return indexed.get(value.casefold())
