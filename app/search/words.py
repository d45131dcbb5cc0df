"""What a query word is before the index is asked: a function word, or a real word of a language.

Function words (``in``, ``der``, ``the``, ``des``, ``och``) of every language a question may come in
are never required: a question like „Wartezeiten in der Ausländerbehörde" asks for two concepts.
A word no entry contains is corrected only if it is no real word of German, English, French or
Swedish (word lists from the maintained ``wordfreq`` package, shipped in its wheel): „Spanien" is
a real word and is reported as missing, never silently replaced by „standen".
"""

from __future__ import annotations

import functools
import re

from whoosh.lang.stopwords import stoplists

from app.search.analysis import fold

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


def warm() -> None:
    """Load the word lists now rather than in the first request that needs them."""
    is_real_word("Integration")
