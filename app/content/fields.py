"""The front-matter fields and the rule each one follows.

One table, read by the parser, the validator, the skeleton writer and the editor form alike.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.content.model import Source, is_slug
from app.content.vocabulary import Vocabulary

URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
YEAR_MIN, YEAR_MAX = 1900, 2100


class FieldError(Exception):
    """A value that breaks its field's rule; ``offset`` points at a line inside the value."""

    def __init__(self, message: str, code: str, offset: int = 0, at_key: str | None = None,
                 **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        """What kind of problem (Problem.code); its values in ``params``."""
        self.params = params
        self.offset = offset
        self.key = at_key
        """Within a list item that is a mapping: the key the problem is about."""


@dataclass(frozen=True)
class FieldRule:
    name: str
    kind: str          # text | choice | list | int | date | sources | slugs
    required: bool = False
    max_length: int | None = None
    facet: str | None = None   # vocabulary facet for choice / list values
    help: str = ""


FIELDS: tuple[FieldRule, ...] = (
    FieldRule("title", "text", True, 200, help="Title: what and where"),
    FieldRule("summary", "text", True, 600, help="One sentence to a short paragraph, plain text"),
    FieldRule("kind", "choice", True, facet="kind", help="practice or recommendation"),
    FieldRule("levels", "list", True, facet="level", help="Who acts, or who is addressed"),
    FieldRule("topics", "list", True, facet="topic", help="Topic ids from the vocabulary"),
    FieldRule("country", "choice", True, facet="country", help="DE, SE, FR or EU"),
    FieldRule("region", "text", False, 100, help="For DE one of the 16 Länder"),
    FieldRule("place", "text", False, 200, help="Municipality or area"),
    FieldRule("municipality_type", "choice", False, facet="municipality_type", help="Type of municipality"),
    FieldRule("actors", "list", False, 200, help="Organisations involved, free text"),
    FieldRule("year", "int", False, help="Year the practice started or the recommendation was made"),
    FieldRule("status", "choice", False, facet="status", help="published or draft"),
    FieldRule("language", "choice", False, facet="language", help="de or en"),
    FieldRule("sources", "sources", False, help="Where the facts come from: title, url, year"),
    FieldRule("related", "slugs", False, help="Slugs of entries that belong together"),
    FieldRule("updated", "date", False, help="Date of the last substantive revision, YYYY-MM-DD"),
    FieldRule("evidence", "choice", False, facet="evidence", help="evaluated, monitored or described"),
    FieldRule("outcome", "choice", False, facet="outcome",
              help="What the cited sources report about the effect: positive, mixed, negative or open"),
    FieldRule("phase", "choice", False, facet="phase",
              help="planned, running, ended or unknown, as of the review date"),
    FieldRule("reviewed", "date", False, help="Date the entry was last checked against its sources, YYYY-MM-DD"),
    FieldRule("based_on", "slugs", False, help="Recommendations only: slugs of the entries that back it"),
)
RULES = {rule.name: rule for rule in FIELDS}
PUBLISHED_NEEDS = ("outcome", "phase", "reviewed")
"""Optional in a draft, required once an entry is published (besides ``sources``)."""
FIXED_CHOICES = {"status": ["published", "draft"], "language": ["de", "en"]}
DEFAULTS: dict[str, Any] = {"status": "published", "language": "de"}


def closest(word: str, options: list[str]) -> str | None:
    """The option ``word`` was most likely meant to be, if one is close enough."""
    matches = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not matches:
        folded = {o.casefold(): o for o in options}
        matches = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
        matches = [folded[m] for m in matches]
    return matches[0] if matches else None


def did_you_mean(suggestion: str | None) -> str:
    """The hint a message ends with when ``closest`` found what was meant."""
    return f"; did you mean `{suggestion}`?" if suggestion else ""


def choices(rule: FieldRule, vocab: Vocabulary) -> list[str]:
    if rule.facet in FIXED_CHOICES:
        return FIXED_CHOICES[rule.facet]
    return vocab.ids(rule.facet or "")


def convert(rule: FieldRule, raw: Any, vocab: Vocabulary) -> Any:
    """Check and convert one raw value (text, list or mapping from YAML); raise FieldError."""
    kind = rule.kind
    if kind == "text":
        return _text(rule, raw)
    if kind == "choice":
        return _choice(rule, _text(rule, raw), vocab)
    if kind == "list":
        items = _list(rule, raw)
        if rule.facet:
            return _dedupe([_choice(rule, item, vocab, index) for index, item in enumerate(items)])
        return _dedupe(items)
    if kind == "int":
        return _year(_text(rule, raw))
    if kind == "date":
        text = _text(rule, raw)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise FieldError(f"`{rule.name}` must be a date written YYYY-MM-DD, not {text!r}", "not_a_date",
                             value=text) from None
    if kind == "slugs":
        slugs = _dedupe(_list(rule, raw))
        for index, slug in enumerate(slugs):
            if not is_slug(slug):
                raise FieldError(f"`{rule.name}`: {slug!r} is not a slug (lowercase letters, digits and "
                                 "single hyphens)", "not_a_slug", index, value=slug)
        return slugs
    if kind == "sources":
        return _sources(raw)
    raise AssertionError(kind)  # pragma: no cover


def _text(rule: FieldRule, raw: Any) -> str:
    if isinstance(raw, (list, dict)):
        shape = "list" if isinstance(raw, list) else "mapping"
        raise FieldError(f"`{rule.name}` must be a single text, not a {shape}", f"text_not_{shape}")
    text = " ".join(str(raw).split()) if rule.name != "summary" else str(raw).strip()
    if rule.max_length and len(text) > rule.max_length:
        raise FieldError(f"`{rule.name}` is {len(text)} characters long; at most {rule.max_length} "
                         "are allowed", "too_long", length=len(text), limit=rule.max_length)
    return text


def _list(rule: FieldRule, raw: Any) -> list[str]:
    if isinstance(raw, str):
        if "," in raw:
            parts = ", ".join(p.strip() for p in raw.split(","))
            raise FieldError(f"`{rule.name}` is one text {raw!r}, not a list; write it as [{parts}]",
                             "one_text_not_list", value=raw, parts=parts)
        raw = [raw] if raw.strip() else []
    if not isinstance(raw, list):
        raise FieldError(f"`{rule.name}` must be a list, e.g. [a, b]", "not_a_list")
    items = []
    for index, item in enumerate(raw):
        if not isinstance(item, str):
            raise FieldError(f"`{rule.name}`: item {index + 1} must be a text, not a nested structure",
                             "item_not_text", index, number=index + 1)
        text = " ".join(item.split())
        if rule.max_length and len(text) > rule.max_length:
            raise FieldError(f"`{rule.name}`: item {index + 1} is longer than {rule.max_length} "
                             "characters", "item_too_long", index, number=index + 1, limit=rule.max_length)
        if text:
            items.append(text)
    return items


def _choice(rule: FieldRule, value: str, vocab: Vocabulary, offset: int = 0) -> str:
    options = choices(rule, vocab)
    if value in options:
        return value
    folded = {o.casefold(): o for o in options}
    if value.casefold() in folded:
        return folded[value.casefold()]
    suggestion = closest(value, options)
    allowed = options if suggestion is None and len(options) <= 12 else []
    hint = "; allowed: " + ", ".join(allowed) if allowed else did_you_mean(suggestion)
    raise FieldError(f"`{rule.name}`: {value!r} is not in the vocabulary{hint}", "not_in_vocabulary", offset,
                     value=value, suggestion=suggestion, allowed=allowed)


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text):
        raise FieldError(f"`year` must be a four-digit year, not {text!r}", "year_format", value=text)
    year = int(text)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise FieldError(f"`year` {year} is outside {YEAR_MIN}–{YEAR_MAX}", "year_range", year=year,
                         low=YEAR_MIN, high=YEAR_MAX)
    return year


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _sources(raw: Any) -> list[Source]:
    if not isinstance(raw, list):
        raise FieldError("`sources` must be a list of entries with `title` and `url`", "sources_not_list")
    sources = []
    for index, item in enumerate(raw):
        where = f"`sources` item {index + 1}"
        number = index + 1
        if isinstance(item, str):
            raise FieldError(f"{where} must have `title:` and `url:` on their own lines, not one text",
                             "source_one_text", index, number=number)
        if not isinstance(item, dict):
            raise FieldError(f"{where} must be a mapping with `title` and `url`", "source_not_mapping", index,
                             number=number)
        unknown = sorted(set(item) - {"title", "url", "year"})
        if unknown:
            suggestion = closest(unknown[0], ["title", "url", "year"])
            raise FieldError(f"{where}: unknown key `{unknown[0]}`"
                             f"{did_you_mean(suggestion)}", "source_unknown_key",
                             index, number=number, key=unknown[0], suggestion=suggestion)
        title = item.get("title")
        url = item.get("url")
        if not isinstance(title, str) or not title.strip():
            raise FieldError(f"{where} needs a `title`", "source_title", index, "title", number=number)
        if not isinstance(url, str) or not URL_RE.match(url.strip()):
            raise FieldError(f"{where} needs a `url` starting with http:// or https://", "source_url", index,
                             "url", number=number)
        year = None
        if item.get("year") not in (None, ""):
            if not isinstance(item["year"], str):
                raise FieldError(f"{where}: `year` must be a four-digit year", "source_year", index, "year",
                                 number=number)
            try:
                year = _year(item["year"])
            except FieldError as exc:
                raise FieldError(f"{where}: {exc.message}", "source_year", index, "year",
                                 number=number) from None
        sources.append(Source(" ".join(title.split()), url.strip(), year))
    return sources
