"""The open snapshots of one index folder, one per thread, each replaced when the index changes.

A Whoosh searcher reads its files through shared handles (seek, then read): two threads sharing one
corrupt each other's reads (measured: zlib errors within seconds while another process commits).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from pathlib import Path

from whoosh import index as whoosh_index

from app.search import store
from app.search.indexer import build, ensure_index
from app.search.snapshot import Snapshot

OPEN_RETRIES = 5
log = logging.getLogger(__name__)


class SearcherPool:
    def __init__(self, content_dir: Path, index_dir: Path) -> None:
        self.content_dir = Path(content_dir)
        self.index_dir = Path(index_dir)
        self._open: dict[int, Snapshot] = {}  # by thread id
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        """This thread's snapshot of the newest index version: swapped generations are reopened,
        commits taken up (Snapshot.next_version); an unreadable index is rebuilt from the files."""
        thread = threading.get_ident()
        with self._lock:
            for attempt in range(OPEN_RETRIES):
                try:
                    self._open[thread] = self._newest(self._open.get(thread))
                    return self._open[thread]
                except (OSError, whoosh_index.EmptyIndexError):
                    # another process's commit or swap removed files between listing and opening them
                    time.sleep(0.02 * (attempt + 1))
                except Exception:  # noqa: BLE001 - an unreadable index of any kind is rebuilt
                    if thread not in self._open:
                        break
                    # taking over the last version failed: open the index afresh before rebuilding it
                    log.exception("could not open the newest version of %s from the last one; opening it afresh",
                                  self.index_dir)
                    self._forget(thread)
            self._forget(thread)
            build(self.content_dir, self.index_dir)
            self._open[thread] = self._newest(None)
            return self._open[thread]

    def _newest(self, current: Snapshot | None) -> Snapshot:
        generation = store.current_generation(self.index_dir)
        if current is not None and generation == current.generation and current.searcher.up_to_date():
            return current
        if generation is None or current is None:
            generation = ensure_index(self.content_dir, self.index_dir)
        ix = whoosh_index.open_dir(str(generation))
        if current is not None and current.generation == generation:
            return current.next_version(ix)
        fresh = Snapshot(generation, ix.searcher())
        if current is not None:
            current.close()
        return fresh

    def next_version(self) -> Snapshot | None:
        """The newest version if it is not the one this thread had open (None when unchanged)."""
        before = self._open.get(threading.get_ident())
        snapshot = self.snapshot()
        return snapshot if snapshot is not before else None

    def discard(self) -> None:
        """Forget this thread's snapshot: the next request opens the index afresh."""
        with self._lock:
            self._forget(threading.get_ident())

    def _forget(self, thread: int) -> None:
        snapshot = self._open.pop(thread, None)
        if snapshot is not None:
            with contextlib.suppress(Exception):  # closing a broken reader may fail too; it is dropped
                snapshot.close()

    def close(self) -> None:
        """Close every thread's snapshot (their files); a later search opens the index again."""
        with self._lock:
            snapshots, self._open = list(self._open.values()), {}
        for snapshot in snapshots:
            snapshot.close()
