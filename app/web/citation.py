"""How to cite an entry: a citation line for people and CSL-JSON for reference managers."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, current_app
from flask_babel import gettext as _

from app.links import public_url
from app.web.views import entry_or_404


def _date_parts(day: date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(practice: Any, today: date) -> dict[str, Any]:
    """One CSL-JSON item (the format Zotero, Citavi and pandoc read) for an entry page."""
    item: dict[str, Any] = {
        "id": f"praxisatlas-{practice.slug}",
        "type": "webpage",
        "title": practice.title,
        "container-title": "Praxisatlas",
        "publisher": current_app.config["PUBLISHER"],
        "author": [{"literal": current_app.config["PUBLISHER"]}],
        "abstract": practice.summary,
        "URL": public_url("web.practice_page", slug=practice.slug),
        "language": practice.language,
        "accessed": _date_parts(today),
    }
    issued = practice.updated or practice.reviewed
    if issued:
        item["issued"] = _date_parts(issued)
    return item


def citation_line(practice: Any, today: date, day: Any) -> str:
    """``Publisher: Title. In: Praxisatlas, Stand 1 Nov 2026. URL (accessed …).``"""
    parts = [f"{current_app.config['PUBLISHER']}: {practice.title}. In: Praxisatlas"]
    if practice.reviewed:
        parts.append(_(", Stand %(day)s", day=day(practice.reviewed)))
    url = public_url("web.practice_page", slug=practice.slug)
    parts.append(". " + _("%(url)s (abgerufen am %(day)s).", url=url, day=day(today)))
    return "".join(parts)


def error_report_link(practice: Any) -> str:
    """A mailto link to the contact address with the entry's slug and address already written."""
    url = public_url("web.practice_page", slug=practice.slug)
    subject = _("Praxisatlas: Fehler im Eintrag %(slug)s", slug=practice.slug)
    body = _("Eintrag: %(url)s\n\nWas ist falsch oder veraltet? Gibt es eine Quelle dafür?\n\n", url=url)
    return f"mailto:{current_app.config['CONTACT_EMAIL']}?subject={quote(subject)}&body={quote(body)}"


def csl_json(slug: str) -> Response:
    practice = entry_or_404(slug)
    body = json.dumps([csl_item(practice, date.today())], ensure_ascii=False, indent=1)
    return Response(body, mimetype="application/vnd.citationstyles.csl+json",
                    headers={"Content-Disposition": f'attachment; filename="{slug}.csl.json"'})


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/practices/<slug>.csl.json", "practice_csl", csl_json)
