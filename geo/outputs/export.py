"""Export events: GeoJSON (RFC 7946), GeoPackage, and CSV with ACLED's column names.

Every ``write_*`` function writes to a temporary file in the destination folder
and then ``os.replace``-s it into place, so a reader (QGIS, a download, a
concurrent export) never sees a half-written file. The ``*_bytes`` functions
give the same content in memory for download buttons.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from gazetteer.files import atomic_path, atomic_write
from geo.events.acled import acled_types
from geo.events.actors import inter_code
from geo.outputs.layers import concat_layers, layer_of

__all__ = [
    "ACLED_COLUMNS",
    "acled_csv_bytes",
    "acled_admin1",
    "acled_frame",
    "acled_notes",
    "event_countries",
    "feature_collection",
    "geojson_bytes",
    "gpkg_bytes",
    "safe_export_name",
    "write_acled_csv",
    "write_bytes",
    "write_geojson",
    "write_gpkg",
    "write_layers_geojson",
]

#: ACLED's public column names (ACLED codebook, export format of 2023 onwards), in ACLED's order.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence; Demonstrations",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}

# --------------------------------------------------------------------------- names

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_MAX_NAME_BYTES = 120


def safe_export_name(name: str, default: str = "export") -> str:
    """A file name that is safe to create in an export folder.

    Strips any directory part (POSIX or Windows, including drive letters and
    ``..``), NUL and control characters, characters reserved on Windows
    (``<>:"/\\|?*``), leading dots (no hidden files, no ``..``), trailing dots and
    spaces, and Windows device names (``CON``, ``NUL``, ``COM1``...). Unicode
    letters are kept (NFC-normalised); the result is at most 120 UTF-8 bytes,
    keeping the extension. ``default`` is returned when nothing usable is left.

    >>> safe_export_name("../../etc/passwd")
    'passwd'
    >>> safe_export_name("C:\\\\Windows\\\\system32\\\\evil.geojson")
    'evil.geojson'
    """
    text = unicodedata.normalize("NFC", str(name or ""))
    text = text.replace("\x00", "")
    # Directory part: both separators, whatever the OS we run on.
    text = re.split(r"[/\\]", text)[-1]
    text = _BAD_CHARS.sub("_", text)
    text = re.sub(r"\.{2,}", ".", text)  # no "..", even inside a name
    text = text.strip().lstrip(".").rstrip(". ")
    text = re.sub(r"\s+", " ", text)
    if not text or set(text) <= {"_", " "}:
        return default
    stem, dot, ext = text.rpartition(".")
    if not dot:
        stem, ext = text, ""
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "_" + stem
    ext_part = f".{ext}" if ext else ""
    limit = _MAX_NAME_BYTES - len(ext_part.encode())
    if limit < 1:  # an absurdly long "extension": treat it all as the name
        stem, ext_part, limit = stem + ext_part, "", _MAX_NAME_BYTES
    stem = stem.encode()[:limit].decode("utf-8", errors="ignore").rstrip(". ") or default
    return stem + ext_part


# --------------------------------------------------------------------------- atomic writes


# --------------------------------------------------------------------------- values


def _json_value(value: Any) -> Any:
    """A JSON-ready property value: dates as YYYY-MM-DD, NaN/NaT/NA as null, numpy as Python."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat() if (value.hour, value.minute, value.second) == (0, 0, 0) \
            else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple | np.ndarray):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _to_wgs84(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        return gdf.set_crs("EPSG:4326")
    if gdf.crs.to_epsg() != 4326:
        return gdf.to_crs("EPSG:4326")
    return gdf


def _round_coords(geom: Any, ndigits: int = 7) -> Any:
    return shapely.transform(geom, lambda xy: np.round(xy, ndigits))


def feature_collection(gdf: gpd.GeoDataFrame) -> dict[str, Any]:
    """The frame as an RFC 7946 FeatureCollection (``[lon, lat]``, WGS84, no ``crs`` member).

    Rows without geometry become features with ``"geometry": null`` (allowed by
    RFC 7946 section 3.2). Coordinates are rounded to 7 decimals (about 1 cm).
    An event's feature also says which map ``layer`` it is drawn in.
    """
    gdf = _to_wgs84(gdf)
    geom_col = gdf.geometry.name
    props_cols = [c for c in gdf.columns if c != geom_col]
    features = []
    for rec, geom in zip(gdf[props_cols].to_dict("records"), gdf.geometry.values, strict=True):
        geometry = None
        if geom is not None and not geom.is_empty:
            geometry = mapping(_round_coords(geom))
            geometry = json.loads(json.dumps(geometry))  # tuples -> lists
        props = {k: _json_value(v) for k, v in rec.items()}
        if "category" in props:  # which map layer the feature belongs to, as in the app's legend
            props.setdefault("layer", layer_of(props["category"]))
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    """:func:`feature_collection` as UTF-8 JSON (non-ASCII text kept readable)."""
    return json.dumps(feature_collection(gdf), ensure_ascii=False, allow_nan=False).encode("utf-8")


def write_bytes(data: bytes, path: str | os.PathLike[str]) -> Path:
    """Write ``data`` to ``path`` atomically (a temporary file in the same folder, then a rename)."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def write_geojson(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str]) -> Path:
    """Write the frame as an RFC 7946 GeoJSON file, atomically. Returns the path."""
    return write_bytes(geojson_bytes(gdf), path)


def write_layers_geojson(
    layers: Mapping[str, gpd.GeoDataFrame], folder: str | os.PathLike[str], *, all_name: str = "all"
) -> dict[str, Path]:
    """One GeoJSON file per layer (``<layer>.geojson``) plus ``all.geojson`` with every layer.

    Returns layer name -> path (the combined file under ``all_name``). Layer
    names pass through :func:`safe_export_name`, so they cannot leave ``folder``.
    """
    out: dict[str, Path] = {}
    base = Path(folder)
    for name, frame in layers.items():
        out[name] = write_geojson(frame, base / safe_export_name(f"{name}.geojson"))
    out[all_name] = write_geojson(concat_layers(layers), base / safe_export_name(f"{all_name}.geojson"))
    return out


# --------------------------------------------------------------------------- GeoPackage


def _gpkg_frame(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns GeoPackage can store: lists and dicts as JSON text, nullable ints as float-free ints."""
    out = _to_wgs84(gdf).copy()
    for col in out.columns:
        if col == out.geometry.name:
            continue
        series = out[col]
        if series.dtype == object or str(series.dtype) in ("str", "string"):
            if series.map(lambda v: isinstance(v, list | tuple | dict | np.ndarray)).any():
                out[col] = series.map(
                    lambda v: json.dumps(_json_value(v), ensure_ascii=False) if v is not None else None)
            else:
                out[col] = series.map(lambda v: None if v is None or (isinstance(v, float) and math.isnan(v))
                                      else str(v)).astype(object)
    return out


def _geometry_type(gdf: gpd.GeoDataFrame) -> str:
    types = set(gdf.geometry.dropna().geom_type)
    return types.pop() if len(types) == 1 else "Unknown"


def write_gpkg(layers: Mapping[str, gpd.GeoDataFrame], path: str | os.PathLike[str]) -> Path:
    """One GeoPackage layer per map layer (empty layers included), written atomically via pyogrio."""
    import pyogrio

    def write(tmp: Path) -> None:
        for name, frame in layers.items():
            pyogrio.write_dataframe(
                _gpkg_frame(frame), tmp, layer=safe_export_name(name, default="layer"), driver="GPKG",
                geometry_type=_geometry_type(frame), append=tmp.exists(),
            )
        if not tmp.exists():  # no layers at all: still a valid (empty) GeoPackage
            pyogrio.write_dataframe(gpd.GeoDataFrame({"note": []}, geometry=[], crs="EPSG:4326"), tmp,
                                    layer="empty", driver="GPKG", geometry_type="Point")

    with atomic_path(path, ".gpkg") as tmp:
        write(tmp)
    return Path(path)


def gpkg_bytes(layers: Mapping[str, gpd.GeoDataFrame]) -> bytes:
    """:func:`write_gpkg` into memory (GDAL needs a real file, so a temporary folder is used)."""
    with tempfile.TemporaryDirectory(prefix="lcm-gpkg-") as tmp:
        path = write_gpkg(layers, Path(tmp) / "events.gpkg")
        return path.read_bytes()


# --------------------------------------------------------------------------- ACLED CSV


def _acled_types(category: str, actor1: Any) -> tuple[str | None, str | None]:
    return acled_types(category, actor1 if isinstance(actor1, str) else None)


def _sources_text(rec: dict[str, Any]) -> str:
    """ACLED's ``source``: every source of a merged event, ``; `` between them."""
    sources = rec.get("sources")
    if isinstance(sources, list | tuple | np.ndarray) and len(sources):
        return "; ".join(_text(s) for s in sources)
    return _text(rec.get("source"))


def _text(value: Any) -> str:
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _no_formula(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (CSV injection): prefix a quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED's interaction code: the two actor types, the lower first ("17"); a lone actor's type
    followed by 0 ("10")."""
    if inter1 is None:
        return ""
    if inter2 is None:
        return f"{inter1}0"
    return f"{min(inter1, inter2)}{max(inter1, inter2)}"


#: How far outside Libya's outline (degrees, about 30 km) a point still counts as Libyan: the
#: outline is a generalised coast, and ports, ships off the coast and border posts lie near it.
_LIBYA_MARGIN_DEG = 0.3


@cache
def _country_shapes() -> list[tuple[str, Any]]:
    from gazetteer.outlines import country_outlines

    shapes = [(str(f["properties"]["name"]), shape(f["geometry"]))
              for f in country_outlines()["features"]]
    for _, geom in shapes:
        shapely.prepare(geom)
    return shapes


def event_countries(gdf: gpd.GeoDataFrame) -> np.ndarray:
    """The country of each event's point (or a movement's destination): a country name of the
    bundled outlines (Libya and its neighbours), ``"outside Libya"`` for a point elsewhere, None
    for an event without coordinates. A point within about 30 km of Libya's outline and in no
    other country is Libyan."""
    from geo.mapview.points import point_coords  # the same "where is it" rule as the map

    lon, lat, ok = point_coords(gdf)
    out = np.full(len(gdf), None, dtype=object)
    out[ok] = "outside Libya"
    todo = ok.copy()
    for name, geom in _country_shapes():
        inside = todo & shapely.contains_xy(geom, lon, lat)
        out[inside] = name
        todo &= ~inside
    libya = next(g for n, g in _country_shapes() if n == "Libya")
    if todo.any():
        near = shapely.dwithin(libya, shapely.points(lon[todo], lat[todo]), _LIBYA_MARGIN_DEG)
        rows = np.flatnonzero(todo)[near]
        out[rows] = "Libya"
    return out


@cache
def _acled_admin1() -> dict[str, str]:
    from geo.text.lexicon import load_data

    return dict(load_data("acled_admin1.json")["admin1"])


def acled_admin1(district: Any) -> str:
    """ACLED's admin1 name of a district id (``geo/data/acled_admin1.json``); other values as they are.

    >>> acled_admin1("ly-district-jabal-al-gharbi"), acled_admin1("ly-district-misrata"), acled_admin1(None)
    ('Al Jabal al Gharbi', 'Misrata', '')
    """
    text = _text(district)
    return _acled_admin1().get(text, text)


def _acled_rows(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """The rows that go into the Libyan ACLED table, and notes on the rows left out."""
    notes: list[str] = []
    if "category" in gdf.columns:
        lines = int((gdf["category"] == "front_line").sum())
        gdf = gdf[gdf["category"] != "front_line"]
        if lines:
            notes.append(f"{lines} front line{'s are' if lines != 1 else ' is'} in the GeoJSON/GeoPackage"
                         " export only (ACLED has no row for a front line).")
    countries = event_countries(gdf)
    abroad = np.array([c is not None and c != "Libya" for c in countries], dtype=bool)
    if abroad.any():
        counts = pd.Series(countries[abroad]).value_counts()
        where = ", ".join(f"{name}: {n}" for name, n in counts.items())
        notes.append(f"{int(abroad.sum())} event{'s' if abroad.sum() != 1 else ''} outside Libya ({where})"
                     " left out of this Libyan export; the GeoJSON/GeoPackage export has them.")
    return gdf[~abroad], notes


def acled_notes(gdf: gpd.GeoDataFrame) -> list[str]:
    """What the ACLED table of ``gdf`` leaves out, in sentences (front lines, events outside Libya)."""
    return _acled_rows(_to_wgs84(gdf))[1]


def acled_frame(gdf: gpd.GeoDataFrame, *, timestamp: int | None = None) -> pd.DataFrame:
    """The Libyan events as a table with ACLED's columns, and ``reviewed`` last.

    Front lines (no ACLED event) and events whose point lies outside Libya are
    left out (:func:`acled_notes` says how many). ``latitude``/``longitude`` are
    the point, or a movement's destination; ``fatalities`` is 0 when not
    reported, as in ACLED; ``notes`` is the evidence sentence; ``admin1`` the district's name as ACLED writes it; ``event_id_cnty``
    our stable event id; ``reviewed`` is ``yes`` for an event a reviewer corrected.
    """
    from geo.mapview.points import point_coords  # the same "where is it" rule as the map

    gdf, _ = _acled_rows(_to_wgs84(gdf))
    lon, lat, ok = point_coords(gdf)
    stamp = int(timestamp if timestamp is not None else datetime.now(UTC).timestamp())
    rows: list[dict[str, Any]] = []
    recs = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    for i, rec in enumerate(recs):
        event_type, sub = rec.get("event_type"), rec.get("sub_event_type")
        if not isinstance(event_type, str) or not event_type:
            event_type, sub = _acled_types(str(rec.get("category")), rec.get("actor1"))
        day = _json_value(rec.get("event_date"))
        killed = _json_value(rec.get("fatalities"))
        civ = rec.get("category") == "civilian_attack" or str(rec.get("actor2") or "").lower() == "civilians"
        actor1, actor2 = rec.get("actor1"), rec.get("actor2")
        inter1 = inter_code(actor1) if isinstance(actor1, str) else None
        inter2 = inter_code(actor2) if isinstance(actor2, str) else None
        rows.append({
            "event_id_cnty": _text(rec.get("event_id")),
            "event_date": day or "",
            "year": int(str(day)[:4]) if day else "",
            "time_precision": _text(rec.get("time_precision")),
            "disorder_type": _DISORDER.get(str(event_type), "") if event_type else "",
            "event_type": event_type or "",
            "sub_event_type": sub or "",
            "actor1": _text(rec.get("actor1")),
            "assoc_actor_1": "",
            "inter1": inter1 if inter1 is not None else "",
            "actor2": _text(rec.get("actor2")),
            "assoc_actor_2": "",
            "inter2": inter2 if inter2 is not None else "",
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if civ else "",
            "iso": 434,
            "region": "Northern Africa",
            "country": "Libya",
            "admin1": acled_admin1(rec.get("district")),
            "admin2": "",
            "admin3": "",
            "location": _text(rec.get("place_name")),
            "latitude": round(float(lat[i]), 4) if ok[i] else "",
            "longitude": round(float(lon[i]), 4) if ok[i] else "",
            "geo_precision": _text(rec.get("geo_precision")),
            "source": _sources_text(rec),
            "source_scale": "",
            "notes": _text(rec.get("evidence")),
            "fatalities": int(killed) if isinstance(killed, int | float) else 0,
            "tags": "",
            "timestamp": stamp,
            "reviewed": "yes" if rec.get("reviewed") is True or rec.get("reviewed") == 1 else "",
        })
    frame = pd.DataFrame(rows, columns=[*ACLED_COLUMNS, "reviewed"])
    for col in ("event_id_cnty", "actor1", "actor2", "admin1", "location", "source", "notes"):
        frame[col] = frame[col].map(lambda v: _no_formula(v) if isinstance(v, str) else v)
    return frame


def acled_csv_bytes(gdf: gpd.GeoDataFrame, *, timestamp: int | None = None) -> bytes:
    """:func:`acled_frame` as UTF-8 CSV."""
    buf = io.StringIO()
    acled_frame(gdf, timestamp=timestamp).to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def write_acled_csv(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str], *, timestamp: int | None = None) -> Path:
    """Write :func:`acled_frame` as CSV, atomically. Returns the path."""
    return write_bytes(acled_csv_bytes(gdf, timestamp=timestamp), path)
