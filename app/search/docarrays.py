"""Sets of document numbers as numpy arrays and masks: the union of hundreds of posting sets, a
query's rough scores and facet filters are then a scatter or an AND in C, not a hash per posting."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

DocArray = npt.NDArray[np.intp]
"""Document numbers (unsorted unless said so); ``intp`` indexes without a conversion."""
Mask = npt.NDArray[np.bool_]
"""One flag per document number of an index version."""


def array(docs: Collection[int]) -> DocArray:
    return np.fromiter(docs, dtype=np.intp, count=len(docs))


def empty_mask(size: int) -> Mask:
    return np.zeros(size, dtype=np.bool_)


def bitmap(docs: DocArray) -> int:
    """Document numbers as the bits of one integer (bit *d* set for document *d*)."""
    flags = empty_mask(int(docs.max()) + 1 if len(docs) else 0)
    flags[docs] = True
    return mask_bitmap(flags)


def mask_bitmap(flags: Mask) -> int:
    """A mask as the bits of one integer: counting against facet bitmaps is then an AND and a bit
    count in C."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def find(ordered: DocArray, docs: DocArray) -> tuple[DocArray, Mask]:
    """Where each of ``docs`` is in ``ordered`` (sorted, not empty), and whether it is there."""
    at = np.searchsorted(ordered, docs)
    return at, ordered[np.minimum(at, len(ordered) - 1)] == docs
