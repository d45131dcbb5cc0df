"""The pages for people: search, entry, stats, compare, feeds and exports."""

from __future__ import annotations

from flask import Flask

from app.web.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
