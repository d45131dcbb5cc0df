"""The API tests use the same small corpus of real entry files as the page tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import WriteEntry
from tests.web.corpus import write_corpus


@pytest.fixture
def corpus(write_entry: WriteEntry) -> list[Path]:
    return write_corpus(write_entry)


from tests.web.conftest import shipped_server  # noqa: E402,F401  (one server over the shipped corpus)
