"""After each editor save, searches see exactly what a fresh index of the same files shows.

Searchers reuse the caches of unchanged segments from one index version to the next (segments.py); this
checks that an addition, an edit and a deletion each show up in hits, facet counts, compound
matches and sort order as if everything had been computed anew.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
import weakref

from app.search import SearchIndex, SearchRequest, build, segments, store, update_entries
from app.search.manifest import FILENAME
from app.search.snapshot import Snapshot

QUERIES = [("", {}), ("Behörde", {}), ("Behörde", {"region": ["Bayern"]}), ("Wohnraum", {}),
           ("", {"level": ["Land"]}), ("Sprachkurs*", {}), ('"Agentur für Arbeit"', {})]


def snapshot(engine: SearchIndex) -> list[tuple]:
    out = []
    for q, filters in QUERIES:
        for sort in ("relevance", "year", "title"):
            result = engine.search(SearchRequest(q=q, filters=filters, sort=sort, per_page=50))
            slugs = [(h.record["slug"], h.record["title"], h.highlights) for h in result.hits]
            # relevance ties and statistics may differ by a hair between the two indexes: the set
            # must be the same; year and title order must be exactly the same
            out.append((q, sort, result.total, sorted(slugs) if sort == "relevance" else slugs,
                        {f: [(c.value, c.count) for c in cs] for f, cs in result.facets.items()}))
    return out


def test_every_save_is_seen_as_a_fresh_index_would_show_it(write_entry, content_dir, index_dir, tmp_path, open_search):
    for n in range(12):
        write_entry(f"eintrag-{n:02d}", title=f"Eintrag {n} Ausländerbehörde", year=2000 + n,
                    region="Bayern" if n % 2 else "Hessen", levels=["Land"] if n % 3 else ["Kommune"],
                    body=f"Wohnraum und Sprachkurse {n}. Die Agentur für Arbeit hilft.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    snapshot(engine)  # warm every cache
    reused = 0
    for step in range(14):
        if step % 3 == 0:
            write_entry(f"neu-{step}", title=f"Neue Sonderbehörde {step}", region="Bayern", year=2020 + step)
            changed = f"neu-{step}"
        elif step % 3 == 1:
            write_entry(f"eintrag-{step:02d}", title=f"Umbenannt {step}", year=1999, levels=["Bund"],
                        body="Nur noch Wohnraum.\n")
            changed = f"eintrag-{step:02d}"
        else:
            (content_dir / f"eintrag-{step:02d}.md").unlink()
            changed = f"eintrag-{step:02d}"
        update_entries(content_dir, index_dir, [changed])
        seen = snapshot(engine)
        reused += engine.pool.snapshot().reused > 0

        fresh_index = tmp_path / f"fresh-{step}"
        build(content_dir, fresh_index)
        expected = snapshot(open_search(content_dir, fresh_index))
        assert seen == expected, f"after step {step} ({changed})"
    assert reused >= 10  # the unchanged segments' caches were really used


def test_caches_stay_right_across_many_saves_between_searches(write_entry, content_dir, index_dir, tmp_path,
                                                              open_search):
    """Posting sets read several versions ago are brought up to date, also across tail merges."""
    for n in range(12):
        write_entry(f"eintrag-{n:02d}", title=f"Eintrag {n} Ausländerbehörde", year=2000 + n,
                    region="Bayern" if n % 2 else "Hessen", body=f"Wohnraum und Sprachkurse {n}.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    snapshot(engine)
    for step in range(1, 25):
        if step % 2:
            write_entry(f"neu-{step}", title=f"Neue Sonderbehörde {step}", region="Bayern",
                        body="Agentur für Arbeit und Wohnraum.\n")
        else:
            (content_dir / f"neu-{step - 1}.md").unlink()
        update_entries(content_dir, index_dir, [f"neu-{step if step % 2 else step - 1}"])
        if step % 4 == 0:  # an edit of an older entry: its words change
            write_entry(f"eintrag-{step % 12:02d}", title=f"Eintrag {step} überarbeitet", region="Hessen",
                        body=f"Sprachkurse und Nachbarschaftshilfe {step}.\n")
            update_entries(content_dir, index_dir, [f"eintrag-{step % 12:02d}"])
        engine.search(SearchRequest(q="Eintrag"))  # a new version is seen, most caches are not used
        # taken over from the last version, not opened afresh after a failure (see service._retried)
        assert engine.pool.snapshot().reused, f"after step {step}"
        if step % 6 == 0:
            fresh_index = tmp_path / f"fresh-{step}"
            build(content_dir, fresh_index)
            assert snapshot(engine) == snapshot(open_search(content_dir, fresh_index)), f"after step {step}"
            assert spelling_words(index_dir) == spelling_words(fresh_index), f"after step {step}"
    # the same index version opened afresh: the same statistics, so exactly the same scores
    carried = scored(engine)
    assert carried == scored(open_search(content_dir, index_dir))


def scored(engine: SearchIndex) -> list[list[tuple[str, float]]]:
    return [[(h.record["slug"], round(h.score, 9)) for h in engine.search(
        SearchRequest(q=q, filters=filters, per_page=50)).hits] for q, filters in QUERIES]


def spelling_words(index_dir) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The words behind suggestions and completion, with the number of entries holding each."""
    with sqlite3.connect(store.current_generation(index_dir) / FILENAME) as db:
        return dict(db.execute("SELECT word, entries FROM words"))


