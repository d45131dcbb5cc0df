"""The praxisatlas command as an editor or an operator uses it in a shell."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from app.search import SearchRequest
from tests.conftest import PRAXISATLAS


def run(content_dir: Path, index_dir: Path, *args: str, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRAXISATLAS_CONTENT_DIR": str(content_dir), "PRAXISATLAS_INDEX_DIR": str(index_dir),
           **(env or {})}
    return subprocess.run([str(PRAXISATLAS), *args], env=env, capture_output=True, text=True,
                          input=stdin, cwd=content_dir.parent, timeout=120)


def test_validate_passes_a_valid_folder(write_entry, content_dir, index_dir):
    write_entry("gueltig")
    result = run(content_dir, index_dir, "validate")
    assert result.returncode == 0, result.stdout
    assert "1 entries valid" in result.stderr


def test_validate_names_every_problem_with_path_and_line(write_entry, content_dir, index_dir):
    write_entry("gueltig")
    (content_dir / "tippfehler.md").write_text(
        "---\ntitle: T\nsummary: S\nkind: practise\nlevels: [Kommune]\ntopics: [sprache]\ncountry: DE\n"
        "outcome: open\nphase: running\nreviewed: 2026-11-01\n"
        "sources: [{title: Q, url: 'https://example.org'}]\n---\n", "utf-8")
    result = run(content_dir, index_dir, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/tippfehler.md:4: `kind`: 'practise' is not in the vocabulary; did you mean `practice`?"]


def test_validate_single_files(write_entry, content_dir, index_dir):
    good = write_entry("gueltig")
    bad = write_entry("ohne-ebene", levels=[])
    assert run(content_dir, index_dir, "validate", str(good)).returncode == 0
    result = run(content_dir, index_dir, "validate", str(bad))
    assert result.returncode == 1 and "required field `levels` is missing" in result.stdout


def test_index_build_and_update_report_what_changed(write_entry, content_dir, index_dir):
    write_entry("eins", title="Erster")
    write_entry("zwei", title="Zweiter")
    built = run(content_dir, index_dir, "index", "build")
    assert built.returncode == 0 and "indexed 2 entries" in built.stdout
    write_entry("eins", title="Erster, überarbeitet")
    write_entry("drei", title="Dritter")
    (content_dir / "zwei.md").unlink()
    updated = run(content_dir, index_dir, "index", "update")
    assert updated.returncode == 0
    assert "added 1, changed 1, deleted 1" in updated.stdout
    assert "  added: drei" in updated.stdout and "  changed: eins" in updated.stdout
    assert "  deleted: zwei" in updated.stdout


def test_search_json_is_the_api_json(write_entry, content_dir, index_dir, open_search):
    write_entry("abh-digital", title="Digitale Ausländerbehörde", levels=["Kommune", "Land"], year=2022)
    write_entry("andere", title="Sprachkurse", levels=["Land"])
    result = run(content_dir, index_dir, "search", "--json", "--level", "Kommune", "Behörde")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected = open_search(content_dir, index_dir).search(
        SearchRequest(q="Behörde", filters={"level": ["Kommune"]})).to_json()
    assert data == expected
    assert data["total"] == 1 and data["results"][0]["slug"] == "abh-digital"


def test_search_rejects_an_unknown_facet_value_by_name(write_entry, content_dir, index_dir):
    write_entry("eins")
    result = run(content_dir, index_dir, "search", "--level", "Gemeinde", "x")
    assert result.returncode == 2 and "--level: unknown value 'Gemeinde'" in result.stderr


def test_search_prints_a_readable_list(write_entry, content_dir, index_dir):
    write_entry("wohnen-eins", title="Wohnraum für Geflüchtete", region="Bayern", year=2019)
    result = run(content_dir, index_dir, "search", "Wohnraum")
    assert "1 entries (page 1 of 1)" in result.stdout
    assert "1. Wohnraum für Geflüchtete  [wohnen-eins]" in result.stdout


def test_new_writes_a_valid_draft_and_refuses_to_overwrite(content_dir, index_dir):
    created = run(content_dir, index_dir, "new", "neues-beispiel")
    assert created.returncode == 0 and (content_dir / "neues-beispiel.md").exists()
    assert run(content_dir, index_dir, "validate").returncode == 0
    again = run(content_dir, index_dir, "new", "neues-beispiel")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run(content_dir, index_dir, "new", "Kein Slug")
    assert bad.returncode == 1 and "not a valid slug" in bad.stderr


def test_a_folder_without_vocabulary_uses_the_shipped_one(content_dir, index_dir, write_entry):
    write_entry("ohne-vokabular", title="Ohne eigenes Vokabular")
    (content_dir / "vocabulary.yaml").unlink()
    result = run(content_dir, index_dir, "validate")
    assert result.returncode == 0 and "has no vocabulary.yaml; using" in result.stderr
    found = json.loads(run(content_dir, index_dir, "search", "--json", "Vokabular").stdout)
    assert [r["slug"] for r in found["results"]] == ["ohne-vokabular"]


def test_search_explains_each_hit_and_health_reports_meaning_search(write_entry, content_dir, index_dir):
    write_entry("terminvergabe", title="Online-Terminvergabe der Ausländerbehörde",
                summary="Termine werden im Netz gebucht.")
    result = run(content_dir, index_dir, "search", "Terminvergabesystem")
    assert result.returncode == 0, result.stderr
    assert "found by: Terminvergabe (compound part, for 'Terminvergabesystem')" in result.stdout
    health = json.loads(run(content_dir, index_dir, "health").stdout)
    assert health["status"] == "ok" and health["entries"] == 1 and health["semantic"] is True
