"""What the editor says to an editor, in the interface language: field labels, help texts, problems.

The content layer's validator speaks English to developers (``praxisatlas validate``, CI) and stays
the one source of truth for *what* is wrong. Each of its problems carries a stable ``code`` and the
values in its message (``params``); this module is the one place that turns them into the editor's
words (German source, English in ``app/translations/en``). A problem whose code has no text here is
shown as the validator wrote it, so nothing is ever hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.content.model import Problem

LABELS = {
    "slug": _l("Kürzel (Dateiname)"), "title": _l("Titel"), "summary": _l("Zusammenfassung"),
    "kind": _l("Art"), "levels": _l("Ebenen"), "topics": _l("Themen"), "country": _l("Land (Staat)"),
    "region": _l("Region / Bundesland"), "place": _l("Ort"), "municipality_type": _l("Gebietskörperschaft"),
    "actors": _l("Akteure (einer pro Zeile)"), "year": _l("Jahr"), "status": _l("Status"),
    "language": _l("Sprache"), "sources": _l("Quellen (eine pro Zeile: Titel | URL | Jahr)"),
    "related": _l("Verwandte Einträge (Kürzel, eines pro Zeile)"),
    "updated": _l("Zuletzt inhaltlich überarbeitet"), "evidence": _l("Evidenz"), "body": _l("Text (Markdown)"),
    "outcome": _l("Ergebnis"), "phase": _l("Phase"), "reviewed": _l("Stand (zuletzt an den Quellen geprüft)"),
    "based_on": _l("Gestützt auf (Kürzel, eines pro Zeile; nur Empfehlungen)"),
}
"""The label of each form field, also the name a problem message gives the field."""

SHORT_NAMES = {
    "slug": _l("Kürzel"), "actors": _l("Akteure"), "sources": _l("Quellen"), "related": _l("Verwandte Einträge"),
    "updated": _l("Zuletzt inhaltlich überarbeitet"), "reviewed": _l("Stand"), "based_on": _l("Gestützt auf"),
}
"""Where a label carries instructions, the plain name used inside a sentence."""

CHOICE_LABELS = {
    "status": {"published": _l("veröffentlicht"), "draft": _l("Entwurf")},
    "language": {"de": _l("Deutsch"), "en": _l("Englisch")},
}
"""Labels of the choices that come from the field table, not from the vocabulary."""

HELP = {
    "title": _l("Was und wo, z. B. „Digitale Terminvergabe in der Ausländerbehörde Musterstadt“."),
    "summary": _l("Ein Satz bis ein kurzer Absatz, reiner Text."),
    "kind": _l("Gute Praxis oder Empfehlung."),
    "levels": _l("Wer handelt oder wer angesprochen ist."),
    "topics": _l("Themen aus dem Vokabular."),
    "country": _l("Deutschland, Schweden, Frankreich oder EU."),
    "region": _l("Für Deutschland eines der 16 Bundesländer."),
    "place": _l("Kommune oder Gebiet."),
    "municipality_type": _l("Art der Gebietskörperschaft."),
    "actors": _l("Beteiligte Organisationen, freier Text."),
    "year": _l("Jahr, in dem die Praxis begann oder die Empfehlung ausgesprochen wurde, vierstellig."),
    "status": _l("Veröffentlicht oder Entwurf."),
    "language": _l("Sprache des Eintrags: Deutsch oder Englisch."),
    "sources": _l("Woher die Angaben stammen: Titel, URL und Jahr."),
    "related": _l("Kürzel von Einträgen, die zusammengehören."),
    "updated": _l("Datum der letzten inhaltlichen Überarbeitung."),
    "evidence": _l("Evaluiert, beobachtet oder beschrieben."),
    "outcome": _l("Was die Quellen über die Wirkung berichten: positiv, gemischt, negativ oder offen."),
    "phase": _l("Geplant, laufend, beendet oder unbekannt, zum Stand der Prüfung."),
    "reviewed": _l("Tag, an dem der Eintrag zuletzt an seinen Quellen geprüft wurde."),
    "based_on": _l("Nur für Empfehlungen: Kürzel der Einträge, auf die sie sich stützt."),
}
"""The help text under each input (the validator's ``FieldRule.help`` is its English counterpart)."""


def field_name(key: str) -> str:
    """A front-matter key as the editor knows the field, e.g. ``year`` → „Jahr“."""
    return str(SHORT_NAMES.get(key) or LABELS.get(key) or key)


def _hint(p: Mapping[str, Any]) -> str:
    """The validator's „did you mean“ / „allowed“ tail, in the interface language."""
    if p.get("suggestion"):
        return " " + _("Meinten Sie „%(value)s“?", value=p["suggestion"])
    if p.get("allowed"):
        values = ", ".join(f"„{value}“" for value in p["allowed"])
        return " " + _("Erlaubt: %(values)s.", values=values)
    return ""


Explain = Callable[[Mapping[str, Any]], str]
TEXTS: dict[str, Explain] = {
    # one field of an entry (``field`` is the field's name in the editor)
    "required": lambda p: _("„%(field)s“ ist ein Pflichtfeld; bitte ausfüllen.", field=p["field"]),
    "year_format": lambda p: _("Das Jahr muss vierstellig sein (z. B. 2023), nicht „%(value)s“.", value=p["value"]),
    "year_range": lambda p: _("Das Jahr %(year)s liegt nicht zwischen %(low)s und %(high)s.", year=p["year"],
                              low=p["low"], high=p["high"]),
    "not_a_date": lambda p: _("„%(field)s“ muss ein Datum sein (JJJJ-MM-TT), nicht „%(value)s“.",
                              field=p["field"], value=p["value"]),
    "not_in_vocabulary": lambda p: _("„%(value)s“ ist für „%(field)s“ nicht vorgesehen.", value=p["value"],
                                     field=p["field"]) + _hint(p),
    "too_long": lambda p: _("„%(field)s“ ist %(length)s Zeichen lang; erlaubt sind höchstens %(limit)s.",
                            field=p["field"], length=p["length"], limit=p["limit"]),
    "item_too_long": lambda p: _("„%(field)s“, Zeile %(number)s: höchstens %(limit)s Zeichen.", field=p["field"],
                                 number=p["number"], limit=p["limit"]),
    "not_a_slug": lambda p: _("„%(value)s“ ist kein Kürzel (Kleinbuchstaben, Ziffern und einzelne Bindestriche).",
                              value=p["value"]),
    "source_title": lambda p: _("Quelle %(number)s: Der Titel fehlt.", number=p["number"]),
    "source_url": lambda p: _("Quelle %(number)s: Die URL muss mit http:// oder https:// beginnen.",
                              number=p["number"]),
    "source_year": lambda p: _("Quelle %(number)s: Das Jahr muss vierstellig sein (z. B. 2023).", number=p["number"]),
    "published_needs_sources": lambda p: _("Ein veröffentlichter Eintrag braucht mindestens eine Quelle (oder den "
                                           "Status Entwurf)."),
    "published_needs": lambda p: _("Ein veröffentlichter Eintrag braucht „%(field)s“ (oder den Status Entwurf).",
                                   field=p["field"]),
    "based_on_practice": lambda p: _("„Gestützt auf“ gibt es nur bei Empfehlungen; für andere Verweise dient "
                                     "„Verwandte Einträge“."),
    "reviewed_future": lambda p: _("Der Stand %(day)s liegt in der Zukunft; geben Sie den Tag der Prüfung an.",
                                   day=p["day"]),
    "not_a_land": lambda p: _("„%(value)s“ ist kein deutsches Bundesland.", value=p["value"]) + _hint(p),
    "unknown_key": lambda p: _("Unbekanntes Feld „%(key)s“.", key=p["key"]) + _hint(p),
    "text_not_list": lambda p: _("„%(field)s“ muss ein einzelner Text sein, keine Liste.", field=p["field"]),
    "text_not_mapping": lambda p: _("„%(field)s“ muss ein einzelner Text sein, keine Zuordnung (Schlüssel: Wert).",
                                    field=p["field"]),
    "one_text_not_list": lambda p: _("„%(field)s“ ist ein einziger Text („%(value)s“), keine Liste; schreiben "
                                     "Sie [%(parts)s].", field=p["field"], value=p["value"], parts=p["parts"]),
    "not_a_list": lambda p: _("„%(field)s“ muss eine Liste sein, z. B. [a, b].", field=p["field"]),
    "item_not_text": lambda p: _("„%(field)s“, Zeile %(number)s: nur Text, keine verschachtelte Angabe.",
                                 field=p["field"], number=p["number"]),
    "sources_not_list": lambda p: _("Die Quellen müssen eine Liste sein, jede Quelle mit Titel und URL."),
    "source_one_text": lambda p: _("Quelle %(number)s: Titel und URL gehören in eigene Zeilen („title:“ und "
                                   "„url:“), nicht in einen Text.", number=p["number"]),
    "source_not_mapping": lambda p: _("Quelle %(number)s: Es fehlen Titel und URL.", number=p["number"]),
    "source_unknown_key": lambda p: _("Quelle %(number)s: Unbekanntes Feld „%(key)s“.", number=p["number"],
                                      key=p["key"]) + _hint(p),
    "link_to_itself": lambda p: _("„%(field)s“: Ein Eintrag kann nicht auf sich selbst verweisen (%(slug)s).",
                                  field=p["field"], slug=p["slug"]),
    "link_missing": lambda p: _("„%(field)s“: Einen Eintrag „%(slug)s“ gibt es nicht.", field=p["field"],
                                slug=p["slug"]) + _hint(p),
    "slug_twice": lambda p: _("Das Kürzel „%(slug)s“ gibt es zweimal (zuerst in %(first)s); benennen Sie eine der "
                              "Dateien um.", slug=p["slug"], first=p["first"]),
    # the file as a whole: what a hand-edited file can get wrong
    "file_name": lambda p: _("Der Dateiname „%(name)s“ ist kein gültiges Kürzel (Kleinbuchstaben, Ziffern und "
                             "einzelne Bindestriche, höchstens 80 Zeichen).", name=p["name"]),
    "file_too_large": lambda p: _("Die Datei ist %(size)s Bytes groß; ein Eintrag darf höchstens 1 MiB groß sein.",
                                  size=format_decimal(p["size"])),
    "not_utf8": lambda p: _("Die Datei ist nicht in UTF-8 gespeichert (Byte 0x%(byte)s); bitte als UTF-8 "
                            "speichern.", byte=p["byte"]),
    "unreadable": lambda p: _("Die Datei kann nicht gelesen werden."),
    "front_matter_missing": lambda p: _("Die Kopfdaten fehlen: Die Datei muss mit einer Zeile „---“ beginnen, dann "
                                        "folgen Zeilen „Feld: Wert“ und wieder eine Zeile „---“."),
    "front_matter_not_closed": lambda p: _("Die Kopfdaten sind nicht abgeschlossen: Nach der letzten Zeile „Feld: "
                                           "Wert“ fehlt eine Zeile „---“."),
    "front_matter_empty": lambda p: _("Die Kopfdaten sind leer; Titel, Zusammenfassung, Art, Ebenen, Themen und "
                                      "Land (Staat) sind Pflichtfelder."),
    "too_nested": lambda p: _("Die Kopfdaten sind zu groß oder zu tief verschachtelt."),
    "front_matter_not_a_mapping": lambda p: _("Die Kopfdaten müssen aus Zeilen „Feld: Wert“ bestehen."),
    "yaml_alias": lambda p: _("YAML-Anker und -Verweise (& und *) sind nicht erlaubt; schreiben Sie den Wert aus."),
    "yaml_invalid": lambda p: _("Diese Zeile ist kein gültiges YAML (prüfen Sie Doppelpunkte, Einrückung und "
                                "Anführungszeichen)."),
    "given_twice": lambda p: _("„%(field)s“ steht zweimal (zuerst in Zeile %(first)s); behalten Sie eine Angabe.",
                               field=p["field"], first=p["first"]),
    "not_a_valid_slug": lambda p: _("Kein gültiges Kürzel."),
    "no_such_entry": lambda p: _("Diesen Eintrag gibt es nicht."),
    # the review list (app/content/audit.py, also `praxisatlas audit`)
    "front_page": lambda p: _("Quelle %(number)s verweist auf die Startseite einer Website (%(url)s): Verlinken "
                              "Sie die Seite, auf der die Angabe steht.", number=p["number"], url=p["url"]),
    "source_without_year": lambda p: _("Quelle %(number)s hat kein Jahr.", number=p["number"]),
    "not_reviewed": lambda p: _("Kein Stand: Prüfen Sie den Eintrag an seinen Quellen und tragen Sie den Tag ein."),
    "review_old": lambda p: _("Der Stand %(day)s liegt mehr als %(months)s Monate zurück: Prüfen Sie den Eintrag "
                              "erneut an seinen Quellen.", day=p["day"], months=p["months"]),
    "no_evaluation": lambda p: _("Evidenz „evaluiert“, aber keine Quelle sieht nach einer Evaluation oder Studie aus "
                                 "(kein Titel oder Link mit Evaluation, Wirkung, Studie, Bericht …): Nennen Sie sie "
                                 "oder stufen Sie die Evidenz herab."),
    "no_based_on": lambda p: _("Empfehlung ohne „Gestützt auf“: Nennen Sie die Einträge, auf die sie sich stützt."),
    "based_on_not_german": lambda p: _("„Gestützt auf“ nennt keinen deutschen Eintrag (Land: Deutschland)."),
    # the vocabulary (shown on the dashboard when it is broken)
    "vocabulary_missing": lambda p: _("Die Datei „vocabulary.yaml“ fehlt; jeder Inhaltsordner braucht eine "
                                      "(Vorlage: „practices/vocabulary.yaml“)."),
    "vocabulary_unreadable": lambda p: _("Das Vokabular kann nicht gelesen werden (Datei „vocabulary.yaml“, UTF-8)."),
    "vocabulary_empty": lambda p: _("Das Vokabular ist leer."),
    "vocabulary_not_a_mapping": lambda p: _("Das Vokabular muss aus Zeilen „Abschnitt: Werte“ bestehen."),
    "section_missing": lambda p: _("Im Vokabular fehlt der Abschnitt „%(key)s“.", key=p["key"]),
    "synonyms_not_list": lambda p: _("Der Abschnitt „synonyms“ muss eine Liste von Wortgruppen sein."),
    "synonym_group": lambda p: _("Die Synonymgruppe %(group)s braucht mindestens zwei Wörter.", group=p["group"]),
    "section_not_list": lambda p: _("Der Abschnitt „%(key)s“ muss eine Liste sein.", key=p["key"]),
    "term_without_id": lambda p: _("Abschnitt „%(key)s“: „%(item)s“ braucht eine Kennung („id“) und eine "
                                   "Bezeichnung („label“).", key=p["key"], item=p["item"]),
    "term_twice": lambda p: _("Abschnitt „%(key)s“: „%(id)s“ steht zweimal.", key=p["key"], id=p["id"]),
    "label_shape": lambda p: _("Abschnitt „%(key)s“: Die Bezeichnung von „%(id)s“ muss ein Text sein oder je ein "
                               "Text für de und en.", key=p["key"], id=p["id"]),
    "label_language": lambda p: _("Abschnitt „%(key)s“: Die Bezeichnung von „%(id)s“ hat den Schlüssel "
                                  "„%(language)s“; erlaubt sind nur de und en (ein Komma in {de: …, en: …} beendet "
                                  "die Bezeichnung: setzen Sie sie in Anführungszeichen).", key=p["key"], id=p["id"],
                                  language=p["language"]),
    "label_not_text": lambda p: _("Abschnitt „%(key)s“: Die Bezeichnung von „%(id)s“ in „%(language)s“ muss ein "
                                  "Text sein.", key=p["key"], id=p["id"], language=p["language"]),
    # the save itself (app/editor/journal.py)
    "save_dropped": lambda p: _("%(file)s: Eine unvollendete Speicherung von %(name)s wurde verworfen; die Datei "
                                "wurde inzwischen geändert.", file=p["file"], name=p["name"]),
    "not_committed": lambda p: _("Gespeichert, aber nicht in git übernommen: %(detail)s", detail=p["detail"]),
    "index_not_updated": lambda p: _("Gespeichert, aber der Suchindex wurde nicht aktualisiert (%(detail)s); bitte "
                                     "„praxisatlas index update“ ausführen.", detail=p["detail"]),
}
"""Per problem code (``Problem.code``, ``journal.Notice.code``): its text in the interface language."""


class Message(Protocol):
    """A validator problem, review finding or save notice: English text, code, parameters."""

    @property
    def message(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def params(self) -> Mapping[str, Any]: ...


def explain_line(problem: Problem) -> str:
    """A problem or review finding with its line („Zeile 12: …“), in the interface language."""
    return _("Zeile %(line)s: %(message)s", line=problem.line, message=explain(problem))


def explain(message: Message) -> str:
    """A problem, finding or save notice in the interface language (one without a text here as it is)."""
    text = TEXTS.get(message.code)
    if text is None:
        return message.message
    field = getattr(message, "field", None)
    return text({**message.params, "field": field_name(field) if field else ""})
