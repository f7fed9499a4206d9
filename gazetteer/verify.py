"""Checks of the gazetteer's entries, and of curated coordinates against reference data.

The reference files (OpenStreetMap places and named nodes, among them the
districts as ``state`` nodes, and OurAirports; see ``../shared/reference/README.md``) are read where they lie and never
copied: a curated coordinate is a fact to be checked, not data to be taken.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from shapely import Point

from gazetteer.core import Gazetteer, haversine_km
from gazetteer.model import AREA_TYPES, FEATURE_TYPES, Place
from gazetteer.normalize import name_key, skeleton
from gazetteer.outlines import libya_outline

__all__ = ["Problem", "libya_outline", "check_entries", "check_against_reference", "default_reference_dir",
           "TOLERANCE_KM"]

#: How far a curated coordinate may lie from the reference entry of the same place.
TOLERANCE_KM = {"point": 5.0, "area": 25.0}
#: Margin around Libya's outline (Natural Earth 1:10m simplified to ~200 m, itself good to about
#: a kilometre on the coast): about 3 km, so a shore-side port is in and a point at sea is out.
OUTLINE_BUFFER_DEG = 0.03


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding: the entry, what kind of problem, and the detail."""

    place_id: str
    kind: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.place_id}: {self.detail}"


def check_entries(gaz: Gazetteer) -> Iterator[Problem]:
    """Structural checks: ids unique, names present, feature types known, Libyan entries in Libya."""
    outline = libya_outline().buffer(OUTLINE_BUFFER_DEG)
    seen: set[str] = set()
    for p in gaz:
        if p.id in seen:
            yield Problem(p.id, "duplicate id", "the id is used by more than one entry")
        seen.add(p.id)
        if not p.name or not p.name.strip():
            yield Problem(p.id, "no name", "the entry has no display name")
        if not (-90 <= p.lat <= 90 and -180 <= p.lon <= 180):
            yield Problem(p.id, "bad coordinate", f"({p.lat}, {p.lon})")
        if not p.is_libyan:
            continue
        if p.source == "curated" and p.feature_type not in FEATURE_TYPES:
            yield Problem(p.id, "unknown feature type", p.feature_type)
        if p.feature_type != "country" and not outline.contains(Point(p.lon, p.lat)):  # shapely: (lon, lat)
            yield Problem(p.id, "outside Libya", f"({p.lat:.4f}, {p.lon:.4f}) {p.name}")
        for ref in (p.district, p.parent_id):
            if ref and gaz.get(ref) is None:
                yield Problem(p.id, "dangling reference", f"{ref} is not an entry")


def default_reference_dir() -> Path | None:
    """``../shared/reference`` beside the project checkout, when it exists."""
    here = Path(__file__).resolve().parents[2] / "shared" / "reference"
    return here if here.is_dir() else None


@dataclass(frozen=True, slots=True)
class _Ref:
    names: tuple[str, ...]
    lat: float
    lon: float
    source: str
    area: str | None = None  # "district" or "region" for area nodes: compared only with their own kind


def _read_reference(ref_dir: Path) -> list[_Ref]:
    refs: list[_Ref] = []

    def rows(name: str, delimiter: str = ",") -> Iterable[dict[str, str]]:
        path = ref_dir / name
        if not path.exists():
            return []
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f, delimiter=delimiter))

    for r in rows("osm_places_LY_mosabsomaer.csv"):
        refs.append(_Ref((r["name_en"], r["name_ar"], r["name_fr"], r["name_it"]), float(r["lat"]), float(r["lon"]),
                         "osm-places"))
    for r in rows("osm_nodes_LY_2019_obiwanlansi.csv"):
        area = {"state": "district", "district": "district", "region": "region"}.get(r["value"]) \
            if r["tag"] == "place" else None
        refs.append(_Ref((r["name"], r["name_en"]), float(r["lat"]), float(r["lon"]), "osm-2019", area))
    for r in rows("ourairports_LY.csv"):
        names = (r["name"], r["ident"], r["municipality"], *r["keywords"].split(","))
        refs.append(_Ref(names, float(r["latitude_deg"]), float(r["longitude_deg"]), "ourairports"))
    return refs


def check_against_reference(gaz: Gazetteer, ref_dir: Path) -> tuple[list[Problem], dict[str, int]]:
    """Curated coordinates that lie too far from the reference entry of the same place.

    A reference entry is "the same place" when it shares a name (normalised, or by
    spelling skeleton) with the curated entry; of several, the nearest is used.
    Returns the mismatches and counts (checked, no reference entry found).
    """
    refs = _read_reference(ref_dir)
    by_key: dict[str, list[_Ref]] = {}
    for ref in refs:
        for n in ref.names:
            if n and n.strip():
                for k in {name_key(n), skeleton(n)}:
                    if len(k) >= 3:
                        by_key.setdefault(k, []).append(ref)
    problems: list[Problem] = []
    counts = {"checked": 0, "no_reference": 0}
    curated: list[Place] = [p for p in gaz if p.source == "curated"]
    for p in curated:
        limit = TOLERANCE_KM["area" if p.feature_type in AREA_TYPES else "point"]
        keys = {k for n in p.names for k in (name_key(n), skeleton(n)) if len(k) >= 3}
        kind = p.feature_type if p.feature_type in AREA_TYPES else None
        # A village called Barqa is not Cyrenaica, nor the Jabal al-Gharbi district the
        # Nafusa mountains: areas are compared with areas of their own kind only.
        cands = {id(r): r for k in keys for r in by_key.get(k, []) if r.area == kind}.values()
        points = [(r.lat, r.lon, r.source) for r in cands]
        if not points:
            counts["no_reference"] += 1
            continue
        counts["checked"] += 1
        lat, lon, src = min(points, key=lambda t: haversine_km(p.lat, p.lon, t[0], t[1]))
        d = haversine_km(p.lat, p.lon, lat, lon)
        if d > limit:
            problems.append(Problem(p.id, "coordinate mismatch",
                                    f"{p.name}: {d:.1f} km from {src} ({lat:.4f}, {lon:.4f}); limit {limit:g} km"))
    return problems, counts
