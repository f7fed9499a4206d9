"""Gazetteer records."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Place", "Candidate", "FEATURE_TYPES", "AREA_TYPES"]

#: Feature types of Libyan entries; foreign entries use ``country`` and ``city``.
FEATURE_TYPES = frozenset({
    "country", "region", "district", "city", "town", "village", "neighbourhood", "airbase", "airport",
    "port", "oil_port", "oil_field", "camp", "road", "site", "border_crossing", "island", "mountain", "wadi",
})

#: Feature types that name an area rather than a point: checked with a wider tolerance
#: and geocoded with precision 3 (ACLED: "a region").
AREA_TYPES = frozenset({"country", "region", "district"})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``names`` holds every name and variant in both scripts, display names first.
    ``prominence`` (0-100) ranks namesakes: how big the place is and how often the
    war's news names it.
    """

    id: str
    name: str
    name_ar: str | None
    lat: float
    lon: float
    country_code: str
    feature_type: str
    district: str | None
    parent_id: str | None
    prominence: float
    population: int
    source: str
    coord_source: str
    names: tuple[str, ...]

    @property
    def is_libyan(self) -> bool:
        return self.country_code == "LY"

    @property
    def is_area(self) -> bool:
        return self.feature_type in AREA_TYPES


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer entry offered for a name, with how it matched and a score in [0, 1]."""

    place: Place
    score: float
    matched: str
    how: str  # "exact" | "skeleton" | "fuzzy" | "id"
