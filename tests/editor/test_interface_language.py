"""Issue 14: the editor answers in the interface language, lists problems in form order and moves focus
to them; no empty preview box. Real server, real files, Debian's Chromium."""

from __future__ import annotations

import re
from typing import Any

import pytest

from app.editor.messages import TEXTS
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
    """Every kind of problem the validator reports has its German text (no silent English)."""
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
        german = [explain(p) for p in problems]
    untranslated = [m for m in german if "`" in m]
    assert untranslated == [] and len(TEXTS) > 10


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


ENGLISH = re.compile(r"\b(must|missing|required|needs|allowed|item|entry|file|source|unknown|mean|valid|"
                     r"vocabulary|front|matter|the|is|not|links?|page|section|label|listed|twice|review|"
                     r"recommendation|evaluation|German)\b")
"""English words of the validator's messages; none may reach a German editor (nor a backtick)."""

BAD_FILES = {
    "kaputter_name.md": "---\ntitle: x\n---\nText\n",
    "ohne-kopf.md": "Nur Text\n",
    "offen.md": "---\ntitle: Offen\n",
    "leer.md": "---\n---\nText\n",
    "keine-zuordnung.md": "---\n- a\n- b\n---\nText\n",
    "kein-yaml.md": "---\ntitle: [offen\n---\nText\n",
    "doppelt.md": "---\ntitle: A\ntitle: B\n---\nText\n",
    "anker.md": "---\ntitle: &a Anker\nsummary: *a\n---\nText\n",
    "kein-utf8.md": b"---\ntitle: Gr\xfc\xdfe\n---\n",
    "zu-gross.md": b"---\ntitle: x\n---\n" + b"x" * (1024 * 1024 + 1),
    "alles-falsch.md": (
        "---\ntitle: [a, b]\nsummary: {a: b}\nkind: praxis\nlevels: Kommune, Land\ntopics: {a: b}\n"
        "actors: [[a]]\ncountry: DE\nregion: Hesen\nyear: zwanzig\nupdated: 2024-13-01\nfarbe: rot\n"
        "related: [Gross]\nbased_on: [kaputt]\nreviewed: 2999-01-01\n---\nText\n"),
    "quellen-text.md": "---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                       "country: DE\nsources: eine Quelle\n---\nText\n",
    "quellen-falsch.md": ("---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                          "country: DE\nyear: 1200\nsources:\n- Bericht https://example.org\n---\nText\n"),
    "quellen-falsch-2.md": ("---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                            "country: DE\nsources:\n- [a]\n---\nText\n"),
    "quellen-falsch-3.md": ("---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                            "country: DE\nsources:\n- title: Bericht\n  link: https://example.org/b\n---\nText\n"),
    "quellen-falsch-4.md": ("---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                            "country: DE\nsources:\n- url: https://example.org/b\n- title: B\n  url: ftp://x\n"
                            "- title: C\n  url: https://example.org/c\n  year: '19'\n---\nText\n"),
    "ohne-quellen.md": ("---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                        "country: DE\n---\nText\n"),
    "leere-quellen.md": ("---\ntitle: Q\nsummary: s\nkind: practice\nlevels: [Kommune]\ntopics: [steuerung]\n"
                         "country: DE\nsources: []\noutcome: open\nphase: running\nreviewed: 2026-01-01\n"
                         "---\nText\n"),
}


def _all_problems(tmp_path) -> list[Any]:  # type: ignore[no-untyped-def]
    """Every kind of message the content layer can show an editor: file, field, corpus, review list,
    vocabulary."""
    from datetime import date

    from app.content.audit import audit
    from app.content.corpus import load_corpus, load_practice
    from app.content.vocabulary import VocabularyError, load_vocabulary
    from tests.conftest import FIXTURES, entry_text

    content = tmp_path / "inhalt"
    content.mkdir()
    (content / "vocabulary.yaml").write_text((FIXTURES / "vocabulary.yaml").read_text("utf-8"), "utf-8")
    for name, text in BAD_FILES.items():
        (content / name).write_bytes(text if isinstance(text, bytes) else text.encode())
    long_title = "T" * 300
    (content / "zu-lang.md").write_text(entry_text(title=long_title, actors=["A" * 300]), "utf-8")
    (content / "selbst.md").write_text(entry_text(related=["selbst", "fehlt-nocch"], kind="recommendation",
                                                  based_on=["selbst"]), "utf-8")
    sub = content / "unter"
    sub.mkdir()
    (sub / "selbst.md").write_text(entry_text(), "utf-8")
    (content / "pruefen.md").write_text(entry_text(
        evidence="evaluated", reviewed="2020-01-01",
        sources=[{"title": "Presse", "url": "https://www.example.org/"}]), "utf-8")
    (content / "empfehlung.md").write_text(entry_text(kind="recommendation", reviewed=None), "utf-8")
    (content / "empfehlung-se.md").write_text(entry_text(kind="recommendation", based_on=["schweden"]), "utf-8")
    (content / "schweden.md").write_text(entry_text(country="SE"), "utf-8")
    corpus = load_corpus(content)
    problems = [*corpus.problems]
    problems += audit(corpus, today=date(2026, 11, 30))
    problems += load_practice(content, "Kein Kürzel")[1]
    problems += load_practice(content, "gibt-es-nicht")[1]
    problems += load_practice(content, "empfehlung")[1]
    vocabularies = [
        None, b"", b"- a\n", b"\xff", b"levels: x\n",
        (FIXTURES / "vocabulary.yaml").read_bytes().replace(b"synonyms:", b"synonyms: [[allein]]\nalt:", 1),
        (FIXTURES / "vocabulary.yaml").read_bytes().replace(b"levels:", b"levels:\n  - [a]\n  - Kommune\n"
                                                            b"  - Kommune\n  - id: x\n    label: [a]\n"
                                                            b"  - id: y\n    label: {de: a, b: c, en: ''}\n"
                                                            b"levels_old:", 1),
        (FIXTURES / "vocabulary.yaml").read_bytes().replace(b"synonyms:", b"synonyms: x\nalt:", 1),
        (FIXTURES / "vocabulary.yaml").read_bytes() + b"\nsynonyms: x\n",
    ]
    for number, vocabulary in enumerate(vocabularies):
        folder = tmp_path / f"vokabular-{number}"
        folder.mkdir()
        if vocabulary is not None:
            (folder / "vocabulary.yaml").write_bytes(vocabulary)
        try:
            load_vocabulary(folder)
        except VocabularyError as exc:
            problems += exc.problems
    return problems


def test_every_message_an_editor_can_meet_is_german(app, tmp_path):
    """Validation, review list and vocabulary problems: each kind reaches the German editor in German."""
    from app.editor.messages import explain

    problems = _all_problems(tmp_path)
    kinds = {problem.code for problem in problems}
    unmatched = [p.message for p in problems if p.code not in TEXTS]
    assert unmatched == [] and len(kinds) > 50, sorted(set(TEXTS) - kinds)
    with app.test_request_context("/editor/?lang=de"):
        german = {problem.message: explain(problem) for problem in problems}
    # quoted values („praxis“, „practice“) are what the file says or must say, not the interface's words
    english = {m: g for m, g in german.items() if "`" in g or ENGLISH.search(re.sub("„[^“]*“", "", g))}
    assert english == {}
    with app.test_request_context("/editor/?lang=en"):
        translated = {problem.message: explain(problem) for problem in problems}
    assert all("`" not in text for text in translated.values())


def test_saving_a_faulty_entry_in_german_gives_only_german_messages(client, state_dir, write_entry):
    """Issue 14: no backticked field names and no English words in what the form says after a save."""
    from tests.editor.conftest import entry_form
    from tests.editor.test_editor import csrf, login

    write_entry("praxis-nebenan", title="Praxis nebenan")
    login(client, state_dir)
    page = client.get("/editor/new")
    answer = client.post("/editor/new", data=entry_form(
        csrf_token=csrf(page), base_revision="", slug="Falsches_Kürzel", title="", year="zwanzig",
        reviewed="2999-01-01", updated="gestern", summary="S" * 700, region="Hesen",
        sources="nur ein Titel\nBericht | ftp://example.org/b | 2024\nStudie | https://example.org/s | neunzehn",
        related="gibt-es-nicht", based_on="praxis-nebenan", actors="A" * 300))
    assert answer.status_code == 422
    html = answer.text
    summary = html.split('id="error-summary"')[1].split("</div>")[0]
    field_errors = re.findall(r'<ul class="field-errors"[^>]*>(.*?)</ul>', html, re.S)
    helps = re.findall(r'<p class="help"[^>]*>(.*?)</p>', html, re.S)
    messages = re.findall(r"<li>(.*?)</li>", summary + "".join(field_errors), re.S)
    assert len(messages) >= 2 * 12 and len(helps) > 20
    for text in messages + helps:
        plain = re.sub(r"<[^>]+>|„[^“]*“|&#34;[^&]*&#34;", "", text)
        assert "`" not in text and not ENGLISH.search(plain), text
