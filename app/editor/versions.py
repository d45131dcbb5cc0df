"""An entry's versions from git as an editor reads them: fields compared one by one, the body by
paragraph (difflib), and any version restored as a new commit.

Front matter is read with the validator's own YAML loader (every scalar as text, no aliases), so a
version that no longer validates can still be compared; one whose front matter is not readable is
compared as text.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.content.entry import read_loosely
from app.content.fields import FIELDS
from app.editor import gitrepo
from app.editor.form import source_line
from app.editor.messages import field_name

HEADING_RE = re.compile(r"^ {0,3}#{1,6}(\s|$)")
FRONT_MATTER = "_front_matter"
"""The key under which an unreadable front matter is compared as one text."""


@dataclass(frozen=True)
class FieldChange:
    key: str
    old: str
    new: str

    @property
    def label(self) -> str:
        return field_name(self.key) if self.key != FRONT_MATTER else ""


@dataclass(frozen=True)
class ParagraphChange:
    """A paragraph of the body that was added (``ins``) or removed (``del``)."""

    kind: str
    text: str


@dataclass
class Changes:
    fields: list[FieldChange] = field(default_factory=list)
    paragraphs: list[ParagraphChange] = field(default_factory=list)
    unchanged_paragraphs: int = 0


@dataclass
class Version:
    """One commit that touched the entry: what it left, and what changed against the version before."""

    revision: gitrepo.Revision
    content: bytes | None
    changes: Changes
    created: bool
    deleted: bool


def _parts(data: bytes | None) -> tuple[dict[str, Any], list[str]]:
    """(front-matter values as text, body paragraphs) of one version; empty for no file."""
    if data is None:
        return {}, []
    loose = read_loosely(data)
    if loose.text is None:
        return {FRONT_MATTER: data.decode("utf-8", "replace")}, []
    if loose.front is None:
        return {}, paragraphs(loose.text)
    values = loose.values if isinstance(loose.values, dict) else {FRONT_MATTER: loose.front}
    return values, paragraphs(loose.body)


def paragraphs(body: str) -> list[str]:
    """The body's blocks: separated by blank lines, and each Markdown heading a block of its own (a
    heading written right above its text would otherwise change with every edit of that text)."""
    blocks: list[str] = []
    current: list[str] = []
    for line in body.split("\n"):
        heading = HEADING_RE.match(line)
        if not line.strip() or heading:
            if current:
                blocks.append("\n".join(current).strip())
            current = []
            if heading:
                blocks.append(line.strip())
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current).strip())
    return [block for block in blocks if block]


def shown(value: Any) -> str:
    """A front-matter value as one line of text: lists joined, sources as „title | url | year“."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, list):
        return "; ".join(source_line(item) if isinstance(item, dict) else shown(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def compare(old: bytes | None, new: bytes | None) -> Changes:
    """What changed from ``old`` to ``new``: fields in the form's order, then paragraphs."""
    old_values, old_paragraphs = _parts(old)
    new_values, new_paragraphs = _parts(new)
    order = [FRONT_MATTER] + [rule.name for rule in FIELDS]
    keys = order + sorted((set(old_values) | set(new_values)) - set(order))
    changes = Changes()
    for key in keys:
        before, after = shown(old_values.get(key)), shown(new_values.get(key))
        if before != after:
            changes.fields.append(FieldChange(key, before, after))
    matcher = difflib.SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if tag == "equal":
            changes.unchanged_paragraphs += a_end - a_start
            continue
        changes.paragraphs += [ParagraphChange("del", text) for text in old_paragraphs[a_start:a_end]]
        changes.paragraphs += [ParagraphChange("ins", text) for text in new_paragraphs[b_start:b_end]]
    return changes


def versions(folder: Path, path: Path) -> list[Version]:
    """The entry's versions, newest first, each compared with the one before it."""
    revisions = gitrepo.history(folder, path)
    contents = [gitrepo.file_at(folder, revision.commit, path) for revision in revisions]
    # the version before the oldest shown: its parent's (nothing for the first commit)
    before_oldest = gitrepo.file_at(folder, revisions[-1].commit + "^", path) if revisions else None
    result = []
    for index, (revision, content) in enumerate(zip(revisions, contents, strict=True)):
        previous = contents[index + 1] if index + 1 < len(contents) else before_oldest
        result.append(Version(revision, content, compare(previous, content),
                              created=previous is None and content is not None, deleted=content is None))
    return result
