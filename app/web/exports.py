"""Any search as an Atom feed, a CSV or JSON export (every matching entry), and the codebook."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import lazy_gettext as _l

from app.links import public_root, public_url
from app.search import SearchRequest
from app.search_service import search_service
from app.web.state import SearchState, read_search
from app.web.views import language

FEED_LIMIT = 500


def _join(values: Any) -> str:
    return "; ".join(str(v) for v in values or [])


Label = Callable[[str, str], str]
"""(facet, value) → the value's label in the interface language."""


def _label(facet: str, key: str) -> Any:
    """A reader of the interface-language labels of one coded field (``topics`` → their labels)."""

    def read(record: dict[str, Any], label: Label) -> str:
        value = record.get(key)
        values = value if isinstance(value, list) else [value] if value else []
        return "; ".join(label(facet, str(v)) for v in values)

    return read


def _sources(record: dict[str, Any], label: Label) -> str:
    return "; ".join(f"{s['title']} <{s['url']}>" for s in record.get("sources") or [])


# the exported columns, in order: name, what it holds, how a value is read from a record
COLUMNS: list[tuple[str, Any, Any]] = [
    ("slug", _l("Kennung des Eintrags, stabil; zugleich der Dateiname."), lambda r, label: r["slug"]),
    ("url", _l("Vollständige Adresse der Eintragsseite."), lambda r, label: public_url(
        "web.practice_page", slug=r["slug"])),
    ("title", _l("Titel des Eintrags."), lambda r, label: r["title"]),
    ("summary", _l("Zusammenfassung in einem Satz bis einem kurzen Absatz."), lambda r, label: r["summary"]),
    ("kind", _l("Art: practice (Praxisbeispiel) oder recommendation (Handlungsempfehlung)."),
     lambda r, label: r["kind"]),
    ("kind_label", _l("Art als Bezeichnung in der Sprache der Oberfläche (Praxisbeispiel, Handlungsempfehlung)."),
     _label("kind", "kind")),
    ("levels", _l("Ebenen, die handeln oder angesprochen sind: Kommune, Land, Bund; mehrere durch „; “ "
                  "getrennt."), lambda r, label: _join(r["levels"])),
    ("topics", _l("Themen als Kennungen des Vokabulars (siehe /api/v1/vocabulary), durch „; “ getrennt."),
     lambda r, label: _join(r["topics"])),
    ("topics_label", _l("Themen als Bezeichnungen in der Sprache der Oberfläche, durch „; “ getrennt."),
     _label("topic", "topics")),
    ("country", _l("Land: DE, SE, FR oder EU."), lambda r, label: r["country"]),
    ("country_label", _l("Land als Bezeichnung (Deutschland, Schweden …)."),
     _label("country", "country")),
    ("region", _l("Bundesland (bei DE) oder Region; leer, wenn nicht angegeben."),
     lambda r, label: r.get("region") or ""),
    ("place", _l("Kommune oder Gebiet; leer, wenn nicht angegeben."), lambda r, label: r.get("place") or ""),
    ("municipality_type", _l("Gebietskörperschaftstyp als Kennung des Vokabulars, z. B. landkreis."),
     lambda r, label: r.get("municipality_type") or ""),
    ("municipality_type_label", _l("Gebietstyp als Bezeichnung; leer, wenn nicht angegeben."),
     _label("municipality_type", "municipality_type")),
    ("actors", _l("Beteiligte Akteure (freier Text), durch „; “ getrennt."),
     lambda r, label: _join(r.get("actors"))),
    ("year", _l("Jahr des Beginns der Praxis oder der Empfehlung; leer, wenn unbekannt."),
     lambda r, label: r.get("year") or ""),
    ("language", _l("Sprache des Eintrags: de oder en."), lambda r, label: r.get("language") or "de"),
    ("evidence", _l("Evidenz: evaluated (Evaluation oder Studie liegt vor), monitored (Kennzahlen der "
                    "Betreibenden), described (beschrieben, ohne Zahlen); leer, wenn nicht angegeben."),
     lambda r, label: r.get("evidence") or ""),
    ("evidence_label", _l("Evidenz als Bezeichnung; leer, wenn nicht angegeben."),
     _label("evidence", "evidence")),
    ("outcome", _l("Ergebnis laut den zitierten Quellen: positive (positiv), mixed (gemischt), negative "
                   "(negativ), open (offen: noch keine Quelle berichtet eine Wirkung); leer, wenn nicht "
                   "angegeben."), lambda r, label: r.get("outcome") or ""),
    ("outcome_label", _l("Ergebnis als Bezeichnung; leer, wenn nicht angegeben."),
     _label("outcome", "outcome")),
    ("phase", _l("Phase zum Stand der Prüfung: planned (geplant), running (laufend), ended (beendet), unknown "
                 "(unbekannt); leer, wenn nicht angegeben."), lambda r, label: r.get("phase") or ""),
    ("phase_label", _l("Phase als Bezeichnung; leer, wenn nicht angegeben."),
     _label("phase", "phase")),
    ("reviewed", _l("Stand: Datum, an dem der Eintrag zuletzt an seinen Quellen geprüft wurde (JJJJ-MM-TT); "
                    "leer, wenn nicht angegeben."), lambda r, label: r.get("reviewed") or ""),
    ("updated", _l("Datum der letzten inhaltlichen Überarbeitung (JJJJ-MM-TT); leer, wenn nicht angegeben."),
     lambda r, label: r.get("updated") or ""),
    ("sources", _l("Quellen als „Titel <URL>“, durch „; “ getrennt."), _sources),
    ("related", _l("Kennungen verwandter Einträge, durch „; “ getrennt."), lambda r, label: _join(r.get("related"))),
    ("based_on", _l("Nur Handlungsempfehlungen: Kennungen der Einträge, auf die sich die Empfehlung stützt, "
                    "durch „; “ getrennt."), lambda r, label: _join(r.get("based_on"))),
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _all_records() -> tuple[list[dict[str, Any]], SearchRequest, SearchState]:
    """Every entry of this request's search; a 400 naming the bad parameters rather than a silently
    wider export (a researcher would not notice that a filter was dropped)."""
    search, errors, _ = read_search(language())
    if errors:
        abort(Response("Bad search parameters: " + "; ".join(str(e) for e in errors) + "\n", 400,
                       mimetype="text/plain"))
    return search_service().search_all(search), search, SearchState.from_request_obj(search)


# ?dialect=: the standard (RFC 4180, comma) or German spreadsheets' (semicolon: Excel and LibreOffice
# with German settings split a line at „;“ and read „,“ as the decimal sign); both UTF-8 with a BOM
CSV_DIALECTS = {"standard": (",", ""), "excel-de": (";", "-excel")}
"""dialect → (delimiter, what the file name adds)."""


def csv_dialect() -> tuple[str, str]:
    """The delimiter and file-name suffix of this request's ``?dialect=``, or a 400 naming the parameter."""
    dialect = request.args.get("dialect", "standard")
    if dialect not in CSV_DIALECTS:
        abort(Response(f"Bad search parameters: dialect: {dialect!r} is not one of "
                       f"{', '.join(CSV_DIALECTS)}\n", 400, mimetype="text/plain"))
    return CSV_DIALECTS[dialect]


def csv_response(records: list[dict[str, Any]], name: str = "praxisatlas") -> Response:
    """These records as CSV in the requested dialect, one row each, with the codebook's columns;
    ``name`` is the start of the file name."""
    delimiter, suffix = csv_dialect()
    vocab, lang = search_service().vocabulary, language()

    def label(facet: str, value: str) -> str:
        return vocab.label(facet, value, lang)

    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([column for column, _, _ in COLUMNS])
    for record in records:
        writer.writerow([_cell(read(record, label)) for _, _, read in COLUMNS])
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}{suffix}.csv"'})


