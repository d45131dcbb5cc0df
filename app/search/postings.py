"""Reading whole posting lists and field lengths a block or a column at a time.

Whoosh hands out postings one at a time (``all_ids`` and ``skip_to`` call Python methods per
posting) and field lengths one file read at a time, which made reading and exact scoring most of a
search. A posting block holds ids and weights in one pickled tuple, and a length column is one byte
per document: both are read here a block or a column at a time, and kept by the searcher (see
termcache.TermCache and searcher.IndexView).

This reaches into the Whoosh 2.7 codec (pinned, and frozen upstream); anything else falls back to
the public, slower per-posting calls.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Callable
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length

_LENGTH_OF_BYTE = [byte_to_length(b) for b in range(256)]


SMALL_SEGMENT = 200
"""Segments up to this many documents have their terms held in memory (see has_term)."""
MAX_SEGMENTS = 64
_SMALL_TERMS: OrderedDict[str, frozenset[tuple[str, str]]] = OrderedDict()
_FREQUENCIES: OrderedDict[str, dict[tuple[str, str], int]] = OrderedDict()
_SMALL_LEXICONS: OrderedDict[str, dict[str, list[str]]] = OrderedDict()
_PREFIXES: OrderedDict[str, dict[tuple[str, str, int], list[str]]] = OrderedDict()
MAX_SEGMENT_PREFIXES = 2_000
"""Prefix expansions (of at most 64 terms) remembered per segment, then that segment's start afresh:
each prefix query asks every text field, so this is 200 distinct prefix queries."""
_LOCK = threading.Lock()


def _segment_id(leaf: Any) -> str | None:
    segment = leaf.segment()
    return segment.segment_id() if segment is not None else None


def _remembered(table: OrderedDict[str, Any], key: str, make: Callable[[], Any]) -> Any:
    value = table.get(key)
    if value is None:
        value = make()
        with _LOCK:  # threaded servers share these tables
            value = table.setdefault(key, value)
            while len(table) > MAX_SEGMENTS:
                table.popitem(last=False)
    return value


def has_term(leaf: Any, fieldname: str, text: str) -> bool:
    """Whether one segment has a term: for the small segments editors' saves add, from memory.

    After a save every search asks each of the few small segments about hundreds of terms, and
    Whoosh's answer is a look-up in a file (about 20 µs).
    """
    terms = small_terms(leaf)
    return (fieldname, text) in (terms if terms is not None else leaf)


def small_terms(leaf: Any) -> frozenset[tuple[str, str]] | None:
    """Every (field, term) of a segment of at most SMALL_SEGMENT entries, held in memory;
    ``None`` for a bigger segment."""
    segment = _segment_id(leaf)
    if segment is None or leaf.doc_count_all() > SMALL_SEGMENT:
        return None
    terms: frozenset[tuple[str, str]] = _remembered(_SMALL_TERMS, segment, lambda: frozenset(
        (name, raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw)
        for name, raw in leaf.all_terms()))
    return terms


def term_text(raw: bytes | str) -> str:
    """A term as Whoosh hands it out (bytes from a lexicon or column) as text."""
    return raw.decode("utf-8") if isinstance(raw, bytes) else raw


def lexicon(reader: Any, fieldname: str, prefix: str = "") -> list[str]:
    """A reader's terms of ``fieldname`` (starting with ``prefix``), in order; for a small
    segment from its terms in memory instead of a walk through its term file."""
    terms = small_terms(reader)
    if terms is None:
        raws = reader.expand_prefix(fieldname, prefix) if prefix else reader.lexicon(fieldname)
        return list(map(term_text, raws))
    ordered = _small_lexicon(reader, terms).get(fieldname, [])
    if not prefix:
        return list(ordered)
    start = end = bisect.bisect_left(ordered, prefix)
    while end < len(ordered) and ordered[end].startswith(prefix):
        end += 1
    return ordered[start:end]


def _small_lexicon(leaf: Any, terms: frozenset[tuple[str, str]]) -> dict[str, list[str]]:
    """A small segment's terms by field, in order (made once per segment)."""
    def make() -> dict[str, list[str]]:
        fields: dict[str, list[str]] = {}
        for name, text in terms:
            fields.setdefault(name, []).append(text)
        return {name: sorted(texts) for name, texts in fields.items()}

    return _remembered(_SMALL_LEXICONS, _segment_id(leaf), make)  # type: ignore[no-any-return]


