"""Ranking the matched documents: BM25F in two passes, and year/title/review order.

Whoosh ranks by walking a tree of matchers, one per query term; an expanded query (fields x
compounds x synonyms) has hundreds of them, and that walk was 90 % of a search at 10k entries.
The matching documents are already known from cached posting sets, so ranking works from those:

1. every allowed document gets the sum of ``boost x idf`` of the terms it contains (a score
   vector over the document numbers, added to in C: docarrays.py);
2. the best few (matching.py picks them: twice what the page needs) get their exact BM25F score,
   from each term's frequencies and the fields' lengths as the searcher keeps them (termcache.py,
   postings.py).

Field weights come from the query (title > summary > topic labels > body), so a title hit wins.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections.abc import Callable, Iterable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
from whoosh import query as Q

from app.search.docarrays import DocArray, find
from app.search.inheritance import below
from app.search.postings import prefix_terms, term_text

K1 = 1.2
B = 0.75
MAX_PREFIX_TERMS = 64
MAX_PREFIXES = 10_000
"""Prefix expansions kept per index version."""


class Postings(Protocol):
    """What ranking reads of an index version (searcher.IndexView), each cached there."""

    def term_docs(self, fieldname: str, text: str) -> DocArray: ...

    def term_weights(self, fieldname: str, text: str) -> npt.NDArray[np.float64]: ...

    def field_lengths(self, fieldname: str) -> npt.NDArray[np.int64]: ...


MISSING = 2**32 - 1
"""What an unsigned 32-bit numeric column holds for a document without a value (Whoosh's default)."""


def _given(value: int | None) -> int:
    """A sort column's value, 0 where the entry has none (so that it sorts last, not first)."""
    return 0 if value is None or value == MISSING else int(value)


class Ranker:
    """Statistics and sort keys of one index version."""

    def __init__(self, reader: Any, previous: Ranker | None = None, upto: int = 0) -> None:
        """``previous``: the ranker of the last version, whose sort keys stay right below ``upto``."""
        self.reader = reader
        self.count = reader.doc_count_all()
        self.documents = max(1, self.count)
        self._average: dict[str, float] = {}
        self._prefixes: dict[tuple[str, str], list[str]] = {}
        self._sort_keys: dict[int, tuple[int, str, int]] | None = None
        self._previous_keys: dict[int, tuple[int, str, int]] | None = None
        self._upto = upto
        if previous is not None and previous._sort_keys is not None:
            self._previous_keys = previous._sort_keys
        elif previous is not None:
            # a version that never sorted by year, title or review hands on what it was handed
            self._previous_keys = previous._previous_keys
            self._upto = min(upto, previous._upto)
        self._lock = threading.Lock()

    def idf(self, frequency: int) -> float:
        """Whoosh's BM25F idf of a term in ``frequency`` documents (deleted ones counted, as the
        term's posting set in the term cache counts them)."""
        return math.log(1.0 + (self.documents - frequency + 0.5) / (frequency + 0.5))

    def _average_length(self, fieldname: str) -> float:
        average = self._average.get(fieldname)
        if average is None:
            average = self.reader.field_length(fieldname) / self.documents or 1.0
            self._average[fieldname] = average
        return average

    def leaves(self, query: Q.Query, boost: float = 1.0) -> Iterable[tuple[str, str, float]]:
        """(field, term, weight) of every positive term in the query; prefixes expanded."""
        boost *= getattr(query, "boost", 1.0)
        if isinstance(query, Q.Term):
            yield query.fieldname, query.text, boost
        elif isinstance(query, Q.Phrase):
            for word in query.words:
                yield query.fieldname, word, boost
        elif isinstance(query, Q.Prefix):
            for text in self._expanded(query.fieldname, query.text):
                yield query.fieldname, text, boost
        elif isinstance(query, Q.AndNot):
            yield from self.leaves(query.a, boost)
        else:
            for sub in getattr(query, "subqueries", ()):
                yield from self.leaves(sub, boost)

    def _expanded(self, fieldname: str, prefix: str) -> list[str]:
        """The first MAX_PREFIX_TERMS index terms starting with ``prefix`` (kept per index version)."""
        key = (fieldname, prefix)
        terms = self._prefixes.get(key)
        if terms is None:
            terms = prefix_terms(self.reader, fieldname, prefix, MAX_PREFIX_TERMS)
            if len(self._prefixes) >= MAX_PREFIXES:
                self._prefixes.clear()
            self._prefixes[key] = terms
        return terms

    def _weighted_leaves(self, query: Q.Query, postings: Postings) -> list[tuple[str, str, float, DocArray]]:
        merged: dict[tuple[str, str], float] = {}
        for fieldname, text, boost in self.leaves(query):
            merged[(fieldname, text)] = merged.get((fieldname, text), 0.0) + boost
        out = []
        for (fieldname, text), boost in merged.items():
            docs = postings.term_docs(fieldname, text)
            if len(docs):
                out.append((fieldname, text, boost, docs))
        return out

    def rough_and_exact(self, query: Q.Query, postings: Postings
                        ) -> tuple[npt.NDArray[np.float64], Callable[[list[int]], dict[int, float]]]:
        """Rough scores of every document, and a function giving the exact BM25F of some."""
        leaves = self._weighted_leaves(query, postings)
        return self.rough(leaves), lambda candidates: self._exact(leaves, candidates, postings)

    def rough(self, leaves: list[tuple[str, str, float, DocArray]]) -> npt.NDArray[np.float64]:
        """The sum of ``boost x idf`` of the terms each document contains."""
        rough = np.zeros(self.count, dtype=np.float64)
        for _, _, boost, docs in leaves:
            # each document once per term, in the same order as a loop over the terms would add
            rough[docs] += boost * self.idf(len(docs))
        return rough

    def _exact(self, leaves: list[tuple[str, str, float, DocArray]], candidates: list[int],
               postings: Postings) -> dict[int, float]:
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
            tf = postings.term_weights(fieldname, text)[at[hit]]
            lengths = postings.field_lengths(fieldname)[members]
            norm = K1 * (1.0 - B + B * np.where(lengths == 0, 1, lengths) / average)
            exact[hit] += weight * tf / (tf + norm)
        return dict(zip(candidates, exact.tolist(), strict=True))

    def sort_keys(self) -> dict[int, tuple[int, str, int]]:
        """docnum → (year, folded title, reviewed as YYYYMMDD) from the sortable columns, for the
        year, title and reviewed orders and for browsing."""
        if self._sort_keys is None:
            with self._lock:
                if self._sort_keys is None:
                    self._sort_keys = self._load_sort_keys()
        return self._sort_keys

    def _load_sort_keys(self) -> dict[int, tuple[int, str, int]]:
        keys: dict[int, tuple[int, str, int]] = {}
        start = 0
        if self._previous_keys is not None:
            # document numbers are 0 … n-1: the keys of those from ``upto`` on are read again
            keys = below(self._previous_keys, self._upto, len(self._previous_keys))
            start = len(keys)
        # the columns of those segments only (a column reader over all of them reads every
        # segment's offsets: a third of taking up a save)
        for leaf, offset in self.reader.leaf_readers():
            end = offset + leaf.doc_count_all()
            if end <= start:
                continue
            years, titles = leaf.column_reader("year_sort"), leaf.column_reader("title_sort")
            reviewed = leaf.column_reader("reviewed_sort")
            for docnum in range(max(start, offset), end):
                keys[docnum] = (_given(years[docnum - offset]), term_text(titles[docnum - offset]),
                                _given(reviewed[docnum - offset]))
        return keys

    def ordered(self, allowed: DocArray, sort: str, limit: int) -> list[int]:
        """The first ``limit`` allowed documents by year, title or review date (relevance is
        matching.py's), and when browsing without words."""
        if not len(allowed) or limit <= 0:
            return []
        keys = self.sort_keys()
        if sort == "title":
            order = heapq.nsmallest(limit, allowed.tolist(), key=lambda d: (keys[d][1], d))
        elif sort == "year":  # newest first, then by title
            order = heapq.nsmallest(limit, allowed.tolist(), key=lambda d: (-keys[d][0], keys[d][1], d))
        else:  # reviewed, and browsing: the most recently reviewed first, then newest, then by title
            order = heapq.nsmallest(limit, allowed.tolist(),
                                    key=lambda d: (-keys[d][2], -keys[d][0], keys[d][1], d))
        return order
