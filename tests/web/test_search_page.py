"""The search page as a decision maker uses it: words, facets as chips, sort, pages, help on no hits."""

from __future__ import annotations

import re

import pytest


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def titles(html: str) -> list[str]:
    return re.findall(r'class="hit-title"><a href="/practices/([a-z0-9-]+)"', html)


def test_empty_query_browses_every_published_entry(client):
    html = client.get("/").get_data(as_text=True)
    assert "6 Einträge" in html
    assert "entwurf-noch-geheim" not in html
    assert len(titles(html)) == 6


def test_words_find_entries_with_highlighted_passages(client):
    html = client.get("/?q=Ausländerbehörde").get_data(as_text=True)
    assert "abh-digital-leipzig" in titles(html)
    assert "<mark>" in html


def test_facet_values_are_checkboxes_with_counts_and_choosing_two_levels_ors_them(client):
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" id="(f-level-[0-9a-f]+)" name="level" value="Land">\s*'
                     r'<label for="\1">Land <span class="count">\(1\)</span></label>', html)
    assert "☐" not in html and "☑" not in html
    html = client.get("/?level=Kommune&level=Land").get_data(as_text=True)
    assert len(titles(html)) == 5
    # both are removable chips, and each chip's link drops just its own value
    assert 'href="/?level=Land"' in html and 'href="/?level=Kommune"' in html
    assert "Alle Filter entfernen" in html


def test_facet_counts_are_disjunctive(client):
    html = client.get("/?level=Land").get_data(as_text=True)
    assert titles(html) == ["empfehlung-land-fallmanagement"]
    # the other levels still show how many entries they would add
    assert re.search(r'value="Kommune">\s*<label[^>]*>Kommune <span class="count">\(4\)</span>', html)
    assert re.search(r'value="Land" checked>', html)


def test_facets_from_different_fields_are_anded(client):
    html = client.get("/?topic=fallmanagement&country=SE").get_data(as_text=True)
    assert titles(html) == ["sverige-etablering-malmo"]


def test_sort_by_title_and_pagination_keep_the_state_in_the_url(client):
    html = client.get("/?sort=title&per_page=2").get_data(as_text=True)
    assert titles(html) == ["france-contrat-integration", "abh-digital-leipzig"]
    assert 'href="/?sort=title&amp;per_page=2&amp;page=2" rel="next"' in html
    page2 = client.get("/?sort=title&per_page=2&page=2").get_data(as_text=True)
    assert titles(page2) == ["script-in-body", "empfehlung-land-fallmanagement"]
    assert "Seite 2 von 3" in page2


def test_no_hits_offers_suggestion_and_loosening_filters(client):
    html = client.get("/?q=Auslanderbehorde+Xylophon&country=FR").get_data(as_text=True)
    assert "So finden Sie mehr" in html
    assert "Lockern Sie die Filter" in html
    assert 'href="/?q=Auslanderbehorde+Xylophon"' in html


def test_partial_hits_when_no_entry_has_every_word(client):
    html = client.get("/?q=Leipzig+Malmö").get_data(as_text=True)
    assert "Kein Eintrag enthält alle Wörter" in html
    assert set(titles(html)) == {"abh-digital-leipzig", "sverige-etablering-malmo"}


def test_a_misspelt_word_among_others_is_read_as_the_entries_word_and_said_so(client):
    html = client.get("/?q=Leipzig+Wartezeitx").get_data(as_text=True)
    assert "für „Leipzig wartezeit“ (Ihre Eingabe: „Leipzig Wartezeitx“)" in html
    html = client.get("/?q=Leipzyg").get_data(as_text=True)
    assert "für „leipzig“ (Ihre Eingabe: „Leipzyg“)" in html
    assert titles(html)[0] == "abh-digital-leipzig"


def test_a_real_word_no_entry_mentions_is_named_not_replaced(client):
    html = client.get("/?q=Spanien+Leipzig").get_data(as_text=True)
    assert "Kein Eintrag erwähnt „Spanien“." in html
    assert "Meinten Sie" not in html and "Ihre Eingabe" not in html
    assert titles(html)[0] == "abh-digital-leipzig"


def test_each_hit_says_why_it_matched(client):
    html = client.get("/?q=Leipzig").get_data(as_text=True)
    assert "Gefunden über:" in html and '<span class="why-word">Leipzig</span>' in html


def test_bad_parameters_give_a_friendly_message_and_still_a_page(client):
    response = client.get("/?page=abc&level=Mond&q=Fallmanagement")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "nicht verstanden" in html and "level" in html
    assert titles(html)


def test_evidence_facet_and_the_card_says_the_evidence(client):
    html = client.get("/?evidence=evaluated").get_data(as_text=True)
    assert titles(html) == ["fallmanagement-kreis-mettmann"]
    assert re.search(r'<dt>Evidenz</dt><dd><span class="level-mark evidence-evaluated">', html)


def test_exports_and_feed_are_linked_with_the_same_search(client):
    html = client.get("/?q=Fallmanagement&level=Kommune&page=1").get_data(as_text=True)
    assert 'href="/export.csv?q=Fallmanagement&amp;level=Kommune"' in html
    assert 'href="/feed.atom?q=Fallmanagement&amp;level=Kommune"' in html


def test_the_page_has_no_inline_script_or_style_and_no_third_party_host(client):
    for url in ("/", "/?q=Fallmanagement", "/practices/fallmanagement-kreis-mettmann", "/stats",
                "/compare?topic=fallmanagement", "/export/codebook", "/barrierefreiheit"):
        html = client.get(url).get_data(as_text=True)
        assert "<style" not in html and " style=" not in html, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        # a link out that a reader follows (rel="external", e.g. the Schlichtungsstelle) is not a request
        assert not re.search(r'<(?!a\b[^>]*\brel="external)[^>]*\b(?:src|href)="(?:https?:)?//',
                             html.split('class="sources"')[0]), url


def test_a_misspelled_query_shows_the_hits_for_the_correction(client):
    html = client.get("/?q=Leipzyg&lang=de").get_data(as_text=True)
    assert "Meinten Sie" not in html  # the correction is already applied, not offered
    english = client.get("/?q=Leipzyg&lang=en").get_data(as_text=True)
    assert "for “leipzig” (you typed “Leipzyg”):" in english
