"""German-aware search as a decision maker would notice it, on a real index in a temporary folder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.search import SearchIndex, SearchRequest
from tests.conftest import indexed_corpus

ENTRIES = {
    "auslaenderbehoerde-digital": dict(
        title="Digitale Ausländerbehörde mit Online-Terminen",
        summary="Die Ausländerbehörde vergibt Termine online und führt die E-Akte.",
        levels=["Kommune"], topics=["digitalisierung", "auslaenderbehoerde"], region="Hessen",
        year=2022, evidence="monitored",
        body="## Umsetzung\nAnträge werden digital gestellt; die Wartezeit sank.\n"),
    "einwanderungsbehoerde-berlin": dict(
        title="Landesamt als Einwanderungsbehörde",
        summary="Ein Land bündelt Aufgaben in einer zentralen Einwanderungsbehörde.",
        levels=["Land"], topics=["zentralisierung"], region="Berlin", year=2020,
        body="Zentral organisiert.\n"),
    "behoerde-im-titel": dict(
        title="Die Behörde als Partner",
        summary="Eine Behörde arbeitet mit Vereinen.", levels=["Kommune"], topics=["steuerung"],
        region="Bayern", year=2019, body="Zusammenarbeit vor Ort.\n"),
    "integrationsmanagement-kreis": dict(
        title="Kommunales Integrationsmanagement im Kreis",
        summary="Die Kommunen eines Kreises koordinieren Beratung für Flüchtlinge.",
        levels=["Kommune", "Land"], topics=["fallmanagement"], region="Nordrhein-Westfalen", year=2021,
        municipality_type="landkreis", evidence="evaluated",
        body="Fallmanagement über Rechtskreise hinweg. Die Agentur für Arbeit ist beteiligt.\n"),
    "strassen-und-massnahmen": dict(
        title="Maßnahmen an der Straße",
        summary="Eine Maßnahme für Geflüchtete in der Hauptstraße.", levels=["Kommune"],
        topics=["wohnen"], region="Sachsen", year=2018, body="Wohnen in der Innenstadt.\n"),
    "sweden-introduction": dict(
        title="Introduction programme for refugees in Sweden",
        summary="Municipalities and the employment service share the introduction of newcomers.",
        levels=["Bund", "Kommune"], topics=["arbeitsmarkt"], country="SE", language="en", year=2010,
        body="Refugees get language courses and work preparation.\n"),
    "empfehlung-bund": dict(
        title="Empfehlung: Verfahren vereinfachen",
        summary="Der Bund soll das Aufenthaltsrecht vereinfachen.", kind="recommendation",
        levels=["Bund"], topics=["rechtsvereinfachung"], year=2023,
        body="Weniger Prüfungen, längere Gültigkeit.\n"),
    "entwurf-geheim": dict(
        title="Entwurf Ausländerbehörde geheim", summary="Noch nicht fertig.", status="draft",
        levels=["Kommune"], topics=["steuerung"], body="Geheimwort Zauberbohne.\n"),
    "html-in-text": dict(
        title="Sonderzeichen im Text", summary="Ein Vergleich: a < b & <script>alert(1)</script> Behörde.",
        levels=["Bund"], topics=["monitoring"], year=2017, body="Nichts weiter.\n"),
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with indexed_corpus(tmp_path_factory.mktemp("search"), ENTRIES) as engine:
        yield engine


def slugs(engine: SearchIndex, q: str, **kwargs) -> list[str]:
    return [hit.record["slug"] for hit in engine.search(SearchRequest(q=q, **kwargs)).hits]


def test_a_part_of_a_compound_finds_the_compound(engine):
    found = slugs(engine, "Behörde")
    assert {"auslaenderbehoerde-digital", "einwanderungsbehoerde-berlin", "behoerde-im-titel"} <= set(found)


def test_whole_word_hits_rank_above_compound_hits(engine):
    found = slugs(engine, "Behörde")
    assert found.index("behoerde-im-titel") < found.index("einwanderungsbehoerde-berlin")


def test_management_finds_integrationsmanagement(engine):
    assert slugs(engine, "Management") == ["integrationsmanagement-kreis"]


def test_the_first_part_of_a_compound_finds_it_too(engine):
    assert "auslaenderbehoerde-digital" in slugs(engine, "Termin")


@pytest.mark.parametrize("query", ["Fluechtlinge", "Flüchtlinge", "Fluchtlinge", "flüchtling"])
def test_umlauts_can_be_typed_any_way(engine, query):
    assert "integrationsmanagement-kreis" in slugs(engine, query)


@pytest.mark.parametrize("query", ["Strasse", "Straße", "Massnahme", "Maßnahmen"])
def test_sharp_s_and_ss_meet(engine, query):
    assert slugs(engine, query) == ["strassen-und-massnahmen"]


def test_german_stemming_finds_other_forms(engine):
    assert "integrationsmanagement-kreis" in slugs(engine, "Kommune")
    assert "integrationsmanagement-kreis" in slugs(engine, "Kreisen")


def test_a_synonym_finds_the_word_in_the_entry_but_ranks_below_it(engine):
    assert "auslaenderbehoerde-digital" in slugs(engine, "Zuwanderungsbehörde")
    found = slugs(engine, "Einwanderungsbehörde")
    assert found[0] == "einwanderungsbehoerde-berlin"
    assert "auslaenderbehoerde-digital" in found


def test_english_words_find_german_entries_through_synonyms(engine):
    assert "strassen-und-massnahmen" in slugs(engine, "refugees")


def test_english_entries_are_analysed_as_english(engine):
    assert slugs(engine, "programmes") == ["sweden-introduction"]
    assert slugs(engine, "shares") == ["sweden-introduction"]
    assert "sweden-introduction" in slugs(engine, "refugee")


def test_the_entry_matching_every_word_comes_first_and_the_rest_follow(engine):
    result = engine.search(SearchRequest(q="Behörde Vereinen"))
    found = [hit.record["slug"] for hit in result.hits]
    assert found[0] == "behoerde-im-titel" and result.partial is False
    assert len(found) > 1  # no cliff: entries with one of the two words are found too, after it
    assert all(hit.reason is not None and len(hit.reason.words) == 1 for hit in result.hits[1:]
               if not hit.reason.semantic)


def test_a_phrase_matches_words_in_order_only(engine):
    assert slugs(engine, '"Agentur für Arbeit"') == ["integrationsmanagement-kreis"]
    assert slugs(engine, '"Arbeit Agentur"') == []


def test_minus_excludes_a_word(engine):
    found = slugs(engine, "Behörde -Vereinen")
    assert "behoerde-im-titel" not in found and "auslaenderbehoerde-digital" in found


def test_or_finds_either_word(engine):
    assert set(slugs(engine, "Hauptstraße OR Innenstadt OR Vereinen")) == {
        "strassen-und-massnahmen", "behoerde-im-titel"}


def test_a_prefix_with_star(engine):
    assert "auslaenderbehoerde-digital" in slugs(engine, "digit*")


def test_drafts_never_appear(engine):
    assert slugs(engine, "Zauberbohne") == []
    assert "entwurf-geheim" not in slugs(engine, "")
    assert engine.records(["entwurf-geheim"]) == []


def test_an_empty_query_browses_everything_newest_first(engine):
    result = engine.search(SearchRequest(q=""))
    assert result.total == len(ENTRIES) - 1
    years = [hit.record["year"] for hit in result.hits if hit.record["year"]]
    assert years == sorted(years, reverse=True)


PUBLISHED = sorted(slug for slug, fields in ENTRIES.items() if fields.get("status") != "draft")


@pytest.mark.parametrize("query", ['"', "(((", "*", "OR", "-", "\x00", "\\", "[]{}^~"])
def test_a_query_without_words_browses_everything_as_an_empty_one_does(engine, query):
    result = engine.search(SearchRequest(q=query))
    assert result.total == len(PUBLISHED)
    assert [h.record["slug"] for h in result.hits] == slugs(engine, "")


@pytest.mark.parametrize("query", ["**Behörde", "Behörde)"])
def test_stray_operators_around_a_word_search_the_word(engine, query):
    assert slugs(engine, query) == slugs(engine, "Behörde") == [
        "behoerde-im-titel", "einwanderungsbehoerde-berlin", "auslaenderbehoerde-digital", "html-in-text"]


@pytest.mark.parametrize("query, missing", [
    ("title:", ["title"]), ("?oo*", ["oo"]),
    ('"unclosed Behörde', ["unclosed Behörde"]),  # read as a phrase to the end: no entry has it
    ("AND OR NOT", []),
])
def test_malformed_queries_no_entry_matches_give_an_empty_answer_naming_what_is_missing(engine, query, missing):
    result = engine.search(SearchRequest(q=query))
    assert (result.total, result.hits, result.suggestion, result.missing) == (0, [], None, missing)


def test_a_very_long_word_is_answered_with_nothing_found_naming_it(engine):
    result = engine.search(SearchRequest(q="a" * 5000))
    assert (result.total, result.hits, result.suggestion) == (0, [], None)
    assert len(result.missing) == 1 and set(result.missing[0]) == {"a"}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.integers(min_value=1, max_value=4))
def test_any_input_gives_a_page_that_agrees_with_its_total(engine, query, per_page):
    """Whatever is typed: the count shown matches the list, no entry twice, never a draft."""
    result = engine.search(SearchRequest(q=query, per_page=per_page))
    found = [hit.record["slug"] for hit in result.hits]
    assert len(found) == min(result.total, per_page)
    assert len(set(found)) == len(found) and set(found) <= set(PUBLISHED)
    assert result.total <= len(PUBLISHED)
    assert result.pages == max(1, -(-result.total // per_page))


def test_no_hit_for_all_words_offers_hits_for_some_and_a_suggestion(engine):
    result = engine.search(SearchRequest(q="Ausländerbehörde Vereinnen"))
    assert result.partial is True
    assert "auslaenderbehoerde-digital" in [hit.record["slug"] for hit in result.hits]
    assert result.suggestion == "Ausländerbehörde vereinen"


def test_a_misspelling_shows_the_hits_for_the_suggestion(engine):
    result = engine.search(SearchRequest(q="Wartezit"))
    assert result.suggestion == "wartezeit" and result.corrected is True
    assert [hit.record["slug"] for hit in result.hits] == ["auslaenderbehoerde-digital"]
    assert "<mark>Wartezeit</mark>" in result.hits[0].highlights


def test_a_misspelled_word_among_others_is_corrected_before_dropping_words(engine):
    result = engine.search(SearchRequest(q="Ausländerbehörde Wartezit"))
    assert result.corrected is True and result.partial is False
    assert result.suggestion == "Ausländerbehörde wartezeit"
    assert [hit.record["slug"] for hit in result.hits][0] == "auslaenderbehoerde-digital"


def test_nothing_close_gives_no_hits_and_no_suggestion(engine):
    result = engine.search(SearchRequest(q="Xylophonquartett"))
    assert (result.total, result.suggestion, result.corrected, result.partial) == (0, None, False, False)


def test_the_title_outranks_the_body(engine):
    found = slugs(engine, "Partner OR Zusammenarbeit OR Vereinen")
    assert found[0] == "behoerde-im-titel"
    assert slugs(engine, "Innenstadt OR Maßnahmen")[0] == "strassen-und-massnahmen"


def test_facets_are_disjunctive(engine):
    result = engine.search(SearchRequest(q="", filters={"level": ["Kommune"]}))
    levels = {c.value: (c.count, c.selected) for c in result.facets["level"]}
    assert levels["Kommune"] == (5, True)
    assert levels["Land"][0] == 2 and levels["Land"][1] is False
    assert result.total == 5
    countries = {c.value: c.count for c in result.facets["country"]}
    assert countries == {"DE": 4, "SE": 1}


def test_values_in_one_facet_are_ored_and_facets_anded(engine):
    result = engine.search(SearchRequest(q="", filters={"region": ["Hessen", "Bayern"],
                                                         "level": ["Kommune"]}))
    assert {h.record["slug"] for h in result.hits} == {"auslaenderbehoerde-digital", "behoerde-im-titel"}
    regions = {c.value: c.count for c in result.facets["region"]}
    assert regions["Sachsen"] == 1 and regions["Hessen"] == 1


def test_selected_values_stay_visible_at_zero(engine):
    result = engine.search(SearchRequest(q="Straße", filters={"topic": ["monitoring"]}))
    topics = {c.value: (c.count, c.selected) for c in result.facets["topic"]}
    assert result.total == 0 and topics["monitoring"] == (0, True)


@pytest.mark.parametrize("facet, value, expected", [
    ("kind", "recommendation", {"empfehlung-bund"}),
    ("evidence", "evaluated", {"integrationsmanagement-kreis"}),
    ("year", "2022", {"auslaenderbehoerde-digital"}),
    ("municipality_type", "landkreis", {"integrationsmanagement-kreis"}),
    ("country", "SE", {"sweden-introduction"}),
])
def test_every_facet_filters(engine, facet, value, expected):
    result = engine.search(SearchRequest(q="", filters={facet: [value]}))
    assert {h.record["slug"] for h in result.hits} == expected


def test_year_range(engine):
    result = engine.search(SearchRequest(q="", year_from=2020, year_to=2022))
    assert {h.record["year"] for h in result.hits} == {2020, 2021, 2022}


def test_facet_labels_follow_the_language(engine):
    result = engine.search(SearchRequest(q="", language="en"))
    labels = {c.value: c.label for c in result.facets["country"]}
    assert labels["DE"] == "Germany"


def test_highlights_mark_matches_in_escaped_text(engine):
    [hit] = engine.search(SearchRequest(q="Vergleich")).hits
    assert "<mark>Vergleich</mark>" in hit.highlights
    assert "<script>" not in hit.highlights and "&lt;script&gt;" in hit.highlights
    assert "a &lt; b &amp;" in hit.highlights


def test_highlights_mark_compound_hits(engine):
    hits = {h.record["slug"]: h for h in engine.search(SearchRequest(q="Behörde")).hits}
    assert "<mark>Ausländerbehörde</mark>" in hits["auslaenderbehoerde-digital"].highlights


def test_a_match_only_in_the_title_is_highlighted_there(engine):
    [hit] = engine.search(SearchRequest(q="Partner")).hits
    assert hit.highlights == "Die Behörde als <mark>Partner</mark>"


def test_completion_keeps_umlauts(engine):
    assert "ausländerbehörde" in engine.complete("auslä")


def test_sort_by_title_and_year(engine):
    titles = [h.record["title"] for h in engine.search(SearchRequest(q="", sort="title")).hits]
    assert titles == sorted(titles, key=lambda t: t.casefold().replace("ß", "ss").replace("ä", "a"))
    years = [h.record["year"] for h in engine.search(SearchRequest(q="Behörde", sort="year")).hits]
    assert years == sorted(years, reverse=True)


def test_pagination(engine):
    first = engine.search(SearchRequest(q="", per_page=3, page=1))
    second = engine.search(SearchRequest(q="", per_page=3, page=2))
    beyond = engine.search(SearchRequest(q="", per_page=3, page=99))
    assert len(first.hits) == 3 and first.pages == 3
    assert not {h.record["slug"] for h in first.hits} & {h.record["slug"] for h in second.hits}
    assert beyond.hits == [] and beyond.total == first.total


def test_result_json_has_the_documented_shape(engine):
    data = engine.search(SearchRequest(q="Behörde", per_page=1)).to_json()
    assert {"query", "total", "page", "per_page", "results", "facets", "suggestion"} <= set(data)
    assert {"slug", "title", "summary", "kind", "levels", "topics", "country", "region", "year", "url",
            "score", "highlights"} <= set(data["results"][0])
    assert set(data["facets"]) == {"level", "topic", "country", "region", "municipality_type", "kind",
                                   "evidence", "outcome", "year"}
    assert {"value", "label", "count", "selected"} == set(data["facets"]["level"][0])


def test_completion_offers_the_entries_words(engine):
    assert "ausländerbehörde" in engine.complete("ausl")


def test_more_like_this_lists_the_entries_closest_in_wording_first(tmp_path):
    with indexed_corpus(tmp_path, {
        "eltern-sprachkurs-kita": dict(
            title="Sprachkurse für Eltern in der Kita",
            summary="Eltern lernen Deutsch in der Kita, während ihre Kinder dort betreut werden.",
            body="## Umsetzung\nSprachkurse mit Kinderbetreuung und einem Elterncafé in der Kita.\n"),
        "elternkurse-kitas": dict(
            title="Elternkurse in Kitas", summary="Eltern lernen Deutsch in Kitas, mit Kinderbetreuung vor Ort.",
            body="## Umsetzung\nSprachkurse und Kinderbetreuung in der Kita, dazu ein Elterncafé.\n"),
        "berufssprachkurs-jobcenter": dict(
            title="Berufsbezogene Sprachkurse im Jobcenter", summary="Deutsch für den Beruf.",
            body="## Umsetzung\nSprachkurse mit Praktikum.\n"),
        "abfallkalender": dict(title="Abfallkalender", summary="Termine der Müllabfuhr.",
                               body="## Umsetzung\nOnline abrufbar.\n"),
    }) as engine:
        similar = [r["slug"] for r in engine.more_like_this("eltern-sprachkurs-kita")]
        assert similar[:2] == ["elternkurse-kitas", "berufssprachkurs-jobcenter"]  # the Kita one first
        assert "eltern-sprachkurs-kita" not in similar
        assert [r["slug"] for r in engine.more_like_this("eltern-sprachkurs-kita", limit=1)] == ["elternkurse-kitas"]
        assert engine.more_like_this("gibt-es-nicht") == []


def test_search_all_returns_every_match_not_one_page(engine):
    records = engine.search_all(SearchRequest(q="", per_page=2))
    assert len(records) == len(ENTRIES) - 1


def test_titles_sort_by_their_first_letter_and_highlights_end_on_whole_words(tmp_path):
    body = "## Ausgangslage\n" + "Wort " * 700 + "Millionen Blatt Papier.\n"
    engine = indexed_corpus(tmp_path, {
        "zitat": dict(title="„Modellkommune“ Digitales Migrationsmanagement", body=body),
        "auslaender": dict(title="Ausländerbehörde", body="## Umsetzung\nText.\n"),
        "zeit": dict(title="Zeitplan", body="## Umsetzung\nText.\n"),
    })
    by_title = [h.record["slug"] for h in engine.search(SearchRequest(sort="title")).hits]
    assert by_title == ["auslaender", "zitat", "zeit"]  # „Modellkommune“ under M, not after Z
    hit = engine.search(SearchRequest(q="Wort")).hits[0]
    assert "Blat " not in hit.highlights and "Blat…" not in hit.highlights
    assert "Zusammenfassung. Ausgangslage — <mark>Wort</mark>" in hit.highlights  # the heading ends
    engine.close()
