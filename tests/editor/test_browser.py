"""The editor in headless Chromium: login, create, preview, save (Debian's chromium, no download)."""

from __future__ import annotations

import pytest

from tests.editor.conftest import PASSWORD, add_editor, git

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_an_editor_creates_an_entry_in_chromium(git_content, index_dir, state_dir, serve, browser):
    from playwright.sync_api import expect

    add_editor(state_dir, "clara", PASSWORD, "--name", "Clara Beispiel")
    server = serve(git_content, index_dir)
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    try:
        page = context.new_page()
        page.goto(server.url + "/editor/")
        expect(page.get_by_role("heading", name="Anmeldung für die Redaktion")).to_be_visible()
        page.get_by_label("Benutzername").fill("clara")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.get_by_role("heading", name="Redaktion: Übersicht")).to_be_visible()

        page.get_by_role("link", name="Neuen Eintrag anlegen").click()
        page.get_by_label("Kürzel (Dateiname)").fill("sprachkurse-musterkreis")
        page.locator("#title").fill("Sprachkurse im Musterkreis koordinieren")
        page.locator("#summary").fill("Eine Stelle plant alle Kurse im Kreis.")
        page.get_by_role("checkbox", name="Kommune", exact=True).check()
        page.get_by_role("checkbox", name="Strategische Steuerung und Koordination").check()
        page.locator("#sources").fill("Kreistagsvorlage | https://example.org/vorlage | 2024")
        page.get_by_label("Text (Markdown)").fill("## Umsetzung\nEin **Kursplaner** für alle Träger.")
        page.get_by_role("button", name="Vorschau").click()

        preview = page.locator(".preview")
        expect(preview.get_by_role("heading", name="Umsetzung")).to_be_visible()
        expect(preview.locator(".body strong")).to_have_text("Kursplaner")
        expect(preview.locator("h2.entry-title")).to_have_text("Sprachkurse im Musterkreis koordinieren")
        assert not (git_content / "sprachkurse-musterkreis.md").exists()
        expect(page.locator("#title")).to_have_value("Sprachkurse im Musterkreis koordinieren")

        page.get_by_role("button", name="Speichern").click()
        expect(page.get_by_role("status")).to_contain_text("Gespeichert")
        text = (git_content / "sprachkurse-musterkreis.md").read_text("utf-8")
        assert "title: Sprachkurse im Musterkreis koordinieren" in text
        assert "Ein **Kursplaner** für alle Träger." in text
    finally:
        context.close()


def test_editor_pages_have_no_axe_violations(git_content, index_dir, state_dir, serve, write_entry, browser):
    from axe_playwright_python.sync_playwright import Axe

    write_entry("geprueftes-beispiel", title="Geprüftes Beispiel")
    git(git_content, "add", "geprueftes-beispiel.md")
    git(git_content, "-c", "user.name=S", "-c", "user.email=s@example.org", "commit", "-qm", "Beispiel")
    add_editor(state_dir, "clara", PASSWORD, "--name", "Clara Beispiel")
    server = serve(git_content, index_dir)
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        page.goto(server.url + "/editor/login")
        reports = {"login": Axe().run(page)}
        page.get_by_label("Benutzername").fill("clara")
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url("**/editor/")
        reports["dashboard"] = Axe().run(page)
        page.goto(server.url + "/editor/new")
        page.get_by_role("button", name="Speichern").click()  # empty form: errors at the fields
        reports["form with errors"] = Axe().run(page)
        page.goto(server.url + "/editor/geprueftes-beispiel/edit")
        page.get_by_role("button", name="Vorschau").click()
        reports["form with preview"] = Axe().run(page)
        page.locator("#title").fill("Geprüftes Beispiel, überarbeitet")
        page.locator("#body").fill("## Ausgangslage\nNeuer Text.\n")
        page.get_by_role("button", name="Speichern").click()
        page.goto(server.url + "/editor/geprueftes-beispiel/history")
        assert page.get_by_role("button", name="Diese Fassung wiederherstellen").count() == 1
        reports["history with changes"] = Axe().run(page)
        for width in (320, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, f"history is {scroll} px wide at {inner} px"
    finally:
        context.close()
    failing = {name: r.generate_report() for name, r in reports.items() if r.violations_count}
    assert failing == {}
