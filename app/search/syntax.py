"""The query language people type, parsed without ever failing, and what its words are.

``words`` are ANDed; ``"a phrase"``; ``-word`` or ``-"phrase"`` excludes; ``a OR b``; ``prefix*``.
Anything else (stray quotes, brackets, colons, a lone ``*``) is read as plain words or dropped.

Function words (``in``, ``der``, ``the``, ``des``, ``och``) of every language a question may come in
are never required: „Wartezeiten in der Ausländerbehörde" asks for two concepts. A word no entry
contains is corrected only if it is no real word of German, English, French or Swedish (word lists
of the ``wordfreq`` package, shipped in its wheel): „Spanien" is reported as missing, never replaced
by „standen".
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
"""A word at least this frequent (Zipf scale: 1 = once per 100 million words) in one of LANGUAGES
counts as a real word."""
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

    @property
    def empty(self) -> bool:
        return not self.clauses and not self.excluded

    def words(self) -> list[str]:
        return [item.text for clause in self.clauses for item in clause]


def parse(text: str, max_chars: int) -> ParsedQuery:
    """Parse any string (its first ``max_chars`` characters: the setting MAX_QUERY_LENGTH) into
    clauses; never raises."""
    text = (text or "")[:max_chars]
    result = ParsedQuery()
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            pending_or = bool(result.clauses)
            continue
        items: list[Item] = []
        if quoted is not None:
            words = _WORD.findall(quoted)
            if words:
                joined = " ".join(w.rstrip("*") for w in words)
                items.append(Item(joined, phrase=len(words) > 1, quoted=True))
        else:
            assert bare is not None
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            for word in _WORD.findall(bare.lstrip("-+")):
                is_prefix = word.endswith("*")
                word = without_elision(word.rstrip("*"))  # l'intégration: the word, not a phrase
                if not word:
                    continue
                if is_prefix and len(word) >= MIN_PREFIX:
                    items.append(Item(word, prefix=True))
                else:
                    items.append(Item(word, phrase=bool(re.search(r"[-'.]", word))))
        if not items:
            continue
        if negated:
            result.excluded.extend(items)
            pending_or = False
            continue
        if pending_or and result.clauses:
            result.clauses[-1].extend(items[:1])
            result.clauses.extend([item] for item in items[1:])
        else:
            result.clauses.extend([item] for item in items)
        pending_or = False
    result.clauses = result.clauses[:MAX_CLAUSES]
    result.excluded = result.excluded[:MAX_CLAUSES]
    return result


def without_elision(word: str) -> str:
    """``l'intégration`` → ``intégration`` (a French article is a function word, not a phrase)."""
    return ELISION.sub("", word)


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
