"""The relevance set and its harness: does the search find what a decision maker means?

``questions.yaml`` holds the questions (as users type them, each with a ``kind`` and a ``need``),
``judgments.yaml`` the graded judgments per question and entry, ``floor.json`` the figures the
project must keep (tests/core/test_relevance_floor.py). ``python -m bench.relevance`` runs them.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "questions.yaml"
JUDGMENTS = HERE / "judgments.yaml"
FLOOR = HERE / "floor.json"
K = 10
"""Every figure is at rank 10: the first page a decision maker reads."""