def prefix_terms(reader: Any, fieldname: str, prefix: str, limit: int) -> list[str]:
    """The first ``limit`` terms of ``fieldname`` starting with ``prefix`` in a reader's segments
    (what Whoosh's ``expand_prefix`` lists first), per segment remembered.

    Whoosh merges the term files of every segment for this, 5–15 ms per prefix query and index
    version at 10k entries; a segment's own first ``limit`` terms never change, and the first
    ``limit`` of all segments are among them.
    """
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        segment = _segment_id(leaf)
        known = _remembered(_PREFIXES, segment, dict) if segment is not None else {}
        key = (fieldname, prefix, limit)
        terms = known.get(key)
        if terms is None:
            if len(known) >= MAX_SEGMENT_PREFIXES:
                known.clear()
            terms = known[key] = (lexicon(leaf, fieldname, prefix)[:limit] if small_terms(leaf) is not None
                                  else list(map(term_text, islice(leaf.expand_prefix(fieldname, prefix), limit))))
        found.update(terms)
    return sorted(found)[:limit]


def doc_frequency(reader: Any, fieldname: str, text: str) -> int:
    """In how many documents a term occurs (deleted ones counted, as Whoosh does), per segment
    remembered: segments never change, and a new index version mostly adds one small segment."""
    total = 0
    for leaf, _ in reader.leaf_readers():
        segment = _segment_id(leaf)
        if segment is None:
            total += leaf.doc_frequency(fieldname, text)
            continue
        known = _remembered(_FREQUENCIES, segment, dict)
        key = (fieldname, text)
        frequency = known.get(key)
        if frequency is None:
            frequency = known[key] = leaf.doc_frequency(fieldname, text) if has_term(leaf, *key) else 0
        total += frequency
    return total


def leaf_ids(leaf: Any, fieldname: str, text: str, offset: int) -> list[int]:
    """One segment's documents with a term, numbered from ``offset`` (deleted ones included)."""
    if not has_term(leaf, fieldname, text):
        return []
    matcher = _raw_matcher(leaf, fieldname, text)
    if matcher is None:
        return [offset + docnum for docnum in leaf.postings(fieldname, text).all_ids()]
    ids: list[int] = []
    while matcher.is_active():
        matcher._read_ids()  # a fresh block
        ids.extend(matcher._ids if not offset else (offset + docnum for docnum in matcher._ids))
        matcher._next_block()
    return ids


def leaf_ids_and_weights(leaf: Any, fieldname: str, text: str, offset: int) -> tuple[list[int], list[float]]:
    """``leaf_ids`` and ``leaf_weights`` in one reading: both come from each block's one data
    tuple, and unpickling it twice was a tenth of a first-seen search."""
    if not has_term(leaf, fieldname, text):
        return [], []
    matcher = _raw_matcher(leaf, fieldname, text)
    if matcher is None:
        return leaf_ids(leaf, fieldname, text, offset), leaf_weights(leaf, fieldname, text)
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        matcher._read_ids()  # a fresh block
        matcher._read_weights()
        ids.extend(matcher._ids if not offset else (offset + docnum for docnum in matcher._ids))
        weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights


def leaf_weights(leaf: Any, fieldname: str, text: str) -> list[float]:
    """A term's frequency in each of one segment's documents that have it, in the order of
    ``leaf_ids``."""
    if not has_term(leaf, fieldname, text):
        return []
    matcher = _raw_matcher(leaf, fieldname, text)
    if matcher is None:
        return [weight for _, weight in leaf.postings(fieldname, text).items_as("weight")]
    weights: list[float] = []
    while matcher.is_active():
        matcher._read_ids()  # a fresh block: ids and weights come from its one data tuple
        matcher._read_weights()
        weights.extend(matcher._weights)
        matcher._next_block()
    return weights


