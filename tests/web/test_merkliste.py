"""The Merkliste: a list of entries in the URL (no account, no JavaScript), remembered by a cookie,
downloadable as CSV and JSON, and printable as a dossier."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from app.web.exports import COLUMNS

METTMANN, LEIPZIG = "fallmanagement-kreis-mettmann", "abh-digital-leipzig"


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def keep_links(html: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in re.findall(r'class="keep-link[^"]*" href="([^"]+)"', html)]


def test_the_list_shows_the_chosen_entries_in_order_with_their_facts(client):
    html = client.get(f"/merkliste?e={LEIPZIG}&e={METTMANN}").get_data(as_text=True)
    assert html.index("Digitale Termine in der Ausländerbehörde Leipzig") < html.index(
        "Rechtskreisübergreifendes Fallmanagement im Kreis Mettmann")
    assert "2 gemerkte Einträge" in html
    for fact in ("Online-Terminvergabe und E-Akte", "Praxisbeispiel", "Kreis Mettmann", "seit 2021",
                 "Stand", "Evidenz"):
        assert fact in html
    assert f'value="http://localhost/merkliste?e={LEIPZIG}&amp;e={METTMANN}"' in html


def test_merken_on_a_result_card_adds_the_entry_and_entfernen_removes_it(client):
    search = client.get("/?q=Fallmanagement").get_data(as_text=True)
    add = next(link for link in keep_links(search) if link.endswith(METTMANN))
    assert add == f"/merkliste?e={METTMANN}"
    listed = client.get(add)
    assert "Fallmanagement im Kreis Mettmann" in listed.get_data(as_text=True)
    assert f"merkliste={METTMANN};" in listed.headers["Set-Cookie"]
    assert "SameSite=Lax" in listed.headers["Set-Cookie"] and "HttpOnly" in listed.headers["Set-Cookie"]

    # the cookie remembers the list: the next „Merken“ adds to it, the kept entry offers removal
    search = client.get("/?q=Fallmanagement").get_data(as_text=True)
    assert "Von der Merkliste entfernen" in search
    entry = client.get(f"/practices/{LEIPZIG}").get_data(as_text=True)
    assert keep_links(entry) == [f"/merkliste?e={METTMANN}&e={LEIPZIG}"]
    both = client.get(keep_links(entry)[0]).get_data(as_text=True)
    assert "2 gemerkte Einträge" in both
    # „Entfernen“ on each card: Mettmann's leaves Leipzig, Leipzig's leaves Mettmann
    assert keep_links(both) == [f"/merkliste?e={LEIPZIG}", f"/merkliste?e={METTMANN}"]

    emptied = client.get(f"/merkliste?e={METTMANN}")  # then „Entfernen“ on the last one
    last = keep_links(emptied.get_data(as_text=True))
    assert last == ["/merkliste?e="]
    response = client.get(last[0])
    assert "Ihre Merkliste ist leer" in response.get_data(as_text=True)
    assert "merkliste=;" in response.headers["Set-Cookie"]  # forgotten, not restored from the cookie
    assert client.get("/merkliste").status_code == 200  # nothing to redirect to


def test_the_plain_address_leads_to_the_remembered_list(client):
    client.get(f"/merkliste?e={LEIPZIG}")
    response = client.get("/merkliste")
    assert response.status_code == 302 and response.headers["Location"] == f"/merkliste?e={LEIPZIG}"


def test_invalid_unknown_repeated_and_too_many_slugs_are_ignored(client):
    bad = ["../etc/passwd", "<script>", "UPPER", "nicht-vorhanden", METTMANN, METTMANN, "x" * 200]
    response = client.get("/merkliste?" + "&".join(f"e={s}" for s in bad))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 gemerkter Eintrag" in html and "1 Eintrag der Adresse ist nicht (mehr) veröffentlicht" in html
    assert f'value="http://localhost/merkliste?e={METTMANN}"' in html
    many = client.get("/merkliste?" + "&".join(f"e=eintrag-{n}" for n in range(500)) + f"&e={LEIPZIG}")
    assert many.status_code == 200
    assert "höchstens 100 Einträge" in many.get_data(as_text=True)
    assert client.get("/merkliste?e=%ff%fe&e=" + "%00").status_code == 200
    assert client.get("/merkliste/dossier?e=../../x").status_code == 200
    assert client.get("/merkliste.csv?e=nicht-vorhanden").status_code == 200


@pytest.mark.parametrize("dialect, delimiter", [("", ","), ("&dialect=excel-de", ";")])
def test_the_list_as_csv_in_both_dialects_has_the_export_columns(client, dialect, delimiter):
    response = client.get(f"/merkliste.csv?e={LEIPZIG}&e={METTMANN}{dialect}")
    assert response.mimetype == "text/csv"
    assert 'filename="merkliste' in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    assert rows[0] == [name for name, _, _ in COLUMNS]
    assert [row[0] for row in rows[1:]] == [LEIPZIG, METTMANN]
    mettmann = dict(zip(rows[0], rows[2], strict=True))
    assert mettmann["evidence"] == "evaluated" and mettmann["evidence_label"] not in ("", "evaluated")
    assert mettmann["place"] == "Kreis Mettmann"
    assert client.get(f"/merkliste.csv?e={LEIPZIG}&dialect=ods").status_code == 400


def test_the_list_as_json_names_its_share_link_and_every_entry(client):
    data = json.loads(client.get(f"/merkliste.json?e={METTMANN}&e=gibt-es-nicht&e={LEIPZIG}").data)
    assert data["merkliste"] == f"http://localhost/merkliste?e={METTMANN}&e={LEIPZIG}"
    assert data["total"] == 2 and [r["slug"] for r in data["results"]] == [METTMANN, LEIPZIG]
    assert data["results"][0]["url"] == f"http://localhost/practices/{METTMANN}"
    assert data["results"][0]["reviewed"]


def test_the_dossier_has_each_entry_in_full_with_sources_stand_and_printing_date(client):
    from datetime import date

    from app.web import day

    html = client.get(f"/merkliste/dossier?e={METTMANN}&e={LEIPZIG}").get_data(as_text=True)
    assert html.count('class="practice dossier-entry"') == 2
    assert "Die Ausländerbehörde lädt ein." in html and "die Akte ist digital." in html
    assert "<h3>Ausgangslage</h3>" in html and "<h2>Ausgangslage</h2>" not in html  # under the entry title
    assert 'href="https://example.org/quelle"' in html and "Quellen" in html
    assert "Stand" in html and "zuletzt an den Quellen geprüft" in html
    with client.application.test_request_context():
        assert f"gedruckt am {day(date.today())}" in html
    assert f"http://localhost/merkliste?e={METTMANN}&amp;e={LEIPZIG}" in html


def test_the_menu_counts_the_remembered_entries(client):
    assert ">Merkliste</a>" in client.get("/").get_data(as_text=True)
    client.get(f"/merkliste?e={LEIPZIG}&e={METTMANN}")
    assert 'Merkliste <span class="count">(2)</span>' in client.get("/stats").get_data(as_text=True)


def test_the_list_and_the_dossier_in_english(client):
    html = client.get(f"/merkliste?e={METTMANN}&lang=en").get_data(as_text=True)
    assert "1 saved entry" in html and "Print as a dossier or save as PDF" in html and "Remove" in html
    assert "Merkliste leeren" not in html
    dossier = client.get(f"/merkliste/dossier?e={METTMANN}&lang=en").get_data(as_text=True)
    assert "Dossier from the Praxisatlas" in dossier and "printed on" in dossier
    search = client.get("/?q=Fallmanagement&lang=en").get_data(as_text=True)
    assert "Save to list" in search


def test_a_card_with_a_land_but_no_place_ends_on_the_land(client, write_entry):
    write_entry("landesprogramm", title="Landesprogramm", region="Sachsen", place=None, levels=["Land"])
    html = client.get("/merkliste?e=landesprogramm").get_data(as_text=True)
    assert "<dd>Sachsen</dd>" in html
