"""Which entries a question finds, in what order: soft matching fused with meaning.

An entry's *coverage* is the summed weight of the query's concepts it matches in any way (expand.py);
entries with at least FOUND_SHARE of it are found, ranked by coverage, then BM25F. The entries closest to
the query's sentence vector join them („ähnliche Bedeutung"). Both rankings are fused by reciprocal rank
fusion (Cormack et al. 2009), then the entries the best hits link to move up a little. What each choice
measured on the relevance set: README, Relevance.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from app.search.analysis import words
from app.search.docarrays import DocArray, Mask, empty_mask
from app.search.expand import Understood
from app.search.query import AnyOf, Term
from app.search.schema import ENGLISH_FIELDS, FIELD_BOOSTS, GERMAN_FIELDS
from app.search.semantic import query_vector
from app.search.snapshot import Snapshot

RRF_K = 60
"""Each ranked list adds ``1 / (RRF_K + rank)`` to an entry's fused score."""
SEMANTIC_HITS = 10
"""Entries found by meaning alone, at most (the closest ones)."""
SEMANTIC_RANKS = 50
"""Meaning ranks that count in the fusion."""
MIN_SIMILARITY = 0.25
"""Cosine similarity of query and entry vectors below which meaning alone finds nothing."""
LINKED_FROM = 5
"""The best hits whose editors' links (``related``, ``based_on``) lift the entries they name."""
LINK_WEIGHT = 0.05
"""A link from the hit at rank r adds ``LINK_WEIGHT / (RRF_K + 1 + r)``: a twentieth of what a rank adds,
so it orders entries the fusion found close, never a weak one above a strong one."""
KEY_TERMS = 12
"""The words of an entry that look for similar entries (``similar``)."""
FOUND_SHARE = 0.5
"""The share of the concepts' weight an entry must match to be found."""


@dataclass
class Evaluation:
    """How every document matches the understood query."""

    coverage: npt.NDArray[np.float64]
    found: Mask
    """Documents matching at least FOUND_SHARE of the concepts' weight (or all, when strict)."""
    complete: Mask
    """Documents matching every concept."""


def evaluate(snapshot: Snapshot, understood: Understood, strict: bool = False) -> Evaluation:
    size = snapshot.count
    total = understood.weight
    coverage = np.zeros(size, dtype=np.float64)
    for concept in understood.concepts:
        any_match = empty_mask(size)
        for alternative in concept.alternatives:
            any_match |= alternative.matches(snapshot)  # kept on the alternative: hits.reasons reads it
        coverage += concept.weight * any_match
    complete = (coverage >= total - 1e-9) & (coverage > 0)
    found = complete if strict else (coverage >= total * FOUND_SHARE - 1e-9) & (coverage > 0)
    return Evaluation(coverage, found, complete)


def lexical_order(snapshot: Snapshot, understood: Understood, evaluation: Evaluation, docs: DocArray,
                  wanted: int) -> DocArray:
    """``docs`` by coverage, then BM25F (exact for the first ``wanted`` or more), in which the kinds
    of match weigh literal 1 > derived 0.8 > compound 0.5 > synonym 0.4."""
    query = understood.query()
    if query is None or not len(docs):
        return docs
    return snapshot.rank(query, docs, wanted, first=evaluation.coverage)


def similarities(snapshot: Snapshot, text: str) -> npt.NDArray[np.float32] | None:
    """Cosine similarity of the query's words with every document (vectors are unit length or zero)."""
    vector = query_vector(text)
    if vector is None or not len(snapshot.vectors):
        return None
    return snapshot.vectors @ vector


def closest(similarity: npt.NDArray[np.float32], allowed: Mask, count: int) -> DocArray:
    """The ``count`` allowed documents most similar to the query, closest first."""
    docs = np.flatnonzero(allowed)
    if len(docs) > count:
        docs = docs[np.argpartition(-similarity[docs], count - 1)[:count]]
    return docs[np.lexsort((docs, -similarity[docs]))]


def by_meaning(similarity: npt.NDArray[np.float32] | None, allowed: Mask) -> Mask:
    """The documents meaning alone finds: the closest few above MIN_SIMILARITY."""
    found = empty_mask(allowed.size)
    if similarity is not None:
        near = closest(similarity, allowed, SEMANTIC_HITS)
        found[near[similarity[near] >= MIN_SIMILARITY]] = True
    return found


def fuse(lexical: DocArray, similarity: npt.NDArray[np.float32] | None, final: Mask,
         linked: Callable[[int], DocArray]) -> tuple[DocArray, npt.NDArray[np.float64]]:
    """The documents of ``final`` in fused order with their scores: the word ranking and the SEMANTIC_RANKS
    closest in meaning; then the entries that the best LINKED_FROM hits link to move up a little."""
    size = final.size
    score = np.zeros(size, dtype=np.float64)
    lexical_rank = np.full(size, size, dtype=np.intp)
    lexical_rank[lexical] = np.arange(len(lexical))
    by_sense = closest(similarity, final, SEMANTIC_RANKS) if similarity is not None else lexical[:0]
    for ranking in (lexical, by_sense):
        score[ranking] += 1.0 / (RRF_K + 1 + np.arange(len(ranking)))
    docs = np.flatnonzero(final)
    order = docs[np.lexsort((docs, lexical_rank[docs], -score[docs]))]
    for rank, docnum in enumerate(order[:LINKED_FROM].tolist()):
        targets = linked(docnum)
        score[targets[final[targets]]] += LINK_WEIGHT / (RRF_K + 1 + rank)
    return docs[np.lexsort((docs, lexical_rank[docs], -score[docs]))], score


def similar(snapshot: Snapshot, docnum: int, limit: int) -> list[int]:
    """The entries whose wording is closest to one entry's, never itself: its KEY_TERMS most telling
    words (frequency in it x idf) ranked by BM25F over every text field, as a search ranks."""
    stored, record = snapshot.stored(docnum), snapshot.record(docnum)
    english = record.get("language") == "en"
    text = f"{record['title']} {record['summary']} {stored.get('text', '')}"
    counts = Counter(term for term in words(text, "en" if english else "de").terms if term)
    body = "body_en" if english else "body"
    weights = {term: count * snapshot.idf(len(snapshot.term_docs(body, term))) for term, count in counts.items()
               if len(snapshot.term_docs(body, term)) > 1}
    if not weights:
        return []
    keys = sorted(weights, key=lambda term: (-weights[term], term))[:KEY_TERMS]
    top = weights[keys[0]]
    query = AnyOf(tuple(Term(name, term, FIELD_BOOSTS[name.removesuffix("_en")] * weights[term] / top)
                        for name in (ENGLISH_FIELDS if english else GERMAN_FIELDS) for term in keys))
    allowed = snapshot.match(query)
    allowed[docnum] = False
    return snapshot.rank(query, np.flatnonzero(allowed), limit)[:limit].tolist()
