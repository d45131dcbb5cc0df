"""Issue 14: the editor answers in the interface language, lists problems in form order and moves focus
to them; no empty preview box. Real server, real files, Debian's Chromium."""

from __future__ import annotations

import pytest

from app.editor.messages import PATTERNS
from tests.editor.conftest import PASSWORD, add_editor

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _log_in(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url + "/editor/login")
    page.locator("#username").fill("clara")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/editor/")


def _save_bad_entry(page, url: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/editor/new?lang={lang}")
    assert page.locator(".preview").count() == 0  # nothing asked for, nothing shown
    page.locator("#slug").fill("sprachkurse-musterkreis")
    page.locator("#title").fill("")
    page.locator("#summary").fill("Eine Stelle plant alle Kurse im Kreis.")
    page.locator("#year").fill("zwanzig")
    page.locator("#status").select_option("draft")
    page.locator("button[value=save]").click()


@pytest.mark.parametrize("javascript", [False, True])
def test_a_german_editor_gets_german_problems_in_form_order_with_focus(
        git_content, index_dir, state_dir, serve, browser, javascript):
    add_editor(state_dir, "clara", PASSWORD, "--name", "Clara Beispiel")
    server = serve(git_content, index_dir)
    context = browser.new_context(java_script_enabled=javascript, locale="de-DE")
    try:
        page = context.new_page()
        _log_in(page, server.url)
        page.goto(server.url + "/editor/new")
        assert page.locator(".preview").count() == 0
        assert "Was und wo" in page.locator("#title-help").inner_text()

        _save_bad_entry(page, server.url, "de")
        summary = page.locator("#error-summary")
        items = summary.locator("li").all_inner_texts()
        assert any(t.startswith("Titel: „Titel“ ist ein Pflichtfeld") for t in items), items
        assert any(t.startswith("Jahr: Das Jahr muss vierstellig sein (z. B. 2023), nicht „zwanzig“")
                   for t in items), items
        page_text = page.locator("main").inner_text()
        assert "required field" not in page_text and "four-digit" not in page_text and "`" not in page_text
        # the summary follows the form top to bottom: each link's target comes later in the page
        targets = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        positions = [page.locator(target).evaluate(
            "el => [...document.querySelectorAll('.entry-form [id]')].indexOf(el)") for target in targets]
        assert len(targets) >= 4 and positions == sorted(positions) and -1 not in positions, targets
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert summary.get_attribute("role") == "alert"
        assert page.locator(".preview").count() == 0
        assert (git_content / "sprachkurse-musterkreis.md").exists() is False
    finally:
        context.close()


def test_lang_en_gives_the_editor_in_english(git_content, index_dir, state_dir, serve, browser):
    add_editor(state_dir, "clara", PASSWORD, "--name", "Clara Beispiel")
    server = serve(git_content, index_dir)
    context = browser.new_context(locale="de-DE")
    try:
        page = context.new_page()
        _log_in(page, server.url)
        _save_bad_entry(page, server.url, "en")
        items = page.locator("#error-summary li").all_inner_texts()
        assert any(t.startswith("Title: “Title” is required") for t in items), items
        assert any("The year must have four digits (e.g. 2023), not “zwanzig”" in t for t in items), items
        assert "What and where" in page.locator("#title-help").inner_text()
        assert page.evaluate("document.activeElement.id") == "error-summary"
    finally:
        context.close()


def test_each_validator_message_kind_reaches_the_editor_translated(app, write_entry):
    """Every pattern in app/editor/messages.py still matches what the validator says (no silent English)."""
    from app.content.entry import parse_entry
    from app.content.vocabulary import cached_vocabulary
    from app.editor.messages import explain

    content = write_entry("vorlage", title="Vorlage").parent
    vocab = cached_vocabulary(content)
    bad = (b"---\ntitle: ''\nsummary: x\nkind: praxis\nlevels: [Kommune]\ntopics: [steuerung]\ncountry: DE\n"
           b"region: Hesen\nyear: zwanzig\nupdated: 2024-13-01\nsources:\n- title: Bericht\n  url: ftp://x\n"
           b"based_on: [vorlage]\n---\nText\n")
    _, problems = parse_entry(content / "kaputt.md", bad, vocab)
    assert len(problems) >= 6
    with app.test_request_context("/editor/new?lang=de"):
        german = [explain(p.message) for p in problems]
    untranslated = [m for m in german if "`" in m]
    assert untranslated == [] and len(PATTERNS) > 10


def test_the_dashboard_names_an_invalid_files_problem_in_german(git_content, index_dir, state_dir, serve):
    from tests.editor.conftest import Browser

    (git_content / "kaputt.md").write_text("---\ntitle: Kaputt\nsummary: x\nkind: practice\nlevels: [Kommune]\n"
                                           "topics: [steuerung]\ncountry: DE\nyear: zwanzig\nstatus: draft\n"
                                           "---\nText\n", "utf-8")
    add_editor(state_dir, "clara", PASSWORD)
    server = serve(git_content, index_dir)
    clara = Browser(server.url)
    clara.login("clara")
    german = clara.get("/editor/").text
    assert "Das Jahr muss vierstellig sein (z. B. 2023), nicht „zwanzig“." in german
    assert "four-digit" not in german
    assert "The year must have four digits" in clara.get("/editor/?lang=en").text
