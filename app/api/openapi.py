"""The OpenAPI 3.1 document of /api/v1, with the vocabulary's values as enums so it stays accurate."""

from __future__ import annotations

from typing import Any

from app.content.vocabulary import Vocabulary
from app.search import DEFAULT_PER_PAGE, FACETS, MAX_PAGE, MAX_PER_PAGE, SORTS
from app.search.request import YEARS

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INT = {"type": ["integer", "null"]}
STRINGS = {"type": "array", "items": {"type": "string"}}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _nullable_enum(values: list[str]) -> dict[str, Any]:
    return {"type": ["string", "null"], "enum": [*values, None]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json(_ref("Error"), "A parameter is invalid (bad number, unknown facet value, over-long query)."),
    "304": {"description": "Not modified: the ETag given in If-None-Match still holds."},
}


def _facet_param(name: str, description: str, values: list[str] | None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string"}
    if values:
        item["enum"] = values
    return {"name": name, "in": "query", "required": False, "description": description,
            "style": "form", "explode": True, "schema": {"type": "array", "items": item}}


FACET_HELP = {
    "level": "Level(s): who acts or is addressed. Values are ORed.",
    "topic": "Topic id(s) from the vocabulary.",
    "country": "Country code(s).",
    "region": "Region(s); for Germany one of the 16 Länder.",
    "municipality_type": "Municipality type id(s).",
    "kind": "practice or recommendation.",
    "evidence": "How well the effect is known.",
    "outcome": "What the cited sources report about the effect.",
}
"""What each facet parameter but the year means (the facets themselves: app.search.FACETS)."""


def openapi_document(vocab: Vocabulary, max_query_length: int, server: str = "",
                     regions: list[str] | None = None) -> dict[str, Any]:
    """The document; ``max_query_length`` is the search service's, ``regions`` adds the free-text
    regions the entries carry to the vocabulary's."""
    values = {facet: vocab.ids(facet) for facet in FACETS if facet != "year"}
    values["region"] = list(dict.fromkeys([*values["region"], *sorted(regions or [])]))
    facet_params = [_facet_param(facet, FACET_HELP[facet], ids) for facet, ids in values.items()]
    year_param = {"name": "year", "in": "query", "required": False, "style": "form", "explode": True,
                  "description": "Start year(s) of entries (four digits).",
                  "schema": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{4}$"}}}
    search_params = [
        {"name": "q", "in": "query", "required": False,
         "description": "Words (all must match); \"phrase\", -word, OR and prefix* work. Empty: all entries.",
         "schema": {"type": "string", "maxLength": max_query_length}},
        *facet_params, year_param,
        {"name": "year_from", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}},
        {"name": "year_to", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]}},
        {"name": "sort", "in": "query", "required": False,
         "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"}},
        {"name": "page", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}},
        {"name": "per_page", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE}},
        {"name": "lang", "in": "query", "required": False, "description": "Language of facet labels.",
         "schema": {"type": "string", "enum": ["de", "en"], "default": "de"}},
    ]
    facet_count = {"type": "object", "required": ["value", "label", "count", "selected"],
                   "additionalProperties": False,
                   "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                                  "count": {"type": "integer", "minimum": 0},
                                  "selected": {"type": "boolean"}}}
    result = {
        "type": "object", "additionalProperties": False,
        "required": ["slug", "title", "summary", "kind", "levels", "topics", "country", "region", "year",
                     "evidence", "outcome", "phase", "reviewed", "language", "url", "score", "highlights",
                     "match"],
        "properties": {
            "slug": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"},
            "kind": {"type": "string"}, "levels": STRINGS, "topics": STRINGS, "country": {"type": "string"},
            "region": NULLABLE_STRING, "year": NULLABLE_INT, "evidence": NULLABLE_STRING,
            "outcome": _nullable_enum(vocab.ids("outcome")), "phase": _nullable_enum(vocab.ids("phase")),
            "reviewed": NULLABLE_DATE,
            "language": {"type": "string"}, "url": {"type": "string"}, "score": {"type": "number"},
            "highlights": {"type": "string", "description": "Escaped HTML with the matched words in <mark>."},
            "match": {"oneOf": [{"type": "null"}, _ref("Match")],
                      "description": "Why the entry was found (null when browsing without a query)."},
        },
    }
    match = {
        "type": "object", "required": ["words", "semantic"], "additionalProperties": False,
        "properties": {
            "words": {"type": "array", "description": "One item per word of the query the entry matched.",
                      "items": {"type": "object", "required": ["query", "found", "kind"],
                                "additionalProperties": False,
                                "properties": {
                                    "query": {"type": "string", "description": "The word as typed."},
                                    "found": {"type": "string", "description": "The entry's word that matched it."},
                                    "kind": {"type": "string",
                                             "enum": ["literal", "derived", "compound", "synonym"],
                                             "description": "literal: the word itself; derived: another form "
                                                            "of it (beraten/Beratung); compound: a compound "
                                                            "containing it, or a part of a typed compound; "
                                                            "synonym: from the vocabulary's synonym groups."}}}},
            "semantic": {"type": "boolean",
                         "description": "Among the entries closest in meaning to the query (multilingual "
                                        "sentence encoder). With no words: found by meaning alone."},
        },
    }
    source = {"type": "object", "required": ["title", "url", "year"], "additionalProperties": False,
              "properties": {"title": {"type": "string"}, "url": {"type": "string"}, "year": NULLABLE_INT}}
    practice = {
        "type": "object", "additionalProperties": False,
        "required": ["slug", "title", "summary", "kind", "levels", "topics", "country", "region", "place",
                     "municipality_type", "actors", "year", "language", "evidence", "outcome", "phase",
                     "reviewed", "updated", "sources", "related", "based_on", "supports", "url", "body",
                     "body_html"],
        "properties": {
            "slug": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"},
            "kind": {"type": "string"}, "levels": STRINGS, "topics": STRINGS, "country": {"type": "string"},
            "region": NULLABLE_STRING, "place": NULLABLE_STRING, "municipality_type": NULLABLE_STRING,
            "actors": STRINGS, "year": NULLABLE_INT, "language": {"type": "string"},
            "evidence": NULLABLE_STRING,
            "outcome": _nullable_enum(vocab.ids("outcome")), "phase": _nullable_enum(vocab.ids("phase")),
            "reviewed": {**NULLABLE_DATE, "description": "When the entry was last checked against its sources."},
            "updated": NULLABLE_DATE,
            "sources": {"type": "array", "items": _ref("Source")}, "related": STRINGS,
            "based_on": {**STRINGS, "description": "Recommendations: slugs of the published entries that back it."},
            "supports": {**STRINGS, "description": "Slugs of the published recommendations based on this entry."},
            "url": {"type": "string"}, "body": {"type": "string", "description": "Markdown source."},
            "body_html": {"type": "string", "description": "The body rendered and sanitized."},
        },
    }
    term = {"type": "object", "required": ["id", "label"],
            "properties": {"id": {"type": "string"},
                           "label": {"type": "object", "additionalProperties": {"type": "string"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Praxisatlas API", "version": "1.0.0",
                 "description": "Read-only access to the Praxisatlas: good practices and recommendations "
                                "for local integration management. Every GET carries an ETag and "
                                "Cache-Control and may be read from any origin."},
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/v1/search": {"get": {
                "operationId": "search", "summary": "Search entries, with disjunctive facet counts.",
                "parameters": search_params,
                "responses": {"200": _json(_ref("SearchResult"), "One page of results."), **ERRORS}}},
            "/api/v1/practices/{slug}": {"get": {
                "operationId": "getPractice", "summary": "One published entry.",
                "parameters": [{"name": "slug", "in": "path", "required": True,
                                "schema": {"type": "string", "maxLength": 80}}],
                "responses": {"200": _json(_ref("Practice"), "The entry."),
                              "404": _json(_ref("Error"), "No published entry with this slug."),
                              "304": ERRORS["304"]}}},
            "/api/v1/vocabulary": {"get": {
                "operationId": "getVocabulary", "summary": "Facet ids with German and English labels.",
                "responses": {"200": _json(_ref("Vocabulary"), "The vocabulary."), "304": ERRORS["304"]}}},
            "/api/v1/suggest": {"get": {
                "operationId": "suggest", "summary": "Completions of the last word typed.",
                "parameters": [{"name": "q", "in": "query", "required": False,
                                "schema": {"type": "string", "maxLength": max_query_length}}],
                "responses": {"200": _json(_ref("Suggestions"), "Completions, most frequent first."),
                              **ERRORS}}},
            "/api/v1/health": {"get": {
                "operationId": "health",
                "summary": "Whether search answers, and whether search by meaning is on.",
                "responses": {"200": _json(_ref("Health"),
                                           "Search answers (with words only if `semantic` is false).")}}},
            "/api/v1/openapi.json": {"get": {
                "operationId": "getOpenApi", "summary": "This document.",
                "responses": {"200": {"description": "The OpenAPI document.",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              "304": ERRORS["304"]}}},
        },
        "components": {"schemas": {
            "SearchResult": {
                "type": "object", "additionalProperties": False,
                "required": ["query", "total", "page", "per_page", "results", "facets", "suggestion",
                             "partial", "corrected", "missing"],
                "properties": {
                    "query": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
                    "page": {"type": "integer", "minimum": 1}, "per_page": {"type": "integer", "minimum": 1},
                    "results": {"type": "array", "items": _ref("Result")},
                    "facets": {"type": "object", "additionalProperties": False,
                               "properties": {f: {"type": "array", "items": _ref("FacetCount")}
                                              for f in FACETS}},
                    "suggestion": NULLABLE_STRING,
                    "partial": {"type": "boolean",
                                "description": "No entry matched every word; these match some of them "
                                               "(or are close in meaning)."},
                    "corrected": {"type": "boolean",
                                  "description": "Misspelt words (no entry has them, and they are no words "
                                                 "of German, English, French or Swedish) were read as the "
                                                 "entries' closest words: these are the hits for `suggestion`."},
                    "missing": {**STRINGS, "description": "Real words of the query that no entry mentions; "
                                                          "never replaced by other words."},
                }},
            "Result": result,
            "Match": match,
            "Health": {"type": "object", "required": ["status", "entries", "semantic", "model", "error"],
                       "additionalProperties": False,
                       "properties": {"status": {"type": "string", "enum": ["ok"]},
                                      "entries": {"type": "integer", "minimum": 0},
                                      "semantic": {"type": "boolean",
                                                   "description": "Search by meaning is on (the sentence "
                                                                  "encoder loaded); false: words only."},
                                      "model": NULLABLE_STRING,
                                      "error": {**NULLABLE_STRING,
                                                "description": "Why the encoder could not load."}}},
            "FacetCount": facet_count,
            "Practice": practice,
            "Source": source,
            "Vocabulary": {"type": "object", "required": ["synonyms"],
                           "properties": {**{f: {"type": "array", "items": term}
                                             for f in (*FACETS, "phase") if f != "year"},
                                          "synonyms": {"type": "array", "items": STRINGS}}},
            "Suggestions": {"type": "object", "required": ["query", "suggestions"],
                            "additionalProperties": False,
                            "properties": {"query": {"type": "string"}, "suggestions": STRINGS}},
            "Error": {"type": "object", "required": ["error"], "additionalProperties": False,
                      "properties": {"error": {
                          "type": "object", "required": ["code", "message"],
                          "properties": {
                              "code": {"type": "string"}, "message": {"type": "string"},
                              "details": {"type": "array", "items": {
                                  "type": "object", "required": ["parameter", "message"],
                                  "properties": {"parameter": {"type": "string"},
                                                 "message": {"type": "string"}}}}}}}},
        }},
    }
