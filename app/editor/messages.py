"""What the editor says to an editor, in the interface language: field labels, help texts, problems.

The content layer's validator speaks English to developers (``praxisatlas validate``, CI) and stays
the one source of truth for *what* is wrong. This module is the one place that turns its messages
into the editor's words: each pattern below matches one kind of validator message and names the
translated text (German source, English in ``app/translations/en``). A message no pattern knows is
shown as the validator wrote it, so nothing is ever hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

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


def _hint(text: str | None) -> str:
    """The validator's „did you mean“ / „allowed“ tail, in the interface language."""
    if not text:
        return ""
    match = re.fullmatch(r"; did you mean `(.+)`\?", text)
    if match:
        return " " + _("Meinten Sie „%(value)s“?", value=match.group(1))
    match = re.fullmatch(r"; allowed: (.+)", text)
    if match:
        values = ", ".join(f"„{value}“" for value in match.group(1).split(", "))
        return " " + _("Erlaubt: %(values)s.", values=values)
    return ""


Explain = Callable[[dict[str, Any]], str]
PATTERNS: list[tuple[re.Pattern[str], Explain]] = [(re.compile(pattern, re.DOTALL), explain) for pattern, explain in (
    (r"required field `(?P<key>\w+)` is missing .*",
     lambda m: _("„%(field)s“ ist ein Pflichtfeld; bitte ausfüllen.", field=field_name(m["key"]))),
    (r"`year` must be a four-digit year, not '(?P<value>.*)'",
     lambda m: _("Das Jahr muss vierstellig sein (z. B. 2023), nicht „%(value)s“.", value=m["value"])),
    (r"`year` (?P<year>\d+) is outside (?P<low>\d+)–(?P<high>\d+)",
     lambda m: _("Das Jahr %(year)s liegt nicht zwischen %(low)s und %(high)s.", year=m["year"],
                 low=m["low"], high=m["high"])),
    (r"`(?P<key>\w+)` must be a date written YYYY-MM-DD, not '(?P<value>.*)'",
     lambda m: _("„%(field)s“ muss ein Datum sein (JJJJ-MM-TT), nicht „%(value)s“.",
                 field=field_name(m["key"]), value=m["value"])),
    (r"`(?P<key>\w+)`: '(?P<value>.*)' is not in the vocabulary(?P<hint>;.*)?",
     lambda m: _("„%(value)s“ ist für „%(field)s“ nicht vorgesehen.", value=m["value"],
                 field=field_name(m["key"])) + _hint(m["hint"])),
    (r"`(?P<key>\w+)` is (?P<length>\d+) characters long; at most (?P<limit>\d+) are allowed",
     lambda m: _("„%(field)s“ ist %(length)s Zeichen lang; erlaubt sind höchstens %(limit)s.",
                 field=field_name(m["key"]), length=m["length"], limit=m["limit"])),
    (r"`(?P<key>\w+)`: item (?P<number>\d+) is longer than (?P<limit>\d+) characters",
     lambda m: _("„%(field)s“, Zeile %(number)s: höchstens %(limit)s Zeichen.", field=field_name(m["key"]),
                 number=m["number"], limit=m["limit"])),
    (r"`(?P<key>\w+)`: '(?P<value>.*)' is not a slug .*",
     lambda m: _("„%(value)s“ ist kein Kürzel (Kleinbuchstaben, Ziffern und einzelne Bindestriche).",
                 value=m["value"])),
    (r"`sources` item (?P<number>\d+) needs a `title`",
     lambda m: _("Quelle %(number)s: Der Titel fehlt.", number=m["number"])),
    (r"`sources` item (?P<number>\d+) needs a `url` .*",
     lambda m: _("Quelle %(number)s: Die URL muss mit http:// oder https:// beginnen.", number=m["number"])),
    (r"`sources` item (?P<number>\d+): `year` .*",
     lambda m: _("Quelle %(number)s: Das Jahr muss vierstellig sein (z. B. 2023).", number=m["number"])),
    (r"a published entry needs `sources`.*|a published entry needs at least one source",
     lambda m: _("Ein veröffentlichter Eintrag braucht mindestens eine Quelle (oder den Status Entwurf).")),
    (r"a published entry needs `(?P<key>\w+)` .*",
     lambda m: _("Ein veröffentlichter Eintrag braucht „%(field)s“ (oder den Status Entwurf).",
                 field=field_name(m["key"]))),
    (r"`based_on` is for recommendations only.*",
     lambda m: _("„Gestützt auf“ gibt es nur bei Empfehlungen; für andere Verweise dient „Verwandte "
                 "Einträge“.")),
    (r"`reviewed` (?P<day>[\d-]+) lies in the future.*",
     lambda m: _("Der Stand %(day)s liegt in der Zukunft; geben Sie den Tag der Prüfung an.", day=m["day"])),
    (r"`region`: '(?P<value>.*)' is not a German Land(?P<hint>;.*)?",
     lambda m: _("„%(value)s“ ist kein deutsches Bundesland.", value=m["value"]) + _hint(m["hint"])),
    (r"unknown key `(?P<key>[^`]*)`(?P<hint>;.*)?",
     lambda m: _("Unbekanntes Feld „%(key)s“.", key=m["key"]) + _hint(m["hint"])),
    (r"`(?P<key>\w+)` must be a single text, not a list",
     lambda m: _("„%(field)s“ muss ein einzelner Text sein, keine Liste.", field=field_name(m["key"]))),
    (r"`(?P<key>\w+)` must be a single text, not a mapping",
     lambda m: _("„%(field)s“ muss ein einzelner Text sein, keine Zuordnung (Schlüssel: Wert).",
                 field=field_name(m["key"]))),
    (r"`(?P<key>\w+)` is one text '(?P<value>.*)', not a list; write it as \[(?P<parts>.*)\]",
     lambda m: _("„%(field)s“ ist ein einziger Text („%(value)s“), keine Liste; schreiben Sie [%(parts)s].",
                 field=field_name(m["key"]), value=m["value"], parts=m["parts"])),
    (r"`(?P<key>\w+)` must be a list, e\.g\. \[a, b\]",
     lambda m: _("„%(field)s“ muss eine Liste sein, z. B. [a, b].", field=field_name(m["key"]))),
    (r"`(?P<key>\w+)`: item (?P<number>\d+) must be a text, not a nested structure",
     lambda m: _("„%(field)s“, Zeile %(number)s: nur Text, keine verschachtelte Angabe.",
                 field=field_name(m["key"]), number=m["number"])),
    (r"`sources` must be a list of entries with `title` and `url`",
     lambda m: _("Die Quellen müssen eine Liste sein, jede Quelle mit Titel und URL.")),
    (r"`sources` item (?P<number>\d+) must have `title:` and `url:` on their own lines, not one text",
     lambda m: _("Quelle %(number)s: Titel und URL gehören in eigene Zeilen („title:“ und „url:“), nicht "
                 "in einen Text.", number=m["number"])),
    (r"`sources` item (?P<number>\d+) must be a mapping with `title` and `url`",
     lambda m: _("Quelle %(number)s: Es fehlen Titel und URL.", number=m["number"])),
    (r"`sources` item (?P<number>\d+): unknown key `(?P<key>[^`]*)`(?P<hint>;.*)?",
     lambda m: _("Quelle %(number)s: Unbekanntes Feld „%(key)s“.", number=m["number"], key=m["key"])
     + _hint(m["hint"])),
    (r"`(?P<key>\w+)`: an entry cannot be (related to|based on) itself \(`(?P<slug>[^`]*)`\)",
     lambda m: _("„%(field)s“: Ein Eintrag kann nicht auf sich selbst verweisen (%(slug)s).",
                 field=field_name(m["key"]), slug=m["slug"])),
    (r"`(?P<key>\w+)`: no entry `(?P<slug>[^`]*)` exists(?P<hint>;.*)?",
     lambda m: _("„%(field)s“: Einen Eintrag „%(slug)s“ gibt es nicht.", field=field_name(m["key"]),
                 slug=m["slug"]) + _hint(m["hint"])),
    (r"slug `(?P<slug>[^`]*)` is used twice; the first is (?P<first>.*): rename one file",
     lambda m: _("Das Kürzel „%(slug)s“ gibt es zweimal (zuerst in %(first)s); benennen Sie eine der "
                 "Dateien um.", slug=m["slug"], first=m["first"])),
    # the file as a whole: what a hand-edited file can get wrong
    (r"file name '(?P<name>.*)' is not a valid slug: .*",
     lambda m: _("Der Dateiname „%(name)s“ ist kein gültiges Kürzel (Kleinbuchstaben, Ziffern und "
                 "einzelne Bindestriche, höchstens 80 Zeichen).", name=m["name"])),
    (r"file is (?P<size>[\d,]+) bytes; entries may be at most .*",
     lambda m: _("Die Datei ist %(size)s Bytes groß; ein Eintrag darf höchstens 1 MiB groß sein.",
                 size=format_decimal(int(m["size"].replace(",", ""))))),
    (r"not UTF-8 \(byte 0x(?P<byte>[0-9a-f]{2})\); save the file as UTF-8",
     lambda m: _("Die Datei ist nicht in UTF-8 gespeichert (Byte 0x%(byte)s); bitte als UTF-8 speichern.",
                 byte=m["byte"])),
    (r"cannot read the file: .*",
     lambda m: _("Die Datei kann nicht gelesen werden.")),
    (r"front matter is missing: .*",
     lambda m: _("Die Kopfdaten fehlen: Die Datei muss mit einer Zeile „---“ beginnen, dann folgen Zeilen "
                 "„Feld: Wert“ und wieder eine Zeile „---“.")),
    (r"front matter is not closed: .*",
     lambda m: _("Die Kopfdaten sind nicht abgeschlossen: Nach der letzten Zeile „Feld: Wert“ fehlt eine "
                 "Zeile „---“.")),
    (r"front matter is empty; .*",
     lambda m: _("Die Kopfdaten sind leer; Titel, Zusammenfassung, Art, Ebenen, Themen und Land (Staat) "
                 "sind Pflichtfelder.")),
    (r"front matter is too large or too deeply nested",
     lambda m: _("Die Kopfdaten sind zu groß oder zu tief verschachtelt.")),
    (r"front matter must be a mapping of `key: value` lines",
     lambda m: _("Die Kopfdaten müssen aus Zeilen „Feld: Wert“ bestehen.")),
    (r"YAML anchors and aliases .*",
     lambda m: _("YAML-Anker und -Verweise (& und *) sind nicht erlaubt; schreiben Sie den Wert aus.")),
    (r"not valid YAML: .*",
     lambda m: _("Diese Zeile ist kein gültiges YAML (prüfen Sie Doppelpunkte, Einrückung und "
                 "Anführungszeichen).")),
    (r"`(?P<key>[^`]+)` is given twice \(first on line (?P<first>\d+)\); keep one",
     lambda m: _("„%(field)s“ steht zweimal (zuerst in Zeile %(first)s); behalten Sie eine Angabe.",
                 field=field_name(m["key"]), first=m["first"])),
    (r"not a valid slug",
     lambda m: _("Kein gültiges Kürzel.")),
    (r"no such entry",
     lambda m: _("Diesen Eintrag gibt es nicht.")),
    # the review list (app/content/audit.py, also `praxisatlas audit`)
    (r"source (?P<number>\d+) links to a site's front page \((?P<url>.*)\): .*",
     lambda m: _("Quelle %(number)s verweist auf die Startseite einer Website (%(url)s): Verlinken Sie die "
                 "Seite, auf der die Angabe steht.", number=m["number"], url=m["url"])),
    (r"source (?P<number>\d+) has no `year`",
     lambda m: _("Quelle %(number)s hat kein Jahr.", number=m["number"])),
    (r"no `reviewed` date: .*",
     lambda m: _("Kein Stand: Prüfen Sie den Eintrag an seinen Quellen und tragen Sie den Tag ein.")),
    (r"`reviewed` (?P<day>[\d-]+) is more than (?P<months>\d+) months ago: .*",
     lambda m: _("Der Stand %(day)s liegt mehr als %(months)s Monate zurück: Prüfen Sie den Eintrag erneut "
                 "an seinen Quellen.", day=m["day"], months=m["months"])),
    (r"`evidence: evaluated`, but no source looks like an evaluation or study .*",
     lambda m: _("Evidenz „evaluiert“, aber keine Quelle sieht nach einer Evaluation oder Studie aus (kein "
                 "Titel oder Link mit Evaluation, Wirkung, Studie, Bericht …): Nennen Sie sie oder stufen "
                 "Sie die Evidenz herab.")),
    (r"recommendation without `based_on`: .*",
     lambda m: _("Empfehlung ohne „Gestützt auf“: Nennen Sie die Einträge, auf die sie sich stützt.")),
    (r"`based_on` names no German \(country: DE\) entry",
     lambda m: _("„Gestützt auf“ nennt keinen deutschen Eintrag (Land: Deutschland).")),
    # the vocabulary (shown on the dashboard when it is broken)
    (r"vocabulary file is missing; .*",
     lambda m: _("Die Datei „vocabulary.yaml“ fehlt; jeder Inhaltsordner braucht eine (Vorlage: "
                 "„practices/vocabulary.yaml“).")),
    (r"cannot read the vocabulary: .*",
     lambda m: _("Das Vokabular kann nicht gelesen werden (Datei „vocabulary.yaml“, UTF-8).")),
    (r"the vocabulary is empty",
     lambda m: _("Das Vokabular ist leer.")),
    (r"the vocabulary must be a mapping of `key: value` lines",
     lambda m: _("Das Vokabular muss aus Zeilen „Abschnitt: Werte“ bestehen.")),
    (r"section `(?P<key>[^`]*)` is missing",
     lambda m: _("Im Vokabular fehlt der Abschnitt „%(key)s“.", key=m["key"])),
    (r"`synonyms` must be a list of lists of words",
     lambda m: _("Der Abschnitt „synonyms“ muss eine Liste von Wortgruppen sein.")),
    (r"synonym group (?P<group>.*) must be a list of two or more words",
     lambda m: _("Die Synonymgruppe %(group)s braucht mindestens zwei Wörter.", group=m["group"])),
    (r"`(?P<key>\w+)` must be a list",
     lambda m: _("Der Abschnitt „%(key)s“ muss eine Liste sein.", key=m["key"])),
    (r"`(?P<key>\w+)`: (?P<item>.*) needs an `id` and a `label`",
     lambda m: _("Abschnitt „%(key)s“: „%(item)s“ braucht eine Kennung („id“) und eine Bezeichnung "
                 "(„label“).", key=m["key"], item=m["item"])),
    (r"`(?P<key>\w+)`: `(?P<id>[^`]*)` is listed twice",
     lambda m: _("Abschnitt „%(key)s“: „%(id)s“ steht zweimal.", key=m["key"], id=m["id"])),
    (r"`(?P<key>\w+)`: the label of `(?P<id>[^`]*)` must be a text or a map of de and en to texts",
     lambda m: _("Abschnitt „%(key)s“: Die Bezeichnung von „%(id)s“ muss ein Text sein oder je ein Text für "
                 "de und en.", key=m["key"], id=m["id"])),
    (r"`(?P<key>\w+)`: the label of `(?P<id>[^`]*)` has the key '(?P<language>.*)'; only .*",
     lambda m: _("Abschnitt „%(key)s“: Die Bezeichnung von „%(id)s“ hat den Schlüssel „%(language)s“; "
                 "erlaubt sind nur de und en (ein Komma in {de: …, en: …} beendet die Bezeichnung: setzen "
                 "Sie sie in Anführungszeichen).", key=m["key"], id=m["id"], language=m["language"])),
    (r"`(?P<key>\w+)`: the label of `(?P<id>[^`]*)` in `(?P<language>\w+)` must be a text",
     lambda m: _("Abschnitt „%(key)s“: Die Bezeichnung von „%(id)s“ in „%(language)s“ muss ein Text sein.",
                 key=m["key"], id=m["id"], language=m["language"])),
    # the save itself
    (r"(?P<file>\S+): an unfinished save by (?P<name>.+) was dropped; the file changed since",
     lambda m: _("%(file)s: Eine unvollendete Speicherung von %(name)s wurde verworfen; die Datei wurde "
                 "inzwischen geändert.", file=m["file"], name=m["name"])),
    (r"Saved, but not committed to git: (?P<detail>.*)",
     lambda m: _("Gespeichert, aber nicht in git übernommen: %(detail)s", detail=m["detail"])),
    (r"Saved, but the search index was not updated \((?P<detail>.*)\); run `praxisatlas index update`\.",
     lambda m: _("Gespeichert, aber der Suchindex wurde nicht aktualisiert (%(detail)s); bitte "
                 "„praxisatlas index update“ ausführen.", detail=m["detail"])),
)]


def explain_line(problem: Any) -> str:
    """A problem or review finding with its line („Zeile 12: …“), in the interface language."""
    return _("Zeile %(line)s: %(message)s", line=problem.line, message=explain(problem.message))


def explain(message: str) -> str:
    """A validator or save message in the interface language (unknown ones as they are)."""
    for pattern, explained in PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return explained(match.groupdict())
    return message
