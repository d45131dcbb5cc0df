"""A full build in several processes, each writing its own segment of the new index.

Forked children (or, with one process, this one) each take a contiguous share of the entry files,
read them, make their index documents and write a segment; the parent waits and commits one table
of contents listing the segments in order, so document numbers follow the files. (Whoosh's
MpWriter pickles every document to its workers and ran at the speed of one process on two cores.)
"""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from whoosh.writing import SegmentWriter

from app.search.whoosh_io import finish_segment

Progress = Callable[[int, int], None]
Documents = Callable[[int, int], Iterator[tuple[dict[str, Any] | None, set[str], Any]]]
"""(low, high) → for each item ``low … high-1``: its index document or None to leave it out, its
spelling words, and anything the parent is to get back for it (such as the problems in its file)."""


def write_segments(ix: Any, count: int, documents: Documents, procs: int, writer_options: dict[str, Any],
                   progress: Progress | None = None) -> tuple[list[Any], Counter[str], list[Any]]:
    """Index items ``0 … count-1`` (made by ``documents``, a share at a time) into ``procs`` new
    segments; with one process, in this one (no fork).

    Returns the segments in order, in how many documents each spelling word occurs, and what
    ``documents`` handed back for each item, in order."""
    if procs == 1:
        done = [0]

        def advance(pending: int) -> None:
            done[0] += pending
            if progress:
                progress(done[0], count)

        segment, words, extras = _write_share(ix, 0, count, documents, writer_options, advance)
        return [segment] if segment is not None else [], words, extras
    context = multiprocessing.get_context("fork")  # the children share the vocabulary and settings
    shared = context.Value("i", 0)
    results = context.Queue()
    shares = [(count * n // procs, count * (n + 1) // procs) for n in range(procs)]
    children = [context.Process(target=_child, daemon=True,
                                args=(ix, low, high, documents, writer_options, shared, results))
                for low, high in shares if high > low]
    for child in children:
        child.start()
    outcomes: dict[int, Any] = {}
    handed: dict[int, list[Any]] = {}
    counts: Counter[str] = Counter()
    try:
        while len(outcomes) < len(children):
            if progress:
                progress(shared.value, count)
            try:
                low, segment, words, extras, problem = results.get(timeout=0.2)
            except queue.Empty:  # look at the children again
                if any(child.exitcode not in (None, 0) for child in children):
                    raise RuntimeError("an indexing process died without a report") from None
                continue
            if problem is not None:
                raise RuntimeError(f"indexing entries {low + 1}…: {problem}")
            outcomes[low] = segment  # None: nothing in this share was published
            handed[low] = extras
            counts.update(words)
    finally:
        for child in children:
            child.join(timeout=0 if child.exitcode is not None else 5)
            if child.is_alive():
                child.kill()
                child.join()
    if progress:
        progress(count, count)
    return ([outcomes[low] for low in sorted(outcomes) if outcomes[low] is not None], counts,
            [extra for low in sorted(handed) for extra in handed[low]])


def _child(ix: Any, low: int, high: int, documents: Documents, options: dict[str, Any], done: Any,
           results: Any) -> None:
    """A forked process's share, reported to the parent (which raises what went wrong)."""

    def advance(pending: int) -> None:
        with done.get_lock():
            done.value += pending

    try:
        results.put((low, *_write_share(ix, low, high, documents, options, advance), None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        results.put((low, None, None, None, traceback.format_exc(limit=5)))


def _write_share(ix: Any, low: int, high: int, documents: Documents, options: dict[str, Any],
                 advance: Callable[[int], None]) -> tuple[Any, Counter[str], list[Any]]:
    """Write items ``low … high-1`` into a new segment (None if none was published); ``advance`` is
    told how many more items are done, about five times a second."""
    writer = SegmentWriter(ix, _lk=False, **options)
    words: Counter[str] = Counter()
    extras = []
    last = time.monotonic()
    pending = 0
    for doc, doc_words, extra in documents(low, high):
        extras.append(extra)
        if doc is not None:
            writer.add_document(**doc)
            words.update(doc_words)
        pending += 1
        if time.monotonic() - last > 0.2:
            advance(pending)
            pending, last = 0, time.monotonic()
    advance(pending)
    return finish_segment(writer), words, extras  # the build sweeps the files of an unused segment
