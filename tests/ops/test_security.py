"""Headers, cookies and limits that protect every page, checked over the app's HTTP interface."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import request, session

from app import create_app
from app.content.corpus import load_practice
from app.search.service import SearchRequest
from app.security import CONTENT_SECURITY_POLICY

EXPECTED_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'")


@pytest.fixture
def entries(write_entry) -> None:  # type: ignore[no-untyped-def]
    for n in range(30):
        write_entry(f"eintrag-{n}", title=f"Ausländerbehörde Termin {n}",
                    body=f"## Ausgangslage\nDie Ausländerbehörde vergibt Termine online. Nummer {n}.\n")


def _tls_app(content_dir: Path, index_dir: Path, tmp_path: Path, tls: bool):  # type: ignore[no-untyped-def]
    app = create_app({"TESTING": True, "CONTENT_DIR": content_dir, "INDEX_DIR": index_dir,
                      "STATE_DIR": tmp_path / "state", "SECRET_KEY": "test-secret", "TLS": tls,
                      "WTF_CSRF_ENABLED": False})

    @app.get("/_test/login")
    def fake_login() -> str:
        session["user"] = "editor"
        return "ok"

    @app.post("/_test/upload")
    def upload() -> str:
        return str(len(request.get_data()))

    return app


@pytest.mark.parametrize("path", ["/", "/?q=beh%C3%B6rde", "/practices/eintrag-1", "/api/v1/search?q=termin",
                                  "/does-not-exist", "/static/style.css"])
def test_every_response_carries_the_security_headers(client, entries, path: str) -> None:
    response = client.get(path)
    headers = response.headers
    response.close()
    assert headers["Content-Security-Policy"] == EXPECTED_CSP == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers


def test_hsts_and_secure_cookies_only_when_served_over_tls(content_dir, index_dir, tmp_path,
                                                          entries) -> None:
    plain = _tls_app(content_dir, index_dir, tmp_path, tls=False).test_client()
    response = plain.get("/_test/login")
    assert "Strict-Transport-Security" not in response.headers
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    secure = _tls_app(content_dir, index_dir, tmp_path, tls=True).test_client()
    response = secure.get("/_test/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_an_oversized_request_body_is_refused_with_413(content_dir, index_dir, tmp_path) -> None:
    client = _tls_app(content_dir, index_dir, tmp_path, tls=False).test_client()
    assert client.post("/_test/upload", data=b"x" * 1000).status_code == 200
    response = client.post("/_test/upload", data=b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413


def test_an_oversized_form_post_to_the_editor_is_refused_with_413(client) -> None:
    response = client.post("/editor/login", data={"name": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413


def test_an_overlong_query_is_a_400_in_the_api_and_no_error_page(client, entries) -> None:
    response = client.get("/api/v1/search", query_string={"q": "a" * 600})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    page = client.get("/", query_string={"q": "a" * 600})
    assert page.status_code == 200  # the page searches the first 500 characters and says so
    assert "<code>q</code>: is 600 characters long; at most 500 are allowed" in page.get_data(as_text=True)


@pytest.mark.parametrize(("q", "total", "missing"), [
    ("*foo", 0, ["foo"]), ("?oo*", 0, ["oo"]), ("a*b*c*d*", 0, ["b"]), ("*a*", 0, []),
    ("*", 30, []), ("**", 30, []), ("?*?*?*", 30, []), ("*" * 200, 30, []), ("?" * 200, 30, []),
    ("\\*", 30, []),  # wildcards alone browse every entry
    ("*ehörde", 30, []),  # a leading wildcard is dropped: the rest of the word still finds
])
def test_wildcard_queries_answer_quickly_with_what_they_find(search, entries, q: str, total: int,
                                                             missing: list[str]) -> None:
    engine = search
    engine.search(SearchRequest(q="termin"))  # open the index first; time only the query
    started = time.perf_counter()
    result = engine.search(SearchRequest(q=q))
    assert time.perf_counter() - started < 0.5  # no pathological expansion (a guard, not a speed figure)
    assert (result.total, result.missing) == (total, missing)
    assert len(result.hits) == min(total, 20)


@pytest.mark.parametrize("q", ["*foo", "?oo*", "*ehörde"])
def test_wildcard_queries_over_the_api_are_answered(client, entries, q: str) -> None:
    started = time.perf_counter()
    response = client.get("/api/v1/search", query_string={"q": q})
    assert response.status_code == 200
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("slug", ["../vocabulary", "..%2Fvocabulary", "%2e%2e%2fetc%2fpasswd", "Eintrag-1",
                                  "eintrag-1.md", "eintrag_1", "-eintrag", "a" * 81, "eintrag-1%00"])
def test_entry_urls_accept_only_slugs(client, entries, slug: str) -> None:
    for prefix in ("/practices/", "/api/v1/practices/"):
        response = client.get(prefix + slug)
        assert response.status_code == 404, (prefix, slug)


def test_load_practice_refuses_paths_outside_the_content_folder(content_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: geheim\n---\n", "utf-8")
    for slug in ("../secret", "/etc/passwd", "secret/../../secret", "ä"):
        practice, problems = load_practice(content_dir, slug)
        assert practice is None and problems


def test_behind_a_proxy_feed_links_use_the_public_https_address(content_dir, index_dir, tmp_path, write_entry):
    from app import create_app

    write_entry("hinter-proxy", title="Hinter dem Proxy")
    app = create_app({"CONTENT_DIR": content_dir, "INDEX_DIR": index_dir, "STATE_DIR": tmp_path / "s",
                      "SECRET_KEY": "x", "PROXIES": 1, "ALLOWED_HOSTS": ["praxisatlas.example.org"]})
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "praxisatlas.example.org"}
    feed = app.test_client().get("/feed.atom", headers=headers).get_data(as_text=True)
    assert "https://praxisatlas.example.org/practices/hinter-proxy" in feed
    direct = create_app({"CONTENT_DIR": content_dir, "INDEX_DIR": index_dir, "STATE_DIR": tmp_path / "s",
                         "SECRET_KEY": "x"}).test_client().get("/feed.atom", headers=headers)
    assert "praxisatlas.example.org" not in direct.get_data(as_text=True)  # forwarded headers not trusted


FORGED = {"Host": "evil.example"}


def test_a_forged_host_reaches_no_link(client, entries) -> None:
    """Issue 16: a forged Host reached the OpenAPI servers URL, feed links, permalinks and exports."""
    for path in ("/api/v1/openapi.json", "/feed.atom", "/export.csv", "/export.json",
                 "/practices/eintrag-1"):
        answer = client.get(path, headers=FORGED)
        assert answer.status_code == 200, path
        assert "evil.example" not in answer.get_data(as_text=True), path
        assert "Host" in answer.headers.get("Vary", ""), path
    servers = client.get("/api/v1/openapi.json", headers=FORGED).json["servers"]
    assert servers == [{"url": "http://localhost"}]


def test_a_configured_base_url_is_used_for_every_absolute_link(content_dir, index_dir, tmp_path, entries) -> None:
    from app import create_app

    app = create_app({"CONTENT_DIR": content_dir, "INDEX_DIR": index_dir, "STATE_DIR": tmp_path / "s",
                      "SECRET_KEY": "x", "BASE_URL": "https://praxisatlas.example.org/"})
    client = app.test_client()
    openapi = client.get("/api/v1/openapi.json", headers=FORGED)
    assert openapi.json["servers"] == [{"url": "https://praxisatlas.example.org"}]
    assert "Host" not in openapi.headers.get("Vary", "")
    for path in ("/feed.atom", "/export.csv", "/export.json", "/practices/eintrag-1"):
        text = client.get(path, headers=FORGED).get_data(as_text=True)
        assert "https://praxisatlas.example.org/practices/eintrag-1" in text, path
        assert "evil.example" not in text and "http://localhost" not in text, path


def test_a_base_url_that_is_not_an_address_stops_the_start(content_dir, index_dir, tmp_path) -> None:
    from app import create_app

    with pytest.raises(SystemExit, match="PRAXISATLAS_BASE_URL"):
        create_app({"CONTENT_DIR": content_dir, "INDEX_DIR": index_dir, "STATE_DIR": tmp_path / "s",
                    "SECRET_KEY": "x", "BASE_URL": "praxisatlas.example.org"})


def _raw(url: str, request: bytes) -> str:
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode("latin-1")


@pytest.mark.slow
def test_the_servers_own_error_answers_carry_the_headers_and_no_control_socket_is_shared(
        content_dir, index_dir, tmp_path, write_entry, serve) -> None:
    """Issue 16: gunicorn's own 400/414 carried no security headers, and every `praxisatlas serve`
    on a host bound the same control socket ($HOME/.gunicorn/gunicorn.ctl)."""
    write_entry("eintrag", title="Ein Eintrag")
    home, runtime = tmp_path / "home", tmp_path / "run"
    home.mkdir()
    runtime.mkdir()
    servers = [serve(content_dir, index_dir, workers=1, HOME=str(home), XDG_RUNTIME_DIR=str(runtime))
               for _ in range(2)]
    for raw, status in ((b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", "414"),
                            (b"NOT A REQUEST LINE\r\n\r\n", "400"),
                            (b"GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", "400")):
        answer = _raw(servers[0].url, raw)
        head = answer.split("\r\n\r\n", 1)[0]
        assert head.split(" ")[1] == status, head
        assert f"Content-Security-Policy: {CONTENT_SECURITY_POLICY}" in head
        assert "X-Content-Type-Options: nosniff" in head and "X-Frame-Options: DENY" in head
    assert [p for p in (*home.rglob("*"), *runtime.rglob("*")) if p.suffix == ".ctl"] == []
    assert all(s.process.poll() is None for s in servers)
