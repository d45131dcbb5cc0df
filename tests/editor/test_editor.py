"""Editor behaviour through the app's test client: accounts, form mapping, git failures, headers."""

from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from app.editor import accounts
from app.editor.cli import editor as editor_command
from tests.editor.conftest import CSRF_RE, PASSWORD, REVISION_RE, entry_form, git


def login(client, state_dir, username="dora"):  # type: ignore[no-untyped-def]
    accounts.add_editor(state_dir, username, PASSWORD, name="Dora Test", email="dora@example.org")
    token = CSRF_RE.search(client.get("/editor/login").text).group(1)
    answer = client.post("/editor/login", data={"username": username, "password": PASSWORD,
                                                "csrf_token": token})
    assert answer.status_code == 302
    return answer


def csrf(page) -> str:  # type: ignore[no-untyped-def]
    return CSRF_RE.search(page.text).group(1)


def test_the_account_command_asks_twice_and_stores_only_a_hash(state_dir, monkeypatch):
    monkeypatch.setenv("PRAXISATLAS_STATE_DIR", str(state_dir))
    result = CliRunner().invoke(editor_command, ["add", "emil"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    stored = b"".join(p.read_bytes() for p in state_dir.iterdir() if p.is_file())
    assert PASSWORD.encode() not in stored and b"$argon2id$" in stored
    assert accounts.check_password(state_dir, "emil", PASSWORD) is not None
    assert accounts.check_password(state_dir, "emil", "something-else") is None
    short = CliRunner().invoke(editor_command, ["add", "emil", "--password-stdin"], input="kurz\n")
    assert short.exit_code == 1 and "too short" in short.output


def test_login_starts_a_new_session_and_pages_say_noindex(client, state_dir):
    client.get("/editor/login")
    old = client.get_cookie("session").value
    login(client, state_dir)
    assert client.get_cookie("session").value != old
    page = client.get("/editor/")
    assert page.headers["Cache-Control"] == "no-store"
    assert '<meta name="robots" content="noindex' in page.text


def test_related_slugs_must_exist_and_errors_stay_at_their_field(client, state_dir, write_entry, content_dir):
    write_entry("vorhanden")
    login(client, state_dir)
    page = client.get("/editor/new")
    answer = client.post("/editor/new", data=entry_form(
        slug="neu", related="vorhanden\ngibt-es-nicht", title="", levels=[], csrf_token=csrf(page),
        base_revision=""))
    assert answer.status_code == 422
    errors = dict(re.findall(r'<ul class="field-errors" id="([a-z_]+)-error">(.*?)</ul>', answer.text, re.S))
    assert "gibt-es-nicht" in errors["related"] and "vorhanden" not in errors["related"]
    assert "title" in errors and "levels" in errors
    assert not (content_dir / "neu.md").exists()


def test_a_new_entry_cannot_replace_an_existing_file(client, state_dir, write_entry, content_dir):
    write_entry("schon-da", title="Das Original")
    login(client, state_dir)
    page = client.get("/editor/new")
    answer = client.post("/editor/new", data=entry_form(slug="schon-da", csrf_token=csrf(page),
                                                        base_revision=""))
    assert answer.status_code == 422 and 'id="slug-error"' in answer.text
    assert "Das Original" in (content_dir / "schon-da.md").read_text("utf-8")


def test_a_git_failure_is_shown_and_the_file_is_kept(client, state_dir, content_dir):
    subprocess.run(["git", "init", "--quiet"], cwd=content_dir, check=True)
    (content_dir / ".git" / "index.lock").write_text("", "utf-8")   # another git process holds the index
    login(client, state_dir)
    page = client.get("/editor/new")
    answer = client.post("/editor/new", data=entry_form(slug="trotzdem-gespeichert", csrf_token=csrf(page),
                                                        base_revision=""), follow_redirects=True)
    assert answer.status_code == 200
    assert "Gespeichert, aber nicht in git übernommen" in answer.text and "index.lock" in answer.text
    assert (content_dir / "trotzdem-gespeichert.md").is_file()


def test_an_invalid_file_opens_in_the_form_with_its_problems(client, state_dir, content_dir):
    (content_dir / "halb-fertig.md").write_text("---\ntitle: Halb fertig\nkind: practise\n---\nText\n", "utf-8")
    login(client, state_dir)
    dashboard = client.get("/editor/")
    assert "halb-fertig.md" in dashboard.text and "Meinten Sie „practice“?" in dashboard.text
    page = client.get("/editor/halb-fertig/edit")
    assert page.status_code == 200 and 'value="Halb fertig"' in page.text
    assert REVISION_RE.search(page.text).group(1)


def test_archive_needs_the_confirmation(client, state_dir, write_entry, content_dir):
    path = write_entry("weg-damit")
    subprocess.run(["git", "init", "--quiet"], cwd=content_dir, check=True)
    git(content_dir, "add", ".")
    git(content_dir, "-c", "user.name=S", "-c", "user.email=s@example.org", "commit", "-qm", "Seed")
    login(client, state_dir)
    page = client.get("/editor/weg-damit/archive")
    token, revision = csrf(page), REVISION_RE.search(page.text).group(1)
    client.post("/editor/weg-damit/archive", data={"csrf_token": token, "base_revision": revision})
    assert path.exists()
    answer = client.post("/editor/weg-damit/archive", data={"csrf_token": token, "base_revision": revision,
                                                            "confirm": "yes"})
    assert answer.status_code == 302 and not path.exists()
    history = client.get("/editor/weg-damit/history")
    assert history.text.count('class="revision"') == 2 and "Dora Test" in history.text


LAUGHS = ("---\ntitle: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
          "summary: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nplace: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
          "actors: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nrelated: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
          "sources: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\nkind: practice\n---\nText\n")


def test_an_entry_with_yaml_aliases_opens_in_the_editor_unexpanded(client, state_dir, content_dir):
    """Issue 16: the edit page expanded aliases (a 363-byte file became a 218 MB page)."""
    (content_dir / "lachen.md").write_text(LAUGHS, "utf-8")
    login(client, state_dir)
    page = client.get("/editor/lachen/edit")
    assert page.status_code == 200
    assert len(page.data) < 100_000
    assert "YAML-Anker und -Verweise (&amp; und *) sind nicht erlaubt" in page.text


def test_every_path_that_reads_an_entry_uses_the_one_yaml_loader():
    """Only app/content/yamlnodes.py turns YAML into values; PyYAML's loaders expand aliases."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "app"
    loaders = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load|load_all|safe_load_all)\(")
    users = [str(p.relative_to(root)) for p in root.rglob("*.py") if loaders.search(p.read_text("utf-8"))]
    assert users == []


@pytest.mark.parametrize("target", ["/editor%0D%0AX:1", "/editor%0AX:1", "//evil.example/editor",
                                    "/editor\\\\evil", "https://evil.example/editor", "/editorial",
                                    "/editor/%ZZ%0D", "/editor/x?y=%0D%0A"])
def test_a_bad_next_after_login_is_ignored_never_a_500(client, state_dir, target):
    """Issue 16: `next` with CR/LF answered 500 (and still set the session cookie)."""
    accounts.add_editor(state_dir, "dora", PASSWORD)
    token = CSRF_RE.search(client.get("/editor/login").text).group(1)
    answer = client.post(f"/editor/login?next={target}",
                         data={"username": "dora", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/editor/"
    assert client.get("/editor/").status_code == 200


def test_a_local_next_is_followed_after_login(client, state_dir):
    accounts.add_editor(state_dir, "dora", PASSWORD)
    token = CSRF_RE.search(client.get("/editor/login").text).group(1)
    answer = client.post("/editor/login?next=/editor/new%3Fx%3D1",
                         data={"username": "dora", "password": PASSWORD, "csrf_token": token})
    assert answer.headers["Location"] == "/editor/new?x=1"
