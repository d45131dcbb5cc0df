"""Language of the interface: German by default, English by choice or by Accept-Language."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel

LANGUAGES = ("de", "en")


def select_locale() -> str:
    """``?lang=`` wins, then the ``lang`` cookie set by the switch, then the browser's preference."""
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="de") or "de"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(app.root_path + "/translations"))
    Babel(app, locale_selector=select_locale)
