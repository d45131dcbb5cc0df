"""Shared fixtures: real files in a temporary content folder, real indexes, a real app and server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PRAXISATLAS = Path(sys.executable).parent / "praxisatlas"
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (Playwright cannot download its own build here; `make browser` installs it)."""
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

DEFAULTS: dict[str, Any] = {
    "title": "Ein Eintrag",
    "summary": "Eine kurze Zusammenfassung.",
    "kind": "practice",
    "levels": ["Kommune"],
    "topics": ["steuerung"],
    "country": "DE",
    "sources": [{"title": "Quelle", "url": "https://example.org/quelle"}],
    "outcome": "open",
    "phase": "running",
    "reviewed": "2026-11-01",
}

WriteEntry = Callable[..., Path]


def indexed_corpus(root: Path, entries: dict[str, dict[str, Any]], vocabulary_extra: str = "") -> Any:
    """A content folder of ``entries`` (slug → front matter and ``body``) with the fixture vocabulary
    (plus ``vocabulary_extra`` appended), built into a real index: its SearchIndex (the caller closes it)."""
    from app.search import SearchIndex, build

    content = root / "content"
    content.mkdir()
    vocabulary = (FIXTURES / "vocabulary.yaml").read_text("utf-8") + vocabulary_extra
    (content / "vocabulary.yaml").write_text(vocabulary, "utf-8")
    for slug, fields in entries.items():
        fields = dict(fields)
        body = fields.pop("body")
        (content / f"{slug}.md").write_text(entry_text(body, **fields), "utf-8")
    build(content, root / "index")
    return SearchIndex(content, root / "index")


def entry_text(body: str = "## Ausgangslage\nText.\n", **fields: Any) -> str:
    """A whole entry file: front matter from DEFAULTS overridden by ``fields``, then the body."""
    data = {**DEFAULTS, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n{body}"


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(FIXTURES / "vocabulary.yaml", folder / "vocabulary.yaml")
    return folder


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def write_entry(content_dir: Path) -> WriteEntry:
    """Write ``<slug>.md`` into the content folder: ``write_entry("slug", body="…", title="…")``."""

    def write(slug: str, body: str = "## Ausgangslage\nText.\n", **fields: Any) -> Path:
        path = content_dir / f"{slug}.md"
        path.write_text(entry_text(body, **fields), "utf-8")
        return path

    return write


@pytest.fixture
def open_search() -> Iterator[Callable[[Path, Path], Any]]:
    """Open searches: ``open_search(content_dir, index_dir)`` is a SearchIndex, closed after the test."""
    from app.search import SearchIndex

    opened: list[SearchIndex] = []

    def open_one(content: Path, index: Path) -> SearchIndex:
        opened.append(SearchIndex(content, index))
        return opened[-1]

    yield open_one
    for engine in opened:
        engine.close()


@pytest.fixture
def search(open_search: Callable[[Path, Path], Any], content_dir: Path, index_dir: Path) -> Any:
    """The search over ``content_dir`` and ``index_dir`` (a SearchIndex), closed after the test."""
    return open_search(content_dir, index_dir)


@pytest.fixture
def app(content_dir: Path, index_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """An app over the test's folders; its search service is closed after the test."""
    from app import create_app
    from app.search_service import search_service

    app = create_app({"TESTING": True, "CONTENT_DIR": content_dir, "INDEX_DIR": index_dir,
                      "STATE_DIR": tmp_path / "state", "SECRET_KEY": "test-secret"})
    yield app
    search_service(app).close()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``praxisatlas serve`` in a subprocess on 127.0.0.1."""

    def __init__(self, env: dict[str, str], workers: int = 2, cwd: Path = ROOT) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        full_env = {**os.environ, **env}
        # the log goes to a file, not a pipe: nobody reads a pipe, and a full one would block the server
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(PRAXISATLAS), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers)],
            env=full_env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()[-2000:]}")
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start within 60 s: {self.output()[-2000:]}")

    def output(self) -> str:
        """What the server wrote to its log so far."""
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    """Start real servers: ``serve(content_dir, index_dir, workers=2, **extra_env)``."""
    servers: list[Server] = []

    def start(content: Path, index: Path, workers: int = 2, **extra: str) -> Server:
        env = {"PRAXISATLAS_CONTENT_DIR": str(content), "PRAXISATLAS_INDEX_DIR": str(index),
               "PRAXISATLAS_STATE_DIR": str(tmp_path / "state"), **extra}
        server = Server(env, workers)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run: Playwright's sync API allows one at a time."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
