"""/karte: the 16 Länder drawn on the server, shaded and linked by their entries under the URL's filters,
with the same figures as a table and Sweden, France and the EU beside the map."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from app.web.atlas import GEOMETRY
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _corpus(corpus, write_entry):  # type: ignore[no-untyped-def]
    # two more in Sachsen (one on Digitalisierung) and one in Bremen, so the shades differ
    write_entry("integration-dresden", title="Integrationsnetzwerk Dresden", region="Sachsen",
                topics=["steuerung"], levels=["Kommune"])
    write_entry("lotsen-chemnitz", title="Lotsen in Chemnitz", region="Sachsen", topics=["digitalisierung"],
                levels=["Land"])
    write_entry("bremen-ankommen", title="Ankommen in Bremen", region="Bremen", topics=["steuerung"])
    return corpus


def the_map(html: str) -> dict[str, tuple[int, str, str]]:
    """Region → (count, link, accessible name) of each Land in the page's SVG."""
    root = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))
    out = {}
    for link in root.iter(f"{SVG}a"):
        out[link.get("data-region")] = (int(link.get("data-count")), link.get("href"), link.get("aria-label"))
    return out


def the_table(html: str) -> dict[str, tuple[int, str]]:
    table = html.split('class="counts atlas-table"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a></th><td>(\d+)</td>', table)
    return {name: (int(n), unescape(href)) for href, name, n in rows}


def shades(html: str) -> dict[str, int]:
    root = ET.fromstring(re.search(r"<svg.*?</svg>", html, re.S).group(0))
    return {link.get("data-region"): int(re.search(r"land-shade-(\d)", link.find(f"{SVG}path").get("class"))[1])
            for link in root.iter(f"{SVG}a")}


def test_the_geometry_file_holds_the_16_laender_under_the_vocabularys_region_values():
    data = json.loads(GEOMETRY.read_text("utf-8"))
    laender = data["laender"]
    for vocabulary in (ROOT / "practices" / "vocabulary.yaml", ROOT / "tests" / "fixtures" / "vocabulary.yaml"):
        assert sorted(f["region"] for f in laender) == sorted(yaml.safe_load(vocabulary.read_text("utf-8"))["regions"])
    codes = [f["code"] for f in laender]
    assert len(set(codes)) == 16 and all(re.fullmatch(r"DE-[A-Z]{2}", c) for c in codes)
    assert dict(zip(codes, (f["region"] for f in laender), strict=True))["DE-SN"] == "Sachsen"
    for f in laender:
        assert re.fullmatch(r"(M[0-9.,L-]+Z)+", f["path"]), f["code"]
        for x, y in [f["label"], *([f["callout"]] if "callout" in f else [])]:
            assert 0 < x < data["width"] and 0 < y < data["height"]
    assert GEOMETRY.stat().st_size < 60_000
    assert "Natural Earth" in data["source"] and "public domain" in data["licence"]
    note = (GEOMETRY.parent / "SOURCE.md").read_text("utf-8")
    assert "public domain" in note and "ISC License" in note and "make geometry" in note


def test_every_land_is_a_named_link_to_its_search_and_the_table_says_the_same(client):
    html = client.get("/karte").get_data(as_text=True)
    drawn = the_map(html)
    assert len(drawn) == 16
    assert drawn["Sachsen"] == (3, "/?region=Sachsen", "Sachsen: 3 Einträge")
    assert drawn["Nordrhein-Westfalen"][::2] == (1, "Nordrhein-Westfalen: 1 Eintrag")
    assert drawn["Bayern"][::2] == (0, "Bayern: 0 Einträge")
    table = the_table(html)
    assert {name: n for name, (n, _href) in table.items()} == {name: n for name, (n, _h, _a) in drawn.items()}
    assert all(table[name][1] == drawn[name][1] for name in drawn)
    assert "<script" not in html.split("</footer>")[0]


