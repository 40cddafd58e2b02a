"""A small town's region: the nearest large city of the same country, within reach."""

from __future__ import annotations

from client_lib.anonymise.nearby import BIG_CITY, MAX_KM, nearest_big_cities


def _city(
    geonameid: int, name: str, country: str, where: tuple[float, float], pop: int
) -> dict[str, object]:
    lat, lon = where
    return {
        "geonameid": geonameid, "name": name, "countrycode": country,
        "latitude": lat, "longitude": lon, "population": pop,
    }  # fmt: skip


def test_nearest_large_city_in_the_same_country_within_reach() -> None:
    cities = [
        _city(1, "Bigton", "AA", (50.00, 10.00), BIG_CITY),
        _city(2, "Largeburg", "AA", (50.00, 10.40), 500_000),
        _city(3, "Smallham", "AA", (50.05, 10.05), 2_000),  # ~7 km from Bigton
        _city(4, "Farvillage", "AA", (52.00, 10.00), 800),  # ~220 km from both
        _city(5, "Bordertown", "BB", (50.00, 10.02), 900),  # next to Bigton, other country
        _city(6, "Cellcorner", "AA", (50.99, 10.99), 700),  # across a grid cell edge
        _city(7, "Hubcity", "AA", (51.01, 11.01), 200_000),
        _city(8, "Bigton 03", "AA", (50.06, 10.06), 150_000),  # a numbered district
    ]
    assert nearest_big_cities(cities) == {3: "Bigton", 6: "Hubcity"}


def test_reach_is_bounded() -> None:
    degrees = (MAX_KM + 5) / 111.2
    cities = [
        _city(1, "Bigton", "AA", (10.0, 10.0), BIG_CITY),
        _city(2, "Justoutside", "AA", (10.0 + degrees, 10.0), 1_000),
    ]
    assert nearest_big_cities(cities) == {}
