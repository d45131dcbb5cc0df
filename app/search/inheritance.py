"""What a searcher carries over from one version of the index to the next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from app.search.postings import lexicon

V = TypeVar("V")

if TYPE_CHECKING:
    from app.search.ranking import Ranker
    from app.search.searcher import IndexView


@dataclass
class Inheritance:
    """What a view takes over from the previous version of its index.

    A commit appends a segment (and may merge the small ones at the end, see indexer.merge_tail).
    The segments both versions share at the start keep their document numbers, so every cached set
    stays right below ``upto``; only the segments after it are read. An editor's save then costs
    the readers a look at one small segment instead of rebuilding every cache. (Postings of single
    terms are carried further, across any number of versions: termcache.TermCache.)
    """

    upto: int
    tail: list[tuple[Any, int]]
    """(segment reader, offset) of the segments added since."""
    facet_bitmaps: dict[str, dict[str, int]] | None
    """facet → value → the last version's documents as a bitmap (see facets.carried_bitmaps)."""
    forward_terms: list[str] | None
    reversed_terms: list[str] | None
    extra_forward: list[str]
    ranker: Ranker | None
    lengths: dict[str, Any]
    """field → the last version's field lengths by document number (an array)."""
    vectors: Any
    """The last version's entry vectors by document number (an array), or None if never loaded."""

    @classmethod
    def between(cls, old: IndexView, new_reader: Any) -> Inheritance | None:
        """What carries over: the caches, right for the segments both versions share at the start."""
        old_reader = old.searcher.reader()
        old_leaves, new_leaves = _leaves(old_reader), _leaves(new_reader)
        shared = 0
        for (old_leaf, old_offset), (new_leaf, new_offset) in zip(old_leaves, new_leaves, strict=False):
            old_segment, new_segment = old_leaf.segment(), new_leaf.segment()
            if (old_segment is None or new_segment is None or old_offset != new_offset
                    or old_segment.segment_id() != new_segment.segment_id()
                    or old_leaf.doc_count_all() != new_leaf.doc_count_all()):
                break
            shared += 1
        if shared == 0:
            return None
        upto = new_leaves[shared][1] if shared < len(new_leaves) else new_reader.doc_count_all()
        upto = min(upto, old_reader.doc_count_all())
        return cls(upto, new_leaves[shared:], old._facet_bitmaps, old._forward_terms,
                   old._reversed_terms, old._extra_forward, old._ranker, old._lengths, old._vectors)

    def tail_lexicon(self, fieldname: str) -> set[str]:
        return {text for leaf, _ in self.tail for text in lexicon(leaf, fieldname)}


def below(cache: dict[int, V], upto: int, end: int) -> dict[int, V]:
    """A copy of ``cache`` (keyed by document numbers below ``end``) without the keys from ``upto``
    on: the part of a cache that stays right in the next version, in O(end - upto) when that is
    the smaller (a copy in C, then the few documents after ``upto`` removed)."""
    if end - upto > len(cache):
        return {docnum: value for docnum, value in cache.items() if docnum < upto}
    kept = dict(cache)
    for docnum in range(upto, end):
        kept.pop(docnum, None)
    return kept


def _leaves(reader: Any) -> list[tuple[Any, int]]:
    return list(reader.leaf_readers())

