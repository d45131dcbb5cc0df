"""One version of the index as every search reads it: a ``Snapshot`` of its segments' caches joined
by document number, matching and ranking the project's own small query tree (query.py).

A snapshot is kept open per thread (pool.py) and replaced by ``next_version`` when a save commits: the
next version reuses the caches of the segments it shares with this one (segments.py says why that is right).
"""

from __future__ import annotations

import bisect
import heapq
import json
import math
import weakref
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.index import FileIndex
from whoosh.reading import IndexReader, SegmentReader
from whoosh.searching import Searcher

from app.search import segments, whoosh_io
from app.search.analysis import Words
from app.search.docarrays import DocArray, Mask, empty_mask, find, mask_bitmap
from app.search.facets import narrow
from app.search.kept import Kept
from app.search.manifest import FILENAME as MANIFEST_FILE
from app.search.manifest import SpellingWords
from app.search.query import AllOf, AnyOf, Phrase, Prefix, Query, Term, leaves
from app.search.schema import FACET_FIELDS, FIELD_BOOSTS, VECTOR_FIELD
from app.search.segments import NO_POSTINGS, Postings, SegmentCache, SortKey, Weights
from app.search.semantic import Vectors, matrix

K1 = 1.2
B = 0.75
MAX_PREFIX_TERMS = 64
"""The terms a prefix stands for in ranking (the first ones)."""
EXACT_CANDIDATES = 40
"""Documents whose exact BM25F is computed (at least; twice the wanted hits): the rest keep the
rough order (summed boost x idf)."""


