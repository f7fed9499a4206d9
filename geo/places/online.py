"""Optional online fallback for names the gazetteer lacks (off by default).

Uses geopy's Nominatim client behind geopy's ``RateLimiter`` (one request a second,
as Nominatim's usage policy asks) and an on-disk JSON cache, so a name is asked for
once. Any network failure degrades to "not found": the pipeline never depends on it.

Examples
--------
>>> from geo.places.online import OnlineGeocoder
>>> from geo.places.geoparse import Geoparser
>>> gp = Geoparser(online=OnlineGeocoder())          # doctest: +SKIP
>>> gp.parse("اشتباكات في منطقة القطيفية").mentions   # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol

from gazetteer.core import cache_dir
from gazetteer.files import atomic_write
from gazetteer.model import Place
from gazetteer.normalize import FoldedText, name_key

__all__ = ["OnlineGeocoder", "unknown_place_spans"]

# "مدينة X", "منطقة X", "the town of X": a place noun announces a name the gazetteer may lack.
# A name is one word, or two when the first is one that names begin with (عين زارة، Bir Ghanam).
_AR_NAME = r"(?:(?:عين|بئر|بير|قصر|سيدي|وادي|ابو|بو|راس|سوق|خله|باب)\s+)?[\u0621-\u064a]{3,}"
_EN_NAME = r"(?:(?:ain|bir|qasr|gasr|sidi|wadi|abu|bu|ras|souq|suq|bab|khallat)\s+)?[a-z][a-z'-]{2,}"
_ANNOUNCERS = re.compile(
    rf"(?:(?<=\s)|^)(?:مدينه|بلده|منطقه|قريه|حي|بلديه)\s+(?P<ar>{_AR_NAME})(?![\u0621-\u064a])"
    rf"|(?:town|village|city|district|area|neighbourhood|neighborhood) of\s+(?P<en>{_EN_NAME})(?![a-z])"
)


class _Geocoder(Protocol):
    def geocode(self, query: str, **kwargs: Any) -> Any: ...


def unknown_place_spans(folded: FoldedText, known: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans (original offsets) of names announced by a place noun that no match covers."""
    out = []
    for m in _ANNOUNCERS.finditer(folded.folded):
        group = "ar" if m.group("ar") else "en"
        s, e = folded.original(m.start(group)), folded.original(m.end(group) - 1) + 1
        if not any(ks < e and s < ke for ks, ke in known):
            out.append((s, e))
    return out


class OnlineGeocoder:
    """Nominatim look-ups restricted to Libya, rate limited and cached on disk.

    Parameters
    ----------
    cache_path
        JSON file of past answers (default: the gazetteer cache folder).
    geocoder
        Anything with geopy's ``geocode(query, **kwargs)``; default Nominatim.
    min_delay_seconds
        Pause between two requests.
    """

    def __init__(self, cache_path: str | Path | None = None, *, geocoder: _Geocoder | None = None,
                 user_agent: str = "libya-conflict-mapper", min_delay_seconds: float = 1.0,
                 country_codes: str = "ly") -> None:
        from geopy.extra.rate_limiter import RateLimiter

        if geocoder is None:
            from geopy.geocoders import Nominatim

            geocoder = Nominatim(user_agent=user_agent, timeout=5)
        self._geocode = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=1,
                                    swallow_exceptions=True, return_value_on_exception=None)
        self.country_codes = country_codes
        self.cache_path = Path(cache_path) if cache_path else cache_dir() / "nominatim.json"
        try:
            self._cache: dict[str, Any] = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._cache = {}

    def _save(self) -> None:
        try:
            with atomic_write(self.cache_path) as f:
                json.dump(self._cache, f, ensure_ascii=False)
        except OSError:
            pass  # a read-only cache only costs repeated requests

    def geocode(self, name: str) -> Place | None:
        """A place for ``name`` in Libya, or None (not found, or offline)."""
        key = name_key(name)
        if key not in self._cache:
            from geopy.exc import GeopyError

            try:
                location = self._geocode(name, country_codes=self.country_codes, exactly_one=True)
            except (GeopyError, OSError, ValueError):
                return None  # offline or refused: not cached, so it is asked again when online
            # geopy's Location has .latitude/.longitude; stored as lat/lon, never in GeoJSON order.
            self._cache[key] = None if location is None else {
                "lat": float(location.latitude), "lon": float(location.longitude),
                "display_name": str(getattr(location, "address", name))}
            self._save()
        hit = self._cache[key]
        if hit is None:
            return None
        return Place(id=f"osm:{key}", name=name, name_ar=None, lat=hit["lat"], lon=hit["lon"],
                     country_code=self.country_codes.upper()[:2], feature_type="site", district=None,
                     parent_id=None, prominence=0.0, population=0, source="nominatim",
                     coord_source="nominatim", names=(name,))
