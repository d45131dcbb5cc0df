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
        return " " + _("Erlaubt: %(values)s.", values=match.group(1))
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
    (r"(?P<file>\S+): an unfinished save by (?P<name>.+) was dropped; the file changed since",
     lambda m: _("%(file)s: Eine unvollendete Speicherung von %(name)s wurde verworfen; die Datei wurde "
                 "inzwischen geändert.", file=m["file"], name=m["name"])),
    (r"Saved, but not committed to git: (?P<detail>.*)",
     lambda m: _("Gespeichert, aber nicht in git übernommen: %(detail)s", detail=m["detail"])),
    (r"Saved, but the search index was not updated \((?P<detail>.*)\); run `praxisatlas index update`\.",
     lambda m: _("Gespeichert, aber der Suchindex wurde nicht aktualisiert (%(detail)s); bitte "
                 "„praxisatlas index update“ ausführen.", detail=m["detail"])),
)]


def explain(message: str) -> str:
    """A validator or save message in the interface language (unknown ones as they are)."""
    for pattern, explained in PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return explained(match.groupdict())
    return message
