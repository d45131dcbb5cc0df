"""The editor's side of issue 13: the review list on /editor/ and the new fields through the form."""

from __future__ import annotations

from datetime import date

from tests.editor.test_editor import csrf, login

TODAY = date.today().isoformat()


def test_the_dashboard_lists_entries_to_review_with_their_lines(client, state_dir, write_entry):
    write_entry("gut-belegt", title="Gut belegt", outcome="positive", phase="running", reviewed=date.today(),
                sources=[{"title": "Bericht", "url": "https://example.org/bericht", "year": 2024}])
    write_entry("startseite", title="Nur Startseite", outcome="open", phase="unknown", reviewed=date.today(),
                sources=[{"title": "Presse", "url": "https://www.ndr.de/", "year": 2024}])
    login(client, state_dir)
    page = client.get("/editor/").text
    section = page.split('id="review-list"')[1].split("</section>")[0]
    assert "Zu prüfen (1 Eintrag)" in section
    assert 'href="/editor/?review=front_page#entries">Links auf Startseiten (1)' in section
    listed = client.get("/editor/?review=front_page").text.split('id="entries"')[1]
    assert "Nur Startseite" in listed and 'href="/editor/startseite/edit"' in listed
    assert "Zeile 12: Quelle 1 verweist auf die Startseite einer Website (https://www.ndr.de/)" in listed
    assert "Gut belegt" not in listed
    english = client.get("/editor/?lang=en").text
    assert "To review (1 entry)" in english


def test_the_form_keeps_outcome_phase_reviewed_and_based_on(client, state_dir, write_entry, content_dir):
    write_entry("basis", title="Basis", outcome="positive", phase="running", reviewed=date.today())
    login(client, state_dir)
    page = client.get("/editor/new")
    form = {"csrf_token": csrf(page), "base_revision": "", "slug": "empfehlung-neu", "title": "Empfehlung neu",
            "summary": "Kurz.", "kind": "recommendation", "levels": ["Land"], "topics": ["steuerung"],
            "country": "DE", "status": "published", "language": "de", "outcome": "open", "phase": "planned",
            "reviewed": TODAY, "based_on": "basis\ngibt-es-nicht", "sources": "Quelle | https://example.org/q | 2025",
            "body": "## Empfehlung\nText.\n", "action": "save"}
    refused = client.post("/editor/new", data=form)
    assert refused.status_code == 422 and "„Gestützt auf“: Einen Eintrag „gibt-es-nicht“ gibt es nicht." in refused.text
    assert not (content_dir / "empfehlung-neu.md").exists()
    saved = client.post("/editor/new", data={**form, "based_on": "basis"})
    assert saved.status_code == 302
    text = (content_dir / "empfehlung-neu.md").read_text("utf-8")
    assert "outcome: open\n" in text and "phase: planned\n" in text and f"reviewed: {TODAY}\n" in text
    assert "based_on:\n- basis\n" in text
    edit = client.get("/editor/empfehlung-neu/edit").text
    assert '<option value="open" selected>Offen (open)</option>' in edit
    assert f'name="reviewed" type="date" value="{TODAY}"' in edit
