"""The index schema and how a Practice becomes an index document.

German entries fill the ``*`` text fields (German analysis), English entries the ``*_en`` fields
(English analysis); a query searches both. Facet fields hold vocabulary ids.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, ClassVar

from whoosh.codec.whoosh3 import W3Codec
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions as WhooshPositions

from app.content.model import Practice
from app.content.text import plain_text
from app.content.vocabulary import Vocabulary
from app.search.analysis import ENGLISH, GERMAN, WORD_PATTERN, StemmingTokenizer, fold

# query-side weights: title > summary > topic labels > place and actors > body
FIELD_BOOSTS = {"title": 4.0, "summary": 2.5, "topics_text": 1.8, "meta_text": 1.3, "body": 1.0}
GERMAN_FIELDS = tuple(FIELD_BOOSTS)
ENGLISH_FIELDS = tuple(f"{name}_en" for name in FIELD_BOOSTS)

# facet name (API parameter) -> index field
FACET_FIELDS = {"level": "levels", "topic": "topics", "country": "country", "region": "region",
                "municipality_type": "municipality_type", "kind": "kind", "evidence": "evidence",
                "outcome": "outcome", "year": "year"}
HIGHLIGHT_CHARS = 3000
_LEADING = re.compile(r"^[\W_]+")
VECTOR_FIELD = "vector"


class Codec(W3Codec):
    """Whoosh's codec without compressing blocks (larger, cheaper to read) and without per-block length
    statistics: they serve only Whoosh's own scorer (ranking is Snapshot.rank's), and collecting them read
    every posting's field length back from disk (13 % of a build)."""

    length_stats = False

    def __init__(self) -> None:
        super().__init__(compression=0)


class Positions(WhooshPositions):
    """Whoosh's Positions format, fed from StemmingTokenizer.positions without a token object per word
    (those were a third of a build); the output is the same (tests/core/test_analysis.py)."""

    _single: ClassVar[dict[int, bytes]] = {}  # one-position lists encoded, by position: most terms occur once

    def encode(self, poslist: list[int]) -> bytes:
        if len(poslist) != 1:
            return super().encode(poslist)  # type: ignore[no-any-return]
        encoded = self._single.get(poslist[0])
        if encoded is None:
            encoded = self._single[poslist[0]] = super().encode(poslist)
        return encoded

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        if not isinstance(analyzer, StemmingTokenizer) or not isinstance(value, str) or set(kwargs) - {"mode"}:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, positions in analyzer.positions(value).items():
            yield term, len(positions), float(len(positions)) * boost, self.encode(positions)


def _text_field(analyzer: StemmingTokenizer) -> TEXT:
    field = TEXT(analyzer=analyzer, phrase=True)
    field.format = Positions(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    keyword = {"stored": False, "commas": True, "scorable": False, "lowercase": False}
    fields: dict[str, Any] = {
        "slug": ID(unique=True, stored=True),
        "record": STORED(),
        "text": STORED(),
        "file": STORED(),
        "year_sort": NUMERIC(int, bits=32, sortable=True, signed=False),
        "title_sort": ID(sortable=True),
        VECTOR_FIELD: COLUMN(VarBytesColumn()),  # semantic.py: digest + vector of title and summary
    }
    for name in GERMAN_FIELDS:
        fields[name] = _text_field(GERMAN)
    for name in ENGLISH_FIELDS:
        fields[name] = _text_field(ENGLISH)
    for field in FACET_FIELDS.values():
        fields[field] = KEYWORD(**keyword)
    # free text as one term: a region such as "Europe (Council of Europe, beyond the EU)" kept whole
    fields["region"] = ID()
    fields["reviewed_sort"] = NUMERIC(int, bits=32, sortable=True, signed=False)  # YYYYMMDD
    fields["based_on"] = KEYWORD(**keyword)  # a recommendation's basis: which ones an entry supports
    return Schema(**fields)


def title_key(title: str) -> str:
    """What titles sort by: folded, without leading quotes or brackets („Integration …" under I)."""
    return _LEADING.sub("", fold(title))


def _start(body: str) -> str:
    """The first HIGHLIGHT_CHARS of a body's text for highlights, ending at a whole word."""
    if len(body) <= HIGHLIGHT_CHARS:
        return body
    cut = body.rfind(" ", 0, HIGHLIGHT_CHARS + 1)
    return body[:cut if cut > HIGHLIGHT_CHARS // 2 else HIGHLIGHT_CHARS]


def stored_words(stored: dict[str, Any]) -> set[str]:
    """The words an entry adds to spelling suggestions and completion (manifest.SpellingWords), from its
    index document or its stored fields: title, summary, the body's first HIGHLIGHT_CHARS."""
    record = json.loads(stored["record"])
    texts = (record["title"], record["summary"], stored.get("text", ""))
    return {word.lower() for text in texts for word in WORD_PATTERN.findall(text)}


def document(practice: Practice, vocab: Vocabulary, file_state: dict[str, Any], vector: bytes = b"") -> dict[str, Any]:
    """The index document of one published entry (``vector``: its column value, semantic.py)."""
    body = plain_text(practice.body)
    english = practice.language == "en"
    suffix = "_en" if english else ""
    labels = [vocab.label(facet, value, language)
              for facet, value in (("country", practice.country), ("kind", practice.kind),
                                   ("municipality_type", practice.municipality_type))
              if value for language in ("de", "en")]
    meta = " ".join(filter(None, [practice.place, practice.region, *practice.actors, *labels]))
    doc: dict[str, Any] = {
        "slug": practice.slug,
        "record": json.dumps(practice.to_json(), ensure_ascii=False),  # what a result, feed or export shows
        "text": _start(body),
        "file": json.dumps(file_state),
        "title_sort": title_key(practice.title),
        f"title{suffix}": practice.title,
        f"summary{suffix}": practice.summary,
        f"meta_text{suffix}": meta,
        f"body{suffix}": body,
        "topics_text": " ".join(vocab.label("topic", t, "de") for t in practice.topics),
        "topics_text_en": " ".join(vocab.label("topic", t, "en") for t in practice.topics),
    }
    if vector:
        doc[VECTOR_FIELD] = vector
    if practice.year is not None:
        doc["year_sort"] = practice.year
        doc["year"] = str(practice.year)
    keywords = {"levels": practice.levels, "topics": practice.topics, "country": [practice.country],
                "municipality_type": [practice.municipality_type], "kind": [practice.kind],
                "evidence": [practice.evidence], "outcome": [practice.outcome], "based_on": practice.based_on}
    for field, values in keywords.items():
        present = [value.replace(",", " ") for value in values if value]
        if present:
            doc[field] = ",".join(present)
    if practice.region:
        doc["region"] = practice.region
    if practice.reviewed is not None:
        doc["reviewed_sort"] = int(practice.reviewed.strftime("%Y%m%d"))
    return doc


def file_state(path: os.PathLike[str] | str, revision: str) -> dict[str, Any]:
    """What `index update` compares to tell whether a file changed since it was indexed."""
    stat = os.stat(path)
    return {"path": os.fspath(path), "mtime_ns": stat.st_mtime_ns, "size": stat.st_size,
            "revision": revision}
