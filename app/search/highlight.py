"""Highlights: short passages with the matched words in ``<mark>``, built from escaped text."""

from __future__ import annotations

import re
from array import array
from html import escape
from itertools import chain, compress, count, islice
from typing import NamedTuple

from app.search.analysis import TERM_TABLES, TOKEN_PATTERN

WORD = re.compile(TOKEN_PATTERN)

CONTEXT = 70
MAX_FRAGMENTS = 2
MAX_GAP = 120
MAX_SPANS = 12


class Words(NamedTuple):
    """A text's words as the index analyses them: each word's term ("" for a stop word) and its
    character span (start, end, start, end, …). Kept per shown hit by the searcher (a few KB)."""

    terms: tuple[str, ...]
    spans: array


def words(text: str, language: str) -> Words:
    """``text`` split into words and analysed like the index (every step in C)."""
    table = TERM_TABLES["en" if language == "en" else "de"]
    found = list(WORD.finditer(text))  # one pass over the text (a second one was a quarter of this)
    return Words(tuple(map(table.__getitem__, map(re.Match.group, found))),
                 array("I", chain.from_iterable(map(re.Match.span, found))))


def highlight(text: str, language: str, matched: set[str], prefixes: set[str], title: str = "",
              analysed: Words | None = None) -> str:
    """Up to two passages of ``text`` around matched words; escaped HTML with ``<mark>`` only.

    ``analysed`` is ``words(text, language)`` when the caller keeps it. When the words occur only
    in the ``title``, the title is the passage, so a hit never comes without its reason.
    """
    spans = _spans(analysed or words(text, language), matched, prefixes)
    if not spans:
        title_spans = _spans(words(title, language), matched, prefixes) if title else []
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
    """Character spans of the first words whose index term is matched (enough for two passages).

    No Python loop per word: a loop over the words of 20 hits was a third of a search.
    """
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
