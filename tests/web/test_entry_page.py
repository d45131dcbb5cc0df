"""The entry page: the file's content, sanitized, with metadata linking back into the search."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def test_entry_shows_body_metadata_links_sources_and_permalink(client):
    response = client.get("/practices/fallmanagement-kreis-mettmann")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<h1>Rechtskreisübergreifendes Fallmanagement im Kreis Mettmann</h1>" in html
    assert "<h2>Ausgangslage</h2>" in html
    assert 'href="/?level=Kommune"' in html and 'href="/?topic=fallmanagement"' in html
    assert 'href="/?region=Nordrhein-Westfalen"' in html
    assert 'href="https://example.org/quelle"' in html
    assert "http://localhost/practices/fallmanagement-kreis-mettmann" in html
    assert "Evaluiert" in html


def test_a_source_without_a_stated_date_is_cited_without_year(client, write_entry):  # type: ignore[no-untyped-def]
    write_entry("quellen-mit-und-ohne-jahr", sources=[
        {"title": "Bericht mit Datum", "url": "https://example.org/bericht", "year": 2023},
        {"title": "Seite ohne Datum", "url": "https://example.org/seite"}])
    german = client.get("/practices/quellen-mit-und-ohne-jahr?lang=de").get_data(as_text=True)
    sources = german.split('id="sources-heading"')[1]
    assert "Bericht mit Datum</a> (2023)" in sources and "Seite ohne Datum</a> (o. J.)" in sources
    english = client.get("/practices/quellen-mit-und-ohne-jahr?lang=en").get_data(as_text=True)
    assert "Seite ohne Datum</a> (n.d.)" in english.split('id="sources-heading"')[1]


def test_related_entries_and_more_like_this(client):
    html = client.get("/practices/fallmanagement-kreis-mettmann").get_data(as_text=True)
    related = html.split('id="related-heading"')[1]
    assert "/practices/abh-digital-leipzig" in related
    assert 'id="more-heading"' in html


def test_markdown_is_sanitized(client):
    html = client.get("/practices/script-in-body").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "javascript:" not in html
    assert "<strong>fett</strong>" in html


@pytest.mark.parametrize("slug", ["entwurf-noch-geheim", "gibt-es-nicht", "Bad_Slug", "a" * 81])
def test_drafts_unknown_and_invalid_slugs_are_404(client, slug):
    response = client.get(f"/practices/{slug}")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.get_data(as_text=True)


def test_an_edited_file_is_shown_at_once(client, write_entry):
    write_entry("abh-digital-leipzig", title="Neuer Titel für Leipzig", topics=["digitalisierung"])
    assert "Neuer Titel für Leipzig" in client.get("/practices/abh-digital-leipzig").get_data(as_text=True)


def test_print_stylesheet_hides_navigation(client):
    with client.get("/static/style.css") as response:
        css = response.get_data(as_text=True)
    assert "@media print" in css
    printed = css.split("@media print")[1]
    assert ".site-header" in printed and ".noprint" in printed


def test_the_font_is_served_from_its_package_and_other_names_are_404(client):
    with client.get("/fonts/source-sans-3.ttf") as response:
        assert response.status_code == 200 and response.mimetype == "font/ttf"
        assert response.data[:4] == b"\x00\x01\x00\x00"  # a TrueType file
        assert "max-age" in response.headers["Cache-Control"]
    assert client.get("/fonts/..%2Fsettings.py").status_code == 404
    assert "Open Font License" in client.get("/fonts/LICENSE.txt").get_data(as_text=True)
