"""The index is a cache of the files: built atomically, updated incrementally, rebuilt when lost."""

from __future__ import annotations

import os
import shutil

import pytest
from whoosh import index as whoosh_index

from app.search import SearchIndex, SearchRequest, build, store, update, whoosh_io


def found(engine: SearchIndex, q: str) -> list[str]:
    return [h.record["slug"] for h in engine.search(SearchRequest(q=q)).hits]


def test_build_swaps_in_a_new_generation(write_entry, content_dir, index_dir, open_search):
    write_entry("erster-eintrag", title="Wohnsitzauflage erklärt")
    report = build(content_dir, index_dir)
    first = os.readlink(index_dir / "current")
    assert report.indexed == 1 and (index_dir / first).is_dir()
    engine = open_search(content_dir, index_dir)
    assert found(engine, "Wohnsitzauflage") == ["erster-eintrag"]
    write_entry("zweiter-eintrag", title="Wohnsitzauflage im Land")
    build(content_dir, index_dir)
    assert os.readlink(index_dir / "current") != first
    assert sorted(found(engine, "Wohnsitzauflage")) == ["erster-eintrag", "zweiter-eintrag"]


def test_update_applies_an_edit_an_addition_and_a_deletion(write_entry, content_dir, index_dir, open_search):
    write_entry("bleibt", title="Sprachkurs am Abend")
    write_entry("wird-geaendert", title="Alter Titel Jobcenter")
    write_entry("wird-geloescht", title="Verschwindet bald")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    assert found(engine, "Verschwindet") == ["wird-geloescht"]

    write_entry("wird-geaendert", title="Neuer Titel Welcome Center")
    write_entry("neu-dazu", title="Frisch hinzugefügt")
    (content_dir / "wird-geloescht.md").unlink()
    report = update(content_dir, index_dir)

    assert (report.added, report.changed, report.deleted) == (["neu-dazu"], ["wird-geaendert"],
                                                              ["wird-geloescht"])
    assert found(engine, "Welcome") == ["wird-geaendert"]
    assert found(engine, "Jobcenter") == []
    assert found(engine, "hinzugefügt") == ["neu-dazu"]
    assert found(engine, "Verschwindet") == []
    assert update(content_dir, index_dir).added == []  # nothing changed since


def test_an_entry_broken_by_an_edit_leaves_the_index_and_is_reported(write_entry, content_dir, index_dir, open_search):
    write_entry("wird-kaputt", title="Noch heil")
    write_entry("bleibt-heil", title="Auch heil")
    build(content_dir, index_dir)
    (content_dir / "wird-kaputt.md").write_text("---\ntitle: [kaputt\n---\n", "utf-8")
    report = update(content_dir, index_dir)
    assert report.deleted == ["wird-kaputt"]
    assert "wird-kaputt.md" in report.problems[0].path
    assert found(open_search(content_dir, index_dir), "heil") == ["bleibt-heil"]


def test_a_draft_is_taken_out_of_the_index_on_update(write_entry, content_dir, index_dir, open_search):
    write_entry("bald-entwurf", title="Öffentlich sichtbar")
    build(content_dir, index_dir)
    write_entry("bald-entwurf", title="Öffentlich sichtbar", status="draft")
    assert update(content_dir, index_dir).deleted == ["bald-entwurf"]
    assert found(open_search(content_dir, index_dir), "sichtbar") == []


def test_a_changed_vocabulary_rebuilds_the_index(write_entry, content_dir, index_dir, open_search):
    write_entry("thema", topics=["steuerung"])
    build(content_dir, index_dir)
    vocab = content_dir / "vocabulary.yaml"
    vocab.write_text(vocab.read_text("utf-8").replace("Strategische Steuerung", "Kluge Steuerung"), "utf-8")
    report = update(content_dir, index_dir)
    assert report.rebuilt
    assert found(open_search(content_dir, index_dir), "Kluge") == ["thema"]


