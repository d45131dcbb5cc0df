"""German by default; English by Accept-Language or by the visible switch, which is remembered."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def test_german_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="de">' in html and "Suchbegriffe" in html
    assert 'href="/?lang=en"' in html


def test_english_by_accept_language_with_english_vocabulary_labels(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Search terms" in html and "Narrow down" in html
    assert "Case management" in html and "Municipality" in html


def test_switch_sets_a_cookie_that_holds_on_the_next_page(client):
    response = client.get("/stats?lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert "Overview of the collection" in response.get_data(as_text=True)
    html = client.get("/practices/fallmanagement-kreis-mettmann").get_data(as_text=True)
    assert "At a glance" in html and 'href="/practices/fallmanagement-kreis-mettmann?lang=de"' in html
    assert "Auf einen Blick" in client.get("/practices/fallmanagement-kreis-mettmann?lang=de").get_data(
        as_text=True)


def test_every_interface_string_has_an_english_translation():
    """Strings are extracted from the code and templates as pybabel does (lazy ``_l`` included)."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po

    from app.i18n import TRANSLATIONS
    from tests.conftest import ROOT

    with (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    with (TRANSLATIONS / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    used = {message[2] for message in extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)}
    used = {m if isinstance(m, str) else m[0] for m in used}
    untranslated = sorted(m for m in used if not (catalog.get(m) and catalog.get(m).string))
    assert untranslated == []
    assert (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo").exists()


def test_entries_in_the_other_language_are_marked_for_screen_readers(client, write_entry):
    write_entry("deutscher-eintrag", title="Fallmanagement im Kreis")
    write_entry("english-entry", title="Case management in Kalmar", language="en", country="SE")
    german_ui = client.get("/?q=management&lang=de").get_data(as_text=True)
    english_ui = client.get("/?q=management&lang=en").get_data(as_text=True)
    assert '<h3 class="hit-title" lang="en">' in german_ui and german_ui.count('lang="en"') >= 2
    assert '<h3 class="hit-title" lang="de">' in english_ui
