"""Disjunctive facet counts from cached per-value document sets.

Values within a facet are ORed, facets are ANDed, and each facet's counts ignore its own selection,
so choosing ``Kommune`` still shows how many ``Land`` entries there are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.content.vocabulary import Vocabulary
from app.search.docarrays import DocArray, Mask, empty_mask, mask_bitmap
from app.search.schema import FACET_FIELDS

VOCABULARY_ORDER = ("level", "country", "kind", "evidence", "outcome")


@dataclass(frozen=True)
class FacetCount:
    value: str
    label: str
    count: int
    selected: bool

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}


def selection_masks(facet_docs: Callable[[str, str], DocArray], selected: dict[str, list[str]],
                    size: int) -> dict[str, Mask]:
    """facet → the documents that carry any of its selected values (only facets with a selection);
    ``facet_docs(facet, value)`` gives one value's documents."""
    out: dict[str, Mask] = {}
    for facet, values in selected.items():
        if values:
            flags = empty_mask(size)
            for value in values:
                flags[facet_docs(facet, value)] = True
            out[facet] = flags
    return out


def narrow(base: Mask, filters: dict[str, Mask], skip: str | None = None) -> Mask:
    """``base`` within every facet's selection (but ``skip``'s)."""
    docs = base.copy()
    for facet, allowed in filters.items():
        if facet != skip:
            docs &= allowed
    return docs


def count_facets(base: Mask, facet_bitmaps: dict[str, dict[str, int]],
                 selected: dict[str, list[str]], filters: dict[str, Mask],
                 vocab: Vocabulary, language: str) -> dict[str, list[FacetCount]]:
    result: dict[str, list[FacetCount]] = {}
    narrowed_all = mask_bitmap(narrow(base, filters) if filters else base)
    for facet in FACET_FIELDS:
        within = mask_bitmap(narrow(base, filters, skip=facet)) if facet in filters else narrowed_all
        chosen = set(selected.get(facet, []))
        counts = []
        for value, docs in facet_bitmaps.get(facet, {}).items():
            count = (within & docs).bit_count()
            if count or value in chosen:
                label = value if facet == "year" else vocab.label(facet, value, language)
                counts.append(FacetCount(value, label, count, value in chosen))
        for value in chosen - {c.value for c in counts}:
            counts.append(FacetCount(value, vocab.label(facet, value, language), 0, True))
        result[facet] = _ordered(facet, counts, vocab)
    return result


def _ordered(facet: str, counts: list[FacetCount], vocab: Vocabulary) -> list[FacetCount]:
    if facet == "year":
        return sorted(counts, key=lambda c: c.value, reverse=True)
    if facet in VOCABULARY_ORDER:
        order = {value: n for n, value in enumerate(vocab.ids(facet))}
        return sorted(counts, key=lambda c: (order.get(c.value, len(order)), c.label))
    return sorted(counts, key=lambda c: (-c.count, c.label.casefold()))
