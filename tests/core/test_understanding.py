"""Questions as decision makers type them: function words, soft matching, compounds, word forms,
names across languages, spelling that never replaces a real word, and each result's reason."""

from __future__ import annotations

import pytest

from app.search import SearchIndex, SearchRequest
from tests.conftest import indexed_corpus

NAMES = """
  - [Schweden, Sweden, Swedish]
  - [Termin, Terminvergabe, appointment, appointments]
"""

ENTRIES = {
    "wartezeiten-leipzig": dict(
        title="Kürzere Wartezeiten in der Ausländerbehörde Leipzig",
        summary="Mehr Personal und Online-Anträge senken die Wartezeiten.",
        body="## Umsetzung\nDie Ausländerbehörde stellte Personal ein.\n"),
    "auslaenderbehoerde-personal": dict(
        title="Personal für die Ausländerbehörde",
        summary="Ein Landkreis gewinnt und qualifiziert neues Personal.",
        body="## Umsetzung\nEinarbeitung und Schulung.\n"),
    "terminvergabe-online": dict(
        title="Online-Terminvergabe im Bürgeramt",
        summary="Termine werden über ein System im Netz gebucht.",
        body="## Umsetzung\nDas System ersetzt Wartenummern.\n"),
    "digitalisierung-akten": dict(
        title="Digitalisierung der Akten",
        summary="Die Stadt führt elektronische Akten ein.",
        body="## Umsetzung\nScannen und Schulung.\n"),
    "sweden-introduction": dict(
        title="Sweden's introduction programme for newly arrived refugees",
        summary="The Public Employment Service runs a two-year programme with language and work.",
        body="## Background\nMunicipalities provide housing.\n", language="en", country="SE"),
    "erwaehnt-schweden": dict(
        title="Fallmanagement im Kreis",
        summary="Ein Kreis begleitet Geflüchtete im Einzelfall.",
        body="## Ausgangslage\nDas Modell wurde in Schweden angeregt, umgesetzt aber im Kreis.\n"),
    "behoerde-literal": dict(
        title="Zusammenarbeit", summary="Eine Behörde im Landkreis.", body="## Umsetzung\nText.\n"),
    "behoerde-compound": dict(
        title="Zusammenarbeit", summary="Eine Meldebehörde im Landkreis.", body="## Umsetzung\nText.\n"),
    "behoerde-synonym": dict(
        title="Zusammenarbeit", summary="Ein Migrationsamt im Landkreis.", body="## Umsetzung\nText.\n"),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):  # type: ignore[no-untyped-def]
    with indexed_corpus(tmp_path_factory.mktemp("understanding"), ENTRIES, NAMES) as engine:
        yield engine


def found(engine: SearchIndex, q: str) -> list[str]:
    return [hit.record["slug"] for hit in engine.search(SearchRequest(q=q)).hits]


def reasons(engine: SearchIndex, q: str) -> dict[str, list[tuple[str, str]]]:
    """slug → [(the entry's word, how it matched)] of the words part of each hit's reason."""
    return {hit.record["slug"]: [(w.found, w.kind) for w in hit.reason.words]
            for hit in engine.search(SearchRequest(q=q)).hits}


def test_function_words_of_any_language_are_never_required(engine):
    with_words = engine.search(SearchRequest(q="Wartezeiten in der Ausländerbehörde"))
    assert with_words.partial is False and with_words.hits[0].record["slug"] == "wartezeiten-leipzig"
    assert found(engine, "Wartezeiten in der Ausländerbehörde")[:2] == found(engine, "Wartezeiten Ausländerbehörde")[:2]
    assert found(engine, "the waiting times of les Ausländerbehörde")  # English and French articles too


def test_an_entry_lacking_one_word_is_found_after_those_with_every_word(engine):
    result = engine.search(SearchRequest(q="Ausländerbehörde Personal Wartezeiten Leipzig"))
    slugs = [hit.record["slug"] for hit in result.hits]
    assert slugs[0] == "wartezeiten-leipzig"  # all four words
    assert "auslaenderbehoerde-personal" in slugs  # two of the four: found, no cliff


def test_a_compound_no_entry_contains_is_split_into_parts_the_index_knows(engine):
    why = reasons(engine, "Terminvergabesystem")
    assert next(iter(why)) == "terminvergabe-online"
    assert ("Terminvergabe", "compound") in why["terminvergabe-online"]


def test_a_compound_of_which_only_one_part_is_known_is_named_and_searched_by_that_part(engine):
    result = engine.search(SearchRequest(q="Personalbeirat"))
    assert result.missing == ["Personalbeirat"] and result.partial is True
    assert result.hits[0].record["slug"] == "auslaenderbehoerde-personal"
    assert ("Personal", "compound") in reasons(engine, "Personalbeirat")["auslaenderbehoerde-personal"]


def test_word_forms_meet(engine):
    why = reasons(engine, "digitalisieren")
    assert why["digitalisierung-akten"][0] == ("Digitalisierung", "derived")


def test_a_german_country_name_finds_the_english_entries_of_that_country_first(engine):
    slugs = found(engine, "Schweden")
    assert slugs[0] == "sweden-introduction"
    assert "erwaehnt-schweden" in slugs


def test_a_real_word_no_entry_mentions_is_named_and_never_replaced(engine):
    result = engine.search(SearchRequest(q="Spanien Ausländerbehörde"))
    assert result.missing == ["Spanien"] and result.corrected is False and result.suggestion is None
    assert result.partial is True and result.hits[0].record["slug"] in {"wartezeiten-leipzig",
                                                                         "auslaenderbehoerde-personal"}


def test_a_misspelling_is_read_as_the_entries_word_and_said_so(engine):
    result = engine.search(SearchRequest(q="Ausländerbehörde Persnal"))
    assert result.corrected is True and result.suggestion == "Ausländerbehörde personal"
    assert result.hits[0].record["slug"] == "auslaenderbehoerde-personal"


def test_literal_beats_compound_beats_synonym_in_the_word_ranking(engine):
    why = reasons(engine, "Behörde")
    assert why["behoerde-literal"] == [("Behörde", "literal")]
    assert why["behoerde-compound"] == [("Meldebehörde", "compound")]
    ranked = [slug for slug in found(engine, "Behörde") if slug.startswith("behoerde-")]
    assert ranked.index("behoerde-literal") < ranked.index("behoerde-compound")


def test_synonym_hits_rank_below_literal_ones_and_say_so(engine):
    why = reasons(engine, "Zuwanderungsbehörde")
    assert ("Migrationsamt", "synonym") in why["behoerde-synonym"]


def test_the_api_explains_every_result(engine, tmp_path):
    from app import create_app

    app = create_app({"TESTING": True, "CONTENT_DIR": engine.content_dir, "INDEX_DIR": engine.index_dir,
                      "STATE_DIR": tmp_path / "state", "SECRET_KEY": "test"})
    data = app.test_client().get("/api/v1/search?q=Terminvergabesystem").get_json()
    first = data["results"][0]
    assert first["match"]["words"][0] == {"query": "Terminvergabesystem", "found": "Terminvergabe",
                                          "kind": "compound"}
    assert isinstance(first["match"]["semantic"], bool)
    assert app.test_client().get("/api/v1/search").get_json()["results"][0]["match"] is None
