"""/stats draws the topic × level heatmap on the server; /compare puts DE, SE and FR side by side."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest


@pytest.fixture(autouse=True)
def _corpus(corpus):  # type: ignore[no-untyped-def]
    return corpus


def test_stats_heatmap_is_svg_and_every_cell_links_into_the_search(client):
    html = client.get("/stats").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)
    links = root.findall("{http://www.w3.org/2000/svg}a")
    hrefs = {a.get("href") for a in links}
    assert "/?topic=fallmanagement&level=Kommune" in hrefs
    label = [a.get("aria-label") for a in links if a.get("href") == "/?topic=fallmanagement&level=Kommune"]
    assert label == ["Fallmanagement / Case Management, Kommune: 2 Einträge"]


def test_stats_counts_per_country_and_per_land(client):
    html = client.get("/stats").get_data(as_text=True)
    assert re.search(r'href="/\?country=SE">Schweden</a></th><td>1</td>', html)
    assert re.search(r'href="/\?region=Sachsen">Sachsen</a></th><td>1</td>', html)


def test_compare_shows_three_countries_for_a_topic(client):
    html = client.get("/compare?topic=fallmanagement").get_data(as_text=True)
    columns = {c: html.split(f'id="col-{c}"')[1].split("</section>")[0] for c in ("DE", "SE", "FR")}
    assert "fallmanagement-kreis-mettmann" in columns["DE"]
    assert "sverige-etablering-malmo" in columns["SE"]
    assert "france-contrat-integration" in columns["FR"]
    assert "entwurf-noch-geheim" not in html


def test_compare_without_topic_lists_topics_and_unknown_topic_is_404(client):
    assert 'href="/compare?topic=fallmanagement"' in client.get("/compare").get_data(as_text=True)
    assert client.get("/compare?topic=mondfahrt").status_code == 404
