"""The editor over HTTP against a real ``praxisatlas serve`` on a content folder that is a git repository."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.editor.conftest import PRAXISATLAS, Browser, add_editor, entry_form, git

pytestmark = pytest.mark.slow


def search_slugs(content: Path, index: Path, query: str) -> list[str]:
    """What ``praxisatlas search --json`` finds, as the API would answer."""
    env = {**os.environ, "PRAXISATLAS_CONTENT_DIR": str(content), "PRAXISATLAS_INDEX_DIR": str(index)}
    out = subprocess.run([str(PRAXISATLAS), "search", "--json", query], env=env, check=True,
                         capture_output=True, text=True).stdout
    return [hit["slug"] for hit in json.loads(out)["results"]]


def test_an_editor_session_from_login_to_history(git_content, index_dir, state_dir, serve, write_entry):
    write_entry("kim-kreis-mettmann", title="Fallmanagement im Kreis Mettmann")
    git(git_content, "add", "kim-kreis-mettmann.md")
    git(git_content, "-c", "user.name=Setup", "-c", "user.email=setup@example.org", "commit", "-qm", "Seed")
    (git_content / "kaputt.md").write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    add_editor(state_dir, "anna", "richtig-pferd-batterie", "--name", "Anna Muster",
               "--email", "anna@example.org")
    server = serve(git_content, index_dir)
    anna = Browser(server.url)

    # without a login every editor page sends to the login page, and is never cached or indexed
    for path in ("/editor/", "/editor/new", "/editor/kim-kreis-mettmann/edit",
                 "/editor/kim-kreis-mettmann/history"):
        answer = anna.get(path)
        assert answer.status == 302 and "/editor/login" in answer.headers["Location"], path
    login_page = anna.get("/editor/login")
    assert login_page.headers["Cache-Control"] == "no-store"
    assert "noindex" in login_page.headers["X-Robots-Tag"]
    assert 'name="username"' in login_page.text and 'name="password"' in login_page.text

    # a login without the CSRF token is refused, and so is a wrong password
    no_token = anna.post("/editor/login", {"username": "anna", "password": "richtig-pferd-batterie"})
    assert no_token.status == 400
    wrong = anna.post("/editor/login", {"username": "anna", "password": "falsch-falsch",
                                        "csrf_token": login_page.csrf})
    assert wrong.status == 401 and "falsch" in wrong.text
    assert anna.get("/editor/").status == 302

    # login gives a new session cookie
    before = {c.name: c.value for c in anna.cookies}
    assert anna.login("anna").status == 302
    after = {c.name: c.value for c in anna.cookies}
    assert after.get("session") and after.get("session") != before.get("session")

    # the dashboard lists entries and every invalid file with its messages
    dashboard = anna.get("/editor/")
    assert dashboard.status == 200 and dashboard.headers["Cache-Control"] == "no-store"
    assert "Fallmanagement im Kreis Mettmann" in dashboard.text
    assert "kaputt.md" in dashboard.text and "kein gültiges YAML" in dashboard.text

    # a validation error is shown at its field, with everything typed kept
    new = anna.get("/editor/new")
    form = entry_form(slug="termine-musterstadt", year="zwanzig", csrf_token=new.csrf,
                      base_revision=new.base_revision)
    invalid = anna.post("/editor/new", form)
    assert invalid.status == 422
    assert 'id="year-error"' in invalid.text and "Das Jahr muss vierstellig sein" in invalid.text
    assert 'value="zwanzig"' in invalid.text and "Lange Schlangen vor der Behörde." in invalid.text
    assert not (git_content / "termine-musterstadt.md").exists()

    # the preview renders the sanitized body and writes nothing
    preview = anna.post("/editor/new", {**form, "year": "2023", "action": "preview",
                                        "body": "## Umsetzung\n<script>alert(1)</script>\n\nTermine **online**"})
    assert preview.status == 200 and "<strong>online</strong>" in preview.text
    assert "<script>alert(1)</script>" not in preview.text
    assert not (git_content / "termine-musterstadt.md").exists()

    # create: the file appears, is searchable at once, and is committed with Anna as its author
    created = anna.post("/editor/new", {**form, "year": "2023"})
    assert created.status == 302, created.text[-2000:]
    path = git_content / "termine-musterstadt.md"
    assert "title: Digitale Terminvergabe" in path.read_text("utf-8")
    assert "termine-musterstadt" in search_slugs(git_content, index_dir, "Terminvergabe")
    assert git(git_content, "log", "-1", "--format=%an <%ae>", "--", path.name).strip() == \
        "Anna Muster <anna@example.org>"
    assert "termine-musterstadt" not in git(git_content, "status", "--porcelain")

    # edit: two saves from the same base_revision; the first wins, the second gets 409 and both versions
    edit = anna.get("/editor/termine-musterstadt/edit")
    assert edit.status == 200 and 'value="Digitale Terminvergabe' in edit.text
    base = edit.base_revision
    first = anna.post("/editor/termine-musterstadt/edit", entry_form(
        title="Terminvergabe online in Musterstadt", csrf_token=edit.csrf, base_revision=base))
    assert first.status == 302
    second = anna.post("/editor/termine-musterstadt/edit", entry_form(
        title="Zweite Fassung ohne Kenntnis der ersten", csrf_token=edit.csrf, base_revision=base))
    assert second.status == 409
    assert "Terminvergabe online in Musterstadt" in second.text          # the version on disk
    assert "Zweite Fassung ohne Kenntnis der ersten" in second.text      # the editor's own
    text = path.read_text("utf-8")
    assert "title: Terminvergabe online in Musterstadt" in text and "Zweite Fassung" not in text
    assert "termine-musterstadt" in search_slugs(git_content, index_dir, "online Musterstadt")

    # a post without the CSRF token changes nothing
    forged = anna.post("/editor/termine-musterstadt/edit", entry_form(
        title="Gefälscht", base_revision=second.base_revision))
    assert forged.status == 400 and "Gefälscht" not in path.read_text("utf-8")

    # a draft leaves public search at once
    draft_page = anna.get("/editor/termine-musterstadt/edit")
    drafted = anna.post("/editor/termine-musterstadt/edit", entry_form(
        title="Terminvergabe online in Musterstadt", status="draft", csrf_token=draft_page.csrf,
        base_revision=draft_page.base_revision))
    assert drafted.status == 302
    assert "termine-musterstadt" not in search_slugs(git_content, index_dir, "Terminvergabe")
    assert "Terminvergabe online in Musterstadt" in anna.get("/editor/").text

    # history: every revision from git, authored by Anna, each with its diff, escaped
    history = anna.get("/editor/termine-musterstadt/history")
    assert history.status == 200 and history.headers["Cache-Control"] == "no-store"
    assert history.text.count('class="revision"') == 3
    assert "Anna Muster &lt;anna@example.org&gt;" in history.text
    assert "+title: Terminvergabe online in Musterstadt" in history.text
    assert "-title: Digitale Terminvergabe" in history.text

    # archive asks first, then deletes the file, commits and drops it from the index
    confirm = anna.get("/editor/termine-musterstadt/archive")
    assert confirm.status == 200 and path.exists()
    archived = anna.post("/editor/termine-musterstadt/archive", {
        "csrf_token": confirm.csrf, "base_revision": confirm.base_revision, "confirm": "yes"})
    assert archived.status == 302 and not path.exists()
    assert git(git_content, "log", "-1", "--format=%an %s").strip() == "Anna Muster Archiviert: termine-musterstadt"

    # logout is a POST and ends the session in every worker
    dashboard = anna.get("/editor/")
    assert anna.post("/editor/logout", {"csrf_token": dashboard.csrf}).status == 302
    assert anna.get("/editor/").status == 302


def test_failed_logins_are_limited_across_workers(git_content, index_dir, state_dir, serve):
    add_editor(state_dir, "bert")
    server = serve(git_content, index_dir)
    client = Browser(server.url)
    token = client.get("/editor/login").csrf
    statuses = [client.post("/editor/login", {"username": "bert", "password": f"falsch-{n}",
                                              "csrf_token": token}).status for n in range(6)]
    assert statuses == [401] * 5 + [429]
    # even the right password is refused until the window has passed
    right = client.post("/editor/login", {"username": "bert", "password": "richtig-pferd-batterie",
                                          "csrf_token": token})
    assert right.status == 429
