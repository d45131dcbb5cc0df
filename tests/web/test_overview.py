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


def table_rows(html: str) -> dict[str, list[str]]:
    """The comparison table as row heading → the four countries' cells (text without tags)."""
    table = html.split('class="compare-table"')[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        head = re.search(r'<th scope="row">(.*?)</th>', row, re.S)
        if head:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            rows[head.group(1)] = [re.sub(r"<[^>]+>", " ", c) for c in cells]
    return rows


def test_compare_aligns_de_se_fr_and_eu_along_shared_points(client):
    html = client.get("/compare?topic=fallmanagement").get_data(as_text=True)
    header = html.split('class="compare-table"')[1].split("</thead>")[0]
    assert re.findall(r'id="col-(\w+)"', header) == ["DE", "SE", "FR", "EU"]
    rows = table_rows(html)
    assert {"Art", "Wer handelt (Ebene)", "Beteiligte", "Evidenz", "Ergebnis", "Phase", "Einträge"} <= set(rows)
    assert all(len(cells) == 4 for cells in rows.values())
    assert "Evaluiert (1)" in rows["Evidenz"][0]
    assert "Kommune" in rows["Wer handelt (Ebene)"][0]
    entries = html.split('<th scope="row">Einträge</th>')[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", entries, re.S)
    assert "fallmanagement-kreis-mettmann" in cells[0]
    assert "sverige-etablering-malmo" in cells[1]
    assert "france-contrat-integration" in cells[2]
    assert "entwurf-noch-geheim" not in html


def test_compare_without_topic_lists_topics_and_unknown_topic_is_404(client):
    assert 'href="/compare?topic=fallmanagement"' in client.get("/compare").get_data(as_text=True)
    assert client.get("/compare?topic=mondfahrt").status_code == 404
