"""The editor's overview: every entry (drafts too), searched, filtered and sorted by what the URL asks.

The overview reads the files, not the search index (drafts are never indexed), so its search is a
plain word match over title, slug, summary, place, region and actors. The review list is the one
``praxisatlas audit`` computes (``app.content.audit``); here it only filters and counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.content.audit import REASONS, REVIEW_MONTHS, Finding
from app.content.fields import FIXED_CHOICES
from app.content.model import Practice
from app.content.vocabulary import Vocabulary

SORTS = ("title", "reviewed", "-reviewed")
"""Title A–Z; „Stand“ oldest first (none at all first: most in need of a look); newest first."""
REVIEW_ANY = "any"
REASON_LABELS = {
    "front_page": _l("Links auf Startseiten"), "source_year": _l("Quellen ohne Jahr"),
    "review_date": _l("Stand älter als %(months)s Monate oder fehlend", months=REVIEW_MONTHS),
    "evaluation": _l("„evaluiert“ ohne erkennbare Evaluation"),
    "based_on": _l("Empfehlungen ohne deutsche Einträge unter „Gestützt auf“"),
}
"""The kinds of review findings as the editor reads them, in the order of ``audit.REASONS``."""
FILTERS = ("status", "kind", "level", "country", "review")
PARAMETER_LABELS = {"status": _l("Status"), "kind": _l("Art"), "level": _l("Ebene"), "country": _l("Land (Staat)"),
                    "review": _l("Zu prüfen"), "sort": _l("Sortierung")}


@dataclass(frozen=True)
class DashboardQuery:
    """What the overview's GET form asks for; every value is checked against what it can be."""

    q: str = ""
    status: str = ""
    kind: str = ""
    level: str = ""
    country: str = ""
    review: str = ""
    sort: str = "title"
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_args(cls, args: Mapping[str, str], vocab: Vocabulary) -> DashboardQuery:
        allowed = {"status": tuple(FIXED_CHOICES["status"]), "kind": tuple(vocab.ids("kind")),
                   "level": tuple(vocab.ids("level")), "country": tuple(vocab.ids("country")),
                   "review": (REVIEW_ANY, *REASONS), "sort": SORTS}
        values: dict[str, Any] = {"q": " ".join(str(args.get("q", "")).split())[:200]}
        problems = []
        for name, options in allowed.items():
            value = str(args.get(name, "")).strip()
            if value and value not in options:
                problems.append(_("Der Wert „%(value)s“ für „%(parameter)s“ ist unbekannt; der Filter wurde "
                                  "nicht angewandt.", value=value[:80], parameter=PARAMETER_LABELS[name]))
                value = ""
            if value:
                values[name] = value
        return cls(**values, problems=tuple(problems))

    def params(self, **changes: str) -> dict[str, str]:
        """The URL parameters of this query with ``changes``, empty ones and the default sort left out."""
        query = replace(self, **changes)
        pairs = {name: getattr(query, name) for name in ("q", *FILTERS, "sort")}
        return {name: value for name, value in pairs.items() if value and not (name == "sort" and value == "title")}

    @property
    def narrowed(self) -> bool:
        return bool(self.q or any(getattr(self, name) for name in FILTERS))


def matches(practice: Practice, query: DashboardQuery, findings: list[Finding]) -> bool:
    if query.status and practice.status != query.status:
        return False
    if query.kind and practice.kind != query.kind:
        return False
    if query.level and query.level not in practice.levels:
        return False
    if query.country and practice.country != query.country:
        return False
    if query.review == REVIEW_ANY and not findings:
        return False
    if query.review in REASONS and not any(f.reason == query.review for f in findings):
        return False
    if query.q:
        text = " ".join([practice.title, practice.slug, practice.summary, practice.place or "",
                         practice.region or "", *practice.actors]).casefold()
        return all(word in text for word in query.q.casefold().split())
    return True


def select(practices: list[Practice], query: DashboardQuery, findings: Mapping[str, list[Finding]]
           ) -> list[Practice]:
    """The entries the query asks for, in its order (``findings`` by slug: the review list)."""
    chosen = [p for p in practices if matches(p, query, findings.get(p.slug, []))]
    chosen.sort(key=lambda p: (p.title.casefold(), p.slug))
    if query.sort == "reviewed":
        chosen.sort(key=lambda p: p.reviewed or date.min)
    elif query.sort == "-reviewed":
        chosen.sort(key=lambda p: p.reviewed or date.min, reverse=True)
    return chosen


def reason_counts(findings: Mapping[str, list[Finding]]) -> list[tuple[str, str, int]]:
    """(reason, label, number of entries) for each kind of finding that occurs."""
    counts = []
    for reason in REASONS:
        number = sum(1 for found in findings.values() if any(f.reason == reason for f in found))
        if number:
            counts.append((reason, str(REASON_LABELS[reason]), number))
    return counts
