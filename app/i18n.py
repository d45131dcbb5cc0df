"""Language of the interface: German by default, English by choice or by Accept-Language.

The interface strings are written in German (the source language) and translated in
``app/translations/en``. The compiled ``.mo`` is committed; it is also recompiled at start-up when
the ``.po`` is newer, so an edited translation cannot be silently ignored.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import Flask, Response, g, request
from flask_babel import Babel

from app.security import set_cookie

LANGUAGES = ("de", "en")
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
COOKIE_AGE = 365 * 24 * 3600


def select_locale() -> str:
    """``?lang=`` wins, then the ``lang`` cookie set by the switch, then the browser's preference."""
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="de") or "de"


def without_interface_language() -> None:
    """For a blueprint's ``before_request``: its answers are the same in every interface language (the
    API), so they neither set the language cookie nor vary by it."""
    g.language_neutral = True


def remember_language(response: Response) -> Response:
    """A visible switch (``?lang=en``) sets the cookie, so the choice holds on the next pages."""
    neutral = g.get("language_neutral", False)
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get("lang") != chosen and not neutral:
        set_cookie(response, "lang", chosen, COOKIE_AGE)
    if not neutral and request.endpoint != "static":
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def compile_catalogs(folder: Path = TRANSLATIONS) -> None:
    """Compile every ``messages.po`` whose ``.mo`` is missing or older (atomic, safe with many workers)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in folder.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        try:
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle)
            fd, tmp = tempfile.mkstemp(dir=mo_path.parent, prefix=".messages.")
            with os.fdopen(fd, "wb") as out:
                write_mo(out, catalog)
            os.replace(tmp, mo_path)
        except OSError:  # a read-only install: the shipped .mo is used as it is
            continue


def init_app(app: Flask) -> None:
    compile_catalogs()
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_language)
