"""Reading the relevance set: questions and their graded judgments, checked before anything runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("keyword", "sentence", "english", "french", "german_name", "compound", "derivation", "typo",
         "abbreviation", "paraphrase", "level")
GRADES = (0, 1, 2)
READ_IN_FULL = "read_in_full"
"""judgments.yaml's list of entries read against every question: where one is not listed under a
question it is judged 0 for it (so ``--pool`` does not ask again), as if written out."""


class SetError(ValueError):
    """The relevance set cannot be read; the message names the file and the question or field."""


@dataclass
class Question:
    id: str
    kind: str
    q: str
    need: str
    grades: dict[str, int] = field(default_factory=dict)
    """slug → 2 (answers it) | 1 (partly) | 0 (looked at, not relevant); unlisted entries count as 0."""

    def relevant(self, present: set[str]) -> dict[str, int]:
        """The entries graded 1 or 2 that are in the index (judged entries absent from it are ignored)."""
        return {slug: g for slug, g in self.grades.items() if g > 0 and slug in present}


def _mapping(path: Path) -> dict:  # type: ignore[type-arg]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SetError(f"{path}: cannot read: {error}") from error
    if not isinstance(data, dict):
        raise SetError(f"{path}: expected a mapping at the top level")
    return data


def load_set(questions_path: Path, judgments_path: Path) -> list[Question]:
    """The questions in file order, each with its grades; raises SetError naming what is wrong."""
    raw = _mapping(questions_path).get("questions")
    if not isinstance(raw, list) or not raw:
        raise SetError(f"{questions_path}: expected a non-empty list under 'questions'")
    questions: list[Question] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"{questions_path}: question {number}"
        if not isinstance(item, dict):
            raise SetError(f"{where}: expected a mapping with id, kind, q, need")
        missing = [name for name in ("id", "kind", "q", "need") if not str(item.get(name) or "").strip()]
        if missing:
            raise SetError(f"{where}: missing {', '.join(missing)}")
        qid = str(item["id"])
        if qid in seen:
            raise SetError(f"{where}: id {qid!r} is used twice")
        if item["kind"] not in KINDS:
            raise SetError(f"{where} ({qid}): kind {item['kind']!r} is not one of {', '.join(KINDS)}")
        seen.add(qid)
        questions.append(Question(qid, str(item["kind"]), str(item["q"]), str(item["need"])))
    judgments = _mapping(judgments_path)
    read = judgments.pop(READ_IN_FULL, None) or []
    if not isinstance(read, list):
        raise SetError(f"{judgments_path}: {READ_IN_FULL}: expected a list of slugs")
    unknown = sorted(set(judgments) - seen)
    if unknown:
        raise SetError(f"{judgments_path}: judgments for unknown questions: {', '.join(map(str, unknown))}")
    for question in questions:
        grades = judgments.get(question.id) or {}
        if not isinstance(grades, dict):
            raise SetError(f"{judgments_path}: {question.id}: expected 'slug: grade' lines")
        for slug, grade in grades.items():
            if grade not in GRADES:
                raise SetError(f"{judgments_path}: {question.id}: {slug}: grade {grade!r} is not 0, 1 or 2")
            question.grades[str(slug)] = int(grade)
        for slug in read:
            question.grades.setdefault(str(slug), 0)
    return questions
