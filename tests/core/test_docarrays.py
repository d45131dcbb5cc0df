"""The array forms of document sets pick and count exactly what the plain set forms do."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from app.search.docarrays import array, best, bitmap, find, sorted_array

SIZE = 60
# few distinct scores, so that ties (also at the cut-off) are the common case
scores_st = st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.25]), min_size=SIZE, max_size=SIZE)


@given(scores=scores_st, allowed=st.frozensets(st.integers(0, SIZE - 1)), count=st.integers(1, 70))
def test_the_best_documents_are_the_highest_scores_lower_numbers_first_at_a_tie(scores, allowed, count) -> None:
    expected = sorted((d for d in allowed if scores[d] > 0), key=lambda d: (-scores[d], d))[:count]
    assert best(np.array(scores), array(allowed), count) == expected


@given(st.frozensets(st.integers(0, 5000)))
def test_a_bitmap_has_the_bit_of_each_document_and_no_other(docs) -> None:
    bits = bitmap(docs)
    assert bits.bit_count() == len(docs)
    assert all(bits >> d & 1 for d in docs)


@given(st.lists(st.integers(0, 300), max_size=40), st.frozensets(st.integers(0, 300), min_size=1))
def test_find_marks_the_documents_a_posting_list_holds(docs, posting) -> None:
    chosen = np.array(docs, dtype=np.intp)
    _, hit = find(sorted_array(posting), chosen)
    assert chosen[hit].tolist() == [d for d in docs if d in posting]