def json_response(records: list[dict[str, Any]], head: dict[str, Any],
                  name: str = "praxisatlas") -> Response:
    """These records as JSON (``head`` first, then ``total`` and ``results`` with each entry's address)."""
    body = {**head, "total": len(records),
            "results": [{**r, "url": public_url("web.practice_page", slug=r["slug"])} for r in records]}
    return Response(json.dumps(body, ensure_ascii=False, indent=1), mimetype="application/json",
                    headers={"Content-Disposition": f'inline; filename="{name}.json"'})


def export_csv() -> Response:
    csv_dialect()  # a bad dialect is reported before the search runs
    records, _, _ = _all_records()
    return csv_response(records)


def export_json() -> Response:
    records, search, _ = _all_records()
    return json_response(records, {"query": search.q})


def _timestamp(record: dict[str, Any]) -> datetime:
    """When an entry last changed: its ``updated`` date, else 1 January of its year.

    Not the file's modification time: a fresh clone or deployment would make every entry look new
    to feed readers each time.
    """
    if record.get("updated"):
        day = date.fromisoformat(str(record["updated"])[:10])
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    return datetime(int(record.get("year") or 2000), 1, 1, tzinfo=UTC)


def feed() -> Response:
    records, search, state = _all_records()
    stamped = sorted(((_timestamp(r), r) for r in records), key=lambda tr: (tr[0], tr[1]["slug"]),
                     reverse=True)[:FEED_LIMIT]
    updated = max((t for t, _ in stamped), default=datetime(2000, 1, 1, tzinfo=UTC))
    root = public_root()
    xml = render_template("feed.xml", entries=stamped, updated=updated, search=search, root=root,
                          self_url=root + state.url("/feed.atom", drop=("page", "per_page")),
                          html_url=root + state.url("/", drop=("page", "per_page")))
    return Response(xml, mimetype="application/atom+xml")


def codebook() -> str:
    return render_template("codebook.html", columns=[(name, str(text)) for name, text, _ in COLUMNS])


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/feed.atom", "feed", feed)
    bp.add_url_rule("/export.csv", "export_csv", export_csv)
    bp.add_url_rule("/export.json", "export_json", export_json)
    bp.add_url_rule("/export/codebook", "codebook", codebook)
