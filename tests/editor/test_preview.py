"""Issue 14: the editor's preview is the public entry page's own rendering, not a look of its own."""

from __future__ import annotations

import re
from datetime import date

from app.content.corpus import load_practice
from app.editor.form import EntryForm
from tests.editor.test_editor import csrf, login

BODY = ("## Ausgangslage\nLange Wege zwischen **Jobcenter** und Ausländerbehörde.\n\n"
        "## Empfehlung\nEine gemeinsame Anlaufstelle, siehe [Bericht](https://example.org/bericht).\n")


def _public_part(html: str) -> str:
    """The entry as the public page shows it: from the title to the sources and „Gestützt auf“."""
    part = html.split("<h1>", 1)[1].split('<p class="permalink">', 1)[0]
    part = re.sub(r'<p class="keep noprint">.*?</p>', "", part, flags=re.S)  # public only: the Merkliste
    return " ".join(("<h1>" + part).split())


def _preview_part(html: str) -> str:
    part = html.split('<h2 class="entry-title">', 1)[1].split("</article>", 1)[0]
    part = "<h1>" + part.replace("</h2>", "</h1>", 1)
    return " ".join(part.split())


def test_the_preview_shows_what_the_public_page_shows(client, state_dir, write_entry, content_dir):
    write_entry("anlaufstelle-musterkreis", title="Anlaufstelle im Musterkreis", outcome="positive")
    write_entry("gemeinsame-anlaufstelle", body=BODY, title="Gemeinsame Anlaufstelle für Neuzugewanderte",
                summary="Jobcenter und Ausländerbehörde beraten an einem Ort.", kind="recommendation",
                levels=["Kommune", "Land"], region="Hessen", place="Musterkreis", actors=["Jobcenter"],
                year=2023, evidence="monitored", outcome="mixed", phase="running", reviewed=date(2026, 10, 1),
                updated=date(2026, 9, 1), based_on=["anlaufstelle-musterkreis"],
                sources=[{"title": "Bericht", "url": "https://example.org/bericht", "year": 2024},
                         {"title": "Vorlage", "url": "https://example.org/vorlage"}])
    public = client.get("/practices/gemeinsame-anlaufstelle")
    assert public.status_code == 200

    login(client, state_dir)
    page = client.get("/editor/gemeinsame-anlaufstelle/edit")
    practice, _ = load_practice(content_dir, "gemeinsame-anlaufstelle")
    form = EntryForm.from_practice(practice).values
    preview = client.post("/editor/gemeinsame-anlaufstelle/edit",
                          data={**form, "csrf_token": csrf(page), "action": "preview",
                                "base_revision": practice.revision})
    assert preview.status_code == 200

    shown, previewed = _public_part(public.text), _preview_part(preview.text)
    for element in ("Gemeinsame Anlaufstelle für Neuzugewanderte", 'class="badge badge-kind badge-recommendation"',
                    'class="lead"', "Auf einen Blick", "<dt>Stand</dt>", "01.10.2026", "<strong>Jobcenter</strong>",
                    "<h2>Empfehlung</h2>", 'id="sources-heading"', "https://example.org/vorlage",
                    "Gestützt auf", "Anlaufstelle im Musterkreis"):
        assert element in shown, element
    assert previewed == shown


def test_a_preview_of_an_unfinished_entry_shows_what_can_be_read(client, state_dir):
    """A draft in progress with problems still gets the public look, without the values in error."""
    from tests.editor.conftest import entry_form

    login(client, state_dir)
    page = client.get("/editor/new")
    answer = client.post("/editor/new", data=entry_form(
        csrf_token=csrf(page), base_revision="", slug="halbfertig", title="Halb fertig", year="zwanzig",
        reviewed="bald", status="draft", action="preview", body="## Umsetzung\nErst **begonnen**."))
    assert answer.status_code == 200
    preview = answer.text.split('class="preview"', 1)[1].split('class="entry-form"', 1)[0]
    assert '<h2 class="entry-title">Halb fertig</h2>' in answer.text
    assert "<strong>begonnen</strong>" in preview and "<dt>Jahr</dt>" not in preview and "zwanzig" not in preview
    assert "als Entwurf noch nicht öffentlich" in answer.text
    assert 'id="error-summary"' in answer.text
    assert not (client.application.config["CONTENT_DIR"] / "halbfertig.md").exists()
