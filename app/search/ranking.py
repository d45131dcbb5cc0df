"""Ranking the matched documents: BM25F in two passes, and year/title/review order.

Whoosh ranks by walking a tree of matchers, one per query term; an expanded query (fields x
compounds x synonyms) has hundreds of them, and that walk was 90 % of a search at 10k entries.
The matching documents are already known from cached posting sets, so ranking works from those:

1. every allowed document gets the sum of ``boost x idf`` of the terms it contains (a score
   vector over the document numbers, added to in C: docarrays.py);
2. the best few (matching.py picks them: twice what the page needs) get their exact BM25F score,
   from each term's frequencies and the fields' lengths as the searcher keeps them (segments.py).

Field weights come from the query (title > summary > topic labels > body), so a title hit wins.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from typing import Protocol

import numpy as np
import numpy.typing as npt

from app.search.docarrays import DocArray, find
from app.search.query import Phrase, Query, Term, leaves

K1 = 1.2
B = 0.75
MAX_PREFIX_TERMS = 64


class Postings(Protocol):
    """What ranking reads of an index version (searcher.IndexView), each cached there."""

    count: int

    def term_docs(self, fieldname: str, text: str) -> DocArray: ...

    def term_weights(self, fieldname: str, text: str) -> npt.NDArray[np.float64]: ...

    def field_lengths(self, fieldname: str) -> npt.NDArray[np.int64]: ...

    def field_total(self, fieldname: str) -> int: ...

    def prefix_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]: ...

    def sort_keys(self) -> list[tuple[int, str, int]]: ...


class Ranker:
    """BM25F and the other orders over one index version."""

    def __init__(self, postings: Postings) -> None:
        self.postings = postings
        self.documents = max(1, postings.count)
        self._average: dict[str, float] = {}

    def idf(self, frequency: int) -> float:
        """Whoosh's BM25F idf of a term in ``frequency`` documents (deleted ones counted, as the
        term's posting set in the term cache counts them)."""
        return math.log(1.0 + (self.documents - frequency + 0.5) / (frequency + 0.5))

    def _average_length(self, fieldname: str) -> float:
        average = self._average.get(fieldname)
        if average is None:
            average = self.postings.field_total(fieldname) / self.documents or 1.0
            self._average[fieldname] = average
        return average

    def leaves(self, query: Query) -> Iterable[tuple[str, str, float]]:
        """(field, term, weight) of every term in the query; prefixes expanded."""
        for leaf in leaves(query):
            if isinstance(leaf, Term):
                yield leaf.field, leaf.text, leaf.boost
            elif isinstance(leaf, Phrase):
                for word in leaf.words:
                    yield leaf.field, word, leaf.boost
            else:
                for text in self.postings.prefix_terms(leaf.field, leaf.text, MAX_PREFIX_TERMS):
                    yield leaf.field, text, leaf.boost

    def _weighted_leaves(self, terms: Iterable[tuple[str, str, float]]) -> list[tuple[str, str, float, DocArray]]:
        merged: dict[tuple[str, str], float] = {}
        for fieldname, text, boost in terms:
            merged[(fieldname, text)] = merged.get((fieldname, text), 0.0) + boost
        out = []
        for (fieldname, text), boost in merged.items():
            docs = self.postings.term_docs(fieldname, text)
            if len(docs):
                out.append((fieldname, text, boost, docs))
        return out

    def rough_and_exact(self, terms: Iterable[tuple[str, str, float]]
                        ) -> tuple[npt.NDArray[np.float64], Callable[[list[int]], dict[int, float]]]:
        """Rough scores of every document for weighted terms (``leaves`` of a query), and a function
        giving the exact BM25F of some."""
        leaves = self._weighted_leaves(terms)
        return self.rough(leaves), lambda candidates: self._exact(leaves, candidates)

    def rough(self, leaves: list[tuple[str, str, float, DocArray]]) -> npt.NDArray[np.float64]:
        """The sum of ``boost x idf`` of the terms each document contains."""
        rough = np.zeros(self.postings.count, dtype=np.float64)
        for _, _, boost, docs in leaves:
            # each document once per term, in the same order as a loop over the terms would add
            rough[docs] += boost * self.idf(len(docs))
        return rough

    def _exact(self, leaves: list[tuple[str, str, float, DocArray]], candidates: list[int]) -> dict[int, float]:
        """BM25F of the candidates, a term at a time over all of them (the same arithmetic, in the
        same order, as one document at a time)."""
        chosen = np.array(candidates, dtype=np.intp)
        exact = np.zeros(len(chosen), dtype=np.float64)
        for fieldname, text, boost, docs in leaves:
            at, hit = find(docs, chosen)
            if not hit.any():
                continue
            members = chosen[hit]
            weight = boost * self.idf(len(docs)) * (K1 + 1.0)
            average = self._average_length(fieldname)
            tf = self.postings.term_weights(fieldname, text)[at[hit]]
            lengths = self.postings.field_lengths(fieldname)[members]
            norm = K1 * (1.0 - B + B * np.where(lengths == 0, 1, lengths) / average)
            exact[hit] += weight * tf / (tf + norm)
        return dict(zip(candidates, exact.tolist(), strict=True))

    def ordered(self, allowed: DocArray, sort: str, limit: int) -> list[int]:
        """The first ``limit`` allowed documents by year, title or review date (relevance is
        matching.py's), and when browsing without words."""
        if not len(allowed) or limit <= 0:
            return []
        keys = self.postings.sort_keys()
        if sort == "title":
            order = heapq.nsmallest(limit, allowed.tolist(), key=lambda d: (keys[d][1], d))
        elif sort == "year":  # newest first, then by title
            order = heapq.nsmallest(limit, allowed.tolist(), key=lambda d: (-keys[d][0], keys[d][1], d))
        else:  # reviewed, and browsing: the most recently reviewed first, then newest, then by title
            order = heapq.nsmallest(limit, allowed.tolist(),
                                    key=lambda d: (-keys[d][2], -keys[d][0], keys[d][1], d))
        return order
