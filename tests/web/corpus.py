"""A small corpus of real entry files for the page and API tests, each entry named after its case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import WriteEntry

ENTRIES: dict[str, dict[str, Any]] = {
    "fallmanagement-kreis-mettmann": dict(
        title="Rechtskreisübergreifendes Fallmanagement im Kreis Mettmann",
        summary="Sozialamt, Jobcenter und Ausländerbehörde stimmen Fälle gemeinsam ab.",
        levels=["Kommune"], topics=["fallmanagement", "steuerung"], country="DE",
        region="Nordrhein-Westfalen", place="Kreis Mettmann", municipality_type="landkreis", year=2021,
        evidence="evaluated", updated="2026-11-20", related=["abh-digital-leipzig"],
        body="## Ausgangslage\nViele Stellen, ein Fall.\n\n## Umsetzung\nDie Ausländerbehörde lädt ein.\n"),
    "abh-digital-leipzig": dict(
        title="Digitale Termine in der Ausländerbehörde Leipzig",
        summary="Online-Terminvergabe und E-Akte senken die Wartezeit.",
        levels=["Kommune"], topics=["auslaenderbehoerde", "digitalisierung"], country="DE", region="Sachsen",
        place="Leipzig", municipality_type="kreisfreie-stadt", year=2023, evidence="monitored",
        updated="2026-10-01",
        body="## Umsetzung\nTermine werden online vergeben; die Akte ist digital.\n"),
    "empfehlung-land-fallmanagement": dict(
        title="Empfehlung: Fallmanagement landesweit fördern",
        summary="Die Länder sollen kommunales Fallmanagement dauerhaft finanzieren.",
        kind="recommendation", levels=["Land"], topics=["fallmanagement", "finanzierung"], country="DE",
        year=2024, evidence="described",
        body="## Empfehlung\nDauerhafte Finanzierung statt Projekte.\n"),
    "sverige-etablering-malmo": dict(
        title="Etableringsprogrammet in Malmö",
        summary="Arbetsförmedlingen und die Kommune begleiten Neuzugewanderte gemeinsam.",
        levels=["Kommune", "Bund"], topics=["fallmanagement", "arbeitsmarkt"], country="SE", place="Malmö",
        municipality_type="kommun", year=2010, language="de",
        body="## Umsetzung\nGemeinsame Pläne für jede Person.\n"),
    "france-contrat-integration": dict(
        title="Contrat d'intégration républicaine in Lyon",
        summary="Die OFII-Plattform koordiniert Sprachkurse und Beratung.",
        levels=["Bund"], topics=["fallmanagement", "sprache"], country="FR", place="Lyon", year=2016,
        body="## Umsetzung\nSprachkurse nach Einstufung.\n"),
    "entwurf-noch-geheim": dict(
        title="Entwurf: Geheimes Fallmanagement", summary="Noch nicht veröffentlicht.", status="draft",
        topics=["fallmanagement"]),
    "script-in-body": dict(
        title="Eintrag mit gefährlichem Markdown", summary="Der Text enthält Skript und Formel.",
        topics=["monitoring"], year=2019,
        body="## Teil\n<script>alert(1)</script>\n[klick](javascript:alert(1)) **fett**\n"),
}


def write_corpus(write_entry: WriteEntry) -> list[Path]:
    return [write_entry(slug, **fields) for slug, fields in ENTRIES.items()]
