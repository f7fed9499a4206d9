"""Exports: RFC 7946 GeoJSON, GeoPackage, ACLED-column CSV, safe file names, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pyogrio
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.model import Event
from geo.outputs.export import (
    ACLED_COLUMNS,
    acled_csv_bytes,
    geojson_bytes,
    gpkg_bytes,
    safe_export_name,
    write_acled_csv,
    write_geojson,
    write_gpkg,
    write_layers_geojson,
)
from geo.outputs.layers import LAYER_NAMES, events_to_frame, split_layers
from tests.paths import tree, written_outside

MISRATA = (15.0906, 32.3746)
ABU_GREIN = (15.2550, 31.4497)


def _events() -> list[Event]:
    return [
        Event("airstrike", [(13.2879, 32.8918)], date(2019, 4, 8), ["s-004"], "A jet struck Mitiga.",
              actor1="LNA", actor2="GNA", place_name="Mitiga", fatalities=None, source="sample",
              url="https://example.org/s-004", event_id="ev-1", district="ly-district-tripoli"),
        Event("shelling", [(13.1712, 32.8496)], date(2019, 4, 16), ["s-006"],
              "سقطت صواريخ على أبو سليم", language="ar", fatalities=6, place_name="أبو سليم", event_id="ev-2"),
        Event("movement", [MISRATA, ABU_GREIN], date(2020, 7, 26), ["s-045"], "=HYPERLINK(\"x\")",
              actor1="GNA", origin_name="Misrata", place_name="Abu Grein", event_id="ev-3"),
        Event("front_line", [(15.85, 31.04), (15.99, 31.61)], date(2020, 7, 15), ["s-043"],
              "The front line now runs between Abu Grein and Sirte.", event_id="ev-4"),
        Event("political", [], date(2020, 1, 19), ["s-024"], "Berlin conference.", event_id="ev-5"),
    ]


@pytest.fixture
def frame() -> Any:
    return events_to_frame(_events())


def _strict_json(data: bytes | str) -> Any:
    def no_constant(name: str) -> None:
        raise AssertionError(f"non-standard JSON constant {name}")

    return json.loads(data, parse_constant=no_constant)


def _check_position(pos: list[float]) -> None:
    assert isinstance(pos, list) and len(pos) == 2
    lon, lat = pos
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    # Libya: a swapped pair would put latitude ~13 and longitude ~32 (in Ethiopia/Sudan).
    assert 9 <= lon <= 26 and 19 <= lat <= 34, pos


def _check_feature_collection(doc: dict[str, Any]) -> None:
    assert doc["type"] == "FeatureCollection"
    assert "crs" not in doc  # RFC 7946 removed the crs member
    for feat in doc["features"]:
        assert feat["type"] == "Feature"
        assert isinstance(feat["properties"], dict)
        geom = feat["geometry"]
        if geom is None:
            continue
        assert geom["type"] in ("Point", "LineString")
        if geom["type"] == "Point":
            _check_position(geom["coordinates"])
        else:
            assert len(geom["coordinates"]) >= 2
            for pos in geom["coordinates"]:
                _check_position(pos)


def test_write_geojson_is_rfc7946(frame: Any, tmp_path: Path) -> None:
    path = write_geojson(frame, tmp_path / "events.geojson")
    doc = _strict_json(path.read_bytes())
    _check_feature_collection(doc)
    assert len(doc["features"]) == len(frame)
    first = doc["features"][0]
    assert first["geometry"]["coordinates"] == [13.2879, 32.8918]  # [lon, lat]
    assert first["properties"]["event_date"] == "2019-04-08"
    assert first["properties"]["article_ids"] == ["s-004"]
    assert first["properties"]["fatalities"] is None  # NaN/NA become null, not NaN
    movement = doc["features"][2]
    assert movement["geometry"]["coordinates"][0] == list(MISRATA)
    assert movement["geometry"]["coordinates"][-1] == list(ABU_GREIN)  # destination last
    assert doc["features"][4]["geometry"] is None  # no coordinates: null geometry


def test_geojson_keeps_arabic_readable(frame: Any) -> None:
    text = geojson_bytes(frame).decode("utf-8")
    assert "أبو سليم" in text


def test_geojson_from_another_crs_is_reprojected(frame: Any) -> None:
    doc = _strict_json(geojson_bytes(frame.to_crs("EPSG:3857")))
    assert doc["features"][0]["geometry"]["coordinates"] == pytest.approx([13.2879, 32.8918], abs=1e-6)


def test_write_layers_geojson(frame: Any, tmp_path: Path) -> None:
    layers = split_layers(frame)
    paths = write_layers_geojson(layers, tmp_path)
    assert set(paths) == {*LAYER_NAMES, "all"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.geojson" for n in paths)
    total = 0
    for name in LAYER_NAMES:
        doc = _strict_json(paths[name].read_bytes())
        _check_feature_collection(doc)
        assert len(doc["features"]) == len(layers[name])
        total += len(doc["features"])
    assert len(_strict_json(paths["all"].read_bytes())["features"]) == total == len(frame)


def test_layer_names_cannot_escape_the_folder(frame: Any, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"  # deep enough that "../../" still lands under tmp_path
    out.parent.mkdir(parents=True)
    before = tree(tmp_path)
    paths = write_layers_geojson({"../../evil": frame}, out)
    assert len(paths) == 2 and all(p.parent == out and p.is_file() for p in paths.values())
    assert written_outside(out, tmp_path, before) == []


def test_write_gpkg_has_one_layer_per_map_layer(frame: Any, tmp_path: Path) -> None:
    layers = split_layers(frame)
    path = write_gpkg(layers, tmp_path / "events.gpkg")
    listed = {name: gtype for name, gtype in pyogrio.list_layers(path)}
    assert set(listed) == set(LAYER_NAMES)
    assert listed["movements"] == "LineString"
    strikes = pyogrio.read_dataframe(path, layer="strikes")
    assert len(strikes) == len(layers["strikes"])
    assert strikes.crs.to_epsg() == 4326
    assert json.loads(strikes["article_ids"].iloc[0]) == ["s-004"]
    assert (strikes.geometry.iloc[0].x, strikes.geometry.iloc[0].y) == (13.2879, 32.8918)
    assert len(pyogrio.read_dataframe(path, layer="ground")) == 0  # empty layers still exist


def test_gpkg_bytes_is_a_geopackage(frame: Any, tmp_path: Path) -> None:
    data = gpkg_bytes(split_layers(frame))
    assert data[:16] == b"SQLite format 3\x00"
    path = tmp_path / "x.gpkg"
    path.write_bytes(data)
    assert len(pyogrio.list_layers(path)) == len(LAYER_NAMES)


def _acled_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_acled_csv_columns_and_values(frame: Any, tmp_path: Path) -> None:
    path = write_acled_csv(frame, tmp_path / "acled.csv", timestamp=1_600_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == (*ACLED_COLUMNS, "reviewed")
        rows = list(reader)
    # The front line is a map layer, not an ACLED event.
    assert [r["event_id_cnty"] for r in rows] == ["ev-1", "ev-2", "ev-3", "ev-5"]
    strike = rows[0]
    assert strike["event_date"] == "2019-04-08" and strike["year"] == "2019"
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Air/drone strike"
    assert strike["disorder_type"] == "Political violence"
    assert (strike["latitude"], strike["longitude"]) == ("32.8918", "13.2879")
    assert strike["country"] == "Libya" and strike["iso"] == "434"
    assert strike["admin1"] == "Tripoli"  # ACLED's name of the district, not our id
    assert strike["fatalities"] == "0"  # ACLED writes 0 when none are reported
    assert strike["timestamp"] == "1600000000"
    # LNA against GNA: both state forces in ACLED's actor types
    assert (strike["inter1"], strike["inter2"], strike["interaction"]) == ("1", "1", "11")
    assert (rows[1]["inter1"], rows[1]["interaction"]) == ("", "")  # no actor named
    assert rows[1]["fatalities"] == "6" and rows[1]["location"] == "أبو سليم"
    movement = rows[2]
    assert (movement["latitude"], movement["longitude"]) == ("31.4497", "15.255")  # the destination
    assert (movement["inter1"], movement["inter2"], movement["interaction"]) == ("1", "", "10")
    assert movement["notes"].startswith("'=")  # no formula runs when opened in a spreadsheet
    assert rows[3]["latitude"] == "" and rows[3]["longitude"] == ""


def test_acled_csv_keeps_existing_acled_types(frame: Any) -> None:
    frame.loc[0, "event_type"] = "Battles"
    frame.loc[0, "sub_event_type"] = "Armed clash"
    row = _acled_rows(acled_csv_bytes(frame))[0]
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Battles", "Armed clash", "Political violence")


def test_writes_are_atomic(frame: Any, tmp_path: Path) -> None:
    target = tmp_path / "events.geojson"
    target.write_text("previous", encoding="utf-8")
    write_geojson(frame, target)
    assert _strict_json(target.read_bytes())["type"] == "FeatureCollection"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]  # no temp file left behind

    # A destination that cannot be replaced (a folder): the write fails and leaves nothing behind.
    blocked = tmp_path / "blocked.geojson"
    blocked.mkdir()
    (blocked / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        write_geojson(frame, blocked)
    with pytest.raises(OSError):
        write_gpkg(split_layers(frame), blocked)
    assert (blocked / "keep").read_text(encoding="utf-8") == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocked.geojson", "events.geojson"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/passwd", "passwd"),
        ("..", "export"),
        ("", "export"),
        ("C:\\Windows\\System32\\evil.geojson", "evil.geojson"),
        ("\\\\server\\share\\x.csv", "x.csv"),
        ("a\x00b.geojson", "ab.geojson"),
        ("events<>:\"|?*.csv", "events_______.csv"),
        ("..\\..\\boot.ini", "boot.ini"),
        (".hidden", "hidden"),
        ("trailing. . ", "trailing"),
        ("CON.geojson", "_CON.geojson"),
        ("nul", "_nul"),
        ("خريطة طرابلس 2020.geojson", "خريطة طرابلس 2020.geojson"),
        ("e\u0301vénement.csv", "évènement.csv".replace("è", "é")),  # NFC
        ("a..b.csv", "a.b.csv"),
    ],
)
def test_safe_export_name(raw: str, expected: str) -> None:
    assert safe_export_name(raw) == expected


def test_safe_export_name_limits_length_and_keeps_extension() -> None:
    name = safe_export_name("ط" * 500 + ".geojson")
    assert name.endswith(".geojson")
    assert len(name.encode("utf-8")) <= 120


@given(st.text(max_size=300))
def test_safe_export_name_never_leaves_the_folder(raw: str) -> None:
    name = safe_export_name(raw)
    assert name and name not in (".", "..")
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert len(name.encode("utf-8")) <= 120
    folder = Path("/srv/exports")
    assert Path(os.path.normpath(folder / name)).parent == folder
