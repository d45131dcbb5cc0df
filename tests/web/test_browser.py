"""A person in Chromium: search, a facet click, an entry page, the language switch; axe on every page type."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGE_TYPES = ["/", "/?q=Ausl%C3%A4nderbeh%C3%B6rde&level=Kommune&level=Land", "/?q=xqzzywv",
              "/stats", "/karte", "/compare?topic=fallmanagement", "/export/codebook", "/barrierefreiheit",
              "/impressum", "/datenschutz", "/methode",
              "/gibt-es-nicht", "/?lang=en", "/methode?lang=en", "/compare?topic=fallmanagement&lang=en"]


def first_entry_path(page) -> str:  # type: ignore[no-untyped-def]
    page.goto("/")
    return str(page.locator(".hit-title a").first.get_attribute("href"))


def test_search_facet_entry_and_language_switch(page):  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_label("Suchbegriffe").fill("Ausländerbehörde")
    page.get_by_role("button", name="Suchen").click()
    page.wait_for_url(re.compile(r"q=Ausl"))
    assert page.locator(".hit").count() > 0
    assert page.locator(".hit mark").count() > 0
    total_before = page.locator(".results-count").inner_text()

    page.locator(".facets").get_by_label("Kommune").first.check()  # applies at once with JavaScript
    page.wait_for_url(re.compile(r"level=Kommune"))
    assert page.locator(".chips .chip", has_text="Kommune").count() == 1
    assert page.locator(".results-count").inner_text() != total_before

    title = page.locator(".hit-title a").first.inner_text()
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(r"/practices/"))
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("heading", name="Quellen").count() == 1

    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Sources").count() == 1
    page.get_by_role("link", name="Overview").click()
    assert page.get_by_role("heading", name="Overview of the collection").count() == 1
    assert page.third_party == []


def test_keyboard_reaches_the_search_through_the_skip_link(page):  # type: ignore[no-untyped-def]
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Fallmanagement")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Fallmanagement"))
    assert page.locator(".hit").count() > 0


def test_works_without_javascript(browser, shipped_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=shipped_server.url, java_script_enabled=False,
                                  locale="de-DE")
    tab = context.new_page()
    tab.goto("/")
    tab.get_by_label("Suchbegriffe").fill("Wartezeit")
    tab.get_by_role("button", name="Suchen").click()
    tab.wait_for_url(re.compile(r"q=Wartezeit"))
    assert tab.locator(".hit").count() > 0
    context.close()


@pytest.mark.parametrize("path", [*PAGE_TYPES, "entry"])
def test_axe_finds_no_violations(page, path):  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    if path == "entry":
        path = first_entry_path(page)
    page.goto(path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.third_party == []
