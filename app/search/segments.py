"""What a snapshot keeps of one segment, read once and reused by every later index version that
still has that segment at the same place.

A segment never changes except by deletions, which each snapshot's live mask handles, and a commit
only appends segments or merges the small ones at the end (indexer.merge_tail): the segments before
keep their place and document numbers. So everything read from a segment stays right while it
exists, and a save costs the next version a look at one small segment. Document numbers here are
the index version's. A cache belongs to one thread's snapshots (pool.py): no lock.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from itertools import islice
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from whoosh.reading import SegmentReader

from app.search import whoosh_io
from app.search.analysis import Words, words
from app.search.docarrays import DocArray, array, bitmap, sorted_array
from app.search.schema import FACET_FIELDS, GERMAN_FIELDS
from app.search.semantic import Vectors

Weights = npt.NDArray[np.float64]
SortKey = tuple[int, str, int]
"""(year, folded title, reviewed as YYYYMMDD); 0 where an entry has none."""
EMPTY = array(())
NO_WEIGHTS: Weights = np.zeros(0, dtype=np.float64)
SMALL_SEGMENT = 200
"""Segments up to this many documents (a save's) hold their terms in memory: every search asks them
about hundreds of terms."""
MAX_POSTINGS = 32_000_000
"""Postings kept per segment (16 bytes each with their frequencies); beyond it they start afresh."""
MAX_STORED = 5_000
MAX_PREFIXES = 2_000
"""Prefix expansions kept per segment (each prefix query asks every text field)."""
MISSING = 2**32 - 1
"""What an unsigned 32-bit numeric column holds for a document without a value (Whoosh's default)."""
T = TypeVar("T")


class SegmentCache:
    """One segment of an index version, starting at document ``offset``, and what was read of it."""

    def __init__(self, leaf: SegmentReader, offset: int) -> None:
        self.leaf = leaf
        self.offset = offset
        self.count = leaf.doc_count_all()
        self.end = offset + self.count
        self.terms = frozenset(whoosh_io.all_terms(leaf)) if self.count <= SMALL_SEGMENT else None
        self._postings: dict[tuple[str, str], tuple[DocArray, Weights]] = {}
        self._kept = 0
        self._frequencies: dict[tuple[str, str], int] = {}
        self._queries: dict[tuple[str, ...], DocArray] = {}
        self._prefixes: dict[tuple[str, str, int], list[str]] = {}
        self._lexicons: dict[str, list[str]] = {}
        self._lengths: dict[str, npt.NDArray[np.int64]] = {}
        self._german: tuple[list[str], list[str]] | None = None
        self._facets: dict[str, dict[str, int]] | None = None
        self._sort_keys: list[SortKey] | None = None
        self.vectors: Vectors | None = None
        """Set by the index version, which joins every segment's (see Snapshot.vectors)."""
        self._stored: dict[int, dict[str, Any]] = {}
        self._words: dict[int, Words] = {}

    @property
    def key(self) -> tuple[str, int]:
        """What a later version must share for this cache to be right in it: segment and place."""
        return whoosh_io.segment_id(self.leaf), self.offset

    def has(self, fieldname: str, text: str) -> bool:
        if self.terms is not None:
            return (fieldname, text) in self.terms
        return whoosh_io.has_term(self.leaf, fieldname, text)

    def postings(self, fieldname: str, text: str) -> tuple[DocArray, Weights]:
        """A term's documents, in order (deleted ones included), and its frequency in each."""
        key = (fieldname, text)
        found = self._postings.get(key)
        if found is None:
            if self.has(fieldname, text):
                ids, weights = whoosh_io.postings(self.leaf, fieldname, text)
                docs = array(ids) + self.offset if self.offset else array(ids)
                found = (docs, np.array(weights, dtype=np.float64))
            else:
                found = (EMPTY, NO_WEIGHTS)
            self._kept += len(found[0])
            if self._kept > MAX_POSTINGS:
                self._postings.clear()
                self._kept = len(found[0])
            self._postings[key] = found
        return found

    def share(self, key: tuple[str, str], part: int, same: DocArray | Weights) -> None:
        """Keep ``same`` (equal to a term's documents or frequencies here, part of an index
        version's joined array) instead of this segment's own copy."""
        found = self._postings.get(key)
        if found is not None and len(found[part]):
            self._postings[key] = (same, found[1]) if part == 0 else (found[0], same)

    def doc_frequency(self, fieldname: str, text: str) -> int:
        """In how many documents a term occurs (deleted ones counted, as Whoosh counts them)."""
        key = (fieldname, text)
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies[key] = (whoosh_io.doc_frequency(self.leaf, fieldname, text)
                                              if self.has(fieldname, text) else 0)
        return found

    def lexicon(self, fieldname: str, prefix: str = "") -> list[str]:
        """The terms of ``fieldname`` (starting with ``prefix``), in order; a small segment's from memory."""
        if self.terms is None:
            return whoosh_io.lexicon(self.leaf, fieldname, prefix)
        ordered = self._lexicons.get(fieldname)
        if ordered is None:
            ordered = self._lexicons[fieldname] = sorted(text for name, text in self.terms if name == fieldname)
        start = end = bisect.bisect_left(ordered, prefix)
        while end < len(ordered) and ordered[end].startswith(prefix):
            end += 1
        return ordered[start:end]

    def prefix_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """The first ``limit`` terms of ``fieldname`` starting with ``prefix``."""
        key = (fieldname, prefix, limit)
        found = self._prefixes.get(key)
        if found is None:
            if len(self._prefixes) >= MAX_PREFIXES:
                self._prefixes.clear()
            if self.terms is not None:
                found = self.lexicon(fieldname, prefix)[:limit]
            else:
                found = list(map(whoosh_io.term_text, islice(self.leaf.expand_prefix(fieldname, prefix), limit)))
            self._prefixes[key] = found
        return found

    def phrase_docs(self, fieldname: str, words: list[str]) -> DocArray:
        """The documents with ``words`` side by side, in order (what Whoosh's ``Phrase`` finds), from
        the positions of the documents holding every word: Whoosh's span matchers walk every posting."""
        key = ("phrase", fieldname, *words)
        found = self._queries.get(key)
        if found is None:
            together = self.postings(fieldname, words[0])[0]
            for word in words[1:]:
                together = np.intersect1d(together, self.postings(fieldname, word)[0], assume_unique=True)
            local = {docnum - self.offset for docnum in together.tolist()}
            spots = [whoosh_io.positions(self.leaf, fieldname, word, local) for word in words] if local else []
            hits = []
            for docnum in local:
                following = [set(at.get(docnum, ())) for at in spots[1:]]
                if any(all(start + n in after for n, after in enumerate(following, 1))
                       for start in spots[0].get(docnum, ())):
                    hits.append(self.offset + docnum)
            found = self._queries[key] = sorted_array(hits)
        return found

    def prefix_docs(self, fieldname: str, prefix: str) -> DocArray:
        """The documents with a term of ``fieldname`` starting with ``prefix``, in order."""
        key = ("prefix", fieldname, prefix)
        found = self._queries.get(key)
        if found is None:
            docs = [self.postings(fieldname, text)[0] for text in self.lexicon(fieldname, prefix)]
            found = self._queries[key] = np.unique(np.concatenate(docs)) if docs else EMPTY
        return found

    def field_lengths(self, fieldname: str) -> npt.NDArray[np.int64]:
        found = self._lengths.get(fieldname)
        if found is None:
            found = self._lengths[fieldname] = np.array(whoosh_io.field_lengths(self.leaf, fieldname), dtype=np.int64)
        return found

    def german_terms(self) -> tuple[list[str], list[str]]:
        """The terms of German text, sorted, forward and reversed (for compounds: wordparts.py)."""
        if self._german is None:
            terms = {text for fieldname in GERMAN_FIELDS for text in self.lexicon(fieldname)}
            self._german = sorted(terms), sorted(term[::-1] for term in terms)
        return self._german

    def facet_bitmaps(self) -> dict[str, dict[str, int]]:
        """facet → value → its documents as a bitmap (bit d for document d)."""
        if self._facets is None:
            self._facets = {facet: {value: bitmap(self.postings(fieldname, value)[0])
                                    for value in self.lexicon(fieldname)}
                            for facet, fieldname in FACET_FIELDS.items()}
        return self._facets

    def sort_keys(self) -> list[SortKey]:
        """Each document's year, folded title and review date, from the sortable columns."""
        if self._sort_keys is None:
            years, titles = self.leaf.column_reader("year_sort"), self.leaf.column_reader("title_sort")
            reviewed = self.leaf.column_reader("reviewed_sort")
            self._sort_keys = [(_given(years[d]), whoosh_io.term_text(titles[d]), _given(reviewed[d]))
                               for d in range(self.count)]
        return self._sort_keys

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (record, text), kept for the hits shown most often."""
        return _kept(self._stored, docnum, lambda: self.leaf.stored_fields(docnum - self.offset))

    def words(self, docnum: int, text: str, language: str) -> Words:
        """``analysis.words`` of a document's text, kept like its stored fields (analysing
        3,000 characters per hit was a quarter of a search)."""
        return _kept(self._words, docnum, lambda: words(text, language))


def _given(value: int | None) -> int:
    """A sort column's value, 0 where the entry has none (so that it sorts last, not first)."""
    return 0 if value is None or value == MISSING else int(value)


def _kept(cache: dict[int, T], docnum: int, make: Callable[[], T]) -> T:
    """``cache[docnum]``, made when missing; a full cache (MAX_STORED) starts afresh."""
    value = cache.get(docnum)
    if value is None:
        if len(cache) >= MAX_STORED:
            cache.clear()
        value = cache[docnum] = make()
    return value