def phrase_ids(leaf: Any, fieldname: str, words: list[str], offset: int, candidates: set[int]) -> list[int]:
    """Which ``candidates`` (documents holding every word) have the words side by side, in order.

    What Whoosh's ``Phrase`` (slop 1) finds, from the positions in the same posting blocks, for
    the candidates only: Whoosh's span matchers walk every posting in Python, and phrases (the
    multi-word synonyms, in every field) were half of a first-seen search.
    """
    local = {docnum - offset for docnum in candidates}
    positions = [leaf_positions(leaf, fieldname, word, local) for word in words]
    found = []
    for docnum in local:
        starts = positions[0].get(docnum, ())
        following = [set(p.get(docnum, ())) for p in positions[1:]]
        if any(all(start + n in after for n, after in enumerate(following, 1)) for start in starts):
            found.append(offset + docnum)
    return found


def leaf_positions(leaf: Any, fieldname: str, text: str, wanted: set[int]) -> dict[int, list[int]]:
    """Segment document number → positions of a term in ``fieldname``, for the ``wanted`` ones."""
    matcher = _raw_matcher(leaf, fieldname, text) if has_term(leaf, fieldname, text) else None
    if matcher is None:
        return {}
    decode = leaf.schema[fieldname].format.decode_positions
    found: dict[int, list[int]] = {}
    while matcher.is_active():
        matcher._read_ids()  # a fresh block
        hits = [(n, docnum) for n, docnum in enumerate(matcher._ids) if docnum in wanted]
        if hits:
            matcher._read_values()
            values = matcher._values
            for n, docnum in hits:
                found[docnum] = decode(values[n])
        matcher._next_block()
    return found


def _raw_matcher(leaf: Any, fieldname: str, text: str) -> W3LeafMatcher | None:
    terms = getattr(leaf, "_terms", None)
    if terms is None or not hasattr(leaf, "_text_to_bytes"):
        return None
    matcher = terms.matcher(fieldname, leaf._text_to_bytes(fieldname, text), leaf.schema[fieldname].format)
    return matcher if isinstance(matcher, W3LeafMatcher) else None


def leaf_lengths(leaf: Any, fieldname: str) -> list[int]:
    """The length of ``fieldname`` in each document of one segment (0 where it is empty)."""
    count = leaf.doc_count_all()
    perdoc = getattr(leaf, "_perdoc", None)
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
    if column is None or not hasattr(column, "_basepos"):
        return [leaf.doc_field_length(docnum, fieldname, 0) or 0 for docnum in range(count)]
    stored = min(column._count, count)  # trailing documents without the field are not written
    raw = column._dbfile.get(column._basepos, stored) if stored else b""
    table = _LENGTH_OF_BYTE
    return [table[b] for b in raw] + [0] * (count - stored)


def live_mask(reader: Any) -> npt.NDArray[np.bool_]:
    """Which documents are not deleted (one flag per document number), from each segment's
    deletion set.

    Whoosh's ``all_doc_ids`` asks ``is_deleted`` once per document through three layers of calls:
    60 ms at 10k entries, paid by the first search after every save.
    """
    flags = np.ones(reader.doc_count_all(), dtype=np.bool_)
    for leaf, offset in reader.leaf_readers():
        segment = leaf.segment()
        if segment is None:
            flags[offset:offset + leaf.doc_count_all()] = False
            live = [offset + docnum for docnum in leaf.all_doc_ids()]
            flags[np.array(live, dtype=np.intp)] = True
        elif segment.has_deletions():
            deleted = [offset + docnum for docnum in segment.deleted_docs()]
            flags[np.array(deleted, dtype=np.intp)] = False
    return flags
