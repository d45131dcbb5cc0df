"""The review list: valid, published entries that an editor should look at again.

Not validation (the entries are valid and served) but what a professional reader would catch: links to
a site's front page, sources without a year, reviews older than 24 months, `evaluated` without an
evaluation among the sources, recommendations without a basis. Each finding is a ``path:line: message``
like a validation problem, at the line of the key or source it is about.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from app.content.corpus import Corpus, shown_path
from app.content.model import Practice, Problem

REVIEW_MONTHS = 24
REASONS = ("front_page", "source_year", "review_date", "evaluation", "based_on")
"""Why an entry is on the review list, one code per kind of finding (the editor filters by it)."""
EVALUATION_WORDS = re.compile(
    r"evaluat|evaluier|évaluat|utvärder|wirkung|studie|study|bericht|report|rapport|gutachten|"
    r"forschung|research|analyse|analysis|impact", re.IGNORECASE)
"""A source whose title or URL holds one of these is taken for an evaluation (a heuristic)."""


@dataclass(frozen=True)
class Finding(Problem):
    """A review-list finding: a ``path:line: message`` problem that also says which kind it is."""

    reason: str = ""


@dataclass
class Lines:
    """Where the keys and the sources of one entry file stand (file lines, 1-based)."""

    keys: dict[str, int]
    sources: list[tuple[int, int]]
    """Per source: the line of the item, the line of its ``url``."""

    def key(self, name: str, fallback: str = "title") -> int:
        return self.keys.get(name) or self.keys.get(fallback) or 2


def audit(corpus: Corpus, today: date | None = None) -> list[Finding]:
    """Findings for every published entry of ``corpus``, in file order."""
    today = today or date.today()
    oldest = _months_before(today, REVIEW_MONTHS)
    findings: list[Finding] = []
    for practice in sorted(corpus.published, key=lambda p: str(p.path)):
        findings.extend(audit_entry(practice, corpus, oldest))
    return findings


def audit_entry(practice: Practice, corpus: Corpus, oldest: date) -> list[Finding]:
    shown = shown_path(practice.path)
    lines = Lines(practice.lines, practice.source_lines)
    found: list[Finding] = []

    def note(line: int, message: str, reason: str, code: str, key: str, **params: Any) -> None:
        found.append(Finding(shown, line, message, key, code, params, reason=reason))

    for index, source in enumerate(practice.sources):
        item_line, url_line = lines.sources[index] if index < len(lines.sources) else (lines.key("sources"),) * 2
        if is_front_page(source.url):
            note(url_line, f"source {index + 1} links to a site's front page ({source.url}): link the page "
                           "that states the fact", "front_page", "front_page", "sources", number=index + 1,
                 url=source.url)
        if source.year is None:
            note(item_line, f"source {index + 1} has no `year`", "source_year", "source_without_year", "sources",
                 number=index + 1)
    if practice.reviewed is None:
        note(lines.key("reviewed"), "no `reviewed` date: check the entry against its sources", "review_date",
             "not_reviewed", "reviewed")
    elif practice.reviewed < oldest:
        note(lines.key("reviewed"), f"`reviewed` {practice.reviewed.isoformat()} is more than "
                                    f"{REVIEW_MONTHS} months ago: check the entry against its sources again",
             "review_date", "review_old", "reviewed", day=practice.reviewed.isoformat(), months=REVIEW_MONTHS)
    if practice.evidence == "evaluated" and not any(
            EVALUATION_WORDS.search(f"{s.title} {s.url}") for s in practice.sources):
        note(lines.key("evidence"), "`evidence: evaluated`, but no source looks like an evaluation or study "
                                    "(title or URL without Evaluation, Wirkung, Studie, study, Bericht, "
                                    "report …): cite it, or lower the evidence", "evaluation",
             "no_evaluation", "evidence")
    if practice.kind == "recommendation":
        if not practice.based_on:
            note(lines.key("based_on", "kind"), "recommendation without `based_on`: name the entries "
                                                "that back it", "based_on", "no_based_on", "based_on")
        elif not any(getattr(corpus.practices.get(slug), "country", None) == "DE" for slug in practice.based_on):
            note(lines.key("based_on"), "`based_on` names no German (country: DE) entry", "based_on",
                 "based_on_not_german", "based_on")
    return found


def is_front_page(url: str) -> bool:
    """A link to a site as a whole: nothing after the host but ``/`` (a query names a page)."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
