"""The controlled vocabulary: levels, countries, kinds, topics and more, with German and English labels."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from app.content.model import Problem
from app.content.yamlnodes import Field, YamlProblem, compose, line_of, mapping_fields

VOCABULARY_FILE = "vocabulary.yaml"
SHIPPED_VOCABULARY = Path(__file__).resolve().parents[2] / "practices" / VOCABULARY_FILE
"""Used for a content folder that has no vocabulary of its own (e.g. a folder of entries to check)."""
LANGUAGES = ("de", "en")

# facet name -> key in vocabulary.yaml; every section is a list of {id, label: {de, en}} or of strings
SECTIONS = {
    "level": "levels",
    "country": "countries",
    "kind": "kinds",
    "evidence": "evidence",
    "region": "regions",
    "municipality_type": "municipality_types",
    "topic": "topics",
    "outcome": "outcomes",
    "phase": "phases",
}


class VocabularyError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Term:
    id: str
    labels: dict[str, str]
    note: str = ""

    def label(self, language: str = "de") -> str:
        return self.labels.get(language) or self.labels.get("de") or self.id


@dataclass
class Vocabulary:
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)
    """facet name -> id -> term, in file order."""
    synonyms: list[list[str]] = field(default_factory=list)

    def ids(self, facet: str) -> list[str]:
        return list(self.terms.get(facet, {}))

    def label(self, facet: str, value: str, language: str = "de") -> str:
        term = self.terms.get(facet, {}).get(value)
        return term.label(language) if term else value

    def canonical(self, facet: str, value: str) -> str | None:
        """The vocabulary id that ``value`` names, ignoring case; None if it names none."""
        terms = self.terms.get(facet, {})
        if value in terms:
            return value
        folded = value.casefold()
        for term_id in terms:
            if term_id.casefold() == folded:
                return term_id
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for facet, terms in self.terms.items():
            out[facet] = [{"id": t.id, "label": dict(t.labels)} for t in terms.values()]
        out["synonyms"] = [list(group) for group in self.synonyms]
        return out


def vocabulary_path(content_dir: Path) -> Path:
    """The folder's own ``vocabulary.yaml``, else the shipped one, so a bare folder of entries works."""
    own = Path(content_dir) / VOCABULARY_FILE
    if not own.exists() and SHIPPED_VOCABULARY.exists():
        return SHIPPED_VOCABULARY
    return own


