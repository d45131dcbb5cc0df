"""The atlas: Germany's 16 Länder drawn on the server as SVG, shaded by the number of entries, each a
link to its search; the same figures as a table, and Sweden, France and the EU beside the map.

The filters in the URL (words, topic, level, evidence …) apply to every figure and every link; the
region filter is what the map itself chooses, so it is left out of the counts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, render_template
from flask_babel import gettext as _

from app.search import SearchRequest
from app.search_service import search_service
from app.web.state import SearchState, read_search
from app.web.views import language

GEOMETRY = Path(__file__).resolve().parent / "geometry" / "laender.json"
"""Outlines of the Länder, made once by tools/laender_geometry.py (see geometry/SOURCE.md)."""
SHADES = 4
"""Classes of Länder with entries (shade 1–4); shade 0 is a Land without any."""
BESIDE = ("SE", "FR", "EU")


@dataclass(frozen=True)
class LandShape:
    code: str
    """ISO 3166-2, e.g. DE-SN."""
    region: str
    """The vocabulary's region value, e.g. Sachsen."""
    path: str
    label: tuple[float, float]
    callout: tuple[float, float] | None
    """Where the figure stands when the Land is too small to hold it (joined by a line to ``label``)."""


@dataclass(frozen=True)
class Geometry:
    width: int
    height: int
    laender: list[LandShape]


@lru_cache(maxsize=1)
def geometry(path: Path = GEOMETRY) -> Geometry:
    """The committed outlines, read once per process."""
    data = json.loads(path.read_text("utf-8"))
    shapes = [LandShape(f["code"], f["region"], f["path"], tuple(f["label"]),
                        tuple(f["callout"]) if f.get("callout") else None) for f in data["laender"]]
    return Geometry(int(data["width"]), int(data["height"]), shapes)


@dataclass(frozen=True)
class AtlasArea:
    """One Land or country: its entries under the current filters and the search that lists them."""

    value: str
    label: str
    count: int
    url: str
    shade: int
    shape: LandShape | None = None


@dataclass(frozen=True)
class ShadeClass:
    shade: int
    low: int
    high: int


def shade(count: int, highest: int) -> int:
    """0 for none, else 1 (fewest) to SHADES (the most), in equal steps up to the highest count."""
    if count <= 0:
        return 0
    return 1 + min(SHADES - 1, (count * SHADES - 1) // max(highest, 1))


def shade_classes(highest: int) -> list[ShadeClass]:
    """The legend: the range of counts each shade stands for, only the shades that can occur."""
    ranges: dict[int, list[int]] = {0: [0, 0]}
    for n in range(1, highest + 1):
        ranges.setdefault(shade(n, highest), [n, n])[1] = n
    return [ShadeClass(s, low, high) for s, (low, high) in sorted(ranges.items())]


def map_state(state: SearchState) -> SearchState:
    """The search the map counts in: the current one without its region, page and page size."""
    return SearchState([(k, v) for k, v in state.pairs if k not in ("region", "page", "per_page")])


@dataclass(frozen=True)
class Atlas:
    laender: list[AtlasArea]
    """In the geometry's order."""
    beside: list[AtlasArea]
    """Sweden, France, the EU, then Germany in total."""
    legend: list[ShadeClass]


def count_atlas(state: SearchState, search: SearchRequest, lang: str) -> Atlas:
    """Every Land and the countries beside them, counted by the search's own facets under the current
    filters (without a region), so each link finds exactly the figure shown."""
    index = search_service()
    counting = replace(search, filters={k: v for k, v in search.filters.items() if k != "region"},
                       page=1, per_page=1)
    result = index.search(counting)
    regions = {c.value: c.count for c in result.facets.get("region", [])}
    countries = {c.value: c.count for c in result.facets.get("country", [])}
    highest = max((regions.get(s.region, 0) for s in geometry().laender), default=0)
    vocab = index.vocabulary
    laender = [AtlasArea(s.region, vocab.label("region", s.region, lang), regions.get(s.region, 0),
                         SearchState([*state.pairs, ("region", s.region)]).url("/"),
                         shade(regions.get(s.region, 0), highest), s)
               for s in geometry().laender]
    others = [(k, v) for k, v in state.pairs if k != "country"]
    beside = [AtlasArea(c, _("Deutschland insgesamt") if c == "DE" else vocab.label("country", c, lang),
                        countries.get(c, 0), SearchState([*others, ("country", c)]).url("/"), 0)
              for c in (*BESIDE, "DE")]
    return Atlas(laender, beside, shade_classes(highest))


def active_filters(state: SearchState, lang: str) -> list[tuple[str, str, str]]:
    """What narrows the map, each as (what, value, the map without it)."""
    from app.web import FACET_TITLES  # app.web imports this module

    vocab = search_service().vocabulary
    titles = {"q": _("Suchbegriffe"), "year_from": _("Jahr von"), "year_to": _("Jahr bis"),
              **{k: str(v) for k, v in FACET_TITLES.items()}}
    out = []
    for name, value in state.pairs:
        if name not in titles:
            continue
        shown = vocab.label(name, value, lang) if name in FACET_TITLES and name != "year" else value
        rest = SearchState([p for p in state.pairs if p != (name, value)])
        out.append((titles[name], shown, rest.url("/karte")))
    return out


def atlas_page() -> str:
    lang = language()
    search, errors, _given = read_search(lang)
    state = map_state(SearchState.from_request_obj(search))
    atlas = count_atlas(state, search, lang)
    # the small Länder last, so their figures' boxes stand above their neighbours
    drawn = sorted(atlas.laender, key=lambda a: a.shape is not None and a.shape.callout is not None)
    return render_template("karte.html", atlas=atlas, drawn=drawn, geometry=geometry(), errors=errors,
                           filters=active_filters(state, lang), list_url=state.url("/"))


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/karte", "atlas", atlas_page)
