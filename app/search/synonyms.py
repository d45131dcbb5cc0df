"""The vocabulary's synonym groups and facet-value names, looked up by a text's keys: its German
terms, its English terms and its folded text (``Flüchtlinge``, ``Fluechtlinge``, ``refugees``)."""

from __future__ import annotations

from dataclasses import dataclass

from app.content.vocabulary import Vocabulary
from app.search.analysis import ENGLISH, GERMAN, fold, terms
from app.search.schema import FACET_FIELDS

NAMED_FACETS = ("country", "region", "kind")
"""Facets whose values a query may name (Schweden, Sachsen, Empfehlungen)."""


@dataclass
class SynonymTable:
    groups: list[list[str]]
    by_key: dict[tuple[str, ...], set[int]]
    """key → the numbers of the groups it is a member of."""
    facet_values: dict[tuple[str, ...], list[tuple[str, str]]]
    """key of a label → (index field, value) of the facet values it names."""

    @classmethod
    def from_vocabulary(cls, vocab: Vocabulary) -> SynonymTable:
        by_key: dict[tuple[str, ...], set[int]] = {}
        for number, group in enumerate(vocab.synonyms):
            for member in group:
                for key in _keys(member):
                    by_key.setdefault(key, set()).add(number)
        facet_values: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for facet in NAMED_FACETS:
            for value, term in vocab.terms.get(facet, {}).items():
                for name in {value, *term.labels.values()}:
                    for key in _keys(name):
                        facet_values.setdefault(key, []).append((FACET_FIELDS[facet], value))
        return cls(vocab.synonyms, by_key, facet_values)

    def named_values(self, text: str) -> list[tuple[str, str]]:
        """The (index field, value) of each facet value ``text`` names."""
        found: list[tuple[str, str]] = []
        for key in _keys(text):
            found.extend(v for v in self.facet_values.get(key, ()) if v not in found)
        return found

    def knows(self, text: str) -> bool:
        return any(key in self.by_key for key in _keys(text))

    def knows_phrase(self, text: str) -> bool:
        """Whether ``text`` is a member of several words (not a word among function words: „Kommunen die")."""
        return any(key in self.by_key for key in _keys(text) if len(key) > 1 or " " in key[0])

    def alternatives(self, text: str) -> list[str]:
        """Other members of every group that ``text`` belongs to."""
        own = set(_keys(text))
        found: list[str] = []
        for key in own:
            for number in sorted(self.by_key.get(key, ())):
                for member in self.groups[number]:
                    if not own & set(_keys(member)) and member not in found:
                        found.append(member)
        return found


def _keys(text: str) -> list[tuple[str, ...]]:
    keys = [tuple(terms(GERMAN, text)), tuple(terms(ENGLISH, text)), (fold(text),)]
    return [k for k in keys if k]
