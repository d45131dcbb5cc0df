"""Editors' links count in the ranking: of two entries a question finds equally well, the one the
best hit links to (``related``, ``based_on``) comes first; a link never lifts what was not found."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.search import SearchRequest
from tests.conftest import indexed_corpus

TWIN = dict(title="Integrationslotsen begleiten Neuzugewanderte",
            summary="Ehrenamtliche Lotsen begleiten Neuzugewanderte zu Ämtern.",
            body="## Umsetzung\nDie Lotsen werden geschult.\n")


def corpus(root: Path, linked: str, field: str = "related") -> dict[str, dict[str, object]]:
    hub = dict(title="Lotsenprogramm für Neuzugewanderte im Landkreis",
               summary="Integrationslotsen begleiten Neuzugewanderte; der Landkreis fördert Lotsen.",
               body="## Umsetzung\nLotsen, Lotsen, Lotsen begleiten Neuzugewanderte.\n")
    if field == "based_on":
        hub.update(kind="recommendation", based_on=[linked])
    else:
        hub[field] = [linked]
    return {"lotsen-hub": hub, "lotsen-a": dict(TWIN), "lotsen-b": dict(TWIN),
            "abfall-kalender": dict(title="Abfallkalender", summary="Termine der Müllabfuhr.",
                                    body="## Umsetzung\nOnline.\n")}


def ranked(root: Path, entries: dict[str, dict[str, object]], q: str) -> list[str]:
    with indexed_corpus(root, entries) as engine:
        return [hit.record["slug"] for hit in engine.search(SearchRequest(q=q)).hits]


@pytest.mark.parametrize("linked", ["lotsen-a", "lotsen-b"])
def test_the_twin_the_best_hit_links_to_comes_first(tmp_path, linked):  # type: ignore[no-untyped-def]
    order = ranked(tmp_path, corpus(tmp_path, linked), "Lotsen begleiten Neuzugewanderte")
    assert "lotsen-hub" in order[:5]
    twins = [slug for slug in order if slug in ("lotsen-a", "lotsen-b")]
    assert twins[0] == linked


def test_a_recommendation_lifts_the_entries_it_rests_on(tmp_path):  # type: ignore[no-untyped-def]
    order = ranked(tmp_path, corpus(tmp_path, "lotsen-b", "based_on"), "Lotsen begleiten Neuzugewanderte")
    twins = [slug for slug in order if slug in ("lotsen-a", "lotsen-b")]
    assert twins[0] == "lotsen-b"


def test_a_link_does_not_bring_in_an_entry_the_question_does_not_find(tmp_path):  # type: ignore[no-untyped-def]
    order = ranked(tmp_path, corpus(tmp_path, "abfall-kalender"), "Lotsen begleiten Neuzugewanderte")
    assert "abfall-kalender" not in order
