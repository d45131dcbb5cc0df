"""From parsed query items to Whoosh queries: literal words first, then compounds and synonyms.

Scores: a literal hit counts fully, a synonym 0.6 and a compound part 0.5, so ``Behörde`` ranks an
entry about a *Behörde* above one that only mentions the *Ausländerbehörde*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh import query as Q

from app.content.vocabulary import Vocabulary
from app.search.analysis import ENGLISH, GERMAN, fold, terms
from app.search.schema import ENGLISH_FIELDS, FIELD_BOOSTS, GERMAN_FIELDS
from app.search.syntax import Item, ParsedQuery

SYNONYM_WEIGHT = 0.6
COMPOUND_WEIGHT = 0.5
MIN_COMPOUND_STEM = 4
COMPOUND_FIELDS = ("title", "summary", "body")
"""Compounds are looked for in running text, not in topic labels or place names."""

CompoundLookup = Callable[[str], list[str]]


@dataclass
class MatchTerms:
    """The index terms a query looks for, per language: what highlighting marks."""

    de: set[str] = field(default_factory=set)
    en: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def for_language(self, language: str) -> set[str]:
        return self.en if language == "en" else self.de


@dataclass
class SynonymTable:
    groups: list[list[str]]
    by_key: dict[tuple[str, ...], set[int]]

    @classmethod
    def from_vocabulary(cls, vocab: Vocabulary) -> SynonymTable:
        by_key: dict[tuple[str, ...], set[int]] = {}
        for number, group in enumerate(vocab.synonyms):
            for member in group:
                for key in _keys(member):
                    by_key.setdefault(key, set()).add(number)
        return cls(vocab.synonyms, by_key)

    def alternatives(self, text: str) -> list[str]:
        """Other members of every group that ``text`` belongs to."""
        own = set(_keys(text))
        found: list[str] = []
        for key in own:
            for number in self.by_key.get(key, ()):
                for member in self.groups[number]:
                    if not own & set(_keys(member)) and member not in found:
                        found.append(member)
        return found


def _keys(text: str) -> list[tuple[str, ...]]:
    keys = [tuple(terms(GERMAN, text)), tuple(terms(ENGLISH, text)), (fold(text),)]
    return [k for k in keys if k]


def _fields_query(fieldnames: tuple[str, ...], words: list[str], weight: float) -> Q.Query | None:
    if not words:
        return None
    subs: list[Q.Query] = []
    for name in fieldnames:
        boost = FIELD_BOOSTS[name.removesuffix("_en")] * weight
        if len(words) == 1:
            subs.append(Q.Term(name, words[0], boost=boost))
        else:
            subs.append(Q.Phrase(name, words, boost=boost))
    return Q.Or(subs)


def literal(item: Item, found: MatchTerms | None = None, weight: float = 1.0) -> Q.Query | None:
    """The item as written, in German and English fields."""
    if item.prefix:
        stem = fold(item.text)
        if found is not None:
            found.prefixes.add(stem)
        return Q.Or([Q.Prefix(name, stem, boost=FIELD_BOOSTS[name.removesuffix("_en")] * weight)
                     for name in GERMAN_FIELDS + ENGLISH_FIELDS])
    de_words, en_words = terms(GERMAN, item.text), terms(ENGLISH, item.text)
    if found is not None:
        found.de.update(de_words)
        found.en.update(en_words)
    parts = [q for q in (_fields_query(GERMAN_FIELDS, de_words, weight),
                         _fields_query(ENGLISH_FIELDS, en_words, weight)) if q is not None]
    return Q.Or(parts) if parts else None


def item_query(item: Item, synonyms: SynonymTable, compounds: CompoundLookup,
               found: MatchTerms) -> Q.Query | None:
    """Literal, plus synonyms and compound parts for single words."""
    base = literal(item, found)
    if base is None or item.prefix:
        return base
    parts = [base]
    for member in synonyms.alternatives(item.text):
        alternative = literal(Item(member, phrase=" " in member), found, SYNONYM_WEIGHT)
        if alternative is not None:
            parts.append(alternative)
    de_words = terms(GERMAN, item.text)
    if len(de_words) == 1 and len(de_words[0]) >= MIN_COMPOUND_STEM:
        expansions = [t for t in compounds(de_words[0]) if t != de_words[0]]
        if expansions:
            found.de.update(expansions)
            boost = COMPOUND_WEIGHT
            parts.append(Q.Or([Q.Term(name, term, boost=FIELD_BOOSTS[name] * boost)
                               for name in COMPOUND_FIELDS for term in expansions]))
    return Q.Or(parts) if len(parts) > 1 else base


def build_query(parsed: ParsedQuery, synonyms: SynonymTable, compounds: CompoundLookup,
                any_clause: bool = False) -> tuple[Q.Query | None, MatchTerms]:
    """The whole query: clauses ANDed (or ORed for the "some words" fallback), exclusions removed.

    Returns None when nothing searchable is left (e.g. only stop words).
    """
    found = MatchTerms()
    clauses = []
    for clause in parsed.clauses:
        alternatives = [q for q in (item_query(i, synonyms, compounds, found) for i in clause) if q]
        if alternatives:
            clauses.append(Q.Or(alternatives) if len(alternatives) > 1 else alternatives[0])
    excluded = [q for q in (literal(item) for item in parsed.excluded) if q is not None]
    if clauses:
        positive: Q.Query = Q.Or(clauses) if any_clause else Q.And(clauses)
    elif excluded and not parsed.clauses:
        positive = Q.Every()
    else:
        return None, found
    if excluded:
        return Q.AndNot(positive, Q.Or(excluded)), found
    return positive, found
