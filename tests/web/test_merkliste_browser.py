"""The Merkliste in Chromium without JavaScript: keep and remove entries from result cards, share the
list as a link, print the dossier; no sideways scrolling and no axe violations on a 320 px phone."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def listed(tab) -> list[str]:  # type: ignore[no-untyped-def]
    """The slugs of the entries shown on the Merkliste, in order."""
    return [str(href).rsplit("/", 1)[1] for href in
            tab.locator(".merkliste-entries .record-title a").evaluate_all("els => els.map(e => e.href)")]


def url_slugs(tab) -> list[str]:  # type: ignore[no-untyped-def]
    return parse_qs(urlsplit(tab.url).query).get("e", [])


def two_entries(tab) -> list[str]:  # type: ignore[no-untyped-def]
    tab.goto("/?q=Integrationsmanagement")
    hrefs = tab.locator(".hit-title a").evaluate_all("els => els.slice(0, 2).map(e => e.getAttribute('href'))")
    return [str(h).rsplit("/", 1)[1] for h in hrefs]


def test_keep_and_remove_entries_without_javascript_and_share_the_list(sized):  # type: ignore[no-untyped-def]
    tab = sized(390, javascript=False)
    first, second = two_entries(tab)
    keep = tab.locator(".hit").nth(0).get_by_role("link", name="Merken", exact=True)
    described_by = keep.evaluate("e => document.getElementById(e.getAttribute('aria-describedby')).textContent")
    assert described_by == tab.locator(".hit-title").nth(0).inner_text()  # a screen reader hears which entry
    keep.click()
    tab.wait_for_url(re.compile(r"/merkliste\?"))
    assert url_slugs(tab) == [first] and listed(tab) == [first]

    tab.goto("/?q=Integrationsmanagement")
    assert tab.locator(".hit").nth(0).get_by_role("link", name=re.compile("^Von der Merkliste entfernen")).count() == 1
    tab.locator(".hit").nth(1).get_by_role("link", name=re.compile("^Merken")).click()
    tab.wait_for_url(re.compile(r"/merkliste\?"))
    assert url_slugs(tab) == [first, second] and listed(tab) == [first, second]
    share = tab.locator("#share-url").input_value()
    assert share == tab.url

    # the shared link shows the same list to someone without the cookie
    other = sized(1280, javascript=False)
    other.goto(share)
    assert listed(other) == [first, second]
    assert other.locator("h2", has_text="2 gemerkte Einträge").count() == 1

    tab.locator(".merkliste-entries .card").nth(0).get_by_role("link", name=re.compile("^Entfernen")).click()
    tab.wait_for_url(re.compile(r"/merkliste\?"))
    assert listed(tab) == [second]
    tab.get_by_role("link", name="Merkliste leeren").click()
    assert listed(tab) == [] and "Ihre Merkliste ist leer" in tab.inner_text("main")
    tab.get_by_role("link", name="Merkliste", exact=True).click()  # the menu: still empty, not restored
    assert listed(tab) == []


def test_keep_from_an_entry_page_without_javascript(sized):  # type: ignore[no-untyped-def]
    tab = sized(390, javascript=False)
    first, _ = two_entries(tab)
    tab.goto(f"/practices/{first}")
    tab.locator(".keep").get_by_role("link", name=re.compile("^Merken")).click()
    tab.wait_for_url(re.compile(r"/merkliste\?"))
    assert listed(tab) == [first]
    tab.goto(f"/practices/{first}")
    assert tab.locator(".keep").inner_text().startswith("Von der Merkliste entfernen")


def test_the_list_downloads_as_csv_for_excel_and_json(sized):  # type: ignore[no-untyped-def]
    tab = sized(1280, javascript=False)
    first, second = two_entries(tab)
    tab.goto(f"/merkliste?e={first}&e={second}")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="CSV für Excel").click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        text = file.read()
    lines = text.splitlines()
    assert lines[0].startswith("slug;url;title;")
    assert [line.split(";")[0] for line in lines[1:]] == [first, second]
    data = tab.request.get(str(tab.get_by_role("link", name="JSON", exact=True).get_attribute("href"))).json()
    assert [r["slug"] for r in data["results"]] == [first, second]


def test_the_dossier_prints_the_entries_without_the_site_around_them(sized):  # type: ignore[no-untyped-def]
    tab = sized(1280, javascript=False)
    first, second = two_entries(tab)
    tab.goto(f"/merkliste?e={first}&e={second}")
    tab.get_by_role("link", name="Als Dossier drucken oder als PDF speichern").click()
    tab.wait_for_url(re.compile(r"/merkliste/dossier\?"))
    assert tab.locator(".dossier-entry").count() == 2
    assert tab.locator(".dossier-entry .sources li").count() >= 2
    assert "gedruckt am" in tab.inner_text(".dossier-head")
    tab.emulate_media(media="print")
    assert not tab.locator(".site-header").is_visible() and not tab.locator(".site-footer").is_visible()
    assert tab.locator(".dossier-entry .body").first.is_visible()
    assert tab.locator(".dossier-entry").nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"
    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2


@pytest.mark.parametrize("page_path", ["/merkliste?e={first}&e={second}", "/merkliste?e=",
                                       "/merkliste/dossier?e={first}&e={second}",
                                       "/merkliste?e={first}&lang=en"])
def test_no_sideways_scrolling_and_no_axe_violations_on_a_phone(sized, page_path):  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    tab = sized(320)
    first, second = two_entries(tab)
    tab.goto(page_path.format(first=first, second=second))
    scroll, inner = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{page_path} is {scroll} px wide at {inner} px"
    results = Axe().run(tab)
    assert results.violations_count == 0, results.generate_report()
    assert tab.third_party == []
