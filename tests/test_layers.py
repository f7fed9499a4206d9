"""Events -> GeoDataFrame -> map layers (geo.outputs.layers)."""

from __future__ import annotations

import dataclasses
from datetime import date

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from geo.model import CATEGORIES, Event
from geo.outputs.layers import (
    FRAME_COLUMNS,
    LAYER_CATEGORIES,
    LAYER_NAMES,
    concat_layers,
    empty_frame,
    events_to_frame,
    layer_of,
    split_layers,
)


def _event(category: str, coords: list[tuple[float, float]], **kw: object) -> Event:
    base: dict[str, object] = {"event_date": date(2020, 6, 5), "article_ids": ["a1"], "evidence": "x"}
    base.update(kw)
    return Event(category=category, coords=coords, **base)  # type: ignore[arg-type]


def test_columns_are_event_fields_without_coords_and_extra() -> None:
    frame = events_to_frame([_event("airstrike", [(13.1, 32.8)])])
    expected = [f.name for f in dataclasses.fields(Event) if f.name not in ("coords", "extra")]
    assert list(frame.columns) == [*expected, "geometry"]
    assert tuple(expected) == FRAME_COLUMNS
    assert frame.crs is not None and frame.crs.to_epsg() == 4326


def test_point_geometry_is_lon_lat() -> None:
    frame = events_to_frame([_event("shelling", [(13.17, 32.85)])])
    geom = frame.geometry.iloc[0]
    assert isinstance(geom, Point)
    assert (geom.x, geom.y) == (13.17, 32.85)  # x = longitude, y = latitude


def test_movement_is_a_line_from_origin_to_destination() -> None:
    misrata, sirte = (15.09, 32.37), (16.59, 31.21)
    frame = events_to_frame([_event("movement", [misrata, (15.8, 31.7), sirte])])
    geom = frame.geometry.iloc[0]
    assert isinstance(geom, LineString)
    assert geom.coords[0] == misrata and geom.coords[-1] == sirte


def test_value_types() -> None:
    ev = _event("clash", [(13.28, 32.79)], fatalities=4, article_ids=["a", "b"])
    undated = _event("protest", [(20.1, 32.1)], event_date=None, fatalities=None)
    frame = events_to_frame([ev, undated])
    assert str(frame["event_date"].dtype).startswith("datetime64")
    assert frame["event_date"].iloc[0] == pd.Timestamp("2020-06-05")
    assert pd.isna(frame["event_date"].iloc[1])
    assert frame["article_ids"].iloc[0] == ["a", "b"]
    assert str(frame["fatalities"].dtype) == "Int64"
    assert frame["fatalities"].iloc[0] == 4 and pd.isna(frame["fatalities"].iloc[1])


def test_article_ids_are_copied() -> None:
    ev = _event("clash", [(13.28, 32.79)], article_ids=["a"])
    frame = events_to_frame([ev])
    frame["article_ids"].iloc[0].append("changed")
    assert ev.article_ids == ["a"]


def test_event_without_coordinates_is_kept_with_missing_geometry() -> None:
    frame = events_to_frame([_event("political", [])])
    assert len(frame) == 1
    assert frame.geometry.iloc[0] is None


def test_empty_input_has_the_same_columns_and_dtypes() -> None:
    full = events_to_frame([_event("airstrike", [(13.1, 32.8)], fatalities=1)])
    empty = empty_frame()
    assert len(empty) == 0
    assert list(empty.columns) == list(full.columns)
    for col in ("event_date", "fatalities", "geo_precision", "approximate"):
        assert empty[col].dtype == full[col].dtype, col


def test_every_category_has_a_layer() -> None:
    assert set(LAYER_NAMES) == {"strikes", "ground", "movements", "front_lines", "other"}
    assert sorted(c for cats in LAYER_CATEGORIES.values() for c in cats) == sorted(CATEGORIES)
    assert layer_of("airstrike") == "strikes"
    assert layer_of("territory") == "ground"
    assert layer_of("shootdown") == "other"
    assert layer_of("something new") == "other"


def test_split_layers_puts_each_row_in_exactly_one_layer() -> None:
    events = [_event(c, [(13.0 + i / 10, 32.0)] if c not in ("movement", "front_line")
                     else [(13.0, 32.0), (14.0, 31.0)]) for i, c in enumerate(CATEGORIES)]
    frame = events_to_frame(events)
    layers = split_layers(frame)
    assert list(layers) == list(LAYER_NAMES)
    assert sum(len(f) for f in layers.values()) == len(frame)
    assert set(layers["strikes"]["category"]) == {"airstrike", "shelling", "explosion"}
    assert set(layers["ground"]["category"]) == {"clash", "territory"}
    assert set(layers["movements"]["category"]) == {"movement"}
    assert set(layers["front_lines"]["category"]) == {"front_line"}
    assert set(layers["other"]["category"]) == {"shootdown", "civilian_attack", "protest", "political"}
    # The index survives, so the map and the table can refer to the same row.
    assert sorted(i for f in layers.values() for i in f.index) == list(frame.index)


def test_split_layers_of_an_empty_frame() -> None:
    layers = split_layers(empty_frame())
    assert list(layers) == list(LAYER_NAMES)
    assert all(len(f) == 0 and isinstance(f, gpd.GeoDataFrame) for f in layers.values())


def test_split_layers_needs_a_category_column() -> None:
    with pytest.raises(ValueError, match="category"):
        split_layers(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs="EPSG:4326"))


def test_concat_layers_round_trip() -> None:
    frame = events_to_frame([_event("airstrike", [(13.1, 32.8)]), _event("clash", [(13.2, 32.7)])])
    again = concat_layers(split_layers(frame))
    assert sorted(again.index) == sorted(frame.index)
    assert again.crs is not None and again.crs.to_epsg() == 4326
    assert len(concat_layers(split_layers(empty_frame()))) == 0
