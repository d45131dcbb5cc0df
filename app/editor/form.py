"""The entry form: front-matter fields as form values, form values as a Markdown file, problems per field.

The form's field names are the front-matter keys, so a problem the content layer reports for a key
(``Problem.field``) is shown beside the input of the same name. The file is always checked by ``parse_entry`` (the
same validation as ``praxisatlas validate``) before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from flask_babel import gettext as _

from app.content.corpus import LINKS, link_problems
from app.content.entry import parse_entry, read_loosely
from app.content.fields import FIELDS, RULES
from app.content.model import Practice, Source, is_slug
from app.content.vocabulary import Vocabulary
from app.editor.messages import explain

LIST_FIELDS = ("levels", "topics")           # checkbox groups
LINE_FIELDS = ("actors", "related", "based_on")   # one value a line (commas also separate slugs)
DATE_FIELDS = ("updated", "reviewed")
FORM_FIELDS = ("slug",) + tuple(rule.name for rule in FIELDS) + ("body",)
GENERAL = "_general"
FORM_ORDER = (GENERAL, "slug", "title", "summary", "kind", "levels", "topics", "country", "region", "place",
              "municipality_type", "actors", "year", "sources", "related", "based_on", "evidence", "outcome",
              "phase", "reviewed", "updated", "status", "language", "body")
"""The fields top to bottom as templates/editor/form.html lays them out (problems are listed so)."""


@dataclass
class EntryForm:
    """What the editor typed, as text, keyed by front-matter name (lists for the checkbox groups)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        if name in LIST_FIELDS:
            return self.values.get(name) or []
        return self.values.get(name) or ""

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name if name in FORM_FIELDS else GENERAL, []).append(message)

    def problems_in_form_order(self) -> list[tuple[str, str]]:
        """(field, message) pairs as the form shows its fields, top to bottom."""
        return [(name, message) for name in sorted(self.errors, key=FORM_ORDER.index)
                for message in self.errors[name]]

    @classmethod
    def from_request(cls, form: Any) -> EntryForm:
        values: dict[str, Any] = {}
        for name in FORM_FIELDS:
            if name in LIST_FIELDS:
                # ticked boxes in the order the file had them (the boxes stand in vocabulary
                # order), new ones after: re-saving must not reorder `topics` in the history
                before = form.get(f"{name}_order", "").split()
                ticked = [v for v in form.getlist(name) if v]
                values[name] = sorted(ticked, key=lambda v: before.index(v) if v in before else len(before))
            else:
                values[name] = form.get(name, "").replace("\r\n", "\n").replace("\r", "\n")
        values["slug"] = values["slug"].strip()
        return cls(values)

    @classmethod
    def from_practice(cls, practice: Practice) -> EntryForm:
        values: dict[str, Any] = {"slug": practice.slug, "body": practice.body}
        for rule in FIELDS:
            value = getattr(practice, rule.name)
            if rule.name == "sources":
                values["sources"] = "\n".join(source_line({"title": s.title, "url": s.url, "year": s.year})
                                              for s in value)
            elif rule.name in LIST_FIELDS:
                values[rule.name] = list(value)
            elif rule.name in LINE_FIELDS:
                values[rule.name] = "\n".join(value)
            elif value is None:
                values[rule.name] = ""
            else:
                values[rule.name] = value.isoformat() if isinstance(value, date) else str(value)
        return cls(values)

    @classmethod
    def from_file(cls, slug: str, data: bytes) -> EntryForm:
        """Best effort for a file that does not validate: whatever its front matter holds, as text."""
        values: dict[str, Any] = {"slug": slug, "body": ""}
        loose = read_loosely(data)
        if loose.text is None:
            return cls(values)
        if loose.values is None:  # no front matter, or not YAML: all of it in the body, to be mended there
            values["body"] = loose.text
            return cls(values)
        values["body"] = loose.body.strip("\n") + "\n"
        if not isinstance(loose.values, dict):
            return cls(values)
        for name, value in loose.values.items():
            if name not in RULES:
                continue
            if name == "sources" and isinstance(value, list):
                values[name] = "\n".join(source_line(item) if isinstance(item, dict) else str(item) for item in value)
            elif name in LIST_FIELDS:
                values[name] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            elif isinstance(value, list):
                values[name] = "\n".join(str(v) for v in value)
            elif value is not None:
                values[name] = str(value)
        return cls(values)


