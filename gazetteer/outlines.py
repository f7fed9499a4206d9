"""Country outlines shipped with the package: Libya and its neighbours (Natural Earth 1:10m).

``data/country_outlines.geojson`` is built by ``scripts/build_outlines.py``
(Natural Earth, public domain, via the world-atlas package). Libya keeps about
200 m of detail, so the coast passes Tripoli's shore rather than cutting
through the city; neighbours are coarser context. Coordinates are GeoJSON
``[lon, lat]``.

Examples
--------
>>> from shapely.geometry import Point
>>> libya_outline().contains(Point(13.191, 32.887))   # Tripoli, (lon, lat)
True
>>> [f["properties"]["name"] for f in country_outlines()["features"]][:3]
['Libya', 'Tunisia', 'Algeria']
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = ["OUTLINES_FILE", "country_outlines", "libya_outline"]

OUTLINES_FILE: Path = Path(__file__).resolve().parent / "data" / "country_outlines.geojson"


@lru_cache(maxsize=1)
def country_outlines() -> dict[str, Any]:
    """A FeatureCollection of Libya (``properties.libya = true``) and its neighbours.

    The cached dict is shared: copy it before changing it.
    """
    data: dict[str, Any] = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def libya_outline() -> BaseGeometry:
    """Libya's outline as a shapely geometry (shapely's order: x = lon, y = lat)."""
    for feature in country_outlines()["features"]:
        if feature["properties"].get("libya"):
            return shape(feature["geometry"])
    raise LookupError(f"no Libya feature in {OUTLINES_FILE}")
