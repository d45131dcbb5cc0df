"""The app's one search service: its own per app, closed with it, its limits from the app's settings."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from app import create_app
from app.search import DEFAULT_PER_PAGE, FACETS
from app.search_service import search_service
from tests.core.test_cli import run

QUERY = "Ausländerbehörde digital"  # 24 characters
assert len(QUERY) == 24


@pytest.fixture
def entries(write_entry, content_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    write_entry("abh-digital", title="Digitale Ausländerbehörde", summary="Termine online.")
    write_entry("sprachkurse", title="Sprachkurse am Abend", summary="Deutsch nach der Arbeit.")
    return content_dir


def make_app(content_dir: Path, index_dir: Path, tmp_path: Path, **config: object):  # type: ignore[no-untyped-def]
    return create_app({"TESTING": True, "CONTENT_DIR": content_dir, "INDEX_DIR": index_dir,
                       "STATE_DIR": tmp_path / "state", "SECRET_KEY": "test-secret", **config})


def test_a_shorter_query_limit_holds_for_the_page_the_api_suggest_and_the_openapi_document(
        entries, index_dir, tmp_path):
    app = make_app(entries, index_dir, tmp_path, MAX_QUERY_LENGTH=10)
    client = app.test_client()
    page = client.get("/", query_string={"q": QUERY})
    assert "at most 10 are allowed" in page.get_data(as_text=True)
    for path in ("/api/v1/search", "/api/v1/suggest"):
        answer = client.get(path, query_string={"q": QUERY})
        assert answer.status_code == 400, path
        assert "at most 10" in answer.json["error"]["message"], path
        assert answer.json["error"]["details"][0]["parameter"] == "q"
        assert client.get(path, query_string={"q": QUERY[:10]}).status_code == 200, path
    document = client.get("/api/v1/openapi.json").json
    for path in ("/api/v1/search", "/api/v1/suggest"):
        [q] = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == "q"]
        assert q["schema"]["maxLength"] == 10, path
    search_service(app).close()


def test_the_command_takes_the_query_limit_from_its_setting(entries, index_dir):
    refused = run(entries, index_dir, "search", QUERY, env={"PRAXISATLAS_MAX_QUERY_LENGTH": "10"})
    assert refused.returncode == 2 and "--q: is 24 characters long; at most 10 are allowed" in refused.stderr
    assert run(entries, index_dir, "search", QUERY).returncode == 0


def test_two_apps_in_one_process_keep_their_own_limits(entries, index_dir, tmp_path):
    short = make_app(entries, index_dir, tmp_path, MAX_QUERY_LENGTH=10)
    long = make_app(entries, index_dir, tmp_path)
    assert search_service(short) is not search_service(long)
    assert short.test_client().get("/api/v1/search", query_string={"q": QUERY}).status_code == 400
    answer = long.test_client().get("/api/v1/search", query_string={"q": QUERY})
    assert answer.status_code == 200 and answer.json["results"][0]["slug"] == "abh-digital"
    for app in (short, long):
        search_service(app).close()


def test_the_page_size_and_the_facets_are_the_same_in_the_api_and_its_document(client, entries):
    answer = client.get("/api/v1/search").json
    document = client.get("/api/v1/openapi.json").json
    parameters = {p["name"]: p for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert answer["per_page"] == parameters["per_page"]["schema"]["default"] == DEFAULT_PER_PAGE
    assert set(answer["facets"]) == set(FACETS)  # JSON keys come sorted
    assert set(document["components"]["schemas"]["SearchResult"]["properties"]["facets"]["properties"]) \
        == set(FACETS)
    assert set(FACETS) <= set(parameters)


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts open files through /proc")
def test_many_apps_in_one_process_do_not_leak_open_files(entries, index_dir, tmp_path):
    def one_app(close: bool) -> None:
        app = make_app(entries, index_dir, tmp_path)
        client = app.test_client()
        assert client.get("/api/v1/search", query_string={"q": "Sprachkurse"}).json["total"] == 1
        assert client.get("/", query_string={"q": "Behörde"}).status_code == 200
        if close:
            search_service(app).close()

    one_app(close=True)  # the index is built, the encoder and word lists loaded
    gc.collect()
    before = open_files()
    for n in range(12):
        one_app(close=n % 2 == 0)  # every other app is just dropped, as a test that forgets to close it
        gc.collect()
        assert open_files() <= before, f"after app {n + 1}"
