"""A content folder read as a whole: valid practices, and every problem with every file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.content.entry import parse_entry
from app.content.fields import closest, did_you_mean
from app.content.model import Practice, Problem, is_slug
from app.content.vocabulary import Vocabulary, load_vocabulary

SKIPPED_NAMES = {"README.md"}


@dataclass
class Corpus:
    vocabulary: Vocabulary
    practices: dict[str, Practice] = field(default_factory=dict)
    """Valid entries by slug, drafts included; dangling `related` links already dropped."""
    problems: list[Problem] = field(default_factory=list)
    invalid: dict[str, list[Problem]] = field(default_factory=dict)
    """Files that could not be read as entries, with their problems (shown path → problems)."""

    @property
    def published(self) -> list[Practice]:
        return [p for p in self.practices.values() if p.published]


def shown_path(path: Path) -> str:
    """A path as a person should read it: relative to the working folder where possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def entry_paths(content_dir: Path) -> list[Path]:
    """Every entry file under the content folder, in a stable order; hidden and README files skipped."""
    root = Path(content_dir)
    inside = root.resolve()
    paths = []
    for path in root.rglob("*.md"):
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            continue  # a link out of the content folder is not content
        rel = path.relative_to(root)
        if any(part.startswith((".", "_")) for part in rel.parts) or path.name in SKIPPED_NAMES:
            continue
        if path.is_file():
            paths.append(path)
    return sorted(paths)


def read_entry(path: Path, vocab: Vocabulary) -> tuple[Practice | None, list[Problem]]:
    shown = shown_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot read the file: {exc.strerror or exc}", code="unreadable")]
    return parse_entry(path, data, vocab, shown)


def unique_slugs(paths: Iterable[Path]) -> bool:
    """True when no two entry files share a name (in different subfolders): then any share of the
    files can be read on its own, as ``read_files`` does, with the result ``load_corpus`` would give."""
    stems = [p.stem for p in paths]
    return len(stems) == len(set(stems))


def read_files(paths: Iterable[Path], vocab: Vocabulary, known_slugs: set[str]
               ) -> Iterator[tuple[Path, Practice | None, list[Problem]]]:
    """The files in order, as ``load_corpus`` reads them: ``related`` checked against the folder's
    slugs (``known_slugs``); of two files with one slug the first valid one counts."""
    first_path: dict[str, str] = {}
    for path in paths:
        practice, problems = read_entry(path, vocab)
        shown = shown_path(path)
        if practice is not None and practice.slug in first_path:
            first = first_path[practice.slug]
            problems = [Problem(shown, 1, f"slug `{practice.slug}` is used twice; the first is {first}: rename "
                                          "one file", "slug", "slug_twice", {"slug": practice.slug, "first": first})]
            practice = None
        elif practice is not None:
            problems = check_related(practice, known_slugs.__contains__, shown, known_slugs)
            first_path[practice.slug] = shown
        yield path, practice, problems


def load_corpus(content_dir: Path, only: Iterable[Path] | None = None) -> Corpus:
    """Read every entry of a content folder (or just ``only``), checking cross-entry rules too.

    Raises VocabularyError if the vocabulary itself is broken: then nothing can be checked.
    """
    content_dir = Path(content_dir)
    vocab = load_vocabulary(content_dir)
    corpus = Corpus(vocabulary=vocab)
    all_paths = entry_paths(content_dir)
    wanted = {p.resolve() for p in only} if only is not None else None
    known_slugs = {p.stem for p in all_paths if is_slug(p.stem)}
    for path, practice, problems in read_files(all_paths, vocab, known_slugs):
        if practice is not None:
            corpus.practices[practice.slug] = practice
        if wanted is not None and path.resolve() not in wanted:
            continue
        if problems:
            corpus.problems.extend(problems)
            if practice is None:
                corpus.invalid[shown_path(path)] = problems
    if wanted is not None:
        for path in only or ():
            if path.resolve() not in {p.resolve() for p in all_paths}:
                practice, problems = read_entry(path, vocab)
                corpus.problems.extend(problems)
    return corpus


LINKS = ("related", "based_on")
"""Fields that name other entries: a link to a missing entry is reported and only the link dropped."""
SELF = {"related": "be related to", "based_on": "be based on"}


def check_related(practice: Practice, exists: Callable[[str], bool], shown: str,
                  known: Iterable[str] = ()) -> list[Problem]:
    """Report `related` and `based_on` links to itself or to entries that do not exist, and drop
    just those links (deleting one entry must not unpublish every entry that links to it).

    ``known`` (every slug, where at hand) only serves the "did you mean" hint.
    """
    links = {name: getattr(practice, name) for name in LINKS}
    problems = link_problems(practice.slug, links, exists, shown, practice.lines, known)
    for name in LINKS:
        wrong = {p.params["slug"] for p in problems if p.field == name}
        if wrong:
            setattr(practice, name, [slug for slug in links[name] if slug not in wrong])
    return problems


def link_problems(slug: str, links: Mapping[str, list[str]], exists: Callable[[str], bool], shown: str,
                  lines: Mapping[str, int], known: Iterable[str] = ()) -> list[Problem]:
    """A problem for each link (field → linked slugs) from entry ``slug`` to itself or to an entry
    that does not exist; a text that is no slug is left to the field's own check."""
    problems = []
    candidates: list[str] | None = None  # sorted only when a link is missing: loading a corpus checks every entry
    for name, linked_slugs in links.items():
        line = lines.get(name, 1)
        for linked in linked_slugs:
            if linked == slug:
                problems.append(Problem(shown, line, f"`{name}`: an entry cannot {SELF[name]} itself (`{linked}`)",
                                        name, "link_to_itself", {"slug": linked}))
            elif is_slug(linked) and not exists(linked):
                candidates = sorted(known) if candidates is None else candidates
                suggestion = closest(linked, candidates)
                problems.append(Problem(shown, line, f"`{name}`: no entry `{linked}` exists{did_you_mean(suggestion)}",
                                        name, "link_missing", {"slug": linked, "suggestion": suggestion}))
    return problems


def load_practice(content_dir: Path, slug: str) -> tuple[Practice | None, list[Problem]]:
    """One entry by slug, without reading the rest of the folder (related links are not checked)."""
    if not is_slug(slug):
        return None, [Problem(slug, 1, "not a valid slug", "slug", "not_a_valid_slug")]
    path = Path(content_dir) / f"{slug}.md"
    if not path.is_file() or not path.resolve().is_relative_to(Path(content_dir).resolve()):
        # a link that leads out of the content folder is not an entry
        return None, [Problem(shown_path(path), 1, "no such entry", code="no_such_entry")]
    return read_entry(path, load_vocabulary(content_dir))
