"""Entry vectors for a build or a save: taken over from the index where an entry's text is
unchanged (by digest), else encoded (semantic.py), so the encoder sees only what is new."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from app.content.model import Practice
from app.content.vocabulary import Vocabulary
from app.search import semantic, store
from app.search.schema import VECTOR_FIELD
from app.search.whoosh_io import column_values

Known = dict[bytes, bytes]
"""digest of the encoded text → the vector column value (semantic.pack)."""


def in_reader(reader: Any) -> Known:
    """The vectors a reader (an index version or one segment) holds, by digest."""
    return semantic.known_values(column_values(reader, VECTOR_FIELD))


def in_generation(index_dir: Path) -> Known:
    """The vectors of the current generation, for a build to take over."""
    generation = store.current_generation(index_dir)
    if generation is None:
        return {}
    try:
        ix = whoosh_index.open_dir(str(generation))
        try:
            with ix.reader() as reader:
                return in_reader(reader)
        finally:
            ix.close()
    except Exception:  # noqa: BLE001 - an unreadable old index only means encoding everything anew
        return {}


def of_entry(searcher: Any, slug: str) -> Known:
    """The vector the index holds for ``slug`` (a save takes it over if title and summary stay)."""
    docnum = searcher.document_number(slug=slug)
    reader = searcher.reader()
    if docnum is None or not reader.has_column(VECTOR_FIELD):
        return {}
    return semantic.known_values([reader.column_reader(VECTOR_FIELD)[docnum]])


def for_entries(practices: list[Practice], vocab: Vocabulary, known: Known) -> list[bytes]:
    """The vector column value of each entry: reused when its text is unchanged, else encoded."""
    texts = [semantic.entry_text(p.title, p.summary, [vocab.label("topic", t, "de") for t in p.topics])
             for p in practices]
    return semantic.vector_values(texts, known)
