"""Facets as a result shows them: the found set narrowed by the selected values, and the counts
(``Snapshot.facet_counts``) labelled in the asked language, in the vocabulary's order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.content.vocabulary import Vocabulary
from app.search.docarrays import Mask

VOCABULARY_ORDER = ("level", "country", "kind", "evidence", "outcome")


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}


def facet_list(counts: dict[str, dict[str, int]], selected: dict[str, list[str]], vocab: Vocabulary,
               language: str) -> dict[str, list[FacetCount]]:
    """Each facet's values that count some entry or are selected, labelled and ordered."""
    result: dict[str, list[FacetCount]] = {}
    for facet, values in counts.items():
        chosen = set(selected.get(facet, []))
        shown = [FacetCount(value, value if facet == "year" else vocab.label(facet, value, language), count,
                            value in chosen)
                 for value, count in values.items() if count or value in chosen]
        shown += [FacetCount(value, vocab.label(facet, value, language), 0, True)
                  for value in chosen - {c.value for c in shown}]
        result[facet] = _ordered(facet, shown, vocab)
    return result


def _ordered(facet: str, counts: list[FacetCount], vocab: Vocabulary) -> list[FacetCount]:
    if facet == "year":
        return sorted(counts, key=lambda c: c.value, reverse=True)
    if facet in VOCABULARY_ORDER:
        order = {value: n for n, value in enumerate(vocab.ids(facet))}
        return sorted(counts, key=lambda c: (order.get(c.value, len(order)), c.label))
    return sorted(counts, key=lambda c: (-c.count, c.label.casefold()))


def narrow(base: Mask, filters: dict[str, Mask], skip: str | None = None) -> Mask:
    """``base`` within every facet's selection (but ``skip``'s)."""
    docs = base.copy()
    for facet, allowed in filters.items():
        if facet != skip:
            docs &= allowed
    return docs
