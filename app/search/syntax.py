"""The query language people type, parsed without ever failing, and what its words are.

``words`` are ANDed; ``"a phrase"``; ``-word`` or ``-"phrase"`` excludes; ``a OR b``; ``prefix*``.
Anything else (stray quotes, brackets, colons, a lone ``*``) is read as plain words or dropped.
Function words are never required; a real word (wordfreq's lists) is never corrected.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from whoosh.lang.stopwords import stoplists

from app.search.analysis import fold

MAX_CLAUSES = 24
LANGUAGES = ("de", "en", "fr", "sv")
MISSING_FROM_STOP_LISTS = frozenset({
    "gibt", "welche", "welcher", "welches", "wie", "wo", "was", "wer", "warum",  # question words
    "wieso", "weshalb", "weswegen", "wozu", "whether",
    "how", "what", "which", "where", "who", "why", "comment", "quels", "quelles", "quel", "quelle",
    "les", "le", "l", "d", "du", "aux", "au", "un", "une", "pour", "dans", "sur", "avec", "par",  # French
    "och", "i", "av", "till", "med", "för", "som", "den", "det", "en", "ett",  # Swedish
})
"""Function words the stop lists Whoosh ships lack (French ``les``, question words)."""
FUNCTION_WORDS = (frozenset(fold(word) for language in LANGUAGES for word in stoplists[language])
                  | frozenset(fold(word) for word in MISSING_FROM_STOP_LISTS))
ELISION = re.compile(r"^(?:[cdjlmnst]|qu)['’](?=\w)", re.IGNORECASE)
"""A French elided article or pronoun before a word: ``l'intégration``, ``d'accueil``."""
REAL_WORD_ZIPF = 1.5
"""Zipf frequency (1 = once per 100 million words) from which a word is a real one."""
MIN_PREFIX = 2

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+(?:[-'.]\w+)*\*?", re.UNICODE)


@dataclass(frozen=True)
class Item:
    """One thing to look for: a word, a phrase (several words) or a prefix."""

    text: str
    phrase: bool = False
    prefix: bool = False
    quoted: bool = False
    """Typed in quotes: the exact wording is asked for."""


@dataclass
class ParsedQuery:
    clauses: list[list[Item]] = field(default_factory=list)
    """Every clause must match; within a clause, any item may (``OR``)."""
    excluded: list[Item] = field(default_factory=list)


def parse(text: str, max_chars: int) -> ParsedQuery:
    """Parse any string (its first ``max_chars`` characters) into clauses; never raises."""
    result = ParsedQuery()
    pending_or = False
    for negated, quoted, bare in _TOKEN.findall((text or "")[:max_chars]):
        if bare == "OR":
            pending_or = bool(result.clauses)
            continue
        items: list[Item] = []
        if bare:
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            for word in _WORD.findall(bare.lstrip("-+")):
                plain = ELISION.sub("", word.rstrip("*"))  # l'intégration: the word, not a phrase
                if word.endswith("*") and len(plain) >= MIN_PREFIX:
                    items.append(Item(plain, prefix=True))
                elif plain:
                    items.append(Item(plain, phrase=bool(re.search(r"[-'.]", plain))))
        elif words := [word.rstrip("*") for word in _WORD.findall(quoted)]:
            items.append(Item(" ".join(words), phrase=len(words) > 1, quoted=True))
        if not items:
            continue
        if negated:
            result.excluded.extend(items)
        elif pending_or:
            result.clauses[-1].append(items[0])
            result.clauses.extend([item] for item in items[1:])
        else:
            result.clauses.extend([item] for item in items)
        pending_or = False
    result.clauses = result.clauses[:MAX_CLAUSES]
    result.excluded = result.excluded[:MAX_CLAUSES]
    return result


def is_function_word(word: str) -> bool:
    return fold(word) in FUNCTION_WORDS


@functools.lru_cache(maxsize=50_000)
def is_real_word(word: str) -> bool:
    """Whether ``word`` is a word of German, English, French or Swedish (not a misspelling)."""
    from wordfreq import zipf_frequency  # noqa: PLC0415 - its lists load on first use (about 1 s)

    lower = word.lower()
    return any(zipf_frequency(lower, language) >= REAL_WORD_ZIPF for language in LANGUAGES)


def warm_word_lists() -> None:
    """Load the word lists now rather than in the first request that needs them."""
    is_real_word("Integration")
