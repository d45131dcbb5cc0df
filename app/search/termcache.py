"""Per-term document sets and frequencies, kept from one index version to the next.

A search reads the postings of hundreds of terms (fields x compounds x synonyms). Read once, they
are kept; an editor's save makes a new index version, and reading them all again after every save
made each first search after it cost 300 ms at 10k entries with a save a second.

A commit appends a segment, and now and then merges the small ones at the end (indexer.merge_tail);
the segments at the start keep their document numbers. So an entry read at some version stays
right below the first segment that changed since, and only the segments after that are read to
bring it up to date. Each version is an *epoch*, which began with a *floor*: where the numbering
stopped being shared. An entry remembers the epoch it was last brought up to date and how many
documents it covered then; it is right below the lowest floor of the epochs since. Only floors
lower than every later one can be that lowest, so only those are kept (a server saving once a
second for a day has 86,400 epochs; the look-up is a bisection).

A term's documents are kept as a sorted array (docarrays.py): segments are read in order and each
posting list is in order, so bringing one up to date is a cut and an append. Deleted documents may
stay in them: every search intersects with the live documents. One cache belongs to one thread's
chain of views (pool.SearcherPool), so it needs no lock.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as Q

from app.search.docarrays import DocArray, array, sorted_array
from app.search.postings import leaf_ids, leaf_ids_and_weights, leaf_weights, lexicon, phrase_ids, small_terms

MAX_POSTINGS = 32_000_000
"""At most this many postings kept in all (8 bytes each as documents, 16 with their frequencies:
at most ~400 MB); beyond it the cache starts afresh. The bench's 240 queries keep 1.7M at 10k
entries and 16.8M at 100k; with 12M, 100k entries started afresh again and again (p95 580 ms
instead of 16 ms)."""

Weights = npt.NDArray[np.float64]
Value = Any  # DocArray (documents, sorted) or Weights (beside the documents)
Entry = tuple[Value, int, int]
"""(value, documents it covers, epoch it was brought up to date)."""
EMPTY = array(())
NO_WEIGHTS: Weights = np.zeros(0, dtype=np.float64)


class TermCache:
    def __init__(self, searcher: Any) -> None:
        self._entries: dict[tuple[Any, ...], Entry] = {}
        self._postings = 0
        self._epoch = 0
        self._low_epochs: list[int] = [0]
        self._low_floors: list[int] = [0]
        """Epochs whose floor is lower than every later epoch's, ascending, and their floors."""
        self._searcher = searcher
        self._leaves = _leaves(searcher)
        self._count = searcher.reader().doc_count_all()

    @property
    def epoch(self) -> int:
        return self._epoch

    def advance(self, searcher: Any, upto: int) -> None:
        """A new version whose first ``upto`` documents sit in the same segments as before."""
        self._epoch += 1
        while self._low_floors and self._low_floors[-1] >= upto:
            self._low_epochs.pop()
            self._low_floors.pop()
        self._low_epochs.append(self._epoch)
        self._low_floors.append(upto)
        self._searcher = searcher
        self._leaves = _leaves(searcher)
        self._count = searcher.reader().doc_count_all()

    def docs(self, fieldname: str, text: str) -> DocArray:
        """The documents with ``text`` in ``fieldname``, in order. Read for the first time, the
        term's frequencies are kept too (``weights``): they come from the same posting blocks."""
        key, weights_key = ("d", fieldname, text), ("w", fieldname, text)
        if key in self._entries or weights_key in self._entries:
            def read(leaf: Any, offset: int) -> DocArray:
                return array(leaf_ids(leaf, fieldname, text, offset))  # in order already

            return self._get(key, EMPTY, _below_array, read, _appended, (fieldname, text))
        frequencies: list[Weights] = []

        def read_both(leaf: Any, offset: int) -> DocArray:
            ids, weights = leaf_ids_and_weights(leaf, fieldname, text, offset)
            frequencies.append(np.array(weights, dtype=np.float64))
            return array(ids)

        docs = self._get(key, EMPTY, _below_array, read_both, _appended, (fieldname, text))
        weights = np.concatenate(frequencies) if frequencies else NO_WEIGHTS
        if len(weights) == len(docs):
            self._store(weights_key, weights, self.epoch)
        return docs

    def weights(self, fieldname: str, text: str) -> Weights:
        """The frequency of ``text`` in each of ``docs(fieldname, text)``, in the same order."""
        def read(leaf: Any, offset: int) -> Weights:
            return np.array(leaf_weights(leaf, fieldname, text), dtype=np.float64)

        def below(weights: Weights, floor: int) -> Weights:
            # the documents below ``floor`` are the same in every version since: cut where they end
            return weights[:np.searchsorted(self.docs(fieldname, text), floor)]

        return self._get(("w", fieldname, text), NO_WEIGHTS, below, read, _appended, (fieldname, text))

    def query_docs(self, query: Q.Query) -> DocArray:
        """The documents matching a phrase, prefix or other query Whoosh must evaluate, in order."""
        def read(leaf: Any, offset: int) -> DocArray:
            if isinstance(query, Q.Phrase) and query.slop == 1 and _has_positions(leaf, query.fieldname):
                together = self.docs(query.fieldname, query.words[0])
                for word in query.words[1:]:
                    together = np.intersect1d(together, self.docs(query.fieldname, word), assume_unique=True)
                end = offset + leaf.doc_count_all()
                candidates = set(together[(together >= offset) & (together < end)].tolist())
                found = phrase_ids(leaf, query.fieldname, list(query.words), offset, candidates) if candidates else []
            elif isinstance(query, Q.Prefix) and query.fieldname in leaf.schema:
                # what Whoosh's Prefix matches: every term starting so, read a block at a time
                found = [docnum for text in lexicon(leaf, query.fieldname, query.text)
                         for docnum in leaf_ids(leaf, query.fieldname, text, offset)]
            else:
                found = [offset + docnum for docnum in query.docs(self._leaf_searcher(leaf))]
            return sorted_array(found)  # a document may have several of the prefix's terms

        return self._get(("q", repr(query)), EMPTY, _below_array, read, _appended)

    def _leaf_searcher(self, leaf: Any) -> Any:
        for searcher, _ in self._searcher.leaf_searchers():
            if searcher.reader() is leaf:
                return searcher
        raise LookupError("segment reader not in the current searcher")

    def _get(self, key: tuple[Any, ...], empty: Value, below: Callable[[Value, int], Value],
             read: Callable[[Any, int], Any], join: Callable[[Value, Any], Value],
             term: tuple[str, str] | None = None) -> Value:
        """``key``'s value brought up to date: trimmed to the lowest floor since it was last, and
        what ``read`` finds in the segments from there on joined to it (``term``: the segments
        that lack it are skipped)."""
        entry = self._entries.get(key)
        epoch = self.epoch
        if entry is not None and entry[2] == epoch:
            return entry[0]
        if entry is None:
            value, valid = empty, 0
        else:
            value, valid, since = entry
            floor = self._floor_since(since)
            if floor < valid:
                value, valid = below(value, floor), floor
        for leaf, offset, end, terms in self._leaves:
            if end <= valid or (term is not None and terms is not None and term not in terms):
                continue
            if offset < valid:  # not on a segment boundary (cannot happen): read it all again
                return self._store(key, self._read_all(empty, read, join), epoch)
            found = read(leaf, offset)
            if len(found):
                value = join(value, found)
        return self._store(key, value, epoch)

    def _floor_since(self, since: int) -> int:
        """The lowest floor of the epochs after ``since``: unchanged below it in every one of them."""
        return self._low_floors[bisect.bisect_right(self._low_epochs, since)]

    def _read_all(self, empty: Value, read: Callable[[Any, int], Any], join: Callable[[Value, Any], Value]
                  ) -> Value:
        value = empty
        for leaf, offset, _, _ in self._leaves:
            found = read(leaf, offset)
            if len(found):
                value = join(value, found)
        return value

    def _store(self, key: tuple[Any, ...], value: Value, epoch: int) -> Value:
        old = self._entries.get(key)
        self._postings += len(value) - (len(old[0]) if old is not None else 0)
        if self._postings > MAX_POSTINGS:
            self._entries.clear()
            self._postings = len(value)
        self._entries[key] = (value, self._count, epoch)
        return value


def _leaves(searcher: Any) -> list[tuple[Any, int, int, frozenset[tuple[str, str]] | None]]:
    """(segment reader, first document number, end, its terms if it is small) of each segment."""
    return [(leaf, offset, offset + leaf.doc_count_all(), small_terms(leaf))
            for leaf, offset in searcher.reader().leaf_readers()]


def _has_positions(leaf: Any, fieldname: str) -> bool:
    return fieldname in leaf.schema and leaf.schema[fieldname].format.supports("positions")


def _below_array(docs: DocArray, floor: int) -> DocArray:
    """``docs`` (in order) without those from ``floor`` on."""
    return docs[:np.searchsorted(docs, floor)]


def _appended(kept: npt.NDArray[Any], found: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """What is kept, then what a later segment adds (its documents are all numbered above)."""
    return np.concatenate((kept, found)) if len(kept) else found
