"""The relevance set holds a floor: a search change that finds less of what users mean fails here.

Builds a real index of the shipped ``practices/`` and the plain BM25 baseline once, runs every
question of bench/relevance through both, and compares the project's overall figures with
bench/relevance/floor.json (the one place the floor is kept; raise it as the search improves).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from bench.relevance import FLOOR, JUDGMENTS, QUESTIONS
from bench.relevance.judged import KINDS, load_set
from bench.relevance.run import evaluate, shortfalls, summary
from bench.relevance.systems import Systems
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    systems = Systems(ROOT / "practices", tmp_path_factory.mktemp("relevance"))
    try:
        return summary(evaluate(load_set(QUESTIONS, JUDGMENTS), systems))
    finally:
        systems.close()


def test_the_project_keeps_the_relevance_floor(figures: dict[str, Any]) -> None:
    below = shortfalls(figures["overall"], json.loads(FLOOR.read_text(encoding="utf-8")))
    assert not below, "; ".join(below) + " (python -m bench.relevance --worst 5 shows what it misses)"


def test_a_floor_above_the_measured_figures_is_reported(figures: dict[str, Any]) -> None:
    below = shortfalls(figures["overall"], {"ndcg": 1.01, "recall": 1.01, "ndcg_over_baseline": 0.9})
    assert len(below) == 3 and "above plain BM25" in below[2]


def test_the_set_asks_every_kind_of_question_with_answers_in_the_corpus(figures: dict[str, Any]) -> None:
    kinds = Counter({kind: figures["per_kind"].get(kind, {}).get("questions", 0) for kind in KINDS})
    assert figures["questions"] >= 90
    assert min(kinds.values()) >= 6, kinds
    assert not figures["without_relevant"], "questions with no relevant entry in the shipped corpus"
