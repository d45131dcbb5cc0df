"""Query understanding: parsed query items → concepts (the content words; ``a OR b`` is one), each with
the ways an entry can match it, best first: *literal* (as typed), *derived* (other forms of the German
word), *compound* (index words containing it, or its parts), *synonym* (the vocabulary's groups). A word
nothing matches is reported as missing if it is a real word, else corrected. The README tells more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.search.analysis import ENGLISH, GERMAN, fold, stem_german, terms
from app.search.query import AllOf, AnyOf, Phrase, Prefix, Query, Term, reweighted
from app.search.schema import ENGLISH_FIELDS, FIELD_BOOSTS, GERMAN_FIELDS
from app.search.snapshot import Snapshot
from app.search.synonyms import SynonymTable
from app.search.syntax import Item, ParsedQuery, is_function_word, is_real_word
from app.search.wordparts import compound_terms, derived_terms, known_part, knows, split_compound

LITERAL, DERIVED, COMPOUND, SYNONYM = "literal", "derived", "compound", "synonym"
WEIGHTS = {LITERAL: 1.0, DERIVED: 0.8, COMPOUND: 0.5, SYNONYM: 0.4}
"""BM25F boost of each kind of match."""
MIN_COMPOUND_STEM = 4
MIN_SPLIT = 10
"""A word the index has is also looked for as its parts written apart from this length on."""
COMPOUND_FIELDS = ("title", "summary", "body")
"""Compounds are looked for in running text, not in topic labels or place names."""
NAMED_WEIGHT = 2.0
"""The weight of a concept that names a facet value, among the concepts an entry must match."""
MAX_SYNONYM_WORDS = 6
MAX_JOINED = 3


@dataclass
class Alternative:
    """One way an entry can match a concept."""

    kind: str
    word: str
    """The reason a result shows: the word typed, the synonym, the compound part."""
    query: Query
    de: frozenset[str] = frozenset()
    en: frozenset[str] = frozenset()
    """The index terms it looks for (highlighting marks them)."""
    prefix: str = ""
    named: bool = False
    """Matches the entries that carry a facet value the word names (a country, a Land, a kind)."""
    mask: Any = None

    def matches(self, snapshot: Snapshot) -> Any:
        """The live documents it matches (kept: matching and reasons reuse them)."""
        if self.mask is None:
            self.mask = snapshot.match(self.query)
        return self.mask


@dataclass
class Concept:
    typed: str
    """The word (or phrase, or ``a OR b``) as the user typed it."""
    weight: float = 1.0
    alternatives: list[Alternative] = field(default_factory=list)


@dataclass
class MatchTerms:
    """The index terms a query looks for, per language: what highlighting marks."""

    de: set[str] = field(default_factory=set)
    en: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def for_language(self, language: str) -> set[str]:
        return self.en if language == "en" else self.de


@dataclass
class Understood:
    """A query as understood: its concepts, what to leave out, and what was noticed on the way."""

    concepts: list[Concept] = field(default_factory=list)
    excluded: Query | None = None
    missing: list[str] = field(default_factory=list)
    """Real words no entry mentions (shown: „Kein Eintrag erwähnt …")."""
    corrections: dict[str, str] = field(default_factory=dict)
    """Misspelt word → the entries' word it was read as."""
    text: str = ""
    """The query's words, for the sentence encoder (function words kept: they carry meaning there)."""

    @property
    def weight(self) -> float:
        return sum(concept.weight for concept in self.concepts)

    def terms(self) -> MatchTerms:
        alternatives = [a for concept in self.concepts for a in concept.alternatives]
        return MatchTerms({t for a in alternatives for t in a.de}, {t for a in alternatives for t in a.en},
                          {a.prefix for a in alternatives if a.prefix})

    def query(self) -> Query | None:
        """Every alternative of every concept: what BM25F scores."""
        subs = [a.query for c in self.concepts for a in c.alternatives]
        return AnyOf(tuple(subs)) if subs else None

    def suggestion(self, original: str) -> str | None:
        """The query with its misspellings replaced (for „Meinten Sie …")."""
        if not self.corrections:
            return None
        for typed, fixed in self.corrections.items():
            original = original.replace(typed, fixed, 1)
        return original


def _boost(fieldname: str, kind: str) -> float:
    return FIELD_BOOSTS[fieldname.removesuffix("_en")] * WEIGHTS[kind]


def literal(item: Item, kind: str = LITERAL) -> Alternative | None:
    """The item as written, in German and English fields."""
    if item.prefix:
        stem = fold(item.text)
        prefixes = tuple(Prefix(name, stem, _boost(name, kind)) for name in GERMAN_FIELDS + ENGLISH_FIELDS)
        return Alternative(kind, item.text, AnyOf(prefixes), prefix=stem)
    de_words, en_words = terms(GERMAN, item.text), terms(ENGLISH, item.text)
    leaves: list[Query] = []
    for fieldnames, words in ((GERMAN_FIELDS, de_words), (ENGLISH_FIELDS, en_words)):
        if len(words) == 1:
            leaves += [Term(name, words[0], _boost(name, kind)) for name in fieldnames]
        elif words:
            leaves += [Phrase(name, tuple(words), _boost(name, kind)) for name in fieldnames]
    if not leaves:
        return None
    return Alternative(kind, item.text, AnyOf(tuple(leaves)), frozenset(de_words), frozenset(en_words))


def _in_running_text(kind: str, word: str, found: list[str]) -> Alternative:
    leaves = tuple(Term(name, term, _boost(name, kind)) for name in COMPOUND_FIELDS for term in found)
    return Alternative(kind, word, AnyOf(leaves), frozenset(found))


def _word_alternatives(item: Item, snapshot: Snapshot, compounds: bool = True) -> list[Alternative]:
    """Literal, derived forms and (if ``compounds``) index compounds of a single word (no synonyms)."""
    found = [a for a in (literal(item),) if a is not None]
    if item.prefix or item.phrase or not found:
        return found
    de_words = terms(GERMAN, item.text)
    if len(de_words) != 1 or len(de_words[0]) < MIN_COMPOUND_STEM:
        return found
    stem = de_words[0]
    derived = derived_terms(stem, snapshot)
    containing = [t for t in compound_terms(snapshot, stem) if t != stem and t not in derived] if compounds else []
    for kind, words in ((DERIVED, derived), (COMPOUND, containing)):
        if words:
            found.append(_in_running_text(kind, item.text, words))
    return found


def _part_alternatives(part: str, snapshot: Snapshot) -> list[Alternative]:
    """A compound's part as a word of its own, at the compound weight."""
    return [Alternative(COMPOUND, a.word, reweighted(a.query, WEIGHTS[COMPOUND]), a.de, a.en)
            for a in _word_alternatives(Item(part), snapshot, compounds=False)]


def _synonyms(item: Item, synonyms: SynonymTable) -> list[Alternative]:
    """The item's synonyms, and the facet values it or a synonym names (``Schweden``: the entries of
    country SE, written in English) as a literal match."""
    if item.prefix:
        return []
    out = []
    members = synonyms.alternatives(item.text)
    named = dict.fromkeys(value for text in (item.text, *members) for value in synonyms.named_values(text))
    if named:
        facets = tuple(Term(name, value, FIELD_BOOSTS["title"]) for name, value in named)
        out.append(Alternative(LITERAL, item.text, AnyOf(facets), named=True))
    for member in members:
        alternative = literal(Item(member, phrase=" " in member), SYNONYM)
        if alternative is not None:
            out.append(alternative)
    return out


def _concepts_of(item: Item, snapshot: Snapshot, synonyms: SynonymTable, understood: Understood) -> list[Concept]:
    """The concept(s) one item stands for: one, or one per part of a split compound."""
    own = _word_alternatives(item, snapshot)
    alternatives = _synonyms(item, synonyms)
    single = not item.prefix and not item.phrase and len(terms(GERMAN, item.text)) == 1
    if any(a.matches(snapshot).any() for a in own):
        parts = split_compound(item.text, snapshot) if single and len(item.text) >= MIN_SPLIT else None
        if parts:  # entries that have the compound's parts written apart count too (Integrationskurs … Träger)
            together = [_part_query(part, snapshot, synonyms) for part in parts]
            own.append(Alternative(COMPOUND, " + ".join(parts), AllOf(tuple(together)),
                                   frozenset(t for p in parts for t in terms(GERMAN, p))))
        return [Concept(item.text, 1.0, own + alternatives)]
    parts = split_compound(item.text, snapshot) if single else None
    found = [a for a in alternatives if a.matches(snapshot).any()]
    typo = not parts and not found and single and not item.text.isdigit() and not is_real_word(item.text)
    fixed = snapshot.closest_word(item.text) if typo else None
    if fixed is not None:  # a misspelling (Integartionsmanagement) before a part of it (Management)
        understood.corrections[item.text] = fixed
        return [Concept(fixed, 1.0, _word_alternatives(Item(fixed), snapshot) + _synonyms(Item(fixed), synonyms))]
    if not parts and single:
        parts = known_part(item.text, snapshot)
        if parts:  # Integrationsbeirat → Integration: said, for no entry mentions a Beirat
            understood.missing.append(item.text)
    if parts:
        # each part with its synonyms (Terminvergabe: appointment, booking), and the whole word's
        return [Concept(item.text, 1.0 / len(parts), _part_alternatives(part, snapshot)
                        + _synonyms(Item(part), synonyms) + alternatives) for part in parts]
    understood.missing.append(item.text)  # a real word no entry mentions: said so, never replaced
    return [Concept(item.text, 1.0, found)] if found else []


def _part_query(part: str, snapshot: Snapshot, synonyms: SynonymTable) -> Query:
    """Any way of matching one part of a compound, at the compound weight."""
    own = [a.query for a in _part_alternatives(part, snapshot)]
    synonym_queries = [reweighted(a.query, WEIGHTS[COMPOUND]) for a in _synonyms(Item(part), synonyms)]
    return AnyOf(tuple(own + synonym_queries))


def _as_one_item(run: list[list[Item]], synonyms: SynonymTable, snapshot: Snapshot) -> Item | None:
    """Plain typed words that together name a synonym (``Agentur für Arbeit``: a phrase, so that it finds
    its synonyms), or a compound written apart that a synonym or the index has (``Bürokratie abbauen``)."""
    if not all(len(clause) == 1 and not clause[0].quoted and not clause[0].prefix for clause in run):
        return None
    words = [clause[0].text for clause in run]
    if synonyms.knows_phrase(" ".join(words)):
        return Item(" ".join(words), phrase=True)
    joined = "".join(words)
    if len(words) <= MAX_JOINED and joined.isalpha() and not any(is_function_word(w) or len(w) < 3 for w in words):
        if synonyms.knows(joined) or knows(snapshot, stem_german(fold(joined))):
            return Item(joined)
    return None


def _synonym_phrases(clauses: list[list[Item]], synonyms: SynonymTable, snapshot: Snapshot) -> list[list[Item]]:
    """The clauses with the longest runs of words that are one item (_as_one_item) as that item."""
    out: list[list[Item]] = []
    start = 0
    while start < len(clauses):
        for end in range(min(len(clauses), start + MAX_SYNONYM_WORDS), start + 1, -1):
            item = _as_one_item(clauses[start:end], synonyms, snapshot)
            if item is not None:
                out.append([item])
                start = end
                break
        else:
            out.append(clauses[start])
            start += 1
    return out


def understand(parsed: ParsedQuery, snapshot: Snapshot, synonyms: SynonymTable) -> Understood:
    """The concepts of a parsed query, and the query of what to leave out."""
    understood = Understood()
    words = []
    for clause in _synonym_phrases(parsed.clauses, synonyms, snapshot):
        items = [item for item in clause if item.phrase or item.prefix or not is_function_word(item.text)]
        words.extend(item.text for item in clause)
        if not items:
            continue
        if len(items) == 1:
            understood.concepts.extend(_concepts_of(items[0], snapshot, synonyms, understood))
            continue
        # a OR b: one concept; each side as it would be alone (split parts joined again)
        concept = Concept(" OR ".join(item.text for item in items))
        for item in items:
            for part in _concepts_of(item, snapshot, synonyms, understood):
                concept.alternatives.extend(part.alternatives)
        if concept.alternatives:
            understood.concepts.append(concept)
    for concept in understood.concepts:
        if any(a.named for a in concept.alternatives):
            # a country, Land or kind named in a question narrows what is asked, as a filter would
            concept.weight *= NAMED_WEIGHT
    excluded = [a.query for a in (literal(item) for item in parsed.excluded) if a is not None]
    understood.excluded = AnyOf(tuple(excluded)) if excluded else None
    # the encoder gets the words as typed (corrected) and each concept's first synonyms: other
    # languages' names move the query's vector towards entries written in them (README, Relevance)
    extra = [a.word for c in understood.concepts for a in [a for a in c.alternatives if a.kind == SYNONYM][:2]]
    understood.text = " ".join([*(understood.corrections.get(w, w) for w in words), *dict.fromkeys(extra)])
    return understood
