"""The one-loop analyzer gives exactly the tokens of the Whoosh filter chain it replaces, and the
index format fed from it exactly the postings Whoosh's own Positions format makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.formats import Positions as WhooshPositions

from app.search.analysis import (
    ENGLISH,
    ENGLISH_STOPWORDS,
    GERMAN,
    GERMAN_STOPWORDS,
    TOKEN_PATTERN,
    stem_english,
    stem_german,
)
from app.search.schema import Positions

ROOT = Path(__file__).resolve().parents[2]
CHAINS = {
    "de": (GERMAN, RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
           | StopFilter(stoplist=GERMAN_STOPWORDS, minsize=2) | StemFilter(stemfn=stem_german)),
    "en": (ENGLISH, RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()
           | StopFilter(stoplist=ENGLISH_STOPWORDS, minsize=2) | StemFilter(stemfn=stem_english)),
}
OPTIONS = [{}, {"positions": True, "boosts": True, "mode": "index"}]  # the calls terms() and Whoosh's Positions make


def tokens(analyzer, text: str, **options) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(t.text, t.pos if options.get("positions") else None,
             (t.startchar, t.endchar) if options.get("chars") else None, t.stopped, t.boost,
             t.original if options.get("keeporiginal") else None) for t in analyzer(text, **options)]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_shipped_entries_analyse_as_before(language: str) -> None:
    fused, chain = CHAINS[language]
    for path in sorted((ROOT / "practices").glob("*.md"))[:40]:
        text = path.read_text("utf-8")
        for options in OPTIONS:
            assert tokens(fused, text, **options) == tokens(chain, text, **options), (path.name, options)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(list("aäbcdeiınosßuüzAÄİZ .,-_1\n") + ["die ", "und ", "the ", "z.B."]))
       .map("".join), language=st.sampled_from(["de", "en"]), options=st.sampled_from(OPTIONS))
def test_any_text_analyses_as_the_filter_chain_would(text: str, language: str, options: dict) -> None:
    fused, chain = CHAINS[language]
    assert tokens(fused, text, **options) == tokens(chain, text, **options)


def postings(fmt, analyzer, text: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    return sorted(fmt.word_values(text, analyzer, mode="index"))


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_index_format_gives_whooshs_postings_for_the_shipped_entries(language: str) -> None:
    fused, _ = CHAINS[language]
    for path in sorted((ROOT / "practices").glob("*.md")):
        text = path.read_text("utf-8")
        assert postings(Positions(field_boost=1.0), fused, text) == postings(WhooshPositions(field_boost=1.0),
                                                                             fused, text), path.name


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(list("aäbcdeiınosßuüzAÄİZ .,-_1\n") + ["die ", "und ", "the ", "z.B."]))
       .map("".join), language=st.sampled_from(["de", "en"]))
def test_any_text_gives_whooshs_postings(text: str, language: str) -> None:
    fused, _ = CHAINS[language]
    assert postings(Positions(field_boost=2.0), fused, text) == postings(WhooshPositions(field_boost=2.0), fused, text)
