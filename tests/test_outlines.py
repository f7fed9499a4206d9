"""Country outlines shipped with the gazetteer (Natural Earth 1:10m, scripts/build_outlines.py)."""

from __future__ import annotations

import pytest
from shapely.geometry import Point, shape

from gazetteer import Gazetteer
from gazetteer.outlines import country_outlines, libya_outline

# Coastal places the former, coarse outline (56 vertices) left in the sea.
COASTAL = ["طرابلس", "تاجوراء", "معيتيقة", "درنة", "طبرق", "زوارة", "بنغازي", "مصراتة", "سرت", "رأس لانوف"]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize("name", COASTAL)
def test_coastal_places_are_on_land(gaz: Gazetteer, name: str) -> None:
    place = gaz.lookup(name)[0].place
    assert libya_outline().contains(Point(place.lon, place.lat)), place  # shapely: (lon, lat)


def test_the_sea_and_the_neighbours_are_not_libya() -> None:
    outline = libya_outline()
    for lon, lat in [(15.0, 33.3), (18.5, 31.0), (14.51, 35.9), (10.18, 36.8), (31.24, 30.04)]:
        # open sea north of Misrata, the Gulf of Sirte, Malta, Tunis, Cairo
        assert not outline.contains(Point(lon, lat)), (lon, lat)


def test_outlines_are_valid_and_named() -> None:
    features = country_outlines()["features"]
    assert sum(f["properties"]["libya"] for f in features) == 1
    assert {"Tunisia", "Algeria", "Niger", "Chad", "Sudan", "Egypt"} <= {f["properties"]["name"] for f in features}
    for f in features:
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty, f["properties"]["name"]
        # GeoJSON order is [lon, lat]: every vertex must lie in the map's frame in that order.
        minx, miny, maxx, maxy = geom.bounds
        assert 2.9 <= minx and maxx <= 32.1 and 13.9 <= miny and maxy <= 39.1, f["properties"]["name"]
