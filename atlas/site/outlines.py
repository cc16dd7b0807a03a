"""Country outlines for the world map, read from Natural Earth as Debian packages it, and projected.

Data: Natural Earth's 1:110m Admin 0 countries and its "tiny countries" points (public domain), as
shipped by the Debian package r-cran-rnaturalearthdata (the R package rnaturalearthdata 0.1.0, CC0),
installed by `.ci/run` and `invoke test` (`apt-get install r-cran-rnaturalearthdata`). It is read from
R's lazy-load database with atlas.site.rdata; R itself is never run. ATLAS_NATURAL_EARTH names
another database (the path without .rdb/.rdx).

Outlines are projected with the Equal Earth projection (Šavrič, Patterson and Jenny, 2018), an
equal-area projection, so a country's share of the map is its share of the land; Antarctica is left out.
Coordinates are rounded to whole units of a 1000-unit-wide map and thinned (Douglas-Peucker).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from atlas.site.rdata import lazy_load

DEFAULT_SOURCE = "/usr/lib/R/site-library/rnaturalearthdata/data/Rdata"
SOURCE_NOTE = "Natural Earth 1:110m (public domain), via Debian's r-cran-rnaturalearthdata"
WIDTH = 1000  # map units across the whole world
SOUTH, NORTH = -57.0, 84.0  # latitudes kept (Tierra del Fuego to northern Greenland)
TOLERANCE = 0.6  # Douglas-Peucker tolerance, in map units
LEFT_OUT = {"AQ"}  # Antarctica: no group, and a band of white that would take a fifth of the map
FIXES = {"KOS": "XK"}  # Natural Earth gives Kosovo no ISO code; XK is the code in common use

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


class OutlinesMissing(RuntimeError):
    """The Natural Earth data is not installed."""


@dataclass(frozen=True)
class Outline:
    """One country: its code, Natural Earth's English name, and its rings in map units."""

    code: str
    name: str
    rings: tuple[tuple[tuple[int, int], ...], ...]  # closed rings (last point not repeated)
    point: tuple[int, int] | None = None  # for places too small to draw: where their dot goes


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of degrees, in units of the earth's radius (y grows northwards)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_EDGE = equal_earth(180, 0)[0]
TOP, BOTTOM = equal_earth(0, NORTH)[1], equal_earth(0, SOUTH)[1]
SCALE = WIDTH / (2 * X_EDGE)
HEIGHT = round((TOP - BOTTOM) * SCALE)


def to_map(lon: float, lat: float) -> tuple[int, int]:
    """A point in whole map units, (0, 0) at the top left."""
    x, y = equal_earth(lon, max(SOUTH, min(NORTH, lat)))
    return round((x + X_EDGE) * SCALE), round((TOP - y) * SCALE)


def thin(points: list[tuple[int, int]], tolerance: float = TOLERANCE) -> list[tuple[int, int]]:
    """Douglas-Peucker: the points of an open line that keep it within `tolerance` of itself."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        far, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if norm else math.hypot(px - ax, py - ay)
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring(coords) -> tuple[tuple[int, int], ...]:
    """An R coordinate matrix (longitudes, then latitudes) as a thinned ring in map units."""
    n = coords.attrs["dim"][0]
    points: list[tuple[int, int]] = []
    for lon, lat in zip(coords[:n], coords[n:], strict=True):
        p = to_map(lon, lat)
        if not points or p != points[-1]:
            points.append(p)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        return ()
    # Split the ring at its point farthest from the first, so both halves are open lines to thin.
    far = max(
        range(len(points)),
        key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2,
    )
    ring = thin(points[: far + 1]) + thin([*points[far:], points[0]])[1:-1]
    return tuple(ring) if len(ring) >= 3 else ()


def _columns(frame) -> dict[str, list]:
    return dict(zip(frame.attrs["names"], frame, strict=True))


def _code(iso_a2: str | None, adm0_a3: str | None) -> str | None:
    if iso_a2 and len(iso_a2) == 2 and iso_a2.isalpha():
        return iso_a2
    return FIXES.get(adm0_a3 or "")


def source_path() -> Path:
    return Path(os.environ.get("ATLAS_NATURAL_EARTH") or DEFAULT_SOURCE)


@cache
def world(source: str | None = None) -> tuple[Outline, ...]:
    """Every country with an ISO code, sorted by code: outlines, then dots for the tiny ones."""
    base = Path(source) if source else source_path()
    if not base.with_suffix(".rdb").exists():
        raise OutlinesMissing(f"{base}.rdb is missing: apt-get install r-cran-rnaturalearthdata")
    countries = lazy_load(base, "countries110")
    columns = _columns(countries.attrs["data"])
    found: dict[str, Outline] = {}
    for i, shape in enumerate(countries.attrs["polygons"]):
        code = _code(columns["iso_a2"][i], columns["adm0_a3"][i])
        if code is None or code in LEFT_OUT:
            continue
        rings = tuple(r for r in (_ring(p.attrs["coords"]) for p in shape.attrs["Polygons"]) if r)
        if rings:
            found[code] = Outline(code, columns["name"][i], rings)
    tiny = lazy_load(base, "tiny_countries110")
    columns = _columns(tiny.attrs["data"])
    coords = tiny.attrs["coords"]
    n = coords.attrs["dim"][0]
    for i in range(n):
        code = _code(columns["iso_a2"][i], columns["adm0_a3"][i])
        if code and code not in found and code not in LEFT_OUT:
            found[code] = Outline(code, columns["name"][i], (), to_map(coords[i], coords[n + i]))
    return tuple(found[code] for code in sorted(found))
