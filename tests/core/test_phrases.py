"""Phrases are matched from posting positions (postings.phrase_ids), not by Whoosh's span matchers:
every phrase must find exactly the documents Whoosh's own Phrase query finds, in every segment."""

from __future__ import annotations

import itertools
import random

import numpy as np
from whoosh import query as Q

from app.search import SearchRequest, build, update_entries
from app.search.query import Phrase, Prefix


def members(flags) -> set[int]:  # type: ignore[no-untyped-def]
    """The document numbers set in a mask."""
    return set(np.flatnonzero(flags).tolist())

WORDS = ["Agentur", "Arbeit", "Wohnung", "Sprache", "Kurs", "Beratung", "Stadt", "Kreis"]


def test_phrases_find_what_whoosh_finds(write_entry, content_dir, index_dir, open_search):
    rng = random.Random(11)
    for n in range(40):
        text = " ".join(rng.choice(WORDS) + (" für" if rng.random() < 0.2 else "") for _ in range(30))
        write_entry(f"text-{n:02d}", title=" ".join(rng.sample(WORDS, 3)), body=f"{text}.\n")
    build(content_dir, index_dir)
    for n in range(3):  # small segments after the build's one, and a deletion
        write_entry(f"neu-{n}", title="Agentur Arbeit", body="Wohnung Sprache Kurs und Agentur für Arbeit.\n")
        update_entries(content_dir, index_dir, [f"neu-{n}"])
    (content_dir / "text-03.md").unlink()
    update_entries(content_dir, index_dir, ["text-03"])

    engine = open_search(content_dir, index_dir)
    engine.search(SearchRequest(q="Wohnung"))
    view = engine.pool.snapshot()
    live = members(view.live_mask)
    stems = sorted({view.searcher.reader().schema["body"].analyzer(w).__next__().text for w in WORDS})
    checked = found = 0
    for fieldname in ("body", "title"):
        for length in (2, 3):
            for words in itertools.permutations(stems, length):
                expected = frozenset(view.searcher.docs_for_query(Q.Phrase(fieldname, list(words))))
                assert members(view.match(Phrase(fieldname, words))) & live == expected, (fieldname, words)
                checked += 1
                found += bool(expected)
    assert checked > 600 and found > 100  # the phrases really occur, in many documents
    # and through a search: a quoted phrase needs the words side by side
    hits = {h.record["slug"] for h in engine.search(SearchRequest(q='"Agentur für Arbeit"', per_page=50)).hits}
    assert {"neu-0", "neu-1", "neu-2"} <= hits


def test_prefixes_find_what_whoosh_finds(write_entry, content_dir, index_dir, open_search):
    for n, word in enumerate(["Sprachkurs", "Sprachkurse", "Sprachmittlung", "Spracherwerb", "Sport", "Kurs"]):
        write_entry(f"wort-{n}", title=f"Eintrag {n}", body=f"Hier geht es um {word}.\n")
    build(content_dir, index_dir)
    write_entry("neu", title="Sprachlotsen", body="Sprachlotsen begleiten.\n")
    update_entries(content_dir, index_dir, ["neu"])
    engine = open_search(content_dir, index_dir)
    view = engine.pool.snapshot()
    for prefix in ("sprach", "sprachk", "sp", "kur", "x"):
        for fieldname in ("body", "title"):
            expected = frozenset(view.searcher.docs_for_query(Q.Prefix(fieldname, prefix)))
            assert members(view.match(Prefix(fieldname, prefix))) == expected, (fieldname, prefix)
    hits = {h.record["slug"] for h in engine.search(SearchRequest(q="Sprach*")).hits}
    assert hits == {"wort-0", "wort-1", "wort-2", "wort-3", "neu"}


def test_prefix_expansions_list_the_terms_whoosh_lists_first(write_entry, content_dir, index_dir, open_search):
    """Ranking scores a prefix's first terms; they are remembered per segment (segments.py)."""
    for n, word in enumerate(["Sprachkurs", "Sprachkurse", "Sprachmittlung", "Spracherwerb", "Sport"]):
        write_entry(f"wort-{n}", title=f"Eintrag {n}", body=f"Hier geht es um {word}.\n")
    build(content_dir, index_dir)
    engine = open_search(content_dir, index_dir)
    for n, word in enumerate(["Sprachcafé", "Sprachbrücke", "Spazierweg"]):  # small segments at the end
        write_entry(f"neu-{n}", title="Neu", body=f"{word} im Quartier.\n")
        update_entries(content_dir, index_dir, [f"neu-{n}"])
        reader = engine.pool.snapshot().searcher.reader()
        for prefix, limit in itertools.product(("sprach", "sp", "s", "x"), (1, 3, 64)):
            expected = [t.decode() for t in itertools.islice(reader.expand_prefix("body", prefix), limit)]
            assert engine.pool.snapshot().prefix_terms("body", prefix, limit) == expected, (prefix, limit)