class Snapshot:
    """One version of the index, plus what is derived from it."""

    def __init__(self, generation: Path, searcher: Searcher, reuse: dict[tuple[str, int], SegmentCache] | None = None
                 ) -> None:
        """``reuse``: the previous version's segment caches by ``SegmentCache.key``."""
        self.generation = generation
        self.searcher = searcher
        self.segments: list[SegmentCache] = []
        self.reused = 0
        """How many segments' caches came from the previous version."""
        for leaf, offset in whoosh_io.leaves(searcher.reader()):
            cache = (reuse or {}).get((whoosh_io.segment_id(leaf), offset))
            if cache is None:
                cache = SegmentCache(leaf, offset)
            else:
                cache.leaf = leaf  # a new reader when the segment's deletions changed
                self.reused += 1
            self.segments.append(cache)
        self._starts = [cache.offset for cache in self.segments]
        self.count = searcher.reader().doc_count_all()
        this = weakref.proxy(self)  # no cycle through the makers, which would keep a dropped version's arrays
        self._postings: Kept[tuple[str, str], Postings] = Kept(
            lambda key: this._joined_postings(key), segments.MAX_POSTINGS, segments.postings_size)
        self.field_lengths: Kept[str, npt.NDArray[np.int64]] = Kept(
            lambda fieldname: _joined([cache.field_lengths[fieldname] for cache in this.segments],
                                      np.zeros(0, np.int64)))
        self._average_lengths: Kept[str, float] = Kept(  # deleted documents counted, as Whoosh counts them
            lambda fieldname: searcher.reader().field_length(fieldname) / max(1, this.count) or 1.0)

    def next_version(self, ix: FileIndex) -> Snapshot:
        """The index's current version, reusing this one's readers and caches of the segments it
        still has at the same place; closes this version."""
        searcher = whoosh_io.open_version(ix, [cache.leaf for cache in self.segments])
        try:
            fresh = Snapshot(self.generation, searcher, {cache.key: cache for cache in self.segments})
        except Exception:
            _close_readers(searcher.reader(), but=(cache.leaf for cache in self.segments))
            raise
        _close_readers(self.searcher.reader(), but=(cache.leaf for cache in fresh.segments))
        self._close_spelling()
        return fresh

    def close(self) -> None:
        self.searcher.close()
        self._close_spelling()

    def _close_spelling(self) -> None:
        if "spelling" in self.__dict__:
            self.spelling.close()

    def warm(self) -> None:
        """Load the caches every search uses, so that the first request does not pay for them."""
        _ = self.live_mask, self.facet_bitmaps, self.vectors, self.sort_keys
        for cache in self.segments:
            _ = cache.german_terms
        for fieldname in FIELD_BOOSTS:
            _ = self.field_lengths[fieldname]

    @cached_property
    def spelling(self) -> SpellingWords:
        """The entries' words of this index generation, for suggestions and completion."""
        return SpellingWords(self.generation / MANIFEST_FILE)

    def _segment(self, docnum: int) -> SegmentCache:
        return self.segments[bisect.bisect_right(self._starts, docnum) - 1]

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (record, text)."""
        return self._segment(docnum).stored[docnum]

    def record(self, docnum: int) -> dict[str, Any]:
        """A document's entry as a result, feed or export shows it (Practice.to_json)."""
        return json.loads(self.stored(docnum)["record"])  # type: ignore[no-any-return]

    def live_docs(self, fieldname: str, text: str) -> list[int]:
        """The live documents with ``text`` in ``fieldname`` (an entry by ``slug``, its supporters by ``based_on``)."""
        return [d for d in self.term_docs(fieldname, text).tolist() if self.live_mask[d]]

    def words(self, docnum: int, text: str, language: str) -> Words:
        """``analysis.words(text, language)`` of a document's text, kept like its stored fields."""
        return self._segment(docnum).words(docnum, text, language)

    def term_docs(self, fieldname: str, text: str) -> DocArray:
        """The documents with ``text`` in ``fieldname``, in order (deleted ones may be among them)."""
        return self._postings[fieldname, text][0]

    def term_weights(self, fieldname: str, text: str) -> Weights:
        """The frequency of ``text`` in each of ``term_docs(fieldname, text)``, in the same order."""
        return self._postings[fieldname, text][1]

    def _joined_postings(self, key: tuple[str, str]) -> Postings:
        """A term's postings of every segment joined; each segment then keeps its share of the joined
        arrays, so that they are held once, not twice."""
        pieces = [cache.postings[key] for cache in self.segments]
        docs = _joined([piece[0] for piece in pieces], NO_POSTINGS[0])
        weights = _joined([piece[1] for piece in pieces], NO_POSTINGS[1])
        start = 0
        for cache, (piece, _) in zip(self.segments, pieces, strict=True):
            if len(piece) and key in cache.postings:
                cache.postings[key] = (docs[start:start + len(piece)], weights[start:start + len(piece)])
            start += len(piece)
        return docs, weights

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """In how many documents a term occurs (deleted ones counted, as Whoosh counts them)."""
        return sum(cache.doc_frequency[fieldname, text] for cache in self.segments)

    def prefix_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The first ``limit`` terms of ``fieldname`` starting with ``prefix`` (what Whoosh's
        ``expand_prefix`` lists first): among each segment's first ``limit``."""
        return sorted({t for cache in self.segments for t in cache.prefix_terms[fieldname, prefix, limit]})[:limit]

    @cached_property
    def sort_keys(self) -> list[SortKey]:
        """docnum → (year, folded title, reviewed as YYYYMMDD), for the year, title and reviewed orders."""
        return [key for cache in self.segments for key in cache.sort_keys]

    @cached_property
    def vectors(self) -> Vectors:
        """Every document's entry vector, by document number (zeros where it has none: semantic.py)."""
        for cache in self.segments:
            if cache.vectors is None:
                cache.vectors = matrix(whoosh_io.column_values(cache.leaf, VECTOR_FIELD), cache.count)
        joined: Vectors = _joined([cache.vectors for cache in self.segments], matrix([], 0))
        for cache in self.segments:  # share the joined rows: one copy of the vectors, not two
            cache.vectors = joined[cache.offset:cache.end]
        return joined

    @cached_property
    def live_mask(self) -> Mask:
        """Which documents of this version are not deleted, one flag per document number."""
        flags = np.ones(self.count, dtype=np.bool_)
        for cache in self.segments:
            flags[np.fromiter(cache.leaf.deleted_docs_set, dtype=np.intp) + cache.offset] = False
        return flags

    def linked(self, docnum: int) -> DocArray:
        """The live documents an entry links to by its editors' choice (``related``, ``based_on``)."""
        record = self.record(docnum)
        slugs = [*record.get("related", ()), *record.get("based_on", ())]
        return np.array([d for slug in slugs for d in self.live_docs("slug", slug)], dtype=np.intp)

    def match(self, query: Query) -> Mask:
        """The live documents matching ``query``: set algebra over cached postings, which replaces
        Whoosh's tree of union matchers over hundreds of terms."""
        return self._mask(query) & self.live_mask

    def _mask(self, query: Query, flags: Mask | None = None) -> Mask:
        """``flags`` (or a new mask) with the documents matching ``query`` set."""
        flags = empty_mask(self.count) if flags is None else flags
        if isinstance(query, Term):
            flags[self.term_docs(query.field, query.text)] = True
        elif isinstance(query, AnyOf):
            for sub in query.subs:
                self._mask(sub, flags)
        elif isinstance(query, AllOf):
            if query.subs:
                every = self._mask(query.subs[0])
                for sub in query.subs[1:]:
                    every &= self._mask(sub)
                flags |= every
        elif isinstance(query, Prefix):
            for cache in self.segments:
                flags[cache.prefix_docs[query.field, query.text]] = True
        elif all(len(self.term_docs(query.field, word)) for word in query.words):
            for cache in self.segments:  # only then: most phrases (multi-word synonyms in every field) lack a word
                flags[cache.phrase_docs[query.field, query.words]] = True
        return flags

    @cached_property
    def facet_bitmaps(self) -> dict[str, dict[str, int]]:
        """facet → value → its documents as a bitmap (for counting), values in order."""
        joined: dict[str, dict[str, int]] = {facet: {} for facet in FACET_FIELDS}
        for cache in self.segments:
            for facet, values in cache.facet_bitmaps.items():
                for value, bits in values.items():
                    joined[facet][value] = joined[facet].get(value, 0) | bits
        return {facet: {value: values[value] for value in sorted(values) if values[value]}
                for facet, values in joined.items()}

    def selection(self, selected: dict[str, list[str]]) -> dict[str, Mask]:
        """facet → the documents carrying any of its selected values (only facets with a selection)."""
        return {facet: self._facet_mask(facet, values) for facet, values in selected.items() if values}

    def _facet_mask(self, facet: str, values: list[str]) -> Mask:
        return self._mask(AnyOf(tuple(Term(FACET_FIELDS[facet], value) for value in values)))

    def facet_counts(self, base: Mask, filters: dict[str, Mask]) -> dict[str, dict[str, int]]:
        """facet → value → how many of ``base`` carry it within the selections (``filters``) of the
        other facets: values of a facet are ORed, facets ANDed, and a facet's own selection does not
        narrow its counts (choosing ``Kommune`` still shows how many ``Land`` entries there are)."""
        everything = mask_bitmap(narrow(base, filters))
        counts = {}
        for facet, values in self.facet_bitmaps.items():
            within = mask_bitmap(narrow(base, filters, skip=facet)) if facet in filters else everything
            counts[facet] = {value: (within & docs).bit_count() for value, docs in values.items()}
        return counts

    def years(self, low: float, high: float) -> Mask:
        """The documents of an entry year from ``low`` to ``high``."""
        return self._facet_mask("year", [year for year in self.facet_values("year")
                                         if year.isdigit() and low <= int(year) <= high])

    def facet_values(self, facet: str) -> list[str]:
        """The values entries carry for ``facet`` (a deleted entry's may stay until a merge)."""
        return list(self.facet_bitmaps.get(facet, {}))

    def closest_word(self, word: str) -> str | None:
        """The entries' word closest to a misspelt one (manifest.SpellingWords)."""
        lower = word.lower()
        return self.spelling.closest(lower, maxdist=1 if len(lower) < 7 else 2)

    # -- ranking: BM25F from cached postings, and the year/title/review orders -------------------------
    def idf(self, frequency: int) -> float:
        """Whoosh's BM25F idf of a term in ``frequency`` documents (deleted ones counted, as Whoosh counts)."""
        documents = max(1, self.count)
        return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))

    def rank(self, query: Query, docs: DocArray, wanted: int, first: npt.NDArray[np.float64] | None = None
             ) -> DocArray:
        """``docs`` best first: by ``first`` (higher first) when given, then by BM25F of ``query``'s
        terms — exact for the first max(EXACT_CANDIDATES, 2 x ``wanted``), after them by the rough
        sum of ``boost x idf`` of the terms each document has."""
        first = np.zeros(self.count) if first is None else first
        terms = self._weighted_terms(query)
        rough = np.zeros(self.count, dtype=np.float64)
        for _, _, boost, found in terms:
            rough[found] += boost * self.idf(len(found))
        order = docs[np.lexsort((docs, -rough[docs], -first[docs]))]
        head = order[:max(EXACT_CANDIDATES, 2 * wanted)].tolist()
        scores = self._exact(terms, head)
        head.sort(key=lambda d: (-first[d], -scores[d], d))
        return np.concatenate((np.array(head, dtype=np.intp), order[len(head):]))

    def _weighted_terms(self, query: Query) -> list[tuple[str, str, float, DocArray]]:
        """(field, term, summed boost, its documents) of each term of ``query`` some document has;
        a phrase's words and a prefix's first MAX_PREFIX_TERMS terms count as terms."""
        merged: dict[tuple[str, str], float] = {}
        for leaf in leaves(query):
            if isinstance(leaf, Term):
                texts: Any = (leaf.text,)
            elif isinstance(leaf, Phrase):
                texts = leaf.words
            else:
                texts = self.prefix_terms(leaf.field, leaf.text, MAX_PREFIX_TERMS)
            for text in texts:
                merged[(leaf.field, text)] = merged.get((leaf.field, text), 0.0) + leaf.boost
        return [(fieldname, text, boost, docs) for (fieldname, text), boost in merged.items()
                if len(docs := self.term_docs(fieldname, text))]

    def _exact(self, terms: list[tuple[str, str, float, DocArray]], candidates: list[int]) -> dict[int, float]:
        """BM25F of the candidates, a term at a time over all of them (the same arithmetic, in the
        same order, as one document at a time)."""
        chosen = np.array(candidates, dtype=np.intp)
        exact = np.zeros(len(chosen), dtype=np.float64)
        for fieldname, text, boost, docs in terms:
            at, hit = find(docs, chosen)
            if not hit.any():
                continue
            weight = boost * self.idf(len(docs)) * (K1 + 1.0)
            average = self._average_lengths[fieldname]
            tf = self.term_weights(fieldname, text)[at[hit]]
            lengths = self.field_lengths[fieldname][chosen[hit]]
            norm = K1 * (1.0 - B + B * np.where(lengths == 0, 1, lengths) / average)
            exact[hit] += weight * tf / (tf + norm)
        return dict(zip(candidates, exact.tolist(), strict=True))

    def ordered(self, docs: DocArray, sort: str, limit: int) -> list[int]:
        """The first ``limit`` of ``docs`` by year, title or review date (also when browsing)."""
        if not len(docs) or limit <= 0:
            return []
        keys = self.sort_keys
        if sort == "title":
            return heapq.nsmallest(limit, docs.tolist(), key=lambda d: (keys[d][1], d))
        if sort == "year":  # newest first, then by title
            return heapq.nsmallest(limit, docs.tolist(), key=lambda d: (-keys[d][0], keys[d][1], d))
        # reviewed, and browsing: the most recently reviewed first, then newest, then by title
        return heapq.nsmallest(limit, docs.tolist(), key=lambda d: (-keys[d][2], -keys[d][0], keys[d][1], d))


def _joined(parts: list[Any], empty: Any) -> Any:
    """The segments' arrays one after the other (the one array itself when only one has any rows)."""
    filled = [part for part in parts if len(part)]
    if not filled:
        return empty
    return filled[0] if len(filled) == 1 else np.concatenate(filled)


def _close_readers(reader: IndexReader, but: Iterable[SegmentReader]) -> None:
    """Close the segment readers of ``reader`` but those given (which another version still reads)."""
    kept = {id(leaf) for leaf in but}
    for leaf, _ in whoosh_io.leaves(reader):
        if id(leaf) not in kept:
            leaf.close()
