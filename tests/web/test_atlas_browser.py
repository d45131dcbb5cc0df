"""The atlas in Chromium without JavaScript: each Land a link whose search shows the map's figure; axe
finds nothing on a phone or a desk; the page never scrolls sideways."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def results_count(tab) -> int:  # type: ignore[no-untyped-def]
    text = tab.locator(".results-count").inner_text()
    return 0 if text.startswith("Keine Treffer") else int(re.match(r"\d+", text)[0])


def test_every_land_opens_a_search_with_the_figure_the_map_shows_without_javascript(sized):  # type: ignore[no-untyped-def]
    tab = sized(390, javascript=False)
    tab.goto("/karte?kind=practice")
    lands = tab.locator("svg a.atlas-land")
    assert lands.count() == 16
    figures = {}
    for i in range(16):
        land = lands.nth(i)
        name = land.get_attribute("aria-label")
        region, count = re.fullmatch(r"(.+): (\d+) Einträge?", name).groups()
        assert tab.get_by_role("link", name=name).count() >= 1
        figures[region] = int(count)
    assert len(figures) == 16 and sum(figures.values()) > 0
    table = {row.locator("th").inner_text(): int(row.locator("td").inner_text())
             for row in tab.locator(".atlas-table tbody tr").all()}
    assert table == figures
    for region, count in figures.items():
        tab.goto("/karte?kind=practice")
        tab.locator(f'svg a.atlas-land[data-region="{region}"] .land-badge').click()
        tab.wait_for_url(re.compile(r"/\?"))
        assert results_count(tab) == count, region
        assert tab.locator(".chips .chip", has_text=region).count() == 1
        assert tab.locator(".chips .chip", has_text="Praxisbeispiel").count() == 1
    assert tab.third_party == []


def test_a_filter_from_the_result_list_reaches_the_map(sized):  # type: ignore[no-untyped-def]
    tab = sized(1280, javascript=False)
    tab.goto("/?topic=digitalisierung")
    tab.get_by_role("link", name="Auf der Karte zeigen").click()
    tab.wait_for_url(re.compile(r"/karte\?topic=digitalisierung"))
    assert tab.locator(".atlas-filters .chip", has_text="Digitalisierung").count() == 1
    filtered = int(tab.locator('svg a[data-region="Sachsen"]').get_attribute("data-count"))
    tab.goto("/karte")
    assert int(tab.locator('svg a[data-region="Sachsen"]').get_attribute("data-count")) > filtered


@pytest.mark.parametrize(("width", "path"), [(320, "/karte"), (320, "/karte?topic=digitalisierung&level=Kommune"),
                                             (1280, "/karte?lang=en"), (390, "/karte?evidence=evaluated")])
def test_axe_finds_no_violations_and_nothing_scrolls_sideways(sized, width, path):  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    tab = sized(width)
    tab.goto(path)
    scroll, inner = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"{path} is {scroll} px wide at {inner} px"
    assert tab.locator("svg a.atlas-land").count() == 16
    results = Axe().run(tab)
    assert results.violations_count == 0, results.generate_report()
    assert tab.third_party == []
