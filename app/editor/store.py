"""Writing entries for the editor: check the revision, write atomically, commit, update the index.

The check and the whole save happen under one lock shared by all workers, so of two saves from the
same ``base_revision`` exactly one wins and the other is told about the conflict. The save is
journalled before the file is written, so a process killed part-way leaves a record that the next
save (or start-up, `index update`, `sync`) finishes. When git or the index fails, the saved file
still stands and the failure is reported, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.content.files import revision_of
from app.editor import journal
from app.editor.accounts import Editor

STATUS_WORDS = {"published": "veröffentlicht", "draft": "Entwurf"}


def commit_subject(action: str, slug: str, status: str | None = None, detail: str = "") -> str:
    """The git subject of an editor's save, always in German (the content repository's language).

    ``action`` is ``new``, ``edit``, ``archive`` or ``restore``; the interface language of the editor
    who saved does not change what the repository's history says.
    """
    verb = {"new": "Neu", "edit": "Geändert", "archive": "Archiviert", "restore": "Wiederhergestellt"}[action]
    words = [STATUS_WORDS.get(status or "", status or ""), detail]
    extra = ", ".join(word for word in words if word)
    return f"{verb}: {slug}" + (f" ({extra})" if extra else "")


@dataclass
class SaveResult:
    """What happened: ``conflict`` holds the bytes on disk when the save was refused."""

    saved: bool
    conflict: bytes | None = None
    commit: str | None = None
    warnings: list[journal.Notice] = field(default_factory=list)


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
    """Write (or, with ``data=None``, delete) one entry if nobody changed it since ``base_revision``.

    All or nothing across file, git and index: the save is journalled first, and a save that a
    dead process left unfinished is completed before this one starts (``journal``).
    """
    path = Path(content_dir) / f"{slug}.md"
    with journal.write_lock(Path(state_dir)):
        earlier = journal.replay_locked(content_dir, index_dir, state_dir)
        on_disk = read_bytes(path)
        revision = revision_of(on_disk) if on_disk is not None else ""
        if revision != base_revision:
            return SaveResult(False, conflict=on_disk if on_disk is not None else b"", warnings=earlier)
        entry = journal.record(state_dir, slug, data, revision, editor.name, editor.email, message)
        done = journal.apply(Path(content_dir), Path(index_dir), entry)
        journal.finish(state_dir, entry)
    return SaveResult(True, commit=done.commit, warnings=earlier + done.warnings)
