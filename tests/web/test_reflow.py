"""Every public page on a phone and a desk in Chromium: no sideways scrolling, filters within reach,
cards that say what an entry is, the site's own font and nothing from another host."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (320, 390, 1280)
PUBLIC_PAGES = ["/?q=Ausl%C3%A4nderbeh%C3%B6rde&level=Kommune", "/?q=xqzzywv", "entry", "/stats", "/karte",
                "/compare?topic=fallmanagement", "/barrierefreiheit",
              "/impressum", "/datenschutz", "/methode", "/", "/?lang=en"]


def entry_path(tab) -> str:  # type: ignore[no-untyped-def]
    tab.goto("/?q=Integrationsmanagement")
    return str(tab.locator(".hit-title a").first.get_attribute("href"))


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(sized, width):  # type: ignore[no-untyped-def]
    tab = sized(width)
    for path in PUBLIC_PAGES:
        tab.goto(entry_path(tab) if path == "entry" else path)
        scroll, inner = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{path} is {scroll} px wide at {inner} px"
        assert tab.evaluate("getComputedStyle(document.querySelector('h1')).hyphens") == "auto"
        assert tab.locator("html").get_attribute("lang") in ("de", "en")
    assert tab.third_party == []


def test_filters_stand_left_of_the_results_on_a_wide_screen(sized):  # type: ignore[no-untyped-def]
    tab = sized(1280)
    tab.goto("/?q=Fallmanagement")
    facets, results = tab.locator(".facets").bounding_box(), tab.locator(".results").bounding_box()
    assert facets["x"] + facets["width"] <= results["x"]
    assert abs(facets["y"] - results["y"]) < 80
    assert not tab.locator(".filter-toggle").is_visible()
    tab.locator("#q").focus()
    tab.keyboard.press("Tab")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.type") == "checkbox"


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_first_filter_is_within_five_tabs_of_the_search_field(sized, javascript):  # type: ignore[no-untyped-def]
    tab = sized(390, javascript)
    tab.goto("/?q=Fallmanagement")
    toggle = tab.locator(".filter-toggle")
    assert toggle.is_visible() and toggle.inner_text().startswith("Filter (0)")
    assert toggle.bounding_box()["y"] < tab.locator(".hit").first.bounding_box()["y"]
    assert not tab.locator(".facets input[type=checkbox]").first.is_visible()
    tab.locator("#q").focus()
    for _ in range(5):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.tagName") == "SUMMARY":
            tab.keyboard.press("Enter")
        if tab.evaluate("document.activeElement.type") == "checkbox":
            break
    else:
        raise AssertionError("no filter within 5 Tab presses")
    tab.keyboard.press("Space")
    if not javascript:
        tab.get_by_role("button", name="Filter anwenden").click()
    tab.wait_for_url(re.compile(r"kind=|level=|topic="))
    assert tab.locator(".filter-toggle").inner_text().startswith("Filter (1)")


def test_filters_are_real_checkboxes(sized):  # type: ignore[no-untyped-def]
    tab = sized(1280)
    tab.goto("/?level=Kommune")
    box = tab.locator(".facets").get_by_label(re.compile(r"^Kommune"))
    assert box.get_attribute("type") == "checkbox" and box.is_checked()
    assert "☐" not in tab.content() and "☑" not in tab.content()


def test_result_cards_say_kind_level_place_year_evidence_and_outcome(sized):  # type: ignore[no-untyped-def]
    tab = sized(390)
    tab.goto("/?q=Fallmanagement&kind=practice")
    card = tab.locator(".hit").first
    labels = [t.strip() for t in card.locator(".card-facts dt").all_inner_texts()]
    assert {"Art", "Ebene", "Ort", "Evidenz", "Ergebnis"} <= set(labels)
    assert "Jahr" in labels or tab.locator(".hit .card-facts dt", has_text="Jahr").count() > 0


def test_the_site_uses_its_own_font(sized):  # type: ignore[no-untyped-def]
    tab = sized(1280)
    tab.goto("/")
    tab.evaluate("document.fonts.ready")
    assert tab.evaluate("document.fonts.check('16px \"Source Sans 3\"')")
    loaded = tab.evaluate("Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Source Sans 3" in family for family in loaded)
    assert tab.third_party == []
    assert tab.locator(".identity-line").inner_text().startswith("Ein Angebot von")


@pytest.mark.parametrize("path", ["/?q=Fallmanagement", "entry", "/barrierefreiheit"])
def test_axe_finds_no_violations_on_a_phone(sized, path):  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    tab = sized(320)
    tab.goto(entry_path(tab) if path == "entry" else path)
    results = Axe().run(tab)
    assert results.violations_count == 0, results.generate_report()
