"""Opening the next version of an index, reusing the segment readers that did not change.

An editor's save adds one small segment; opening every segment again (each reads its term table's
header) was a third of the first search after each save. Whoosh's own ``reader(reuse=...)`` reuses
readers by segment id alone and so keeps showing documents a later commit deleted; here a reader
is reused only when its segment is the same and has the same deletions.
"""

from __future__ import annotations

from typing import Any

from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher


def open_searcher(ix: FileIndex, previous: Any | None = None) -> tuple[Searcher, list[Any]]:
    """A searcher of the index's current version, and the segment readers of ``previous`` (a
    reader of an earlier version of the same index) it took over: close ``previous`` only with
    ``close_except``."""
    toc = ix._read_toc()
    if not toc.segments:
        return Searcher(EmptyReader(toc.schema), fromindex=ix), []
    reusable = {}
    if previous is not None:
        for leaf, _ in previous.leaf_readers():
            segment = leaf.segment() if isinstance(leaf, SegmentReader) else None
            if segment is not None and not leaf.is_closed:
                reusable[segment.segment_id()] = leaf
    readers, reused = [], []
    for segment in toc.segments:
        old = reusable.get(segment.segment_id())
        if (old is not None and old.doc_count_all() == segment.doc_count_all()
                and old.segment().deleted_count() == segment.deleted_count()):
            readers.append(old)
            reused.append(old)
        else:
            readers.append(SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation))
    # a MultiReader even for one segment: it carries this version's generation (up_to_date)
    return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix), reused


def close_except(searcher: Searcher, kept: list[Any]) -> None:
    """Close an old searcher's segment readers, except those a newer searcher took over."""
    keep = {id(leaf) for leaf in kept}
    for leaf, _ in searcher.reader().leaf_readers():
        if id(leaf) not in keep:
            leaf.close()


def column_values(reader: Any, fieldname: str) -> list[bytes]:
    """Every document's value of a bytes column, by document number (``b""`` where a segment has no
    such column, e.g. one written before the column existed)."""
    values: list[bytes] = []
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        if leaf.has_column(fieldname):
            column = leaf.column_reader(fieldname)
            values.extend(column[docnum] for docnum in range(count))
        else:
            values.extend([b""] * count)
    return values
