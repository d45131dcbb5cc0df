"""The pages for people: search, entry, stats, map, compare, feeds and exports."""

from __future__ import annotations

import zlib
from datetime import date
from typing import Any

from flask import Flask, request
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from app.search_service import search_service
from app.web import atlas, citation, exports, fonts, legal, merkliste, overview
from app.web.state import SearchState
from app.web.views import bp

overview.register(bp)
atlas.register(bp)
fonts.register(bp)
legal.register(bp)
citation.register(bp)
exports.register(bp)
merkliste.register(bp)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.context_processor(_template_globals)
    app.add_template_filter(day)
    app.register_error_handler(404, _not_found)


def _template_globals() -> dict[str, Any]:
    def switch_language(lang: str) -> str:
        pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
        return SearchState([*pairs, ("lang", lang)]).url(request.path)

    lang = str(get_locale() or "de")

    def vocab_label(facet: str, value: str) -> str:
        return search_service().vocabulary.label(facet, value, lang)

    from flask import current_app

    return {"switch_language": switch_language, "current_language": lang, "vocab_label": vocab_label,
            "facet_titles": FACET_TITLES, "publisher": current_app.config["PUBLISHER"],
            "contact": current_app.config["CONTACT_EMAIL"], "option_id": option_id}


FACET_TITLES = {
    "kind": _l("Art"), "level": _l("Ebene"), "topic": _l("Thema"), "country": _l("Land"),
    "region": _l("Bundesland / Region"), "municipality_type": _l("Gebietstyp"), "evidence": _l("Evidenz"),
    "outcome": _l("Ergebnis"), "year": _l("Jahr"),
}


def option_id(facet: str, value: str) -> str:
    """A stable HTML id for one facet value's checkbox (values hold spaces, commas, umlauts)."""
    return f"{facet}-{zlib.crc32(value.encode('utf-8')):08x}"


def day(value: date | str | None) -> str:
    """A date as the interface language writes it (20.11.2026, Nov 20, 2026); records carry ISO text."""
    if not value:
        return ""
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "medium")


def _not_found(error: Exception) -> Any:
    from flask import render_template

    return render_template("error.html", status=404), 404
