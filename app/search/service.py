"""The one search service that pages, the API, exports and the CLI all call: ``SearchIndex``."""

from __future__ import annotations

import functools
import logging
import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import numpy as np

from app import settings
from app.content.vocabulary import Vocabulary, cached_vocabulary
from app.search import matching, semantic
from app.search.analysis import warm_stems
from app.search.docarrays import Mask
from app.search.expand import MatchTerms, Understood, understand
from app.search.facets import FacetCount, facet_list, narrow
from app.search.hits import Reason, highlight, reasons
from app.search.pool import SearcherPool
from app.search.schema import FACET_FIELDS
from app.search.snapshot import Snapshot
from app.search.synonyms import SynonymTable
from app.search.syntax import ParsedQuery, is_function_word, parse, warm_word_lists

T = TypeVar("T")
log = logging.getLogger(__name__)
SORTS = ("relevance", "year", "title", "reviewed")
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
WARM_STEMS = 100_000
"""The entries' most common words stemmed when a worker starts (analysis.warm_stems)."""
HIT_FIELDS = ("slug", "title", "summary", "kind", "levels", "topics", "country", "region", "year", "evidence",
              "outcome", "phase", "reviewed")
"""The fields of an entry's record a hit shows in the API, in this order."""


@dataclass
class SearchRequest:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    """facet name (level, topic, country, region, municipality_type, kind, evidence, outcome, year) → values."""
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    language: str = "de"

    def selected(self) -> dict[str, list[str]]:
        return {facet: list(dict.fromkeys(self.filters.get(facet, []))) for facet in FACET_FIELDS
                if self.filters.get(facet)}


@dataclass
class Hit:
    record: dict[str, Any]
    score: float
    highlights: str
    reason: Reason | None = None
    """Why it matched (None when browsing without a query)."""

    def to_json(self) -> dict[str, Any]:
        return {
            **{name: self.record.get(name) for name in HIT_FIELDS},
            "language": self.record.get("language", "de"), "url": f"/practices/{self.record['slug']}",
            "score": round(self.score, 4), "highlights": self.highlights,
            "match": self.reason.to_json() if self.reason is not None else None,
        }


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    suggestion: str | None = None
    partial: bool = False
    """No entry matched every word: these hits match some of them (or their meaning)."""
    corrected: bool = False
    """Misspelt words were read as the entries' words: the hits are those for ``suggestion``."""
    missing: list[str] = field(default_factory=list)
    """Real words of the query that no entry mentions (never replaced by another word)."""

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query, "total": self.total, "page": self.page, "per_page": self.per_page,
            "results": [hit.to_json() for hit in self.hits],
            "facets": {name: [c.to_json() for c in counts] for name, counts in self.facets.items()},
            "suggestion": self.suggestion, "partial": self.partial, "corrected": self.corrected,
            "missing": self.missing,
        }