def test_a_missing_index_is_built_on_first_use(write_entry, content_dir, index_dir, open_search):
    write_entry("ohne-index", title="Integrationslotsen")
    assert not index_dir.exists()
    assert found(open_search(content_dir, index_dir), "Integrationslotsen") == ["ohne-index"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # whoosh leaks the bad file
def test_an_unreadable_index_is_rebuilt_from_the_files(write_entry, content_dir, index_dir, open_search):
    write_entry("kaputter-index", title="Anerkennungsberatung")
    build(content_dir, index_dir)
    generation = index_dir / os.readlink(index_dir / "current")
    for path in generation.iterdir():
        if path.suffix in (".toc", ".seg") or path.name.startswith("MAIN"):
            path.write_bytes(b"garbage")
    assert found(open_search(content_dir, index_dir), "Anerkennungsberatung") == ["kaputter-index"]


def test_a_deleted_index_folder_is_rebuilt(write_entry, content_dir, index_dir, open_search):
    write_entry("geloeschter-index", title="Einbürgerungsfeier")
    build(content_dir, index_dir)
    shutil.rmtree(index_dir)
    assert found(open_search(content_dir, index_dir), "Einbürgerungsfeier") == ["geloeschter-index"]


def test_update_sweeps_temporary_files_a_killed_save_left_behind(write_entry, content_dir, index_dir):
    write_entry("eintrag", title="Eintrag")
    build(content_dir, index_dir)
    stale = content_dir / ".eintrag.md.abc123.tmp"
    fresh = content_dir / ".eintrag.md.def456.tmp"
    stale.write_text("halb geschrieben", "utf-8")
    fresh.write_text("wird gerade geschrieben", "utf-8")
    os.utime(stale, (1, 1))
    update(content_dir, index_dir)
    assert not stale.exists() and fresh.exists()


def test_an_entry_file_that_links_out_of_the_content_folder_is_not_served(content_dir, tmp_path, open_search):
    from app.content import load_practice
    from tests.conftest import entry_text

    outside = tmp_path / "geheim.md"
    outside.write_text(entry_text(title="Außerhalb"), "utf-8")
    (content_dir / "verweis.md").symlink_to(outside)
    practice, problems = load_practice(content_dir, "verweis")
    assert practice is None and problems[0].message == "no such entry"
    assert found(open_search(content_dir, tmp_path / "index"), "Außerhalb") == []


def test_a_build_in_three_processes_finds_what_one_process_finds(write_entry, content_dir, index_dir, tmp_path,
                                                                 open_search):
    for n in range(31):
        write_entry(f"eintrag-{n:02d}", title=f"Eintrag {n} Ausländerbehörde", year=1990 + n,
                    region="Bayern" if n % 2 else "Hessen", body=f"Wohnraum und Sprachkurse {n}.\n")
    seen: list[tuple[int, int]] = []
    build(content_dir, index_dir, procs=3, progress=lambda done, total: seen.append((done, total)))
    single = tmp_path / "single"
    build(content_dir, single, procs=1)

    def results(folder):  # type: ignore[no-untyped-def]
        engine = open_search(content_dir, folder)
        out = []
        for q, sort in (("", "year"), ("Behörde", "relevance"), ("Sprachkurs*", "title")):
            result = engine.search(SearchRequest(q=q, sort=sort, per_page=50))
            out.append((result.total, [(h.record["slug"], round(h.score, 6)) for h in result.hits],
                        {f: [(c.value, c.count) for c in cs] for f, cs in result.facets.items()}))
        return out

    assert results(index_dir) == results(single)
    assert results(index_dir)[0][0] == 31
    assert seen[-1] == (31, 31)


def test_a_failing_indexing_process_fails_the_build_and_keeps_the_old_index(write_entry, content_dir,
                                                                            index_dir, monkeypatch, open_search):
    write_entry("eintrag-1", title="Vorher")
    build(content_dir, index_dir)
    before = sorted(p.name for p in index_dir.iterdir())
    for n in range(2, 8):
        write_entry(f"eintrag-{n}", title="Nachher")
    import app.search.indexer as indexer

    def broken(practice, vocab, state, vector):  # type: ignore[no-untyped-def]
        raise ValueError("kaputt")

    monkeypatch.setattr(indexer, "document", broken)
    with pytest.raises(RuntimeError, match="kaputt"):
        build(content_dir, index_dir, procs=2)
    assert sorted(p.name for p in index_dir.iterdir()) == before
    hits = open_search(content_dir, index_dir).search(SearchRequest(q="Vorher")).hits
    assert [h.record["slug"] for h in hits] == ["eintrag-1"]


def test_a_build_process_whose_share_holds_only_drafts_adds_no_segment(write_entry, content_dir, index_dir,
                                                                       open_search):
    for n in range(3):
        write_entry(f"a-{n}", title=f"Veröffentlicht {n}")
    for n in range(3):
        write_entry(f"b-{n}", title=f"Entwurf {n}", status="draft")
    write_entry("c-kaputt", title=None)  # invalid: reported, not indexed
    report = build(content_dir, index_dir, procs=2)
    assert sorted(report.added) == ["a-0", "a-1", "a-2"]
    assert [p.path for p in report.problems if "c-kaputt" in p.path]
    engine = open_search(content_dir, index_dir)
    assert engine.search(SearchRequest(q="")).total == 3
    assert engine.search(SearchRequest(q="Entwurf")).total == 0
    generation = store.current_generation(index_dir)
    segments = {s.segment_id() for s in whoosh_index.open_dir(str(generation))._segments()}
    leftovers = [p.name for p in generation.glob("MAIN_*.*") if p.name.split(".")[0] not in segments]
    assert leftovers == []  # the empty share's files are gone


def test_another_whoosh_release_is_refused_naming_the_one_needed():
    """The engine reads Whoosh's posting blocks directly: another release must fail at import, clearly."""
    with pytest.raises(ImportError, match=r"whoosh-reloaded 2\.7\.5.*Whoosh 2\.8\.0 is installed"):
        whoosh_io.check_version("2.8.0")
    whoosh_io.check_version("2.7.5")


def test_similar_entries_share_the_topic_first_and_never_list_the_entry_itself(write_entry, content_dir,
                                                                              index_dir, open_search):
    for n in range(3):
        write_entry(f"sprache-{n}", title=f"Sprachkurse für Eltern {n}",
                    body="Sprachkurse und Sprachförderung für Eltern, mit Kinderbetreuung im Stadtteil.\n")
        write_entry(f"wohnen-{n}", title=f"Wohnraum im Stadtteil {n}",
                    body="Wohnraum, Mietwohnungen und Unterbringung im Stadtteil.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    similar = [r["slug"] for r in engine.more_like_this("sprache-0", limit=5)]
    assert set(similar[:2]) == {"sprache-1", "sprache-2"}
    assert "sprache-0" not in similar
    assert [r["slug"] for r in engine.more_like_this("wohnen-2", limit=2)] == ["wohnen-0", "wohnen-1"]


def test_of_two_files_with_one_slug_the_first_valid_one_is_indexed_even_if_two_processes_are_asked(
        content_dir, index_dir, open_search):
    from tests.conftest import entry_text

    for folder, title in (("a", None), ("b", "Zweite Datei Wohnsitzauflage"), ("c", "Dritte Datei Wohnsitzauflage")):
        (content_dir / folder).mkdir()
        (content_dir / folder / "doppelt.md").write_text(entry_text(title=title), "utf-8")
    report = build(content_dir, index_dir, procs=2)
    assert report.added == ["doppelt"]
    [twice] = [p for p in report.problems if "used twice" in p.message]
    assert twice.path.endswith("c/doppelt.md") and "b/doppelt.md" in twice.message
    [hit] = open_search(content_dir, index_dir).search(SearchRequest(q="Wohnsitzauflage")).hits
    assert hit.record["title"] == "Zweite Datei Wohnsitzauflage"
