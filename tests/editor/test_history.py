"""Issue 14: the history compares fields and paragraphs, and any version can be restored as a new
commit (never a rewrite). A real git repository in a tmp folder, the app's test client."""

from __future__ import annotations

import re

import yaml

from tests.editor.conftest import REVISION_RE, entry_form, git
from tests.editor.test_editor import csrf, login

SLUG = "termine-musterstadt"
FIRST_BODY = "## Ausgangslage\nLange Schlangen vor der Behörde.\n\n## Umsetzung\nTermine am Telefon.\n"
SECOND_BODY = ("## Ausgangslage\nLange Schlangen vor der Behörde.\n\n## Umsetzung\nTermine online, rund um "
               "die Uhr.\n\n## Wirkung\nDie Wartezeit sank.\n")


def _save(client, **values):  # type: ignore[no-untyped-def]
    path = f"/editor/{SLUG}/edit" if "creating" not in values else "/editor/new"
    values.pop("creating", None)
    page = client.get(path)
    revision = REVISION_RE.search(page.text).group(1) if path != "/editor/new" else ""
    answer = client.post(path, data=entry_form(slug=SLUG, csrf_token=csrf(page), base_revision=revision, **values))
    assert answer.status_code == 302, answer.text[:2000]


def _entry_with_three_versions(client, state_dir):  # type: ignore[no-untyped-def]
    login(client, state_dir)
    _save(client, creating=True, title="Digitale Terminvergabe", body=FIRST_BODY)
    _save(client, title="Terminvergabe online in Musterstadt", body=FIRST_BODY, year="2024")
    _save(client, title="Terminvergabe online in Musterstadt", body=SECOND_BODY, year="2024",
          sources="Bericht der Stadt | https://example.org/bericht | 2024\n"
                  "Evaluation | https://example.org/eval | 2025")


def test_the_history_shows_field_and_paragraph_changes_with_german_subjects(client, state_dir, git_content):
    _entry_with_three_versions(client, state_dir)
    subjects = git(git_content, "log", "--format=%s", "--", f"{SLUG}.md").splitlines()
    assert subjects == [f"Geändert: {SLUG} (veröffentlicht)"] * 2 + [f"Neu: {SLUG} (veröffentlicht)"]

    page = client.get(f"/editor/{SLUG}/history").text
    versions = page.split('<li class="revision">')[1:]
    assert len(versions) == 3
    newest, middle, first = versions
    title_change = re.search(r"<dt>Titel</dt>\s*<dd>(.*?)</dd>", middle, re.S).group(1)
    assert "<del><span class=\"change-label\">bisher:</span> Digitale Terminvergabe</del>" in title_change
    assert "<ins><span class=\"change-label\">neu:</span> Terminvergabe online in Musterstadt</ins>" in title_change
    assert "<dt>Jahr</dt>" in middle and "2023" in middle and "paragraph-" not in middle  # body untouched
    assert "<dt>Titel</dt>" not in newest
    assert "Evaluation | https://example.org/eval | 2025" in newest
    assert '<del class="paragraph-del"><span class="change-label">Entfernt:</span> Termine am Telefon.</del>' in newest
    assert ('<ins class="paragraph-ins"><span class="change-label">Hinzugefügt:</span> Termine online, rund um die '
            "Uhr.</ins>") in newest
    assert "Die Wartezeit sank." in newest and "(3 Absätze unverändert)" in newest
    assert "In dieser Fassung wurde der Eintrag angelegt." in first
    # the current version has nothing to restore; every older one has its button
    assert "Diese Fassung wiederherstellen" not in newest
    assert "Diese Fassung wiederherstellen" in middle and "Diese Fassung wiederherstellen" in first


