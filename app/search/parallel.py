"""A full build in several processes, each writing its own segment of the new index.

Forked children (or, with one process, this one) each index a contiguous share of the entry files into
a segment; the parent commits them in order, so document numbers follow the files. (Whoosh's MpWriter
pickles every document to its workers and ran at the speed of one process on two cores.)
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
"""(low, high) → for each item ``low … high-1``: its index document (None: left out), its spelling
words, and what the parent is to get back for it (such as the problems in its file)."""
Share = tuple[Any, Counter[str], list[Any]]  # its segment (None if empty), spelling words, what was handed back


def write_segments(ix: Any, count: int, documents: Documents, procs: int, writer_options: dict[str, Any],
                   progress: Progress | None = None) -> tuple[list[Any], Counter[str], list[Any]]:
    """Index items ``0 … count-1`` into up to ``procs`` new segments; returns the segments in order, in
    how many documents each spelling word occurs, and what ``documents`` handed back, in order."""

    def advance(done: int) -> None:
        if progress:
            progress(done, count)

    if procs == 1:
        shares = [_write_share(ix, 0, count, documents, writer_options, advance)]
    else:
        shares = _write_in_children(ix, count, documents, procs, writer_options, advance)
    words: Counter[str] = Counter()
    for _, share_words, _ in shares:
        words.update(share_words)
    return ([segment for segment, _, _ in shares if segment is not None], words,
            [extra for _, _, extras in shares for extra in extras])


def _write_in_children(ix: Any, count: int, documents: Documents, procs: int, options: dict[str, Any],
                       advance: Callable[[int], None]) -> list[Share]:
    """The shares written by forked children, in order; a child's failure is raised here."""
    context = multiprocessing.get_context("fork")  # the children share the vocabulary and settings
    done = context.Array("i", procs)  # items done, per share
    results = context.Queue()
    bounds = [(count * n // procs, count * (n + 1) // procs) for n in range(procs)]
    children = [context.Process(target=_child, daemon=True,
                                args=(ix, n, low, high, documents, options, done, results))
                for n, (low, high) in enumerate(bounds) if high > low]
    for child in children:
        child.start()
    shares: dict[int, Share] = {}
    try:
        while len(shares) < len(children):
            advance(sum(done))
            try:
                low, share, problem = results.get(timeout=0.2)
            except queue.Empty:  # look at the children again
                if any(child.exitcode not in (None, 0) for child in children):
                    raise RuntimeError("an indexing process died without a report") from None
                continue
            if problem is not None:
                raise RuntimeError(f"indexing entries {low + 1}…: {problem}")
            shares[low] = share
    finally:
        for child in children:
            child.join(timeout=0 if child.exitcode is not None else 5)
            if child.is_alive():
                child.kill()
                child.join()
    advance(count)
    return [shares[low] for low in sorted(shares)]


def _child(ix: Any, n: int, low: int, high: int, documents: Documents, options: dict[str, Any], done: Any,
           results: Any) -> None:
    """A forked process's share, reported to the parent (which raises what went wrong)."""

    def advance(items: int) -> None:
        done[n] = items

    try:
        results.put((low, _write_share(ix, low, high, documents, options, advance), None))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        results.put((low, None, traceback.format_exc(limit=5)))


def _write_share(ix: Any, low: int, high: int, documents: Documents, options: dict[str, Any],
                 advance: Callable[[int], None]) -> Share:
    """Write items ``low … high-1`` into a new segment; ``advance`` is told how many are done, about
    five times a second."""
    writer = SegmentWriter(ix, _lk=False, **options)
    words: Counter[str] = Counter()
    extras = []
    last = time.monotonic()
    for doc, doc_words, extra in documents(low, high):
        extras.append(extra)
        if doc is not None:
            writer.add_document(**doc)
            words.update(doc_words)
        if time.monotonic() - last > 0.2:
            advance(len(extras))
            last = time.monotonic()
    advance(len(extras))
    return finish_segment(writer), words, extras  # Whoosh's commit removes the files of an unused segment
