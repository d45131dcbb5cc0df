"""The pages a public body must publish, filled from settings, and citing or reporting an entry."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import unquote

import pytest


@pytest.fixture
def configured(content_dir, index_dir, tmp_path):  # type: ignore[no-untyped-def]
    from app import create_app

    app = create_app({"TESTING": True, "CONTENT_DIR": content_dir, "INDEX_DIR": index_dir,
                      "STATE_DIR": tmp_path / "state", "SECRET_KEY": "test-secret",
                      "PUBLISHER": "Landesamt für Integration", "PUBLISHER_ADDRESS": "Musterweg 1; 12345 Musterstadt",
                      "RESPONSIBLE": "Erika Mustermann", "CONTACT_EMAIL": "atlas@example.org",
                      "ACCESSIBILITY_REVIEWED": date(2026, 10, 15)})
    return app.test_client()


def test_impressum_names_publisher_address_responsible_and_contact(configured):
    html = configured.get("/impressum").get_data(as_text=True)
    assert "Landesamt für Integration<br>Musterweg 1<br>12345 Musterstadt" in html
    assert "Erika Mustermann" in html and 'href="mailto:atlas@example.org"' in html
    assert "noch nicht hinterlegt" not in html


def test_impressum_says_what_is_missing_when_the_settings_are_empty(client):
    html = client.get("/impressum").get_data(as_text=True)
    assert "PRAXISATLAS_PUBLISHER_ADDRESS" in html and "PRAXISATLAS_RESPONSIBLE" in html


def test_privacy_page_names_the_lang_cookie_editor_sessions_and_server_logs(client):
    html = client.get("/datenschutz").get_data(as_text=True)
    assert "„lang“" in html and "365 Tage" in html
    assert "Sitzungs-Cookie" in html and "12 Stunden" in html
    assert "IP-Adresse" in html and "Art. 77 DSGVO" in html


def test_method_page_explains_every_evidence_and_outcome_level(client):
    html = client.get("/methode").get_data(as_text=True)
    for label in ("Evaluiert", "Mit Kennzahlen", "Beschrieben", "Positiv", "Gemischt", "Negativ", "Offen"):
        assert re.search(rf"<dt>{label}</dt>\s*<dd>\S", html, re.I), label
    assert "24 Monate" in html


def test_accessibility_statement_in_the_bitv_form(configured):
    html = configured.get("/barrierefreiheit").get_data(as_text=True)
    for heading in ("Stand der Vereinbarkeit", "Erstellung dieser Erklärung", "Nicht barrierefreie Inhalte",
                    "Feedback und Kontakt", "Schlichtungsverfahren"):
        assert heading in html
    assert "teilweise mit der BITV 2.0 vereinbar" in html
    assert "15.10.2026" in html and 'href="mailto:atlas@example.org"' in html
    assert "Mauerstraße 53" in html


def test_a_bad_statement_date_stops_the_start_naming_the_setting(monkeypatch):
    from app import settings

    monkeypatch.setenv("PRAXISATLAS_ACCESSIBILITY_REVIEWED", "15.10.2026")
    with pytest.raises(SystemExit, match="PRAXISATLAS_ACCESSIBILITY_REVIEWED"):
        settings.get_date("ACCESSIBILITY_REVIEWED")


def test_every_page_links_the_legal_pages_in_its_footer(client):
    html = client.get("/").get_data(as_text=True)
    footer = html[html.index('<footer'):]
    for path in ("/impressum", "/datenschutz", "/methode", "/barrierefreiheit"):
        assert f'href="{path}"' in footer


def test_an_entry_offers_an_error_report_with_its_slug_and_a_citation(configured, write_entry):
    write_entry("kim-kreis-beispiel", title="KIM im Kreis Beispiel", reviewed="2026-11-01")
    html = configured.get("/practices/kim-kreis-beispiel").get_data(as_text=True)
    mailto = re.search(r'href="(mailto:atlas@example.org\?subject=[^"]+)">Fehler melden', html)
    assert mailto and "kim-kreis-beispiel" in unquote(mailto.group(1))
    assert re.search(r"Landesamt für Integration: KIM im Kreis Beispiel\. In: Praxisatlas, Stand 01\.11\.2026\. "
                     r"http://localhost/practices/kim-kreis-beispiel \(abgerufen am", html)
    response = configured.get("/practices/kim-kreis-beispiel.csl.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    [item] = json.loads(response.get_data(as_text=True))
    assert item["title"] == "KIM im Kreis Beispiel" and item["type"] == "webpage"
    assert item["URL"] == "http://localhost/practices/kim-kreis-beispiel"
    assert item["publisher"] == "Landesamt für Integration"
    assert item["issued"] == {"date-parts": [[2026, 11, 1]]}
    assert configured.get("/practices/gibt-es-nicht.csl.json").status_code == 404


def test_back_to_the_search_keeps_the_query_and_the_filters(client, write_entry):
    write_entry("kim-kreis-beispiel", title="KIM im Kreis Beispiel")
    html = client.get("/practices/kim-kreis-beispiel",
                      headers={"Referer": "http://localhost/?q=KIM&level=Kommune&page=2&utm_source=x"}
                      ).get_data(as_text=True)
    assert 'href="/?q=KIM&amp;level=Kommune&amp;page=2">Zurück zu den Suchergebnissen' in html
    other = client.get("/practices/kim-kreis-beispiel", headers={"Referer": "https://evil.example/?q=x"})
    assert 'href="/">Zur Suche' in other.get_data(as_text=True)
