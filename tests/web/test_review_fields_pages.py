"""Outcome, phase, „Stand“ and „Gestützt auf“ as readers meet them: pages, facets, sorting, API, exports."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest

from tests.conftest import WriteEntry

ENTRIES: dict[str, dict[str, Any]] = {
    "kim-kreis-alt": dict(
        title="Integrationsmanagement im Kreis Alt", summary="Ein Fallmanagement, das gewirkt hat.",
        year=2024, outcome="positive", phase="running", reviewed="2025-03-01", topics=["monitoring"],
        region="Nordrhein-Westfalen"),
    "termine-stadt-neu": dict(
        title="Online-Termine in der Stadt Neu", summary="Die Wartezeit sank nicht.",
        year=2019, outcome="negative", phase="ended", reviewed="2026-11-20"),
    "lotsen-lange-her": dict(
        title="Integrationslotsen lange nicht geprüft", summary="Zuletzt 2024 geprüft.", year=2026,
        outcome="open", phase="unknown", reviewed="2024-05-01"),
    "empfehlung-kim-verstetigen": dict(
        title="Empfehlung: Integrationsmanagement verstetigen", summary="Dauerhaft finanzieren.",
        kind="recommendation", levels=["Land"], year=2025, outcome="open", phase="planned",
        reviewed="2026-06-15", based_on=["kim-kreis-alt", "gibt-es-nicht"]),
    "intercultural-cities": dict(
        title="Intercultural Cities", summary="A network of cities.", country="EU", language="en",
        region="Europe (Council of Europe, beyond the EU)", outcome="mixed", phase="running",
        reviewed="2026-01-10"),
}


@pytest.fixture(autouse=True)
def _corpus(write_entry: WriteEntry) -> None:
    for slug, fields in ENTRIES.items():
        write_entry(slug, **fields)


def html(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return str(response.get_data(as_text=True))


def test_the_entry_page_shows_outcome_phase_and_stand_in_both_languages(client):
    german = html(client, "/practices/termine-stadt-neu?lang=de")
    facts = german.split('id="facts-heading"')[1].split("</dl>")[0]
    assert '<dt>Ergebnis</dt><dd><a href="/?outcome=negative">Negativ</a></dd>' in facts
    assert "<dt>Phase</dt><dd>Beendet</dd>" in facts
    assert '<dt>Stand</dt><dd><time datetime="2026-11-20">20.11.2026</time>' in facts
    assert "Ergebnis: Negativ" in german  # the badge under the title
    english = html(client, "/practices/termine-stadt-neu?lang=en")
    facts = english.split('id="facts-heading"')[1].split("</dl>")[0]
    assert '<dt>Outcome</dt><dd><a href="/?outcome=negative">Negative</a></dd>' in facts
    assert "<dt>Phase</dt><dd>Ended</dd>" in facts
    assert '<dt>Reviewed</dt><dd><time datetime="2026-11-20">Nov 20, 2026</time>' in facts
    assert '<a href="/?kind=practice">Practice</a>' in english and "Good practice" not in english


def test_result_cards_carry_outcome_phase_and_stand(client):
    page = html(client, "/?q=Wartezeit")
    card = page.split('class="hit card"')[1].split("</li>")[0]
    assert re.search(r"<dt>Ergebnis</dt><dd><span[^>]*>Negativ</span>", card)
    assert '<dt>Stand</dt><dd><time datetime="2026-11-20">20.11.2026</time> (Beendet)</dd>' in card
    english = html(client, "/?q=Wartezeit&lang=en").split('class="hit card"')[1].split("</li>")[0]
    assert re.search(r"<dt>Outcome</dt><dd><span[^>]*>Negative</span>", english)
    assert '<dt>Reviewed</dt><dd><time datetime="2026-11-20">Nov 20, 2026</time> (Ended)</dd>' in english


def test_the_outcome_facet_counts_filters_and_refuses_unknown_values(client):
    data = client.get("/api/v1/search").get_json()
    assert [(c["value"], c["label"], c["count"]) for c in data["facets"]["outcome"]] == [
        ("positive", "Positiv", 1), ("mixed", "Gemischt", 1), ("negative", "Negativ", 1), ("open", "Offen", 2)]
    page = html(client, "/?outcome=negative&outcome=positive")
    assert '<legend>Ergebnis</legend>' in page
    assert "Online-Termine in der Stadt Neu" in page and "Integrationsmanagement im Kreis Alt" in page
    assert "Intercultural Cities" not in page
    english = client.get("/api/v1/search?outcome=open&lang=en").get_json()
    assert [r["slug"] for r in english["results"]] == ["empfehlung-kim-verstetigen", "lotsen-lange-her"]
    assert english["facets"]["outcome"][3] == {"value": "open", "label": "Open", "count": 2, "selected": True}
    wrong = client.get("/api/v1/search?outcome=gut")
    assert wrong.status_code == 400 and wrong.get_json()["error"]["details"] == [
        {"parameter": "outcome", "message": "unknown value 'gut'"}]


def test_the_empty_query_lists_the_most_recently_reviewed_first(client):
    order = [r["slug"] for r in client.get("/api/v1/search").get_json()["results"]]
    assert order == ["termine-stadt-neu", "empfehlung-kim-verstetigen", "intercultural-cities",
                     "kim-kreis-alt", "lotsen-lange-her"]
    by_year = [r["slug"] for r in client.get("/api/v1/search?sort=year").get_json()["results"]]
    assert by_year[0] == "lotsen-lange-her" and by_year[-1] == "intercultural-cities"  # no year: last
    results = client.get("/api/v1/search?q=Integrationsmanagement&sort=reviewed").get_json()["results"]
    by_words = [r["slug"] for r in results if r["match"]["words"]]  # (entries close in meaning may join)
    assert by_words == ["empfehlung-kim-verstetigen", "kim-kreis-alt"]
    page = html(client, "/?q=Integrationsmanagement&sort=reviewed")
    assert '<option value="reviewed" selected>Stand, zuletzt geprüfte zuerst</option>' in page
    # without a query the first choice already is „Zuletzt geprüft“: no second option says the same
    assert 'value="reviewed"' not in html(client, "/?sort=reviewed")


def test_based_on_shows_both_ways_and_drops_a_missing_basis(client):
    recommendation = html(client, "/practices/empfehlung-kim-verstetigen")
    basis = recommendation.split('id="based-on-heading">Gestützt auf</h2>')[1].split("</section>")[0]
    assert '/practices/kim-kreis-alt"' in basis and "gibt-es-nicht" not in recommendation
    practice = html(client, "/practices/kim-kreis-alt")
    supports = practice.split('id="supports-heading">Stützt die Empfehlungen</h2>')[1].split("</section>")[0]
    assert '/practices/empfehlung-kim-verstetigen"' in supports
    assert "Stützt die Empfehlungen" not in html(client, "/practices/termine-stadt-neu")
    english = html(client, "/practices/kim-kreis-alt?lang=en")
    assert ">Supports the recommendations</h2>" in english


def test_the_api_carries_the_new_fields(client):
    entry = client.get("/api/v1/practices/empfehlung-kim-verstetigen").get_json()
    assert (entry["outcome"], entry["phase"], entry["reviewed"]) == ("open", "planned", "2026-06-15")
    assert entry["based_on"] == ["kim-kreis-alt"] and entry["supports"] == []
    assert client.get("/api/v1/practices/kim-kreis-alt").get_json()["supports"] == ["empfehlung-kim-verstetigen"]
    hit = client.get("/api/v1/search?q=Wartezeit").get_json()["results"][0]
    assert (hit["outcome"], hit["phase"], hit["reviewed"]) == ("negative", "ended", "2026-11-20")
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert {"outcome", "phase", "reviewed"} <= set(schemas["Result"]["required"])
    assert {"outcome", "phase", "reviewed", "based_on", "supports"} <= set(schemas["Practice"]["properties"])
    params = {p["name"]: p for p in document["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert params["outcome"]["schema"]["items"]["enum"] == ["positive", "mixed", "negative", "open"]
    assert "reviewed" in params["sort"]["schema"]["enum"]


def test_exports_and_codebook_carry_the_new_fields(client):
    text = client.get("/export.csv?kind=recommendation").get_data(as_text=True).lstrip("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["outcome"], row["phase"], row["reviewed"], row["based_on"]) == (
        "open", "planned", "2026-06-15", "kim-kreis-alt")
    exported = client.get("/export.json?outcome=negative").get_json()["results"]
    assert [(r["slug"], r["outcome"], r["phase"], r["reviewed"]) for r in exported] == [
        ("termine-stadt-neu", "negative", "ended", "2026-11-20")]
    codebook = html(client, "/export/codebook")
    for column in ("outcome", "phase", "reviewed", "based_on"):
        assert f"<code>{column}</code>" in codebook


def test_topic_labels_with_commas_stay_whole_in_facets_and_the_vocabulary(client):
    facet = client.get("/api/v1/search?topic=monitoring").get_json()["facets"]["topic"]
    assert {"value": "monitoring", "label": "Daten, Monitoring und Evaluation", "count": 1,
            "selected": True} in facet
    english = client.get("/api/v1/search?lang=en").get_json()["facets"]["topic"]
    assert any(c["label"] == "Data, monitoring and evaluation" for c in english)
    topics = {t["id"]: t["label"] for t in client.get("/api/v1/vocabulary").get_json()["topic"]}
    assert topics["mehrebenen"] == {"de": "Aufgabenteilung Bund, Land, Kommune", "en": "Multi-level governance"}
    assert topics["bildung"] == {"de": "Bildung, Kita und Schule", "en": "Education and schools"}
    assert "Daten, Monitoring und Evaluation" in html(client, "/practices/kim-kreis-alt")


def test_a_region_with_a_comma_links_to_its_entries(client):
    page = html(client, "/practices/intercultural-cities")
    link = page.split("<dt>Region</dt><dd><a href=\"")[1].split('"')[0]
    assert link == "/?region=Europe%20%28Council%20of%20Europe%2C%20beyond%20the%20EU%29"
    results = html(client, link)
    assert "unknown value" not in results and "nicht verstanden" not in results
    assert "Intercultural Cities" in results and "Online-Termine" not in results
    facet = client.get("/api/v1/search").get_json()["facets"]["region"]
    assert {"value": "Europe (Council of Europe, beyond the EU)", "label": "Europe (Council of Europe, beyond "
            "the EU)", "count": 1, "selected": False} in facet
    stats = html(client, "/stats")
    assert 'href="/?region=Europe%20%28Council%20of%20Europe%2C%20beyond%20the%20EU%29"' in stats


@pytest.mark.browser
def test_a_reader_sees_outcome_and_basis_in_chromium(browser, serve, content_dir, index_dir):
    server = serve(content_dir, index_dir, workers=1)
    context = browser.new_context(base_url=server.url, locale="de-DE")
    tab = context.new_page()
    tab.goto("/?outcome=positive")
    tab.get_by_role("link", name="Integrationsmanagement im Kreis Alt").click()
    facts = tab.locator(".facts-list")
    assert "Ergebnis\nPositiv" in facts.inner_text() or "Ergebnis Positiv" in " ".join(facts.inner_text().split())
    assert "01.03.2025" in facts.inner_text()
    tab.get_by_role("heading", name="Stützt die Empfehlungen").wait_for()
    tab.get_by_role("link", name="Empfehlung: Integrationsmanagement verstetigen").click()
    assert tab.get_by_role("heading", name="Gestützt auf").is_visible()
    tab.get_by_role("link", name="Offen").click()
    assert "outcome=open" in tab.url and tab.locator(".hit").count() == 2
    context.close()
