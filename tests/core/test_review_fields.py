"""outcome, phase, reviewed and based_on: parsed from real files, each problem at its line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.content import load_corpus
from app.content.vocabulary import VocabularyError, load_vocabulary
from tests.conftest import FIXTURES

PRACTICE = """---
title: Gutes Beispiel
summary: Kurz.
kind: practice
levels: [Kommune]
topics: [steuerung]
country: DE
outcome: positive
phase: running
reviewed: 2026-11-20
sources:
  - title: Quelle
    url: https://example.org/bericht
---
Text.
"""

RECOMMENDATION = PRACTICE.replace("kind: practice", "kind: recommendation").replace(
    "reviewed: 2026-11-20", "reviewed: 2026-11-20\nbased_on: [gutes-beispiel]")


def write(content_dir: Path, slug: str, text: str) -> Path:
    path = content_dir / f"{slug}.md"
    path.write_text(text, "utf-8")
    return path


def problems_of(content_dir: Path, slug: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in load_corpus(content_dir).problems if Path(p.path).stem == slug]


def test_the_review_fields_are_read_into_the_entry(content_dir):
    write(content_dir, "gutes-beispiel", PRACTICE)
    write(content_dir, "empfehlung", RECOMMENDATION)
    corpus = load_corpus(content_dir)
    assert corpus.problems == []
    practice = corpus.practices["gutes-beispiel"]
    assert (practice.outcome, practice.phase, practice.reviewed) == ("positive", "running", date(2026, 11, 20))
    assert corpus.practices["empfehlung"].based_on == ["gutes-beispiel"]


@pytest.mark.parametrize(("line", "wrong", "message"), [
    ("outcome: positive", "outcome: positiv",
     "8: `outcome`: 'positiv' is not in the vocabulary; did you mean `positive`?"),
    ("phase: running", "phase: laufend",
     "9: `phase`: 'laufend' is not in the vocabulary; allowed: planned, running, ended, unknown"),
    ("phase: running", "phase: endet", "9: `phase`: 'endet' is not in the vocabulary; did you mean `ended`?"),
    ("reviewed: 2026-11-20", "reviewed: 20.11.2026",
     "10: `reviewed` must be a date written YYYY-MM-DD, not '20.11.2026'"),
    ("reviewed: 2026-11-20", "reviewed: 2999-01-01",
     "10: `reviewed` 2999-01-01 lies in the future; give the day the entry was checked"),
])
def test_a_wrong_value_is_named_at_its_line(content_dir, line, wrong, message):
    write(content_dir, "falsch", PRACTICE.replace(line, wrong))
    assert problems_of(content_dir, "falsch") == [message]
    assert "falsch" not in load_corpus(content_dir).practices


def test_values_are_matched_without_regard_to_case(content_dir):
    write(content_dir, "gross", PRACTICE.replace("outcome: positive", "outcome: Mixed"))
    assert load_corpus(content_dir).practices["gross"].outcome == "mixed"


def test_based_on_is_for_recommendations_only(content_dir):
    write(content_dir, "gutes-beispiel", PRACTICE)
    write(content_dir, "praxis", PRACTICE.replace("reviewed: 2026-11-20",
                                                  "reviewed: 2026-11-20\nbased_on: [gutes-beispiel]"))
    [problem] = problems_of(content_dir, "praxis")
    assert problem.startswith("11: `based_on` is for recommendations only")


def test_a_missing_basis_is_reported_but_only_the_link_is_dropped(content_dir):
    write(content_dir, "gutes-beispiel", PRACTICE)
    write(content_dir, "empfehlung", RECOMMENDATION.replace("[gutes-beispiel]",
                                                            "[gutes-beispiel, gutes-beispeil, empfehlung]"))
    corpus = load_corpus(content_dir)
    assert problems_of(content_dir, "empfehlung") == [
        "11: `based_on`: no entry `gutes-beispeil` exists; did you mean `gutes-beispiel`?",
        "11: `based_on`: an entry cannot be based on itself (`empfehlung`)"]
    assert corpus.practices["empfehlung"].based_on == ["gutes-beispiel"]
    assert corpus.practices["empfehlung"].published


def test_the_validate_command_reports_them_like_every_other_field(content_dir):
    import subprocess

    from tests.conftest import PRAXISATLAS

    write(content_dir, "falsch", PRACTICE.replace("outcome: positive", "outcome: gut"))
    run = subprocess.run([str(PRAXISATLAS), "validate", str(content_dir)], capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{content_dir.name}/falsch.md:8: `outcome`: 'gut' is not in the vocabulary" in run.stdout


# --- the vocabulary's labels ---------------------------------------------------------------------

def test_the_shipped_vocabulary_keeps_labels_with_commas_whole():
    vocab = load_vocabulary(FIXTURES.parent.parent / "practices")
    assert vocab.label("topic", "monitoring", "de") == "Daten, Monitoring und Evaluation"
    assert vocab.label("topic", "monitoring", "en") == "Data, monitoring and evaluation"
    assert vocab.label("topic", "mehrebenen", "de") == "Aufgabenteilung Bund, Land, Kommune"
    assert vocab.label("kind", "practice", "en") == "Practice"
    assert vocab.ids("outcome") == ["positive", "mixed", "negative", "open"]
    assert vocab.ids("phase") == ["planned", "running", "ended", "unknown"]


def _broken(content_dir: Path, old: str, new: str) -> list[str]:
    path = content_dir / "vocabulary.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(content_dir)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_a_label_cut_at_a_comma_is_refused_at_its_line(content_dir):
    text = (content_dir / "vocabulary.yaml").read_text("utf-8")
    line = text.splitlines().index(
        '  - {id: bildung, label: {de: "Bildung, Kita und Schule", en: Education and schools}}') + 1
    problems = _broken(content_dir, 'de: "Bildung, Kita und Schule"', "de: Bildung, Kita und Schule")
    assert problems == [f"{line}: `topics`: the label of `bildung` has the key 'Kita und Schule'; only de "
                        "and en are allowed (a comma in `{de: …, en: …}` ends the label: put it in quotes)"]


def test_a_label_in_another_language_or_not_text_is_refused(content_dir):
    assert _broken(content_dir, "{de: Positiv, en: Positive}", "{de: Positiv, fr: Positif}")[0].endswith(
        "`outcomes`: the label of `positive` has the key 'fr'; only de and en are allowed "
        "(a comma in `{de: …, en: …}` ends the label: put it in quotes)")


def test_a_label_that_is_a_list_is_refused(content_dir):
    [problem] = _broken(content_dir, "{de: Laufend, en: Running}", "{de: [Laufend, Aktiv], en: Running}")
    assert problem.endswith("`phases`: the label of `running` in `de` must be a text")


def test_a_block_style_label_map_is_read(content_dir):
    path = content_dir / "vocabulary.yaml"
    text = path.read_text("utf-8").replace(
        "  - {id: mixed, label: {de: Gemischt, en: Mixed}",
        "  - id: mixed\n    label:\n      de: Gemischt, mit Abstrichen\n      en: Mixed, with reservations\n"
        "    note: x\n  - {id: mixed-old, label: {de: Alt, en: Old}")
    path.write_text(text, "utf-8")
    vocab = load_vocabulary(content_dir)
    assert vocab.label("outcome", "mixed", "de") == "Gemischt, mit Abstrichen"
    assert vocab.label("outcome", "mixed", "en") == "Mixed, with reservations"
