"""Issue 14: the editor's overview searches, filters and sorts by „Stand“ with a GET form (no
JavaScript needed), and leads to the review list of issue 13."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.editor.conftest import PASSWORD, add_editor
from tests.editor.test_editor import login

TODAY = date.today()


def _titles(html: str) -> list[str]:
    table = html.split('class="editor-entries"', 1)[1] if 'class="editor-entries"' in html else ""
    return re.findall(r'<span class="entry-name">([^<]+)</span>', table)


@pytest.fixture
def entries(write_entry):  # type: ignore[no-untyped-def]
    write_entry("termine-kassel", title="Digitale Termine in Kassel", region="Hessen", place="Kassel",
                reviewed=date(2025, 6, 1), sources=[{"title": "Bericht", "url": "https://example.org/b", "year": 2024}])
    write_entry("sprachkurse-plan", title="Sprachkurse planen", status="draft", reviewed=None, outcome=None,
                phase=None, sources=None)
    write_entry("alte-empfehlung", title="Alte Empfehlung an die Länder", kind="recommendation", levels=["Land"],
                reviewed=date(2020, 3, 1), sources=[{"title": "Bericht", "url": "https://example.org/c", "year": 2019}])
    write_entry("schweden-lots", title="Lotsen in Schweden", country="SE", reviewed=TODAY,
                sources=[{"title": "Startseite", "url": "https://example.se/", "year": 2023}])


def test_the_overview_searches_and_filters_with_a_get_form(client, state_dir, entries):
    login(client, state_dir)
    page = client.get("/editor/").text
    form = page.split('class="dashboard-filters"', 1)[1].split("</form>", 1)[0]
    assert 'method="get"' in page.split('class="dashboard-filters"', 1)[0][-200:]
    for name in ("q", "status", "kind", "level", "country", "review", "sort"):
        assert f'name="{name}"' in form, name
    assert len(_titles(page)) == 4

    assert _titles(client.get("/editor/?q=kassel").text) == ["Digitale Termine in Kassel"]
    assert _titles(client.get("/editor/?q=KURSE+plan").text) == ["Sprachkurse planen"]
    assert _titles(client.get("/editor/?status=draft").text) == ["Sprachkurse planen"]
    assert _titles(client.get("/editor/?kind=recommendation").text) == ["Alte Empfehlung an die Länder"]
    assert _titles(client.get("/editor/?level=Land").text) == ["Alte Empfehlung an die Länder"]
    assert _titles(client.get("/editor/?country=SE").text) == ["Lotsen in Schweden"]
    both = client.get("/editor/?country=DE&status=published").text
    assert _titles(both) == ["Alte Empfehlung an die Länder", "Digitale Termine in Kassel"]
    assert "Einträge (2 von 4)" in both
    assert 'value="DE" selected' in both and 'value="published" selected' in both
    assert "Keine Einträge für diese Auswahl." in client.get("/editor/?q=nichtsdergleichen").text


def test_the_review_list_is_a_filter_of_the_overview(client, state_dir, entries):
    login(client, state_dir)
    page = client.get("/editor/").text
    overview = page.split('id="review-list"', 1)[1].split("</section>", 1)[0]
    assert "Zu prüfen (2 Einträge)" in overview
    assert 'href="/editor/?review=front_page#entries">Links auf Startseiten (1)' in overview
    assert 'href="/editor/?review=review_date#entries">Stand älter als 24 Monate oder fehlend (1)' in overview
    assert _titles(client.get("/editor/?review=any").text) == ["Alte Empfehlung an die Länder", "Lotsen in Schweden"]
    assert _titles(client.get("/editor/?review=front_page").text) == ["Lotsen in Schweden"]
    old = client.get("/editor/?review=review_date").text
    assert _titles(old) == ["Alte Empfehlung an die Länder"]
    assert "Der Stand 2020-03-01 liegt mehr als 24 Monate zurück" in old
    assert _titles(client.get("/editor/?review=based_on").text) == ["Alte Empfehlung an die Länder"]


def test_the_overview_shows_and_sorts_by_stand(client, state_dir, entries):
    login(client, state_dir)
    page = client.get("/editor/").text
    header = page.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert '<a href="/editor/?sort=reviewed#entries">Stand</a>' in header
    assert '<time datetime="2025-06-01">01.06.2025</time>' in page and "nicht geprüft" in page
    oldest = client.get("/editor/?sort=reviewed").text
    assert _titles(oldest) == ["Sprachkurse planen", "Alte Empfehlung an die Länder", "Digitale Termine in Kassel",
                               "Lotsen in Schweden"]
    assert 'aria-sort="ascending"' in oldest and 'href="/editor/?sort=-reviewed#entries"' in oldest
    newest = client.get("/editor/?sort=-reviewed&country=DE").text
    assert _titles(newest) == ["Digitale Termine in Kassel", "Alte Empfehlung an die Länder", "Sprachkurse planen"]
    assert 'aria-sort="descending"' in newest
    assert 'href="/editor/?country=DE&amp;sort=reviewed#entries"' in newest  # sorting keeps the filters


def test_an_unknown_filter_value_is_named_and_ignored(client, state_dir, entries):
    login(client, state_dir)
    answer = client.get("/editor/?status=archiviert&sort=zufall&country=DE")
    assert answer.status_code == 200
    assert "Der Wert „archiviert“ für „Status“ ist unbekannt" in answer.text
    assert "Der Wert „zufall“ für „Sortierung“ ist unbekannt" in answer.text
    assert len(_titles(answer.text)) == 3


@pytest.mark.browser
@pytest.mark.slow
def test_the_overview_reflows_at_320_px_and_passes_axe(git_content, index_dir, state_dir, serve, write_entry,
                                                        browser):
    from axe_playwright_python.sync_playwright import Axe

    write_entry("termine-kassel", title="Digitale Terminvergabe in der Ausländerbehörde der Stadt Kassel",
                reviewed=date(2020, 1, 1), sources=[{"title": "Startseite", "url": "https://example.org/"}])
    write_entry("sprachkurse-plan", title="Sprachkurse planen", status="draft", reviewed=None, outcome=None,
                phase=None, sources=None)
    add_editor(state_dir, "clara", PASSWORD, "--name", "Clara Beispiel")
    server = serve(git_content, index_dir)
    reports = {}
    for javascript in (False, True):
        context = browser.new_context(java_script_enabled=javascript, locale="de-DE",
                                      viewport={"width": 320, "height": 640})
        try:
            page = context.new_page()
            page.goto(server.url + "/editor/login")
            page.locator("#username").fill("clara")
            page.locator("#password").fill(PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url("**/editor/")
            for path in ("/editor/", "/editor/?review=any&sort=reviewed", "/editor/?q=nichts"):
                page.goto(server.url + path)
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                assert scroll <= inner, f"{path} is {scroll} px wide at {inner} px"
                if javascript:
                    reports[path] = Axe().run(page)
            if not javascript:
                # the GET form works without JavaScript: choose, apply, land on the filtered list
                page.goto(server.url + "/editor/")
                page.locator("#filter-status").select_option("draft")
                page.get_by_role("button", name="Anwenden").click()
                assert "status=draft" in page.url
                assert page.locator(".entry-name").all_inner_texts() == ["Sprachkurse planen"]
        finally:
            context.close()
    failing = {name: r.generate_report() for name, r in reports.items() if r.violations_count}
    assert failing == {}