def test_restoring_a_version_adds_a_commit_with_its_content(client, state_dir, git_content):
    _entry_with_three_versions(client, state_dir)
    commits = git(git_content, "log", "--format=%H", "--", f"{SLUG}.md").split()
    first = commits[-1]
    old_content = git(git_content, "show", f"{first}:{SLUG}.md")
    history = client.get(f"/editor/{SLUG}/history")
    answer = client.post(f"/editor/{SLUG}/restore", data={
        "csrf_token": csrf(history), "commit": first, "base_revision": REVISION_RE.search(history.text).group(1)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/editor/{SLUG}/edit")

    assert (git_content / f"{SLUG}.md").read_text("utf-8") == old_content
    after = git(git_content, "log", "--format=%H %s", "--", f"{SLUG}.md").splitlines()
    assert len(after) == 4 and [line.split()[0] for line in after[1:]] == commits  # history kept as it was
    assert after[0].split(" ", 1)[1].startswith(f"Wiederhergestellt: {SLUG} (veröffentlicht, Fassung {first[:10]} vom ")
    assert git(git_content, "status", "--porcelain").strip() == ""
    # the index serves the restored version at once
    found = client.get("/api/v1/search?q=Digitale+Terminvergabe").get_json()
    assert [r["title"] for r in found["results"] if r["slug"] == SLUG] == ["Digitale Terminvergabe"]
    edit = client.get(f"/editor/{SLUG}/edit").text
    assert "wurde als neue Fassung gespeichert" in edit and 'value="Digitale Terminvergabe"' in edit
    newest = client.get(f"/editor/{SLUG}/history").text.split('<li class="revision">')[1]
    assert "<del><span class=\"change-label\">bisher:</span> Terminvergabe online in Musterstadt</del>" in newest


def test_a_restore_checks_like_a_save_and_never_overwrites_a_newer_version(client, state_dir, git_content,
                                                                           write_entry):
    write_entry("nachbar", title="Nachbar")
    git(git_content, "add", "nachbar.md")
    git(git_content, "-c", "user.name=S", "-c", "user.email=s@example.org", "commit", "-qm", "Nachbar")
    login(client, state_dir)
    _save(client, creating=True, title="Mit Verweis", related="nachbar")
    _save(client, title="Ohne Verweis", related="")
    commits = git(git_content, "log", "--format=%H", "--", f"{SLUG}.md").split()
    history = client.get(f"/editor/{SLUG}/history")
    token, revision = csrf(history), REVISION_RE.search(history.text).group(1)
    before = (git_content / f"{SLUG}.md").read_bytes()

    # another editor saved since the history page was shown: a conflict, nothing written
    stale = client.post(f"/editor/{SLUG}/restore", data={"csrf_token": token, "commit": commits[-1],
                                                          "base_revision": "0" * 64})
    assert stale.status_code == 409 and "es wurde nichts wiederhergestellt" in stale.text

    # the old version links to an entry that is gone today: refused like a save, in German
    (git_content / "nachbar.md").unlink()
    invalid = client.post(f"/editor/{SLUG}/restore", data={"csrf_token": token, "commit": commits[-1],
                                                            "base_revision": revision})
    assert invalid.status_code == 422
    assert "Einen Eintrag „nachbar“ gibt es nicht" in invalid.text and "sie ist heute nicht gültig" in invalid.text

    # only a version of this entry's own history, and only with the form's CSRF token
    other = git(git_content, "log", "--format=%H", "-1", "--", "vocabulary.yaml").strip()
    assert client.post(f"/editor/{SLUG}/restore", data={"csrf_token": token, "commit": other,
                                                         "base_revision": revision}).status_code == 404
    assert client.post(f"/editor/{SLUG}/restore", data={"commit": commits[-1],
                                                         "base_revision": revision}).status_code == 400
    assert (git_content / f"{SLUG}.md").read_bytes() == before
    assert git(git_content, "log", "--format=%H", "--", f"{SLUG}.md").split() == commits


def test_saving_keeps_the_order_of_topics_the_file_has(client, state_dir, git_content):  # type: ignore[no-untyped-def]
    login(client, state_dir)
    _save(client, creating=True, topics=["steuerung", "digitalisierung", "fallmanagement"])
    page = client.get(f"/editor/{SLUG}/edit")
    order = re.search(r'name="topics_order" value="([^"]*)"', page.text).group(1)
    # the boxes stand in vocabulary order, as a browser posts them; the hidden field keeps the file's
    answer = client.post(f"/editor/{SLUG}/edit", data=entry_form(
        slug=SLUG, csrf_token=csrf(page), base_revision=REVISION_RE.search(page.text).group(1),
        topics=["steuerung", "fallmanagement", "digitalisierung", "wohnen"], topics_order=order,
        title="Neuer Titel"))
    assert answer.status_code == 302
    front = (git_content / f"{SLUG}.md").read_text("utf-8").split("---\n")[1]
    assert yaml.safe_load(front)["topics"] == ["steuerung", "digitalisierung", "fallmanagement", "wohnen"]
    history = client.get(f"/editor/{SLUG}/history").text.split('<li class="revision">')[1]
    themes = re.search(r"<dt>Themen</dt>\s*<dd>(.*?)</dd>", history, re.S).group(1)
    assert "steuerung; digitalisierung; fallmanagement</del>" in themes  # nothing reordered:
    assert "steuerung; digitalisierung; fallmanagement; wohnen</ins>" in themes  # only one topic added
