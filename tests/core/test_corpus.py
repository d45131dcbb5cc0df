"""The shipped corpus: every entry valid, sourced, and the coverage a decision maker relies on."""

from __future__ import annotations

import re
import statistics
from collections import Counter

import pytest

from app.content import load_corpus
from tests.conftest import ROOT

PRACTICES = ROOT / "practices"
FACTS = ROOT.parent / "shared" / "domain" / "facts.md"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(PRACTICES)


def test_every_shipped_entry_is_valid(corpus):
    assert [str(p) for p in corpus.problems] == []


def test_there_are_at_least_sixty_published_entries_each_with_a_web_source(corpus):
    published = corpus.published
    assert len(published) >= 60
    for practice in published:
        assert any(s.url.startswith(("http://", "https://")) for s in practice.sources), practice.slug
        assert practice.evidence, f"{practice.slug}: evidence missing"
        assert practice.updated, f"{practice.slug}: updated missing"


def test_coverage_of_levels_countries_regions_types_and_topics(corpus):
    published = corpus.published
    levels = Counter(level for p in published for level in p.levels)
    assert min(levels[level] for level in ("Kommune", "Land", "Bund")) >= 12, levels
    countries = Counter(p.country for p in published)
    assert countries["SE"] >= 5 and countries["FR"] >= 5 and countries["EU"] >= 1, countries
    regions = Counter(p.region for p in published)
    for land in ("Baden-Württemberg", "Bayern", "Hessen", "Nordrhein-Westfalen", "Sachsen", "Thüringen"):
        assert regions[land] >= 3, (land, regions[land])
    types = Counter(p.municipality_type for p in published)
    for kind in ("kreisfreie-stadt", "landkreis", "grosse-kreisangehoerige-stadt"):
        assert types[kind] >= 4, (kind, types[kind])
    topics = Counter(t for p in published for t in p.topics)
    for topic in corpus.vocabulary.ids("topic"):
        assert topics[topic] >= 2, (topic, topics[topic])


def test_recommendations_rest_on_practices(corpus):
    recommendations = [p for p in corpus.published if p.kind == "recommendation"]
    assert len(recommendations) >= 15
    for recommendation in recommendations:
        linked = [corpus.practices[s] for s in recommendation.related if s in corpus.practices]
        assert any(p.kind == "practice" for p in linked), recommendation.slug


def test_related_links_go_both_ways(corpus):
    one_way = [(p.slug, other) for p in corpus.published for other in p.related
               if other in corpus.practices and p.slug not in corpus.practices[other].related]
    assert one_way == []


def test_bodies_are_long_enough_and_some_entries_are_in_english(corpus):
    words = [len(p.body.split()) for p in corpus.published]
    assert statistics.median(words) >= 150
    assert sum(p.language == "en" for p in corpus.published) >= 8


@pytest.mark.skipif(not FACTS.exists(), reason="the facts file lives beside the repository")
def test_no_entry_copies_long_passages_from_the_facts(corpus):
    facts = re.sub(r"\s+", " ", FACTS.read_text("utf-8")).lower()
    for practice in corpus.published:
        words = re.sub(r"\s+", " ", f"{practice.summary} {practice.body}").lower().split()
        for start in range(0, max(0, len(words) - 12)):
            passage = " ".join(words[start:start + 12])
            assert passage not in facts, f"{practice.slug} copies: {passage}"
