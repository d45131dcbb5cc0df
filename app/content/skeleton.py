"""A new entry's starting file: valid as it stands (as a draft), with every field shown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.content.files import atomic_write
from app.content.model import is_slug

TEMPLATE = """---
title: {title}
summary: "Ein Satz bis ein kurzer Absatz, reiner Text: was wurde wo gemacht, mit welchem Ziel?"
kind: practice
levels: [Kommune]
topics: [steuerung]
country: DE
# region: Nordrhein-Westfalen
# place: Kreis Mettmann
# municipality_type: landkreis
# actors: [Kommunales Integrationszentrum, Ausländerbehörde, Jobcenter]
# year: {year}
status: draft
language: de
evidence: described
outcome: open
phase: unknown
# reviewed: {today}
sources:
  - title: Titel der Quelle
    url: https://example.org/quelle
# related: [anderer-eintrag]
# based_on: [praxisbeispiel-a]   # only for kind: recommendation
updated: {today}
---
## Ausgangslage

## Umsetzung

## Wirkung

## Übertragbarkeit
"""


class SkeletonError(Exception):
    pass


def write_skeleton(content_dir: Path, slug: str) -> Path:
    """Create ``<slug>.md`` as a draft; refuse a bad slug or an existing file."""
    if not is_slug(slug):
        raise SkeletonError(f"{slug!r} is not a valid slug: use lowercase letters, digits and single "
                            "hyphens, at most 80 characters (e.g. kim-kreis-mettmann)")
    path = Path(content_dir) / f"{slug}.md"
    if path.exists():
        raise SkeletonError(f"{path} already exists; choose another slug or edit that file")
    today = date.today()
    title = slug.replace("-", " ").capitalize()
    atomic_write(path, TEMPLATE.format(title=title, year=today.year, today=today.isoformat()).encode())
    return path
