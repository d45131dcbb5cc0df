"""What a hit shows of itself: short passages with the matched words in ``<mark>`` (built from
escaped text), and why it matched: the words it matched and how (literal, derived, compound,
synonym), or its meaning alone („ähnliche Bedeutung")."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from itertools import compress, count, islice
from typing import Any

from app.search.analysis import Words, words
from app.search.expand import COMPOUND, DERIVED, LITERAL, MatchTerms, Understood

CONTEXT = 70
MAX_FRAGMENTS = 2
MAX_GAP = 120
MAX_SPANS = 12


def highlight(text: str, analysed: Words, title: str, language: str, found: MatchTerms) -> str:
    """Up to two passages of ``text`` (``analysed``: its words) around the ``found`` words; escaped HTML
    with ``<mark>`` only. When they occur only in the title, the title is the passage, so a hit never
    comes without its reason."""
    matched, prefixes = found.for_language(language), found.prefixes
    spans = _spans(analysed, matched, prefixes)
    if not spans:
        title_spans = _spans(words(title, language), matched, prefixes)
        if title_spans:
            return _excerpt(title, 0, len(title), title_spans)
        return _excerpt(text, 0, min(len(text), 2 * CONTEXT + 40), [])
    groups: list[list[tuple[int, int]]] = [[spans[0]]]
    for span in spans[1:]:
        if span[0] - groups[-1][-1][1] <= MAX_GAP:
            groups[-1].append(span)
        else:
            groups.append([span])
    best = sorted(groups, key=lambda g: (-len(g), g[0][0]))[:MAX_FRAGMENTS]
    best.sort(key=lambda g: g[0][0])
    fragments = []
    for group in best:
        start = _word_start(text, max(0, group[0][0] - CONTEXT))
        end = _word_end(text, min(len(text), group[-1][1] + CONTEXT))
        fragments.append(_excerpt(text, start, end, group))
    return " ".join(fragments).replace(" … … ", " … ")


def _spans(analysed: Words, matched: set[str], prefixes: set[str]) -> list[tuple[int, int]]:
    """Character spans of the first words whose index term is matched (enough for two passages); no
    Python loop per word (measured: such a loop over 20 hits' words was a third of a search)."""
    if not (matched or prefixes):
        return []
    terms = analysed.terms
    if prefixes:
        starts = tuple(prefixes)
        hit = [t in matched or bool(t) and t.startswith(starts) for t in terms]
    else:
        hit = list(map(matched.__contains__, terms))
    spans = analysed.spans
    return [(spans[2 * n], spans[2 * n + 1]) for n in islice(compress(count(), hit), MAX_SPANS)]


def _excerpt(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    out = ["… " if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        out.append(escape(text[position:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(escape(text[position:end]))
    out.append(" …" if end < len(text) else "")
    return "".join(out).strip()


def _word_start(text: str, index: int) -> int:
    if index == 0:
        return 0
    space = text.find(" ", index)
    return space + 1 if 0 <= space < index + 20 else index


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", index - 20, index)
    return space if space > 0 else index


@dataclass(frozen=True)
class MatchedWord:
    query: str
    """The word (or phrase) of the query."""
    found: str
    """The word of the entry that matched it."""
    kind: str
    """literal | derived | compound | synonym"""


@dataclass
class Reason:
    words: list[MatchedWord] = field(default_factory=list)
    semantic: bool = False
    """Among the entries closest in meaning to the query."""

    def to_json(self) -> dict[str, Any]:
        return {"words": [{"query": w.query, "found": w.found, "kind": w.kind} for w in self.words],
                "semantic": self.semantic}


def reasons(understood: Understood, docnum: int, semantic: bool, text: str, analysed: Words, title: str,
            language: str) -> Reason:
    """The best way the document matched each concept of the query (from the alternatives' masks,
    set by matching.evaluate)."""
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