def test_each_land_link_finds_exactly_the_count_on_the_map(client):
    for region, (count, href, _name) in the_map(client.get("/karte?evidence=monitored&evidence=described")
                                               .get_data(as_text=True)).items():
        answer = client.get("/api/v1/search?" + urlsplit(href).query).get_json()
        assert answer["total"] == count, region
        page = client.get(href).get_data(as_text=True)
        shown = re.search(r'class="results-count"[^>]*>\s*([^<]*?)\s*</h2>', page)[1]
        assert shown == ("Keine Treffer" if count == 0 else f"{count} Eintr{'ag' if count == 1 else 'äge'}"), region


def test_shades_grow_with_the_count_and_the_legend_names_the_ranges(client):
    html = client.get("/karte").get_data(as_text=True)
    shade = shades(html)
    assert shade["Bayern"] == 0 and 0 < shade["Nordrhein-Westfalen"] < shade["Sachsen"] == 4
    legend = re.findall(r'legend-swatch land-shade-(\d)" aria-hidden="true"></span>([^<]+)</li>', html)
    assert legend[0] == ("0", "0") and legend[-1] == ("4", "3")
    # the figure itself stands in every Land, so colour is not the only carrier
    assert sorted(re.findall(r'<text class="land-count"[^>]*>(\d+)</text>', html)) == \
        sorted(str(n) for n, _h, _a in the_map(html).values())


def test_filters_in_the_url_change_the_counts_and_travel_with_every_link(client):
    html = client.get("/karte?topic=digitalisierung&region=Bremen").get_data(as_text=True)
    drawn = the_map(html)
    assert drawn["Sachsen"][:2] == (2, "/?topic=digitalisierung&region=Sachsen")
    assert drawn["Nordrhein-Westfalen"][0] == 0 and drawn["Bremen"][0] == 0
    assert "Thema:</span> Digitalisierung" in html
    assert 'href="/karte"' in html and 'href="/?topic=digitalisierung"' in html  # without it; as a list
    beside = dict(re.findall(r'data-country="(\w+)" data-count="(\d+)"', html))
    assert beside == {"SE": "0", "FR": "0", "EU": "0", "DE": "2"}
    level = the_map(client.get("/karte?level=Land").get_data(as_text=True))
    assert level["Sachsen"][0] == 1 and level["Sachsen"][1] == "/?level=Land&region=Sachsen"


def test_sweden_france_and_the_eu_stand_beside_the_map_as_links(client):
    html = client.get("/karte?level=Bund").get_data(as_text=True)
    boxes = {c: (int(n), unescape(href)) for href, c, n in
             re.findall(r'<a href="([^"]+)" data-country="(\w+)" data-count="(\d+)"', html)}
    assert boxes["SE"] == (1, "/?level=Bund&country=SE")
    assert boxes["FR"] == (1, "/?level=Bund&country=FR")
    assert boxes["EU"] == (0, "/?level=Bund&country=EU")
    for count, href in boxes.values():
        assert client.get("/api/v1/search?" + urlsplit(href).query).get_json()["total"] == count


def test_bad_parameters_are_named_not_a_server_error(client):
    response = client.get("/karte?topic=mondfahrt&year_from=abc")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<code>topic</code>" in html and "<code>year_from</code>" in html
    assert the_map(html)["Sachsen"][0] == 3


def test_the_map_speaks_english_and_credits_its_geometry(client):
    html = client.get("/karte?lang=en").get_data(as_text=True)
    assert "Map: entries per German state" in html
    assert the_map(html)["Sachsen"][2] == "Sachsen: 3 entries"
    assert "Natural Earth (public domain)" in html and "For comparison" in html
    assert "Natural Earth (gemeinfrei)" in client.get("/karte?lang=de").get_data(as_text=True)


def test_the_map_is_reached_from_the_menu_the_landing_page_the_overview_and_a_result_list(client):
    landing = client.get("/").get_data(as_text=True)
    assert landing.count('href="/karte"') >= 2  # menu and landing
    assert 'href="/karte"' in client.get("/stats").get_data(as_text=True)
    results = client.get("/?q=Fallmanagement&level=Kommune&region=Sachsen&page=1").get_data(as_text=True)
    link = unescape(re.search(r'<p class="map-link">.*?href="([^"]+)"', results, re.S)[1])
    assert urlsplit(link).path == "/karte"
    assert sorted(parse_qsl(urlsplit(link).query)) == [("level", "Kommune"), ("q", "Fallmanagement")]
