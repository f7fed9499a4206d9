"""Typed records that flow through the pipeline: articles, place mentions, events.

Coordinates are stored as ``lat``/``lon`` attributes; wherever they leave as
geometry (shapely, GeoJSON) the order is ``(lon, lat)``, as RFC 7946 requires.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

__all__ = ["Article", "PlaceMention", "Event", "CATEGORIES", "PRECISION"]

#: Event categories of the evaluation contract, in map-layer order.
CATEGORIES: tuple[str, ...] = (
    "airstrike", "shelling", "explosion", "clash", "territory", "movement", "front_line",
    "shootdown", "civilian_attack", "protest", "political",
)

#: ACLED-style geo precision codes.
PRECISION = {1: "the place itself", 2: "near, between or part of the place", 3: "a region or district"}


@dataclass(slots=True)
class Article:
    """One news article. ``published`` anchors relative dates ("yesterday", "on Friday")."""

    id: str
    text: str
    published: date | None = None
    language: str | None = None  # "ar" | "en" | None (detected)
    title: str | None = None
    url: str | None = None
    source: str | None = None

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Article:
        """Build an article from a JSON Lines row of the evaluation contract.

        Raises ``ValueError`` naming the field when the row is unusable.
        """
        if not isinstance(row, dict):
            raise ValueError(f"expected a JSON object, got {type(row).__name__}")
        aid = row.get("id")
        if aid is None or str(aid).strip() == "":
            raise ValueError("missing 'id'")
        text = row.get("text")
        if not isinstance(text, str):
            raise ValueError(f"article {aid}: 'text' must be a string")
        published = row.get("published")
        pub: date | None = None
        if published not in (None, ""):
            try:
                pub = date.fromisoformat(str(published)[:10])
            except ValueError:
                raise ValueError(f"article {aid}: 'published' is not a YYYY-MM-DD date: {published!r}") from None
        lang = row.get("language")
        return cls(
            id=str(aid), text=text, published=pub,
            language=str(lang) if lang else None,
            title=row.get("title"), url=row.get("url"), source=row.get("source"),
        )


@dataclass(slots=True)
class PlaceMention:
    """A place named in a text and the gazetteer entry it resolves to.

    ``start``/``end`` slice the original text to ``surface``. ``place_id`` is None
    when the name was recognised but could not be resolved with confidence.
    """

    start: int
    end: int
    surface: str
    place_id: str | None
    name: str | None
    lat: float | None
    lon: float | None
    country_code: str | None
    feature_type: str | None
    geo_precision: int = 1
    relation: str | None = None  # None | "near" | "north_of" ... | "between" | "part_of"
    anchor_ids: tuple[str, ...] = ()  # the places a relative location is computed from
    distance_km: float | None = None
    district: str | None = None

    def to_row(self, article_id: str) -> dict[str, Any]:
        """One line of ``geoparse`` output (see ``../shared/eval/CONTRACT.md``)."""
        row = asdict(self)
        row["anchor_ids"] = list(self.anchor_ids)
        return {"article_id": article_id, **row}


@dataclass(slots=True)
class Event:
    """One real-world event reported by one or more articles.

    ``coords`` is the geometry as a list of ``(lon, lat)`` pairs (GeoJSON order):
    one pair for a point event, origin first and destination last for a movement,
    and the ordered vertices of a front line.
    """

    category: str
    coords: list[tuple[float, float]]
    event_date: date | None
    article_ids: list[str]
    evidence: str
    time_precision: int = 1  # 1 day, 2 week, 3 month
    geo_precision: int = 1
    place_name: str | None = None
    place_id: str | None = None
    origin_name: str | None = None
    origin_id: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    claimed_by: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    approximate: bool = False
    language: str | None = None
    source: str | None = None
    url: str | None = None
    event_type: str | None = None  # ACLED
    sub_event_type: str | None = None  # ACLED
    corroboration: int = 1
    district: str | None = None
    valid_to: date | None = None  # front lines: the date a line stopped being true (if known)
    event_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def geometry_type(self) -> str:
        return "Point" if len(self.coords) == 1 else "LineString"

    def to_feature(self) -> dict[str, Any]:
        """A GeoJSON Feature (RFC 7946: coordinates are ``[lon, lat]``)."""
        if len(self.coords) == 1:
            geometry: dict[str, Any] = {"type": "Point", "coordinates": list(self.coords[0])}
        else:
            geometry = {"type": "LineString", "coordinates": [list(c) for c in self.coords]}
        props = {k: v for k, v in asdict(self).items() if k not in ("coords", "extra")}
        for key in ("event_date", "valid_to"):
            if props[key] is not None:
                props[key] = props[key].isoformat()
        props.update(self.extra)
        return {"type": "Feature", "geometry": geometry, "properties": props}
