"""Where the index lives on disk (README, "Index on disk"): generations ``gen-*`` beside each other, the
``current`` symlink swapped atomically once a build is complete, the writers' lock, stale files.
Incremental updates commit into the current generation through Whoosh's own atomic TOC commits.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.content.files import file_lock

CURRENT = "current"
META = "meta.json"
SCHEMA_VERSION = 8
KEEP_OLD_SECONDS = 120.0


class IndexBusy(Exception):
    """Another process holds the index's write lock for longer than we were willing to wait."""


def current_generation(index_dir: Path) -> Path | None:
    link = Path(index_dir) / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = Path(index_dir) / target
    return path if path.is_dir() else None


def new_generation_dir(index_dir: Path) -> Path:
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    name = f".building-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path = Path(index_dir) / name
    path.mkdir()
    return path


def publish_generation(index_dir: Path, building: Path) -> Path:
    """Rename a finished build to ``gen-*`` and point ``current`` at it in one atomic step."""
    index_dir = Path(index_dir)
    final = index_dir / building.name.replace(".building-", "gen-", 1)
    os.replace(building, final)
    _fsync(index_dir)
    tmp_link = index_dir / f".current-{uuid.uuid4().hex[:8]}"
    os.symlink(final.name, tmp_link)
    os.replace(tmp_link, index_dir / CURRENT)
    _fsync(index_dir)
    return final


def prune(index_dir: Path, keep: Path | None) -> None:
    """Remove temporary links, builds abandoned for an hour and generations other than ``keep`` older
    than KEEP_OLD_SECONDS (a reader may still be using one)."""
    now = time.time()
    for path in Path(index_dir).iterdir():
        try:
            age = now - path.lstat().st_mtime
            if path.name.startswith(".current-"):
                path.unlink()
            elif path != keep and (path.name.startswith("gen-") and age > KEEP_OLD_SECONDS
                                   or path.name.startswith(".building-") and age > 3600):
                shutil.rmtree(path, ignore_errors=True)
        except OSError:  # gone meanwhile
            continue


def sweep_stale_files(generation: Path) -> None:
    """Whoosh leaves ``*.toc.<time>`` temporaries when a writer dies mid-commit; remove them."""
    for path in Path(generation).glob("*.toc.*"):
        if not path.name.endswith(".toc"):
            with contextlib.suppress(OSError):
                path.unlink()


def read_meta(generation: Path) -> dict[str, Any]:
    try:
        return json.loads((Path(generation) / META).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def write_meta(generation: Path, meta: dict[str, Any]) -> None:
    tmp = Path(generation) / f".{META}.tmp"
    tmp.write_text(json.dumps(meta, indent=2), "utf-8")
    os.replace(tmp, Path(generation) / META)


@contextlib.contextmanager
def write_lock(index_dir: Path, timeout: float = 60.0) -> Iterator[None]:
    """Serialise writers (builds, updates, editor saves) across processes."""
    with file_lock(Path(index_dir) / ".lock", timeout,
                   IndexBusy(f"{index_dir}: another process is writing the index")):
        yield


def _fsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
