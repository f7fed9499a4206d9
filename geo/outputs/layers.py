"""Events as a GeoDataFrame, and that frame split into the map's layers.

The frame is the common currency between the pipeline, the store, the map and
the exports: one row per :class:`geo.model.Event`, EPSG:4326, geometry built
from ``Event.coords`` (``(lon, lat)`` pairs, GeoJSON order).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.model import Event

__all__ = [
    "FRAME_COLUMNS",
    "LAYER_CATEGORIES",
    "LAYER_NAMES",
    "LAYER_OF",
    "concat_layers",
    "events_to_frame",
    "empty_frame",
    "layer_of",
    "split_layers",
    "layer_counts",
]

#: Event fields that become columns (everything but ``coords``, which becomes the
#: geometry, and ``extra``, which is free-form and has no stable column type).
FRAME_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Event) if f.name not in ("coords", "extra")
)

#: Columns stored as ``datetime64`` (naive, day resolution) rather than ``date``
#: objects, so that range filters and weekly resampling are vectorised.
DATE_COLUMNS: tuple[str, ...] = ("event_date", "valid_to")

#: Map layers in drawing order and the event categories each one holds.
LAYER_CATEGORIES: dict[str, tuple[str, ...]] = {
    "strikes": ("airstrike", "shelling", "explosion"),
    "ground": ("clash", "territory"),
    "movements": ("movement",),
    "front_lines": ("front_line",),
    "other": ("shootdown", "civilian_attack", "protest", "political"),
}
LAYER_NAMES: tuple[str, ...] = tuple(LAYER_CATEGORIES)
#: Category -> layer name.
LAYER_OF: dict[str, str] = {c: layer for layer, cats in LAYER_CATEGORIES.items() for c in cats}


def layer_of(category: str | None) -> str:
    """The layer an event category is drawn in; unknown categories go to ``other``."""
    return LAYER_OF.get(category or "", "other")


def _geometry(coords: list[tuple[float, float]] | list[list[float]]) -> BaseGeometry | None:
    """A Point for one ``(lon, lat)`` pair, a LineString for two or more, None for none."""
    pairs = [(float(c[0]), float(c[1])) for c in coords]
    if not pairs:
        return None
    if len(pairs) == 1:
        return Point(pairs[0])
    return LineString(pairs)


def empty_frame() -> gpd.GeoDataFrame:
    """A zero-row events frame with every column and dtype of :func:`events_to_frame`."""
    return events_to_frame([])


def events_to_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """One GeoDataFrame row per event, in EPSG:4326.

    Parameters
    ----------
    events
        Events from the pipeline or the store.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns: every :class:`~geo.model.Event` field except ``coords`` and
        ``extra``, in field order, then ``geometry``. ``article_ids`` stays a
        Python list per row; ``event_date`` and ``valid_to`` are pandas
        ``datetime64`` (NaT when unknown); integer fields that may be missing
        (``fatalities``, ``injured``) use pandas' nullable ``Int64``. Geometry is
        a Point for one coordinate pair and a LineString (origin -> destination,
        or front-line vertices) for more; an event without coordinates has a
        missing geometry rather than being dropped, so counts stay honest.
    """
    rows: list[dict[str, object]] = []
    geoms: list[BaseGeometry | None] = []
    for ev in events:
        row = {name: getattr(ev, name) for name in FRAME_COLUMNS}
        # Copy so a later edit of the frame's list cannot reach back into the Event.
        row["article_ids"] = list(ev.article_ids or [])
        rows.append(row)
        geoms.append(_geometry(ev.coords))
    df = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    for col in DATE_COLUMNS:
        df[col] = pd.to_datetime(df[col], errors="coerce").astype("datetime64[ns]")
    for col in ("fatalities", "injured"):
        df[col] = pd.array(df[col].tolist(), dtype="Int64")
    for col in ("time_precision", "geo_precision", "corroboration"):
        df[col] = df[col].astype("int64")
    df["approximate"] = df["approximate"].astype(bool)
    if df.empty:
        # Object columns would otherwise be float64 in an empty frame.
        for col in FRAME_COLUMNS:
            if col not in DATE_COLUMNS and col not in (
                "fatalities", "injured", "time_precision", "geo_precision", "corroboration", "approximate"
            ):
                df[col] = df[col].astype(object)
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")


def split_layers(gdf: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Split an events frame into the map layers of :data:`LAYER_CATEGORIES`.

    Every layer name is present in the result (possibly with zero rows), in
    drawing order, so callers can iterate without ``KeyError``. Rows keep their
    index, which lets the table and the map refer to the same event.
    """
    if "category" not in gdf.columns:
        raise ValueError("the frame has no 'category' column")
    layer = gdf["category"].map(layer_of) if len(gdf) else pd.Series([], dtype=object, index=gdf.index)
    return {name: gdf[layer == name] for name in LAYER_NAMES}


def layer_counts(layers: Mapping[str, gpd.GeoDataFrame]) -> dict[str, int]:
    """Row count of each layer."""
    return {name: len(frame) for name, frame in layers.items()}


def concat_layers(layers: Mapping[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """All layers in one frame (EPSG:4326), in layer order; an empty events frame when all are empty."""
    frames = [f for f in layers.values() if len(f)]
    if not frames:
        return empty_frame()
    return gpd.GeoDataFrame(pd.concat(frames), geometry=frames[0].geometry.name, crs="EPSG:4326")
