"""Editor fixtures: a content folder that is a git repository, an editor account, an HTTP session."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

PRAXISATLAS = Path(sys.executable).parent / "praxisatlas"
PASSWORD = "richtig-pferd-batterie"
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
REVISION_RE = re.compile(r'name="base_revision" value="([^"]*)"')


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def git_content(content_dir: Path) -> Path:
    """The content folder as a git repository with the vocabulary committed."""
    git(content_dir, "init", "--quiet", "--initial-branch=main")
    git(content_dir, "add", "vocabulary.yaml")
    git(content_dir, "-c", "user.name=Setup", "-c", "user.email=setup@example.org", "commit", "--quiet",
        "-m", "Vocabulary")
    return content_dir


@pytest.fixture
def state_dir(tmp_path: Path) -> Path:
    """The STATE_DIR that the ``serve`` and ``app`` fixtures use."""
    return tmp_path / "state"


def add_editor(state_dir: Path, username: str, password: str = PASSWORD, *extra: str) -> None:
    """Create an account through the real command, the password on standard input."""
    subprocess.run([str(PRAXISATLAS), "editor", "add", username, "--password-stdin", *extra],
                   input=password + "\n", text=True, check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "PRAXISATLAS_STATE_DIR": str(state_dir)})


@dataclass
class Answer:
    status: int
    text: str
    headers: dict[str, str]

    @property
    def csrf(self) -> str:
        match = CSRF_RE.search(self.text)
        assert match, "no CSRF token in the page"
        return match.group(1)

    @property
    def base_revision(self) -> str:
        match = REVISION_RE.search(self.text)
        assert match, "no base_revision in the page"
        return match.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects (so tests see them)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  _NoRedirect())

    def request(self, path: str, data: dict[str, object] | None = None) -> Answer:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(self.base + path, data=body)
        try:
            with self.opener.open(req, timeout=30) as response:
                return Answer(response.status, response.read().decode(), dict(response.headers))
        except urllib.error.HTTPError as exc:
            with exc:
                return Answer(exc.code, exc.read().decode(), dict(exc.headers))

    def get(self, path: str) -> Answer:
        return self.request(path)

    def post(self, path: str, data: dict[str, object]) -> Answer:
        return self.request(path, data)

    def login(self, username: str, password: str = PASSWORD) -> Answer:
        page = self.get("/editor/login")
        return self.post("/editor/login", {"username": username, "password": password,
                                           "csrf_token": page.csrf})


def entry_form(**values: object) -> dict[str, object]:
    """A complete, valid entry as the form posts it."""
    form: dict[str, object] = {
        "title": "Digitale Terminvergabe in der Ausländerbehörde Musterstadt",
        "summary": "Online-Termine verkürzen die Wartezeit.",
        "kind": "practice", "levels": ["Kommune"], "topics": ["steuerung"], "country": "DE",
        "region": "Hessen", "place": "Musterstadt", "municipality_type": "", "actors": "Ausländerbehörde",
        "year": "2023", "status": "published", "language": "de", "related": "", "evidence": "",
        "updated": "", "sources": "Bericht der Stadt | https://example.org/bericht | 2024",
        "outcome": "open", "phase": "running", "reviewed": "2026-11-01",
        "body": "## Ausgangslage\nLange Schlangen vor der Behörde.\n", "action": "save",
    }
    form.update(values)
    return form
