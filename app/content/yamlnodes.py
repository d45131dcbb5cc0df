"""YAML read the careful way: every scalar stays text, every key keeps its line.

PyYAML's usual loaders guess types (``NO`` becomes ``False``, ``2021-01-01`` a date, ``1e3`` a float)
and forget where a key stood. Composing nodes with the base resolver keeps every scalar as the text
the author wrote, so each field decides its own type, and problems can name their line.
Anchors and aliases are refused outright: they are never needed in front matter and are the door
to "billion laughs" expansion.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_NODES = 20_000


class YamlProblem(Exception):
    """What keeps a text from being read as a mapping: becomes a Problem with the same fields."""

    def __init__(self, line: int, message: str, code: str, field: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.code = code
        self.field = field
        self.params = params


@dataclass
class Field:
    """A top-level key of a mapping with its raw value and the line it stands on."""

    key: str
    value: Any
    line: int
    node: yaml.Node


FAST_LOADER = getattr(yaml, "CBaseLoader", None)
"""libyaml's loader: same nodes and marks, ~20x faster (a third of a full index build in Python)."""


MAX_REPORT_CHARS = 64 * 1024
MAX_REPORT_DEPTH = 64
"""The pure-Python loader re-reads a broken text only below these sizes: its scanner checks every
open bracket for every token, 1 MiB of `[` would take hours (issue 16); libyaml's message is
given instead."""


def compose(text: str, first_line: int = 1) -> yaml.Node | None:
    """Compose ``text`` into nodes; ``first_line`` is the file line where ``text`` begins."""
    if FAST_LOADER is not None:
        try:
            return _compose(text, first_line, FAST_LOADER)
        except YamlProblem:
            if len(text) > MAX_REPORT_CHARS or _bracket_depth(text) > MAX_REPORT_DEPTH:
                raise
            # report with the pure-Python loader, whose messages the editors see everywhere
    return _compose(text, first_line, yaml.BaseLoader)


def _bracket_depth(text: str) -> int:
    """The deepest nesting of `[` and `{`, quotes ignored (an upper bound, in linear time)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}" and depth:
            depth -= 1
    return deepest


def _compose(text: str, first_line: int, loader: type) -> yaml.Node | None:
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + first_line
                raise YamlProblem(line, "YAML anchors and aliases (& and *) are not allowed here; "
                                        "write the value out", "yaml_alias")
        return yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlProblem(line, f"not valid YAML: {problem}", "yaml_invalid") from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"not valid YAML: {exc}", "yaml_invalid") from exc


def line_of(node: yaml.Node, first_line: int) -> int:
    return node.start_mark.line + first_line


def plain(node: yaml.Node, budget: list[int] | None = None) -> Any:
    """Turn a node into str / list / dict, keeping every scalar as text."""
    if budget is None:
        budget = [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(node.start_mark.line + 1, "front matter is too large or too deeply nested", "too_nested")
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [plain(item, budget) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {str(plain(k, budget)): plain(v, budget) for k, v in node.value}
    return None  # pragma: no cover - PyYAML has no other node kinds


def mapping_fields(node: yaml.Node, first_line: int, what: str, code: str) -> list[Field]:
    """The keys of a top-level mapping in order; a non-mapping (problem ``code``) or a repeated key is
    a problem."""
    if not isinstance(node, yaml.MappingNode):
        raise YamlProblem(line_of(node, first_line), f"{what} must be a mapping of `key: value` lines", code)
    fields: list[Field] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(plain(key_node))
        line = line_of(key_node, first_line)
        if key in seen:
            raise YamlProblem(line, f"`{key}` is given twice (first on line {seen[key]}); keep one", "given_twice",
                              key, first=seen[key])
        seen[key] = line
        fields.append(Field(key, plain(value_node), line, value_node))
    return fields
