"""Geoparsing: raw article text -> resolved place mentions with coordinates.

Examples
--------
>>> from geo.places.geoparse import geoparse
>>> [(m.surface, m.name) for m in geoparse("قصف على عين زارة جنوبي طرابلس")]
[('عين زارة', 'Ain Zara'), ('طرابلس', 'Tripoli')]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from gazetteer import Gazetteer
from gazetteer.normalize import FoldedText, is_arabic, name_key
from geo.model import PlaceMention
from geo.places.capital import name_capital
from geo.places.facility import airports_by_city, international_airports_by_city, name_airports
from geo.places.focus import ArticleFocus, article_focus
from geo.places.online import OnlineGeocoder, unknown_place_spans
from geo.places.recognize import RawMatch, Recognizer
from geo.places.relative import RelativeLocation, find_relative_locations
from geo.places.resolve import Resolved, resolve_toponyms

__all__ = ["Geoparser", "GeoparseResult", "geoparse", "default_geoparser"]


@dataclass(slots=True)
class GeoparseResult:
    """Mentions of one text, and the relative locations built on them."""

    language: str
    folded: FoldedText
    resolved: list[Resolved] = field(default_factory=list)
    mentions: list[PlaceMention] = field(default_factory=list)
    relative: list[RelativeLocation] = field(default_factory=list)
    focus: ArticleFocus = field(default_factory=ArticleFocus)


def _precision(feature_type: str | None) -> int:
    return 3 if feature_type in ("country", "region", "district") else 1


class Geoparser:
    """Recognise and resolve place names with one gazetteer (build once, reuse)."""

    def __init__(self, gazetteer: Gazetteer | None = None, online: OnlineGeocoder | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.default()
        self.recognizer = Recognizer(self.gazetteer)
        self.online = online  # None (the default): never touch the network
        self.airports = airports_by_city(self.gazetteer)
        self.international_airports = international_airports_by_city(self.gazetteer)

    def resolve(self, text: str, folded_text: FoldedText | None = None) -> list[Resolved]:
        """Recognised names of ``text`` with the entry chosen for each."""
        return self.resolve_focused(text, folded_text or FoldedText(text))[0]

    def resolve_focused(self, text: str, folded_text: FoldedText) -> tuple[list[Resolved], ArticleFocus]:
        """Recognised names of ``text``, resolved in the light of the country the text is about."""
        matches = self.recognizer.find(text, folded_text)
        focus = article_focus(folded_text, matches, self.gazetteer)
        resolved = name_airports(text, resolve_toponyms(matches, text, self.gazetteer, focus),
                                 self.airports, self.international_airports)
        return name_capital(text, folded_text, resolved, focus, self.gazetteer), focus

    def _with_online(self, text: str, ft: FoldedText, resolved: list[Resolved]) -> list[Resolved]:
        """Add names announced by a place noun ("منطقة X") that only the online geocoder knows."""
        assert self.online is not None
        known = [(r.match.start, r.match.end) for r in resolved]
        for s, e in unknown_place_spans(ft, known):
            place = self.online.geocode(text[s:e])
            if place is not None:
                match = RawMatch(s, e, text[s:e], name_key(text[s:e]), [], is_arabic(text[s:e]), False)
                resolved.append(Resolved(match, place, 0.0, 0.0))
        resolved.sort(key=lambda r: r.match.start)
        return resolved

    def parse(self, text: str, language: str | None = None) -> GeoparseResult:
        """Mentions and relative locations of ``text``."""
        lang = language or ("ar" if is_arabic(text) else "en")
        ft = FoldedText(text)
        resolved, focus = self.resolve_focused(text, ft)
        if self.online is not None:
            resolved = self._with_online(text, ft, resolved)
        relative = find_relative_locations(text, resolved, ft)
        by_anchor: dict[int, RelativeLocation] = {}
        for found in relative:
            for a in found.anchors:
                by_anchor.setdefault(a, found)
        mentions: list[PlaceMention] = []
        for k, r in enumerate(resolved):
            m, p = r.match, r.place
            rel: RelativeLocation | None = by_anchor.get(k)
            precision = _precision(p.feature_type if p else None)
            relation = None
            if rel is not None and rel.kind != "container":
                precision, relation = max(precision, 2) if precision < 3 else precision, rel.relation
            mentions.append(PlaceMention(
                start=m.start, end=m.end, surface=m.surface,
                place_id=p.id if p else None, name=p.name if p else None,
                lat=p.lat if p else None, lon=p.lon if p else None,
                country_code=p.country_code if p else None, feature_type=p.feature_type if p else None,
                geo_precision=precision, relation=relation,
                anchor_ids=tuple(resolved[a].place.id for a in rel.anchors  # type: ignore[union-attr]
                                 if resolved[a].place is not None) if rel and relation else (),
                distance_km=rel.distance_km if rel and relation else None,
                district=p.district if p else None,
            ))
        return GeoparseResult(lang, ft, resolved, mentions, relative, focus)


@lru_cache(maxsize=1)
def default_geoparser() -> Geoparser:
    """A geoparser over the default gazetteer, built once per process."""
    return Geoparser()


def geoparse(text: str, published: date | None = None, language: str | None = None) -> list[PlaceMention]:
    """Place mentions of ``text``, resolved against the default gazetteer.

    ``published`` is accepted for symmetry with event extraction (mentions do not
    depend on it). Offsets always slice ``text`` to each mention's ``surface``.
    """
    del published
    return default_geoparser().parse(text, language).mentions