def test_a_word_gone_from_every_entry_is_no_longer_completed_or_suggested(write_entry, content_dir, index_dir,
                                                                          open_search):
    write_entry("a", title="Quartiersmanagement", body="Nachbarschaftshilfe im Quartier.\n")
    write_entry("b", title="Sprachkurs", body="Nachbarschaftshilfe und Sprache.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    assert engine.complete("nachbar") == ["nachbarschaftshilfe"]
    write_entry("a", title="Quartiersmanagement", body="Im Quartier.\n")
    update_entries(content_dir, index_dir, ["a"])
    assert engine.complete("nachbar") == ["nachbarschaftshilfe"]  # entry b still has it
    (content_dir / "b.md").unlink()
    update_entries(content_dir, index_dir, ["b"])
    assert engine.complete("nachbar") == []
    assert engine.search(SearchRequest(q="Nachbarschaftshilfen")).suggestion is None
    assert engine.search(SearchRequest(q="Quartiersmanagment")).suggestion == "quartiersmanagement"


def test_a_cache_over_its_budget_starts_afresh_and_stays_right(monkeypatch, write_entry, content_dir,
                                                              index_dir, tmp_path, open_search):
    monkeypatch.setattr(segments, "MAX_POSTINGS", 10)  # cleared again and again during each search
    test_every_save_is_seen_as_a_fresh_index_would_show_it(write_entry, content_dir, index_dir, tmp_path,
                                                           open_search)


def test_a_word_a_save_adds_counts_in_the_ranking_of_a_prefix_query(write_entry, content_dir, index_dir, open_search):
    for n in range(6):
        write_entry(f"eintrag-{n}", title=f"Eintrag {n}", body=f"Sprachkurse im Landkreis {n}.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    assert engine.search(SearchRequest(q="Sprachkurs*")).total == 6  # the expansion is known now
    write_entry("neu", title="Neu", body="Sprachkursangebote, Sprachkursangebote, Sprachkursangebote.\n")
    update_entries(content_dir, index_dir, ["neu"])
    result = engine.search(SearchRequest(q="Sprachkurs*"))
    assert engine.pool.snapshot().reused
    assert result.total == 7
    assert result.hits[0].record["slug"] == "neu" and result.hits[0].score > result.hits[1].score


def test_a_failure_taking_over_the_last_version_is_logged_and_does_not_rebuild_the_index(
        monkeypatch, caplog, write_entry, content_dir, index_dir, open_search):
    write_entry("alt", title="Sprachmittlung im Landkreis")
    build(content_dir, index_dir)
    generation = os.readlink(index_dir / "current")
    engine = open_search(content_dir, index_dir)
    assert engine.search(SearchRequest(q="Sprachmittlung")).total == 1

    def broken(self, ix):  # a fault in reusing the caches, as a bug there would be
        raise KeyError("planted")

    monkeypatch.setattr(Snapshot, "next_version", broken)
    write_entry("neu", title="Sprachmittlung im Jobcenter")
    update_entries(content_dir, index_dir, ["neu"])
    with caplog.at_level(logging.ERROR, logger="app.search.pool"):
        assert engine.search(SearchRequest(q="Sprachmittlung")).total == 2
    assert os.readlink(index_dir / "current") == generation  # opened afresh, not rebuilt
    assert any(r.exc_info and "planted" in str(r.exc_info[1]) for r in caplog.records)


def test_term_frequencies_stay_beside_their_documents_across_tail_merges(write_entry, content_dir, index_dir,
                                                                         open_search):
    """Each term's frequencies are kept as an array beside its documents; after saves and tail merges
    renumber the last documents, the reused arrays must equal a fresh read."""
    for n in range(10):
        write_entry(f"eintrag-{n:02d}", title=f"Eintrag {n}", body="Wohnraum. " * (n % 3 + 1) + "\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    for step in range(1, 21):
        slug = f"neu-{step % 7}"  # edits and re-edits: deletions, then merges of the small segments
        write_entry(slug, title=f"Neu {step}", body="Wohnraum, " * (step % 5) + "Sprachkurse.\n")
        update_entries(content_dir, index_dir, [slug])
        scored(engine)  # reads (and keeps) the frequencies of the queries' terms
    carried = engine.pool.snapshot()
    assert carried.reused
    terms = [(f, t) for f in ("title", "body") for t in map(bytes.decode, carried.searcher.reader().lexicon(f))]
    kept = {(f, t): (carried.term_docs(f, t).tolist(), carried.term_weights(f, t).tolist()) for f, t in terms}
    fresh = open_search(content_dir, index_dir).pool.snapshot()
    assert kept == {(f, t): (fresh.term_docs(f, t).tolist(), fresh.term_weights(f, t).tolist()) for f, t in terms}


def test_a_replaced_index_version_and_the_segment_caches_it_dropped_are_freed_at_once(
        write_entry, content_dir, index_dir, open_search):
    """The caches hold up to hundreds of megabytes: a reference cycle would keep them until a full
    garbage collection, long after a save replaced them."""
    for n in range(4):
        write_entry(f"eintrag-{n}", title=f"Eintrag {n}", body="Wohnraum und Sprachkurse.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    for q in ("Wohnraum", "Sprachkurs*", '"Wohnraum und Sprachkurse"', "Wohnraumsprachkurse"):  # the last split
        assert engine.search(SearchRequest(q=q)).total == 4
    old = engine.pool.snapshot()
    refs = [weakref.ref(old), *(weakref.ref(cache) for cache in old.segments)]
    del old
    gc.disable()
    try:
        (content_dir / "eintrag-0.md").unlink()
        build(content_dir, index_dir)  # a new generation: nothing of the old version is kept
        assert engine.search(SearchRequest(q="Wohnraum")).total == 3
        assert [ref() for ref in refs] == [None] * len(refs)
    finally:
        gc.enable()
