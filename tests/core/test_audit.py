"""`praxisatlas audit`: the review list over real files, each finding as path:line: message."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

from app.content import load_corpus
from app.content.audit import audit, is_front_page
from tests.conftest import PRAXISATLAS

TODAY = date.today().isoformat()

CLEAN = f"""---
title: Sauber belegt
summary: Kurz.
kind: practice
levels: [Kommune]
topics: [steuerung]
country: DE
evidence: evaluated
outcome: positive
phase: running
reviewed: {TODAY}
sources:
  - title: Evaluationsbericht der Stadt
    url: https://example.org/bericht-2024.pdf
    year: 2024
---
Text.
"""


def write(folder: Path, slug: str, text: str) -> None:
    (folder / f"{slug}.md").write_text(text, "utf-8")


def run_audit(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PRAXISATLAS), "audit", str(folder)], capture_output=True, text=True)


def test_a_clean_folder_exits_0(content_dir):
    write(content_dir, "sauber", CLEAN)
    run = run_audit(content_dir)
    assert (run.returncode, run.stdout) == (0, "")
    assert "1 published entries, nothing to review" in run.stderr


def test_each_rule_is_named_at_its_line(content_dir):
    old = (date.today() - timedelta(days=2 * 366)).isoformat()
    text = (CLEAN.replace(f"reviewed: {TODAY}", f"reviewed: {old}")
            .replace("  - title: Evaluationsbericht der Stadt\n    url: https://example.org/bericht-2024.pdf\n"
                     "    year: 2024\n",
                     "  - title: Pressemitteilung\n    url: https://www.ndr.de/\n"
                     "  - title: Projektseite\n    url: https://example.org/?page_id=12\n    year: 2023\n"))
    write(content_dir, "zu-pruefen", text)
    run = run_audit(content_dir)
    shown = f"{content_dir.name}/zu-pruefen.md"
    lines = [line.split(shown, 1)[1] for line in run.stdout.splitlines()]
    assert run.returncode == 1
    assert lines == [
        ":14: source 1 links to a site's front page (https://www.ndr.de/): link the page that states the fact",
        ":13: source 1 has no `year`",
        f":11: `reviewed` {old} is more than 24 months ago: check the entry against its sources again",
        ":8: `evidence: evaluated`, but no source looks like an evaluation or study (title or URL without "
        "Evaluation, Wirkung, Studie, study, Bericht, report …): cite it, or lower the evidence",
    ]
    assert "4 finding(s) in 1 of 1 published entries" in run.stderr


def test_recommendations_need_a_german_basis(content_dir):
    write(content_dir, "sauber", CLEAN)
    write(content_dir, "schweden", CLEAN.replace("country: DE", "country: SE"))
    recommendation = CLEAN.replace("kind: practice", "kind: recommendation").replace("evidence: evaluated",
                                                                                     "evidence: described")
    write(content_dir, "ohne-basis", recommendation)
    write(content_dir, "nur-schweden", recommendation.replace("country: DE", "country: DE\nbased_on: [schweden]"))
    write(content_dir, "mit-basis", recommendation.replace("country: DE", "country: DE\nbased_on: [sauber]"))
    findings = [f"{Path(f.path).stem}:{f.line}: {f.message}" for f in audit(load_corpus(content_dir))]
    assert findings == ["nur-schweden:8: `based_on` names no German (country: DE) entry",
                        "ohne-basis:4: recommendation without `based_on`: name the entries that back it"]


def test_drafts_and_the_review_date_boundary(content_dir):
    write(content_dir, "entwurf", CLEAN.replace("reviewed:", "status: draft\nreviewed:").replace(
        "https://example.org/bericht-2024.pdf", "https://example.org/"))
    write(content_dir, "grenze", CLEAN.replace(f"reviewed: {TODAY}", "reviewed: 2024-02-29"))
    corpus = load_corpus(content_dir)
    assert audit(corpus, today=date(2026, 2, 28)) == []  # 24 months before is 2024-02-28
    [late] = audit(corpus, today=date(2026, 3, 1))
    assert "`reviewed` 2024-02-29 is more than 24 months ago" in late.message


def test_what_counts_as_a_front_page():
    assert is_front_page("https://www.ndr.de") and is_front_page("https://www.ndr.de/")
    assert is_front_page("https://www.ndr.de/#top")
    assert not is_front_page("https://www.ndr.de/nachrichten/a.html")
    assert not is_front_page("https://example.org/?p=123")


def test_the_shipped_corpus_can_be_audited():
    from tests.conftest import ROOT

    run = run_audit(ROOT / "practices")
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr
    for line in run.stdout.splitlines():
        path, number, message = line.split(":", 2)
        assert path.endswith(".md") and number.isdigit() and message.strip()
