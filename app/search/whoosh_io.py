"""The one module that reaches into Whoosh's internals (one release's codec, checked on import).

Posting blocks and length columns are read whole, not a posting or a document at a time; the table of
contents is read to reuse segment readers; a parallel build finishes its writers' segments itself.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import whoosh
from whoosh.codec.base import Segment
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, IndexReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

EXPECTED_VERSION = "2.7.5"
"""The whoosh-reloaded release whose internals this module reads (pinned in pyproject.toml)."""


def check_version(installed: str) -> None:
    """Fail with a clear message unless ``installed`` is the Whoosh release this module was written for."""
    if installed != EXPECTED_VERSION:
        raise ImportError(f"app.search reads Whoosh's internals and needs whoosh-reloaded {EXPECTED_VERSION}, "
                          f"but Whoosh {installed} is installed: pip install whoosh-reloaded=={EXPECTED_VERSION}")


check_version(whoosh.versionstring())

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def segment_id(leaf: SegmentReader) -> str:
    """The segment's id: the same for as long as the segment exists (deletions do not change it)."""
    return str(leaf.segment().segment_id())


def leaves(reader: IndexReader) -> list[tuple[SegmentReader, int]]:
    """(segment reader, its first document number) of each segment (none for an empty index)."""
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if isinstance(leaf, SegmentReader)]


def term_text(raw: bytes | str) -> str:
    """A term as Whoosh hands it out (bytes from a lexicon or column) as text."""
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw


def postings(leaf: SegmentReader, fieldname: str, text: str) -> tuple[list[int], list[float]]:
    """A term's documents in a segment that has it (numbered within it) and its frequency in each,
    read a block at a time."""
    matcher = _raw_matcher(leaf, fieldname, text)
    if matcher is None:
        pairs = list(leaf.postings(fieldname, text).items_as("weight"))
        return [docnum for docnum, _ in pairs], [weight for _, weight in pairs]
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        matcher._read_ids()  # a fresh block
        matcher._read_weights()
        ids.extend(matcher._ids)
        weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights


def positions(leaf: SegmentReader, fieldname: str, text: str, wanted: set[int]) -> dict[int, list[int]]:
    """Document number (within the segment) → the term's positions, for the ``wanted`` ones."""
    matcher = _raw_matcher(leaf, fieldname, text)
    if matcher is None:
        return {}
    decode = leaf.schema[fieldname].format.decode_positions
    found: dict[int, list[int]] = {}
    while matcher.is_active():
        matcher._read_ids()  # a fresh block
        hits = [(n, docnum) for n, docnum in enumerate(matcher._ids) if docnum in wanted]
        if hits:
            matcher._read_values()
            for n, docnum in hits:
                found[docnum] = decode(matcher._values[n])
        matcher._next_block()
    return found


def _raw_matcher(leaf: SegmentReader, fieldname: str, text: str) -> W3LeafMatcher | None:
    matcher = leaf._terms.matcher(fieldname, leaf._text_to_bytes(fieldname, text), leaf.schema[fieldname].format)
    return matcher if isinstance(matcher, W3LeafMatcher) else None


def field_lengths(leaf: SegmentReader, fieldname: str) -> npt.NDArray[np.int64]:
    """The length of ``fieldname`` in each document of one segment (0 where it is empty)."""
    lengths = np.zeros(leaf.doc_count_all(), dtype=np.int64)
    column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    stored = min(column._count, len(lengths)) if column else 0  # trailing documents without the field: not written
    if stored:
        lengths[:stored] = _LENGTH_OF_BYTE[np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)]
    return lengths


def column_values(reader: IndexReader, fieldname: str) -> list[bytes]:
    """Every document's value of a column, by document number (``b""`` in a segment without the
    column, e.g. one written before the column existed)."""
    values: list[bytes] = []
    for leaf, _ in reader.leaf_readers():
        count = leaf.doc_count_all()
        if leaf.has_column(fieldname):
            column = leaf.column_reader(fieldname)
            values.extend(column[docnum] for docnum in range(count))
        else:
            values.extend([b""] * count)
    return values


def open_version(ix: FileIndex, reusable: Sequence[SegmentReader] = ()) -> Searcher:
    """A searcher of the index's current version, reusing the readers of ``reusable`` whose segment
    is the same with the same deletions (Whoosh's own ``reader(reuse=...)`` ignores deletions)."""
    toc = ix._read_toc()
    if not toc.segments:
        return Searcher(EmptyReader(toc.schema), fromindex=ix)
    old = {segment_id(leaf): leaf for leaf in reusable if not leaf.is_closed}
    readers = []
    for segment in toc.segments:
        leaf = old.get(segment.segment_id())
        if leaf is None or leaf.segment().deleted_count() != segment.deleted_count():
            leaf = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
        readers.append(leaf)
    # a MultiReader even for one segment: it carries this version's generation (up_to_date)
    return Searcher(MultiReader(readers, generation=toc.generation), fromindex=ix)


def finish_segment(writer: SegmentWriter) -> Segment | None:
    """Close a writer of a parallel build and hand back its segment (None if it wrote nothing), for
    the parent to commit; its files stay in the index folder."""
    if writer._added:
        return writer._finalize_segment()
    writer._close_segment()  # not cancel(): that removes the temporary folder the other writers share
    return None
