"""What a snapshot keeps of one segment, reused by every later index version that still has that
segment at the same place.

A segment changes only by deletions, which each snapshot's live mask handles, and a commit only
appends segments or merges the small ones at the end (indexer.merge_tail): the segments before keep
their place and document numbers, so what was read of them stays right. Document numbers here are
the index version's. A cache belongs to one thread's snapshots (pool.py): no lock.
"""

from __future__ import annotations

import bisect
import weakref
from functools import cached_property
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.reading import SegmentReader

from app.search import whoosh_io
from app.search.analysis import Words, words
from app.search.docarrays import DocArray, array, bitmap
from app.search.kept import Kept
from app.search.schema import FACET_FIELDS, GERMAN_FIELDS
from app.search.semantic import Vectors

Weights = npt.NDArray[np.float64]
Postings = tuple[DocArray, Weights]
"""A term's documents, in order (deleted ones may be among them), and its frequency in each."""
SortKey = tuple[int, str, int]
"""(year, folded title, reviewed as YYYYMMDD); 0 where an entry has none."""
EMPTY = array(())
NO_POSTINGS: Postings = (EMPTY, np.zeros(0, dtype=np.float64))
SMALL_SEGMENT = 200
"""Segments up to this many documents (a save's) hold their terms in memory: every search asks them
about hundreds of terms."""
MAX_POSTINGS = 32_000_000
"""Postings kept per segment and per snapshot (16 bytes each with their frequencies)."""
MAX_STORED = 5_000
MAX_PREFIXES = 2_000
MISSING = 2**32 - 1
"""What an unsigned 32-bit numeric column holds for a document without a value (Whoosh's default)."""


def postings_size(postings: Postings) -> int:
    return len(postings[0])


