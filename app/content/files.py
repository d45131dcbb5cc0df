"""Reading and writing entry files without ever leaving one half-written."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

MAX_FILE_BYTES = 1024 * 1024


def revision_of(data: bytes) -> str:
    """A short, stable digest of a file's bytes, used to detect concurrent edits."""
    return hashlib.sha256(data).hexdigest()[:16]


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never a mix.

    A temporary file in the same folder is written and fsynced, then renamed over the target; the
    folder is fsynced too so the rename survives a crash. On any error the temporary file is removed
    and the old file stays untouched.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)


@contextlib.contextmanager
def file_lock(path: Path, timeout: float | None = None, busy: Exception | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created with its folder if missing), shared by all processes.

    ``timeout`` None waits as long as it takes; else after ``timeout`` seconds ``busy`` (or a
    TimeoutError) is raised. An flock is released by the kernel when its holder dies, so a killed
    writer never leaves the lock behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise (busy or TimeoutError(f"{path} is locked")) from None
                    time.sleep(0.05)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def atomic_delete(path: Path) -> None:
    Path(path).unlink()
    _fsync_dir(Path(path).parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sweep_temporary_files(folder: Path, older_than: float = 600.0) -> list[Path]:
    """Remove temporary files a killed writer left behind (``.name.*.tmp``).

    Only files older than ``older_than`` seconds: a younger one may belong to a save in progress.
    """
    removed = []
    limit = time.time() - older_than
    for tmp in Path(folder).glob(".*.tmp"):
        try:
            if tmp.stat().st_mtime < limit:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            pass
    return removed