def _lines(text: str, commas: bool = False) -> list[str]:
    parts = re.split(r"[\n,]" if commas else r"\n", text)
    return [" ".join(p.split()) for p in parts if p.strip()]


def _sources(form: EntryForm) -> list[dict[str, Any]]:
    sources = []
    for number, line in enumerate(_lines(form.get("sources")), start=1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            form.add_error("sources", _("Zeile %(number)s: Schreiben Sie jede Quelle als „Titel | https://… | "
                                        "Jahr“ (das Jahr darf fehlen).", number=number))
            continue
        item: dict[str, Any] = {"title": parts[0], "url": parts[1]}
        if len(parts) == 3 and parts[2]:
            item["year"] = int(parts[2]) if parts[2].isdigit() else parts[2]
        sources.append(item)
    return sources


def front_matter(form: EntryForm) -> dict[str, Any]:
    """The form as a front-matter mapping, in the canonical key order, empty fields left out."""
    data: dict[str, Any] = {}
    for rule in FIELDS:
        name = rule.name
        if name == "sources":
            value: Any = _sources(form)
        elif name in LIST_FIELDS:
            value = list(form.get(name))
        elif name in LINE_FIELDS:
            value = _lines(form.get(name), commas=name in LINKS)
        else:
            value = " ".join(form.get(name).split()) if name != "summary" else form.get(name).strip()
            if name == "year" and value.isdigit():
                value = int(value)
            elif name in DATE_FIELDS and value:
                try:
                    value = date.fromisoformat(value)
                except ValueError:
                    pass  # left as text: validation names the field and the format
        if value not in ("", None, []):
            data[name] = value
    return data


def render_file(form: EntryForm) -> bytes:
    """The entry file the form describes: YAML front matter, then the Markdown body."""
    front = yaml.safe_dump(front_matter(form), allow_unicode=True, sort_keys=False, width=1000)
    body = form.get("body").strip("\n")
    return f"---\n{front}---\n{body}\n".encode()


def validate(form: EntryForm, path: Path, vocab: Vocabulary, existing_slugs: set[str]
             ) -> tuple[bytes, Practice | None]:
    """Render the file and check it as the content layer would; errors land on ``form.errors``."""
    slug = form.get("slug")
    if not is_slug(slug):
        form.add_error("slug", _("Nur Kleinbuchstaben, Ziffern und einzelne Bindestriche, höchstens 80 "
                                 "Zeichen (z. B. kim-kreis-mettmann)."))
    data = render_file(form)
    practice, problems = parse_entry(path, data, vocab, shown=path.name)
    # the validator only drops such links from a served entry; an editor's save must not write them
    links = {name: _lines(form.get(name), commas=True) for name in LINKS}
    problems += link_problems(slug, links, existing_slugs.__contains__, path.name, {})
    for problem in problems:
        name = problem.field or GENERAL
        if name == "slug" and "slug" in form.errors:
            continue  # the form's own words on the slug say it already
        form.add_error(name, explain(problem))
    return data, (practice if not form.errors else None)


def preview_practice(form: EntryForm, path: Path, practice: Practice | None) -> Practice:
    """The entry the preview shows: the validated one, else what of the form can be read as it is.

    A draft in progress should still be seen as the public page would show it; values that do not
    convert (a year in words, a date not written YYYY-MM-DD) are left out, the problems stand beside
    the form.
    """
    if practice is not None:
        return practice
    values = front_matter(form)
    sources = [Source(s["title"], s["url"], s.get("year") if isinstance(s.get("year"), int) else None)
               for s in values.pop("sources", [])]
    for name in ("year", *DATE_FIELDS):
        if name in values and not isinstance(values[name], int if name == "year" else date):
            del values[name]
    required = {name: values.pop(name, [] if name in LIST_FIELDS else "")
                for name in ("title", "summary", "kind", "levels", "topics", "country")}
    return Practice(slug=form.get("slug"), path=path, body=form.get("body"), sources=sources,
                    **required, **values)


def source_line(source: dict[str, Any]) -> str:
    """A source as the form's sources field writes it: „title | url | year“ (empty parts left out)."""
    return " | ".join(str(source.get(k)) for k in ("title", "url", "year") if source.get(k) not in (None, ""))
