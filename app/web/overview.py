"""Overviews of the whole collection: the topic × level heatmap and the country comparison."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from app.search import SearchRequest
from app.search_service import search_service
from app.web.state import SearchState
from app.web.views import language

COMPARED_COUNTRIES = ("DE", "SE", "FR", "EU")


@dataclass(frozen=True)
class Cell:
    topic: str
    topic_label: str
    level: str
    level_label: str
    count: int
    url: str
    shade: int
    """0 (none) to 5 (the most entries), the colour class of the cell."""


def topic_level_matrix(lang: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[list[Cell]]]:
    """Rows (topics), columns (levels) and cells: how many entries each topic has at each level."""
    search = search_service()
    vocab = search.vocabulary
    levels = [(lvl, vocab.label("level", lvl, lang)) for lvl in vocab.ids("level")]
    counts: dict[tuple[str, str], int] = {}
    for lvl, _label in levels:
        result = search.search(SearchRequest(filters={"level": [lvl]}, per_page=1, language=lang))
        for facet in result.facets.get("topic", []):
            counts[(facet.value, lvl)] = facet.count
    topics = [(t, vocab.label("topic", t, lang)) for t in vocab.ids("topic")
              if any(counts.get((t, lvl), 0) for lvl, _l in levels)]
    highest = max(counts.values(), default=0) or 1
    rows = []
    for topic, topic_label in topics:
        row = []
        for lvl, level_label in levels:
            n = counts.get((topic, lvl), 0)
            shade = 0 if n == 0 else 1 + min(4, (n * 5 - 1) // highest)
            url = SearchState([("topic", topic), ("level", lvl)]).url("/")
            row.append(Cell(topic, topic_label, lvl, level_label, n, url, shade))
        rows.append(row)
    return topics, levels, rows


def stats() -> str:
    lang = language()
    topics, levels, rows = topic_level_matrix(lang)
    overall = search_service().search(SearchRequest(per_page=1, language=lang))
    label_width, cell_w, cell_h, head_h = 420, 150, 30, 40
    svg = {"width": label_width + cell_w * len(levels), "height": head_h + cell_h * len(rows),
           "label_width": label_width, "cell_w": cell_w, "cell_h": cell_h, "head_h": head_h}
    return render_template("stats.html", topics=topics, levels=levels, rows=rows, svg=svg,
                           total=overall.total, countries=overall.facets.get("country", []),
                           regions=overall.facets.get("region", []), kinds=overall.facets.get("kind", []),
                           evidence=overall.facets.get("evidence", []))


@dataclass(frozen=True)
class ComparePoint:
    """One row of the comparison: a shared point (levels, evidence …) and what each country's entries say."""

    key: str
    label: str
    cells: list[list[tuple[str, int]]]
    """Per country: (label, number of entries) pairs, most frequent first; empty when nothing is known."""


def _tally(records: list[dict[str, Any]], read: Any, label: Any, limit: int | None = None) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for record in records:
        value = read(record)
        for v in value if isinstance(value, list) else [value] if value else []:
            counts[str(v)] += 1
    return [(label(v), n) for v, n in counts.most_common(limit)]


def compare_points(columns: list[list[dict[str, Any]]], lang: str) -> list[ComparePoint]:
    """The shared points of a topic, country by country, from the entries' own fields only."""
    vocab = search_service().vocabulary

    def by(facet: str) -> Any:
        return lambda v: vocab.label(facet, v, lang)

    def years(records: list[dict[str, Any]]) -> list[tuple[str, int]]:
        found = sorted(int(r["year"]) for r in records if r.get("year"))
        if not found:
            return []
        span = str(found[0]) if found[0] == found[-1] else f"{found[0]}–{found[-1]}"
        return [(span, len(found))]

    rows = [
        ("kind", _("Art"), lambda rs: _tally(rs, lambda r: r.get("kind"), by("kind"))),
        ("levels", _("Wer handelt (Ebene)"), lambda rs: _tally(rs, lambda r: r.get("levels"), by("level"))),
        ("actors", _("Beteiligte"), lambda rs: _tally(rs, lambda r: r.get("actors"), str, limit=5)),
        ("evidence", _("Evidenz"), lambda rs: _tally(rs, lambda r: r.get("evidence"), by("evidence"))),
        ("outcome", _("Ergebnis"), lambda rs: _tally(rs, lambda r: r.get("outcome"), by("outcome"))),
        ("phase", _("Phase"), lambda rs: _tally(rs, lambda r: r.get("phase"), by("phase"))),
        ("year", _("Beginn (Jahre)"), years),
    ]
    return [ComparePoint(key, label, [tally(records) for records in columns]) for key, label, tally in rows]


def compare() -> tuple[str, int]:
    lang = language()
    search = search_service()
    vocab = search.vocabulary
    asked = request.args.get("topic", "")
    topic = (vocab.canonical("topic", asked) or "") if asked else ""
    error = _("Dieses Thema gibt es nicht.") if asked and not topic else None
    columns = []
    if topic:
        # one search, its entries by country (each keeps the year order)
        entries = search.search_all(SearchRequest(filters={"topic": [topic], "country": list(COMPARED_COUNTRIES)},
                                                  sort="year", language=lang))
        for country in COMPARED_COUNTRIES:
            columns.append((country, vocab.label("country", country, lang),
                            [r for r in entries if r["country"] == country]))
    points = compare_points([entries for _c, _l, entries in columns], lang) if columns else []
    # topic × country counts, to choose a topic where a comparison has something to show
    per_country = {}
    for country in COMPARED_COUNTRIES:
        result = search.search(SearchRequest(filters={"country": [country]}, per_page=1, language=lang))
        per_country[country] = {f.value: f.count for f in result.facets.get("topic", [])}
    overview = [(t, vocab.label("topic", t, lang), [per_country[c].get(t, 0) for c in COMPARED_COUNTRIES])
                for t in vocab.ids("topic")]
    overview = [row for row in overview if sum(row[2])]
    status = 404 if error else 200
    return render_template("compare.html", topic=topic, topic_label=vocab.label("topic", topic, lang),
                           columns=columns, points=points, overview=overview, error=error,
                           countries=[(c, vocab.label("country", c, lang)) for c in COMPARED_COUNTRIES],
                           topics=[(t, vocab.label("topic", t, lang)) for t in vocab.ids("topic")]), status


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/stats", "stats", stats)
    bp.add_url_rule("/compare", "compare", compare)
