"""The open index versions of one index folder, one per thread (see snapshot.Snapshot).

A pool belongs to the SearchIndex that made it (and so to one app, one CLI command or one test),
which closes it: there is no registry of pools in the process.
"""

from __future__ import annotations

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
    """The open searchers of one index folder in this process: one per thread.

    A Whoosh searcher reads its files through shared handles (seek, then read), so two threads
    sharing one searcher corrupt each other's reads (measured: zlib errors within seconds while
    another process commits), and closing it for a newer version pulls it from under the other.
    Sync gunicorn workers have one thread; threaded servers get a searcher per thread.
    """

    def __init__(self, content_dir: Path, index_dir: Path) -> None:
        self.content_dir = Path(content_dir)
        self.index_dir = Path(index_dir)
        self._local = threading.local()
        self._open: dict[int, Snapshot] = {}
        self._lock = threading.Lock()

    @property
    def _current(self) -> Snapshot | None:
        return getattr(self._local, "snapshot", None)

    @_current.setter
    def _current(self, snapshot: Snapshot | None) -> None:
        self._local.snapshot = snapshot
        if snapshot is None:
            self._open.pop(threading.get_ident(), None)
        else:
            self._open[threading.get_ident()] = snapshot

    def snapshot(self) -> Snapshot:
        """The newest index version: swapped generations are reopened, commits refreshed."""
        with self._lock:
            for attempt in range(OPEN_RETRIES):
                try:
                    self._current = self._newest()
                    return self._current
                except (OSError, whoosh_index.EmptyIndexError):
                    # a commit or swap in another process can remove files between listing and
                    # opening them: try again on the next version
                    time.sleep(0.02 * (attempt + 1))
                except Exception:  # noqa: BLE001 - an unreadable index of any kind is rebuilt
                    if self._current is None:
                        break
                    # taking over the last version's caches failed: report it and open the index
                    # afresh; only if that fails too is the index unreadable
                    log.exception("could not open the newest version of %s from the last one; opening it afresh",
                                  self.index_dir)
                    self._forget()
            # still unreadable: the index is a cache, so rebuild it from the files
            self._current = None
            build(self.content_dir, self.index_dir)
            self._current = self._newest()
            return self._current

    def _newest(self) -> Snapshot:
        generation = store.current_generation(self.index_dir)
        snapshot = self._current
        if snapshot is not None and generation == snapshot.generation and snapshot.searcher.up_to_date():
            return snapshot
        if generation is None or snapshot is None:
            generation = ensure_index(self.content_dir, self.index_dir)
        ix = whoosh_index.open_dir(str(generation))
        if snapshot is not None and snapshot.generation == generation:
            fresh = snapshot.next_version(ix)
        else:
            fresh = Snapshot(generation, ix.searcher())
            if snapshot is not None:
                snapshot.close()
        return fresh

    def next_version(self) -> Snapshot | None:
        """The newest version if it is not the one this thread had open (None when unchanged): a save's
        version reuses the caches of the segments it shares with the last one (Snapshot.next_version)."""
        before = self._current
        snapshot = self.snapshot()
        return snapshot if snapshot is not before else None

    def discard(self) -> None:
        """Forget this thread's open version: the next request opens the index afresh."""
        with self._lock:
            self._forget()

    def _forget(self) -> None:
        snapshot = self._current
        self._current = None
        if snapshot is not None:
            try:
                snapshot.close()
            except Exception:  # noqa: BLE001 - closing a broken reader may fail too; it is dropped
                pass

    def close(self) -> None:
        """Close every thread's open version (their files); a later search opens the index again."""
        with self._lock:
            snapshots, self._open = list(self._open.values()), {}
            self._local = threading.local()
        for snapshot in snapshots:
            snapshot.close()