def load_vocabulary(content_dir: Path) -> Vocabulary:
    """Read the vocabulary of a content folder; raise VocabularyError naming file and line."""
    path = vocabulary_path(content_dir)
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except FileNotFoundError as exc:
        raise VocabularyError([Problem(shown, 1, "vocabulary file is missing; every content folder "
                                                 "needs one (copy the shipped practices/vocabulary.yaml)",
                                       code="vocabulary_missing")]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabularyError([Problem(shown, 1, f"cannot read the vocabulary: {exc}",
                                       code="vocabulary_unreadable")]) from exc
    try:
        node = compose(text)
        if node is None:
            raise YamlProblem(1, "the vocabulary is empty", "vocabulary_empty")
        fields = mapping_fields(node, 1, "the vocabulary", "vocabulary_not_a_mapping")
    except YamlProblem as exc:
        raise VocabularyError([Problem(shown, exc.line, exc.message, exc.field, exc.code, exc.params)]) from exc

    problems: list[Problem] = []
    vocab = Vocabulary()
    by_key = {f.key: f for f in fields}
    for facet, key in SECTIONS.items():
        section = by_key.get(key)
        if section is None:
            problems.append(Problem(shown, 1, f"section `{key}` is missing", code="section_missing",
                                    params={"key": key}))
            continue
        vocab.terms[facet] = _terms(section, shown, key, problems)
    syn = by_key.get("synonyms")
    if syn is not None:
        if not isinstance(syn.value, list):
            problems.append(Problem(shown, syn.line, "`synonyms` must be a list of lists of words",
                                    code="synonyms_not_list"))
        else:
            for group in syn.value:
                if isinstance(group, list) and all(isinstance(w, str) for w in group) and len(group) > 1:
                    vocab.synonyms.append([w.strip() for w in group if w.strip()])
                else:
                    problems.append(Problem(shown, syn.line, f"synonym group {group!r} must be a list "
                                                             "of two or more words", code="synonym_group",
                                            params={"group": repr(group)}))
    if problems:
        raise VocabularyError(problems)
    return vocab


def _terms(section: Field, shown: str, key: str, problems: list[Problem]) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    value, line = section.value, section.line
    if not isinstance(value, list):
        problems.append(Problem(shown, line, f"`{key}` must be a list", code="section_not_list",
                                params={"key": key}))
        return terms
    nodes = section.node.value if isinstance(section.node, yaml.SequenceNode) else []
    for index, item in enumerate(value):
        item_node = nodes[index] if index < len(nodes) else section.node
        item_line = line_of(item_node, 1)
        if isinstance(item, str):
            term = Term(item, {lang: item for lang in LANGUAGES})
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            labels = _labels(item, item_node, shown, key, problems)
            if labels is None:
                continue
            term = Term(item["id"], labels, str(item.get("note") or ""))
        else:
            problems.append(Problem(shown, item_line, f"`{key}`: {item!r} needs an `id` and a `label`",
                                    code="term_without_id", params={"key": key, "item": repr(item)}))
            continue
        if term.id in terms:
            problems.append(Problem(shown, item_line, f"`{key}`: `{term.id}` is listed twice", code="term_twice",
                                    params={"key": key, "id": term.id}))
        terms[term.id] = term
    return terms


def _labels(item: dict[str, Any], node: yaml.Node, shown: str, key: str,
            problems: list[Problem]) -> dict[str, str] | None:
    """A term's labels: one text for every language, or a map of interface languages to texts.

    A flow mapping ``{de: Daten, Monitoring und Evaluation}`` ends the value at the comma and makes
    ``Monitoring und Evaluation`` a key of its own: such a map is refused, naming its line.
    """
    raw = item.get("label")
    label_node = node
    if isinstance(node, yaml.MappingNode):
        label_node = next((v for k, v in node.value if getattr(k, "value", None) == "label"), node)
    if raw is None or raw == "":
        return {lang: item["id"] for lang in LANGUAGES}
    if isinstance(raw, str):
        return {lang: raw for lang in LANGUAGES}
    if not isinstance(raw, dict):
        problems.append(Problem(shown, line_of(label_node, 1), f"`{key}`: the label of `{item['id']}` "
                                                              "must be a text or a map of de and en to texts",
                                code="label_shape", params={"key": key, "id": item["id"]}))
        return None
    labels: dict[str, str] = {}
    pairs = label_node.value if isinstance(label_node, yaml.MappingNode) else []
    ok = True
    for language, text in raw.items():
        at = next((line_of(k, 1) for k, _ in pairs if getattr(k, "value", None) == language), line_of(label_node, 1))
        where = f"`{key}`: the label of `{item['id']}`"
        if language not in LANGUAGES:
            problems.append(Problem(shown, at, f"{where} has the key {language!r}; only "
                                               f"{' and '.join(LANGUAGES)} are allowed (a comma in "
                                               "`{de: …, en: …}` ends the label: put it in quotes)",
                                    code="label_language",
                                    params={"key": key, "id": item["id"], "language": language}))
            ok = False
        elif not isinstance(text, str) or not text.strip():
            problems.append(Problem(shown, at, f"{where} in `{language}` must be a text", code="label_not_text",
                                    params={"key": key, "id": item["id"], "language": language}))
            ok = False
        else:
            labels[language] = " ".join(text.split())
    return labels if ok else None


_CACHE: dict[str, tuple[tuple[int, int], Vocabulary]] = {}


def cached_vocabulary(content_dir: Path) -> Vocabulary:
    """load_vocabulary, re-read only when the file changes.

    If an edit breaks the vocabulary while the site runs, the last good one keeps serving (the
    break is reported by `praxisatlas validate` and by the next index build, which refuses it).
    """
    path = vocabulary_path(content_dir)
    try:
        stat = path.stat()
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (0, 0)
    hit = _CACHE.get(str(path))
    if hit is not None and hit[0] == key:
        return hit[1]
    try:
        vocab = load_vocabulary(content_dir)
    except VocabularyError:
        if hit is not None:
            return hit[1]
        raise
    _CACHE[str(path)] = (key, vocab)
    return vocab
