"""The vocabulary as query understanding uses it: synonym groups, and the names of facet values.

A word or phrase is looked up by its keys: its German terms, its English terms and its folded
text, so ``Flüchtlinge``, ``Fluechtlinge`` and ``refugees`` find their group whatever the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.content.vocabulary import Vocabulary
from app.search.analysis import ENGLISH, GERMAN, fold, terms
from app.search.schema import FACET_FIELDS

NAMED_FACETS = ("country", "region", "kind")
"""Facets whose values a query may name (Schweden, Sachsen, Empfehlungen): such a word also finds
the entries that carry the value, whatever language they are written in."""


@dataclass
class SynonymTable:
    """Synonym groups and facet-value names, by key."""

    groups: list[list[str]]
    by_key: dict[tuple[str, ...], set[int]]
    facet_values: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
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
        """The facet values ``text`` names (as the field and value the index holds)."""
        found: list[tuple[str, str]] = []
        for key in _keys(text):
            found.extend(v for v in self.facet_values.get(key, ()) if v not in found)
        return found

    def knows(self, text: str) -> bool:
        """Whether ``text`` is a member of some group."""
        return any(key in self.by_key for key in _keys(text))

    def knows_phrase(self, text: str) -> bool:
        """Whether ``text``, several words, is a member of some group (a member of several words: a
        single word among function words, like „andere Kommunen die", does not count)."""
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


def _keys(text: str) -> list[tuple[str, ...]]:
    keys = [tuple(terms(GERMAN, text)), tuple(terms(ENGLISH, text)), (fold(text),)]
    return [k for k in keys if k]
