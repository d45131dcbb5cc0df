"""Running the set through both systems, the figures per question, per kind and overall, and reports."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.content.model import Practice
from bench.relevance import K
from bench.relevance.judged import KINDS, Question
from bench.relevance.metrics import mean, ndcg, recall
from bench.relevance.systems import Systems

SYSTEMS = ("project", "baseline")
METRICS = ("recall", "ndcg")


@dataclass
class Scored:
    question: Question
    relevant: dict[str, int]
    """slug → grade ≥ 1, only entries in the index."""
    absent: set[str]
    """judged entries that are not in the index (ignored by the figures)."""
    top: dict[str, list[str]]
    """system → its top-k slugs."""

    def figure(self, system: str, metric: str) -> float | None:
        measure = recall if metric == "recall" else ndcg
        return measure(self.top[system], self.relevant, K)


def evaluate(questions: list[Question], systems: Systems) -> list[Scored]:
    present = set(systems.practices)
    return [Scored(q, q.relevant(present), {slug for slug in q.grades if slug not in present},
                   {"project": systems.project(q.q), "baseline": systems.baseline(q.q)})
            for q in questions]


def means(scored: list[Scored]) -> dict[str, dict[str, float | None]]:
    return {system: {metric: mean([s.figure(system, metric) for s in scored]) for metric in METRICS}
            for system in SYSTEMS}


def summary(scored: list[Scored]) -> dict[str, Any]:
    kinds = [kind for kind in KINDS if any(s.question.kind == kind for s in scored)]
    return {
        "k": K, "gain": "grade (2 answers it, 1 partly; linear, not 2^grade - 1)",
        "questions": len(scored),
        "without_relevant": [s.question.id for s in scored if not s.relevant],
        "judged_absent_from_index": len(set().union(*(s.absent for s in scored))),
        "overall": means(scored),
        "per_kind": {kind: {"questions": sum(1 for s in scored if s.question.kind == kind),
                            **means([s for s in scored if s.question.kind == kind])} for kind in kinds},
    }


def to_json(scored: list[Scored], totals: dict[str, Any]) -> dict[str, Any]:
    return {**totals, "per_question": [
        {"id": s.question.id, "kind": s.question.kind, "q": s.question.q, "relevant": len(s.relevant),
         **{system: {"recall": s.figure(system, "recall"), "ndcg": s.figure(system, "ndcg"),
                     "top": s.top[system]} for system in SYSTEMS}}
        for s in scored]}


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _f(value: float | None) -> str:
    return "  –  " if value is None else f"{value:.3f}"


def table(scored: list[Scored], totals: dict[str, Any], out: Callable[[str], None] = print) -> None:
    out(f"{'id':7} {'kind':12} {'R@10 proj':>9} {'nDCG proj':>9} {'R@10 bm25':>9} {'nDCG bm25':>9}  query")
    for s in scored:
        out(f"{s.question.id:7} {s.question.kind:12} {_f(s.figure('project', 'recall')):>9} "
            f"{_f(s.figure('project', 'ndcg')):>9} {_f(s.figure('baseline', 'recall')):>9} "
            f"{_f(s.figure('baseline', 'ndcg')):>9}  {s.question.q}")
    out("")
    out(f"{'per kind':20} {'n':>3} {'R@10 proj':>9} {'nDCG proj':>9} {'R@10 bm25':>9} {'nDCG bm25':>9}")
    rows = [*totals["per_kind"].items(), ("OVERALL", {"questions": totals["questions"], **totals["overall"]})]
    for kind, figures in rows:
        out(f"{kind:20} {figures['questions']:>3} {_f(figures['project']['recall']):>9} "
            f"{_f(figures['project']['ndcg']):>9} {_f(figures['baseline']['recall']):>9} "
            f"{_f(figures['baseline']['ndcg']):>9}")
    gap = totals["overall"]["project"]["ndcg"] - totals["overall"]["baseline"]["ndcg"]
    out(f"nDCG@10 project − baseline: {gap:+.3f}; gain = grade (linear)")
    if totals["without_relevant"]:
        out(f"note: left out of the means (no relevant entry in the index): {', '.join(totals['without_relevant'])}")
    if totals["judged_absent_from_index"]:
        out(f"note: {totals['judged_absent_from_index']} judged entries are not in this index (ignored)")


def _entry(practice: Practice | None, slug: str, grade: str = "") -> str:
    if practice is None:
        return f"  {grade}{slug}  (not in the index)"
    summary = textwrap.shorten(practice.summary, 300)
    return f"  {grade}{slug}\n      {practice.title}\n      {summary}"


def pool(scored: list[Scored], practices: dict[str, Practice], out: Callable[[str], None] = print) -> int:
    """Prints every pooled top-k entry (either system) without a judgment yet; returns how many."""
    waiting = 0
    for s in scored:
        unjudged = [slug for slug in dict.fromkeys(s.top["project"] + s.top["baseline"])
                    if slug not in s.question.grades]
        if not unjudged:
            continue
        waiting += len(unjudged)
        out(f"{s.question.id} [{s.question.kind}] {s.question.q}\n  need: {s.question.need}")
        for slug in unjudged:
            out(_entry(practices.get(slug), slug))
    out(f"{waiting} pooled entries without a judgment")
    return waiting


def worst(scored: list[Scored], practices: dict[str, Practice], n: int,
          out: Callable[[str], None] = print) -> None:
    """The n questions where the project does worst (nDCG@10, then recall@10), with what it missed."""
    ranked = sorted((s for s in scored if s.relevant),
                    key=lambda s: (s.figure("project", "ndcg") or 0.0, s.figure("project", "recall") or 0.0))
    for s in ranked[:n]:
        out(f"{s.question.id} [{s.question.kind}] {s.question.q!r}  nDCG@10 {_f(s.figure('project', 'ndcg'))}"
            f"  recall@10 {_f(s.figure('project', 'recall'))}  (bm25: {_f(s.figure('baseline', 'ndcg'))})")
        out(f"  need: {s.question.need}")
        out("  project's top 10:" if s.top["project"] else "  project's top 10: (no hits)")
        for rank, slug in enumerate(s.top["project"], start=1):
            title = practices[slug].title if slug in practices else ""
            out(f"   {rank:2}. [{s.question.grades.get(slug, '?')}] {slug} – {textwrap.shorten(title, 70)}")
        missed = sorted(((g, slug) for slug, g in s.relevant.items() if slug not in s.top["project"]),
                        reverse=True)
        if missed:
            out("  missed: " + ", ".join(f"{slug} ({g})" for g, slug in missed))
        out("")


def shortfalls(overall: dict[str, dict[str, float | None]], floor: dict[str, float]) -> list[str]:
    """What falls below the floor (keys ``ndcg`` and ``recall``, the project's overall means;
    ``ndcg_over_baseline``, how far the project's nDCG must stay above plain BM25's)."""
    below = []
    for metric in METRICS:
        measured = overall["project"][metric]
        if metric in floor and (measured is None or measured < floor[metric]):
            below.append(f"project {metric}@{K} {_f(measured)} is below the floor {floor[metric]:.3f}")
    margin = floor.get("ndcg_over_baseline")
    ours, theirs = overall["project"]["ndcg"], overall["baseline"]["ndcg"]
    if margin is not None and (ours is None or theirs is None or ours - theirs < margin):
        below.append(f"project nDCG@{K} is {_f(ours)}, less than {margin:.3f} above plain BM25's {_f(theirs)}")
    return below
