"""Response headers and limits that protect every page (issue 6 fills this in)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass
