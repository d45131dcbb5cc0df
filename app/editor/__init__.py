"""The web editor under /editor (issue 5): accounts, forms with preview, saving, history."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.editor import history  # noqa: F401  (its routes join the blueprint)
    from app.editor.views import bp

    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    if app.config.get("TLS"):
        app.config["SESSION_COOKIE_SECURE"] = True
    app.register_blueprint(bp)
