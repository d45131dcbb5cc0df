"""Ranking the matched documents: BM25F over cached per-term weights, and year/title order.

Whoosh ranks by walking a tree of matchers, one per query term; an expanded query (fields x
compounds x synonyms) has hundreds of them, and that walk was 90 % of a search at 10k entries.
The documents are already known (cached posting sets), so ranking only needs each term's BM25
weight per document: computed once per term and index version, then summed with the query's
boosts. Field weights come from the query (title > summary > topic labels > body).
"""

from __future__ import annotations

import heapq
import math
import threading
from collections.abc import Iterable
from typing import Any

from whoosh import query as Q

K1 = 1.2
B = 0.75
MAX_CACHED_TERMS = 50_000
MAX_PREFIX_TERMS = 64


class Ranker:
    """BM25F weights of one index version, computed on demand and kept."""

    def __init__(self, reader: Any, previous: Ranker | None = None, upto: int = 0, trim: bool = False) -> None:
        """``previous``: the ranker of the last version, whose values stay right below ``upto``."""
        self.reader = reader
        self.documents = max(1, reader.doc_count_all())
        self._average: dict[str, float] = {}
        self._weights: dict[tuple[str, str], dict[int, float]] = {}
        self._sort_keys: dict[int, tuple[int, str]] | None = None
        self._lock = threading.Lock()
        self._previous_weights = previous._weights if previous is not None else {}
        self._previous_keys = previous._sort_keys if previous is not None else None
        self._upto = upto
        self._trim = trim

    def weights(self, fieldname: str, text: str) -> dict[int, float]:
        """docnum → BM25 weight of ``text`` in ``fieldname`` (no boost)."""
        key = (fieldname, text)
        cached = self._weights.get(key)
        if cached is not None:
            return cached
        reader = self.reader
        inherited = self._previous_weights.get(key)
        # weights of documents that were there before keep the statistics they were computed with;
        # one added entry barely moves them, and a rebuild recomputes everything
        weights: dict[int, float] = {}
        if inherited is not None:
            weights = {d: w for d, w in inherited.items() if d < self._upto} if self._trim else dict(inherited)
        start = self._upto if inherited is not None else 0
        if key in reader:
            frequency = reader.doc_frequency(fieldname, text)
            idf = math.log(1.0 + (self.documents - frequency + 0.5) / (frequency + 0.5))
            average = self._average_length(fieldname)
            length = reader.doc_field_length
            postings = reader.postings(fieldname, text)
            if start:
                postings.skip_to(start)
            while postings.is_active():
                docnum = postings.id()
                tf = postings.weight()
                norm = K1 * (1.0 - B + B * length(docnum, fieldname, 1) / average)
                weights[docnum] = idf * tf * (K1 + 1.0) / (tf + norm)
                postings.next()
        with self._lock:
            if len(self._weights) > MAX_CACHED_TERMS:
                self._weights.clear()
            self._weights[key] = weights
        return weights

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
            for number, raw in enumerate(self.reader.expand_prefix(query.fieldname, query.text)):
                if number >= MAX_PREFIX_TERMS:
                    break
                yield query.fieldname, raw.decode("utf-8") if isinstance(raw, bytes) else raw, boost
        elif isinstance(query, Q.AndNot):
            yield from self.leaves(query.a, boost)
        else:
            for sub in getattr(query, "subqueries", ()):
                yield from self.leaves(sub, boost)

    def scores(self, query: Q.Query, allowed: set[int]) -> dict[int, float]:
        """The BM25F score of every allowed document: the sum of its terms' boosted weights."""
        total: dict[int, float] = {}
        get = total.get
        for fieldname, text, boost in self.leaves(query):
            weights = self.weights(fieldname, text)
            if not weights:
                continue
            if len(weights) <= len(allowed):
                for docnum, weight in weights.items():
                    if docnum in allowed:
                        total[docnum] = get(docnum, 0.0) + boost * weight
            else:
                for docnum in allowed:
                    weight = weights.get(docnum)
                    if weight is not None:
                        total[docnum] = get(docnum, 0.0) + boost * weight
        return total

    def sort_keys(self) -> dict[int, tuple[int, str]]:
        """docnum → (year, folded title) from the sortable columns, for year and title order."""
        if self._sort_keys is None:
            years = self.reader.column_reader("year_sort")
            titles = self.reader.column_reader("title_sort")
            keys = {}
            if self._previous_keys is not None:
                keys = {d: k for d, k in self._previous_keys.items() if d < self._upto}
            start = self._upto if self._previous_keys is not None else 0
            for docnum in range(start, self.reader.doc_count_all()):
                title = titles[docnum]
                keys[docnum] = (years[docnum] or 0, title.decode("utf-8") if isinstance(title, bytes) else title)
            self._sort_keys = keys
        return self._sort_keys

    def ranked(self, query: Q.Query | None, allowed: set[int], sort: str, limit: int
               ) -> list[tuple[int, float]]:
        """The first ``limit`` allowed documents in result order, with their scores."""
        if not allowed or limit <= 0:
            return []
        browse = query is None or isinstance(query, Q.Every)
        if sort == "relevance" and not browse:
            assert query is not None
            scores = self.scores(query, allowed)
            best = heapq.nsmallest(limit, allowed, key=lambda d: (-scores.get(d, 0.0), d))
            return [(docnum, scores.get(docnum, 0.0)) for docnum in best]
        keys = self.sort_keys()
        if sort == "title":
            order = heapq.nsmallest(limit, allowed, key=lambda d: (keys[d][1], d))
        else:  # year, and browsing: newest first, then by title
            order = heapq.nsmallest(limit, allowed, key=lambda d: (-keys[d][0], keys[d][1], d))
        return [(docnum, 0.0) for docnum in order]
