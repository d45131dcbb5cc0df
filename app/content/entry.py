"""One entry file → a Practice, or the problems that keep it from being one.

``parse_entry`` runs four steps, each its own function: the bytes as text (``decode``), the front
matter as keyed fields (``read_front_matter``), each field converted by its rule (``convert_fields``),
then the rules between fields (``check_entry``). ``read_loosely`` reads as much of a file that does not
validate as can be read, for the editor's form and history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from app.content.fields import DEFAULTS, PUBLISHED_NEEDS, RULES, FieldError, closest, convert, did_you_mean
from app.content.files import MAX_FILE_BYTES, revision_of
from app.content.model import Practice, Problem, is_slug
from app.content.vocabulary import Vocabulary
from app.content.yamlnodes import Field, YamlProblem, compose, mapping_fields, plain

DELIMITERS = ("---", "...")


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text with LF line ends; a BOM is dropped, non-UTF-8 and oversize files are refused."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(shown, 1, f"file is {len(data):,} bytes; entries may be at most "
                                        f"{MAX_FILE_BYTES:,} bytes (1 MiB)",
                              code="file_too_large", params={"size": len(data)})]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = f"{data[exc.start]:02x}"
        return None, [Problem(shown, line, f"not UTF-8 (byte 0x{byte}); save the file as UTF-8",
                              code="not_utf8", params={"byte": byte})]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return (front matter, body, file line where the body starts); raise YamlProblem."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise YamlProblem(1, "front matter is missing: the file must start with a line `---`, then "
                             "`key: value` lines, then `---`", "front_matter_missing")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in DELIMITERS:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise YamlProblem(1, "front matter is not closed: add a line `---` after the last `key: value` line",
                      "front_matter_not_closed")


def parse_entry(path: Path, data: bytes, vocab: Vocabulary, shown: str | None = None
                ) -> tuple[Practice | None, list[Problem]]:
    """Parse and validate one file's bytes. Cross-entry rules (duplicates, related) are the corpus's."""
    shown = shown or str(path)
    slug = Path(path).stem
    problems = _file_name_problems(Path(path), shown)
    text, decode_problems = decode(data, shown)
    if text is None:
        return None, problems + decode_problems
    try:
        fields, body = read_front_matter(text)
    except YamlProblem as exc:
        return None, problems + [Problem(shown, exc.line, exc.message, exc.field, exc.code, exc.params)]
    values, lines, field_problems = convert_fields(fields, vocab, shown)
    problems += field_problems
    problems += check_entry(values, lines, vocab, shown, problems)
    if problems:
        return None, problems
    practice = Practice(slug=slug, path=Path(path), body=body.strip("\n") + "\n",
                        revision=revision_of(data), lines=lines, source_lines=_source_lines(fields),
                        **values)  # type: ignore[arg-type]
    return practice, []


def _file_name_problems(path: Path, shown: str) -> list[Problem]:
    if is_slug(path.stem):
        return []
    return [Problem(shown, 1, f"file name {path.name!r} is not a valid slug: use lowercase letters, digits and "
                              "single hyphens, at most 80 characters (e.g. kim-kreis-mettmann.md)",
                    "slug", "file_name", {"name": path.name})]


def read_front_matter(text: str) -> tuple[list[Field], str]:
    """The front matter's keys with their raw values and lines, and the body; raise YamlProblem."""
    front, body, _ = split_front_matter(text)
    node = compose(front, first_line=2)
    if node is None:
        raise YamlProblem(2, "front matter is empty; `title`, `summary`, `kind`, `levels`, "
                             "`topics` and `country` are required", "front_matter_empty")
    return mapping_fields(node, 2, "front matter", "front_matter_not_a_mapping"), body


def convert_fields(fields: list[Field], vocab: Vocabulary, shown: str
                   ) -> tuple[dict[str, object], dict[str, int], list[Problem]]:
    """Each field's value converted by its rule: (values with defaults, line of each key, problems)."""
    values: dict[str, object] = dict(DEFAULTS)
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for field in fields:
        lines[field.key] = field.line
        rule = RULES.get(field.key)
        if rule is None:
            suggestion = closest(field.key, list(RULES))
            problems.append(Problem(shown, field.line, f"unknown key `{field.key}`{did_you_mean(suggestion)}",
                                    field.key, "unknown_key", {"key": field.key, "suggestion": suggestion}))
            continue
        if field.value in ("", None, []):
            continue  # an empty value is the same as leaving the key out
        try:
            values[field.key] = convert(rule, field.value, vocab)
        except FieldError as exc:
            problems.append(Problem(shown, _line_of_error(field, exc), exc.message, field.key, exc.code,
                                    exc.params))
        except YamlProblem as exc:
            problems.append(Problem(shown, field.line, exc.message, field.key, exc.code, exc.params))
    return values, lines, problems


