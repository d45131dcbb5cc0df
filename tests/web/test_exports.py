"""Any search as an Atom feed, as CSV and JSON with every matching entry, and the codebook."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from app.web.exports import COLUMNS

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def test_feed_is_atom_with_updated_dates_newest_first(client):
    response = client.get("/feed.atom?topic=fallmanagement")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    first = entries[0]
    assert first.find(f"{ATOM}id").text == "http://localhost/practices/fallmanagement-kreis-mettmann"
    assert first.find(f"{ATOM}updated").text == "2026-11-20T00:00:00Z"
    assert root.find(f"{ATOM}updated").text >= "2026-11-20T00:00:00Z"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None
    self_link = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == ["http://localhost/feed.atom?topic=fallmanagement"]


def test_csv_export_has_every_matching_entry_not_one_page(client):
    response = client.get("/export.csv?topic=fallmanagement&per_page=1&page=3")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == [name for name, _, _ in COLUMNS]
    assert len(rows) == 1 + 4
    mettmann = dict(zip(rows[0], next(r for r in rows if r[0] == "fallmanagement-kreis-mettmann"), strict=True))
    assert mettmann["levels"] == "Kommune"
    assert mettmann["topics"] == "fallmanagement; steuerung"
    assert mettmann["evidence"] == "evaluated"
    assert mettmann["sources"] == "Quelle <https://example.org/quelle>"


def test_csv_cells_never_start_a_formula(client, write_entry):
    write_entry("formel", title="=HYPERLINK(\"http://evil\")", summary="+1", topics=["monitoring"])
    text = client.get("/export.csv?q=HYPERLINK").get_data(as_text=True)
    assert "'=HYPERLINK" in text and "\n=" not in text and ",=" not in text


def test_json_export_has_every_matching_entry(client):
    data = client.get("/export.json?country=DE").get_json()
    assert data["total"] == len(data["results"]) == 4
    assert all(r["url"].startswith("http://localhost/practices/") for r in data["results"])


def test_codebook_explains_every_exported_column(client):
    html = client.get("/export/codebook").get_data(as_text=True)
    for name, _, _ in COLUMNS:
        assert f"<code>{name}</code>" in html


@pytest.mark.parametrize("path", ["/export.csv", "/export.json", "/feed.atom"])
def test_exports_refuse_bad_parameters_instead_of_exporting_more(client, path):
    response = client.get(f"{path}?topic=fallmanagment")
    assert response.status_code == 400
    assert "topic" in response.get_data(as_text=True)


def test_csv_for_german_spreadsheets_uses_semicolons_a_bom_and_labels_beside_codes(client, corpus):
    response = client.get("/export.csv?topic=fallmanagement&dialect=excel-de")
    assert response.status_code == 200 and "praxisatlas-excel.csv" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    # read as a German spreadsheet does: UTF-8 with BOM, split at „;“
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header.index("topics_label") == header.index("topics") + 1
    assert header.index("outcome_label") == header.index("outcome") + 1
    mettmann = dict(zip(header, next(r for r in rows if r[0] == "fallmanagement-kreis-mettmann"), strict=True))
    assert mettmann["topics"] == "fallmanagement; steuerung"
    assert mettmann["topics_label"].startswith("Fallmanagement") and "; " in mettmann["topics_label"]
    assert mettmann["kind_label"] == "Praxisbeispiel" and mettmann["evidence_label"] == "Evaluiert"
    assert all(len(r) == len(header) for r in rows)
    english = client.get("/export.csv?topic=fallmanagement&dialect=excel-de&lang=en").get_data().decode("utf-8-sig")
    assert ";Practice;" in english


def test_the_standard_csv_keeps_commas_and_an_unknown_dialect_is_refused(client, corpus):
    text = client.get("/export.csv?topic=fallmanagement").get_data(as_text=True)
    assert text.lstrip("\ufeff").startswith("slug,url,title,")
    bad = client.get("/export.csv?dialect=excel-fr")
    assert bad.status_code == 400 and "dialect" in bad.get_data(as_text=True)


def test_the_search_page_links_the_csv_for_excel(client, corpus):
    html = client.get("/?q=Fallmanagement").get_data(as_text=True)
    assert 'href="/export.csv?q=Fallmanagement&amp;dialect=excel-de">CSV für Excel' in html
    assert 'href="/export.csv?dialect=excel-de">CSV für Excel' in client.get("/").get_data(as_text=True)
