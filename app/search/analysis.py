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


class TermTable(dict[str, str]):
    """Word as written → index term ("" for a stop word or a single letter), filled as words come: one
    look-up per word of every text the build and highlighting read (an lru_cache hit costs twice that)."""

    LIMIT = 500_000

    def __init__(self, stem: Callable[[str], str], stop: frozenset[str]) -> None:
        super().__init__()
        self.stem, self.stop = stem, stop

    def __missing__(self, word: str) -> str:
        if len(self) > self.LIMIT:
            self.clear()
        lower = word.lower()
        term = "" if len(lower) < 2 or lower in self.stop else self.stem(lower)
        self[word] = term
        return term


TERM_TABLES = {"de": TermTable(stem_german, GERMAN_STOPWORDS), "en": TermTable(stem_english, ENGLISH_STOPWORDS)}


@dataclass(frozen=True)
class StemmingTokenizer(Tokenizer):
    """What ``RegexTokenizer | LowercaseFilter | StopFilter(minsize=2) | StemFilter`` yields, in
    one loop over one table (TERM_TABLES): the chain of four generators per word was a third of
    an index build. Positions are renumbered over the stop words as StopFilter does."""

    language: str

    def __call__(self, value: str, positions: bool = False, chars: bool = False,  # type: ignore[override]
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: Any
                 ) -> Iterator[Token]:
        table = TERM_TABLES[self.language]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        matches = ((0, value, 0, len(value)),) if not tokenize else (
            (n, m.group(), m.start(), m.end()) for n, m in enumerate(_WORD_RE.finditer(value)))
        pos = None
        for index, word, start, end in matches:
            term = table[word]
            if term:
                token.text, token.stopped = term, False
                if positions:
                    pos = start_pos + index if pos is None else pos + 1
                    token.pos = pos
            elif removestops:
                continue
            else:
                token.text, token.stopped = word.lower(), True
                if positions:
                    token.pos = start_pos + index
            token.boost = 1.0
            if keeporiginal:
                token.original = word
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def positions(self, value: str) -> dict[str, list[int]]:
        """term → its positions in ``value``, as ``__call__(value, positions=True)`` numbers them,
        without a token object per word (the index build's inner loop: see schema.Positions)."""
        terms = list(map(TERM_TABLES[self.language].__getitem__, _WORD_RE.findall(value)))
        found: dict[str, list[int]] = {}
        first = next((n for n, term in enumerate(terms) if term), 0)
        for position, term in enumerate(filter(None, terms), start=first):
            found.setdefault(term, []).append(position)
        return found


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