def _line_of_error(field: Field, exc: FieldError) -> int:
    """The line of the list item (and of its key, within a mapping item) a FieldError points at."""
    if not isinstance(field.node, yaml.SequenceNode) or exc.offset >= len(field.node.value):
        return field.line
    item = field.node.value[exc.offset]
    line: int = item.start_mark.line + 2
    if exc.key and isinstance(item, yaml.MappingNode):
        for key_node, _ in item.value:
            if key_node.value == exc.key:
                line = key_node.start_mark.line + 2
    return line


def check_entry(values: dict[str, object], lines: dict[str, int], vocab: Vocabulary, shown: str,
                found: list[Problem]) -> list[Problem]:
    """The rules between fields: required ones, what a published entry needs, ``based_on`` only on
    recommendations, ``reviewed`` not in the future, a German region. A field with a problem in
    ``found`` is not reported missing as well; ``values['region']`` becomes the vocabulary's id."""
    wrong = {problem.field for problem in found}
    problems = _missing(values, lines, shown, wrong)
    if values.get("based_on") and values.get("kind") != "recommendation":
        problems.append(Problem(shown, lines["based_on"], "`based_on` is for recommendations only: it names "
                                                          "the entries a recommendation rests on (use "
                                                          "`related` for other links)",
                                "based_on", "based_on_practice"))
    reviewed = values.get("reviewed")
    if isinstance(reviewed, date) and reviewed > date.today() + timedelta(days=1):
        problems.append(Problem(shown, lines["reviewed"], f"`reviewed` {reviewed.isoformat()} lies in the "
                                                          "future; give the day the entry was checked",
                                "reviewed", "reviewed_future", {"day": reviewed.isoformat()}))
    region = values.get("region")
    if region and values.get("country") == "DE":
        canonical = vocab.canonical("region", str(region))
        if canonical is None:
            suggestion = closest(str(region), vocab.ids("region"))
            problems.append(Problem(shown, lines.get("region", 2),
                                    f"`region`: {region!r} is not a German Land{did_you_mean(suggestion)}",
                                    "region", "not_a_land", {"value": region, "suggestion": suggestion}))
        else:
            values["region"] = canonical
    return problems


def _missing(values: dict[str, object], lines: dict[str, int], shown: str, wrong: set[str | None]
             ) -> list[Problem]:
    """Required fields left out, and what a published entry needs besides (fields in ``wrong`` aside)."""
    problems = [Problem(shown, 2, f"required field `{name}` is missing ({rule.help})", name, "required")
                for name, rule in RULES.items()
                if rule.required and name not in values and name not in wrong]
    if values.get("status") != "published":
        return problems
    if not values.get("sources") and "sources" not in lines:
        problems.append(Problem(shown, 2, "a published entry needs `sources`: at least one with "
                                          "`title` and `url` (or set `status: draft`)",
                                "sources", "published_needs_sources"))
    elif not values.get("sources") and "sources" not in wrong:
        problems.append(Problem(shown, lines["sources"], "a published entry needs at least one source",
                                "sources", "published_needs_sources"))
    problems += [Problem(shown, 2, f"a published entry needs `{name}` ({RULES[name].help}); or set "
                                   "`status: draft`", name, "published_needs")
                 for name in PUBLISHED_NEEDS if name not in values and name not in wrong]
    return problems


def _source_lines(fields: list[Field]) -> list[tuple[int, int]]:
    """Per source item: its file line and the line of its ``url`` key (the item's, if it has none)."""
    node = next((f.node for f in fields if f.key == "sources"), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    out = []
    for item in node.value:
        item_line = item.start_mark.line + 2
        url_line = item_line
        if isinstance(item, yaml.MappingNode):
            url_line = next((k.start_mark.line + 2 for k, _ in item.value if k.value == "url"), item_line)
        out.append((item_line, url_line))
    return out


@dataclass(frozen=True)
class LooseEntry:
    """A file read as far as it can be read, for showing what an entry that does not validate holds."""

    text: str | None
    """The file as text; None when it is not UTF-8 or too large."""
    front: str | None = None
    """The front matter as text; None when the file has no closed front matter."""
    body: str = ""
    """What follows the front matter (the whole text without front matter)."""
    values: Any = None
    """The front matter as plain values, every scalar text ({} when empty); None when it is not YAML."""


def read_loosely(data: bytes) -> LooseEntry:
    """Whatever a file's front matter holds, with the validator's own loader (every scalar as text,
    anchors and aliases refused: a 363-byte file of nested aliases expanded to 218 MB through
    yaml.safe_load)."""
    text, _ = decode(data, "")
    if text is None:
        return LooseEntry(None)
    try:
        front, body, _ = split_front_matter(text)
    except YamlProblem:
        return LooseEntry(text, None, text)
    try:
        node = compose(front, first_line=2)
        values = plain(node) if node is not None else {}
    except YamlProblem:
        values = None
    return LooseEntry(text, front, body, values)
