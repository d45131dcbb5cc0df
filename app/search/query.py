"""The project's own small query tree: expand.py builds it, a Snapshot matches and ranks it.

Leaves name a field and what to find there (a term, words side by side, a prefix) with a boost;
``AnyOf`` / ``AllOf`` combine them. Nothing here knows Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypeAlias


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """The words side by side, in this order."""

    field: str
    words: tuple[str, ...]
    boost: float = 1.0


@dataclass(frozen=True)
class Prefix:
    """Any term starting with ``text``."""

    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    subs: tuple[Query, ...]


@dataclass(frozen=True)
class AllOf:
    subs: tuple[Query, ...]


Query: TypeAlias = Term | Phrase | Prefix | AnyOf | AllOf


def reweighted(query: Query, weight: float) -> Query:
    """``query`` with every leaf's boost multiplied by ``weight``."""
    if isinstance(query, AnyOf | AllOf):
        return replace(query, subs=tuple(reweighted(sub, weight) for sub in query.subs))
    return replace(query, boost=query.boost * weight)


def leaves(query: Query) -> list[Term | Phrase | Prefix]:
    if isinstance(query, AnyOf | AllOf):
        return [leaf for sub in query.subs for leaf in leaves(sub)]
    return [query]