def _retried(method: Callable[..., T]) -> Callable[..., T]:
    """Run ``method`` once more on a fresh index version if the open one fails under it: a commit in
    another process may have merged away segment files this version had not opened yet."""

    @functools.wraps(method)
    def retried(self: SearchIndex, *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except Exception:  # noqa: BLE001 - any failure of the old version; a second one propagates
            log.warning("%s failed on the open index version; retrying on a fresh one", method.__name__,
                        exc_info=True)
            self.pool.discard()
            return method(self, *args, **kwargs)

    return retried


class SearchIndex:
    """Search over one content folder and its index folder, keeping the index open (one version per
    thread): one per app, command or test, closed by its owner (or when it is collected)."""

    def __init__(self, content_dir: Path, index_dir: Path, *,
                 max_query_length: int = settings.declared_int("MAX_QUERY_LENGTH")) -> None:
        self.content_dir = Path(content_dir)
        self.index_dir = Path(index_dir)
        self.max_query_length = max_query_length
        """Longest query accepted, in characters (request.py refuses longer ones; the OpenAPI document says it)."""
        self.pool = SearcherPool(self.content_dir, self.index_dir)
        weakref.finalize(self, self.pool.close)
        self._synonyms: tuple[Vocabulary, SynonymTable] | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        return cached_vocabulary(self.content_dir)

    def synonyms(self) -> SynonymTable:
        """The synonym table of the current vocabulary, built once per vocabulary (it costs about 10 ms)."""
        vocab = self.vocabulary
        if self._synonyms is None or self._synonyms[0] is not vocab:
            self._synonyms = (vocab, SynonymTable.from_vocabulary(vocab))
        return self._synonyms[1]

    def close(self) -> None:
        """Close the open index versions; a later search opens the index again."""
        self.pool.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    @_retried
    def warm(self) -> None:
        """Read what every search needs (the snapshot's arrays, stems, encoder, word lists) before the first."""
        snapshot = self.pool.snapshot()
        snapshot.warm()
        warm_stems(snapshot.spelling.most_common(WARM_STEMS))
        _ = semantic.ENCODER.available  # loads it
        warm_word_lists()

    @_retried
    def next_version(self) -> bool:
        """Move to the index version a save made since the last call, and warm it (True); else nothing."""
        snapshot = self.pool.next_version()
        if snapshot is not None:
            snapshot.warm()
        return snapshot is not None

    @_retried
    def search(self, request: SearchRequest) -> SearchResult:
        """Any query string gives a result, never an exception: understand the question, match it (words,
        then meaning), rank and fuse, count facets, show hits."""
        snapshot = self.pool.snapshot()
        page = min(max(1, request.page), MAX_PAGE)
        per_page = min(max(1, request.per_page), MAX_PER_PAGE)
        parsed, understood, allowed, evaluation = self._match(snapshot, request)
        # prefixes and "phrases" ask for exact wording: no entries by meaning there
        worded = evaluation is not None and not any(i.prefix or i.quoted for c in parsed.clauses for i in c)
        similarity = matching.similarities(snapshot, understood.text) if worded else None
        meaning = matching.by_meaning(similarity, allowed)
        base = (evaluation.found & allowed if evaluation is not None else allowed) | meaning
        selected = request.selected()
        filters = snapshot.selection(selected)
        final = narrow(base, filters)
        facets = facet_list(snapshot.facet_counts(base, filters), selected, self.vocabulary, request.language)
        first, wanted = (page - 1) * per_page, page * per_page
        if evaluation is not None and request.sort == "relevance":
            lexical = matching.lexical_order(snapshot, understood, evaluation,
                                             np.flatnonzero(final & evaluation.found), wanted)
            order, scores = matching.fuse(lexical, similarity, final, snapshot.linked)
            ranked = [(int(d), float(scores[d])) for d in order[first:wanted]]
        else:
            ranked = [(d, 0.0) for d in snapshot.ordered(np.flatnonzero(final), request.sort, wanted)[first:]]
        hits = self._hits(snapshot, ranked, understood, evaluation, meaning)
        partial = evaluation is not None and (bool(understood.missing) or not (evaluation.complete & final).any())
        return SearchResult(request.q, int(np.count_nonzero(final)), page, per_page, hits, facets,
                            understood.suggestion(request.q), partial and bool(hits),
                            bool(understood.corrections), understood.missing)

    @_retried
    def search_all(self, request: SearchRequest) -> list[dict[str, Any]]:
        """Every entry matching every word of the query, in word order: exports stay strict, no entries
        that match only some words or only the meaning."""
        snapshot = self.pool.snapshot()
        _, understood, allowed, evaluation = self._match(snapshot, request, strict=True)
        docs = np.flatnonzero(narrow(evaluation.found & allowed if evaluation else allowed,
                                     snapshot.selection(request.selected())))
        if evaluation is not None and request.sort == "relevance":
            ranked = matching.lexical_order(snapshot, understood, evaluation, docs, len(docs)).tolist()
        else:
            ranked = snapshot.ordered(docs, request.sort, len(docs))
        return [snapshot.record(docnum) for docnum in ranked]

    def _match(self, snapshot: Snapshot, request: SearchRequest, strict: bool = False
               ) -> tuple[ParsedQuery, Understood, Mask, matching.Evaluation | None]:
        """The query understood; the live documents it may find (in the year range, without the excluded
        words); how each matches its words (None without words: browsing)."""
        parsed = parse(request.q, self.max_query_length)
        understood = understand(parsed, snapshot, self.synonyms())
        allowed = snapshot.live_mask.copy()
        if request.year_from is not None or request.year_to is not None:
            allowed &= snapshot.years(request.year_from if request.year_from is not None else -math.inf,
                                      request.year_to if request.year_to is not None else math.inf)
        if understood.excluded is not None:
            allowed &= ~snapshot.match(understood.excluded)
        evaluation = matching.evaluate(snapshot, understood, strict) if parsed.clauses else None
        return parsed, understood, allowed, evaluation

    def _hits(self, snapshot: Snapshot, ranked: list[tuple[int, float]], understood: Understood,
              evaluation: matching.Evaluation | None, meaning: Mask) -> list[Hit]:
        found = understood.terms() if evaluation is not None else MatchTerms()
        hits = []
        for docnum, score in ranked:
            record = snapshot.record(docnum)
            language = record.get("language", "de")
            text = f"{record['summary']} {snapshot.stored(docnum).get('text', '')}"
            analysed = snapshot.words(docnum, text, language)
            marked = highlight(text, analysed, record["title"], language, found)
            reason = None if evaluation is None else reasons(understood, docnum, bool(meaning[docnum]), text,
                                                             analysed, record["title"], language)
            hits.append(Hit(record, score, marked, reason))
        return hits

    def health(self) -> dict[str, Any]:
        """What the health check reports of search: entries, and whether meaning-based search is on."""
        return {"entries": self.count(), **semantic.ENCODER.status()}

    @_retried
    def records(self, slugs: list[str]) -> list[dict[str, Any]]:
        """The stored records of these published entries, in the given order; unknown ones skipped."""
        snapshot = self.pool.snapshot()
        return [snapshot.record(docs[0]) for slug in slugs if (docs := snapshot.live_docs("slug", slug))]

    @_retried
    def supported(self, slug: str) -> list[dict[str, Any]]:
        """The published recommendations whose `based_on` names this entry, by title."""
        snapshot = self.pool.snapshot()
        return sorted(map(snapshot.record, snapshot.live_docs("based_on", slug)), key=lambda r: r["title"].casefold())

    @_retried
    def more_like_this(self, slug: str, limit: int = 5) -> list[dict[str, Any]]:
        """Entries whose wording is closest to this one's (not counting itself)."""
        snapshot = self.pool.snapshot()
        docs = snapshot.live_docs("slug", slug)
        return [snapshot.record(d) for d in matching.similar(snapshot, docs[0], limit)] if docs else []

    @_retried
    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        """Completions of the last word typed, most frequent first, without function words (war, the):
        nobody searches for them, and they would crowd out the words that find something."""
        head, _, last = prefix.rpartition(" ")
        typed = last.strip().lower()
        if len(typed) < 2:
            return []
        found = self.pool.snapshot().spelling.completions(typed, limit * 3)
        return [f"{head} {w}".strip() for w in found if not is_function_word(w)][:limit]

    @_retried
    def facet_values(self, facet: str) -> list[str]:
        """Every value the published entries carry for one facet."""
        return self.pool.snapshot().facet_values(facet)

    @_retried
    def count(self) -> int:
        return int(np.count_nonzero(self.pool.snapshot().live_mask))

