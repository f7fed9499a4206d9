"""Curated coordinates of ``gazetteer/data/libya_places.csv`` checked against the reference
data in ``../shared/reference``, each row against the source its ``coord_source`` names
(skipped when that folder is absent). The tables themselves are tested in
``tests/test_curated_data.py``.
"""

from __future__ import annotations

import csv
import re

import pytest

from gazetteer.core import haversine_km
from gazetteer.normalize import is_arabic, name_key
from tests.test_curated_data import AREA_TYPES, REFERENCE, keys_of, names_of, places

_GENERIC_EN = re.compile(
    r"\b(?:international|intl|air\s*base|airbase|airport|airfield|airstrip|base|district|governorate|municipality"
    r"|city|town|village|centre|center|central|oasis|oil\s*field|oil\s*terminal|oil\s*port|field|terminal|port"
    r"|camp|border\s*crossing|crossing|region|new|old|complex)\b",
    re.IGNORECASE,
)
_GENERIC_AR = {name_key(w) for w in (
    "مطار", "الدولي", "العالمي", "قاعدة", "الجوية", "جوية", "شعبية", "بلدية", "مدينة", "بلدة", "قرية", "منطقة",
    "واحة", "حي", "المركز", "حقل", "النفطي", "ميناء", "معسكر", "منفذ", "معبر", "مجمع",
)}
# coord_source -> (reference file, delimiter, name columns, lat column, lon column)
_REFERENCE_FILES = {
    "osm-places": ("osm_places_LY_mosabsomaer.csv", ",", ("name_en", "name_ar", "name_fr", "name_it"), "lat", "lon"),
    "osm-2019": ("osm_nodes_LY_2019_obiwanlansi.csv", ",", ("name", "name_en"), "lat", "lon"),
    "ourairports": ("ourairports_LY.csv", ",", ("name", "keywords"), "latitude_deg", "longitude_deg"),
}


def _strip_generic(name: str) -> str:
    """The name without generic words (airport, district, قاعدة, شعبية ...) or a bracketed part."""
    if is_arabic(name):
        return " ".join(w for w in name_key(name).split() if w not in _GENERIC_AR)
    return re.sub(r"\s+", " ", _GENERIC_EN.sub(" ", re.sub(r"\(.*?\)", " ", name))).strip(" -,")


def _match_keys(name: str) -> set[str]:
    out = keys_of(name)
    bare = _strip_generic(name)
    if bare and name_key(bare) != name_key(name):
        out |= keys_of(bare)
    return out


def _reference_names(raw: str) -> set[str]:
    """A reference name field, whole and cut into its parts (OSM mixes scripts and qualifiers in one field)."""
    out = set()
    for part in [raw, re.sub(r"\(.*?\)", "", raw), *re.split(r"\s*[-/;,()‑]\s*", raw)]:
        part = part.strip()
        if not part:
            continue
        out.add(part)
        for run in re.findall(r"[\u0600-\u06FF][\u0600-\u06FF\s]*|[^\u0600-\u06FF\d]+", part):
            if run.strip(" .'`"):
                out.add(run.strip(" ."))
    return out


def _reference_entries(source: str) -> list[tuple[set[str], float, float, str]]:
    fname, delim, cols, lat_col, lon_col = _REFERENCE_FILES[source]
    entries = []
    with open(REFERENCE / fname, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter=delim):
            names = set().union(*(_reference_names(r[c] or "") for c in cols))
            keys = set().union(*(_match_keys(n) for n in names)) if names else set()
            label = next((r[c] for c in cols if r[c]), "?")
            entries.append((keys, float(r[lat_col]), float(r[lon_col]), label))
    return entries


def test_coordinates_against_reference():
    if not REFERENCE.is_dir():
        pytest.skip(f"reference data not found at {REFERENCE}")
    refs = {src: _reference_entries(src) for src in _REFERENCE_FILES}
    admin1 = REFERENCE / "geonames_admin1_LY.tsv"
    admin1_keys: set[str] = set()
    if admin1.exists():
        with open(admin1, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                admin1_keys |= _match_keys(r["name"]) | _match_keys(r["asciiname"])
    mismatches, checked = [], 0
    for row in places():
        source = row["coord_source"]
        keys = set().union(*(_match_keys(n) for n in names_of(row)))
        if source.startswith("geonames"):
            # The GeoNames admin1 file has names but no coordinates: check the name only.
            if not keys & admin1_keys:
                mismatches.append(f"{row['id']}: no GeoNames admin1 entry named like {row['name_en']!r}")
            continue
        if source not in refs:
            continue
        checked += 1
        lat, lon = float(row["lat"]), float(row["lon"])
        cands = [(haversine_km(lat, lon, rlat, rlon), label, rlat, rlon)
                 for rkeys, rlat, rlon, label in refs[source] if rkeys & keys]
        if not cands:
            mismatches.append(f"{row['id']}: no {source} entry named like {row['name_en']!r}")
            continue
        dist, label, rlat, rlon = min(cands)
        limit = 25.0 if row["feature_type"] in AREA_TYPES else 5.0
        if dist > limit:
            mismatches.append(f"{row['id']}: {dist:.1f} km from {source} {label!r} ({rlat}, {rlon}); limit {limit:g} km")
    assert checked >= 300
    assert not mismatches, "\n".join(mismatches)
