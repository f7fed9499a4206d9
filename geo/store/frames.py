"""Database rows and columns as the project's events GeoDataFrame (the format of :mod:`geo.outputs.layers`).

In: column lists read from the store. Out: a GeoDataFrame built column by column, or
:class:`geo.model.Event` objects rebuilt from rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.model import Event
from geo.store.base import (
    EVENT_FIELDS,
    Row,
)
from geo.store.identity import (
    _as_date,
)

# --------------------------------------------------------------------------- frames


def _event_from_row(row: Row, geom: BaseGeometry | None) -> Event:
    coords: list[tuple[float, float]] = []
    if geom is not None and not geom.is_empty:
        coords = [(float(x), float(y)) for x, y, *_ in shapely.get_coordinates(geom).tolist()]
    ids = json.loads(row["article_ids"]) if row.get("article_ids") else []
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    kw: dict[str, Any] = {f: row.get(f) for f in EVENT_FIELDS}
    kw["event_date"] = _as_date(kw["event_date"])
    kw["valid_to"] = _as_date(kw["valid_to"])
    kw["approximate"] = bool(kw["approximate"])
    for key, default in (("time_precision", 1), ("geo_precision", 1), ("corroboration", 1)):
        kw[key] = int(kw[key]) if kw[key] is not None else default
    for key in ("fatalities", "injured"):
        kw[key] = int(kw[key]) if kw[key] is not None else None
    return Event(coords=coords, article_ids=list(ids), event_id=row["event_id"], extra=extra, **kw)


def events_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Events as the project's common GeoDataFrame (``geo.outputs.layers.events_to_frame``)."""
    from geo.outputs.layers import events_to_frame  # the map's frame format is defined there

    return events_to_frame(events)


def _dates(values: Sequence[Any]) -> np.ndarray:
    """``datetime64[ns]`` days of ISO strings or ``date`` objects (NaT for missing or unreadable)."""
    series = pd.Series(list(values), dtype=object)
    if all(v is None or isinstance(v, str) for v in values):
        # The GeoPackage stores ISO text: one vectorised parse of the first 10 characters.
        parsed = pd.to_datetime(series.str.slice(0, 10), errors="coerce", format="%Y-%m-%d")
    else:
        parsed = pd.to_datetime(pd.Series([_as_date(v) for v in values], dtype=object), errors="coerce")
    return parsed.astype("datetime64[ns]").to_numpy()


def _json_lists(values: Sequence[Any]) -> list[list[Any]]:
    """``article_ids`` JSON texts as lists: one parse of the whole column, per row only if that fails."""
    texts = [v if isinstance(v, str) and v else "[]" for v in values]
    parsed: Any = None
    try:
        parsed = json.loads("[" + ",".join(texts) + "]")
    except ValueError:
        pass
    if not isinstance(parsed, list) or len(parsed) != len(texts):  # a text that is not one JSON value
        parsed = [json.loads(t) for t in texts]
    return [list(v) if isinstance(v, list) else [] for v in parsed]


def _store_frame(columns: dict[str, Sequence[Any]], geoms: np.ndarray,
                 extra_cols: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """A frame in the ``geo.outputs.layers.events_to_frame`` format plus the store's own columns.

    Built column by column from the database's columns: no :class:`Event` and
    no dict per row, so 100,000 events load in about a second. The same dtypes
    as ``events_to_frame`` (a test compares the two). The geometry is the
    database's, so an event without valid coordinates keeps a missing geometry.
    """
    from geo.outputs.layers import DATE_COLUMNS, FRAME_COLUMNS

    n = len(geoms)
    if n == 0:
        frame = events_frame([])
    else:
        data: dict[str, Any] = {col: list(columns[col]) for col in FRAME_COLUMNS if col != "article_ids"}
        data["article_ids"] = _json_lists(columns["article_ids"])
        df = pd.DataFrame(data, columns=list(FRAME_COLUMNS))
        for col in DATE_COLUMNS:
            df[col] = _dates(columns[col])
        for col in ("fatalities", "injured"):
            df[col] = pd.to_numeric(pd.Series(columns[col], dtype=object), errors="coerce").round().astype("Int64")
        for col in ("time_precision", "geo_precision", "corroboration"):
            df[col] = (pd.to_numeric(pd.Series(columns[col], dtype=object), errors="coerce")
                       .fillna(1).round().astype("int64"))
        df["approximate"] = pd.Series(columns["approximate"], dtype=object).fillna(False).astype(bool)
        frame = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    frame["rejected"] = pd.Series(list(columns.get("rejected", [False] * n)), index=frame.index,
                                  dtype=object).fillna(False).astype(bool)
    frame["corrected"] = pd.Series(list(columns.get("corrected", [None] * n)), index=frame.index, dtype=object)
    frame["reviewed"] = pd.Series(list(columns.get("reviewed", [False] * n)), index=frame.index,
                                  dtype=object).fillna(False).astype(bool)
    frame["notes"] = pd.Series(list(columns.get("notes", [None] * n)), index=frame.index, dtype=object)
    for col in extra_cols:
        values = list(columns[col])
        if col in ("valid_from", "valid_to", "stated_valid_to"):
            frame[col] = pd.Series(_dates(values) if n else np.array([], "datetime64[ns]"), index=frame.index)
        else:
            frame[col] = pd.Series(values, index=frame.index, dtype=object)
    return frame
