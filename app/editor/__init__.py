"""The web editor under /editor (issue 5)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass
