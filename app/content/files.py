"""Reading and writing entry files without ever leaving one half-written."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
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
