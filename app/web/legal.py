"""The pages a public body must publish: Impressum, privacy, method, accessibility statement.

Who publishes, where and who is responsible come from settings (``PRAXISATLAS_PUBLISHER`` …), so one
deployment's details are never written into a template.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from app.search_service import search_service
from app.web.views import language


def publisher() -> dict[str, object]:
    """The publisher's details from settings; the address as lines (``;`` separates them)."""
    config = current_app.config
    address = [line.strip() for line in str(config.get("PUBLISHER_ADDRESS") or "").split(";") if line.strip()]
    return {"name": config["PUBLISHER"], "address": address, "responsible": config.get("RESPONSIBLE") or "",
            "contact": config["CONTACT_EMAIL"]}


def impressum() -> str:
    return render_template("impressum.html", who=publisher())


def privacy() -> str:
    from app.i18n import COOKIE_AGE
    from app.web.merkliste import COOKIE_AGE as MERKLISTE_AGE

    return render_template("privacy.html", who=publisher(), cookie_days=COOKIE_AGE // 86400,
                           merkliste_days=MERKLISTE_AGE // 86400)


def method() -> str:
    vocab = search_service().vocabulary
    lang = language()
    terms = {facet: [(value, vocab.label(facet, value, lang)) for value in vocab.ids(facet)]
             for facet in ("kind", "evidence", "outcome", "phase")}
    return render_template("method.html", terms=terms, who=publisher())


def accessibility() -> str:
    return render_template("accessibility.html", who=publisher(),
                           reviewed=current_app.config["ACCESSIBILITY_REVIEWED"])


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/impressum", "impressum", impressum)
    bp.add_url_rule("/datenschutz", "privacy", privacy)
    bp.add_url_rule("/methode", "method", method)
    bp.add_url_rule("/barrierefreiheit", "accessibility", accessibility)
    bp.add_url_rule("/accessibility", "accessibility_en", accessibility)
