"""A fixed log of distinct searches with facet filters, drawn from the corpus' own words."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from app.content.model import Practice
from bench.corpus import SEED, Distribution

FILTERABLE = ("level", "country", "kind", "topic", "evidence")


@dataclass(frozen=True)
class BenchQuery:
    q: str
    filters: dict[str, list[str]] = field(default_factory=dict)

    def key(self) -> tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]:
        return self.q, tuple(sorted((k, tuple(v)) for k, v in self.filters.items()))

    def params(self) -> list[tuple[str, str]]:
        out = [("q", self.q)] if self.q else []
        for name, values in self.filters.items():
            out.extend((name, v) for v in values)
        return out


def _values(dist: Distribution) -> dict[str, list[str]]:
    return {
        "level": sorted({v for levels in dist.levels for v in levels}),
        "country": sorted(set(dist.countries)),
        "kind": sorted(set(dist.kinds)),
        "topic": sorted({t for topics in dist.topics for t in topics}),
        "evidence": sorted({e for e in dist.evidence if e}),
    }


def query_log(dist: Distribution, count: int = 240, seed: int = SEED) -> list[BenchQuery]:
    """``count`` distinct queries: one to three words, some prefixes and phrases, ~60 % with filters."""
    rng = random.Random(seed)
    nouns = [w.lower() for w, _ in dist.nouns.most_common(150)]
    values = _values(dist)
    seen: set[tuple] = set()
    out: list[BenchQuery] = []
    while len(out) < count:
        shape = rng.random()
        if shape < 0.45:
            q = rng.choice(nouns)
        elif shape < 0.8:
            q = " ".join(rng.sample(nouns, 2))
        elif shape < 0.9:
            q = rng.choice(nouns)[:5] + "*"
        elif shape < 0.95:
            q = " ".join(rng.sample(nouns, 3))
        else:
            q = ""
        filters: dict[str, list[str]] = {}
        if rng.random() < 0.6 or not q:
            for name in rng.sample(FILTERABLE, rng.choice((1, 1, 2, 3))):
                filters[name] = rng.sample(values[name], 1 if rng.random() < 0.8 else 2) \
                    if len(values[name]) > 1 else list(values[name])
        query = BenchQuery(q, filters)
        if query.key() not in seen:
            seen.add(query.key())
            out.append(query)
    return out


def facet_values(practice: Practice) -> dict[str, list[str]]:
    """What the index files under each facet for one entry (same fields as app.search.schema)."""
    return {
        "level": list(practice.levels), "topic": list(practice.topics), "country": [practice.country],
        "region": [practice.region] if practice.region else [],
        "municipality_type": [practice.municipality_type] if practice.municipality_type else [],
        "kind": [practice.kind], "evidence": [practice.evidence] if practice.evidence else [],
        "year": [str(practice.year)] if practice.year else [],
    }
