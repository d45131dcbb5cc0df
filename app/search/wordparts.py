"""German word parts against the index's own lexicon: compounds split, derived forms found.

No dictionary: a part counts if some entry has it (``Snapshot.knows``), so the splitting works on
the corpus at hand, in any field of German text.
"""

from __future__ import annotations

from collections.abc import Callable

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
MIN_BASE = 5


def derivation_bases(stem: str) -> list[str]:
    """The stem without each derivational ending it has (at least MIN_BASE letters left: with four,
    ``bündeln`` met ``Bund``)."""
    return [stem[:-len(e)] for e in DERIVATION_ENDINGS if stem.endswith(e) and len(stem) - len(e) >= MIN_BASE] + [stem]


def derived_terms(stem: str, snapshot: Snapshot) -> list[str]:
    """Index terms that are other forms of the same word: they share a derivation base."""
    found: list[str] = []
    for base in dict.fromkeys(derivation_bases(stem)):
        for term in snapshot.terms_starting(base, 64):
            if term != stem and term not in found and len(term) <= len(base) + 6 and base in derivation_bases(term):
                found.append(term)
    return found[:MAX_DERIVED]


def _known(snapshot: Snapshot) -> Callable[[str], str | None]:
    """part → the part without its linking element, if the index knows it (else None)."""
    def known(part: str) -> str | None:
        for fuge in FUGEN:
            if fuge and not part.endswith(fuge):
                continue
            bare = part[:len(part) - len(fuge)] if fuge else part
            if len(bare) >= MIN_PART and snapshot.knows(stem_german(fold(bare))):
                return bare
        return None

    return known


def split_compound(word: str, snapshot: Snapshot) -> list[str] | None:
    """A German compound split into parts the index knows: the fewest parts, and of those the
    longest first part (``Integrationskursträger`` → ``Integrationskurs`` + ``träger``, not
    ``Integration`` + ``Kursträger``). None if there is no such split."""
    lower = word.lower()
    if not lower.isalpha():
        return None
    known = _known(snapshot)

    def split(rest: str, depth: int) -> list[str] | None:
        for cut in range(len(rest) - MIN_PART, MIN_PART - 1, -1):
            head = rest[cut:]
            if not snapshot.knows(stem_german(fold(head))):
                continue
            first = known(rest[:cut])
            if first is not None:
                return [first, head]
            if depth > 1:
                parts = split(rest[:cut], depth - 1)
                if parts is not None:
                    return [*parts, head]
        return None

    for depth in (1, 2):
        parts = split(lower, depth)
        if parts is not None:
            return _as_typed(word, parts)
    return None


def known_part(word: str, snapshot: Snapshot) -> list[str] | None:
    """The longest first part of a compound the index knows (``Terminvergabe`` of
    ``Terminvergabesystem`` when no entry has ``System``), else the longest last part; at least
    MIN_PART + 2 letters. None if there is none."""
    lower = word.lower()
    if not lower.isalpha():
        return None
    known = _known(snapshot)
    for cut in range(len(lower) - MIN_PART, MIN_PART + 1, -1):
        first = known(lower[:cut])
        if first is not None:
            return _as_typed(word, [first])
    for cut in range(MIN_PART, len(lower) - MIN_PART - 1):
        last = known(lower[cut:])
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
