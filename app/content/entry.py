"""One entry file → a Practice, or the problems that keep it from being one."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import yaml

from app.content.fields import DEFAULTS, PUBLISHED_NEEDS, RULES, FieldError, convert, did_you_mean
from app.content.files import MAX_FILE_BYTES, revision_of
from app.content.model import Practice, Problem, is_slug
from app.content.vocabulary import Vocabulary
from app.content.yamlnodes import Field, YamlProblem, compose, mapping_fields

DELIMITERS = ("---", "...")


def decode(data: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """Bytes → text with LF line ends; a BOM is dropped, non-UTF-8 and oversize files are refused."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(shown, 1, f"file is {len(data):,} bytes; entries may be at most "
                                        f"{MAX_FILE_BYTES:,} bytes (1 MiB)")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(shown, line, f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file "
                                           "as UTF-8")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """Return (front matter, body, file line where the body starts); raise Problem-bearing YamlProblem."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise YamlProblem(1, "front matter is missing: the file must start with a line `---`, then "
                             "`key: value` lines, then `---`")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in DELIMITERS:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    raise YamlProblem(1, "front matter is not closed: add a line `---` after the last `key: value` line")


def parse_entry(path: Path, data: bytes, vocab: Vocabulary, shown: str | None = None
                ) -> tuple[Practice | None, list[Problem]]:
    """Parse and validate one file's bytes. Cross-entry rules (duplicates, related) are the corpus's."""
    shown = shown or str(path)
    slug = Path(path).stem
    problems: list[Problem] = []
    if not is_slug(slug):
        problems.append(Problem(shown, 1, f"file name {Path(path).name!r} is not a valid slug: use "
                                          "lowercase letters, digits and single hyphens, at most 80 "
                                          "characters (e.g. kim-kreis-mettmann.md)"))
    text, decode_problems = decode(data, shown)
    if text is None:
        return None, problems + decode_problems
    try:
        front, body, _ = split_front_matter(text, shown)
        node = compose(front, first_line=2)
        if node is None:
            raise YamlProblem(2, "front matter is empty; `title`, `summary`, `kind`, `levels`, "
                                 "`topics` and `country` are required")
        fields = mapping_fields(node, 2, "front matter")
    except YamlProblem as exc:
        return None, problems + [Problem(shown, exc.line, exc.message)]

    values: dict[str, object] = dict(DEFAULTS)
    lines: dict[str, int] = {}
    for field in fields:
        lines[field.key] = field.line
        rule = RULES.get(field.key)
        if rule is None:
            problems.append(Problem(shown, field.line, f"unknown key `{field.key}`"
                                                       f"{did_you_mean(field.key, list(RULES))}"))
            continue
        if field.value in ("", None, []):
            continue  # an empty value is the same as leaving the key out
        try:
            values[field.key] = convert(rule, field.value, vocab)
        except FieldError as exc:
            line = field.line
            if isinstance(field.node, yaml.SequenceNode) and exc.offset < len(field.node.value):
                item = field.node.value[exc.offset]
                line = item.start_mark.line + 2
                if exc.key and isinstance(item, yaml.MappingNode):
                    for key_node, _ in item.value:
                        if key_node.value == exc.key:
                            line = key_node.start_mark.line + 2
            problems.append(Problem(shown, line, exc.message))
        except YamlProblem as exc:
            problems.append(Problem(shown, field.line, exc.message))

    for name, rule in RULES.items():
        if rule.required and name not in values and not any(p.message.startswith(f"`{name}`")
                                                              for p in problems):
            problems.append(Problem(shown, 2, f"required field `{name}` is missing ({rule.help})"))
    if values.get("status") == "published" and not values.get("sources") and "sources" not in lines:
        problems.append(Problem(shown, 2, "a published entry needs `sources`: at least one with "
                                          "`title` and `url` (or set `status: draft`)"))
    elif values.get("status") == "published" and not values.get("sources") and not any(
            p.message.startswith("`sources`") for p in problems):
        problems.append(Problem(shown, lines["sources"], "a published entry needs at least one source"))
    if values.get("status") == "published":
        for name in PUBLISHED_NEEDS:
            if name not in values and not any(p.message.startswith(f"`{name}`") for p in problems):
                problems.append(Problem(shown, 2, f"a published entry needs `{name}` ({RULES[name].help}); "
                                                  "or set `status: draft`"))
    if values.get("based_on") and values.get("kind") != "recommendation":
        problems.append(Problem(shown, lines["based_on"], "`based_on` is for recommendations only: it names "
                                                          "the entries a recommendation rests on (use "
                                                          "`related` for other links)"))
    reviewed = values.get("reviewed")
    if isinstance(reviewed, date) and reviewed > date.today() + timedelta(days=1):
        problems.append(Problem(shown, lines["reviewed"], f"`reviewed` {reviewed.isoformat()} lies in the "
                                                          "future; give the day the entry was checked"))
    region = values.get("region")
    if region and values.get("country") == "DE":
        canonical = vocab.canonical("region", str(region))
        if canonical is None:
            problems.append(Problem(shown, lines.get("region", 2),
                                    f"`region`: {region!r} is not a German Land"
                                    f"{did_you_mean(str(region), vocab.ids('region'))}"))
        else:
            values["region"] = canonical
    if problems:
        return None, problems
    practice = Practice(slug=slug, path=Path(path), body=body.strip("\n") + "\n",
                        revision=revision_of(data), lines=lines, source_lines=_source_lines(fields),
                        **values)  # type: ignore[arg-type]
    return practice, []


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
