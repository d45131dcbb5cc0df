"""A synthetic corpus shaped like the real one: German text and the real front-matter distribution.

Text comes from a word-bigram chain trained on the real entries' bodies, so word frequencies,
compounds and sentence lengths look like the corpus users search. Front matter is sampled field by
field from the real entries, so facet value frequencies match too. Seeded: the same size gives the
same corpus on every machine.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.content.corpus import load_corpus
from app.content.model import Practice

ROOT = Path(__file__).resolve().parent.parent
REAL_CONTENT = ROOT / "practices"
SEED = 20261125
STAMP = ".bench-corpus"
WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]*|[.,;:]")


@dataclass
class Distribution:
    """What the real entries look like, field by field."""

    kinds: list[str] = field(default_factory=list)
    levels: list[list[str]] = field(default_factory=list)
    topics: list[list[str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    regions: dict[str, list[str | None]] = field(default_factory=dict)
    municipality_types: list[str | None] = field(default_factory=list)
    years: list[int | None] = field(default_factory=list)
    evidence: list[str | None] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    body_words: list[int] = field(default_factory=list)
    chain: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    starts: Counter[str] = field(default_factory=Counter)
    nouns: Counter[str] = field(default_factory=Counter)


def learn(content_dir: Path = REAL_CONTENT) -> Distribution:
    """Read the real entries and record their field values and their text's word bigrams."""
    corpus = load_corpus(content_dir)
    dist = Distribution()
    published: list[Practice] = [p for p in corpus.practices.values() if p.language == "de"]
    for p in published:
        dist.kinds.append(p.kind)
        dist.levels.append(list(p.levels))
        dist.topics.append(list(p.topics))
        dist.countries.append(p.country)
        dist.regions.setdefault(p.country, []).append(p.region)
        dist.municipality_types.append(p.municipality_type)
        dist.years.append(p.year)
        dist.evidence.append(p.evidence)
        dist.actors.extend(p.actors)
        if p.place:
            dist.places.append(p.place)
        text = " ".join(line for line in p.body.splitlines() if not line.startswith("#"))
        tokens = WORD.findall(f"{p.summary} {text}")
        dist.body_words.append(max(120, sum(1 for t in tokens if t[0].isalpha())))
        previous = "."
        for token in tokens:
            dist.chain[previous][token] += 1
            if previous == ".":
                dist.starts[token] += 1
            if token[0].isupper() and len(token) > 5:
                dist.nouns[token] += 1
            previous = token
    return dist


class Writer:
    """Generates entries from a Distribution with one seeded random generator."""

    def __init__(self, dist: Distribution, seed: int = SEED) -> None:
        self.dist = dist
        self.rng = random.Random(seed)
        self._next = {w: (list(c), list(itertools.accumulate(c.values()))) for w, c in dist.chain.items()}
        self._nouns = [w for w, _ in dist.nouns.most_common(400)] or ["Integration"]

    def sentence(self, max_words: int = 30) -> str:
        words: list[str] = []
        token = "."
        while len(words) < max_words:
            choices, cumulative = self._next.get(token) or self._next["."]
            token = self.rng.choices(choices, cum_weights=cumulative)[0]
            if token == ".":
                break
            if token in ",;:":
                if words and words[-1][-1] not in ",;:":
                    words[-1] += token
                continue
            words.append(token)
        if not words:
            return self.sentence(max_words)
        text = " ".join(words).rstrip(",;:")
        return text[0].upper() + text[1:] + "."

    def paragraph(self, n_words: int) -> str:
        out, count = [], 0
        while count < n_words:
            s = self.sentence()
            out.append(s)
            count += s.count(" ") + 1
        return " ".join(out)

    def front_matter(self, number: int) -> dict[str, Any]:
        d, rng = self.dist, self.rng
        country = rng.choice(d.countries)
        noun = rng.choice(self._nouns)
        place = rng.choice(d.places) if d.places and rng.random() < 0.7 else None
        title = f"{noun} {self.sentence(8)[:-1].lower()}"
        if place:
            title += f" in {place}"
        data: dict[str, Any] = {
            "title": title[:190],
            "summary": self.paragraph(35)[:590],
            "kind": rng.choice(d.kinds),
            "levels": rng.choice(d.levels),
            "topics": rng.choice(d.topics),
            "country": country,
        }
        region = rng.choice(d.regions.get(country, [None]))
        optional = {
            "region": region,
            "place": place,
            "municipality_type": rng.choice(d.municipality_types),
            "actors": sorted(set(rng.sample(d.actors, k=min(3, len(d.actors))))) or None,
            "year": rng.choice(d.years),
            "evidence": rng.choice(d.evidence),
        }
        data.update({k: v for k, v in optional.items() if v})
        data["status"] = "published"
        data["language"] = "de"
        data["sources"] = [{"title": f"Quelle {number}", "url": f"https://example.org/quelle/{number}"}]
        review = random.Random(number)  # its own generator: the entries' text stays as it was
        data["outcome"] = review.choice(("positive", "mixed", "negative", "open"))
        data["phase"] = review.choice(("planned", "running", "ended", "unknown"))
        data["reviewed"] = f"20{review.randint(20, 25)}-{review.randint(1, 12):02d}-{review.randint(1, 28):02d}"
        return data

    def entry(self, number: int) -> str:
        # JSON values are valid YAML and ~50x faster to write than yaml.safe_dump
        front = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n"
                        for key, value in self.front_matter(number).items())
        words = self.rng.choice(self.dist.body_words)
        parts = []
        for heading, share in (("Ausgangslage", 0.25), ("Umsetzung", 0.45), ("Wirkung", 0.15),
                               ("Übertragbarkeit", 0.15)):
            parts.append(f"## {heading}\n\n{self.paragraph(max(20, int(words * share)))}\n")
        return f"---\n{front}---\n" + "\n".join(parts)


def slug_for(number: int) -> str:
    return f"bench-{number:06d}"


def generate(target: Path, size: int, seed: int = SEED) -> Path:
    """Write ``size`` entries and the real vocabulary into ``target`` (reused if already there)."""
    target = Path(target)
    stamp = f"size={size} seed={seed} v=1"
    if (target / STAMP).is_file() and (target / STAMP).read_text("utf-8") == stamp:
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(REAL_CONTENT / "vocabulary.yaml", target / "vocabulary.yaml")
    writer = Writer(learn(), seed)
    for number in range(1, size + 1):
        (target / f"{slug_for(number)}.md").write_text(writer.entry(number), "utf-8")
    (target / STAMP).write_text(stamp, "utf-8")
    return target
