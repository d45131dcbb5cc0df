"""Every page and endpoint from ``praxisatlas serve`` over the shipped corpus, as a reviewer requests them."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.slow


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read().decode("utf-8")


@pytest.mark.parametrize("path", ["/", "/?q=Beh%C3%B6rde", "/stats", "/compare?topic=fallmanagement",
                                  "/export/codebook", "/barrierefreiheit", "/feed.atom", "/export.csv",
                                  "/export.json", "/api/v1/search", "/api/v1/vocabulary",
                                  "/api/v1/suggest?q=beh", "/api/v1/openapi.json"])
def test_every_page_answers_200_without_third_party_resources(shipped_server, path):
    status, _, body = fetch(shipped_server.url + path)
    assert status == 200
    if path.startswith(("/api", "/export.")) or path.endswith(".atom"):
        return
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', body)


def test_search_has_highlights_and_disjunctive_facets(shipped_server):
    _, _, html = fetch(shipped_server.url + "/?q=Beh%C3%B6rde")
    assert "<mark>" in html
    _, _, body = fetch(shipped_server.url + "/api/v1/search?q=Beh%C3%B6rde&level=Kommune")
    data = json.loads(body)
    levels = {f["value"]: f for f in data["facets"]["level"]}
    assert levels["Kommune"]["selected"] and levels["Land"]["count"] > 0
    assert all("<mark>" in r["highlights"] or r["highlights"] for r in data["results"])
    slug = data["results"][0]["slug"]
    status, _, entry = fetch(shipped_server.url + f"/practices/{slug}")
    assert status == 200 and "<h1>" in entry
    status, _, body = fetch(shipped_server.url + f"/api/v1/practices/{slug}")
    assert status == 200 and json.loads(body)["slug"] == slug


def test_errors_svg_feed_csv_and_english(shipped_server):
    status, headers, body = fetch(shipped_server.url + "/api/v1/search?page=-1")
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert set(json.loads(body)["error"]) >= {"code", "message"}
    assert json.loads(fetch(shipped_server.url + "/api/v1/openapi.json")[2])["openapi"] == "3.1.0"
    assert "<svg" in fetch(shipped_server.url + "/stats")[2]
    feed = ET.fromstring(fetch(shipped_server.url + "/feed.atom?topic=digitalisierung")[2].encode())
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    header = next(csv.reader(io.StringIO(fetch(shipped_server.url + "/export.csv")[2].lstrip("\ufeff"))))
    assert header[:3] == ["slug", "url", "title"]
    _, _, english = fetch(shipped_server.url + "/", **{"Accept-Language": "en"})
    assert '<html lang="en">' in english and "Search terms" in english
