"""The records the content layer hands to everything else."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and bool(SLUG_RE.match(text))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, as a person should read it: ``path:line: message``.

    ``message`` is English, for `praxisatlas validate`; ``code`` and ``params`` say the same for a
    translation (app/editor/messages.py), ``field`` names the front-matter key it is about.
    """

    path: str
    line: int
    message: str
    field: str | None = None
    """The front-matter key (or ``slug``, for the file name) the problem is about; None: the file."""
    code: str = ""
    """What kind of problem, stable across wording changes; its values are in ``params``."""
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    year: int | None = None


@dataclass
class Practice:
    """One entry: a good practice or a recommendation, parsed and validated."""

    slug: str
    path: Path
    title: str
    summary: str
    kind: str
    levels: list[str]
    topics: list[str]
    country: str
    body: str = ""
    region: str | None = None
    place: str | None = None
    municipality_type: str | None = None
    actors: list[str] = field(default_factory=list)
    year: int | None = None
    status: str = "published"
    language: str = "de"
    sources: list[Source] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    updated: date | None = None
    evidence: str | None = None
    outcome: str | None = None
    """What the cited sources report about the effect: positive | mixed | negative | open."""
    phase: str | None = None
    """planned | running | ended | unknown, as of ``reviewed``."""
    reviewed: date | None = None
    """When someone last checked the entry against its sources."""
    based_on: list[str] = field(default_factory=list)
    """Recommendations only: slugs of the entries that back it."""
    revision: str = ""
    """A digest of the file's bytes: what an editor's form carries as ``base_revision``."""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The file line of each front-matter key (for messages about a valid entry: links, audit)."""
    source_lines: list[tuple[int, int]] = field(default_factory=list, compare=False, repr=False)
    """Per source: the file line of the item and of its ``url``."""

    @property
    def published(self) -> bool:
        return self.status == "published"

    def to_json(self) -> dict[str, Any]:
        """The entry's fields as JSON values, body aside: the index's stored record and the API's entry."""
        return {
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "kind": self.kind,
            "levels": list(self.levels),
            "topics": list(self.topics),
            "country": self.country,
            "region": self.region,
            "place": self.place,
            "municipality_type": self.municipality_type,
            "actors": list(self.actors),
            "year": self.year,
            "language": self.language,
            "evidence": self.evidence,
            "outcome": self.outcome,
            "phase": self.phase,
            "reviewed": self.reviewed.isoformat() if self.reviewed else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "sources": [{"title": s.title, "url": s.url, "year": s.year} for s in self.sources],
            "related": list(self.related),
            "based_on": list(self.based_on),
        }
