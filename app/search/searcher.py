"""One version of the index as a searcher sees it: its segments' caches joined by document number.

Opening a Whoosh searcher per query costs time, so a searcher is kept open (pool.SearcherPool) and
replaced only when the index changed (a commit or a swapped generation). The next version reuses
the caches of the segments it shares with this one (``next_version``; segments.py says why that is
right); what is joined across segments (a term's documents, facet bitmaps, lengths) is kept per
version.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from app.search import segments, whoosh_io
from app.search.docarrays import DocArray, Mask, empty_mask, mask
from app.search.highlight import Words
from app.search.manifest import FILENAME as MANIFEST_FILE
from app.search.query import AllOf, AnyOf, Phrase, Prefix, Query, Term
from app.search.ranking import Ranker
from app.search.schema import FACET_FIELDS, FIELD_BOOSTS
from app.search.segments import EMPTY, NO_WEIGHTS, SegmentCache, SortKey, Weights
from app.search.semantic import Vectors, matrix
from app.search.spelling import SpellingWords

COMPOUND_SCAN = 200
"""Compound candidates looked at per query word, of which the most frequent are used."""


class IndexView:
    """One version of the index as a searcher sees it, plus what is derived from it."""

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
        self._docs: dict[tuple[str, str], DocArray] = {}
        self._weights: dict[tuple[str, str], Weights] = {}
        self._kept = 0
        self._queries: dict[Phrase | Prefix, DocArray] = {}
        self._prefixes: dict[tuple[str, str, int], list[str]] = {}
        self._lengths: dict[str, npt.NDArray[np.int64]] = {}
        self._live_mask: Mask | None = None
        self._facet_bitmaps: dict[str, dict[str, int]] | None = None
        self._sort_keys: list[SortKey] | None = None
        self._vectors: Vectors | None = None
        self._spelling: SpellingWords | None = None
        self.ranker = Ranker(self)

    def next_version(self, ix: FileIndex) -> IndexView:
        """The index's current version, reusing this one's readers and caches of the segments it
        still has at the same place; closes this version."""
        searcher = whoosh_io.open_version(ix, [cache.leaf for cache in self.segments])
        mine = {id(cache.leaf) for cache in self.segments}
        try:
            fresh = IndexView(self.generation, searcher, {cache.key: cache for cache in self.segments})
        except Exception:
            for leaf, _ in whoosh_io.leaves(searcher.reader()):
                if id(leaf) not in mine:
                    leaf.close()
            raise
        kept = {id(cache.leaf) for cache in fresh.segments}
        for leaf, _ in whoosh_io.leaves(self.searcher.reader()):
            if id(leaf) not in kept:
                leaf.close()
        self._close_spelling()
        return fresh

    def close(self) -> None:
        self.searcher.close()
        self._close_spelling()

    def _close_spelling(self) -> None:
        if self._spelling is not None:
            self._spelling.close()

    def warm(self) -> None:
        """Load the caches every search uses, so that the first request does not pay for them."""
        _ = self.live_mask, self.facet_bitmaps, self.vectors
        self.sort_keys()
        for cache in self.segments:
            cache.german_terms()
        for fieldname in FIELD_BOOSTS:
            self.field_lengths(fieldname)

    @property
    def spelling(self) -> SpellingWords:
        """The entries' words of this index generation, for suggestions and completion."""
        if self._spelling is None:
            self._spelling = SpellingWords(self.generation / MANIFEST_FILE)
        return self._spelling

    def _segment(self, docnum: int) -> SegmentCache:
        return self.segments[bisect.bisect_right(self._starts, docnum) - 1]

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (record, text)."""
        return self._segment(docnum).stored(docnum)

    def words(self, docnum: int, text: str, language: str) -> Words:
        """``highlight.words(text, language)`` of a document's text, kept like its stored fields."""
        return self._segment(docnum).words(docnum, text, language)

    def term_docs(self, fieldname: str, text: str) -> DocArray:
        """The documents with ``text`` in ``fieldname``, in order (deleted ones may be among them)."""
        key = (fieldname, text)
        found = self._docs.get(key)
        if found is None:
            found = self._docs[key] = self._shared(key, 0, EMPTY)
            self._kept += len(found)
            if self._kept > segments.MAX_POSTINGS:
                self._docs.clear()
                self._weights.clear()
                self._kept = len(found)
        return found

    def term_weights(self, fieldname: str, text: str) -> Weights:
        """The frequency of ``text`` in each of ``term_docs(fieldname, text)``, in the same order."""
        key = (fieldname, text)
        found = self._weights.get(key)
        if found is None:
            found = self._weights[key] = self._shared(key, 1, NO_WEIGHTS)
        return found

    def _shared(self, key: tuple[str, str], part: int, empty: Any) -> Any:
        """A term's documents (``part`` 0) or frequencies (1) of every segment joined; each segment
        then keeps its share of the joined array, so that they are held once, not twice."""
        pieces = [cache.postings(*key)[part] for cache in self.segments]
        joined = _joined(pieces, empty)
        if sum(1 for piece in pieces if len(piece)) > 1:
            start = 0
            for cache, piece in zip(self.segments, pieces, strict=True):
                cache.share(key, part, joined[start:start + len(piece)])
                start += len(piece)
        return joined

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """In how many documents a term occurs (deleted ones counted, as Whoosh counts them)."""
        return sum(cache.doc_frequency(fieldname, text) for cache in self.segments)

    def prefix_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The first ``limit`` terms of ``fieldname`` starting with ``prefix`` (what Whoosh's
        ``expand_prefix`` lists first): among each segment's first ``limit``."""
        key = (fieldname, prefix, limit)
        found = self._prefixes.get(key)
        if found is None:
            if len(self._prefixes) >= segments.MAX_PREFIXES:
                self._prefixes.clear()
            terms = {t for cache in self.segments for t in cache.prefix_terms(fieldname, prefix, limit)}
            found = self._prefixes[key] = sorted(terms)[:limit]
        return found

    def field_lengths(self, fieldname: str) -> npt.NDArray[np.int64]:
        """The length of ``fieldname`` in every document, by document number."""
        found = self._lengths.get(fieldname)
        if found is None:
            found = self._lengths[fieldname] = _joined([c.field_lengths(fieldname) for c in self.segments],
                                                       np.zeros(0, np.int64))
        return found

    def field_total(self, fieldname: str) -> int:
        """The summed length of ``fieldname`` over all documents (deleted ones counted)."""
        return int(self.searcher.reader().field_length(fieldname))

    def sort_keys(self) -> list[SortKey]:
        """docnum → (year, folded title, reviewed as YYYYMMDD), for the year, title and reviewed orders."""
        if self._sort_keys is None:
            keys: list[SortKey] = []
            for cache in self.segments:
                keys.extend(cache.sort_keys())
            self._sort_keys = keys
        return self._sort_keys

    @property
    def vectors(self) -> Vectors:
        """Every document's entry vector, by document number (zeros where it has none: semantic.py)."""
        if self._vectors is None:
            for cache in self.segments:
                if cache.vectors is None:
                    cache.vectors = cache.read_vectors()
            self._vectors = _joined([cache.vectors for cache in self.segments if cache.vectors is not None],
                                    matrix([], 0))
            for cache in self.segments:  # share the joined rows: one copy of the vectors, not two
                cache.vectors = self._vectors[cache.offset:cache.end]
        return self._vectors

    @property
    def live_mask(self) -> Mask:
        """Which documents of this version are not deleted, one flag per document number."""
        if self._live_mask is None:
            flags = np.ones(self.count, dtype=np.bool_)
            for cache in self.segments:
                flags[np.array(whoosh_io.deleted(cache.leaf), dtype=np.intp) + cache.offset] = False
            self._live_mask = flags
        return self._live_mask

    def linked(self, docnum: int) -> DocArray:
        """The live documents an entry links to by its editors' choice (``related``, ``based_on``)."""
        record = json.loads(self.stored(docnum)["record"])
        slugs = [*record.get("related", ()), *record.get("based_on", ())]
        found = [d for slug in slugs for d in self.term_docs("slug", slug).tolist() if self.live_mask[d]]
        return np.array(found, dtype=np.intp)

    def query_mask(self, query: Query) -> Mask:
        """The live documents matching ``query``: set algebra over cached postings, which replaces
        Whoosh's tree of union matchers over hundreds of terms (docarrays.py)."""
        return self._mask(query) & self.live_mask

    def _mask(self, query: Query) -> Mask:
        if isinstance(query, Term):
            return mask(self.term_docs(query.field, query.text), self.count)
        if isinstance(query, AnyOf):
            flags = empty_mask(self.count)
            for sub in query.subs:
                if isinstance(sub, Term):
                    flags[self.term_docs(sub.field, sub.text)] = True
                else:
                    flags |= self._mask(sub)
            return flags
        if isinstance(query, AllOf):
            flags = self._mask(query.subs[0]) if query.subs else empty_mask(self.count)
            for sub in query.subs[1:]:
                flags &= self._mask(sub)
            return flags
        return mask(self._phrase_or_prefix_docs(query), self.count)

    def _phrase_or_prefix_docs(self, query: Phrase | Prefix) -> DocArray:
        """Phrases and prefixes, per segment and kept: they recur from query to query."""
        found = self._queries.get(query)
        if found is None:
            if isinstance(query, Prefix):
                found = _joined([cache.prefix_docs(query.field, query.text) for cache in self.segments], EMPTY)
            elif all(len(self.term_docs(query.field, word)) for word in query.words):
                found = _joined([cache.phrase_docs(query.field, list(query.words)) for cache in self.segments], EMPTY)
            else:  # most phrases (multi-word synonyms in every field) lack a word: no positions read then
                found = EMPTY
            self._queries[query] = found
        return found

    @property
    def facet_bitmaps(self) -> dict[str, dict[str, int]]:
        """facet name → value → its documents as a bitmap (for counting), values in order."""
        if self._facet_bitmaps is None:
            joined: dict[str, dict[str, int]] = {facet: {} for facet in FACET_FIELDS}
            for cache in self.segments:
                for facet, values in cache.facet_bitmaps().items():
                    for value, bits in values.items():
                        joined[facet][value] = joined[facet].get(value, 0) | bits
            self._facet_bitmaps = {facet: {value: values[value] for value in sorted(values) if values[value]}
                                   for facet, values in joined.items()}
        return self._facet_bitmaps

    def facet_values(self, facet: str) -> list[str]:
        """The values entries carry for ``facet`` (a deleted entry's may stay until a merge)."""
        return list(self.facet_bitmaps.get(facet, {}))

    def facet_docs(self, facet: str, value: str) -> DocArray:
        """The documents carrying ``value`` for ``facet`` (deleted ones may be among them)."""
        fieldname = FACET_FIELDS.get(facet)
        return self.term_docs(fieldname, value) if fieldname else EMPTY

    def compound_terms(self, stem: str, limit: int = 12) -> list[str]:
        """Index terms of German text that contain ``stem`` as a compound part, most used first.

        ``behord`` finds ``auslanderbehord`` (head) and ``termin`` finds ``terminvergab`` (first part);
        the other part must be at least three (five) letters, so mere endings do not count. At most
        ``limit`` of them (the most frequent): each one is a term to match and score in every field.
        """
        heads = [t[::-1] for t in self._starting_with(1, stem[::-1], COMPOUND_SCAN, 3)]
        # a first part needs a longer rest: "verein" must not find "vereinfach"
        candidates = list(dict.fromkeys(heads + self._starting_with(0, stem, COMPOUND_SCAN, 5)))
        if len(candidates) <= limit:
            return candidates
        # heads first at equal frequency: "Behörde" is more a Ausländerbehörde than a Behördenleiter
        rank = {term: (self.doc_frequency("body", term) + self.doc_frequency("title", term), n < len(heads))
                for n, term in enumerate(candidates)}
        return sorted(candidates, key=lambda t: rank[t], reverse=True)[:limit]

    def knows(self, stem: str) -> bool:
        """Whether German text of some entry has this index term."""
        return any(_starting_with(cache.german_terms()[0], stem, 1, 0)[:1] == [stem] for cache in self.segments)

    def terms_starting(self, prefix: str, limit: int) -> list[str]:
        """Index terms of German text starting with ``prefix`` (at most ``limit``), in order."""
        return self._starting_with(0, prefix, limit, 0)

    def _starting_with(self, side: int, key: str, limit: int, rest: int) -> list[str]:
        """The first ``limit`` German terms (``side`` 0) or reversed terms (1) starting with ``key``
        and at least ``rest`` letters longer: among each segment's first ``limit``."""
        found = {t for cache in self.segments for t in _starting_with(cache.german_terms()[side], key, limit, rest)}
        return sorted(found)[:limit]

    def closest_word(self, word: str) -> str | None:
        """The entries' word closest to a misspelt one (spelling.py)."""
        lower = word.lower()
        return self.spelling.closest(lower, maxdist=1 if len(lower) < 7 else 2)


def _joined(parts: list[Any], empty: Any) -> Any:
    """The segments' arrays one after the other (the one array itself when only one has any rows)."""
    filled = [part for part in parts if len(part)]
    if not filled:
        return empty
    return filled[0] if len(filled) == 1 else np.concatenate(filled)


def _starting_with(terms: list[str], key: str, limit: int, rest: int) -> list[str]:
    found = []
    for index in range(bisect.bisect_left(terms, key), len(terms)):
        candidate = terms[index]
        if not candidate.startswith(key):
            break
        if len(candidate) - len(key) >= rest:
            found.append(candidate)
            if len(found) >= limit:
                break
    return found

