"""Text analysis: German first (folding, Snowball 3 stemming), English for English entries.

Everything Whoosh pickles into the index (analyzers and the functions they call) lives at module
level, so an index can be opened by any process that imports this module.
"""

from __future__ import annotations

import functools
import re

import snowballstemmer
from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.stopwords import stoplists

TOKEN_PATTERN = r"\w+(?:\.\w+)*"
_GERMAN = snowballstemmer.stemmer("german")
_ENGLISH = snowballstemmer.stemmer("english")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "ê": "e",
                       "à": "a", "â": "a", "ç": "c", "î": "i", "ï": "i", "ô": "o", "û": "u",
                       "å": "a", "ø": "o", "æ": "ae", "œ": "oe"})
GERMAN_STOPWORDS = frozenset(stoplists["de"]) | frozenset(stoplists["en"]) - {"nicht"}
ENGLISH_STOPWORDS = frozenset(stoplists["en"])


def fold(word: str) -> str:
    """Lower-case and fold umlauts, ß and accents: ``Straße`` → ``strasse``."""
    return word.lower().translate(_FOLD)


@functools.lru_cache(maxsize=200_000)
def stem_german(word: str) -> str:
    """Snowball 3 German: also maps ae/oe/ue, so ``fluechtlinge`` meets ``flüchtlinge``."""
    return _GERMAN.stemWord(word).translate(_FOLD)


@functools.lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    return _ENGLISH.stemWord(word).translate(_FOLD)


def german_analyzer():  # type: ignore[no-untyped-def]
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
            | StopFilter(stoplist=GERMAN_STOPWORDS, minsize=2)
            | StemFilter(stemfn=stem_german, cachesize=-1))


def english_analyzer():  # type: ignore[no-untyped-def]
    return (RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
            | StopFilter(stoplist=ENGLISH_STOPWORDS, minsize=2)
            | StemFilter(stemfn=stem_english, cachesize=-1))


def word_analyzer():  # type: ignore[no-untyped-def]
    """Whole words as written, lower-cased: the vocabulary of suggestions and autocompletion."""
    return RegexTokenizer(r"[^\W\d_]{3,}") | LowercaseFilter()


GERMAN = german_analyzer()
ENGLISH = english_analyzer()
WORDS = word_analyzer()

_WORD_RE = re.compile(TOKEN_PATTERN)


def terms(analyzer, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The index terms ``text`` becomes under ``analyzer``, in order."""
    return [token.text for token in analyzer(text)]
