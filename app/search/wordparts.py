"""German word parts against the index's own lexicon (no dictionary): compounds found and split,
derived forms found. A compound's head is a prefix of the segments' reversed German terms."""

from __future__ import annotations

import bisect

from app.search.analysis import fold, stem_german
from app.search.snapshot import Snapshot

MIN_PART = 4
"""The shortest part a query compound is split into (folded letters)."""
FUGEN = ("", "s", "es", "n", "en", "e")
"""Linking elements between the parts of a German compound (Integration-s-kurs, Frau-en-haus)."""
DERIVATION_ENDINGS = ("iert", "ation", "ier", "ert", "elt", "er", "el", "i", "l")
"""Endings the German stemmer keeps that separate verbs, participles and nouns (stems: koordini /
koordiniert / koordinier / koordination, digitalisi / digitalisier, vermittel / vermittelt /
vermittl, ford / forder)."""
MAX_DERIVED = 6
COMPOUND_SCAN = 200
"""Compound candidates looked at per query word, of which the most frequent are used."""
MIN_BASE = 5


def derivation_bases(stem: str) -> list[str]:
    """The stem without each derivational ending it has (MIN_BASE letters left: with 4, ``bündeln`` met ``Bund``)."""
    return [stem[:-len(e)] for e in DERIVATION_ENDINGS if stem.endswith(e) and len(stem) - len(e) >= MIN_BASE] + [stem]


def derived_terms(stem: str, snapshot: Snapshot) -> list[str]:
    """Index terms that are other forms of the same word: they share a derivation base."""
    found: list[str] = []
    for base in dict.fromkeys(derivation_bases(stem)):
        for term in _starting(snapshot, 0, base, 64, 0):
            if term != stem and term not in found and len(term) <= len(base) + 6 and base in derivation_bases(term):
                found.append(term)
    return found[:MAX_DERIVED]


def _known(part: str, snapshot: Snapshot) -> str | None:
    """``part`` without its linking element, if the index knows it."""
    for fuge in FUGEN:
        bare = part[:len(part) - len(fuge)]
        if part.endswith(fuge) and len(bare) >= MIN_PART and knows(snapshot, stem_german(fold(bare))):
            return bare
    return None


def split_compound(word: str, snapshot: Snapshot) -> list[str] | None:
    """A German compound split into the fewest parts the index knows, the longest first part first
    (``Integrationskursträger`` → ``Integrationskurs`` + ``träger``, not ``Integration`` + ``Kursträger``)."""
    lower = word.lower()
    if not lower.isalpha():
        return None
    for depth in (1, 2):
        parts = _split(lower, depth, snapshot)
        if parts is not None:
            return _as_typed(word, parts)
    return None


def _split(rest: str, depth: int, snapshot: Snapshot) -> list[str] | None:
    """``rest`` as at most ``depth`` + 1 known parts, the longest last part tried first (a module function:
    a nested recursive one would hold the snapshot in a reference cycle until a full collection)."""
    for cut in range(len(rest) - MIN_PART, MIN_PART - 1, -1):
        head = rest[cut:]
        if not knows(snapshot, stem_german(fold(head))):
            continue
        first = _known(rest[:cut], snapshot)
        if first is not None:
            return [first, head]
        if depth > 1:
            parts = _split(rest[:cut], depth - 1, snapshot)
            if parts is not None:
                return [*parts, head]
    return None


def known_part(word: str, snapshot: Snapshot) -> list[str] | None:
    """The longest first part of a compound the index knows (``Terminvergabe`` of
    ``Terminvergabesystem`` when no entry has ``System``), else the longest last part."""
    lower = word.lower()
    if not lower.isalpha():
        return None
    for cut in range(len(lower) - MIN_PART, MIN_PART + 1, -1):
        first = _known(lower[:cut], snapshot)
        if first is not None:
            return _as_typed(word, [first])
    for cut in range(MIN_PART, len(lower) - MIN_PART - 1):
        last = _known(lower[cut:], snapshot)
        if last is not None:
            return _as_typed(word, [last])
    return None


def _as_typed(word: str, parts: list[str]) -> list[str]:
    """The parts (of ``word`` lower-cased) as typed, capitals kept: the reason shown with a result."""
    lower, out, position = word.lower(), [], 0
    for part in parts:
        start = lower.index(part, position)
        out.append(word[start:start + len(part)])
        position = start + len(part)
    return out


def compound_terms(snapshot: Snapshot, stem: str, limit: int = 12) -> list[str]:
    """The ``limit`` most used German index terms that contain ``stem`` as a head (``behord`` in
    ``auslanderbehord``) after three letters or more, or as a first part before five letters or more."""
    heads = [t[::-1] for t in _starting(snapshot, 1, stem[::-1], COMPOUND_SCAN, 3)]
    # a first part needs a longer rest: "verein" must not find "vereinfach"
    candidates = list(dict.fromkeys(heads + _starting(snapshot, 0, stem, COMPOUND_SCAN, 5)))
    if len(candidates) <= limit:
        return candidates
    # heads first at equal frequency: "Behörde" is more a Ausländerbehörde than a Behördenleiter
    rank = {term: (snapshot.doc_frequency("body", term) + snapshot.doc_frequency("title", term), n < len(heads))
            for n, term in enumerate(candidates)}
    return sorted(candidates, key=lambda t: rank[t], reverse=True)[:limit]


def knows(snapshot: Snapshot, stem: str) -> bool:
    """Whether German text of some entry has this index term."""
    return any(_starting_in(cache.german_terms[0], stem, 1, 0) == [stem] for cache in snapshot.segments)


def _starting(snapshot: Snapshot, side: int, key: str, limit: int, rest: int) -> list[str]:
    """The first ``limit`` German terms (``side`` 0) or reversed terms (1) starting with ``key`` and at
    least ``rest`` letters longer."""
    found = {t for cache in snapshot.segments for t in _starting_in(cache.german_terms[side], key, limit, rest)}
    return sorted(found)[:limit]


def _starting_in(terms: list[str], key: str, limit: int, rest: int) -> list[str]:
    found = []
    for index in range(bisect.bisect_left(terms, key), len(terms)):
        candidate = terms[index]
        if not candidate.startswith(key):
            break
        if len(candidate) - len(key) >= rest:
            found.append(candidate)
            if len(found) >= limit:
                break
    return found
