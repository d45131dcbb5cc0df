"""One version of the index as a searcher sees it, with the caches it carries.

Opening a Whoosh searcher per query costs time, so a searcher is kept open (pool.SearcherPool) and
replaced only when the index changed (a commit or a swapped generation).
Each searcher carries the per-facet bitmaps, the sorted term lists for compound matching and more,
taken over from the previous index version where they are still right (inheritance.py).
"""

from __future__ import annotations

import bisect
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as Q
from whoosh.searching import Searcher

from app.search.docarrays import DocArray, Mask, bitmap, empty_mask, mask, members
from app.search.facets import carried_bitmaps
from app.search.highlight import Words, words
from app.search.inheritance import Inheritance, below
from app.search.manifest import FILENAME as MANIFEST_FILE
from app.search.postings import doc_frequency, leaf_lengths, lexicon, live_mask
from app.search.ranking import Ranker
from app.search.readers import close_except, column_values
from app.search.schema import FACET_FIELDS, FIELD_BOOSTS, GERMAN_FIELDS, VECTOR_FIELD
from app.search.semantic import Vectors, matrix
from app.search.spelling import SpellingWords
from app.search.termcache import EMPTY, TermCache

MAX_STORED = 5_000
COMPOUND_SCAN = 200
"""Compound candidates looked at per query word, of which the most frequent are used."""


