"""recall@k and nDCG@k with graded gains (gain = grade: 2 answers it, 1 partly)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def recall(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float | None:
    """Relevant entries (grade ≥ 1) in the top k / min(k, relevant); None when nothing is relevant."""
    if not relevant:
        return None
    found = sum(1 for slug in ranked[:k] if relevant.get(slug, 0) > 0)
    return found / min(k, len(relevant))


def ndcg(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float | None:
    """DCG of the top k over the ideal DCG of every judged relevant entry; None when nothing is relevant."""
    if not relevant:
        return None
    dcg = sum(relevant.get(slug, 0) / math.log2(rank + 2) for rank, slug in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    return dcg / sum(grade / math.log2(rank + 2) for rank, grade in enumerate(ideal))


def mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None
