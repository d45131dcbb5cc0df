"""The query language people type, parsed without ever failing.

``words`` are ANDed; ``"a phrase"``; ``-word`` or ``-"phrase"`` excludes; ``a OR b``; ``prefix*``.
Anything else (stray quotes, brackets, colons, a lone ``*``) is read as plain words or dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.search.words import without_elision

MAX_CLAUSES = 24
MIN_PREFIX = 2

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+(?:[-'.]\w+)*\*?", re.UNICODE)


@dataclass(frozen=True)
class Item:
    """One thing to look for: a word, a phrase (several words) or a prefix."""

    text: str
    phrase: bool = False
    prefix: bool = False
    quoted: bool = False
    """Typed in quotes: the exact wording is asked for."""


@dataclass
class ParsedQuery:
    clauses: list[list[Item]] = field(default_factory=list)
    """Every clause must match; within a clause, any item may (``OR``)."""
    excluded: list[Item] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.clauses and not self.excluded

    def words(self) -> list[str]:
        return [item.text for clause in self.clauses for item in clause]


def parse(text: str, max_chars: int) -> ParsedQuery:
    """Parse any string (its first ``max_chars`` characters: the setting MAX_QUERY_LENGTH) into
    clauses; never raises."""
    text = (text or "")[:max_chars]
    result = ParsedQuery()
    pending_or = False
    for match in _TOKEN.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare == "OR":
            pending_or = bool(result.clauses)
            continue
        items: list[Item] = []
        if quoted is not None:
            words = _WORD.findall(quoted)
            if words:
                joined = " ".join(w.rstrip("*") for w in words)
                items.append(Item(joined, phrase=len(words) > 1, quoted=True))
        else:
            assert bare is not None
            negated = "-" if bare.startswith("-") and len(bare) > 1 else ""
            for word in _WORD.findall(bare.lstrip("-+")):
                is_prefix = word.endswith("*")
                word = without_elision(word.rstrip("*"))  # l'intégration: the word, not a phrase
                if not word:
                    continue
                if is_prefix and len(word) >= MIN_PREFIX:
                    items.append(Item(word, prefix=True))
                else:
                    items.append(Item(word, phrase=bool(re.search(r"[-'.]", word))))
        if not items:
            continue
        if negated:
            result.excluded.extend(items)
            pending_or = False
            continue
        if pending_or and result.clauses:
            result.clauses[-1].extend(items[:1])
            result.clauses.extend([item] for item in items[1:])
        else:
            result.clauses.extend([item] for item in items)
        pending_or = False
    result.clauses = result.clauses[:MAX_CLAUSES]
    result.excluded = result.excluded[:MAX_CLAUSES]
    return result
