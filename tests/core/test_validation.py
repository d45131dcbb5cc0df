"""Validation: every broken entry is named as path:line with a message an editor can act on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.content import load_corpus
from app.content.vocabulary import VocabularyError, load_vocabulary

GOOD = """---
title: Gutes Beispiel
summary: Kurz.
kind: practice
levels: [Kommune]
topics: [steuerung]
country: DE
sources:
  - title: Quelle
    url: https://example.org/
outcome: open
phase: running
reviewed: 2026-11-01
---
Text.
"""


def write(content_dir: Path, slug: str, text: str | bytes) -> Path:
    path = content_dir / f"{slug}.md"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def problems_of(content_dir: Path, slug: str) -> list[str]:
    corpus = load_corpus(content_dir)
    return [f"{p.line}: {p.message}" for p in corpus.problems if Path(p.path).stem == slug]


def test_a_valid_entry_has_no_problems(content_dir):
    write(content_dir, "gutes-beispiel", GOOD)
    corpus = load_corpus(content_dir)
    assert corpus.problems == []
    practice = corpus.practices["gutes-beispiel"]
    assert practice.levels == ["Kommune"] and practice.status == "published" and practice.language == "de"


def test_problems_are_reported_as_path_line_message(content_dir):
    write(content_dir, "unbekannter-schluessel", GOOD.replace("country: DE", "country: DE\ntopcs: [x]"))
    corpus = load_corpus(content_dir)
    assert [str(p).split(":", 1)[1] for p in corpus.problems] == \
        ["8: unknown key `topcs`; did you mean `topics`?"]
    assert str(corpus.problems[0]).startswith(str(content_dir.name)) or "unbekannter-schluessel.md:8:" \
        in str(corpus.problems[0])


def test_a_value_outside_the_vocabulary_suggests_the_closest(content_dir):
    write(content_dir, "falsches-thema", GOOD.replace("topics: [steuerung]", "topics: [steurung]"))
    assert problems_of(content_dir, "falsches-thema") == [
        "6: `topics`: 'steurung' is not in the vocabulary; did you mean `steuerung`?"]


def test_list_item_problems_point_at_the_item_line(content_dir):
    text = GOOD.replace("levels: [Kommune]", "levels:\n  - Kommune\n  - Landkreis")
    write(content_dir, "ebene-als-liste", text)
    assert problems_of(content_dir, "ebene-als-liste")[0].startswith("7: `levels`: 'Landkreis'")


def test_vocabulary_values_are_matched_without_regard_to_case(content_dir):
    write(content_dir, "kleinschreibung", GOOD.replace("[Kommune]", "[kommune, LAND]"))
    corpus = load_corpus(content_dir)
    assert corpus.practices["kleinschreibung"].levels == ["Kommune", "Land"]


def test_missing_required_fields_are_named(content_dir):
    write(content_dir, "ohne-titel", GOOD.replace("title: Gutes Beispiel\n", ""))
    assert problems_of(content_dir, "ohne-titel") == [
        "2: required field `title` is missing (Title: what and where)"]


def test_a_file_without_front_matter_is_rejected(content_dir):
    write(content_dir, "ohne-kopf", "# Nur Text\n")
    assert problems_of(content_dir, "ohne-kopf")[0].startswith("1: front matter is missing")


def test_unclosed_front_matter_is_rejected(content_dir):
    write(content_dir, "offener-kopf", GOOD.replace("---\nText.", "Text."))
    assert "not closed" in problems_of(content_dir, "offener-kopf")[0]


def test_front_matter_that_is_not_a_mapping_is_rejected(content_dir):
    write(content_dir, "liste-statt-mapping", "---\n- a\n- b\n---\n")
    assert problems_of(content_dir, "liste-statt-mapping") == [
        "2: front matter must be a mapping of `key: value` lines"]


def test_broken_yaml_names_its_line(content_dir):
    write(content_dir, "kaputtes-yaml", GOOD.replace("kind: practice", "kind: [practice"))
    assert problems_of(content_dir, "kaputtes-yaml")[0].split(":")[0] in {"4", "5"}
    assert "not valid YAML" in problems_of(content_dir, "kaputtes-yaml")[0]


def test_a_utf8_bom_and_crlf_line_ends_are_accepted(content_dir):
    write(content_dir, "mit-bom-und-crlf", b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    corpus = load_corpus(content_dir)
    assert corpus.problems == []
    assert corpus.practices["mit-bom-und-crlf"].title == "Gutes Beispiel"


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(content_dir):
    write(content_dir, "latin1-datei", GOOD.replace("Kurz.", "Kurz und gr\xfcn.").encode("latin-1"))
    assert problems_of(content_dir, "latin1-datei") == [
        "3: not UTF-8 (byte 0xfc); save the file as UTF-8"]


def test_a_file_over_one_mebibyte_is_rejected(content_dir):
    write(content_dir, "riesig", GOOD + "x" * (1024 * 1024))
    assert "at most 1,048,576 bytes" in problems_of(content_dir, "riesig")[0]


def test_no_stays_text_in_a_text_field(content_dir):
    write(content_dir, "norwegen-kuerzel", GOOD.replace("title: Gutes Beispiel", "title: NO")
          .replace("kind: practice", "kind: practice\nplace: yes"))
    practice = load_corpus(content_dir).practices["norwegen-kuerzel"]
    assert practice.title == "NO" and practice.place == "yes"


def test_a_comma_string_is_not_taken_for_a_list(content_dir):
    write(content_dir, "komma-statt-liste", GOOD.replace("topics: [steuerung]", "topics: steuerung, sprache"))
    assert problems_of(content_dir, "komma-statt-liste") == [
        "6: `topics` is one text 'steuerung, sprache', not a list; write it as [steuerung, sprache]"]


def test_a_single_value_without_comma_is_a_one_item_list(content_dir):
    write(content_dir, "ein-wert", GOOD.replace("topics: [steuerung]", "topics: steuerung"))
    assert load_corpus(content_dir).practices["ein-wert"].topics == ["steuerung"]


def test_dates_are_dates_and_years_are_numbers(content_dir):
    write(content_dir, "mit-datum", GOOD.replace("kind: practice", "kind: practice\nyear: 2021\nupdated: 2026-11-24"))
    practice = load_corpus(content_dir).practices["mit-datum"]
    assert practice.year == 2021 and practice.updated.isoformat() == "2026-11-24"


@pytest.mark.parametrize("line, message", [
    ("updated: 24.11.2026", "`updated` must be a date written YYYY-MM-DD, not '24.11.2026'"),
    ("year: zwanzig", "`year` must be a four-digit year, not 'zwanzig'"),
    ("status: entwurf", "`status`: 'entwurf' is not in the vocabulary; allowed: published, draft"),
    ("region: NRW", "`region`: 'NRW' is not a German Land"),
    ("place: " + "P" * 201, "`place` is 201 characters long; at most 200 are allowed"),
])
def test_bad_values_are_explained(content_dir, line, message):
    write(content_dir, "falscher-wert", GOOD.replace("kind: practice", f"kind: practice\n{line}"))
    assert problems_of(content_dir, "falscher-wert") == [f"5: {message}"]


def test_sources_need_a_web_address(content_dir):
    write(content_dir, "quelle-ohne-url", GOOD.replace("https://example.org/", "example.org"))
    assert problems_of(content_dir, "quelle-ohne-url") == [
        "10: `sources` item 1 needs a `url` starting with http:// or https://"]


def test_a_published_entry_needs_sources_but_a_draft_does_not(content_dir):
    without = GOOD.split("sources:")[0] + "---\n"
    write(content_dir, "ohne-quellen", without)
    write(content_dir, "entwurf-ohne-quellen", without.replace("country: DE", "country: DE\nstatus: draft"))
    assert "needs `sources`" in problems_of(content_dir, "ohne-quellen")[0]
    assert problems_of(content_dir, "entwurf-ohne-quellen") == []


def test_a_repeated_key_is_reported(content_dir):
    write(content_dir, "doppelter-schluessel", GOOD.replace("kind: practice", "kind: practice\nkind: practice"))
    assert problems_of(content_dir, "doppelter-schluessel") == [
        "5: `kind` is given twice (first on line 4); keep one"]


def test_yaml_aliases_are_refused_before_they_can_expand(content_dir):
    bomb = GOOD.replace("kind: practice", 'kind: practice\nactors: &a ["x", "x"]\nplace: *a')
    write(content_dir, "yaml-bombe", bomb)
    assert "anchors and aliases" in problems_of(content_dir, "yaml-bombe")[0]


def test_a_file_name_that_is_not_a_slug_is_rejected(content_dir):
    (content_dir / "Gross Geschrieben.md").write_text(GOOD, "utf-8")
    corpus = load_corpus(content_dir)
    assert any("is not a valid slug" in str(p) and "Gross Geschrieben.md:1:" in str(p)
               for p in corpus.problems)


def test_duplicate_slugs_in_subfolders_are_reported(content_dir):
    (content_dir / "a").mkdir()
    (content_dir / "b").mkdir()
    write(content_dir / "a", "doppelt", GOOD)
    write(content_dir / "b", "doppelt", GOOD)
    corpus = load_corpus(content_dir)
    [problem] = corpus.problems
    assert "b/doppelt.md" in problem.path and problem.line == 1
    assert problem.message.startswith("slug `doppelt` is used twice; the first is ")
    assert "a/doppelt.md" in problem.message and problem.message.endswith(": rename one file")


def test_related_slugs_must_exist_but_only_the_link_is_dropped(content_dir):
    related = "kind: practice\nrelated: [gibt-es-nicht, gutes-beispiel]"
    write(content_dir, "mit-verweis", GOOD.replace("kind: practice", related))
    write(content_dir, "gutes-beispiel", GOOD)
    corpus = load_corpus(content_dir)
    assert problems_of(content_dir, "mit-verweis") == ["5: `related`: no entry `gibt-es-nicht` exists"]
    assert corpus.practices["mit-verweis"].related == ["gutes-beispiel"]


def test_an_invalid_entry_does_not_stop_the_valid_ones(content_dir):
    write(content_dir, "gutes-beispiel", GOOD)
    write(content_dir, "kaputt", "---\ntitle: [\n---\n")
    corpus = load_corpus(content_dir)
    assert list(corpus.practices) == ["gutes-beispiel"]
    assert list(corpus.invalid) and "kaputt.md" in list(corpus.invalid)[0]


def test_a_broken_vocabulary_is_named_with_its_line(content_dir):
    (content_dir / "vocabulary.yaml").write_text("levels: [\n", "utf-8")
    with pytest.raises(VocabularyError) as caught:
        load_vocabulary(content_dir)
    assert "vocabulary.yaml:" in str(caught.value) and "not valid YAML" in str(caught.value)


def test_a_vocabulary_broken_while_serving_keeps_the_last_good_one(content_dir):
    from app.content.vocabulary import cached_vocabulary

    good = cached_vocabulary(content_dir)
    path = content_dir / "vocabulary.yaml"
    path.write_text("levels: [\n", "utf-8")
    os.utime(path, ns=(1, 1))
    assert cached_vocabulary(content_dir) is good