@dataclass
class IndexView:
    """One version of the index as a searcher sees it, plus what is derived from it."""

    generation: Path
    searcher: Searcher
    _facet_bitmaps: dict[str, dict[str, int]] | None = None
    _live_mask: Mask | None = None
    _reversed_terms: list[str] | None = None
    _forward_terms: list[str] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    cache: TermCache | None = None
    """Postings read so far, carried along this thread's versions of the index."""
    _lengths: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)
    _spelling: SpellingWords | None = None
    _stored: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Stored fields by document number; carried into the next version below ``inherited.upto``."""
    _words: dict[int, Words] = field(default_factory=dict)
    """The analysed words of shown hits' text, by document number; carried like ``_stored``."""
    _ranker: Ranker | None = None
    _vectors: Vectors | None = None
    _extra_forward: list[str] = field(default_factory=list)
    _extra_reversed: list[str] = field(default_factory=list)
    inherited: Inheritance | None = None
    """Caches of the previous version of this index, still right below ``inherited.upto``."""

    def __post_init__(self) -> None:
        if self.cache is None:
            self.cache = TermCache(self.searcher)

    def stored(self, docnum: int) -> dict[str, Any]:
        """A document's stored fields (record, text), kept for the hits shown most often."""
        return _kept(self._stored, docnum, lambda: self.searcher.stored_fields(docnum))

    def words(self, docnum: int, text: str, language: str) -> Words:
        """``highlight.words(text, language)`` of a document's text, kept like its stored fields:
        splitting and analysing 3,000 characters per hit was a quarter of a search."""
        return _kept(self._words, docnum, lambda: words(text, language))

    def warm(self) -> None:
        """Load the caches every search uses, so that the first request does not pay for them."""
        _ = self.live_mask, self.facet_bitmaps
        self.ranker.sort_keys()
        self._term_lists()
        for fieldname in FIELD_BOOSTS:
            self.field_lengths(fieldname)
        _ = self.vectors

    @property
    def spelling(self) -> SpellingWords:
        """The entries' words of this index generation, for suggestions and completion."""
        if self._spelling is None:
            self._spelling = SpellingWords(self.generation / MANIFEST_FILE)
        return self._spelling

    def close(self, kept: list[Any] | None = None) -> None:
        """Close this version; the segment readers in ``kept`` live on in the next one."""
        if kept:
            close_except(self.searcher, kept)
        else:
            self.searcher.close()
        if self._spelling is not None:
            self._spelling.close()

    def term_docs(self, fieldname: str, text: str) -> DocArray:
        """The documents with ``text`` in ``fieldname``, in order (deleted ones may be among them)."""
        assert self.cache is not None
        return self.cache.docs(fieldname, text)

    def linked(self, docnum: int) -> DocArray:
        """The live documents an entry links to by its editors' choice (``related``, ``based_on``)."""
        record = json.loads(self.stored(docnum)["record"])
        slugs = [*record.get("related", ()), *record.get("based_on", ())]
        found = [d for slug in slugs for d in self.term_docs("slug", slug).tolist() if self.live_mask[d]]
        return np.array(found, dtype=np.intp)

    def term_weights(self, fieldname: str, text: str) -> npt.NDArray[np.float64]:
        """The frequency of ``text`` in each of ``term_docs(fieldname, text)``, in the same order."""
        assert self.cache is not None
        return self.cache.weights(fieldname, text)

    def field_lengths(self, fieldname: str) -> npt.NDArray[np.int64]:
        """The length of ``fieldname`` in every document, by document number."""
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            previous = self.inherited
            known = previous.lengths.get(fieldname) if previous is not None else None
            lengths = self._lengths[fieldname] = self._per_document(
                known, lambda leaf: np.array(leaf_lengths(leaf, fieldname), dtype=np.int64), np.zeros(0, np.int64))
        return lengths

    def _per_document(self, known: Any, read: Callable[[Any], Any], empty: Any) -> Any:
        """An array by document number: the last version's below ``inherited.upto`` (``known``, if
        it was loaded) and what ``read`` gives for each segment after it, or every segment's."""
        previous = self.inherited
        if previous is not None and known is not None:  # the last version's, then the new segments'
            parts, leaves = [known[:previous.upto]], [leaf for leaf, _ in previous.tail]
        else:
            parts, leaves = [], [leaf for leaf, _ in self.searcher.reader().leaf_readers()]
        parts += [read(leaf) for leaf in leaves]
        return np.concatenate(parts) if parts else empty

    @property
    def vectors(self) -> Vectors:
        """Every document's entry vector, by document number (zeros where it has none: semantic.py)."""
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    known = self.inherited.vectors if self.inherited is not None else None
                    self._vectors = self._per_document(
                        known, lambda leaf: matrix(column_values(leaf, VECTOR_FIELD), leaf.doc_count_all()),
                        matrix([], 0))
        return self._vectors

    def query_docs(self, query: Q.Query) -> set[int]:
        """The live documents matching ``query``, from per-term posting sets cached in this view.

        Expanded queries are unions of hundreds of terms (fields x compounds x synonyms); set
        algebra over cached postings replaces Whoosh's tree of union matchers, which dominated a
        search at 10k entries. Phrases, prefixes and anything else go to Whoosh as before.
        """
        return members(self.query_mask(query))

    def query_mask(self, query: Q.Query) -> Mask:
        """``query_docs(query)`` as a mask: set algebra over arrays (docarrays.py)."""
        return self._mask(query) & self.live_mask

    def _mask(self, query: Q.Query) -> Mask:
        size = self.live_mask.size
        if isinstance(query, Q.Term):
            return mask(self.term_docs(query.fieldname, query.text), size)
        if isinstance(query, Q.Or):
            flags = empty_mask(size)
            for sub in query.subqueries:
                if isinstance(sub, Q.Term):
                    flags[self.term_docs(sub.fieldname, sub.text)] = True
                else:
                    flags |= self._mask(sub)
            return flags
        if isinstance(query, Q.And) and query.subqueries:
            flags = self._mask(query.subqueries[0])
            for sub in query.subqueries[1:]:
                flags &= self._mask(sub)
            return flags
        if isinstance(query, Q.AndNot):
            return self._mask(query.a) & ~self._mask(query.b)
        if isinstance(query, Q.Every):
            return self.live_mask.copy()
        if isinstance(query, Q.Phrase):
            # most phrases (multi-word synonyms in every field) lack one of their words: the cached
            # term sets answer those without Whoosh's position matching
            together = mask(self.term_docs(query.fieldname, query.words[0]), size)
            for word in query.words[1:]:
                together &= mask(self.term_docs(query.fieldname, word), size)
            if not together.any():
                return empty_mask(size)
        # phrases and prefixes recur from query to query: keep their documents too
        assert self.cache is not None
        return mask(self.cache.query_docs(query), size)

    @property
    def ranker(self) -> Ranker:
        if self._ranker is None:
            with self._lock:
                if self._ranker is None:
                    previous = self.inherited
                    self._ranker = Ranker(self.searcher.reader(),
                                          previous.ranker if previous else None,
                                          previous.upto if previous else 0)
        return self._ranker

    @property
    def live_mask(self) -> Mask:
        """Which documents of this version are not deleted, one flag per document number."""
        if self._live_mask is None:
            self._live_mask = live_mask(self.searcher.reader())
        return self._live_mask

    @property
    def facet_bitmaps(self) -> dict[str, dict[str, int]]:
        """facet name → value → its documents as a bitmap (for counting), values in order."""
        if self._facet_bitmaps is None:
            with self._lock:
                if self._facet_bitmaps is None:
                    self._facet_bitmaps = self._load_facet_bitmaps()
        return self._facet_bitmaps

    def facet_values(self, facet: str) -> list[str]:
        """The values entries carry for ``facet`` (a deleted entry's may stay until a merge)."""
        return list(self.facet_bitmaps.get(facet, {}))

    def facet_docs(self, facet: str, value: str) -> DocArray:
        """The documents carrying ``value`` for ``facet`` (deleted ones may be among them)."""
        fieldname = FACET_FIELDS.get(facet)
        return self.term_docs(fieldname, value) if fieldname else EMPTY

    def _load_facet_bitmaps(self) -> dict[str, dict[str, int]]:
        # documents deleted since may stay in these bitmaps: every search counts within live documents
        previous = self.inherited
        if previous is not None and previous.facet_bitmaps is not None:
            # a save adds a small segment: the bitmaps stay right below ``upto``, the tail is added
            return {facet: carried_bitmaps(previous.facet_bitmaps.get(facet, {}), previous.upto,
                                           previous.tail, fieldname)
                    for facet, fieldname in FACET_FIELDS.items()}
        reader = self.searcher.reader()
        out: dict[str, dict[str, int]] = {}
        for facet, fieldname in FACET_FIELDS.items():
            bits = ((value, bitmap(self.term_docs(fieldname, value))) for value in lexicon(reader, fieldname))
            out[facet] = {value: bm for value, bm in bits if bm}
        return out

    def compound_terms(self, stem: str, limit: int = 12) -> list[str]:
        """Index terms of German text that contain ``stem`` as a compound part, most used first.

        ``behord`` finds ``auslanderbehord`` (head) and ``termin`` finds ``terminvergab`` (first part);
        the other part must be at least three (five) letters, so mere endings do not count. At most
        ``limit`` of them (the most frequent): each one is a term to match and score in every field.
        """
        forward, reversed_terms = self._term_lists()
        scan = COMPOUND_SCAN
        heads = [t[::-1] for t in _starting_with(reversed_terms, stem[::-1], scan, 3)
                 + _starting_with(self._extra_reversed, stem[::-1], scan, 3)]
        # a first part needs a longer rest: "verein" must not find "vereinfach"
        modifiers = (_starting_with(forward, stem, scan, 5)
                     + _starting_with(self._extra_forward, stem, scan, 5))
        candidates = list(dict.fromkeys(heads + modifiers))
        if len(candidates) <= limit:
            return candidates
        reader = self.searcher.reader()
        # heads first at equal frequency: "Behörde" is more a Ausländerbehörde than a Behördenleiter
        rank = {term: (doc_frequency(reader, "body", term) + doc_frequency(reader, "title", term),
                       n < len(heads))
                for n, term in enumerate(candidates)}
        return sorted(candidates, key=lambda t: rank[t], reverse=True)[:limit]

    def knows(self, stem: str) -> bool:
        """Whether German text of some entry has this index term."""
        forward, _ = self._term_lists()
        for terms in (forward, self._extra_forward):
            index = bisect.bisect_left(terms, stem)
            if index < len(terms) and terms[index] == stem:
                return True
        return False

    def terms_starting(self, prefix: str, limit: int) -> list[str]:
        """Index terms of German text starting with ``prefix`` (at most ``limit``)."""
        forward, _ = self._term_lists()
        return list(dict.fromkeys(_starting_with(forward, prefix, limit, 0)
                                  + _starting_with(self._extra_forward, prefix, limit, 0)))

    def closest_word(self, word: str) -> str | None:
        """The entries' word closest to a misspelt one (spelling.py)."""
        lower = word.lower()
        return self.spelling.closest(lower, maxdist=1 if len(lower) < 7 else 2)

    def _term_lists(self) -> tuple[list[str], list[str]]:
        """The sorted index terms of German text, forward and reversed (loaded once per version)."""
        if self._reversed_terms is None or self._forward_terms is None:
            with self._lock:
                if self._reversed_terms is None or self._forward_terms is None:
                    self._load_term_lists()
        assert self._reversed_terms is not None and self._forward_terms is not None
        return self._forward_terms, self._reversed_terms

    def _load_term_lists(self) -> None:
        previous = self.inherited
        if previous is not None and previous.forward_terms is not None:
            # the big lists are shared; words of documents added since go to small extra lists
            words = set(previous.extra_forward)
            for fieldname in GERMAN_FIELDS:
                words.update(previous.tail_lexicon(fieldname))
            self._extra_forward = sorted(words)
            self._extra_reversed = sorted(w[::-1] for w in words)
            self._forward_terms, self._reversed_terms = previous.forward_terms, previous.reversed_terms
            return
        reader = self.searcher.reader()
        words = {text for fieldname in GERMAN_FIELDS for text in lexicon(reader, fieldname)}
        self._forward_terms = sorted(words)
        self._reversed_terms = sorted(w[::-1] for w in words)

    def successor(self, searcher: Searcher) -> IndexView:
        """The view of the next version of this index, taking over what is still right."""
        inherited = Inheritance.between(self, searcher.reader())
        upto = inherited.upto if inherited is not None else 0
        assert self.cache is not None
        self.cache.advance(searcher, upto)
        end = self.searcher.reader().doc_count_all()
        return IndexView(self.generation, searcher, cache=self.cache, inherited=inherited,
                         _stored=below(self._stored, upto, end), _words=below(self._words, upto, end))



def _kept(cache: dict[int, Any], docnum: int, make: Callable[[], Any]) -> Any:
    """``cache[docnum]``, made when missing; a full cache (MAX_STORED) starts afresh."""
    value = cache.get(docnum)
    if value is None:
        if len(cache) >= MAX_STORED:
            cache.clear()
        value = cache[docnum] = make()
    return value


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
