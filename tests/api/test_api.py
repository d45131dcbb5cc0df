"""/api/v1 as another system uses it: the documented JSON, JSON errors, caching and CORS."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def test_search_answers_the_documented_json(client):
    response = client.get("/api/v1/search?q=Ausländerbehörde&level=Kommune")
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) == {"query", "total", "page", "per_page", "results", "facets", "suggestion", "partial",
                         "corrected", "missing"}
    assert data["query"] == "Ausländerbehörde" and data["page"] == 1 and data["per_page"] == 20
    hit = next(r for r in data["results"] if r["slug"] == "fallmanagement-kreis-mettmann")
    assert hit["url"] == "/practices/fallmanagement-kreis-mettmann"
    assert "<mark>" in hit["highlights"]
    level = {f["value"]: f for f in data["facets"]["level"]}
    assert level["Kommune"]["selected"] is True


def test_search_repeated_parameters_are_ored_within_a_facet(client):
    data = client.get("/api/v1/search?country=SE&country=FR").get_json()
    assert {r["country"] for r in data["results"]} == {"SE", "FR"} and data["total"] == 2


def test_search_matches_the_page(client):
    api = client.get("/api/v1/search?q=Fallmanagement&sort=title").get_json()
    html = client.get("/?q=Fallmanagement&sort=title").get_data(as_text=True)
    positions = [html.index(f'href="/practices/{r["slug"]}"') for r in api["results"]]
    assert positions == sorted(positions)


@pytest.mark.parametrize("query, parameter", [
    ("page=0", "page"), ("page=abc", "page"), ("per_page=101", "per_page"), ("level=Mond", "level"),
    ("sort=zufall", "sort"), ("year_from=19", "year_from"), ("q=" + "x" * 501, "q"),
])
def test_bad_parameters_are_json_400(client, query, parameter):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and parameter in error["message"]
    assert error["details"][0]["parameter"] == parameter


def test_practice_returns_the_entry_from_its_file(client):
    data = client.get("/api/v1/practices/fallmanagement-kreis-mettmann").get_json()
    assert data["title"] == "Rechtskreisübergreifendes Fallmanagement im Kreis Mettmann"
    assert data["updated"] == "2026-11-20" and data["evidence"] == "evaluated"
    assert data["sources"] == [{"title": "Quelle", "url": "https://example.org/quelle", "year": None}]
    assert "<h2>Ausgangslage</h2>" in data["body_html"]


@pytest.mark.parametrize("slug", ["entwurf-noch-geheim", "gibt-es-nicht", "UPPER", "a" * 81])
def test_unknown_draft_and_invalid_slugs_are_json_404(client, slug):
    response = client.get(f"/api/v1/practices/{slug}")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_unknown_paths_and_methods_are_json_errors(client):
    assert client.get("/api/v1/nichts").get_json()["error"]["code"] == "not_found"
    other_version = client.get("/api/v2/search")  # a client asking for a version this site lacks
    assert other_version.status_code == 404 and other_version.get_json()["error"]["code"] == "not_found"
    assert client.get("/api").get_json()["error"]["code"] == "not_found"
    response = client.post("/api/v1/search")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_vocabulary_has_both_languages(client):
    data = client.get("/api/v1/vocabulary").get_json()
    topic = next(t for t in data["topic"] if t["id"] == "fallmanagement")
    assert topic["label"] == {"de": "Fallmanagement / Case Management", "en": "Case management"}


def test_suggest_completes_the_last_word(client):
    data = client.get("/api/v1/suggest?q=Leip").get_json()
    assert data["query"] == "Leip" and "leipzig" in data["suggestions"]
    assert client.get("/api/v1/suggest?q=").get_json()["suggestions"] == []
    assert client.get("/api/v1/suggest?q=" + "x" * 501).status_code == 400


def test_etag_and_cache_control_and_304(client):
    response = client.get("/api/v1/search?q=Leipzig")
    etag = response.headers["ETag"]
    assert "max-age" in response.headers["Cache-Control"]
    again = client.get("/api/v1/search?q=Leipzig", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_read_only_cors(client):
    assert client.get("/api/v1/vocabulary").headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/search", headers={"Origin": "https://land.example",
                                                          "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" not in preflight.headers["Access-Control-Allow-Methods"]


def test_openapi_document_is_3_1_and_lists_every_endpoint(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/api/v1/search", "/api/v1/practices/{slug}", "/api/v1/vocabulary",
                                 "/api/v1/suggest", "/api/v1/health", "/api/v1/openapi.json"}


@pytest.mark.parametrize("query, parameter", [
    ("evidence=&kind=", "evidence"), ("kind=", "kind"), ("sort=", "sort"), ("lang=", "lang"),
    ("year_from=", "year_from"), ("per_page=", "per_page"), ("page=", "page"), ("year=", "year"),
    ("year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91", "year"), ("page=%D9%A3", "page"),
    ("year_to=%D9%A3%D9%A3%D9%A3%D9%A3", "year_to"), ("per_page=%201", "per_page"), ("level=%20Kommune", "level"),
])
def test_parameters_are_read_as_the_openapi_document_says(client, corpus, query, parameter):
    """Issue 16: empty values were read as absent and non-ASCII digits (２０２１, ٣) accepted."""
    answer = client.get(f"/api/v1/search?{query}")
    assert answer.status_code == 400
    assert parameter in [d["parameter"] for d in answer.json["error"]["details"]]


def test_an_empty_query_is_documented_as_all_entries(client, corpus):
    assert client.get("/api/v1/search?q=").status_code == 200
