"""Fixtures for the pages: a small written corpus, and a real server with Chromium for browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Server, WriteEntry
from tests.web.corpus import write_corpus


@pytest.fixture
def corpus(write_entry: WriteEntry) -> list[Path]:
    return write_corpus(write_entry)


@pytest.fixture(scope="session")
def shipped_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``praxisatlas serve`` over the shipped corpus in practices/, with its own index."""
    tmp = tmp_path_factory.mktemp("shipped")
    server = Server({"PRAXISATLAS_CONTENT_DIR": str(ROOT / "practices"),
                     "PRAXISATLAS_INDEX_DIR": str(tmp / "index"),
                     "PRAXISATLAS_STATE_DIR": str(tmp / "state"),
                     "PRAXISATLAS_CONTACT_EMAIL": "barrierefreiheit@example.org"}, workers=2)
    yield server
    server.stop()


@pytest.fixture
def page(browser: Any, shipped_server: Server) -> Iterator[Any]:
    context = browser.new_context(base_url=shipped_server.url, locale="de-DE",
                                  java_script_enabled=True)
    third_party: list[str] = []

    def watch(request: Any) -> None:
        if not request.url.startswith(shipped_server.url) and not request.url.startswith("data:"):
            third_party.append(request.url)

    context.on("request", watch)
    tab = context.new_page()
    tab.third_party = third_party
    yield tab
    context.close()


@pytest.fixture
def sized(browser, shipped_server):  # type: ignore[no-untyped-def]
    """A new tab of the given width, with or without JavaScript; third-party requests are recorded."""
    contexts = []

    def open_tab(width: int, javascript: bool = True):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=shipped_server.url, locale="de-DE", java_script_enabled=javascript,
                                      viewport={"width": width, "height": 800})
        contexts.append(context)
        tab = context.new_page()
        tab.third_party = []
        context.on("request", lambda r: None if r.url.startswith((shipped_server.url, "data:"))
                   else tab.third_party.append(r.url))
        return tab

    yield open_tab
    for context in contexts:
        context.close()
