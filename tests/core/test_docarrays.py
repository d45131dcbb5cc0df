"""The array forms of document sets hold and find exactly what the plain set forms do."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.search.docarrays import array, bitmap, find


@given(st.frozensets(st.integers(0, 5000)))
def test_a_bitmap_has_the_bit_of_each_document_and_no_other(docs) -> None:
    bits = bitmap(array(docs))
    assert bits.bit_count() == len(docs)
    assert all(bits >> d & 1 for d in docs)


@given(st.lists(st.integers(0, 300), max_size=40), st.frozensets(st.integers(0, 300), min_size=1))
def test_find_marks_the_documents_a_posting_list_holds(docs, posting) -> None:
    chosen = np.array(docs, dtype=np.intp)
    _, hit = find(np.array(sorted(posting), dtype=np.intp), chosen)
    assert chosen[hit].tolist() == [d for d in docs if d in posting]