class SegmentCache:
    """One segment of an index version, starting at document ``offset``, and what was read of it."""

    def __init__(self, leaf: SegmentReader, offset: int) -> None:
        self.leaf = leaf
        self.offset = offset
        self.count = leaf.doc_count_all()
        self.end = offset + self.count
        self.terms: frozenset[tuple[str, str]] | None = None
        if self.count <= SMALL_SEGMENT:
            self.terms = frozenset((name, whoosh_io.term_text(raw)) for name, raw in leaf.all_terms())
        this = weakref.proxy(self)  # no cycle through the makers, which would keep a dropped cache's arrays
        self.postings: Kept[tuple[str, str], Postings] = Kept(
            lambda key: this._read_postings(key), MAX_POSTINGS, postings_size)
        self.doc_frequency: Kept[tuple[str, str], int] = Kept(  # deleted documents counted, as Whoosh counts them
            lambda key: int(this.leaf.doc_frequency(*key)) if this.has(*key) else 0)
        self.prefix_terms: Kept[tuple[str, str, int], list[str]] = Kept(
            lambda key: this._read_prefix_terms(key), MAX_PREFIXES)
        self.phrase_docs: Kept[tuple[str, tuple[str, ...]], DocArray] = Kept(lambda key: this._read_phrase_docs(key))
        self.prefix_docs: Kept[tuple[str, str], DocArray] = Kept(lambda key: this._read_prefix_docs(key))
        self.field_lengths: Kept[str, npt.NDArray[np.int64]] = Kept(
            lambda fieldname: whoosh_io.field_lengths(this.leaf, fieldname))
        self._lexicons: Kept[str, list[str]] = Kept(
            lambda fieldname: sorted(text for name, text in this.terms or () if name == fieldname))
        self.vectors: Vectors | None = None
        """Set by the index version, which joins every segment's (see Snapshot.vectors)."""
        self.stored: Kept[int, dict[str, Any]] = Kept(  # a document's stored fields, for the hits shown most often
            lambda docnum: this.leaf.stored_fields(docnum - this.offset), MAX_STORED)
        self._words: Kept[int, Words] = Kept(None, MAX_STORED)

    @property
    def key(self) -> tuple[str, int]:
        """What a later version must share for this cache to be right in it: segment and place."""
        return whoosh_io.segment_id(self.leaf), self.offset

    def has(self, fieldname: str, text: str) -> bool:
        if self.terms is None:
            return (fieldname, text) in self.leaf
        return (fieldname, text) in self.terms

    def _read_postings(self, key: tuple[str, str]) -> Postings:
        if not self.has(*key):
            return NO_POSTINGS
        ids, weights = whoosh_io.postings(self.leaf, *key)
        docs = array(ids)
        docs += self.offset
        return docs, np.array(weights, dtype=np.float64)

    def lexicon(self, fieldname: str, prefix: str = "") -> list[str]:
        """The terms of ``fieldname`` (starting with ``prefix``), in order; a small segment's from memory."""
        if self.terms is None:
            raws = self.leaf.expand_prefix(fieldname, prefix) if prefix else self.leaf.lexicon(fieldname)
            return list(map(whoosh_io.term_text, raws))
        ordered = self._lexicons[fieldname]
        start = end = bisect.bisect_left(ordered, prefix)
        while end < len(ordered) and ordered[end].startswith(prefix):
            end += 1
        return ordered[start:end]

    def _read_prefix_terms(self, key: tuple[str, str, int]) -> list[str]:
        fieldname, prefix, limit = key
        if self.terms is not None:
            return self.lexicon(fieldname, prefix)[:limit]
        return list(map(whoosh_io.term_text, islice(self.leaf.expand_prefix(fieldname, prefix), limit)))

    def _read_phrase_docs(self, key: tuple[str, tuple[str, ...]]) -> DocArray:
        """The documents with the words side by side, from the positions of the documents holding every
        word: Whoosh's span matchers walk every posting."""
        fieldname, phrase = key
        together = self.postings[fieldname, phrase[0]][0]
        for word in phrase[1:]:
            together = np.intersect1d(together, self.postings[fieldname, word][0], assume_unique=True)
        local = {docnum - self.offset for docnum in together.tolist()}
        spots = [whoosh_io.positions(self.leaf, fieldname, word, local) for word in phrase] if local else []
        hits = []
        for docnum in local:
            following = [set(at.get(docnum, ())) for at in spots[1:]]
            if any(all(start + n in after for n, after in enumerate(following, 1))
                   for start in spots[0].get(docnum, ())):
                hits.append(self.offset + docnum)
        return np.unique(array(hits))

    def _read_prefix_docs(self, key: tuple[str, str]) -> DocArray:
        fieldname, prefix = key
        docs = [self.postings[fieldname, text][0] for text in self.lexicon(fieldname, prefix)]
        return np.unique(np.concatenate(docs)) if docs else EMPTY

    @cached_property
    def german_terms(self) -> tuple[list[str], list[str]]:
        """The terms of German text, sorted, forward and reversed (for compounds: wordparts.py)."""
        terms = {text for fieldname in GERMAN_FIELDS for text in self.lexicon(fieldname)}
        return sorted(terms), sorted(term[::-1] for term in terms)

    @cached_property
    def facet_bitmaps(self) -> dict[str, dict[str, int]]:
        """facet → value → its documents as a bitmap (bit d for document d)."""
        return {facet: {value: bitmap(self.postings[fieldname, value][0]) for value in self.lexicon(fieldname)}
                for facet, fieldname in FACET_FIELDS.items()}

    @cached_property
    def sort_keys(self) -> list[SortKey]:
        """Each document's year, folded title and review date, from the sortable columns."""
        years, titles = self.leaf.column_reader("year_sort"), self.leaf.column_reader("title_sort")
        reviewed = self.leaf.column_reader("reviewed_sort")
        return [(_given(years[d]), whoosh_io.term_text(titles[d]), _given(reviewed[d])) for d in range(self.count)]

    def words(self, docnum: int, text: str, language: str) -> Words:
        """``analysis.words`` of a document's text, kept like its stored fields (analysing
        3,000 characters per hit was a quarter of a search)."""
        found = self._words.get(docnum)
        return self._words.keep(docnum, words(text, language)) if found is None else found


def _given(value: int | None) -> int:
    """A sort column's value, 0 where the entry has none (so that it sorts last, not first)."""
    return 0 if value is None or value == MISSING else int(value)
