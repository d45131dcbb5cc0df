"""Text analysis: German first (folding, Snowball 3 stemming), English for English entries.

Everything Whoosh pickles into the index (analyzers and the functions they call) lives at module
level, so an index can be opened by any process that imports this module.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any, NamedTuple

import snowballstemmer
from whoosh.analysis import Token, Tokenizer
from whoosh.lang.stopwords import stoplists

from app.search.kept import Kept

TOKEN_PATTERN = r"\w+(?:\.\w+)*"
_WORD_RE = re.compile(TOKEN_PATTERN)
WORD_PATTERN = re.compile(r"[^\W\d_]{3,}")
"""A word for spelling suggestions and completion: three letters or more."""
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


def warm_stems(words: list[str]) -> None:
    """Stem these words ahead of the first searches that highlight them (measured: stemming was a
    fifth of a first-seen search)."""
    for word in words:
        stem_german(word)
        stem_english(word)


TERM_TABLE_LIMIT = 500_000


def _index_term(stem: Callable[[str], str], stop: frozenset[str], word: str) -> str:
    lower = word.lower()
    return "" if len(lower) < 2 or lower in stop else stem(lower)


TERM_TABLES = {"de": Kept(functools.partial(_index_term, stem_german, GERMAN_STOPWORDS), TERM_TABLE_LIMIT),
               "en": Kept(functools.partial(_index_term, stem_english, ENGLISH_STOPWORDS), TERM_TABLE_LIMIT)}
"""Word as written → index term ("" for a stop word or a single letter), filled as words come: one
look-up per word of every text the build and highlighting read (an lru_cache hit costs twice that)."""


@dataclass(frozen=True)
class StemmingTokenizer(Tokenizer):
    """What ``RegexTokenizer | LowercaseFilter | StopFilter(minsize=2) | StemFilter`` yields, in
    one loop over one table (TERM_TABLES): the chain of four generators per word was a third of
    an index build. Positions are renumbered over the stop words as StopFilter does."""

    language: str

    def __call__(self, value: str, positions: bool = False, **kwargs: Any  # type: ignore[override]
                 ) -> Iterator[Token]:
        """The tokens without stop words, as Whoosh's own Positions format and terms() ask for them."""
        token = Token(positions, **kwargs)
        for position, term in self._numbered(value):
            token.text, token.pos = term, position
            yield token

    def positions(self, value: str) -> dict[str, list[int]]:
        """term → its positions in ``value``, without a token object per word (the index build's inner
        loop: see schema.Positions)."""
        found: dict[str, list[int]] = {}
        for position, term in self._numbered(value):
            found.setdefault(term, []).append(position)
        return found

    def _numbered(self, value: str) -> Iterator[tuple[int, str]]:
        """(position, term) of the words that are no stop words: the first at its place among all
        words, the next ones one on (StopFilter's renumbering)."""
        terms = list(map(TERM_TABLES[self.language].__getitem__, _WORD_RE.findall(value)))
        first = next((n for n, term in enumerate(terms) if term), 0)
        return enumerate(filter(None, terms), start=first)


GERMAN = StemmingTokenizer("de")
ENGLISH = StemmingTokenizer("en")


def terms(analyzer, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The index terms ``text`` becomes under ``analyzer``, in order."""
    return [token.text for token in analyzer(text)]


class Words(NamedTuple):
    """A text's words as the index analyses them: each word's term ("" for a stop word) and its
    character span (start, end, start, end, …)."""

    terms: tuple[str, ...]
    spans: array


def words(text: str, language: str) -> Words:
    """``text`` split into words and analysed like the index (every step in C)."""
    table = TERM_TABLES["en" if language == "en" else "de"]
    found = list(_WORD_RE.finditer(text))  # one pass over the text (a second one was a quarter of this)
    return Words(tuple(map(table.__getitem__, map(re.Match.group, found))),
                 array("I", chain.from_iterable(map(re.Match.span, found))))
