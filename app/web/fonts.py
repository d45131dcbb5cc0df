"""The site's typeface, Source Sans 3, served from its Python package (SIL OFL 1.1).

The font comes from this server like every other resource: no request goes to a web-font host.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, send_file

FONT_FILES = {"source-sans-3.ttf": "SourceSans3[wght].ttf",
              "source-sans-3-italic.ttf": "SourceSans3-Italic[wght].ttf"}
ONE_YEAR = 365 * 24 * 3600


def font(name: str) -> Response:
    """One of the shipped font files; a 404 for any other name (no path ever comes from the URL)."""
    import fontpkg_source_sans_3

    if name not in FONT_FILES:
        abort(404)
    return send_file(fontpkg_source_sans_3.ROOT / "files" / FONT_FILES[name], mimetype="font/ttf",
                     max_age=ONE_YEAR, conditional=True)


def font_licence() -> Response:
    """The font's licence, which the OFL asks to travel with the font."""
    import fontpkg_source_sans_3

    text = (fontpkg_source_sans_3.ROOT / "LICENSE").read_text("utf-8")
    return Response(text, mimetype="text/plain")


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/fonts/<name>", "font", font)
    bp.add_url_rule("/fonts/LICENSE.txt", "font_licence", font_licence)
