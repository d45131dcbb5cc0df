"""Writing entries for the editor: check the revision, write atomically, commit, update the index.

The check and the write happen under one lock shared by all workers, so of two saves from the same
``base_revision`` exactly one wins and the other is told about the conflict. The file is written
before git and the index are touched: when either of those fails the save still stands, and the
failure is reported, never hidden.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.content.files import atomic_delete, atomic_write, revision_of
from app.editor import gitrepo
from app.editor.accounts import Editor


@dataclass
class SaveResult:
    """What happened: ``conflict`` holds the bytes on disk when the save was refused."""

    saved: bool
    conflict: bytes | None = None
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)


@contextmanager
def write_lock(state_dir: Path) -> Iterator[None]:
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / ".editor-write.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def current_revision(path: Path) -> str:
    """The revision of the file on disk; empty when there is no file (a new entry)."""
    data = read_bytes(path)
    return revision_of(data) if data is not None else ""


def save_entry(content_dir: Path, index_dir: Path, state_dir: Path, slug: str, data: bytes | None,
               base_revision: str, editor: Editor, message: str) -> SaveResult:
    """Write (or, with ``data=None``, delete) one entry if nobody changed it since ``base_revision``."""
    path = Path(content_dir) / f"{slug}.md"
    with write_lock(Path(state_dir)):
        on_disk = read_bytes(path)
        if (revision_of(on_disk) if on_disk is not None else "") != base_revision:
            return SaveResult(False, conflict=on_disk if on_disk is not None else b"")
        if data is None:
            atomic_delete(path)
        else:
            atomic_write(path, data)
        result = SaveResult(True)
        if gitrepo.is_repository(Path(content_dir)):
            try:
                result.commit = gitrepo.commit_file(Path(content_dir), path, message, editor.name,
                                                    editor.email)
            except gitrepo.GitError as exc:
                result.warnings.append(f"Saved, but not committed to git: {exc}")
    try:
        from app.search import update_entries

        update_entries(Path(content_dir), Path(index_dir), [slug])
    except Exception as exc:  # noqa: BLE001 - the file is saved; the editor must learn the index lags
        result.warnings.append(f"Saved, but the search index was not updated ({type(exc).__name__}: {exc}); "
                               "run `praxisatlas index update`.")
    return result
