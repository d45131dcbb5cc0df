"""Why a result matched: the words it matched and how (literal, derived, compound, synonym), or
its meaning alone („ähnliche Bedeutung")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.search.expand import COMPOUND, DERIVED, LITERAL, Understood
from app.search.highlight import Words, words


@dataclass(frozen=True)
class MatchedWord:
    query: str
    """The word (or phrase) of the query."""
    found: str
    """The word of the entry that matched it."""
    kind: str
    """literal | derived | compound | synonym"""

    def to_json(self) -> dict[str, str]:
        return {"query": self.query, "found": self.found, "kind": self.kind}


@dataclass
class Reason:
    words: list[MatchedWord] = field(default_factory=list)
    semantic: bool = False
    """Among the entries closest in meaning to the query."""

    def to_json(self) -> dict[str, Any]:
        return {"words": [w.to_json() for w in self.words], "semantic": self.semantic}


def reasons(understood: Understood, docnum: int, semantic: bool, text: str, analysed: Words, title: str,
            language: str) -> Reason:
    """The best way the document matched each concept of the query (matching.evaluate has set
    each alternative's documents)."""
    reason = Reason(semantic=semantic)
    seen: set[tuple[str, str]] = set()
    title_words: Words | None = None
    for concept in understood.concepts:
        for alternative in concept.alternatives:
            if alternative.mask is None or not alternative.mask[docnum]:
                continue
            found = alternative.word
            if alternative.kind in (DERIVED, COMPOUND) or alternative.kind == LITERAL and alternative.prefix:
                terms = alternative.en if language == "en" else alternative.de
                title_words = title_words or words(title, language)
                found = (_surface(title, title_words, terms, alternative.prefix)
                         or _surface(text, analysed, terms, alternative.prefix) or found)
            key = (concept.typed, found.lower())
            if key not in seen:
                seen.add(key)
                reason.words.append(MatchedWord(concept.typed, found, alternative.kind))
            break
    return reason


def _surface(text: str, analysed: Words, terms: frozenset[str], prefix: str) -> str | None:
    """The first word of ``text`` whose index term is one of ``terms`` (or starts with ``prefix``)."""
    for number, term in enumerate(analysed.terms):
        if term and (term in terms or prefix and term.startswith(prefix)):
            return text[analysed.spans[2 * number]:analysed.spans[2 * number + 1]]
    return None
