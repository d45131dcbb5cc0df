"""The save journal: an editor's save is finished in full, even when its process dies part-way.

A save is recorded (the new bytes, the revision it replaces, author and message) in the state
database before the file is touched, and the record is removed once file, git commit and index
all agree. Whatever finds a record left behind — the next save, a server or worker starting, `index
update`, `sync` — finishes it: writes the file if it still holds the old revision, commits it under
the editor who saved it, and updates the entry's index document (issue 16: a worker killed between
`git add` and `git commit` left the file only staged, and the next save of that entry committed both
edits under the later editor's name; killed after the commit, the index kept the old entry).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app.content.files import atomic_delete, atomic_write, file_lock, revision_of
from app.editor import gitrepo
from app.editor.statedb import connect, database_path, transaction


@contextmanager
def write_lock(state_dir: Path) -> Iterator[None]:
    """The lock every editor save (and a journal replay) holds, shared by all worker processes."""
    with file_lock(state_dir / ".editor-write.lock"):
        yield


@dataclass(frozen=True)
class JournalEntry:
    """One save in progress: ``data`` None deletes the entry."""

    id: int
    slug: str
    data: bytes | None
    revision_before: str
    author_name: str
    author_email: str
    message: str


@dataclass(frozen=True)
class Notice:
    """Something an editor must learn about a save that went through only in part."""

    message: str
    """In English, for logs and the command line."""
    code: str
    """What happened, for the editor's words (app/editor/messages.py); its values in ``params``."""
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


@dataclass
class Completion:
    commit: str | None = None
    warnings: list[Notice] = field(default_factory=list)


def record(state_dir: Path, slug: str, data: bytes | None, revision_before: str, author_name: str,
           author_email: str, message: str) -> JournalEntry:
    """Write the intention down (durably) before anything else changes."""
    with connect(state_dir) as db, transaction(db):
        cursor = db.execute("INSERT INTO save_journal (slug, data, revision_before, author_name, "
                            "author_email, message, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (slug, data, revision_before, author_name, author_email, message, time.time()))
        entry_id = int(cursor.lastrowid or 0)
    return JournalEntry(entry_id, slug, data, revision_before, author_name, author_email, message)


def pending(state_dir: Path) -> list[JournalEntry]:
    with connect(state_dir) as db:
        rows = db.execute("SELECT id, slug, data, revision_before, author_name, author_email, message "
                          "FROM save_journal ORDER BY id").fetchall()
    return [JournalEntry(row[0], row[1], None if row[2] is None else bytes(row[2]), *row[3:]) for row in rows]


def finish(state_dir: Path, entry: JournalEntry) -> None:
    with connect(state_dir) as db, transaction(db):
        db.execute("DELETE FROM save_journal WHERE id = ?", (entry.id,))


def apply(content_dir: Path, index_dir: Path, entry: JournalEntry) -> Completion:
    """Bring file, git and index in line with one journalled save; safe to run any number of times."""
    done = Completion()
    content_dir = Path(content_dir)
    path = content_dir / f"{entry.slug}.md"
    on_disk = path.read_bytes() if path.exists() else None
    if on_disk != entry.data:
        if (revision_of(on_disk) if on_disk is not None else "") != entry.revision_before:
            # changed by someone else since (a pull, a hand edit): theirs stands, this save is dropped
            done.warnings.append(Notice(f"{path.name}: an unfinished save by {entry.author_name} was dropped; "
                                        "the file changed since", "save_dropped",
                                        {"file": path.name, "name": entry.author_name}))
            return done
        if entry.data is None:
            atomic_delete(path)
        else:
            atomic_write(path, entry.data)
    if gitrepo.is_repository(content_dir):
        try:
            if gitrepo.has_changes(content_dir, path):
                done.commit = gitrepo.commit_file(content_dir, path, entry.message, entry.author_name,
                                                  entry.author_email)
        except gitrepo.GitError as exc:
            done.warnings.append(Notice(f"Saved, but not committed to git: {exc}", "not_committed",
                                        {"detail": str(exc)}))
    try:
        from app.search import update_entries

        update_entries(content_dir, Path(index_dir), [entry.slug])
    except Exception as exc:  # noqa: BLE001 - the file is saved; the editor must learn the index lags
        detail = f"{type(exc).__name__}: {exc}"
        done.warnings.append(Notice(f"Saved, but the search index was not updated ({detail}); run `praxisatlas "
                                    "index update`.", "index_not_updated", {"detail": detail}))
    return done


def replay(content_dir: Path, index_dir: Path, state_dir: Path) -> list[Notice]:
    """Finish every save a dead process left behind, oldest first; their warnings."""
    if not _has_pending(state_dir):
        return []
    with write_lock(Path(state_dir)):
        return replay_locked(content_dir, index_dir, state_dir)


def replay_locked(content_dir: Path, index_dir: Path, state_dir: Path) -> list[Notice]:
    """``replay`` for a caller that already holds the editors' write lock."""
    warnings: list[Notice] = []
    for entry in pending(state_dir):
        warnings += apply(content_dir, index_dir, entry).warnings
        finish(state_dir, entry)
    return warnings


def _has_pending(state_dir: Path) -> bool:
    if not database_path(state_dir).exists():
        return False  # no editor ever saved here (a read replica): nothing to create either
    with connect(state_dir) as db:
        return db.execute("SELECT 1 FROM save_journal LIMIT 1").fetchone() is not None
